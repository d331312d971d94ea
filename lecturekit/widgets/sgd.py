"""Explorers for sampling noise and SGD: the central limit theorem, minibatch gradients, schedules.

Each explorer computes its whole slider range when it is built (every N, every batch size,
every schedule on a grid of ε0 and τ), in a few batched calls, and its ``redraw`` only swaps
the data of existing artists over fixed axes, so a slider move is one blitted PNG.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import plots, sampling, schedules, validate
from ..style import COLORS
from .live import LiveFigure

_WIDE = widgets.Layout(width="420px")


def _index(grid, value, log=False) -> int:
    grid = np.asarray(grid, dtype=float)
    if log:
        return int(np.argmin(np.abs(np.log(grid) - np.log(value))))
    return int(np.argmin(np.abs(grid - value)))


def _set_state(label, text: str, kind: str) -> None:
    label.set_text(text)
    label.set_color(COLORS[kind])
    label.get_bbox_patch().set_edgecolor(COLORS[kind])


# --------------------------------------------------------------------------- CLT


def clt_explorer(rng, *, n_max: int = 30, trials: int = 100_000, bins: int = 60, n: int = 3) -> LiveFigure:
    """A slider over N: the histogram of ``trials`` means of N draws of U(0, 1), and N(1/2, 1/(12N)).

    Left: the histogram (bin heights for every N precomputed from one `sampling.running_means`
    draw) with the CLT density. Right: the spread of the means against N on log-log axes, with
    the standard error 1/√(12N).
    """
    n_max = validate.integer("n_max", n_max, 2)
    bins = validate.integer("bins", bins, 2)
    means = sampling.running_means(rng, n_max, trials)  # (n_max, trials)
    edges = np.linspace(0.0, 1.0, bins + 1)
    heights = sampling.batched_histogram(means, edges)  # (n_max, bins)
    Ns = np.arange(1, n_max + 1)
    mu, sd = sampling.uniform_mean_law(Ns)
    xs = np.linspace(0.0, 1.0, 401)
    pdf = sampling.normal_pdf(xs, mu[:, None], sd[:, None])  # (n_max, 401)
    spread = means.std(axis=1)

    fig = Figure(figsize=(10, 3.6), layout="constrained")
    ax, ax_se = fig.subplots(1, 2, width_ratios=[1.6, 1])
    stairs = plots.sgd.histogram_stairs(edges, heights[0], ax, label="means of N draws")
    curve = plots.sgd.density_line(xs, pdf[0], ax, label="N(1/2, 1/(12N))")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08 * max(heights.max(), pdf.max()))
    ax.set_xlabel("mean of N draws of U(0, 1)")
    ax.set_ylabel("density")
    ax.legend(loc="upper right", fontsize="x-small")
    label = plots.state_label(ax)
    plots.sgd.spread_vs_size(Ns, spread, 1 / np.sqrt(12), ax_se, label="std of the means", line_label="1/√(12N)")
    ax_se.set_xlabel("N (samples per mean)")
    ax_se.legend(fontsize="x-small", loc="lower left")
    ax_se.set_title(f"spread of {trials:,} means", fontsize="small")
    (marker,) = ax_se.plot([], [], "o", ms=11, mfc="none", mec=COLORS["start"], mew=2.5)

    def redraw(N):
        i = _index(Ns, N)
        stairs.set_data(values=heights[i])
        curve.set_ydata(pdf[i])
        marker.set_data([Ns[i]], [spread[i]])
        _set_state(label, f"N = {Ns[i]}: std of the means {spread[i]:.4f}\nCLT: 1/√(12N) = {sd[i]:.4f}", "path")

    slider = widgets.IntSlider(value=n, min=1, max=n_max, step=1, description="N", continuous_update=True, layout=_WIDE)
    return LiveFigure(
        fig,
        redraw,
        {"N": slider},
        animated=[stairs, curve, marker, label],
        data={"Ns": Ns, "edges": edges, "heights": heights, "pdf": pdf, "spread": spread, "std": sd},
    )


# --------------------------------------------------------------------------- minibatch gradients


def minibatch_explorer(
    f, w, rng, *, sizes=None, draws: int = 4000, component: int = 0, bins: int = 60, m: int = 16
) -> LiveFigure:
    """A slider over the batch size m: the histogram of minibatch gradients of a data-set objective at ``w``.

    ``f`` has ``example_grads`` (e.g. `objectives.least_squares`); ``sizes`` (default 1, 2, 4,
    ..., 64) are the slider's batch sizes. For every size, ``draws`` minibatches drawn with
    replacement (`sampling.minibatch_means`, one batched call) give the histogram of gradient
    coordinate ``component``, drawn with the full-batch gradient and the CLT density
    N(g, σ²/m), σ the population std of the per-example gradients. Right: the spread against m
    with the line σ/√m.
    """
    if not hasattr(f, "example_grads"):
        raise ValueError(
            f"minibatch_explorer needs a data-set objective with example_grads; got {getattr(f, 'name', f)!r}"
        )
    w = np.asarray(w, dtype=float)
    if w.shape != (f.dim,):
        raise ValueError(f"w must be one weight vector of shape ({f.dim},); got {w.shape}")
    if not (isinstance(component, (int, np.integer)) and 0 <= component < f.dim):
        raise ValueError(f"component must be an integer in [0, {f.dim - 1}]; got {component!r}")
    sizes = 2 ** np.arange(7) if sizes is None else np.asarray(sizes)
    per_example = f.example_grads(w)[:, component]  # (n,)
    full, sigma = per_example.mean(), per_example.std()
    g = sampling.minibatch_means(rng, per_example, sizes, draws)  # (M, draws)
    lo, hi = full - 3.5 * sigma, full + 3.5 * sigma
    edges = np.linspace(lo, hi, bins + 1)
    heights = sampling.batched_histogram(g, edges)
    xs = np.linspace(lo, hi, 401)
    pdf = sampling.normal_pdf(xs, full, sigma / np.sqrt(sizes)[:, None])
    spread = g.std(axis=1)
    mean = g.mean(axis=1)

    fig = Figure(figsize=(10, 3.6), layout="constrained")
    ax, ax_sd = fig.subplots(1, 2, width_ratios=[1.6, 1])
    stairs = plots.sgd.histogram_stairs(edges, heights[0], ax, label=f"{draws:,} minibatch gradients")
    curve = plots.sgd.density_line(xs, pdf[0], ax, label="N(g, σ²/m)")
    ax.axvline(full, color=COLORS["minimum"], lw=2, label="full-batch gradient g")
    ax.set_xlim(lo, hi)
    ax.set_ylim(0, 1.08 * max(heights.max(), pdf.max()))
    ax.set_xlabel(f"gradient coordinate {component + 1} at w = ({', '.join(f'{v:g}' for v in w)})")
    ax.set_ylabel("density")
    ax.legend(loc="upper right", fontsize="x-small")
    label = plots.state_label(ax)
    plots.sgd.spread_vs_size(sizes, spread, sigma, ax_sd, label="std of minibatch gradients")
    ax_sd.legend(fontsize="x-small", loc="lower left")
    ax_sd.set_title("with replacement: σ/√m exactly", fontsize="small")
    (marker,) = ax_sd.plot([], [], "o", ms=11, mfc="none", mec=COLORS["start"], mew=2.5)

    def redraw(m):
        i = _index(sizes, m, log=True)
        stairs.set_data(values=heights[i])
        curve.set_ydata(pdf[i])
        marker.set_data([sizes[i]], [spread[i]])
        _set_state(
            label,
            f"m = {sizes[i]}: mean {mean[i]:.3f} (g = {full:.3f})\n"
            f"std {spread[i]:.3f} (σ/√m = {sigma / np.sqrt(sizes[i]):.3f})",
            "path",
        )

    slider = widgets.FloatLogSlider(
        value=m,
        base=2,
        min=np.log2(sizes.min()),
        max=np.log2(sizes.max()),
        step=1,
        description="m",
        readout_format=".0f",
        continuous_update=True,
        layout=_WIDE,
    )
    return LiveFigure(
        fig,
        redraw,
        {"m": slider},
        animated=[stairs, curve, marker, label],
        data={
            "sizes": sizes,
            "edges": edges,
            "heights": heights,
            "pdf": pdf,
            "spread": spread,
            "mean": mean,
            "full": full,
            "sigma": sigma,
        },
    )


# --------------------------------------------------------------------------- schedules

SCHEDULE_NAMES = (
    "constant",
    "linear decay to τ",
    "ε0/(k+1)",
    "ε0/(k+1)²",
    "exponential e^(−k/τ)",
    "step decay ×0.1 every τ",
)


def _schedule(kind: int, eps0: float, tau: float):
    """The `schedules` function for one type; τ is the decay time where the type has one."""
    return [
        lambda: schedules.constant(eps0),
        lambda: schedules.linear_decay(eps0, eps0 / 100, int(round(tau))),  # Goodfellow: ε_τ ≈ 1% of ε0
        lambda: schedules.inverse_time(eps0),
        lambda: schedules.inverse_square(eps0),
        lambda: schedules.exponential(eps0, 1.0 / tau),
        lambda: schedules.step_decay(eps0, 0.1, int(round(tau))),
    ][kind]()


def schedule_limits(kind: int, eps0: float, tau: float):
    """The exact limits of Σ_k ε_k and Σ_k ε_k² over all k >= 0 (``inf`` where a sum diverges).

    constant and linear decay (which stays at ε0/100 after τ): both infinite; ε0/(k+1):
    Σε = ∞, Σε² = ε0²π²/6; ε0/(k+1)²: ε0π²/6 and ε0²π⁴/90 (Basel and ζ(4)); exponential
    ε0 e^(−k/τ): geometric series ε0/(1 − e^(−1/τ)) and ε0²/(1 − e^(−2/τ)); step decay ×0.1
    every τ steps: τ ε0/(1 − 0.1) and τ ε0²/(1 − 0.01).
    """
    if kind in (0, 1):
        return np.inf, np.inf
    if kind == 2:
        return np.inf, eps0**2 * np.pi**2 / 6
    if kind == 3:
        return eps0 * np.pi**2 / 6, eps0**2 * np.pi**4 / 90
    if kind == 4:
        return eps0 / -np.expm1(-1 / tau), eps0**2 / -np.expm1(-2 / tau)
    n = int(round(tau))
    return eps0 * n / 0.9, eps0**2 * n / 0.99


def _verdicts(kind: int, eps0: float, tau: float):
    """(text for Σε, diverges?, text for Σε², converges?, limit of Σε, limit of Σε²) for one schedule."""
    lim1, lim2 = schedule_limits(kind, eps0, tau)
    tail = eps0 if kind == 0 else eps0 / 100
    if kind in (0, 1):
        t1, t2 = f"Σε → ∞ (grows like {tail:.3g}·k)", f"Σε² → ∞ (grows like {tail**2:.3g}·k)"
    elif kind == 2:
        t1, t2 = f"Σε → ∞ (grows like {eps0:.3g}·ln k)", f"Σε² → ε0²π²/6 = {lim2:.3g}"
    else:
        t1, t2 = f"Σε → {lim1:.3g} < ∞", f"Σε² → {lim2:.3g}"
    return t1, not np.isfinite(lim1), t2, bool(np.isfinite(lim2)), lim1, lim2


def schedule_explorer(
    *,
    steps: int = 10_000,
    eps0_range=(1e-3, 1.0),
    per_decade: int = 4,
    tau_range=(10, 10_000),
    tau_per_decade: int = 8,
    kind: int = 1,
    eps0: float = 0.1,
    tau: float = 1000,
    points: int = 300,
) -> LiveFigure:
    """Sliders over the schedule type, ε0 and τ: ε_k and the partial sums Σ ε_j and Σ ε_j² on log-log axes.

    Every (type, τ, ε0) on the sliders' grids is computed when the explorer is built
    (``steps`` steps, drawn at ``points`` log-spaced k); a move only swaps line data. The
    labels state the Robbins-Monro verdict from the exact limits: Σ ε_k = ∞ and
    Σ ε_k² < ∞ (Goodfellow et al., eqs. 8.12-8.13). Types: `SCHEDULE_NAMES`; τ is the decay
    time of linear decay (which ends at ε0/100, eq. 8.14), exponential and step decay.
    """
    steps = validate.integer("steps", steps, 10)
    eps0s = np.logspace(
        np.log10(eps0_range[0]),
        np.log10(eps0_range[1]),
        int(round(np.log10(eps0_range[1] / eps0_range[0]) * per_decade)) + 1,
    )
    taus = np.unique(
        np.round(
            np.logspace(
                np.log10(tau_range[0]),
                np.log10(tau_range[1]),
                int(round(np.log10(tau_range[1] / tau_range[0]) * tau_per_decade)) + 1,
            )
        )
    )
    k = np.arange(steps)
    shown = np.unique(np.round(np.geomspace(1, steps, points)).astype(int)) - 1  # indices k = 0 .. steps-1
    curves = np.empty((len(SCHEDULE_NAMES), len(taus), 3, shown.size))  # at ε0 = 1; scales as ε0, ε0, ε0²
    for t, kind_i in np.ndindex(len(SCHEDULE_NAMES), len(taus)):  # 6 x ~22 small cumsums, once
        eps = np.asarray(_schedule(t, 1.0, taus[kind_i])(k), dtype=float)
        curves[t, kind_i] = np.stack([eps, np.cumsum(eps), np.cumsum(eps * eps)])[:, shown]
    scale = np.stack([eps0s, eps0s, eps0s**2], axis=-1)  # (E, 3)
    data = curves[:, :, None] * scale[None, None, :, :, None]  # (types, taus, E, 3, points)
    tiny = 1e-12
    data = np.maximum(data, tiny)
    x = shown + 1  # plot against k + 1 so that k = 0 sits at 1 on the log axis

    fig = Figure(figsize=(11, 3.6), layout="constrained")
    axes = fig.subplots(1, 3)
    titles = ["learning rate ε_k", "Σ ε_j (must → ∞)", "Σ ε_j² (must stay finite)"]
    lines, verdicts, limits = [], [], []
    for j, ax in enumerate(axes):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(1, steps)
        top = data[..., j, :].max()
        bottom = max(data[..., j, :].min(), top * (1e-7 if j == 0 else 1e-9))
        ax.set_ylim(bottom, top * 3)
        ax.set_title(titles[j], fontsize="small")
        ax.set_xlabel("step k + 1")
        lines.append(ax.plot(x, data[0, 0, 0, j], color=COLORS["path"], lw=2)[0])
        if j:
            limits.append(ax.axhline(1.0, color=COLORS["maximum"], lw=1, ls=":"))
            verdicts.append(
                ax.text(
                    0.03,
                    0.97,
                    "",
                    transform=ax.transAxes,
                    va="top",
                    fontsize="x-small",
                    fontweight="bold",
                    bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.7", alpha=0.9),
                )
            )
    tau_lines = [ax.axvline(taus[0], color=COLORS["start"], lw=1.2, ls="--") for ax in axes]
    label = fig.suptitle(
        " ", fontsize="small", fontweight="bold", bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=COLORS["path"])
    )

    def redraw(kind, eps0, tau):
        t = int(kind)
        e, i = _index(eps0s, eps0, log=True), _index(taus, tau, log=True)
        for j in range(3):
            lines[j].set_ydata(data[t, i, e, j])
        for vl in tau_lines:
            vl.set_xdata([taus[i], taus[i]])
        s1, ok1, s2, ok2, lim1, lim2 = _verdicts(t, eps0s[e], taus[i])
        for text, ok, v in ((s1, ok1, verdicts[0]), (s2, ok2, verdicts[1])):
            v.set_text(("✓ " if ok else "✗ ") + text)
            v.set_color(COLORS["minimum"] if ok else COLORS["diverged"])
        for line, lim in zip(limits, (lim1, lim2)):
            line.set_visible(np.isfinite(lim))
            line.set_ydata([lim, lim] if np.isfinite(lim) else [1.0, 1.0])
        both = ok1 and ok2
        uses_tau = t in (1, 4, 5)
        _set_state(
            label,
            f"{SCHEDULE_NAMES[t]}, ε0 = {eps0s[e]:.3g}, "
            + (f"τ = {taus[i]:.0f}" if uses_tau else "τ not used")
            + (": meets both Robbins–Monro conditions" if both else ": fails Robbins–Monro"),
            "minimum" if both else "diverged",
        )

    controls = {
        "kind": widgets.Dropdown(
            options=[(name, t) for t, name in enumerate(SCHEDULE_NAMES)],
            value=kind,
            description="schedule",
            layout=_WIDE,
        ),
        "eps0": widgets.FloatLogSlider(
            value=eps0,
            base=10,
            min=np.log10(eps0s[0]),
            max=np.log10(eps0s[-1]),
            step=1 / per_decade,
            description="ε0",
            readout_format=".3g",
            continuous_update=True,
            layout=_WIDE,
        ),
        "tau": widgets.FloatLogSlider(
            value=tau,
            base=10,
            min=np.log10(taus[0]),
            max=np.log10(taus[-1]),
            step=1 / tau_per_decade,
            description="τ",
            readout_format=".0f",
            continuous_update=True,
            layout=_WIDE,
        ),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=lines + tau_lines + limits + verdicts + [label],
        data={"eps0s": eps0s, "taus": taus, "k": x - 1, "curves": data, "names": SCHEDULE_NAMES},
    )
