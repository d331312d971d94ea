"""Checks for the exercises on sampling noise, SGD and schedules."""

from __future__ import annotations

import numpy as np

from .. import rates, sampling, schedules
from .compare import compare


def estimated_standard_error(learner, rng=None) -> None:
    """Check ``learner(x) -> s / sqrt(N)`` per row of samples ``x`` ``(B, N)`` (s with ddof = 1)."""

    def draw(r):
        B, N = int(r.integers(1, 6)), int(r.integers(2, 40))
        return (r.normal(r.normal(), r.uniform(0.5, 3.0), size=(B, N)),)

    compare(
        learner,
        sampling.estimated_standard_error,
        draw,
        name="standard_error",
        outputs=("se",),
        arg_names=("x",),
        rng=rng,
        hint="per row: the sample standard deviation (dividing by N - 1, not N), divided by sqrt(N), "
        "where N is the number of samples in a row.",
    )


def minibatch_gradient(learner, rng=None) -> None:
    """Check ``learner(G, idx) -> G[idx].mean(axis=1)`` for ``G`` ``(n, d)`` and ``idx`` ``(B, m)``."""

    def draw(r):
        n, d, B, m = (int(v) for v in r.integers(2, 9, size=4))
        return r.normal(size=(n, d)), r.integers(0, n, size=(B, m))

    compare(
        learner,
        lambda G, idx: G[idx].mean(axis=1),
        draw,
        name="minibatch_gradient",
        outputs=("g",),
        arg_names=("G", "idx"),
        rng=rng,
        hint="index G with idx and look at the shape you get: which axis runs over the examples of one "
        "minibatch? Average over that one.",
    )


def linear_decay(learner, rng=None) -> None:
    """Check ``learner(k, eps0, eps_tau, tau)`` against `schedules.linear_decay` (Goodfellow et al., eq. 8.14)."""

    def draw(r):
        tau = int(r.integers(1, 60))
        eps0 = float(r.uniform(0.01, 1.0))
        return np.sort(r.integers(0, 3 * tau + 2, size=8)), eps0, eps0 * float(r.uniform(0.0, 0.2)), tau

    compare(
        learner,
        lambda k, e0, et, tau: schedules.linear_decay(e0, et, tau)(k),
        draw,
        name="linear_decay",
        outputs=("eps",),
        arg_names=("k", "eps0", "eps_tau", "tau"),
        rng=rng,
        hint="equation 8.14 with alpha = k / tau up to step tau; after tau the rate stays at eps_tau.",
    )


def loglog_slope(learner, rng=None) -> None:
    """Check ``learner(k, err)`` against `rates.loglog_slope` on noisy power laws err = C k^-a."""

    def draw(r):
        k = np.unique(np.round(np.geomspace(1, r.integers(50, 5000), int(r.integers(5, 30)))))
        err = r.uniform(0.1, 10) * k ** -r.uniform(0.2, 2.0) * np.exp(0.1 * r.normal(size=k.size))
        return k, err

    compare(
        learner,
        rates.loglog_slope,
        draw,
        name="loglog_slope",
        outputs=("slope",),
        arg_names=("k", "err"),
        rng=rng,
        rtol=1e-7,
        atol=1e-9,
        hint="fit a straight line by least squares to log(err) against log(k) (any base: the slope is the same) and return "
        "its slope: one number.",
    )
