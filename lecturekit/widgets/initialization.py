"""Explorers for initialization: weight scale and depth, repeated multiplication, cliffs and clipping.

Each explorer computes its whole slider range when it is built, in a few batched calls
(`propagation.depth_sweep` over every scale and depth, `propagation.propagated_norms` over
every eigenvalue magnitude, one `optim.run` per clipping mode over the learning-rate x
threshold grid), and its ``redraw`` only indexes the result and moves existing artists.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import optim, plots, propagation
from ..objectives import cliff
from ..plots import initialization as draw
from .controls import nearest, selection_slider, set_state, slider
from .live import LiveFigure

#: Weight scales of the scale/depth explorer: W ~ N(0, s²/n); named where a scheme picks them.
SCALES = {
    "0.25": 0.25,
    "0.5": 0.5,
    "0.75": 0.75,
    "1 (LeCun)": 1.0,
    "1.41 (He, √2)": float(np.sqrt(2.0)),
    "2": 2.0,
    "2.45 (notes' bound, √6)": float(np.sqrt(6.0)),
    "3": 3.0,
    "4": 4.0,
}
ACTIVATIONS = ("tanh", "relu")
DEPTHS = (2, 5, 10, 15, 20, 25, 30)
FLOOR, CEILING = 1e-24, 1e16


def _shown(v):
    """Values outside the plotted range are pinned to its edge (and the state label says so)."""
    return np.clip(np.nan_to_num(v, nan=np.nan, posinf=CEILING, neginf=FLOOR), FLOOR, CEILING)


def signal_state(act_std, saturated, activation: str, depth: int) -> tuple[str, str]:
    """The verdict on a forward profile ``(L+1,)`` at ``depth``: (text, `style.COLORS` kind)."""
    top = act_std[depth]
    ratio = top / act_std[0]
    if not np.isfinite(top) or ratio > 10:
        return f"explodes: std at layer {depth} is {top:.1e}", "diverged"
    if ratio < 1e-2:
        return f"vanishes: std at layer {depth} is {top:.1e}", "inconclusive"
    if activation == "tanh" and saturated[depth] > 0.05:
        return f"saturates: {100 * saturated[depth]:.0f}% of tanh units at ±1", "saddle"
    if ratio < 0.3:
        return f"shrinks: std at layer {depth} is {top:.2f}", "maximum"
    return f"survives: std at layer {depth} is {top:.2f}", "minimum"


def gradient_state(grad_std, depth: int) -> tuple[str, str]:
    """The verdict on a backward profile ``(L+1,)``: the gradient at the input against the output's."""
    ratio = grad_std[0] / grad_std[depth]
    if not np.isfinite(ratio) or ratio > 10:
        return f"explodes: at layer 0 it is {grad_std[0]:.1e}", "diverged"
    if ratio < 1e-2:
        return f"vanishes: at layer 0 it is {grad_std[0]:.1e}", "inconclusive"
    if ratio < 0.3:
        return f"shrinks: at layer 0 it is {grad_std[0]:.2f}", "maximum"
    return f"survives: at layer 0 it is {grad_std[0]:.2f}", "minimum"


def _log_limits(*profiles) -> tuple[float, float]:
    """y limits of a log axis that hold every finite positive value of ``profiles`` (and 1),
    padded to whole decades, at least three decades tall; inf is pinned to the top edge."""
    v = np.concatenate([np.ravel(p) for p in profiles] + [[1.0]])
    v = v[np.isfinite(v) & (v > 0)]
    lo = 10.0 ** np.floor(np.log10(max(v.min(), FLOOR)) - 0.2)
    hi = 10.0 ** np.ceil(np.log10(min(v.max(), CEILING)) + 0.2)
    if hi / lo < 1e3:
        lo, hi = lo / np.sqrt(1e3 * lo / hi), hi * np.sqrt(1e3 * lo / hi)
    return float(lo), float(hi)


