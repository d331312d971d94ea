"""Checks for the exercises on the Hessian, eigenpairs and the Taylor model."""

from __future__ import annotations

import numpy as np

from .. import curvature, linalg, taylor
from .compare import compare


def eigenpairs(learner, rng=None) -> None:
    """Check ``learner(A) -> (lam, U)`` for a batch of real 2x2 matrices ``(n, 2, 2)`` with real eigenvalues.

    ``lam`` ``(n, 2)`` sorted descending; ``U`` ``(n, 2, 2)`` with unit eigenvectors as columns.
    Eigenvectors are compared up to sign (each of the learner's columns is flipped to point like the
    reference's before comparing, so no sign convention can decide the result).
    Every drawn matrix has ``A[:, 0, 1] != 0``, so u = (A[0, 1], lambda - A[0, 0]) is never zero.
    """

    def draw(r):
        n = int(r.integers(3, 9))
        lam = np.sort(r.uniform(-3, 3, size=(n, 2)), axis=-1)[:, ::-1] + [[0.5, 0.0]]  # distinct
        V = r.normal(size=(n, 2, 2))
        V[np.abs(np.linalg.det(V)) < 0.2] = [[1.0, 1.0], [0.0, 1.0]]  # keep V well conditioned
        A = V @ (lam[:, :, None] * np.linalg.inv(V))  # A = V diag(lam) V^-1: real eigenvalues, not symmetric
        A[np.abs(A[:, 0, 1]) < 0.1] = [[2.0, 3.0], [2.0, 1.0]]  # promise A[0, 1] != 0, as the exercise says
        return (A,)

    def align(got, expected):
        """Eigenvectors are defined up to sign: flip each of the learner's columns to point like the reference's."""
        lam, U = got
        U = np.asarray(U, dtype=float)
        if U.shape != np.shape(expected[1]):
            return [lam, U]
        sign = np.sign(np.sum(U * expected[1], axis=-2, keepdims=True))
        return [lam, U * np.where(sign == 0, 1.0, sign)]

    def diagnose(got, expected, args):
        lam, U = got
        U = np.asarray(U, dtype=float)
        if U.shape == np.shape(expected[1]):
            rows = np.swapaxes(U, -1, -2)
            sign = np.sign(np.sum(rows * expected[1], axis=-2, keepdims=True))
            if np.allclose(rows * np.where(sign == 0, 1.0, sign), expected[1], rtol=1e-7, atol=1e-9):
                return "your eigenvectors are the rows of U; the exercise asks for columns (U[:, :, i] is u_i)."
        if np.shape(lam) == np.shape(expected[0]) and np.allclose(np.asarray(lam)[:, ::-1], expected[0]):
            return "your eigenvalues are in increasing order; the exercise asks for the largest first."
        return None

    compare(
        learner,
        linalg.eigenpairs,
        draw,
        name="eigenpairs",
        outputs=("lam", "U"),
        arg_names=("A",),
        rng=rng,
        rtol=1e-7,
        atol=1e-9,
        align=align,
        diagnose=diagnose,
        hint="the eigenvalues solve lambda^2 - trace(A) lambda + det(A) = 0 (largest first); for each, "
        "the first row of (A - lambda I) u = 0 gives u; divide it by its length. U holds u_1, u_2 as columns.",
    )


def directional_curvature(learner, rng=None) -> None:
    """Check ``learner(H, d) -> d^T H d`` for symmetric ``H`` ``(n, k, k)`` and unit directions ``d`` ``(n, k)``."""

    def draw(r):
        n, k = int(r.integers(2, 9)), int(r.integers(2, 5))
        A = r.normal(size=(n, k, k))
        d = r.normal(size=(n, k))
        return A + np.swapaxes(A, -1, -2), d / np.linalg.norm(d, axis=-1, keepdims=True)

    compare(
        learner,
        curvature.directional_curvature,
        draw,
        name="directional_curvature",
        outputs=("curvature",),
        arg_names=("H", "d"),
        rng=rng,
        hint="for each row n, the sum over i and j of d_i H_ij d_j; one number per row, no loop over n "
        "(check the shapes of the products you form).",
    )


def optimal_step(learner, rng=None) -> None:
    """Check ``learner(g, H) -> g^T g / g^T H g`` (``inf`` where g^T H g <= 0) for a batch ``(n, k)``, ``(n, k, k)``."""

    def draw(r):
        n, k = int(r.integers(4, 10)), int(r.integers(2, 4))
        A = r.normal(size=(n, k, k))
        H = A + np.swapaxes(A, -1, -2)  # indefinite ones included
        H[0] = A[0] @ A[0].T + np.eye(k)  # one positive definite
        H[1] = -(A[1] @ A[1].T) - np.eye(k)  # one negative definite: the answer is inf
        return r.normal(size=(n, k)), H

    compare(
        learner,
        taylor.optimal_step,
        draw,
        name="optimal_step",
        outputs=("eps_star",),
        arg_names=("g", "H"),
        rng=rng,
        hint="eps* = (g.g) / (g^T H g) where g^T H g > 0; where the curvature along g is zero or "
        "negative, the model falls forever along -g, so return np.inf (np.where helps).",
    )
