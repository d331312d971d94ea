r"""The learning-rate range test: one short run with ε growing exponentially, loss against ε, and a pick.

Smith, "Cyclical learning rates for training neural networks", WACV 2017, section 3.3: train
for a few hundred steps while the learning rate grows from tiny to huge; the loss first barely
moves, then falls, then turns and blows up. The test reads a good rate off that curve without
a sweep. Here ε_k grows geometrically (`schedules.log_linear`), so each decade gets the same
number of steps, and B runs (rows of ``x0``, each its own minibatches or noise) go side by side.

The curve. ``loss[k]`` is the full objective after the update made with ε_k
(`optim.run` records the exact loss, not the noisy minibatch loss Smith plots), smoothed along
k by a bias-corrected exponential moving average with weight ``smoothing`` β:
:math:`s_k = \beta s_{k-1} + (1-\beta) L_k`, :math:`\hat s_k = s_k/(1-\beta^{k+1})`. The curve
stops (NaN from there on) where a run diverged or :math:`\hat s_k` exceeds ``blowup`` times its
minimum so far.

The picks (both returned; neither is a theorem, and the chapter compares them with the best
rate of a real sweep):

* ``steepest`` -- the ε where the smoothed loss falls fastest against log ε, searched up to
  the minimum of the smoothed loss: the steepest point of the descent (the ``steep`` suggestion
  of fastai's ``lr_find``; Howard & Gugger, "fastai: a layered API for deep learning", 2020);
* ``min_over_10`` -- one tenth of the ε at the minimum of the smoothed loss: a rate safely an
  order of magnitude below where the loss turns up (Smith's advice for the largest rate, in
  "A disciplined approach to neural network hyper-parameters", 2018, section 4.1, and fastai's
  original suggestion).

A run whose curve is cut within its first steps (it blew up at once) has no descent to read: both
picks then fall back to ε_min (and ε_min/10): start lower.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import schedules, validate
from .optim.runner import run


class RangeTest(NamedTuple):
    """What `range_test` returns, T = ``steps``, B = runs.

    lr : (T,) ε_k, the rate of update k.
    loss : (T, B) the objective after update k.
    smoothed : (T, B) the bias-corrected moving average of ``loss``, NaN from the blow-up on.
    steepest : (B,) the ε of steepest descent of ``smoothed`` against log ε.
    min_over_10 : (B,) one tenth of the ε that minimizes ``smoothed``.
    """

    lr: np.ndarray
    loss: np.ndarray
    smoothed: np.ndarray
    steepest: np.ndarray
    min_over_10: np.ndarray


def _smooth(loss, beta):
    """The bias-corrected exponential moving average along axis 0 (a loop over steps)."""
    out = np.empty_like(loss)
    s = np.zeros(loss.shape[1:])
    for k in range(len(loss)):
        s = beta * s + (1.0 - beta) * loss[k]
        out[k] = s / (1.0 - beta ** (k + 1))
    return out


def range_test(
    optimizer, f, x0, lr_min=1e-5, lr_max=10.0, steps: int = 100, *, smoothing=0.9, blowup=4.0, **run_options
) -> RangeTest:
    r"""Run the range test of ``optimizer`` on ``f`` from the rows of ``x0`` ``(B, d)``.

    ``optimizer`` builds an optimizer from a learning rate (``optim.sgd``, ``optim.adam``, or
    ``lambda lr: optim.momentum(lr, 0.9)``); it is given the schedule
    ``schedules.log_linear(lr_min, lr_max, steps)``. 0 < ``lr_min`` < ``lr_max`` (floats),
    ``steps`` T >= 2 updates, ``smoothing`` β in [0, 1), ``blowup`` > 1. ``run_options`` go to
    `optim.run` (``batch_size``, ``noise``, ``rng``, ``max_norm``). See the module docstring for
    the curve and the two picks.
    """
    if not callable(optimizer):
        raise ValueError(f"optimizer must build an optimizer from a learning rate (e.g. optim.sgd); got {optimizer!r}")
    lr_min = validate.positive("lr_min", lr_min, scalar=True)
    lr_max = validate.positive("lr_max", lr_max, scalar=True)
    steps = validate.integer("steps", steps, 2)
    smoothing = validate.decay_rate("smoothing", smoothing, scalar=True)
    blowup = validate.in_range("blowup", blowup, 1.0, np.inf, low_closed=False, scalar=True)
    for key in run_options:
        if key in ("steps", "record_every", "average"):
            raise ValueError(f"{key} is set by range_test; pass only batch_size, noise, rng or max_norm")
    schedule = schedules.log_linear(lr_min, lr_max, steps)
    traj = run(optimizer(schedule), f, x0, steps, **run_options)
    lr = schedule(np.arange(steps))
    loss = traj.loss[1:]
    with np.errstate(over="ignore", invalid="ignore"):
        smoothed = _smooth(np.where(np.isfinite(loss), loss, np.inf), smoothing)
        best = np.minimum.accumulate(smoothed, axis=0)
        k = np.arange(steps)[:, None]
        gone = (
            (smoothed > blowup * np.abs(best))
            | ~np.isfinite(smoothed)
            | ((traj.diverged_step >= 0) & (k + 1 >= traj.diverged_step))
        )
        gone = np.logical_or.accumulate(gone, axis=0)
        smoothed = np.where(gone, np.nan, smoothed)
        valid = ~gone
        lowest = np.argmin(np.where(valid, smoothed, np.inf), axis=0)  # (B,)
        slope = np.gradient(smoothed, np.log(lr), axis=0)  # NaN next to the blow-up
        before_min = valid & (k <= lowest) & np.isfinite(slope)
        steepest = np.argmin(np.where(before_min, slope, np.inf), axis=0)
    return RangeTest(lr, loss, smoothed, lr[steepest], lr[lowest] / 10.0)


__all__ = ["RangeTest", "range_test"]
