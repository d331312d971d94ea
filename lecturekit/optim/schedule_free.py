r"""Schedule-free SGD and AdamW (Defazio, Yang, Mehta, Mishchenko, Khaled & Cutkosky, "The road
less scheduled", NeurIPS 2024): no learning-rate schedule and no horizon T, yet the returned
iterate does as well as a tuned decaying schedule.

Three sequences. z is the base SGD (or Adam) sequence, x the weighted average of the z's,
and the gradient is taken at y, an interpolation of the two, with β = ``beta`` (t = 1, 2, ...):

.. math::
    y_t = (1-\beta)\, z_t + \beta\, x_t, \qquad
    z_{t+1} = z_t - \gamma_t\, \big(d_t + \lambda y_t\big), \qquad
    x_{t+1} = (1 - c_{t+1})\, x_t + c_{t+1}\, z_{t+1}, \qquad
    c_{t+1} = \frac{\gamma_t^2}{\sum_{i=1}^t \gamma_i^2},

with d_t = ∇f(y_t) for SGD and d_t = ∇f(y_t)/(√v_t + δ) for AdamW, λ = ``weight_decay``
(applied at y, as in the paper's algorithm 1), z_1 = x_1. With a constant rate
c_{t+1} = 1/t: x_{T+1} is the plain average of z_2, ..., z_{T+1} (algorithm 1's weights; the
paper's eq. 1 writes 1/(t+1), which also counts z_1 = x_1). β = 0 is then SGD with
Polyak-Ruppert averaging, β = 1 gradients at the average (primal averaging).

The warm-up of the paper: γ_t = γ min(1, t/W) (W = ``warmup_steps``, 0 for none), times
√(1 − β_2^t) for AdamW (the paper's bias correction, put on the rate). Since γ_t² weights
each z in x, the small early steps of the warm-up count little.

**Convention: which point are the parameters?** Here the parameters the optimizer is given
and returns updates for are **x** (the averaged sequence, the one the paper's guarantees are
about and the one to evaluate); the state keeps **z**; the gradient is asked at
**y** = (1−β)z + βx through ``lookahead``, so `optim.run` evaluates it there and records x.
This is the paper's reference implementation's choice of which sequences to keep (x and z,
the model evaluated at y while training; facebookresearch/schedule_free, its ``*Reference``
optimizers), written in lecturekit's protocol, where the point handed to ``update`` is the
iterate being optimized. By hand::

    y = opt.lookahead(x, state)
    updates, state = opt.update(f.grad(y), state, x)
    x = x + updates

Differences from the reference PyTorch code (``AdamWScheduleFree``), which this module does not
copy: there δ is added to √(v_t/(1−β_2^t)) instead of putting √(1−β_2^t) on the rate, and the
weights use the largest rate so far, max_{i<=t} γ_i, instead of γ_t (the same during and
after a linear warm-up up to δ's placement).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate
from .transforms import Optimizer, _check_shapes, _update_moment, transform


class ScheduleFreeState(NamedTuple):
    count: int  # t - 1, the number of updates done so far
    z: np.ndarray  # the base sequence z_t, starts at x_1
    nu: np.ndarray | None  # AdamW's second moment v_t (starts at 0); None for SGD
    weight_sum: np.ndarray | float  # sum_{i<t} gamma_i^2, the normalizer of the averaging weights


def _rate(lr, t: int, warmup_steps: int):
    """γ_t = γ min(1, t/W): the paper's linear warm-up (W = 0: none)."""
    return lr if warmup_steps == 0 else lr * min(1.0, t / warmup_steps)


def _interpolation(params, state: ScheduleFreeState, beta):
    """y = (1 − β) z + β x: where schedule-free optimizers take the gradient (``lookahead``)."""
    return (1.0 - beta) * state.z + beta * np.asarray(params, dtype=float)


def _schedule_free(name, lr, beta, warmup_steps, weight_decay, adam: tuple | None) -> Optimizer:
    """The shared body of `schedule_free_sgd` and `schedule_free_adamw` (``adam`` = (β2, δ) or None)."""

    def init(params):
        params = validate.real_array("params", params)
        _check_shapes(
            params,
            lr=lr,
            beta=beta,
            weight_decay=weight_decay,
            **({} if adam is None else dict(zip(("beta2", "delta"), adam))),
        )
        nu = None if adam is None else np.zeros(params.shape)
        return ScheduleFreeState(0, params.astype(float, copy=True), nu, 0.0)

    def lookahead(params, state):
        with np.errstate(over="ignore", invalid="ignore"):  # a diverged z gives nan quietly
            return _interpolation(params, state, beta)

    def step(grads, state, params=None, **extra):
        if params is None:
            raise ValueError("schedule-free optimizers need params (the iterate x) in update")
        x = np.asarray(params, dtype=float)
        t = state.count + 1
        gamma = _rate(lr, t, warmup_steps)
        with np.errstate(over="ignore", invalid="ignore"):  # an inf gradient gives nan: run flags it
            y = _interpolation(x, state, beta)
            nu = state.nu
            if adam is None:
                d = grads
            else:
                rho2, delta = adam
                nu = _update_moment(grads, state.nu, rho2, 2)
                gamma = gamma * np.sqrt(1.0 - rho2**t)
                d = grads / (np.sqrt(nu) + delta)
            # z_{t+1} = z_t - γ_t (d_t + λ y_t)
            z = state.z - gamma * (d + weight_decay * y)
            # c_{t+1} = γ_t² / Σ_{i<=t} γ_i²;  x_{t+1} = (1 - c) x_t + c z_{t+1}
            weight_sum = state.weight_sum + gamma * gamma
            c = gamma * gamma / weight_sum
            x_new = x + c * (z - x)
        return x_new - x, ScheduleFreeState(t, z, nu, weight_sum)

    # update checks grads, params and that the state is a ScheduleFreeState made for these parameters
    return transform(name, init, step, ScheduleFreeState, lookahead, state_shape=lambda state: np.shape(state.z))