def scale_depth_explorer(
    rng, *, width: int = 48, examples: int = 64, activation: str = "tanh", scale: float = 1.0, depth: int = 20
) -> LiveFigure:
    """Sliders for the weight scale s (W ~ N(0, s²/n)), the depth and the activation: the std of
    the activations (left, forward), of the gradients dL/dh_l (middle, backward) per layer, and
    the fraction of units that are stuck (right: tanh units with φ' < 0.01, or ReLU units
    with a <= 0 on every example).

    One set of standard-normal weights and inputs is drawn and scaled, so moving s changes only
    the scale (common random numbers). Everything comes from `propagation.depth_sweep`. The log
    axes follow the state shown (whole decades, at least three), so a fall from 1 to 0.14 is as
    visible as one to 1e-9.
    """
    Z = rng.standard_normal((1, DEPTHS[-1], width, width)) / np.sqrt(width)
    X = rng.standard_normal((examples, width))
    s = np.array(list(SCALES.values()))
    Ws = s[:, None, None, None] * Z
    sweeps = {act: propagation.depth_sweep(Ws, X, act, DEPTHS) for act in ("tanh", "relu")}

    fig = Figure(figsize=(11.0, 3.8), layout="constrained")
    ax_f, ax_b, ax_s = fig.subplots(1, 3, width_ratios=(1, 1, 0.75))
    fwd = draw.layer_profile(np.ones(DEPTHS[-1] + 1), ax_f, 0, label="std of $h_l$")
    bwd = draw.layer_profile(np.ones(DEPTHS[-1] + 1), ax_b, 1, label=r"std of $\partial L/\partial h_l$")
    stuck = draw.layer_profile(np.zeros(DEPTHS[-1]), ax_s, 2, log=False)
    stuck.set_xdata(np.arange(1, DEPTHS[-1] + 1))
    for ax, name in ((ax_f, "std of $h_l$ (forward)"), (ax_b, r"std of $\partial L/\partial h_l$ (backward)")):
        ax.set_xlim(-0.5, DEPTHS[-1] + 0.5)
        ax.axhline(1.0, color="0.3", lw=0.8, ls=":")
        ax.set_ylabel(name)
    ax_s.set_xlim(0.5, DEPTHS[-1] + 0.5)
    for ax in (ax_f, ax_b, ax_s):  # layers are whole numbers (and no tick sits on a half-layer edge)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    ax_s.set_ylim(-0.03, 1.03)
    ax_s.set_ylabel("fraction of units stuck")
    label_f = plots.state_label(ax_f, outside=True)
    label_b = plots.state_label(ax_b, outside=True)
    label_s = plots.state_label(ax_s, outside=True)
    shown = {"limits": None}

    def redraw(activation, scale, depth):
        activation = ACTIVATIONS[activation]
        i = nearest(s, scale)
        k = DEPTHS.index(depth)
        act, grad, sat, dead = (a[i, k] for a in sweeps[activation])
        layers = np.arange(depth + 1)
        fwd.set_data(layers, _shown(act[: depth + 1]))
        bwd.set_data(layers, _shown(grad[: depth + 1]))
        frac = sat if activation == "tanh" else dead
        stuck.set_data(layers[1:], frac[1 : depth + 1])
        limits = (_log_limits(act[: depth + 1]), _log_limits(grad[: depth + 1]), depth)
        changed = limits != shown["limits"]
        if changed:  # the axes follow the state: the static part is drawn again (LiveFigure's contract)
            ax_f.set_ylim(limits[0])
            ax_b.set_ylim(limits[1])
            for ax in (ax_f, ax_b, ax_s):
                ax.set_xlim(ax.get_xlim()[0], depth + 0.5)
            shown["limits"] = limits
        text, kind = signal_state(act, sat, activation, depth)
        set_state(label_f, f"{activation}, s = {s[i]:.2f}:\n{text}", kind)
        text, kind = gradient_state(grad, depth)
        set_state(label_b, f"gradient:\n{text}", kind)
        what = "saturated" if activation == "tanh" else "dead"
        set_state(label_s, f"{what}: {100 * frac[depth]:.0f}%\nat layer {depth}", "minimum")
        return changed

    controls = {
        "activation": widgets.ToggleButtons(
            options=[(a, k) for k, a in enumerate(ACTIVATIONS)], value=ACTIVATIONS.index(activation), description="φ"
        ),
        "scale": selection_slider("scale s", list(SCALES.items()), min(s, key=lambda v: abs(v - scale))),
        "depth": selection_slider("depth L", list(DEPTHS), depth),
    }
    live = LiveFigure(
        fig,
        redraw,
        controls,
        animated=[fwd, bwd, stuck, label_f, label_b, label_s],
        data={"scales": s, "depths": np.array(DEPTHS), "sweeps": sweeps},
    )
    # The layout is made with the widest tick labels the log axes can show.
    for ax in (ax_f, ax_b):
        ax.set_ylim(FLOOR, CEILING)
    live.freeze_layout()
    shown["limits"] = None
    live.update()
    return live


