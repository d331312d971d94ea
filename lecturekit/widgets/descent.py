"""Explorers for gradient descent: what the learning rate does, and where a start leads.

Each explorer runs the whole slider range once, as one batched `optim.run` (every
learning rate, or every starting point, is a row of the batch), and its ``redraw`` only
picks a row and moves a few artists. That keeps a slider move to one PNG render.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import critical, diagnostics, optim, plots
from ..style import COLORS
from .controls import nearest, selection_slider, set_state, slider
from .live import LiveFigure

short_number = plots.descent.short_number


def _log_grid(low: float, high: float, per_decade: int, include=()) -> np.ndarray:
    """``per_decade`` log-spaced rates from ``low`` to ``high``, plus the rates in ``include`` exactly."""
    if not (0 < low < high and np.isfinite(high)):
        raise ValueError(f"need 0 < low < high for a learning-rate range; got ({low!r}, {high!r})")
    extra = np.asarray(include, dtype=float).ravel()
    if np.any(~np.isfinite(extra) | (extra < low) | (extra > high)):
        raise ValueError(f"include must hold rates in [{low!r}, {high!r}]; got {extra.tolist()}")
    n = int(round(np.log10(high / low) * per_decade)) + 1
    return np.unique(np.concatenate([np.logspace(np.log10(low), np.log10(high), n), extra]))


def learning_rate_sweep(f, x0, lrs, steps: int, tol: float):
    """Gradient descent from ``x0`` for every learning rate in ``lrs`` at once.

    Returns ``(traj, n_steps, codes)``: the `optim.run` trajectory (one row per rate), the
    steps each rate needed to come within ``tol`` of ``f.minimizers[0]`` (-1 if never)
    and its `diagnostics` regime code.
    """
    lrs = np.asarray(lrs, dtype=float)
    x0 = np.broadcast_to(np.asarray(x0, dtype=float), (lrs.size, f.dim))
    traj = optim.run(optim.sgd(lrs[:, None]), f, x0, steps=steps)
    x_star = f.minimizers[0]
    n_steps = optim.steps_to_tolerance(traj, tol, x_star=x_star)
    codes = diagnostics.regimes(traj.x, x_star, n_steps >= 0, traj.diverged)
    return traj, n_steps, codes


def learning_rate_explorer(
    f,
    x0,
    *,
    lr_min: float = 1e-3,
    lr_max: float = 1.0,
    per_decade: int = 20,
    lr: float | None = None,
    include=(),
    steps: int = 100,
    tol: float = 1e-6,
    xlim=None,
    ylim=None,
    refs=None,
) -> LiveFigure:
    """A slider over the learning rate of 1-D gradient descent on ``f`` from ``x0``.

    Left: the iterates on the curve, and the run's state (converged in k steps, too slow,
    diverged at step k). Right: the steps to reach ``tol`` for every rate on the slider
    (computed once, in one batched run), coloured by regime, with the current rate marked.

    The slider steps through ``per_decade`` log-spaced rates per decade plus the rates in
    ``include`` (e.g. 1/λ and 2/λ), which are on the grid exactly. ``refs`` (label -> rate) draws
    reference lines on the right panel. A run that neither converges nor exceeds 1e6 (it bounces,
    or grows too slowly) is its own category, "does not converge", apart from "diverges".
    """
    if f.dim != 1:
        raise ValueError(f"learning_rate_explorer draws 1-D objectives; {f.name} has d={f.dim}")
    lrs = _log_grid(lr_min, lr_max, per_decade, include)
    traj, n_steps, codes = learning_rate_sweep(f, x0, lrs, steps, tol)

    fig = Figure(figsize=(9.5, 3.6), layout="constrained")
    ax, ax_rate = fig.subplots(1, 2)
    plots.curve(f, ax, landmarks=False)
    if xlim is not None:
        ax.set_xlim(*xlim)
    if ylim is not None:
        ax.set_ylim(*ylim)
    (path,) = ax.plot([], [], "-o", ms=3, lw=1, color=COLORS["path"])
    (start,) = ax.plot([], [], "o", ms=8, color=COLORS["start"], zorder=5)
    label = plots.state_label(ax, outside=True)  # above the curve: it covers neither the curve nor the other panel

    bounded = (codes == diagnostics.DIVERGED) & ~traj.diverged
    plots.descent.steps_by_rate(lrs, n_steps, codes, steps, tol, ax_rate, bounded=bounded, refs=refs)
    ax_rate.get_legend().remove()  # five regimes: a legend under both panels, where it covers nothing
    fig.legend(
        *ax_rate.get_legend_handles_labels(), loc="outside lower center", ncols=3, frameon=False, markerscale=1.3
    )
    marker = ax_rate.axvline(lrs[0], color=COLORS["path"], lw=1.5)

    def redraw(lr):
        i = nearest(lrs, lr, log=True)
        last = traj.diverged_step[i] if traj.diverged[i] else steps
        xs = traj.x[: last + 1, i, 0]
        path.set_data(xs, f.value(xs[:, None]))
        start.set_data(xs[:1], f.value(xs[:1, None]))
        code = codes[i]
        if traj.diverged[i]:
            text, kind = f"ε = {lrs[i]:.3g}\ndiverged, |x| > 1e6 at step {last}", "diverged"
        elif code == diagnostics.DIVERGED:
            d0, d1 = (abs(xs[k] - f.minimizers[0, 0]) for k in (0, -1))
            text, kind = f"ε = {lrs[i]:.3g}\ndoes not converge, |x - x*| {d0:.3g} → {d1:.3g}", "inconclusive"
        elif code == diagnostics.SLOW:
            text, kind = (
                f"ε = {lrs[i]:.3g}\ntoo slow, not within {short_number(tol)} after {steps} steps",
                "inconclusive",
            )
        else:
            how = "oscillating" if code == diagnostics.OSCILLATING else "monotone"
            plural = "" if n_steps[i] == 1 else "s"
            text, kind = (
                f"ε = {lrs[i]:.3g}\n{how}, within {short_number(tol)} in {n_steps[i]} step{plural}",
                ("saddle" if code == diagnostics.OSCILLATING else "minimum"),
            )
        set_state(label, text, kind)
        marker.set_xdata([lrs[i], lrs[i]])

    default = lrs[len(lrs) // 2] if lr is None else lrs[nearest(lrs, lr, log=True)]
    return LiveFigure(
        fig,
        redraw,
        {"lr": selection_slider("ε", [(f"{v:.3g}", float(v)) for v in lrs], float(default))},
        animated=[path, start, label, marker],
        data={"lrs": lrs, "traj": traj, "n_steps": n_steps, "codes": codes, "bounded": bounded},
    )


def critical_landmarks(f) -> dict:
    """The landmarks of ``f`` that are critical points (`critical.classify_point`): the only places a run can end.

    A plateau has a small but nonzero slope, so a run slows down on it but does not stop there.
    """
    names = list(f.landmarks)
    verdicts = critical.classify_point(f, np.array([f.landmarks[n] for n in names]))
    return {n: f.landmarks[n] for n, v in zip(names, np.atleast_1d(verdicts)) if v != "not critical"}


def start_point_sweep(f, starts, lr: float, steps: int, tol: float):
    """Gradient descent from every start in ``starts`` ``(B, d)`` at once.

    Returns ``(traj, landmark_index)``: the trajectory and, for each run, the index of the
    critical landmark of ``f`` (in `critical_landmarks` order) within ``tol`` of its last
    iterate, or -1 (the run is still moving, e.g. on a plateau).
    """
    traj = optim.run(optim.sgd(lr), f, starts, steps=steps)
    points = np.array(list(critical_landmarks(f).values()))
    return traj, diagnostics.nearest_point(traj.x[-1], points, tol)


def start_point_explorer(
    f, *, lr: float = 0.05, steps: int = 300, tol: float = 0.1, step: float = 0.05, x0: float | None = None
) -> LiveFigure:
    """A slider over the starting point of 1-D gradient descent on ``f`` (fixed learning rate).

    Left: the curve with its landmarks and the run from the chosen start. Right: where every
    start on the slider ends (the last iterate against the start, one batched run), which is
    the 1-D picture of the basins of attraction; numeric ticks on the left, the critical points
    (the only destinations) named on the right. A run that ends within ``tol`` of no critical
    point is "still moving".
    """
    if f.dim != 1:
        raise ValueError(f"start_point_explorer draws 1-D objectives; {f.name} has d={f.dim}")
    ((lo, hi),) = f.bounds
    starts = np.round(np.arange(lo, hi + step / 2, step), 10)[:, None]
    traj, where = start_point_sweep(f, starts, lr, steps, tol)
    destinations = critical_landmarks(f)
    names = list(destinations)

    fig = Figure(figsize=(9.5, 3.6), layout="constrained")
    ax, ax_end = fig.subplots(1, 2)
    plots.curve(f, ax)
    (path,) = ax.plot([], [], "-o", ms=3, lw=1, color=COLORS["path"], alpha=0.8)
    # not clipped, so a start at either end of the range shows whole; the end star is hollow, so a
    # landmark under it (the flat inflection point, where the default run stalls) stays visible
    (start,) = ax.plot([], [], "o", ms=9, color=COLORS["start"], zorder=6, clip_on=False)
    (end,) = ax.plot([], [], "*", ms=16, mfc="none", mew=1.6, color=COLORS["path"], zorder=7, clip_on=False)
    # the state goes above the curve, in two lines, so that it never covers the plateau or a path
    label = ax.text(0.0, 1.03, "", transform=ax.transAxes, ha="left", va="bottom", fontsize="small")

    plots.descent.end_points(starts[:, 0], traj.x[-1, :, 0], destinations, ax_end)
    ax_end.set_ylabel(f"x after {steps} steps")
    ax_end.set_title(f"all starts, ε = {lr:g}", fontsize="small")
    marker = ax_end.axvline(starts[0, 0], color=COLORS["start"], lw=1.5)

    def redraw(x0):
        i = nearest(starts[:, 0], x0)
        xs = traj.x[:, i, 0]
        ys = f.value(xs[:, None])
        path.set_data(xs, ys)
        start.set_data(xs[:1], ys[:1])
        end.set_data(xs[-1:], ys[-1:])
        g = abs(f.grad(xs[-1:, None])[0, 0])
        if where[i] >= 0:
            text = f"x₀ = {xs[0]:.2f} → {names[where[i]]}\nat x = {xs[-1]:.2f} after {steps} steps, |f'| = {g:.1e}"
        else:
            text = f"x₀ = {xs[0]:.2f} → still moving\nat x = {xs[-1]:.2f} after {steps} steps, |f'| = {g:.1e}"
        label.set_text(text)
        marker.set_xdata([xs[0], xs[0]])

    default = starts[len(starts) // 2, 0] if x0 is None else x0
    return LiveFigure(
        fig,
        redraw,
        {"x0": slider("x₀", default, starts[0, 0], starts[-1, 0], step)},
        animated=[path, start, end, label, marker],
        data={"starts": starts, "traj": traj, "where": where},
    )
