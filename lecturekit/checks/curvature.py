"""Checks for the exercises on the Hessian, eigenpairs and the Taylor model."""

from __future__ import annotations

import warnings

import numpy as np

from .. import curvature, finite_diff, linalg, taylor
from .compare import CheckFailed, _call_learner, _expect_function, _wrapper, compare


def _rows_up_to_sign(U, expected) -> bool:
    """True if the rows of ``U`` ``(n, 2, 2)`` are the columns of ``expected``, each up to its own sign."""
    rows = np.swapaxes(U, -1, -2)  # column i of rows is row i of U
    sign = np.sign(np.sum(rows * expected, axis=-2, keepdims=True))
    return bool(np.allclose(rows * np.where(sign == 0, 1.0, sign), expected, rtol=1e-7, atol=1e-9))


def eigenpairs(learner, rng=None) -> None:
    """Check ``learner(A) -> (lam, U)`` for a batch of real 2x2 matrices ``(n, 2, 2)`` with real eigenvalues.

    ``lam`` ``(n, 2)`` sorted descending; ``U`` ``(n, 2, 2)`` with unit eigenvectors as columns.
    Eigenvectors are compared up to sign (each of the learner's columns is flipped to point like the
    reference's before comparing, so no sign convention can decide the result). A learner who returns
    the eigenvectors as rows is told so, whatever the sign of each row: that diagnosis reads the U the
    learner returned, not the column-aligned one.
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

    raw = {}  # the learner's U as returned: `compare` hands `diagnose` the aligned one

    def align(got, expected):
        """Eigenvectors are defined up to sign: flip each of the learner's columns to point like the reference's."""
        lam, U = got
        U = np.asarray(U, dtype=float)
        raw["U"] = U
        if U.shape != np.shape(expected[1]):
            return [lam, U]
        sign = np.sign(np.sum(U * expected[1], axis=-2, keepdims=True))
        return [lam, U * np.where(sign == 0, 1.0, sign)]

    def diagnose(got, expected, args):
        lam, _ = got
        U = raw.get("U")
        if U is not None and U.shape == np.shape(expected[1]) and _rows_up_to_sign(U, expected[1]):
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
    """Check ``learner(g, H) -> g^T g / g^T H g`` (``inf`` where g^T H g <= 0) for a batch ``(n, k)``, ``(n, k, k)``.

    Every draw holds a row with exactly zero curvature along g (H = diag(0, 1, ...), g along e_1: the
    middle panel of the chapter's three cases), and the learner's function must not warn: a division
    by that zero (``np.where(gHg > 0, gg / gHg, np.inf)`` divides on every row) is refused once the
    values are right (a wrong value is reported first).
    """

    def draw(r):
        n, k = int(r.integers(4, 10)), int(r.integers(2, 4))
        A = r.normal(size=(n, k, k))
        H = A + np.swapaxes(A, -1, -2)  # indefinite ones included
        H[0] = A[0] @ A[0].T + np.eye(k)  # one positive definite
        H[1] = -(A[1] @ A[1].T) - np.eye(k)  # one negative definite: the answer is inf
        H[2] = np.diag(np.r_[0.0, np.ones(k - 1)])  # zero curvature along g = (c, 0, ...): inf
        g = r.normal(size=(n, k))
        g[2, 1:] = 0.0
        return g, H

    @_wrapper
    def without_warnings(g, H):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", RuntimeWarning)
            out = _call_learner("optimal_step", learner, (g, H), ("g", "H"))
        runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        for w in caught:
            if w not in runtime:  # not ours to judge: shown as they would have been
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        try:  # a wrong value is the first thing to fix: `compare` reports it with its row
            right = np.allclose(np.asarray(out, dtype=float), taylor.optimal_step(g, H), rtol=1e-9, atol=1e-12)
        except (TypeError, ValueError):
            right = False
        if runtime and right:
            raise CheckFailed(
                f"optimal_step: your function warned: {str(runtime[0].message)!r}. Row 2 of the input has "
                "g^T H g = 0 exactly (zero curvature along g; the answer there is np.inf), and the exercise asks "
                "for no warnings.\nHint: np.where computes both of its branches on every row, so a division "
                "inside it still divides by the zero; make the denominator safe before dividing."
            )
        return out

    _expect_function("optimal_step", learner)
    compare(
        without_warnings,
        taylor.optimal_step,
        draw,
        name="optimal_step",
        outputs=("eps_star",),
        arg_names=("g", "H"),
        rng=rng,
        hint="eps* = (g.g) / (g^T H g) where g^T H g > 0; where the curvature along g is zero or "
        "negative, the model falls forever along -g, so return np.inf (np.where helps).",
    )


def hessian_fd(learner, rng=None) -> None:
    """Check ``learner(grad, x, h) -> H`` ``(n, k, k)``: row i is ``(grad(x + h e_i) - grad(x - h e_i)) / 2h``.

    The gradients are those of random quadratics plus a quartic term (so the Hessian varies
    with x); the comparison allows for round-off in the differences (rtol 1e-6), and a wrong step
    (h = 0.01: an h^2 error of about 1e-4) is shown with the digits that differ. The gradient
    refuses a call with fewer than the n points: the exercise asks for one batch.
    """

    def draw(r):
        n, k = int(r.integers(2, 7)), int(r.integers(2, 5))
        A = r.normal(size=(k, k))
        S, c = A + A.T, r.normal(size=k)

        def grad(x):  # the gradient of 1/2 x^T S x + sum_j c_j x_j^4 / 4
            if np.size(x) // k < n:  # a loop over the points: the exercise asks for one batch
                raise CheckFailed(
                    f"hessian_fd: grad was called with {np.size(x) // k} point(s) of the {n}; the exercise asks "
                    "for all the points in one call per coordinate: grad(x + h * e_i) with x of shape (n, k).\n"
                    "Hint: move the whole batch at once (x + h * np.eye(k)[i] broadcasts over the rows of x)."
                )
            return x @ S + c * x**3

        return grad, r.normal(size=(n, k)), 1e-5

    compare(
        learner,
        finite_diff.hessian,
        draw,
        name="hessian_fd",
        outputs=("H",),
        arg_names=("grad", "x", "h"),
        rng=rng,
        rtol=1e-6,
        atol=1e-6,
        hint="for each coordinate i, move every point by +h and -h along e_i (np.eye(k)[i]), take the "
        "difference of the two gradients over 2h, and put the result in row i; stack the k rows on axis -2.",
    )


def from_eigen(learner, rng=None) -> None:
    """Check ``learner(lam, U) -> U diag(lam) U^T`` for eigenvalues ``(n, k)`` and orthogonal ``U`` ``(n, k, k)``."""

    def draw(r):
        n, k = int(r.integers(2, 7)), int(r.integers(2, 5))
        Q, _ = np.linalg.qr(r.normal(size=(n, k, k)))
        return r.normal(size=(n, k)), Q

    compare(
        learner,
        lambda lam, U: U @ (lam[:, :, None] * np.swapaxes(U, -1, -2)),
        draw,
        name="from_eigen",
        outputs=("H",),
        arg_names=("lam", "U"),
        rng=rng,
        rtol=1e-9,
        atol=1e-12,
        hint="H = U Λ U^T with the eigenvectors as the columns of U (not its rows); in a batch, a transpose "
        "must swap only the last two axes, and lam must broadcast against the axis it scales.",
    )


def is_psd(learner, rng=None) -> None:
    """Check ``learner(H) -> bool (n,)``: True where every eigenvalue of the symmetric ``H`` is >= -1e-10.

    The drawn matrices have eigenvalues that are either exactly 0 in exact arithmetic (round-off
    makes them about ±1e-15, inside the tolerance) or at least 0.1 away from 0, so no answer
    depends on where within the tolerance a rounded eigenvalue falls.
    """

    def draw(r):
        n, k = int(r.integers(6, 12)), int(r.integers(2, 5))
        Q, _ = np.linalg.qr(r.normal(size=(n, k, k)))
        lam = r.choice([-1.0, 1.0], size=(n, k)) * r.uniform(0.1, 3.0, size=(n, k))
        lam[0], lam[1] = np.abs(lam[0]), -np.abs(lam[1])  # one positive definite, one negative definite
        lam[2] = np.abs(lam[2])
        lam[2, 0] = 0.0  # positive semidefinite and singular: True
        lam[3] = np.abs(lam[3])
        lam[3, 0], lam[3, 1] = 0.0, -0.5  # singular and indefinite: False
        return (Q @ (lam[:, :, None] * np.swapaxes(Q, -1, -2)),)

    compare(
        learner,
        lambda H: np.all(np.linalg.eigvalsh(H) >= -1e-10, axis=-1),
        draw,
        name="is_psd",
        outputs=("psd",),
        arg_names=("H",),
        rng=rng,
        hint="H is positive semidefinite when every eigenvalue is >= 0 (the diagonal alone does not tell); "
        "a zero eigenvalue comes out of floating point as about ±1e-15, so compare with -1e-10, not 0.",
    )
