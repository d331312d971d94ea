"""Tiny objectives written here, so the optimizer tests do not depend on `lecturekit.objectives`.

Imported by the other ``test_optim*`` / ``test_run*`` files; the tests in this file check
the helpers' own derivatives against finite differences.
"""

from __future__ import annotations

import numpy as np
import pytest

from lecturekit import finite_diff
from lecturekit.objectives import Objective


def quadratic(A, b=None) -> Objective:
    """f(x) = ½ xᵀAx − bᵀx (A symmetric), minimizer A⁻¹b."""
    A = np.asarray(A, dtype=float)
    d = A.shape[0]
    b = np.zeros(d) if b is None else np.asarray(b, dtype=float)
    return Objective(
        name="quadratic",
        dim=d,
        value_fn=lambda x: 0.5 * np.einsum("...i,ij,...j->...", x, A, x) - x @ b,
        grad_fn=lambda x: x @ A - b,
        hess_fn=lambda x: np.broadcast_to(A, x.shape + (d,)),
        minimizers=np.linalg.solve(A, b)[None, :],
        minimum=float(-0.5 * b @ np.linalg.solve(A, b)),
    )


def rosenbrock() -> Objective:
    """f(x, y) = (1 − x)² + 100 (y − x²)², minimizer (1, 1)."""

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    def grad(p):
        x, y = p[..., 0], p[..., 1]
        return np.stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], axis=-1)

    def hess(p):
        x, y = p[..., 0], p[..., 1]
        fxy = -400 * x
        return np.stack(
            [np.stack([2 - 400 * (y - x * x) + 800 * x * x, fxy], -1), np.stack([fxy, np.full_like(x, 200.0)], -1)], -2
        )

    return Objective("rosenbrock", 2, value, grad, hess, minimizers=np.array([[1.0, 1.0]]), minimum=0.0)


def rosenbrock_grad_scalar(x: list) -> list:
    """The Rosenbrock gradient in plain Python floats, for the algorithm-box transcriptions."""
    return [-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] * x[0]), 200 * (x[1] - x[0] * x[0])]


def rosenbrock_hess_scalar(x: list) -> list:
    return [[2 - 400 * (x[1] - x[0] * x[0]) + 800 * x[0] * x[0], -400 * x[0]], [-400 * x[0], 200.0]]


def random_spd(rng, d, low=0.5, high=2.0) -> np.ndarray:
    """A random symmetric positive definite matrix with eigenvalues in [low, high]."""
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    return (q * rng.uniform(low, high, d)) @ q.T


class LeastSquares:
    """A data-set objective, duck-typed: f(w) = (1/2n) Σ_i (a_iᵀw − y_i)², with minibatch gradients."""

    name = "least_squares"

    def __init__(self, a, y):
        self.a, self.y = np.asarray(a, float), np.asarray(y, float)
        self.n_examples, self.dim = self.a.shape
        self.minimizers = np.linalg.lstsq(self.a, self.y, rcond=None)[0][None, :]

    def value(self, w):
        return 0.5 * np.mean((w @ self.a.T - self.y) ** 2, axis=-1)

    def grad(self, w):
        return (w @ self.a.T - self.y) @ self.a / self.n_examples

    def minibatch_grad(self, w, idx):
        """Mean gradient over examples ``idx`` (B, m) for each row of ``w`` (B, d)."""
        a = self.a[idx]  # (B, m, d)
        residual = np.einsum("bmd,bd->bm", a, w) - self.y[idx]
        return np.einsum("bm,bmd->bd", residual, a) / idx.shape[1]


@pytest.mark.parametrize(
    "make", [lambda: quadratic(random_spd(np.random.default_rng(0), 3), [1.0, -2.0, 0.5]), rosenbrock]
)
def test_helper_derivatives_match_finite_differences(make):
    f = make()
    x = np.random.default_rng(1).uniform(-1.5, 1.5, (5, f.dim))
    np.testing.assert_allclose(f.grad(x), finite_diff.gradient(f.value, x), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(f.hess(x), finite_diff.hessian(f.grad, x), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(f.grad(f.minimizers), 0.0, atol=1e-12)


def test_scalar_rosenbrock_helpers_match_the_objective():
    x = np.random.default_rng(2).uniform(-2, 2, (4, 2))
    f = rosenbrock()
    np.testing.assert_allclose([rosenbrock_grad_scalar(list(p)) for p in x], f.grad(x), rtol=1e-14)
    np.testing.assert_allclose([rosenbrock_hess_scalar(list(p)) for p in x], f.hess(x), rtol=1e-14)


def test_least_squares_minibatch_of_everything_is_the_full_gradient():
    rng = np.random.default_rng(3)
    f = LeastSquares(rng.standard_normal((20, 3)), rng.standard_normal(20))
    w = rng.standard_normal((4, 3))
    idx = np.broadcast_to(np.arange(20), (4, 20))
    np.testing.assert_allclose(f.minibatch_grad(w, idx), f.grad(w), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(f.grad(w), finite_diff.gradient(f.value, w), rtol=1e-6, atol=1e-7)