# --------------------------------------------------------------------------- W^t


#: How far the eigenvector basis V = Q + κ G is from orthogonal (Q orthogonal, G Gaussian).
SKEWS = (0.0, 1.0, 4.0, 8.0)


def power_explorer(rng, *, d: int = 4, t_max: int = 60, rho: float = 0.9, skew: float = 1.0) -> LiveFigure:
    """Sliders over ρ = max |λ| and κ, how non-normal W is: ‖W^t x‖ and ‖(W^t)ᵀ g‖ against t for
    W = V diag(ρ μ) V⁻¹, V = Q + κ G.

    μ = (1, 0.8, -0.6, 0.4, ...) fixes the eigenvalues' ratios; Q is a random orthogonal matrix
    and G a Gaussian one scaled by 1/√d, so κ = 0 gives a normal W (orthogonal eigenvectors:
    every norm is a mix of |λ_i|^t, never above ρ^t times the start) and a larger κ a W whose
    eigenvectors lean on each other, so ‖W^t x‖ can first grow although ρ < 1 (transient growth;
    Trefethen & Embree, *Spectra and Pseudospectra*, 2005). The dotted guide is ρ^t/100, a
    slope to compare with, set below the curves so it stays visible. Every (ρ, κ) on the grid is
    computed in one `propagation.propagated_norms` call per κ.
    """
    rhos = np.round(np.arange(0.5, 1.5001, 0.02), 2)
    mu = np.array([1.0, 0.8, -0.6, 0.4, -0.3, 0.2, 0.1, -0.05])[:d]
    Q = np.linalg.qr(rng.standard_normal((d, d)))[0]
    G = rng.standard_normal((d, d)) / np.sqrt(d)
    x, g = rng.standard_normal(d), rng.standard_normal(d)
    Vs = {k: Q + k * G for k in SKEWS}
    norms = {k: propagation.propagated_norms(V, rhos[:, None] * mu, x, g, t_max) for k, V in Vs.items()}
    conds = {k: float(np.linalg.cond(V)) for k, V in Vs.items()}
    t = np.arange(t_max + 1)

    fig = Figure(figsize=(7.5, 3.8), layout="constrained")
    ax = fig.subplots()
    line_f = draw.norms_against_t(t, norms[SKEWS[0]][0][0], ax, 0, label=r"$\|W^t x\|$ (signal)")
    line_b = draw.norms_against_t(t, norms[SKEWS[0]][1][0], ax, 1, label=r"$\|(W^t)^\top g\|$ (gradient)")
    (ref,) = ax.semilogy(t, rhos[0] ** t / 100, color="0.3", lw=1.2, ls=":", label=r"$\rho^t/100$ (slope guide)")
    ax.set_ylim(1e-19, 1e12)
    ax.set_xlim(0, t_max)
    ax.set_ylabel("norm")
    ax.legend(loc="lower left", fontsize="x-small")
    label = plots.state_label(ax, outside=True)

    def redraw(rho, skew):
        i = nearest(rhos, rho)
        k = SKEWS[nearest(np.array(SKEWS), skew)]
        fwd, bwd = norms[k]
        line_f.set_ydata(fwd[i])
        line_b.set_ydata(bwd[i])
        ref.set_ydata(rhos[i] ** t / 100)
        r = rhos[i]
        if np.isclose(r, 1.0):
            verdict, kind = "neither vanishes nor explodes", "minimum"
        elif r < 1:
            verdict, kind = "vanishes", "inconclusive"
        else:
            verdict, kind = "explodes", "diverged"
        peak = fwd[i].max() / fwd[i, 0]
        grow = f"; first grows ×{peak:.3g}" if r < 1 and peak > 1.05 else ""
        set_state(
            label,
            f"ρ = {r:.2f}, κ = {k:g} (cond V = {conds[k]:.3g}): {verdict}{grow};\n"
            f"‖W^{t_max} x‖ = {fwd[i, -1]:.1e}, gradient {bwd[i, -1]:.1e}",
            kind,
        )

    return LiveFigure(
        fig,
        redraw,
        {
            "rho": slider("ρ = max|λ|", rho, 0.5, 1.5, 0.02),
            "skew": selection_slider("non-normal κ", list(SKEWS), SKEWS[nearest(np.array(SKEWS), skew)]),
        },
        animated=[line_f, line_b, ref, label],
        data={"rhos": rhos, "skews": SKEWS, "norms": norms, "conds": conds, "V": Vs, "mu": mu, "x": x, "g": g},
    )