def _common(lr, beta, warmup_steps, weight_decay, beta_name="beta"):
    lr = validate.positive("lr", lr)
    beta = validate.in_range(beta_name, beta, 0.0, 1.0, high_closed=True)
    warmup_steps = validate.integer("warmup_steps", warmup_steps, 0)
    weight_decay = validate.nonnegative("weight_decay", weight_decay)
    return lr, beta, warmup_steps, weight_decay


def schedule_free_sgd(lr, beta=0.9, warmup_steps: int = 0, weight_decay=0.0) -> Optimizer:
    r"""Schedule-free SGD (Defazio et al. 2024, eq. 1 with the warm-up and weights of section 4).

    .. math::
        y_t = (1-\beta) z_t + \beta x_t,\quad
        z_{t+1} = z_t - \gamma_t (\nabla f(y_t) + \lambda y_t),\quad
        x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1},\quad
        c_{t+1} = \gamma_t^2 / \textstyle\sum_{i\le t} \gamma_i^2

    with γ_t = γ min(1, t/W). ``lr`` γ > 0 (a float or ``(B, 1)`` array; no schedule: the
    point of the method), ``beta`` β in [0, 1] (0.9 in the paper), ``warmup_steps`` W >= 0,
    ``weight_decay`` λ >= 0. The parameters are x; the gradient is asked at y through
    ``lookahead`` (see the module docstring for the convention).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.schedule_free_sgd(lr=0.5, beta=0.0)
    >>> x = np.array([[1.0]]); state = opt.init(x)
    >>> updates, state = opt.update(x, state, x)   # f = x²/2: at t = 1, c_2 = 1, x_2 = z_2
    >>> x + updates, state.z
    (array([[0.5]]), array([[0.5]]))
    """
    return _schedule_free("schedule_free_sgd", *_common(lr, beta, warmup_steps, weight_decay), adam=None)


def schedule_free_adamw(lr, beta1=0.9, beta2=0.999, delta=1e-8, warmup_steps: int = 0, weight_decay=0.0) -> Optimizer:
    r"""Schedule-free AdamW (Defazio et al. 2024, algorithm 1).

    .. math::
        y_t = (1-\beta_1) z_t + \beta_1 x_t,\quad g_t = \nabla f(y_t),\quad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,\quad
        \gamma_t = \gamma \sqrt{1-\beta_2^t}\, \min(1, t/W),

    .. math::
        z_{t+1} = z_t - \gamma_t \frac{g_t}{\sqrt{v_t} + \delta} - \gamma_t \lambda y_t,\quad
        c_{t+1} = \frac{\gamma_t^2}{\sum_{i\le t} \gamma_i^2},\quad
        x_{t+1} = (1 - c_{t+1}) x_t + c_{t+1} z_{t+1}.

    v starts at 0, z_1 = x_1. β_1 is the interpolation weight (there is no first-moment
    average: the interpolation plays momentum's part). ``lr`` γ > 0, ``beta1`` in [0, 1],
    ``beta2`` in [0, 1), ``delta`` δ >= 0 (ε in the paper), ``warmup_steps`` W >= 0,
    ``weight_decay`` λ >= 0. The parameters are x; the gradient is asked at y through
    ``lookahead`` (see the module docstring for the convention).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.schedule_free_adamw(lr=0.1)
    >>> x = np.array([[1.0]]); state = opt.init(x)
    >>> updates, state = opt.update(x, state, x)   # the first step has size γ: |g|/√v_1 = 1/√(1-β2)
    >>> (x + updates).round(6)
    array([[0.9]])
    """
    lr, beta1, warmup_steps, weight_decay = _common(lr, beta1, warmup_steps, weight_decay, "beta1")
    beta2 = validate.decay_rate("beta2", beta2)
    delta = validate.nonnegative("delta", delta)
    return _schedule_free("schedule_free_adamw", lr, beta1, warmup_steps, weight_decay, adam=(beta2, delta))


__all__ = ["ScheduleFreeState", "schedule_free_sgd", "schedule_free_adamw"]
