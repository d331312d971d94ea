r"""Learning-rate schedules: plain functions of the step k = 0, 1, 2, ...

Each constructor returns a function ``schedule(k)`` that accepts an int or an int array of
steps (vectorized) and returns the learning rate ε_k as a float or an array. Anywhere a
learning rate is taken (``optim.sgd(lr=...)`` etc.) a schedule is accepted too; the
optimizer evaluates it at k = the number of updates done so far, so the first update uses
ε_0.

Hyperparameters may be arrays, e.g. ``lr0`` shaped ``(B, 1)`` for a sweep; they broadcast
with k.

Two conditions from stochastic approximation (Robbins & Monro 1951; Goodfellow et al.,
*Deep Learning*, eqs. 8.12-8.13) guarantee SGD's convergence on convex problems:
:math:`\sum_k \varepsilon_k = \infty` and :math:`\sum_k \varepsilon_k^2 < \infty`.
`inverse_time` meets both; `inverse_square` fails the first (the steps sum to
:math:`\varepsilon_0 \pi^2/6`, so SGD can stop short), `exponential` fails it too.

>>> from lecturekit import schedules
>>> import numpy as np
>>> schedules.linear_decay(0.1, 0.001, tau=100)(np.array([0, 50, 100, 200]))
array([0.1   , 0.0505, 0.001 , 0.001 ])
"""

from __future__ import annotations

import numpy as np

from . import validate


def _steps(k) -> np.ndarray:
    k = np.asarray(k)
    if not (np.issubdtype(k.dtype, np.integer) and np.all(k >= 0)):
        raise ValueError(f"the step k must be an integer (or integer array) >= 0; got {k!r}")
    return k


def _out(value):
    """A float for a scalar step, an array otherwise."""
    value = np.asarray(value, dtype=float)
    return float(value) if value.ndim == 0 else value


def constant(lr):
    r""":math:`\varepsilon_k = \varepsilon` for every k (``lr`` > 0)."""
    lr = validate.positive("lr", lr)

    def schedule(k):
        k = _steps(k)
        return _out(np.broadcast_to(lr, np.broadcast_shapes(np.shape(lr), k.shape)))

    return schedule


def linear_decay(lr0, lr_tau, tau: int):
    r"""Linear decay, then constant (Goodfellow et al., eq. 8.14).

    .. math::
        \varepsilon_k = (1-\alpha)\,\varepsilon_0 + \alpha\,\varepsilon_\tau,\quad
        \alpha = k/\tau \text{ for } k \le \tau; \qquad \varepsilon_k = \varepsilon_\tau
        \text{ for } k \ge \tau

    ``lr0`` > 0, ``lr_tau`` >= 0 (the book suggests about 1% of ε_0), ``tau`` >= 1 steps.
    """
    lr0 = validate.positive("lr0", lr0)
    lr_tau = validate.nonnegative("lr_tau", lr_tau)
    tau = validate.integer("tau", tau, 1)

    def schedule(k):
        alpha = np.minimum(_steps(k) / tau, 1.0)
        return _out((1.0 - alpha) * lr0 + alpha * lr_tau)

    return schedule


def inverse_time(lr0):
    r""":math:`\varepsilon_k = \varepsilon_0 / (k + 1)`: meets both Robbins–Monro conditions."""
    lr0 = validate.positive("lr0", lr0)

    def schedule(k):
        return _out(lr0 / (_steps(k) + 1.0))

    return schedule


def inverse_square(lr0):
    r""":math:`\varepsilon_k = \varepsilon_0 / (k + 1)^2`: decays too fast (Σ ε_k < ∞)."""
    lr0 = validate.positive("lr0", lr0)

    def schedule(k):
        return _out(lr0 / (_steps(k) + 1.0) ** 2)

    return schedule


def power_decay(lr0, power, tau=1.0):
    r""":math:`\varepsilon_k = \varepsilon_0 / (1 + k/\tau)^p`, the family behind the SGD rate theorems.

    p = 1, τ = 1 is `inverse_time`; p = 2, τ = 1 is `inverse_square`; p = 1/2 is the step of
    the convex-rate theorem (ε_k ∝ 1/√k). τ keeps the rate near ε0 for about τ steps before
    the decay sets in. Robbins–Monro conditions hold exactly for 1/2 < p <= 1 (see
    `lecturekit.rates.robbins_monro_power`). ``lr0`` > 0, ``power`` >= 0 and ``tau`` > 0 may
    be arrays (e.g. ``(B, 1)``) for a sweep.
    """
    lr0 = validate.positive("lr0", lr0)
    power = validate.nonnegative("power", power)
    tau = validate.positive("tau", tau)

    def schedule(k):
        k = _steps(k)
        with np.errstate(over="ignore", divide="ignore"):  # (1 + k/τ)^p beyond float range: the rate is 0
            return _out(lr0 / (1.0 + k / tau) ** power)

    return schedule


def exponential(lr0, beta):
    r""":math:`\varepsilon_k = \varepsilon_0\, e^{-\beta k}` (``beta`` >= 0)."""
    lr0 = validate.positive("lr0", lr0)
    beta = validate.nonnegative("beta", beta)

    def schedule(k):
        k = _steps(k)
        with np.errstate(over="ignore"):  # β k beyond float range: the rate is 0
            return _out(lr0 * np.exp(-beta * k))

    return schedule


def step_decay(lr0, factor, every: int):
    r"""Piecewise constant: :math:`\varepsilon_k = \varepsilon_0\, \gamma^{\lfloor k / n \rfloor}`.

    Multiply by ``factor`` γ in (0, 1] every ``every`` = n steps, as in the "divide by 10 when
    the error plateaus" recipes (Krizhevsky et al. 2012; He et al. 2016 with γ = 0.1).
    """
    lr0 = validate.positive("lr0", lr0)
    factor = validate.in_range("factor", factor, 0.0, 1.0, low_closed=False, high_closed=True)
    every = validate.integer("every", every, 1)

    def schedule(k):
        k = _steps(k)
        n = k // every if every <= np.iinfo(np.int64).max else np.zeros_like(k)  # every beyond int64: k < every
        return _out(lr0 * factor**n)

    return schedule


def warmup(schedule, warmup_steps: int):
    r"""Linear warm-up into any schedule (Goyal et al. 2017, "Accurate, large minibatch SGD").

    .. math:: \varepsilon_k = \min\!\Big(1, \frac{k+1}{W}\Big)\, s(k)

    with s = ``schedule`` (a schedule, or a positive float for a constant) and
    W = ``warmup_steps`` >= 1. The ramp starts at s(0)/W, not at 0, so no step is wasted,
    and reaches s(k) at k = W − 1; s runs on the same clock k (it is not delayed by W).
    The warmed schedule checks s's values when it is evaluated, also outside an optimizer: a
    negative or non-finite s(k) raises a ``ValueError`` naming ``schedule``.
    """
    if not callable(schedule):
        schedule = constant(validate.positive("schedule", schedule))
    warmup_steps = validate.integer("warmup_steps", warmup_steps, 1)

    def warmed(k):
        k = _steps(k)
        s_k = validate.schedule_value("schedule", schedule, k)  # checked here too: warmed may run alone
        with np.errstate(over="ignore"):
            return _out(np.minimum(1.0, (k + 1.0) / warmup_steps) * s_k)

    return warmed


__all__ = [
    "constant",
    "linear_decay",
    "inverse_time",
    "inverse_square",
    "power_decay",
    "exponential",
    "step_decay",
    "warmup",
]