# --------------------------------------------------------------------------- cliff


CLIP_MODES = ("off", "by norm", "by value")


def clipping_runs(lrs, thresholds, start=(-2.5, 1.5), steps: int = 60):
    """Gradient descent on `objectives.cliff` from ``start`` for every (mode, lr, threshold):
    returns ``f`` and a dict mode -> Trajectory of B = len(lrs) * len(thresholds) runs
    (lr-major order), one batched `optim.run` per mode."""
    f = cliff()
    L, C = np.meshgrid(lrs, thresholds, indexing="ij")
    lr, c = L.reshape(-1, 1), C.reshape(-1, 1)
    x0 = np.tile(np.asarray(start, dtype=float), (lr.shape[0], 1))
    opts = {
        "off": optim.sgd(lr),
        "by norm": optim.chain(optim.clip_by_norm(c), optim.sgd(lr)),
        "by value": optim.chain(optim.clip_by_value(c), optim.sgd(lr)),
    }
    return f, {m: optim.run(opts[m], f, x0, steps) for m in CLIP_MODES}


def clipping_verdicts(x, lo, hi, tail: int = 10):
    """Where runs ``x`` ``(T+1, B, 2)`` on the cliff end up, judged on their last ``tail`` iterates
    (the verdict must not depend on the parity of the last step). Returns a list of B strings:
    ``"diverged"`` (not finite), ``"out"`` (the last iterate is outside the box ``lo``..``hi``),
    ``"high"`` (every one of the last iterates right of the wall, x > 0), ``"cycle"`` (they
    alternate sides and x_T is within 1e-3 of x_(T-2): a 2-cycle across the wall), ``"across"``
    (on both sides, no 2-cycle) or ``"low"`` (all on the low side)."""
    last = x[-tail:]
    finite = np.all(np.isfinite(last), axis=(0, 2))
    with np.errstate(invalid="ignore"):
        out = np.any((last[-1] < lo) | (last[-1] > hi), axis=-1)
        right = last[..., 0] > 0
        alternates = np.all(right[1:] != right[:-1], axis=0)
        two_cycle = alternates & (np.linalg.norm(last[-1] - last[-3], axis=-1) < 1e-3)
    verdicts = np.where(
        ~finite,
        "diverged",
        np.where(
            out,
            "out",
            np.where(
                right.all(axis=0), "high", np.where(two_cycle, "cycle", np.where(right.any(axis=0), "across", "low"))
            ),
        ),
    )
    return [str(v) for v in verdicts]


