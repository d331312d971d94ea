"""Checks for the exercises on momentum: the update, the iteration matrix, the optimal tuning,
and a Nesterov step with a planted bug."""

from __future__ import annotations

import numpy as np

from .. import momentum
from .compare import CheckFailed, _call_learner, _expect_function, _wrapper, compare


def _pair(learner, name):
    @_wrapper
    def flat(*args):
        out = _call_learner(name, learner, args)
        if out is None:
            return None
        if not (isinstance(out, tuple) and len(out) == 2):
            raise CheckFailed(f"{name} must return a pair; got {type(out).__name__}")
        return np.stack([np.asarray(v, dtype=float) for v in out])

    return flat


def _batch(r):
    B, d = int(r.integers(1, 6)), int(r.integers(1, 5))
    theta, v, g = r.normal(size=(B, d)), r.normal(size=(B, d)), r.normal(size=(B, d))
    return theta, v, g, r.uniform(0.01, 1.0, size=(B, 1)), r.uniform(0.0, 0.99, size=(B, 1))


def momentum_update(learner, rng=None) -> None:
    """Check ``learner(theta, v, g, lr, alpha) -> (theta_new, v_new)`` against algorithm 8.2 for a batch.

    ``theta``, ``v``, ``g`` ``(B, d)``; ``lr``, ``alpha`` ``(B, 1)``: v ← αv − εg, θ ← θ + v.
    """

    def reference(theta, v, g, lr, alpha):
        v_new = alpha * v - lr * g
        return np.stack([theta + v_new, v_new])

    _expect_function("momentum_update", learner)
    compare(
        _pair(learner, "momentum_update"),
        reference,
        _batch,
        name="momentum_update",
        rng=rng,
        hint="first the velocity, v_new = alpha * v - lr * g, then the step with the *new* velocity, "
        "theta + v_new; return (theta_new, v_new). The (B, 1) arrays broadcast over the d columns.",
    )


def iteration_matrix(learner, rng=None) -> None:
    """Check ``learner(lr, alpha, lam) -> M`` ``(..., 2, 2)`` (heavy ball, state (error, velocity)) on arrays."""

    def draw(r):
        shape = (int(r.integers(1, 5)),)
        return r.uniform(0.01, 2, shape), r.uniform(0, 0.99, shape), r.uniform(0.1, 3, shape)

    compare(
        learner,
        momentum.iteration_matrix,
        draw,
        name="iteration_matrix",
        rng=rng,
        hint="v_new = alpha v - lr lam x and x_new = x + v_new = (1 - lr lam) x + alpha v: rows "
        "[[1 - lr lam, alpha], [-lr lam, alpha]]; build them with np.stack(..., axis=-1) twice so the "
        "result is (..., 2, 2).",
    )


def spectral_radius(learner, rng=None) -> None:
    """Check ``learner(lr, alpha, lam) -> rho`` (heavy ball) on arrays, in every regime, without ``eig``."""

    def draw(r):
        n = int(r.integers(3, 9))
        return r.uniform(0.01, 4.5, n), r.uniform(0, 0.99, n), r.uniform(0.2, 2, n)

    compare(
        learner,
        momentum.spectral_radius,
        draw,
        name="spectral_radius",
        rng=rng,
        rtol=1e-7,
        atol=1e-9,
        hint="t = 1 + alpha - lr lam, d = alpha; disc = t**2/4 - d. Real eigenvalues (disc >= 0): "
        "|t|/2 + sqrt(disc); complex (disc < 0): sqrt(d). np.where picks per element (take the sqrt of "
        "np.maximum(disc, 0) so no warning is raised).",
    )


def optimal_momentum(learner, rng=None) -> None:
    """Check ``learner(lam_min, lam_max) -> (lr, alpha)``, Polyak's optimal heavy ball, on arrays."""

    def draw(r):
        n = int(r.integers(1, 6))
        lo = 10.0 ** r.uniform(-3, 0, n)
        return lo, lo * 10.0 ** r.uniform(0, 4, n)

    def reference(lo, hi):
        t = momentum.optimal_heavy_ball(lo, hi)
        return np.stack([t.lr, t.alpha])

    _expect_function("optimal_momentum", learner)
    compare(
        _pair(learner, "optimal_momentum"),
        reference,
        draw,
        name="optimal_momentum",
        rng=rng,
        hint="lr = (2 / (sqrt(lam_min) + sqrt(lam_max)))**2 and alpha = ((sqrt(kappa) - 1) / (sqrt(kappa) + 1))**2 "
        "with kappa = lam_max / lam_min.",
    )


def _nesterov_reference(theta, v, grad, lr, alpha):
    g = grad(theta + alpha * v)
    v_new = alpha * v - lr * g
    return np.stack([theta + v_new, v_new])


def _nesterov_planted_bug(theta, v, grad, lr, alpha):
    g = grad(theta)  # the planted bug: the gradient at θ, not at the interim point θ + αv
    v_new = alpha * v - lr * g
    return np.stack([theta + v_new, v_new])


class _Quadratic:
    """grad(x) = A x for a random symmetric positive definite A, shown by its matrix in messages."""

    def __init__(self, r, d):
        Q = np.linalg.qr(r.normal(size=(d, d)))[0]
        self.A = (Q * r.uniform(0.2, 3.0, d)) @ Q.T

    def __call__(self, x):
        return x @ self.A

    def __repr__(self):
        return f"grad(x) = x @ A, A = {np.array2string(self.A, precision=3)}"


def nesterov_step(learner, rng=None) -> None:
    """Check ``learner(theta, v, grad, lr, alpha) -> (theta_new, v_new)`` against algorithm 8.3.

    First it tells you whether the planted bug is still there (the gradient taken at θ
    instead of the interim point θ + αv), then it compares with the reference.
    """
    _expect_function("nesterov_step", learner)
    probe = np.random.default_rng(0)
    theta, v, _, lr, alpha = _batch(probe)
    grad = _Quadratic(probe, theta.shape[1])
    got = _call_learner(
        "nesterov_step",
        _pair(learner, "nesterov_step"),
        (theta, v, grad, lr, alpha),
        ("theta", "v", "grad", "lr", "alpha"),
    )
    if (
        got is not None
        and np.shape(got) == (2, *np.shape(theta))
        and np.allclose(got, _nesterov_planted_bug(theta, v, grad, lr, alpha))
        and not np.allclose(got, _nesterov_reference(theta, v, grad, lr, alpha))
    ):
        raise CheckFailed(
            "nesterov_step still has the planted bug: it evaluates the gradient at theta, which makes it the heavy "
            "ball (algorithm 8.2). Nesterov evaluates it after applying the velocity, at theta + alpha * v."
        )

    def draw(r):
        theta, v, _, lr, alpha = _batch(r)
        return theta, v, _Quadratic(r, theta.shape[1]), lr, alpha

    compare(
        _pair(learner, "nesterov_step"),
        _nesterov_reference,
        draw,
        name="nesterov_step",
        rng=rng,
        hint="interim = theta + alpha * v; g = grad(interim); v_new = alpha * v - lr * g; theta_new = theta + v_new.",
    )
