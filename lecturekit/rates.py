r"""Convergence rates of SGD: decaying step sizes, excess error, and slopes on log-log plots.

If the excess error behaves like :math:`e_k \approx C k^{-a}`, then
:math:`\log e_k = \log C - a \log k`: a straight line of slope −a on a log-log plot.
`loglog_slope` fits that line. The classical rates (Goodfellow, Bengio & Courville, *Deep
Learning*, 2016, sec. 8.3.1):

* convex (Lipschitz) problems, :math:`\varepsilon_k \propto 1/\sqrt{k}`: :math:`O(1/\sqrt k)` for the
  *averaged* iterate :math:`\bar\theta_k` (Nemirovski, Juditsky, Lan & Shapiro, SIAM J. Optim. 19(4),
  2009, sec. 2.2), :math:`O(\log k/\sqrt k)` for the last iterate (Shamir & Zhang, ICML 2013); slope −1/2;
* strongly convex problems, :math:`\varepsilon_k = \beta/(\gamma + k)` with β large enough:
  :math:`O(1/k)`, slope −1. Bottou, Curtis & Nocedal, "Optimization Methods for Large-Scale
  Machine Learning", SIAM Review 60(2), 2018, thm. 4.7, assume β > 1/μ; βμ > 1/2 suffices
  (Nemirovski et al. 2009, sec. 2.1), and for βμ < 1/2 the rate is only :math:`k^{-2\beta\mu}`.

Contents:

* `schedule_sums` -- ε_k and the partial sums Σ ε_j and Σ ε_j² (the Robbins-Monro conditions)
* `robbins_monro_power` -- which powers p meet Σ ε = ∞ and Σ ε² < ∞
* `quadratic_noise_floor` -- where constant-rate SGD settles on a noisy quadratic
* `absolute_value` -- f(x) = Σ|x_i|: convex, not strongly convex
* `excess_error`, `mean_excess_error`, `loglog_slope` -- measuring the rate
"""

from __future__ import annotations

import numpy as np

from . import validate
from .objectives import Objective


def robbins_monro_power(power):
    r"""For ε_k ∝ (1 + k/τ)^{−p}: (Σ ε_k = ∞, Σ ε_k² < ∞, both), elementwise in p.

    :math:`\sum_k k^{-p}` diverges exactly when p <= 1 (the p-series), and
    :math:`\sum_k k^{-2p}` converges exactly when 2p > 1. Both Robbins-Monro conditions
    (Robbins & Monro 1951; Goodfellow et al., eqs. 8.12-8.13) hold for 1/2 < p <= 1.
    """
    p = np.asarray(validate.nonnegative("power", power))
    diverges, squares_converge = p <= 1, p > 0.5  # 2p > 1, without overflowing 2p
    return diverges, squares_converge, diverges & squares_converge


def schedule_sums(schedule, steps: int):
    r"""(k, ε_k, Σ_{j<=k} ε_j, Σ_{j<=k} ε_j²) for k = 0 .. steps − 1.

    ``schedule`` maps an integer array of steps to learning rates (any `schedules` function,
    or `schedules.power_decay`); hyperparameter arrays ``(B, 1)`` give arrays ``(B, steps)``. The partial
    sums are cumulative sums along the last axis.
    """
    if not callable(schedule):
        raise ValueError(
            f"schedule must be a function of the step k (e.g. schedules.inverse_time(0.1)); got {schedule!r}"
        )
    steps = validate.integer("steps", steps)
    validate.elements("steps", (steps,))
    k = np.arange(steps)
    eps = validate.real_array("schedule's values", validate.schedule_value("schedule", schedule, k))
    try:
        eps = np.broadcast_to(eps, np.broadcast_shapes(eps.shape, k.shape))
    except ValueError:
        raise ValueError(f"schedule must return one value per step (shape (..., {steps})); got {eps.shape}") from None
    validate.elements("steps", eps.shape)
    with np.errstate(over="ignore", invalid="ignore"):  # a schedule's huge values sum to inf
        return k, eps, np.cumsum(eps, axis=-1), np.cumsum(eps * eps, axis=-1)


def quadratic_noise_floor(lr, curvature, noise):
    r"""The stationary :math:`\mathbb E f(\theta)` of constant-rate SGD on f = ½ λ θ² with noisy gradients.

    With g = λθ + σξ (ξ ~ N(0, 1)) the iteration θ ← (1 − ελ)θ − εσξ has stationary variance
    :math:`v = \varepsilon^2\sigma^2 / (1 - (1-\varepsilon\lambda)^2) = \varepsilon\sigma^2 / (\lambda(2 - \varepsilon\lambda))`,
    so :math:`\mathbb E f = \tfrac12 \lambda v = \frac{\varepsilon \sigma^2}{2(2 - \varepsilon\lambda)}`:
    proportional to ε for small ε (per coordinate; a d-dimensional isotropic problem has d times
    this). Needs 0 < ελ < 2 (the stable range of gradient descent).
    """
    lr = np.asarray(validate.positive("lr", lr))
    lam = np.asarray(validate.positive("curvature", curvature))
    sigma = np.asarray(validate.nonnegative("noise", noise, 1e100))
    with np.errstate(over="ignore"):  # ε λ beyond float range is not < 2
        stable = np.all(lr * lam < 2)
    if not stable:
        raise ValueError("need lr * curvature < 2: beyond it gradient descent on the quadratic diverges")
    out = lr * sigma**2 / (2 * (2 - lr * lam))
    return float(out) if out.ndim == 0 else out


