"""Checks for the exercises on the Hessian, eigenpairs and the Taylor model."""

from __future__ import annotations

import numpy as np

from .. import curvature, linalg, taylor
from .compare import compare


def eigenpairs(learner, rng=None) -> None:
    """Check ``learner(A) -> (lam, U)`` for a batch of real 2x2 matrices ``(n, 2, 2)`` with real eigenvalues.

    ``lam`` ``(n, 2)`` sorted descending; ``U`` ``(n, 2, 2)`` with unit eigenvectors as columns.
    Eigenvectors are compared up to sign (the check applies `linalg.eigenpairs`'s sign rule to both).
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

    def canonical(out):
        lam, U = (np.asarray(v, dtype=float) for v in out)
        if U.shape[-2:] != (2, 2):
            return np.concatenate([lam.ravel(), U.ravel()])
        last = np.where(np.abs(U[..., 1, :]) > 1e-9, U[..., 1, :], U[..., 0, :])  # the sign rule of linalg
        return np.concatenate([lam.ravel(), (U * np.sign(last)[..., None, :]).ravel()])

    def flat(A):
        out = learner(A)
        if out is None:
            return None
        if not (isinstance(out, tuple) and len(out) == 2):
            raise AssertionError("eigenpairs must return a pair (lam, U): eigenvalues and eigenvectors as columns")
        return canonical(out)

    compare(
        flat,
        lambda A: canonical(linalg.eigenpairs(A)),
        draw,
        name="eigenpairs",
        rng=rng,
        rtol=1e-7,
        atol=1e-9,
        hint="the eigenvalues solve lambda^2 - trace(A) lambda + det(A) = 0 (largest first); for each, "
        "(A - lambda I) u = 0 gives u = (A[0, 1], lambda - A[0, 0]) from its first row; divide by its length so that ||u|| = 1.",
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
        rng=rng,
        hint="for each row, sum over i and j of d_i H_ij d_j: e.g. np.einsum('ni,nij,nj->n', d, H, d). "
        "Multiplying H @ d needs d as a column (d[..., None]).",
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
        rng=rng,
        hint="eps* = (g.g) / (g^T H g) where g^T H g > 0; where the curvature along g is zero or "
        "negative, the model falls forever along -g, so return np.inf (np.where helps).",
    )
