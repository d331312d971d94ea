"""Explorers for adaptive methods: the race of five optimizers on two surfaces, and the
neural-network playground. Each precomputes every step in one batched `optim.run` (the
optimizers side by side through `optim.stack`), so a move of the step slider only indexes
the recorded paths."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import diagnostics, optim, plots
from .controls import add_play, int_slider, nearest
from .controls import play_control as play_control  # its home was here
from .live import LiveFigure


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


def _label_minima(f, ax) -> list:
    """Name each star below it: "global min" where f is lowest, "local min" at the others."""
    values = np.asarray(f.value(f.minimizers), dtype=float)
    labels = []
    for x, v in zip(f.minimizers, values):
        text = "global min" if v == values.min() else "local min"
        labels.append(
            ax.annotate(
                text,
                x,
                xytext=(0, -9),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize="small",
                path_effects=plots.primitives.OUTLINE,
                zorder=5,
                gid="landmark",
            )
        )
    return labels


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
        _label_minima(f, ax)
        drawn.append(plots.adaptive.paths(names, ax))
        fstar = float(np.min(f.value(f.minimizers)))
        plots.adaptive.loss_curves(traj.steps, traj.loss - fstar, names, ax_loss)
        ax_loss.set_ylabel(r"$f(\theta_k) - f^*$")
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

    slider = int_slider("step k", steps if step is None else step, 0, steps)
    animated = [a for d in drawn for a in d["lines"] + d["heads"]] + markers + [status]
    explorer = LiveFigure(
        fig,
        redraw,
        {"k": slider},
        animated=animated,
        data={
            "names": names,
            "trajectories": trajs,
            "tol": tol,
            "surfaces": surfaces,
            "titles": list(titles or [f.name for f, _ in surfaces]),
        },
    )
    add_play(explorer, slider, step=2)
    return explorer


def playground(
    datasets: dict,
    named,
    *,
    sizes=(2, 16, 16, 2),
    activation: str = "tanh",
    steps: int = 1200,
    record_every: int = 25,
    grid_n: int = 60,
    seed: int = 0,
    weights=None,
):
    """Train one MLP per optimizer of ``named`` from one shared initialization on each data set,
    in one batched `optim.run` per data set; evaluate every recorded network on a grid.

    ``datasets`` maps a name to an `nn.datasets.Dataset`; ``weights`` is an `nn.init` scheme
    (default Glorot uniform). Returns a dict of, per data set,
    ``{"data", "net", "traj", "proba" (S, M, ny, nx), "accuracy" (S, M), "extent"}``.
    """
    from .. import nn

    opts = list(named.values())
    out = {}
    for i, (name, data) in enumerate(datasets.items()):
        net = nn.mlp(data.X, data.y, sizes=sizes, activation=activation)
        w0 = net.init(np.random.default_rng([seed, i]), 1, weights=weights or nn.init.glorot_uniform)
        traj = optim.run(optim.stack(opts), net, np.repeat(w0, len(opts), 0), steps=steps, record_every=record_every)
        grid = nn.datasets.grid(data.X, n=grid_n, margin=0.1)
        out[name] = {
            "data": data,
            "net": net,
            "traj": traj,
            "proba": net.on_grid(traj.x, grid),
            "accuracy": net.accuracy(traj.x),
            "extent": (grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]),
        }
    return out


def _leaders(names, losses, places: int = 3) -> str:
    """The lowest loss and every method that has it at the printed precision ("all equal" when all do)."""
    best = float(np.min(losses))
    tied = [n for n, v in zip(names, losses) if round(float(v), places) == round(best, places)]
    who = "all equal" if len(tied) == len(names) else ", ".join(tied)
    return f"lowest loss {best:.{places}f} ({who})"


def playground_explorer(datasets: dict, named, *, dataset: str | None = None, step: int | None = None, **train):
    """A neural-network playground: a data set dropdown and a step slider (with Play) over
    networks trained by every optimizer of ``named`` from the same start (see `playground`).

    Top: each optimizer's decision surface P(class 1) with the data; bottom: the training loss
    of every optimizer with the current step marked. Every control position is precomputed.
    """
    names = list(named)
    runs = playground(datasets, named, **train)
    first = next(iter(runs.values()))
    recorded = first["traj"].steps
    m = len(names)
    fig = Figure(figsize=(2.45 * m, 5.6), layout="constrained")
    grid = fig.add_gridspec(2, m, height_ratios=[1.25, 1])
    panels, titles = [], []
    for j, name in enumerate(names):
        ax = fig.add_subplot(grid[0, j])
        panels.append(plots.adaptive.decision_panel(first["extent"], ax))
        titles.append(ax.set_title(name, fontsize="small"))
    ax_loss = fig.add_subplot(grid[1, :])
    losses = plots.adaptive.loss_curves(recorded, first["traj"].loss, names, ax_loss, floor=1e-4)["lines"]
    ax_loss.set_ylabel("training loss")
    ax_loss.set_ylim(1e-4, 2.0)
    marker = ax_loss.axvline(0, color="0.3", lw=1)
    state = ax_loss.set_title("", fontsize="small")
    fig.legend(losses, names, loc="outside lower center", ncols=m, frameon=False)

    keys = list(datasets)
    shown = {"dataset": None}  # the data set the points, extents and loss curves show now

    def redraw(dataset, k):
        dataset = keys[int(dataset)]
        run = runs[dataset]
        i = nearest(recorded, k)
        if shown["dataset"] != dataset:  # the step slider alone leaves all of this as it is
            X, y = run["data"].X, run["data"].y
            for panel in panels:
                panel["image"].set_extent(run["extent"])
                for c, pts in enumerate(panel["points"]):
                    pts.set_data(X[y == c, 0], X[y == c, 1])
                panel["image"].axes.set_xlim(run["extent"][:2])
                panel["image"].axes.set_ylim(run["extent"][2:])
            for j, line in enumerate(losses):
                line.set_data(recorded, np.maximum(run["traj"].loss[:, j], 1e-4))
            shown["dataset"] = dataset
        for j, panel in enumerate(panels):
            panel["image"].set_data(run["proba"][i, j])
            titles[j].set_text(f"{names[j]}: {run['accuracy'][i, j]:.0%} right")
        marker.set_xdata([recorded[i], recorded[i]])
        state.set_text(f"{dataset}, step {recorded[i]}: {_leaders(names, run['traj'].loss[i])}")

    choose = widgets.Dropdown(
        options=[(name, i) for i, name in enumerate(datasets)],
        value=list(datasets).index(dataset) if dataset else 0,
        description="data",
    )
    slider = int_slider(
        "step k", int(recorded[-1]) if step is None else step, 0, int(recorded[-1]), int(recorded[1] - recorded[0])
    )
    animated = [a for p in panels for a in (p["image"], *p["points"])] + titles + losses + [marker, state]
    explorer = LiveFigure(
        fig,
        redraw,
        {"dataset": choose, "k": slider},
        animated=animated,
        data={"names": names, "runs": runs},
        cached=[*titles, state],  # a title takes a few strings over the whole step range
    )
    add_play(explorer, slider, step=slider.step)
    return explorer


def race_animation(explorer, frames, *, dpi: int = 60, interval: int = 150):
    """A matplotlib ``FuncAnimation`` of a `race_explorer`'s paths (the top row only, small), built
    from its precomputed trajectories. Save it with ``.to_jshtml()`` (a JavaScript player for
    notebooks and nbviewer) or ``.save(path, writer="pillow")`` (a GIF)."""
    from matplotlib.animation import FuncAnimation

    if not {"trajectories", "surfaces", "names"} <= set(getattr(explorer, "data", {})):
        raise ValueError("explorer must be a race_explorer (its data holds trajectories, surfaces and names)")
    frames = [int(k) for k in frames]
    trajs, surfaces, names = explorer.data["trajectories"], explorer.data["surfaces"], explorer.data["names"]
    if not frames or min(frames) < 0 or max(frames) >= len(trajs[0].steps):
        raise ValueError(f"frames must be steps in [0, {len(trajs[0].steps) - 1}]")
    fig = Figure(figsize=(3.3 * len(surfaces), 3.4), dpi=dpi, layout="constrained")
    axes = fig.subplots(1, len(surfaces), squeeze=False)[0]
    drawn = []
    for ax, (f, _), title in zip(axes, surfaces, explorer.data["titles"]):
        plots.contours(f, ax, n=80, levels=12, log=True, fill=False)
        ax.plot(*f.minimizers.T, "*", ms=11, color="0.15", zorder=5)
        _label_minima(f, ax)
        ax.set_title(title, fontsize="medium")
        drawn.append(plots.adaptive.paths(names, ax, lw=1.3))
    fig.legend(drawn[0]["lines"], names, loc="outside lower center", ncols=len(names), frameon=False, fontsize="small")
    clock = fig.suptitle("step 0", fontsize="small")

    def frame(k):
        for traj, d in zip(trajs, drawn):
            for i in range(len(names)):
                d["lines"][i].set_data(traj.x[: k + 1, i, 0], traj.x[: k + 1, i, 1])
                d["heads"][i].set_data(traj.x[k : k + 1, i, 0], traj.x[k : k + 1, i, 1])
        clock.set_text(f"step {k}")
        return [a for d in drawn for a in d["lines"] + d["heads"]] + [clock]

    FigureCanvasAgg(fig)
    return FuncAnimation(fig, frame, frames=frames, interval=interval, blit=False)


def race_animation_html(explorer, frames, **kw):
    """`race_animation` as matplotlib's JavaScript player (frames embedded as JPEG), for a trusted
    notebook. It plays only where the notebook's JavaScript runs (not on GitHub, nbviewer or in an
    untrusted notebook, where its image stays empty), and its button icons come from a CDN; the
    chapter shows ``res/race.gif`` instead."""
    import matplotlib as mpl
    from IPython.display import HTML

    with mpl.rc_context({"animation.frame_format": "jpeg"}):
        return HTML(race_animation(explorer, frames, **kw).to_jshtml(default_mode="once"))


def five_method_race():
    """The race of the adaptive-methods chapter, in one place for the notebook and `res/make_figures.py`.

    Gradient descent (ε = 0.05), momentum (ε = 0.03, α = 0.9), AdaGrad (ε = 0.3), RMSProp (ε = 0.02) and
    Adam (ε = 0.05) from (−2.5, 2) on a rotated valley with condition number 10 (all reach the
    minimum in 200 steps) and from (1.6, 0) on `objectives.two_minima` (a start in the local
    minimum's basin). Returns ``(racers, surfaces, titles)`` for `race_explorer`.
    """
    from ..objectives import quadratic, two_minima

    racers = {
        "GD": optim.sgd(0.05),
        "momentum": optim.momentum(0.03, 0.9),
        "AdaGrad": optim.adagrad(0.3),
        "RMSProp": optim.rmsprop(0.02),
        "Adam": optim.adam(0.05),
    }
    surfaces = [(quadratic(eigenvalues=[10.0, 1.0], angle=np.pi / 6), [-2.5, 2.0]), (two_minima(), [1.6, 0.0])]
    return racers, surfaces, ["valley", "two minima"]
