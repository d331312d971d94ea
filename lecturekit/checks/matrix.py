"""Checks for the exercises beyond the diagonal: one Newton-Schulz step, one Lion step, and the
L-BFGS two-loop recursion."""

from __future__ import annotations

import numpy as np

from ..optim.quasi_newton import _two_loop
from .compare import compare


def _ns_step(X, a, b, c):
    A = X @ np.swapaxes(X, -1, -2)
    return a * X + (b * A + c * (A @ A)) @ X


def _draw_ns(r):
    B, m = (int(v) for v in r.integers(1, 4, size=2))
    n = m + int(r.integers(0, 4))
    X = r.normal(size=(B, m, n))
    X /= np.linalg.norm(X, axis=(-2, -1), keepdims=True)
    return X, float(r.uniform(1, 4)), float(r.uniform(-5, -0.5)), float(r.uniform(0, 2.5))


def newton_schulz_step(learner, rng=None) -> None:
    """Check ``learner(X, a, b, c) -> X_next``: one Newton-Schulz step
    X ← aX + (bA + cA²)X with A = XXᵀ, for B matrices ``X`` ``(B, m, n)`` with m <= n."""

    def diagnose(got, expected, args):
        X, a, b, c = args
        without_c = a * X + b * (X @ np.swapaxes(X, -1, -2)) @ X
        if np.shape(got[0]) == X.shape and np.allclose(got[0], without_c, rtol=1e-9):
            return "the quintic term c A² X is missing."
        return None

    compare(
        learner,
        _ns_step,
        _draw_ns,
        name="newton_schulz_step",
        arg_names=("X", "a", "b", "c"),
        rng=rng,
        hint="A = X Xᵀ is m × m (transpose the last two axes: np.swapaxes(X, -1, -2)); multiply the "
        "polynomial b A + c A A by X from the left, and add a X.",
        diagnose=diagnose,
    )


def _lion_step(g, m, theta, lr, beta1, beta2, weight_decay):
    c = beta1 * m + (1 - beta1) * g
    step = -lr * (np.sign(c) + weight_decay * theta)
    return step, beta2 * m + (1 - beta2) * g


def _draw_lion(r):
    B, d = (int(v) for v in r.integers(1, 5, size=2))
    return (
        r.normal(size=(B, d)),
        r.normal(size=(B, d)),
        r.normal(size=(B, d)),
        float(10.0 ** r.uniform(-4, -2)),
        float(r.uniform(0.5, 0.95)),
        float(r.uniform(0.96, 0.999)),
        float(r.uniform(0.05, 1.0)),
    )


def lion_step(learner, rng=None) -> None:
    """Check ``learner(g, m, theta, lr, beta1, beta2, weight_decay) -> (step, m_new)``: one Lion
    update (Chen et al. 2023, alg. 2) for a batch ``(B, d)``, the step to add to θ."""
    compare(
        learner,
        _lion_step,
        _draw_lion,
        name="lion_step",
        outputs=("step", "m"),
        arg_names=("g", "m", "theta", "lr", "beta1", "beta2", "weight_decay"),
        rng=rng,
        hint="interpolate with β1 for the sign, c = β1 m + (1 − β1) g; the step is −η (sign(c) + λθ); "
        "only then update the momentum, with β2.",
    )


def _direction(g, S, Y):
    rho = 1.0 / np.einsum("bmd,bmd->bm", S, Y)
    s, y = S[:, -1], Y[:, -1]
    gamma = np.einsum("bd,bd->b", s, y) / np.einsum("bd,bd->b", y, y)
    return _two_loop(g, S, Y, rho, gamma)


def _draw_pairs(r):
    B, m = (int(v) for v in r.integers(1, 4, size=2))
    d = m + int(r.integers(1, 5))
    M = r.normal(size=(B, d, d))
    H = M @ np.swapaxes(M, -1, -2) + 0.5 * np.eye(d)  # positive definite: every pair has sᵀy > 0
    S = r.normal(size=(B, m, d))
    Y = S @ H  # y = H s (H symmetric)
    return r.normal(size=(B, d)), S, Y


def two_loop_direction(learner, rng=None) -> None:
    """Check ``learner(g, S, Y) -> p``: the L-BFGS direction p = −H g by the two-loop recursion
    over the m pairs in ``S``, ``Y`` ``(B, m, d)`` (newest last), with H⁰ = γI,
    γ = sᵀy / yᵀy of the newest pair, for gradients ``g`` ``(B, d)``."""
    compare(
        learner,
        _direction,
        _draw_pairs,
        name="two_loop_direction",
        arg_names=("g", "S", "Y"),
        rng=rng,
        hint="first loop from the newest pair (index m−1) back to the oldest, storing a_i = ρ_i s_iᵀq; "
        "then r = γq and the second loop from the oldest to the newest; return −r. ρ_i = 1/(s_iᵀy_i).",
    )
