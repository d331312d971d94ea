r"""Online convex optimization on an interval, and the counterexample to Adam's convergence.

In online learning a new convex loss :math:`f_t` arrives at every step t = 1, 2, ...; the
learner picks :math:`x_t` in a feasible set F before seeing it. Its *regret* after T steps
is :math:`R_T = \sum_{t\le T} f_t(x_t) - \min_{x\in F} \sum_{t\le T} f_t(x)`, and a method
"converges" when :math:`R_T/T \to 0`.

Reddi, Kale & Kumar ("On the Convergence of Adam and Beyond", ICLR 2018, sec. 3) take
F = [−1, 1] and the linear losses

.. math:: f_t(x) = \begin{cases} C x & t \bmod 3 = 1 \\ -x & \text{otherwise} \end{cases}
   \qquad (C > 2),

whose sum over each period is (C − 2)x, minimized at x = −1. Their Theorem 1: Adam with
β1 = 0, β2 = 1/(1 + C²) and step α/√t drifts to x = +1, the worst point, so its average
regret stays near (C − 2)·2/3 per step; AMSGrad, whose second-moment estimate can only
grow, does not. The large gradient C comes once every three steps and Adam's short memory
forgets it, so the two small −1 gradients push x up more than the rare C pushes it down.

Runs are batch-first: ``x`` is ``(B, d)`` and every row is a separate learner (one
optimizer per row block with `optim.stack`, or a ``(B, 1)`` sweep of a hyperparameter).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validate


class OnlineRun(NamedTuple):
    """What `run_projected` records: x ``(T+1, B, d)`` (x_1 first), g ``(T, B, d)`` the gradient
    seen at each step, and the losses f_t(x_t) ``(T, B)`` when the losses are linear."""

    x: np.ndarray
    g: np.ndarray
    loss: np.ndarray


def _box(low, high):
    low = validate.in_range("low", low, -1e12, 1e12, scalar=True)
    high = validate.number("high", high)
    if not low < high < 1e12:
        raise ValueError(f"high must be above low and below 1e12 (the box is [low, high]); got low={low}, high={high}")
    return low, high


def reddi_gradient(C: float = 3.0):
    r"""The gradients of Reddi et al.'s losses: ``grad(k, x)`` at step k = 0, 1, 2, ... (t = k + 1)
    is C where t mod 3 = 1 and −1 otherwise, the same for every row and coordinate of ``x``.
    ``C`` > 2 (for C ≤ 2 the best point is not x = −1)."""
    C = validate.in_range("C", C, 2.0, 1e6, low_closed=False)

    def grad(k, x):
        return np.full(np.shape(x), C if k % 3 == 0 else -1.0)

    return grad


def run_projected(opt, grad, x0, steps: int, low: float = -1.0, high: float = 1.0) -> OnlineRun:
    r"""Run ``opt`` online for ``steps`` steps, projecting every iterate onto [low, high]^d.

    ``grad(k, x)`` returns the gradient of :math:`f_{k+1}` at x ``(B, d)``; the update is
    :math:`x \leftarrow \Pi_F(x + \text{update})`, clipping each coordinate. (Reddi et al.
    project in the norm weighted by :math:`\sqrt{\hat v}`; on a box that weighted projection
    is the same clipping, coordinate by coordinate.) ``loss`` holds :math:`g_t \cdot x_t`,
    the value of a *linear* loss :math:`f_t(x) = g_t\cdot x` at the point played.
    """
    validate.optimizer("opt", opt)
    if not callable(grad):
        raise ValueError(f"grad must be a function grad(k, x) returning the gradient at step k; got {grad!r}")
    steps = validate.integer("steps", steps, 1)
    low, high = _box(low, high)
    x = validate.real_array("x0", x0, finite=True, what="a finite (B, d) array of starting points").copy()
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"x0 must be a finite (B, d) array of starting points; got shape {x.shape}")
    validate.elements("steps", (2 * steps + 1,) + x.shape)  # the iterates and the gradients
    validate.work("steps", steps * (x.size + validate.STEP_OVERHEAD), "operations (steps x B x d)")
    x = np.clip(x, low, high)
    xs, gs = np.empty((steps + 1,) + x.shape), np.empty((steps,) + x.shape)
    xs[0] = x
    state = opt.init(x)
    for k in range(steps):
        g = validate.real_array("grad(k, x)", grad(k, x))
        if g.shape != x.shape:
            raise ValueError(f"grad(k, x) must return an array shaped like x {x.shape}; got {g.shape}")
        gs[k] = g
        updates, state = opt.update(g, state, x)
        x = np.clip(x + updates, low, high)
        xs[k + 1] = x
    return OnlineRun(xs, gs, np.einsum("tbd,tbd->tb", gs, xs[:-1]))


def average_regret(run: OnlineRun, low: float = -1.0, high: float = 1.0) -> np.ndarray:
    r""":math:`R_t / t` for t = 1..T of a run on *linear* losses over the box [low, high]^d, ``(T, B)``.

    For linear losses the best fixed point in hindsight is a corner of the box:
    :math:`\min_x \sum_s g_s\cdot x = \sum_i \min(G_i\,\text{low}, G_i\,\text{high})` with
    :math:`G = \sum_{s\le t} g_s`.
    """
    if not all(hasattr(run, a) for a in ("g", "loss")) or isinstance(run, type):
        raise ValueError(f"run must be an OnlineRun (what run_projected returns); got {type(run).__name__}")
    low, high = _box(low, high)
    g = validate.real_array("run.g", run.g)
    loss = validate.real_array("run.loss", run.loss)
    if g.ndim != 3 or loss.shape != g.shape[:2]:
        raise ValueError(f"run must hold g (T, B, d) and loss (T, B); got shapes {g.shape} and {loss.shape}")
    with np.errstate(over="ignore", invalid="ignore"):  # a run that overflowed gives inf or nan
        G = np.cumsum(g, axis=0)
        best = np.minimum(G * low, G * high).sum(-1)
        t = np.arange(1, len(G) + 1)[:, None]
        return (np.cumsum(loss, axis=0) - best) / t
