"""Explorers for initialization: weight scale and depth, repeated multiplication, cliffs and clipping.

Each explorer computes its whole slider range when it is built, in a few batched calls
(`propagation.depth_sweep` over every scale and depth, `propagation.propagated_norms` over
every eigenvalue magnitude, one `optim.run` per clipping mode over the learning-rate x
threshold grid), and its ``redraw`` only indexes the result and moves existing artists.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

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


def scale_depth_explorer(
    rng, *, width: int = 48, examples: int = 64, activation: str = "tanh", scale: float = 1.0, depth: int = 20
) -> LiveFigure:
    """Sliders for the weight scale s (W ~ N(0, s²/n)), the depth and the activation: the std of
    the activations (left, forward) and of the gradients dL/dh_l (right, backward) per layer.

    One set of standard-normal weights and inputs is drawn and scaled, so moving s changes only
    the scale (common random numbers). Everything comes from `propagation.depth_sweep`.
    """
    Z = rng.standard_normal((1, DEPTHS[-1], width, width)) / np.sqrt(width)
    X = rng.standard_normal((examples, width))
    s = np.array(list(SCALES.values()))
    Ws = s[:, None, None, None] * Z
    sweeps = {act: propagation.depth_sweep(Ws, X, act, DEPTHS) for act in ("tanh", "relu")}

    fig = Figure(figsize=(9.5, 3.8), layout="constrained")
    ax_f, ax_b = fig.subplots(1, 2, sharex=True)
    fwd = draw.layer_profile(np.ones(DEPTHS[-1] + 1), ax_f, 0, label="std of h_l")
    bwd = draw.layer_profile(np.ones(DEPTHS[-1] + 1), ax_b, 1, label="std of ∂L/∂h_l")
    for ax, name in ((ax_f, "forward: activations"), (ax_b, "backward: gradients")):
        ax.set_ylim(FLOOR / 3, CEILING * 3)
        ax.set_xlim(-0.5, DEPTHS[-1] + 0.5)
        ax.axhline(1.0, color="0.3", lw=0.8, ls=":")
        ax.set_ylabel(f"std ({name})")
    label_f = plots.state_label(ax_f, outside=True)
    label_b = plots.state_label(ax_b, outside=True)

    def redraw(activation, scale, depth):
        activation = ACTIVATIONS[activation]
        i = nearest(s, scale)
        k = DEPTHS.index(depth)
        act, grad, sat, _dead = (a[i, k] for a in sweeps[activation])
        layers = np.arange(depth + 1)
        fwd.set_data(layers, _shown(act[: depth + 1]))
        bwd.set_data(layers, _shown(grad[: depth + 1]))
        text, kind = signal_state(act, sat, activation, depth)
        set_state(label_f, f"{activation}, s = {s[i]:.2f}:\n{text}", kind)
        text, kind = gradient_state(grad, depth)
        set_state(label_b, f"gradient:\n{text}", kind)

    controls = {
        "activation": widgets.ToggleButtons(
            options=[(a, k) for k, a in enumerate(ACTIVATIONS)], value=ACTIVATIONS.index(activation), description="φ"
        ),
        "scale": selection_slider("scale s", list(SCALES.items()), min(s, key=lambda v: abs(v - scale))),
        "depth": selection_slider("depth L", list(DEPTHS), depth),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=[fwd, bwd, label_f, label_b],
        data={"scales": s, "depths": np.array(DEPTHS), "sweeps": sweeps},
    )


# --------------------------------------------------------------------------- W^t


def power_explorer(rng, *, d: int = 4, t_max: int = 60, rho: float = 0.9) -> LiveFigure:
    """A slider over ρ = max |λ|: ‖W^t x‖ and ‖(W^t)ᵀ g‖ against t for W = V diag(ρ μ) V⁻¹.

    μ = (1, 0.8, -0.6, 0.4, ...) fixes the eigenvalues' ratios and V is a random basis (not
    orthogonal), so W is not symmetric. Every ρ on the slider's grid is computed in one
    `propagation.propagated_norms` call.
    """
    rhos = np.round(np.arange(0.5, 1.5001, 0.02), 2)
    mu = np.array([1.0, 0.8, -0.6, 0.4, -0.3, 0.2, 0.1, -0.05])[:d]
    V = np.eye(d) + 0.4 * rng.standard_normal((d, d))
    x, g = rng.standard_normal(d), rng.standard_normal(d)
    fwd, bwd = propagation.propagated_norms(V, rhos[:, None] * mu, x, g, t_max)
    t = np.arange(t_max + 1)

    fig = Figure(figsize=(7.5, 3.8), layout="constrained")
    ax = fig.subplots()
    line_f = draw.norms_against_t(t, fwd[0], ax, 0, label="‖W^t x‖ (signal)")
    line_b = draw.norms_against_t(t, bwd[0], ax, 1, label="‖(W^t)ᵀ g‖ (gradient)")
    (ref,) = ax.semilogy(t, rhos[0] ** t, color="0.3", lw=1, ls=":", label="ρ^t")
    ax.set_ylim(1e-19, 1e12)
    ax.set_xlim(0, t_max)
    ax.set_ylabel("norm")
    ax.legend(loc="lower left", fontsize="x-small")
    label = plots.state_label(ax, outside=True)

    def redraw(rho):
        i = nearest(rhos, rho)
        line_f.set_ydata(fwd[i])
        line_b.set_ydata(bwd[i])
        ref.set_ydata(rhos[i] ** t)
        r = rhos[i]
        if np.isclose(r, 1.0):
            verdict, kind = "survives", "minimum"
        elif r < 1:
            verdict, kind = "vanishes", "inconclusive"
        else:
            verdict, kind = "explodes", "diverged"
        set_state(label, f"ρ = {r:.2f}: {verdict};\n‖W^{t_max} x‖ = {fwd[i, -1]:.1e}, gradient {bwd[i, -1]:.1e}", kind)

    return LiveFigure(
        fig,
        redraw,
        {"rho": slider("ρ = max|λ|", rho, 0.5, 1.5, 0.02)},
        animated=[line_f, line_b, ref, label],
        data={"rhos": rhos, "forward": fwd, "backward": bwd, "V": V, "mu": mu, "x": x, "g": g},
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


def clipping_explorer(*, lr: float = 0.1, threshold: float = 1.0, mode: str = "off", steps: int = 60) -> LiveFigure:
    """Sliders for the learning rate, the clipping threshold and the clipping mode: gradient
    descent from (-2.5, 1.5) on the cliff (Goodfellow et al. 2016, fig. 8.3; Pascanu et al. 2013)."""
    lrs = np.round(np.geomspace(0.01, 0.5, 15), 4)
    thresholds = np.round(np.geomspace(0.1, 10.0, 11), 3)
    f, runs = clipping_runs(lrs, thresholds, steps=steps)
    lo, hi = np.array([b[0] for b in f.bounds]), np.array([b[1] for b in f.bounds])
    jumps = {m: np.linalg.norm(np.diff(r.x, axis=0), axis=-1).max(axis=0) for m, r in runs.items()}
    outside = {m: np.any((r.x < lo) | (r.x > hi), axis=-1) for m, r in runs.items()}  # (T+1, B)

    fig = Figure(figsize=(8.0, 4.4), layout="constrained")
    ax = fig.subplots()
    plots.contours(f, ax, n=160, levels=30, log=True)
    ax.plot(*f.minimizers[0], "*", ms=14, color="white", mec="black", label="minimum")
    ax.plot(-2.5, 1.5, "o", ms=8, color="white", mec="black", label="start")
    (path,) = ax.plot([], [], "-o", ms=3, lw=1.2, **{"color": draw.init_style(1)["color"]}, label="iterates")
    ax.legend(loc="lower right", fontsize="x-small")
    label = plots.state_label(ax, outside=True)

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
        head = f"lr = {lrs[i]:g}, {clip}:\n"
        if r.diverged[b]:
            set_state(label, head + f"diverged at step {r.diverged_step[b]}", "diverged")
        elif outside[mode][:, b].any():
            k = int(np.argmax(outside[mode][:, b]))
            set_state(
                label, head + f"thrown out of the picture at step {k} (longest step {jumps[mode][b]:.1f})", "diverged"
            )
        elif xs[-1, 0] > 0:
            set_state(
                label, head + f"jumped the wall: ends on the high side, f = {float(r.loss[-1, b]):.2f}", "maximum"
            )
        else:
            fx = float(r.loss[-1, b])
            set_state(label, head + f"stays in the picture; longest step {jumps[mode][b]:.2f}, f = {fx:.2f}", "minimum")

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
        data={"lrs": lrs, "thresholds": thresholds, "runs": runs, "jumps": jumps, "outside": outside},
    )


__all__ = [
    "scale_depth_explorer",
    "power_explorer",
    "clipping_explorer",
    "clipping_runs",
    "signal_state",
    "gradient_state",
]
