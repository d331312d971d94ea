"""Checks for the exercises on adaptive learning rates (AdaGrad, Adam)."""

from __future__ import annotations

import numpy as np

from .. import validate
from .compare import CheckFailed, _call_learner, _expect_function, _wrapper, compare


def _adagrad_rates(G, lr, delta):
    return lr / (delta + np.sqrt(np.cumsum(G * G, axis=0)))


def adagrad_rates(learner, rng=None) -> None:
    """Check ``learner(G, lr, delta) -> rates``: AdaGrad's effective rate ε/(δ + √r_t) per step and
    coordinate, with r_t the running sum of squared gradients, for gradients ``G`` ``(T, B, d)``."""

    def draw(r):
        T, B, d = (int(v) for v in r.integers(2, 7, size=3))
        G = r.normal(size=(T, B, d)) * 10.0 ** r.uniform(-2, 2, size=d)
        return G, float(r.uniform(0.01, 1.0)), float(10.0 ** r.uniform(-8, -1))

    compare(
        learner,
        _adagrad_rates,
        draw,
        name="adagrad_rates",
        rng=rng,
        hint="r_t adds g_t² to everything seen before (a running sum over the time axis, axis=0), and "
        "δ is added after the square root.",
    )


def _adam_step(g, s, r, t, lr, rho1, rho2, delta):
    s = rho1 * s + (1 - rho1) * g
    r = rho2 * r + (1 - rho2) * g * g
    s_hat = s / (1 - rho1**t)
    r_hat = r / (1 - rho2**t)
    return -lr * s_hat / (np.sqrt(r_hat) + delta), s, r


def _draw_adam(r):
    B, d = (int(v) for v in r.integers(1, 5, size=2))
    t = int(r.integers(1, 30))
    return (
        r.normal(size=(B, d)),
        0.1 * r.normal(size=(B, d)),
        r.uniform(0.0, 0.2, size=(B, d)),
        t,
        float(r.uniform(1e-3, 0.1)),
        float(r.uniform(0.5, 0.95)),
        float(r.uniform(0.9, 0.999)),
        float(10.0 ** r.uniform(-8, -1)),
    )


def _stacked(fn, name: str | None = None):
    """``fn``'s (step, s, r) as one stacked array; with a ``name``, ``fn`` is the learner of that name
    (called through `_call_learner`), without one the check's own reference."""

    @_wrapper
    def call(*args):
        out = fn(*args) if name is None else _call_learner(name, fn, args)
        if out is None:
            return None
        if not (isinstance(out, tuple) and len(out) == 3):
            raise CheckFailed(f"{name or 'the reference'} must return three arrays: (step, s, r)")
        return np.stack([np.asarray(v, dtype=float) for v in out])

    return call


def adam_step(learner, rng=None) -> None:
    """Check ``learner(g, s, r, t, lr, rho1, rho2, delta) -> (step, s, r)``: one Adam update
    (Goodfellow et al., alg. 8.7) for a batch ``(B, d)``, t the number of this update (1 first)."""
    _expect_function("adam_step", learner)
    compare(
        _stacked(learner, "adam_step"),
        _stacked(_adam_step),
        _draw_adam,
        name="adam_step",
        rng=rng,
        hint="update both moving averages first, divide each by one minus its decay rate to the power t, "
        "and keep δ outside the square root.",
    )


def fixed_adam(learner, rng=None) -> None:
    """Check the repaired Adam step of the planted-bug exercise (same signature as `adam_step`),
    and say which known bug is still there if it does not match."""
    _expect_function("fixed_adam", learner)
    r = validate.optional_generator("rng", rng)
    args = _draw_adam(r)
    args = args[:3] + (1,) + args[4:7] + (1e-2,)  # t = 1 and a visible δ: both bugs show at once
    out = _call_learner("fixed_adam", learner, args, ("g", "s", "r", "t", "lr", "rho1", "rho2", "delta"))
    if out is None:
        raise CheckFailed("fixed_adam returned None: return (step, s, r).")
    try:
        got = np.asarray(out[0], dtype=float)
    except (TypeError, ValueError, IndexError, KeyError):
        raise CheckFailed(f"fixed_adam returned {type(out).__name__}; return three arrays: (step, s, r).") from None
    g, s, rr, t, lr, rho1, rho2, delta = args
    s1, r1 = rho1 * s + (1 - rho1) * g, rho2 * rr + (1 - rho2) * g * g
    suspects = {
        "both bugs are still there: the bias correction is missing and δ is inside the square root "
        "(this is the colleague's code as it was)": -lr * s1 / np.sqrt(r1 + delta),
        "the bias correction is still missing (s and r are used as they are)": -lr * s1 / (np.sqrt(r1) + delta),
        "δ is still inside the square root": -lr * (s1 / (1 - rho1)) / np.sqrt(r1 / (1 - rho2) + delta),
    }
    for what, wrong in suspects.items():
        if got.shape == wrong.shape and np.allclose(got, wrong, rtol=1e-9, atol=1e-12):
            raise CheckFailed(f"fixed_adam: not fixed yet: {what}.")
    compare(
        _stacked(learner, "fixed_adam"),
        _stacked(_adam_step),
        _draw_adam,
        name="fixed_adam",
        rng=r,
        hint="compare each line with the update in section 6: both moments, both corrections, and where δ goes.",
    )
