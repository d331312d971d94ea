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
from .controls import int_slider, layout, log_slider, nearest, set_state, state_title
from .live import LiveFigure

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

    fig = Figure(figsize=(10, 4.2), layout="constrained")
    ax, ax_se = fig.subplots(1, 2, width_ratios=[1.6, 1])
    stairs = plots.sgd.histogram_stairs(edges, heights[0], ax, label="means of N draws")
    curve = plots.sgd.density_line(xs, pdf[0], ax, label="N(1/2, 1/(12N))")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08 * max(heights.max(), pdf.max()))
    ax.set_xlabel("mean of N draws of U(0, 1)")
    ax.set_ylabel("density")
    label = state_title(fig)
    plots.sgd.spread_vs_size(Ns, spread, 1 / np.sqrt(12), ax_se, label="std of the means", line_label="1/√(12N)")
    ax_se.set_xlabel("N (samples per mean)")
    handles, names = [], []
    for a in (ax, ax_se):
        h, n_ = a.get_legend_handles_labels()
        handles, names = handles + h, names + n_
    fig.legend(handles, names, loc="outside lower center", ncols=4)  # below both panels: over no curve
    ax_se.set_title(f"spread of {trials:,} means", fontsize="small")
    (marker,) = ax_se.plot([], [], "o", ms=11, mfc="none", mec=COLORS["start"], mew=2.5)

    def redraw(N):
        i = nearest(Ns, N)
        stairs.set_data(values=heights[i])
        curve.set_ydata(pdf[i])
        marker.set_data([Ns[i]], [spread[i]])
        set_state(label, f"N = {Ns[i]}: std of the means {spread[i]:.4f}; CLT: 1/√(12N) = {sd[i]:.4f}", "path")

    return LiveFigure(
        fig,
        redraw,
        {"N": int_slider("N", n, 1, n_max)},
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
    coordinate ``component``, standardized as (g_m − g)/(σ/√m) with g the full-batch gradient and
    σ the population std of the per-example gradients, so that every m fills the same axis and
    the CLT's prediction is the fixed density N(0, 1): what changes with m is the shape (the
    skewness, which falls like 1/√m, is in the label). Right: the spread against m with the
    line σ/√m.
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
    se = sigma / np.sqrt(sizes)  # σ/√m, the CLT's standard deviation for each size
    z = (g - full) / se[:, None]  # standardized: N(0, 1) if the CLT holds
    edges = np.linspace(-4.0, 4.0, bins + 1)
    heights = sampling.batched_histogram(z, edges)
    xs = np.linspace(-4.0, 4.0, 401)
    pdf = sampling.normal_pdf(xs)
    spread = g.std(axis=1)
    mean = g.mean(axis=1)
    centred = g - mean[:, None]
    skew = np.mean(centred**3, axis=1) / spread**3

    fig = Figure(figsize=(10, 4.6), layout="constrained")
    ax, ax_sd = fig.subplots(1, 2, width_ratios=[1.6, 1])
    stairs = plots.sgd.histogram_stairs(edges, heights[0], ax, label=f"{draws:,} minibatch gradients")
    plots.sgd.density_line(xs, pdf, ax, label="N(0, 1): the CLT")
    ax.axvline(0.0, color=COLORS["minimum"], lw=2, ls="--", label="full-batch gradient g")
    ax.set_xlim(-4.0, 4.0)
    top = 1.08 * max(heights[1:].max() if len(sizes) > 1 else heights.max(), pdf.max())
    ax.set_ylim(0, top)  # the smallest m's sharp peak may stand above the frame: the label says so
    ax.set_xlabel(f"(minibatch gradient − g) / (σ/√m), coordinate {component + 1}")
    ax.set_ylabel("density")

    label = state_title(fig)
    plots.sgd.spread_vs_size(sizes, spread, sigma, ax_sd, label="std of minibatch gradients")
    handles, names = [], []
    for a in (ax, ax_sd):
        h, n = a.get_legend_handles_labels()
        handles, names = handles + h, names + n
    fig.legend(handles, names, loc="outside lower center", ncols=3)  # below both panels: covers no data
    ax_sd.set_title("σ/√m (with replacement)", fontsize="small")
    (marker,) = ax_sd.plot([], [], "o", ms=11, mfc="none", mec=COLORS["start"], mew=2.5)

    def redraw(m):
        i = nearest(sizes, m, log=True)
        stairs.set_data(values=heights[i])
        marker.set_data([sizes[i]], [spread[i]])
        set_state(
            label,
            f"m = {sizes[i]}: mean {mean[i]:.3f} (g = {full:.3f}), std {spread[i]:.3f} (σ/√m = {se[i]:.3f})\n"
            f"skewness {skew[i]:.2f} (one example: {skew[0] * np.sqrt(sizes[0]):.2f}, shrinks like 1/√m)"
            + (f"; peak {heights[i].max():.2f} above the frame" if heights[i].max() > top else ""),
            "path",
        )

    return LiveFigure(
        fig,
        redraw,
        {"m": log_slider("m", m, np.log2(sizes.min()), np.log2(sizes.max()), 1, base=2, fmt=".0f")},
        animated=[stairs, marker, label],
        data={
            "sizes": sizes,
            "skew": skew,
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


def _verdicts(kind: int, tau: float):
    """(text for Σε, diverges?, text for Σε², converges?, limit of Σε, limit of Σε²) for one schedule, in units of ε0."""
    lim1, lim2 = schedule_limits(kind, 1.0, tau)
    if kind == 0:
        t1, t2 = "Σε → ∞\n(grows like ε0·k)", "Σε² → ∞\n(grows like ε0²·k)"
    elif kind == 1:
        t1, t2 = "Σε → ∞\n(grows like ε0·k/100)", "Σε² → ∞\n(grows like ε0²·k/10⁴)"
    elif kind == 2:
        t1, t2 = "Σε → ∞\n(grows like ε0·ln k)", f"Σε² → ε0²π²/6\n= {lim2:.3g} ε0²"
    else:
        t1, t2 = f"Σε → {lim1:.4g} ε0\n< ∞", f"Σε² → {lim2:.4g} ε0²\n< ∞"
    return t1, not np.isfinite(lim1), t2, bool(np.isfinite(lim2)), lim1, lim2


def schedule_explorer(
    *,
    steps: int = 10_000,
    tau_range=(10, 10_000),
    tau_per_decade: int = 8,
    kind: int = 1,
    tau: float = 1000,
    points: int = 300,
) -> LiveFigure:
    """A menu of schedule types and a slider over τ: ε_k and the partial sums Σ ε_j and Σ ε_j², on log-log axes.

    Every schedule is ε0 times a shape, so ε_k and Σ ε_j scale with ε0 and Σ ε_j² with ε0²: no
    choice of ε0 turns a sum from finite to infinite, and the panels show the curves in units of
    ε0 (ε0 = 1) instead of offering an ε0 slider that could not change a verdict. Every (type, τ)
    on the grid is computed when the explorer is built (``steps`` steps, drawn at ``points``
    log-spaced k); a move only swaps line data. The labels state the Robbins-Monro verdict from the
    exact limits: Σ ε_k = ∞ and Σ ε_k² < ∞ (Goodfellow et al., eqs. 8.12-8.13), a sufficient
    condition for convergence. Types: `SCHEDULE_NAMES`; τ is the decay time of linear decay
    (which ends at ε0/100, eq. 8.14), exponential and step decay, and its line is drawn only for them.
    Where a sum's limit is finite but the window reaches less than 99 % of it (exponential decay with
    τ near ``steps``), its verdict adds the share reached, since the curve still rises at the edge.
    """
    steps = validate.integer("steps", steps, 10)
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
    curves = np.empty((len(SCHEDULE_NAMES), len(taus), 3, shown.size))  # in units of ε0 (ε0 = 1)
    for t, i in np.ndindex(len(SCHEDULE_NAMES), len(taus)):  # 6 x ~25 small cumsums, once
        eps = np.asarray(_schedule(t, 1.0, taus[i])(k), dtype=float)
        curves[t, i] = np.stack([eps, np.cumsum(eps), np.cumsum(eps * eps)])[:, shown]
    tiny = 1e-12
    data = np.maximum(curves, tiny)  # (types, taus, 3, points)
    x = shown + 1  # plot against k + 1 so that k = 0 sits at 1 on the log axis

    fig = Figure(figsize=(11, 4.2), layout="constrained")
    axes = fig.subplots(1, 3)
    titles = ["ε_k / ε0", "Σ ε_j / ε0  (must → ∞)", "Σ ε_j² / ε0²  (must stay finite)"]
    lines, verdicts, limits = [], [], []
    for j, ax in enumerate(axes):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(1, steps)
        if j == 0:
            ax.set_ylim(3e-9, 3.0)
            ax.set_yticks(10.0 ** np.arange(-8, 1, 2))
        else:
            ax.set_ylim(0.5, 3.0 * data[:, :, j].max())
        ax.set_title(titles[j], fontsize="small")
        ax.set_xlabel("step k + 1")
        lines.append(ax.plot(x, data[0, 0, j], color=COLORS["path"], lw=2)[0])
        if j:
            limits.append(ax.axhline(1.0, color=COLORS["maximum"], lw=1, ls=":"))
            verdicts.append(
                ax.text(
                    0.03,
                    0.97,
                    "",
                    transform=ax.transAxes,
                    va="top",
                    fontsize="small",
                    fontweight="bold",
                    bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.7", alpha=0.9),
                )
            )
    tau_lines = [ax.axvline(taus[0], color=COLORS["start"], lw=1.2, ls="--") for ax in axes]
    label = state_title(fig, 1, alpha=None)

    def redraw(kind, tau):
        t = int(kind)
        i = nearest(taus, tau, log=True)
        for j in range(3):
            lines[j].set_ydata(data[t, i, j])
        uses_tau = t in (1, 4, 5)
        for vl in tau_lines:
            vl.set_xdata([taus[i], taus[i]])
            vl.set_visible(uses_tau)
        s1, ok1, s2, ok2, lim1, lim2 = _verdicts(t, taus[i])
        for j, (text, ok, v, lim) in enumerate(((s1, ok1, verdicts[0], lim1), (s2, ok2, verdicts[1], lim2)), 1):
            reached = data[t, i, j, -1] / lim if np.isfinite(lim) else 1.0
            if reached < 0.99:  # a finite limit far beyond the window: the curve still rises where it ends
                text += f"\n(by k = {steps:,}: {reached:.0%} of it)"
            v.set_text(("✓ " if ok else "✗ ") + text)
            v.set_color(plots.text_color("minimum" if ok else "diverged"))
        for line, lim in zip(limits, (lim1, lim2)):
            line.set_visible(bool(np.isfinite(lim)))
            line.set_ydata([lim, lim] if np.isfinite(lim) else [1.0, 1.0])
        both = ok1 and ok2
        set_state(
            label,
            f"{SCHEDULE_NAMES[t]}, "
            + (f"τ = {taus[i]:.0f}" if uses_tau else f"τ = {taus[i]:.0f} not used")
            + (": meets both Robbins–Monro conditions" if both else ": fails Robbins–Monro")
            + " (for every ε0)",
            "minimum" if both else "diverged",
        )

    controls = {
        "kind": widgets.Dropdown(
            options=[(name, t) for t, name in enumerate(SCHEDULE_NAMES)],
            value=kind,
            description="schedule",
            layout=layout(),
        ),
        "tau": log_slider("τ", tau, np.log10(taus[0]), np.log10(taus[-1]), 1 / tau_per_decade, fmt=".0f"),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=lines + tau_lines + limits + verdicts + [label],
        data={"taus": taus, "k": x - 1, "curves": data, "names": SCHEDULE_NAMES},
    )
