"""Explorers for adaptive methods: the race of five optimizers on two surfaces, and the
neural-network playground. Each precomputes every step in one batched `optim.run` (the
optimizers side by side through `optim.stack`), so a move of the step slider only indexes
the recorded paths."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import diagnostics, optim, plots
from .live import LiveFigure


def play_control(slider, interval: int = 60, step: int = 1) -> widgets.Play:
    """A Play button that advances ``slider`` (linked in the kernel, so tests can drive it)."""
    play = widgets.Play(
        value=slider.value, min=slider.min, max=slider.max, step=step, interval=interval, description="play"
    )
    widgets.link((play, "value"), (slider, "value"))
    return play


def race(named, surfaces, steps: int):
    """Run every optimizer of ``named`` (name -> Optimizer) from each surface's start, one
    batched run per surface. ``surfaces`` is a list of ``(f, x0)``. Returns a list of
    `optim.Trajectory`, rows in the order of ``named``."""
    opts = list(named.values())
    return [
        optim.run(optim.stack(opts), f, np.tile(np.asarray(x0, dtype=float), (len(opts), 1)), steps=steps)
        for f, x0 in surfaces
    ]


def _where(f, x, tol):
    """Name of the minimizer (global first) each row of ``x`` is within ``tol`` of, or None."""
    idx = diagnostics.nearest_point(x, f.minimizers, tol)
    names = ["global minimum"] + ["local minimum"] * (len(f.minimizers) - 1)
    return [names[i] if i >= 0 else None for i in idx]


def race_explorer(named, surfaces, *, steps: int = 200, tol: float = 1e-2, titles=None, step: int | None = None):
    """A step slider (and a Play button) over a race of optimizers on each surface.

    Top row: each surface's contours with every method's path up to step k and its position;
    bottom row: f(θ_k) − f* per method (log axis), with the current step marked. Each panel's
    title says which methods are within ``tol`` of which minimizer at step k.
    """
    names = list(named)
    trajs = race(named, surfaces, steps)
    n = len(surfaces)
    fig = Figure(figsize=(4.8 * n, 7.4), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False, height_ratios=[1.35, 1])
    drawn, markers = [], []
    for j, ((f, _), traj) in enumerate(zip(surfaces, trajs)):
        ax, ax_loss = axes[0, j], axes[1, j]
        plots.contours(f, ax, log=True, fill=False)
        ax.plot(*f.minimizers.T, "*", ms=13, color="0.15", zorder=5, gid="landmark")
        drawn.append(plots.adaptive.paths(names, ax))
        fstar = float(np.min(f.value(f.minimizers)))
        plots.adaptive.loss_curves(traj.steps, traj.loss - fstar, names, ax_loss)
        ax_loss.set_ylabel("f(θ_k) − f*")
        ax.set_title((titles or [f.name for f, _ in surfaces])[j], fontsize="medium")
        markers.append(ax_loss.axvline(0, color="0.3", lw=1))
    handles = drawn[0]["lines"]
    fig.legend(handles, names, loc="outside lower center", ncols=len(names), frameon=False)
    status = fig.suptitle("\n".join(["step 0"] * n), fontsize="small", ha="left", x=0.02, linespacing=1.4)

    short = [t.split(":")[0] for t in (titles or [f.name for f, _ in surfaces])]

    def redraw(k):
        k = int(k)
        lines = []
        for (f, _), traj, d, marker, title in zip(surfaces, trajs, drawn, markers, short):
            for i in range(len(names)):
                d["lines"][i].set_data(traj.x[: k + 1, i, 0], traj.x[: k + 1, i, 1])
                d["heads"][i].set_data(traj.x[k : k + 1, i, 0], traj.x[k : k + 1, i, 1])
            marker.set_xdata([k, k])
            where = _where(f, traj.x[k], tol)
            groups = {}
            for name, w in zip(names, where):
                groups.setdefault(w or "on the way", []).append(name)
            order = ["global minimum", "local minimum", "on the way"]
            lines.append(
                f"{title}, step {k}: " + "; ".join(f"{w}: {', '.join(groups[w])}" for w in order if w in groups)
            )
        status.set_text("\n".join(lines))

    slider = widgets.IntSlider(
        value=steps if step is None else step,
        min=0,
        max=steps,
        step=1,
        description="step k",
        continuous_update=True,
        layout=widgets.Layout(width="480px"),
    )
    animated = [a for d in drawn for a in d["lines"] + d["heads"]] + markers + [status]
    explorer = LiveFigure(
        fig, redraw, {"k": slider}, animated=animated, data={"names": names, "trajectories": trajs, "tol": tol}
    )
    explorer.play = play_control(slider, step=2)
    explorer.box.children = (explorer.play, *explorer.box.children)
    return explorer
