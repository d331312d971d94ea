r"""What adaptive methods compute: per-coordinate effective learning rates, Adam's moment
estimates with and without bias correction, the memory of an exponential average, and how
wide the band of good learning rates of an optimizer is.

*Effective rate.* Any optimizer that steps :math:`\Delta\theta_i = -\eta_i\, g_i` along each
coordinate has an effective rate :math:`\eta_i = -\Delta\theta_i / g_i`: ε for gradient
descent, :math:`\varepsilon/(\delta + \sqrt{r_i})` for AdaGrad (Goodfellow et al., *Deep
Learning*, 2016, alg. 8.4), :math:`\varepsilon/\sqrt{\delta + r_i}` for RMSProp (alg. 8.5).
`effective_rates` reads it off a recorded run.

*Exponential averages.* :math:`r_t = \rho r_{t-1} + (1-\rho) x_t` with :math:`r_0 = 0` gives
:math:`x_{t-j}` the weight :math:`(1-\rho)\rho^j`: the weights sum to :math:`1-\rho^t` (hence
Adam's bias correction, Kingma & Ba 2015, sec. 3) and their mean age is
:math:`\rho/(1-\rho)`, so the average remembers about :math:`1/(1-\rho)` steps.
"""

from __future__ import annotations

import numpy as np

from . import validate


def effective_rates(traj, f) -> np.ndarray:
    r""":math:`\eta_{k,i} = -(\theta_{k+1,i} - \theta_{k,i}) / \partial_i f(\theta_k)` for each recorded
    step of an `optim.Trajectory` with exact gradients and ``record_every=1``, shaped
    ``(T, B, d)``. NaN where the partial derivative is 0 (no rate is defined there) or the run
    had diverged. Valid for optimizers that take the gradient at θ_k (not Nesterov's
    look-ahead, not minibatch or noisy runs: the rate would divide by a different gradient).
    """
    if not all(hasattr(traj, a) for a in ("x", "steps")):
        raise ValueError(f"traj must be an optim.Trajectory; got {type(traj).__name__}")
    if not all(hasattr(f, a) for a in ("grad", "dim")):
        raise ValueError(f"f must be an Objective with grad; got {f!r}")
    if not np.array_equal(traj.steps, np.arange(len(traj.steps))):
        raise ValueError("traj must record every step (optim.run(..., record_every=1))")
    x = validate.points("traj.x", traj.x, f.dim)
    g = f.grad(x[:-1])
    with np.errstate(over="ignore", invalid="ignore"):  # iterates that overflowed give nan rates, quietly
        dx = np.diff(x, axis=0)
        out = np.full(dx.shape, np.nan)
        np.divide(-dx, g, out=out, where=np.abs(g) > 0)
    return out


def adam_moments(grads, rho1: float = 0.9, rho2: float = 0.999) -> dict:
    r"""Adam's moment estimates along a gradient sequence ``grads`` ``(T, ...)`` (time first).

    Returns ``{"s", "r", "s_hat", "r_hat"}``, each shaped like ``grads``: the moving averages
    :math:`s_t = \rho_1 s_{t-1} + (1-\rho_1) g_t`, :math:`r_t = \rho_2 r_{t-1} + (1-\rho_2) g_t^2`
    (from 0) and their bias-corrected versions :math:`\hat s_t = s_t/(1-\rho_1^t)`,
    :math:`\hat r_t = r_t/(1-\rho_2^t)`, t = 1..T (Kingma & Ba 2015, alg. 1; Goodfellow et al.
    alg. 8.7). With a constant gradient g, ŝ_t = g and r̂_t = g² exactly, while s_t and
    √r_t start far below |g|.
    """
    g = validate.real_array("grads", grads, what="an array of gradients (T, ...)")
    if g.ndim < 1 or g.shape[0] == 0:
        raise ValueError(f"grads must be an array (T, ...) with T >= 1 steps; got shape {g.shape}")
    rho1 = validate.decay_rate("rho1", rho1, scalar=True)
    rho2 = validate.decay_rate("rho2", rho2, scalar=True)
    t = np.arange(1, g.shape[0] + 1).reshape((-1,) + (1,) * (g.ndim - 1))
    # s_t = (1 - rho) sum_j rho^(t-j) g_j, as a recurrence over time (vectorized over the rest)
    s, r = np.empty_like(g), np.empty_like(g)
    s_prev, r_prev = np.zeros(g.shape[1:]), np.zeros(g.shape[1:])
    with np.errstate(over="ignore", invalid="ignore"):  # a gradient whose square overflows gives inf
        for k in range(g.shape[0]):
            s_prev = rho1 * s_prev + (1 - rho1) * g[k]
            r_prev = rho2 * r_prev + (1 - rho2) * g[k] ** 2
            s[k], r[k] = s_prev, r_prev
        return {"s": s, "r": r, "s_hat": s / (1 - rho1**t), "r_hat": r / (1 - rho2**t)}


def ema_weights(rho, steps: int) -> np.ndarray:
    r"""The weight :math:`(1-\rho)\rho^j` an exponential average started at 0 gives the value j steps
    back, j = 0..steps-1; ``rho`` may be an array (one row of weights per value)."""
    rho = np.asarray(validate.decay_rate("rho", rho), dtype=float)
    steps = validate.integer("steps", steps, 1)
    validate.elements("steps", rho.shape + (steps,))
    j = np.arange(steps)
    return (1 - rho[..., None]) * rho[..., None] ** j


def ema_window(rho):
    r"""The mean age :math:`\rho/(1-\rho)` of what an exponential average remembers, plus one:
    :math:`1/(1-\rho)` steps (10 for ρ = 0.9, 1000 for ρ = 0.999)."""
    rho = validate.decay_rate("rho", rho)
    return 1.0 / (1.0 - rho)


def good_band(lrs, final_loss, threshold) -> np.ndarray:
    r"""The width, in decades, of the learning rates whose final loss is at most ``threshold``.

    ``lrs`` ``(n,)`` is an increasing log-spaced grid and ``final_loss`` ``(..., n)`` the final
    loss of a run at each rate (NaN or inf for a run that diverged). The width is
    :math:`\log_{10}(\varepsilon_{hi}/\varepsilon_{lo})` of the longest run of consecutive good
    rates, plus one grid step (so one good rate alone counts one grid step); 0 if none is good.
    """
    lrs = validate.real_array("lrs", lrs, finite=True)
    loss = validate.real_array("final_loss", final_loss, what="an array of losses (..., n)")
    if lrs.ndim != 1 or lrs.size < 2 or not (np.all(lrs > 0) and np.all(np.diff(lrs) > 0)):
        raise ValueError("lrs must be an increasing 1-D grid of at least two positive learning rates")
    if loss.shape[-1:] != lrs.shape:
        raise ValueError(
            f"final_loss must end with one value per learning rate of lrs ({lrs.size}); got shape {loss.shape}"
        )
    threshold = validate.in_range("threshold", threshold, -np.inf, np.inf, low_closed=False)
    step = np.log10(lrs[1] / lrs[0])
    good = np.nan_to_num(loss, nan=np.inf) <= threshold
    # the longest run of True along the last axis: cumulative count reset at every False
    run = np.zeros(good.shape[:-1], dtype=int)
    best = np.zeros(good.shape[:-1], dtype=int)
    for i in range(lrs.size):  # over the grid (tens of rates), vectorized over everything else
        run = np.where(good[..., i], run + 1, 0)
        best = np.maximum(best, run)
    return best * step