def clipping_explorer(*, lr: float = 0.1, threshold: float = 1.0, mode: str = "off", steps: int = 60) -> LiveFigure:
    """Sliders for the learning rate, the clipping threshold and the clipping mode: gradient
    descent from (-2.5, 1.5) on the cliff (Goodfellow et al. 2016, fig. 8.3; Pascanu et al. 2013).

    The learning rates are 10^(-2 + k/10), k = 0..17 (0.01 to 0.5, with 0.1 on the grid); the
    thresholds 10^(-1 + k/5), k = 0..10 (0.1 to 10). The verdict reads the last ten iterates
    (`clipping_verdicts`) and says whether the path left the picture on the way."""
    lrs = np.round(10.0 ** (-2 + np.arange(18) / 10), 4)
    thresholds = np.round(10.0 ** (-1 + np.arange(11) / 5), 3)
    f, runs = clipping_runs(lrs, thresholds, steps=steps)
    lo, hi = np.array([b[0] for b in f.bounds]), np.array([b[1] for b in f.bounds])
    jumps = {m: np.linalg.norm(np.diff(r.x, axis=0), axis=-1).max(axis=0) for m, r in runs.items()}
    outside = {m: np.any((r.x < lo) | (r.x > hi), axis=-1) for m, r in runs.items()}  # (T+1, B)
    verdicts = {m: clipping_verdicts(r.x, lo, hi) for m, r in runs.items()}

    fig = Figure(figsize=(7.4, 4.4), layout="constrained")
    ax = fig.subplots()
    cs = plots.contours(f, ax, n=160, levels=30, log=True)["contours"]
    bar = fig.colorbar(cs, ax=ax, shrink=0.85)
    bar.set_label(r"$\log_{10}(f - \min f)$")
    ax.axvline(0.0, color="white", lw=1.0, ls="--")
    ax.annotate(
        "wall: f rises by 4\nwithin |x| < 0.05",
        (0.0, 1.7),
        xytext=(-6, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        fontsize="x-small",
        path_effects=[patheffects.withStroke(linewidth=3, foreground="white")],
    )
    ax.plot(*f.minimizers[0], "*", ms=14, color="white", mec="black", label="minimum")
    ax.plot(-2.5, 1.5, "o", ms=8, color="black", mec="white", label="start")
    (path,) = ax.plot(
        [],
        [],
        "-o",
        ms=3.5,
        lw=1.4,
        color="white",
        mec="black",
        mew=0.8,
        label="iterates",
        path_effects=[patheffects.Stroke(linewidth=3.0, foreground="black"), patheffects.Normal()],
    )
    ax.legend(loc="lower right", fontsize="x-small", facecolor="0.85")
    label = plots.state_label(ax, outside=True)
    ends = {
        "diverged": ("ends outside the picture, f = {f:.2g}", "diverged"),
        "out": ("ends outside the picture, f = {f:.2g}", "diverged"),
        "high": ("jumped the wall: ends on the high side, f = {f:.2f}", "maximum"),
        "cycle": ("oscillates: a 2-cycle across the wall, f = {f:.2f} / {f2:.2f}", "saddle"),
        "across": ("bounces across the wall (no fixed cycle), f = {f:.2f}", "saddle"),
        "low": ("stays on the low side, f = {f:.2f}", "minimum"),
    }

    def redraw(lr, threshold, mode):
        mode = CLIP_MODES[mode]
        i, j = nearest(lrs, lr), nearest(thresholds, threshold, log=True)
        b = i * thresholds.size + j
        r = runs[mode]
        xs = r.x[:, b]
        path.set_data(xs[:, 0], xs[:, 1])
        clip = (
            f"no clipping (c = {thresholds[j]:g} unused)" if mode == "off" else f"clipped {mode} at {thresholds[j]:g}"
        )
        head = f"lr = {lrs[i]:g}, {clip}; longest step {jumps[mode][b]:.2g}:\n"
        verdict = verdicts[mode][b]
        if r.diverged[b]:
            set_state(label, head + f"diverged at step {r.diverged_step[b]}", "diverged")
            return
        text, kind = ends[verdict]
        text = text.format(f=float(r.loss[-1, b]), f2=float(r.loss[-2, b]))
        if outside[mode][:, b].any() and verdict != "out":
            text = f"left the picture at step {int(np.argmax(outside[mode][:, b]))}, then " + text
        set_state(label, head + text, kind)

    controls = {
        "lr": selection_slider("lr", [(f"{v:g}", v) for v in lrs], lrs[nearest(lrs, lr)]),
        "threshold": selection_slider(
            "threshold", [(f"{v:g}", v) for v in thresholds], thresholds[nearest(thresholds, threshold, log=True)]
        ),
        "mode": widgets.ToggleButtons(
            options=[(m, k) for k, m in enumerate(CLIP_MODES)], value=CLIP_MODES.index(mode), description="clipping"
        ),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=[path, label],
        data={
            "lrs": lrs,
            "thresholds": thresholds,
            "runs": runs,
            "jumps": jumps,
            "outside": outside,
            "verdicts": verdicts,
        },
    )


__all__ = [
    "scale_depth_explorer",
    "power_explorer",
    "clipping_explorer",
    "clipping_runs",
    "clipping_verdicts",
    "signal_state",
    "gradient_state",
]
