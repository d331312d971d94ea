r"""Polyak averaging: report an average of the iterates instead of the last one.

Two kinds, as in Goodfellow et al., sec. 8.7.3 (Polyak & Juditsky 1992):

* uniform (``decay=None``): :math:`\bar\theta_k = \frac{1}{k+1}\sum_{i=0}^{k} \theta_i`
  (the starting point θ_0 included), suited to convex problems;
* exponential (``decay`` = β in [0, 1)): :math:`\bar\theta_0 = \theta_0`,
  :math:`\bar\theta_k = \beta\,\bar\theta_{k-1} + (1-\beta)\,\theta_k`, which forgets the
  early iterates and suits non-convex problems.

Averaging changes what is reported, not the iterates, so it is not an optimizer transform:
apply `polyak_average` to a recorded history ``traj.x``, or ask `optim.run` for
``average=...`` to average every iterate on the fly (then ``traj.x_avg`` holds the averages
at the recorded steps, also when only a few steps are recorded).
"""

from __future__ import annotations

import numpy as np

from .. import validate


def check_decay(decay):
    """``None`` (uniform average) or a decay rate in [0, 1)."""
    return None if decay is None else validate.decay_rate("decay", decay, scalar=True)


def average_step(avg, x, k: int, decay):
    """Fold iterate ``x`` = θ_k (k >= 1) into the running average ``avg`` = θ̄_{k-1}.

    ``decay`` None (uniform) or in [0, 1); ``avg`` and ``x`` of one shape.
    """
    avg = validate.real_array("avg", avg)
    x = validate.real_array("x", x)
    if avg.shape != x.shape:
        raise ValueError(f"avg and x must have the same shape; got {avg.shape} and {x.shape}")
    k = validate.integer("k", k, 1)
    decay = None if decay is None else validate.decay_rate("decay", decay, scalar=True)
    with np.errstate(over="ignore", invalid="ignore"):
        return _average_step(avg, x, k, decay)


def _average_step(avg, x, k: int, decay):
    if decay is None:
        return avg + (x - avg) / (k + 1)
    return decay * avg + (1.0 - decay) * x


def polyak_average(xs, decay=None) -> np.ndarray:
    """Running averages of a history ``xs`` shaped ``(T+1, ...)`` along axis 0; same shape.

    ``decay=None`` gives the uniform average of θ_0..θ_k, a float in [0, 1) the exponential
    one (see the module docstring).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> xs = np.array([[[0.0]], [[2.0]], [[4.0]]])     # T+1 = 3 steps, B = 1, d = 1
    >>> optim.polyak_average(xs)[:, 0, 0]
    array([0., 1., 2.])
    >>> optim.polyak_average(xs, decay=0.5)[:, 0, 0]
    array([0. , 1. , 2.5])
    """
    decay = check_decay(decay)
    xs = validate.real_array("xs", xs)
    if xs.ndim == 0 or xs.shape[0] == 0:
        raise ValueError(f"xs must be a history shaped (T+1, ...) with T+1 >= 1; got shape {xs.shape}")
    if decay is None:
        counts = np.arange(1, xs.shape[0] + 1).reshape((-1,) + (1,) * (xs.ndim - 1))
        with np.errstate(over="ignore", invalid="ignore"):  # points may be inf or nan
            return np.cumsum(xs, axis=0) / counts
    out = np.empty_like(xs)
    out[0] = xs[0]
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(1, xs.shape[0]):
            out[k] = _average_step(out[k - 1], xs[k], k, decay)
    return out
