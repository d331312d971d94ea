"""Drawing momentum: (ε, α) maps of the rate and the regimes, their boundary curves, phase
portraits, per-eigenvector errors and step counts against the condition number.

Every function takes arrays (computed by `lecturekit.momentum` or `optim.run`) and an
optional ``ax``, draws, and returns its artists. Regimes are told apart by colour *and*
hatching; lines by colour *and* line style or marker.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Patch

from .. import momentum
from ..style import COLORS, palette

#: The regime codes of `momentum.regime` draw with the registered palette ``"momentum regimes"``
#: (`style.CATEGORICAL`), one hatch each as the second cue.
PALETTE = "momentum regimes"
REGIME_HATCHES = ("", "..", "//", "xx")
SHORT_REGIMES = tuple(palette(PALETTE))
METHOD_NAMES = {"heavy_ball": "heavy ball", "nesterov": "Nesterov"}


def _ax(ax):
    return plt.gca() if ax is None else ax


def regime_colors() -> list:
    """The regime colours in code order, read from the registry when called."""
    return list(palette(PALETTE).values())


def regime_handles() -> list:
    """Legend patches for the four regimes (colour and hatch)."""
    return [
        Patch(facecolor=c, edgecolor="0.25", hatch=h, label=name, alpha=0.85)
        for c, h, name in zip(regime_colors(), REGIME_HATCHES, SHORT_REGIMES)
    ]


def regime_map(codes, lrs, alphas, ax=None, xlabel: str = "ε λ") -> dict:
    """Fill the (ε, α) plane by regime code ``(n_alpha, n_lr)``: one colour and hatch per regime.

    ``lrs`` ``(n_lr,)`` and ``alphas`` ``(n_alpha,)`` are the grid axes. No legend (put
    `regime_handles` outside the axes). Returns ``{"regions": ContourSet}``.
    """
    ax = _ax(ax)
    codes = np.asarray(codes)
    cs = ax.contourf(
        lrs,
        alphas,
        codes,
        levels=[-0.5, 0.5, 1.5, 2.5, 3.5],
        colors=regime_colors(),
        hatches=list(REGIME_HATCHES),
        alpha=0.85,
    )
    ax.set_xlim(lrs[0], lrs[-1])
    ax.set_ylim(alphas[0], alphas[-1])
    ax.set_xlabel(xlabel)
    ax.set_ylabel("momentum α")
    return {"regions": cs}


def _spread_labels(ax, labels, pad: float = 0.01, slack: float = 1.3) -> list:
    """Keep the contour labels whose box lies inside the axes and clear of every label kept before; remove the others.

    A label near an edge is cut by it (or reaches into the title), and labels of neighbouring levels
    pile up where the contours crowd together; the colour bar names every level, so a dropped label
    loses nothing. The box is estimated from the label's font size, length and rotation against the
    axes' size in points, with ``slack`` for what a later layout takes off the axes, so the choice
    needs no renderer. Returns the kept labels.
    """
    width_in, height_in = ax.figure.get_size_inches()
    where = ax.get_position()
    ax_w, ax_h = where.width * width_in * 72, where.height * height_in * 72  # the axes in points
    kept, boxes = [], []
    for t in labels:
        x, y = ax.transLimits.transform(t.get_position())  # axes fractions
        size = t.get_fontsize()
        w, h = 0.62 * size * len(t.get_text()), 1.25 * size
        turn = np.deg2rad(t.get_rotation())
        hx = slack * (w * abs(np.cos(turn)) + h * abs(np.sin(turn))) / (2 * ax_w)
        hy = slack * (w * abs(np.sin(turn)) + h * abs(np.cos(turn))) / (2 * ax_h)
        box = (x - hx, x + hx, y - hy, y + hy)
        inside = box[0] >= pad and box[1] <= 1 - pad and box[2] >= pad and box[3] <= 1 - pad
        clear = all(box[1] < b[0] or b[1] < box[0] or box[3] < b[2] or b[3] < box[2] for b in boxes)
        if inside and clear:
            kept.append(t)
            boxes.append(box)
        else:
            t.remove()
    return kept


def rate_map(
    rate,
    lrs,
    alphas,
    ax=None,
    levels=(0.5, 0.8, 0.9, 0.95, 0.99),
    xlabel: str = "learning rate ε",
    colorbar: bool = True,
) -> dict:
    """The convergence rate ρ over the (ε, α) plane, ``(n_alpha, n_lr)``; ρ >= 1 drawn as a hatched region.

    Converging points are shaded by ρ (viridis on [0, 1], dark = fast), with white contour lines at
    ``levels``, labelled where a label fits inside the axes; the divergent region is grey with
    cross-hatching. With ``colorbar`` a colour bar beside ``ax`` reads the shading and marks every
    level as a white line. Returns ``{"mesh", "diverged", "contours", "colorbar"}`` (the last None
    without one).
    """
    ax = _ax(ax)
    rate = np.asarray(rate, dtype=float)
    shown = np.ma.masked_where(~(rate < 1), rate)
    mesh = ax.pcolormesh(lrs, alphas, shown, cmap="viridis", vmin=0.0, vmax=1.0, shading="auto", rasterized=True)
    bad = np.where(rate < 1, 0.0, 1.0)
    diverged = ax.contourf(lrs, alphas, bad, levels=[0.5, 1.5], colors=["0.82"], hatches=["xx"])
    contours = ax.contour(lrs, alphas, rate, levels=list(levels), colors="white", linewidths=0.8)
    ax.set_xlim(lrs[0], lrs[-1])
    ax.set_ylim(alphas[0], alphas[-1])
    label = dict(fmt=lambda v: f"ρ={v:g}", fontsize="x-small")
    places = [t.get_position() for t in _spread_labels(ax, ax.clabel(contours, inline=False, **label))]
    for t in ax.texts[:]:  # the trial labels: placed again below, where they fit, and cut into their lines
        if t in contours.labelTexts:
            t.remove()
    contours.labelTexts, contours.labelCValues = [], []
    if places:
        ax.clabel(contours, manual=places, **label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("momentum α")
    bar = None
    if colorbar:
        bar = ax.figure.colorbar(mesh, ax=ax, pad=0.02, fraction=0.06, aspect=25)
        bar.set_label("rate ρ")
        bar.add_lines(contours)
    return {"mesh": mesh, "diverged": diverged, "contours": contours, "colorbar": bar}


def boundary_curves(eigenvalue: float, lrs, ax=None, method: str = "heavy_ball", labels: bool = True) -> list:
    """Draw, for one eigenvalue λ, the critical-damping curve (dashed) and the stability limit (solid) over ``lrs``.

    heavy ball: α = (1 − √(ελ))² and α = ελ/2 − 1; Nesterov: α = (1 − √(ελ))/(1 + √(ελ)) and
    α = (2 − ελ)/(2(ελ − 1)) (the limit `momentum.stability_limit` solved for α). Returns the lines.
    """
    ax = _ax(ax)
    lrs = np.asarray(lrs, dtype=float)
    h = lrs * eigenvalue
    crit = momentum.critical_damping(h, method)
    with np.errstate(divide="ignore", invalid="ignore"):
        limit = h / 2 - 1 if method == "heavy_ball" else (2 - h) / (2 * (h - 1))
    limit = np.where((limit >= 0) & (limit < 1) & (h > 1), limit, np.nan)
    name = f"λ = {eigenvalue:g}" if labels else None
    (c,) = ax.plot(lrs, crit, "--", color="black", lw=1.4, label=f"critical damping, {name}" if labels else None)
    (s,) = ax.plot(lrs, limit, "-", color="black", lw=1.8, label=f"stability limit, {name}" if labels else None)
    return [c, s]


def marker(ax=None, **kw):
    """An empty marker for the current (ε, α), to move with ``set_data``; not clipped, so that it is
    drawn whole at a corner of the slider grid too (there it reaches over the axes' edge)."""
    ax = _ax(ax)
    style = dict(marker="o", ms=11, mfc="none", mec=COLORS["path"], mew=2.5, ls="none", zorder=6, clip_on=False)
    style.update(kw)
    (m,) = ax.plot([], [], **style)
    return m


def phase_path(x, v, ax=None, **kw):
    """The path of one eigencomponent in the (error, velocity) plane, ``x``, ``v`` ``(T+1,)``; returns the line."""
    ax = _ax(ax)
    style = dict(color=COLORS["path"], marker="o", ms=3, lw=1.2)
    style.update(kw)
    (line,) = ax.plot(x, v, **style)
    ax.set_xlabel("error x_k along the eigenvector")
    ax.set_ylabel("velocity v_k")
    return line


def eigen_error_lines(steps, errors, eigenvalues, ax=None, labels: bool = True) -> list:
    """|error| along each eigenvector against the step, ``errors`` ``(T+1, d)``, log scale; one line per λ.

    Colour runs from dark (small λ, slow) to light (large λ, fast) along viridis, and the
    line styles cycle, so the lines stay apart without colour. Returns the lines.
    """
    ax = _ax(ax)
    errors = np.abs(np.asarray(errors, dtype=float))
    d = errors.shape[-1]
    cmap = plt.get_cmap("viridis")
    styles = ["-", "--", "-.", ":"]
    lines = []
    for i in range(d):
        (line,) = ax.semilogy(
            steps,
            errors[:, i],
            styles[i % 4],
            color=cmap(0.85 * i / max(d - 1, 1)),
            lw=2,
            label=f"λ = {eigenvalues[i]:.3g}" if labels else None,
        )
        lines.append(line)
    ax.set_xlabel("step k")
    ax.set_ylabel("|error| along the eigenvector")
    return lines


def steps_vs_kappa(kappas, series: dict, ax=None) -> list:
    """Steps to a tolerance against κ on log-log axes; ``series`` name -> (measured, predicted) arrays.

    Measured counts are markers, predictions lines of the same colour; methods differ by
    marker shape too. Returns the artists.
    """
    ax = _ax(ax)
    keys = ["maximum", "path", "minimum", "saddle"]
    markers = ["o", "s", "^", "D"]
    out = []
    for i, (name, (measured, predicted)) in enumerate(series.items()):
        color = COLORS[keys[i % 4]]
        out += ax.loglog(
            kappas, measured, markers[i % 4], color=color, ms=7, mfc="none", mew=2, label=f"{name}: measured"
        )
        out += ax.loglog(kappas, predicted, "-", color=color, lw=1.5, label=f"{name}: prediction")
    ax.set_xlabel("condition number κ")
    ax.set_ylabel("steps to reach the tolerance")
    return out


def legend_outside(ax, handles=None, **kw):
    """A legend to the right of ``ax``, outside the data."""
    style = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    style.update(kw)
    return ax.legend(handles=handles, **style) if handles is not None else ax.legend(**style)
