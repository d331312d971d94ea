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


def _decay_fraction(k, start: int, length: int):
    """u = (k - start) / length clipped to [0, 1]: how far a decay of ``length`` steps has gone."""
    return np.clip((k - start) / length, 0.0, 1.0)


def cosine(lr0, steps: int, lr_final=0.0):
    r"""Cosine annealing from ε_0 to a final rate over ``steps`` = T steps, then constant.

    .. math::
        \varepsilon_k = \varepsilon_T + \tfrac12 (\varepsilon_0 - \varepsilon_T)
        \Big(1 + \cos\frac{\pi \min(k, T)}{T}\Big)

    Loshchilov & Hutter, "SGDR: stochastic gradient descent with warm restarts", ICLR 2017,
    eq. 5, for one cycle (no restarts: T_cur = k, T_i = T). ε_T = ``lr_final`` (η_min in the
    paper, default 0) is reached at k = T, one step after the last update of a T-step run, so
    every one of the T updates has a positive rate when ε_T = 0. ``lr0`` > 0, ``lr_final``
    >= 0 (it may exceed ``lr0``: a cosine ramp up), ``steps`` >= 1; rates may be ``(B, 1)``
    arrays. Warm up with ``warmup(cosine(...), W)``.

    >>> from lecturekit import schedules
    >>> schedules.cosine(1.0, 4)(np.arange(6)).round(4)
    array([1.    , 0.8536, 0.5   , 0.1464, 0.    , 0.    ])
    """
    lr0 = validate.positive("lr0", lr0)
    lr_final = validate.nonnegative("lr_final", lr_final)
    steps = validate.integer("steps", steps, 1)

    def schedule(k):
        u = _decay_fraction(_steps(k), 0, steps)
        return _out(lr_final + 0.5 * (lr0 - lr_final) * (1.0 + np.cos(np.pi * u)))

    return schedule


WSD_SHAPES = ("linear", "1-sqrt")


def wsd(lr, steps: int, decay_steps: int, warmup_steps: int = 0, shape: str = "1-sqrt", lr_final=0.0):
    r"""Warmup-stable-decay: a linear warm-up, a constant rate, then a short cool-down to ``lr_final``.

    With T = ``steps``, D = ``decay_steps``, the cool-down starting at T_0 = T − D and
    u = clip((k − T_0)/D, 0, 1):

    .. math::
        \varepsilon_k = \min\!\Big(1, \frac{k+1}{W}\Big)
        \Big[\varepsilon_T + (\varepsilon - \varepsilon_T)\,\big(1 - s(u)\big)\Big],
        \qquad s(u) = u \text{ (``"linear"``)}, \quad s(u) = \sqrt{u} \text{ (``"1-sqrt"``)}.

    The cool-down shapes are those of Hägele et al., "Scaling laws and compute-optimal training
    beyond fixed training durations", NeurIPS 2024 (section 3: linear, and 1 − sqrt, which they
    find better; both decay to ε_T = 0 there). The schedule is that of Hu et al., "MiniCPM",
    2024 (warm-up, a stable phase at the peak rate, a decay phase of about 10% of the run; their
    decay is exponential). The warm-up is `warmup`'s ramp min(1, (k+1)/W) on the same clock
    (``warmup_steps`` W = 0: none). ε_T is reached at k = T, one step after the last update.
    ``lr`` > 0 and ``lr_final`` >= 0 may be ``(B, 1)`` arrays; 1 <= D <= T and W + D <= T.

    Because the stable phase does not depend on T, one run at the peak rate can be branched
    into several cool-downs: run to step T_0 at the stable rate, then continue from that point
    and optimizer state with ``wsd(lr, T_0 + D, D)`` on the same clock k = T_0, T_0 + 1, ...,
    for several D (the schedules agree up to k = T_0). `optim.run` starts at k = 0 and does not
    hand back the optimizer state, so a branch is a loop by hand (``opt.update`` from the saved
    state), or, for plain SGD, whose only state is the step count, a run from the branch point
    with ``lambda k: schedule(k + T_0)``.

    >>> from lecturekit import schedules
    >>> schedules.wsd(1.0, steps=8, decay_steps=4, shape="linear")(np.arange(9))
    array([1.  , 1.  , 1.  , 1.  , 1.  , 0.75, 0.5 , 0.25, 0.  ])
    """
    lr = validate.positive("lr", lr)
    lr_final = validate.nonnegative("lr_final", lr_final)
    steps = validate.integer("steps", steps, 1)
    decay_steps = validate.integer("decay_steps", decay_steps, 1, steps)
    warmup_steps = validate.integer("warmup_steps", warmup_steps, 0, steps - decay_steps)
    shape = validate.choice("shape", shape, WSD_SHAPES)
    start = steps - decay_steps

    def schedule(k):
        k = _steps(k)
        u = _decay_fraction(k, start, decay_steps)
        s = u if shape == "linear" else np.sqrt(u)
        ramp = np.minimum(1.0, (k + 1.0) / warmup_steps) if warmup_steps else 1.0
        return _out(ramp * (lr_final + (lr - lr_final) * (1.0 - s)))

    return schedule


def log_linear(lr_min, lr_max, steps: int):
    r"""Exponential growth from ε_min to ε_max over ``steps`` = T steps (the learning-rate range test).

    .. math:: \varepsilon_k = \varepsilon_{min} \Big(\frac{\varepsilon_{max}}{\varepsilon_{min}}\Big)^{k/(T-1)}

    for k <= T − 1 (so the last of T updates uses ε_max; constant after): log ε grows linearly
    with k, as in Smith, "Cyclical learning rates for training neural networks", WACV 2017,
    section 3.3 (Smith grows it linearly; the exponential form spends as many steps on each
    decade). 0 < ``lr_min`` < ``lr_max`` (arrays broadcast), ``steps`` >= 2.
    """
    lr_min = validate.positive("lr_min", lr_min)
    lr_max = validate.positive("lr_max", lr_max)
    steps = validate.integer("steps", steps, 2)
    if not np.all(np.asarray(lr_min) < lr_max):
        raise ValueError(f"lr_min must be < lr_max; got lr_min={lr_min!r}, lr_max={lr_max!r}")
    log_min = np.log(lr_min)
    log_ratio = np.log(lr_max) - log_min

    def schedule(k):
        u = np.minimum(_steps(k) / (steps - 1), 1.0)
        return _out(np.exp(log_min + log_ratio * u))

    return schedule


__all__ = [
    "constant",
    "linear_decay",
    "inverse_time",
    "inverse_square",
    "power_decay",
    "exponential",
    "step_decay",
    "warmup",
    "cosine",
    "wsd",
    "log_linear",
]
