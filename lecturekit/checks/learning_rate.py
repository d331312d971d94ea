"""Checks for the exercises on setting the learning rate: the WSD schedule, the noise scale, the sharpness."""

from __future__ import annotations

import numpy as np

from .. import noise_scale, schedules
from .compare import compare


def wsd_rate(learner, rng=None) -> None:
    """Check ``learner(k, lr, steps, decay_steps)`` against `schedules.wsd` with the 1 − sqrt cool-down, no warm-up."""

    def draw(r):
        steps = int(r.integers(2, 400))
        decay = int(r.integers(1, steps + 1))
        k = np.sort(r.integers(0, steps + 20, size=12))
        return k, float(r.uniform(0.01, 2.0)), steps, decay

    def diagnose(got, expected, args):
        k, lr, steps, decay = args
        u = np.clip((k - (steps - decay)) / decay, 0.0, 1.0)
        if np.allclose(got[0], lr * (1 - u)):
            return "your cool-down is linear in u; this one falls like 1 - sqrt(u)."
        return None

    compare(
        learner,
        lambda k, lr, steps, decay: schedules.wsd(lr, steps, decay)(k),
        draw,
        name="wsd_rate",
        outputs=("eps",),
        arg_names=("k", "lr", "steps", "decay_steps"),
        rng=rng,
        diagnose=diagnose,
        hint="the rate is lr until the cool-down starts at step steps - decay_steps; u is the fraction of the "
        "cool-down done, clipped to [0, 1], and the rate is lr (1 - sqrt(u)): 0 from step steps on.",
    )


def simple_noise_scale(learner, rng=None) -> None:
    """Check ``learner(grads) -> (B,)`` B_simple from per-example gradients ``grads`` ``(B, m, d)`` (unbiased parts)."""

    def draw(r):
        while True:  # gradients whose signal the estimate sees (|G|² > 0), so the scale is finite
            B, m, d = int(r.integers(1, 5)), int(r.integers(4, 60)), int(r.integers(1, 6))
            signal = r.normal(size=(B, 1, d)) * r.uniform(1.0, 3.0)
            grads = signal + r.uniform(0.1, 2.0) * r.normal(size=(B, m, d))
            if np.all(noise_scale.simple_noise_scale(grads).grad_sq > 0):
                return (grads,)

    def diagnose(got, expected, args):
        (g,) = args
        m = g.shape[1]
        mean = g.mean(axis=1)
        biased = ((g - mean[:, None]) ** 2).sum(axis=(1, 2)) / m
        if np.allclose(got[0], biased / (mean**2).sum(-1), rtol=1e-6):
            return "both parts are the plain (biased) estimates: divide by m - 1 and correct |mean|² for the noise."
        return None

    compare(
        learner,
        lambda grads: noise_scale.simple_noise_scale(grads).b_simple,
        draw,
        name="simple_noise_scale",
        outputs=("b_simple",),
        arg_names=("grads",),
        rng=rng,
        rtol=1e-8,
        diagnose=diagnose,
        hint="per row b: tr(Σ) is the sum over coordinates of the sample variance of the m gradients (unbiased, "
        "m - 1); |G|² is the squared norm of their mean minus tr(Σ)/m, because the mean carries noise of its own.",
    )


def top_eigenvalue(learner, rng=None) -> None:
    """Check ``learner(matvec, v0, iters) -> (B,)`` λmax of B symmetric PSD matrices given by products, by power iteration."""

    def draw(r):
        B, P = int(r.integers(1, 5)), int(r.integers(2, 9))
        Q, _ = np.linalg.qr(r.normal(size=(B, P, P)))
        top = r.uniform(1.0, 50.0, size=(B, 1))
        lam = np.concatenate([top, top * r.uniform(0.0, 0.6, size=(B, P - 1))], axis=1)  # a gap of >= 1/0.6
        H = np.einsum("bij,bj,bkj->bik", Q, lam, Q)

        def matvec(v):
            """H_b v_b for every row b: the Hessian-vector products of B problems."""
            return np.einsum("bij,bj->bi", H, v)

        return matvec, r.normal(size=(B, P)), 200

    compare(
        learner,
        lambda matvec, v0, iters: np.linalg.eigvalsh(_matrices(matvec, v0.shape))[:, -1],
        draw,
        name="top_eigenvalue",
        outputs=("lam_max",),
        arg_names=("matvec", "v0", "iters"),
        rng=rng,
        rtol=1e-7,
        atol=1e-9,
        hint="normalise every row after each product (otherwise it overflows or vanishes), run all iters "
        "products, and read λmax off the final vector: which number do a unit vector and its product give?",
    )


def _matrices(matvec, shape):
    """The B matrices behind ``matvec``, column by column (P products with the unit vectors)."""
    B, P = shape
    return np.stack([matvec(np.tile(e, (B, 1))) for e in np.eye(P)], axis=-1)