def absolute_value(dim: int = 1) -> Objective:
    r"""f(x) = Σ_i |x_i|: convex, Lipschitz (every subgradient has entries ±1), not strongly convex.

    The gradient returned is the subgradient sign(x) (0 at x_i = 0); the Hessian is 0 wherever
    it exists. No curvature pulls harder as x nears the minimum, so with noisy gradients the error
    of SGD is set by the step size alone: the classic example for the O(1/√k) rate of convex
    problems (Nemirovski et al. 2009). Minimizer 0, minimum 0.
    """
    d = validate.integer("dim", dim, 1, 10**6)
    return Objective(
        "absolute value",
        d,
        lambda x: np.abs(x).sum(axis=-1),
        np.sign,
        lambda x: np.zeros(x.shape + (d,)),
        bounds=((-3.0, 3.0),) * d,
        minimizers=np.zeros((1, d)),
        minimum=0.0,
    )


def excess_error(values, minimum) -> np.ndarray:
    """``values − minimum``: the excess error f(θ_k) − f* (any shape; ``minimum`` a finite number)."""
    minimum = validate.number("minimum", minimum)
    values = validate.real_array("values", values)
    with np.errstate(over="ignore", invalid="ignore"):  # values may hold nan or inf
        return values - minimum


def mean_excess_error(traj, f) -> np.ndarray:
    """(R,) the excess error averaged over the B runs of an `optim.run` trajectory: mean_b f(θ_k^b) − f*.

    ``f.minimum`` must be known. Diverged runs make the average meaningless, so they raise.
    """
    if not all(hasattr(traj, a) for a in ("loss", "diverged")):
        raise ValueError(f"traj must be a Trajectory returned by optim.run; got {traj!r}"[:200])
    if getattr(f, "minimum", None) is None:
        raise ValueError(f"f must be an objective with a known minimum; {getattr(f, 'name', f)!r} has none"[:200])
    if np.any(traj.diverged):
        raise ValueError(f"{int(np.sum(traj.diverged))} of the runs diverged; lower the learning rate")
    return excess_error(traj.loss.mean(axis=1), f.minimum)


def loglog_slope(k, err, k_min=None, k_max=None) -> np.ndarray:
    r"""The least-squares slope of log(err) against log(k) over k_min <= k <= k_max.

    .. math:: a = \frac{\sum_j (u_j - \bar u)(v_j - \bar v)}{\sum_j (u_j - \bar u)^2},
              \quad u = \log k,\ v = \log e

    ``k`` (K,) positive steps; ``err`` (..., K) positive errors, one curve per leading index
    (returns shape (...)). An error ∝ k^{-a} gives slope −a. At least two steps must lie in
    the window.
    """
    k = validate.real_array("k", k, finite=True)
    err = validate.real_array("err", err)
    if k.ndim != 1 or err.ndim == 0 or err.shape[-1] != k.size:
        raise ValueError(f"k must be (K,) and err (..., K) with the same K; got {k.shape} and {err.shape}")
    lo = -np.inf if k_min is None else validate.number("k_min", k_min, finite=False)
    hi = np.inf if k_max is None else validate.number("k_max", k_max, finite=False)
    if np.isnan(lo) or np.isnan(hi):
        raise ValueError(f"k_min and k_max must be numbers (not nan); got {k_min!r} and {k_max!r}")
    sel = (k >= lo) & (k <= hi)
    if sel.sum() < 2:
        raise ValueError(
            f"need at least 2 steps of k in the window k_min <= k <= k_max = [{lo}, {hi}]; got {int(sel.sum())}"
        )
    if not (np.all(k[sel] > 0) and np.all(np.isfinite(k[sel]))):
        raise ValueError("k must be positive and finite in the window (a log-log fit)")
    if not (np.all(err[..., sel] > 0) and np.all(np.isfinite(err[..., sel]))):
        raise ValueError("err must be positive and finite in the window (a log-log fit)")
    u = np.log(k[sel])
    if np.ptp(u) == 0:
        raise ValueError(
            "k must take at least two different values in the window (a slope needs them); "
            f"got {int(sel.sum())} steps all equal to {k[sel][0]:g}"
        )
    v = np.log(err[..., sel])
    u = u - u.mean()
    return (v - v.mean(axis=-1, keepdims=True)) @ u / (u @ u)


def _fixed(value):
    """A schedule that ignores the step: ``value`` at every k."""
    return lambda k: value


def stacked(schedules, runs: int):
    """One schedule for ``len(schedules) * runs`` trajectories: rows [i*runs, (i+1)*runs) follow schedule i.

    Lets `optim.run` compare several schedules (callables, or positive floats for constant
    rates) in one batched call; the returned schedule gives a ``(len(schedules) * runs, 1)``
    array at each step k.
    """
    runs = validate.integer("runs", runs)
    if not isinstance(schedules, (list, tuple)) or len(schedules) == 0:
        raise ValueError(f"schedules must be a non-empty list of schedules or positive rates; got {schedules!r}")
    fns = [
        s if callable(s) else _fixed(validate.positive(f"schedules[{i}]", s, scalar=True))
        for i, s in enumerate(schedules)
    ]
    validate.elements("runs", (len(fns) * runs, 1))

    def schedule(k):
        if not (isinstance(k, (int, np.integer)) and k >= 0):
            raise ValueError(f"the step k must be an integer >= 0; got {k!r}")
        values = [validate.schedule_value(f"schedules[{i}]", fn, k) for i, fn in enumerate(fns)]
        return np.repeat(np.array([float(np.asarray(v, dtype=float)) for v in values]), runs)[:, None]

    return schedule
