"""Drawing for gradient descent: a learning-rate sweep coloured by regime, and where each
start of a 1-D run ends up (the 1-D picture of the basins of attraction)."""

from __future__ import annotations

import numpy as np

from .. import diagnostics
from ..style import CATEGORICAL, COLORS, MARKERS
from .primitives import _ax

#: One colour per `diagnostics` regime code (``style.CATEGORICAL["regimes"]``).
REGIME_COLORS = dict(enumerate(CATEGORICAL["regimes"].values()))
#: One marker per regime code, the second cue beside the colour (``style.MARKERS["regimes"]``).
REGIME_MARKERS = dict(enumerate(MARKERS["regimes"]))


#: The category `steps_by_rate` draws for runs that neither converge nor blow up within the run.
NOT_CONVERGING = "does not converge"


def short_number(v: float) -> str:
    """1e-06 -> '1e-6': short numbers for labels."""
    return f"{v:g}".replace("e-0", "e-").replace("e+0", "e")


def steps_by_rate(
    lrs, n_steps, codes, steps: int, tol: float, ax=None, legend_kw=None, bounded=None, refs=None
) -> dict:
    """Steps to tolerance against the learning rate (log axis), one dot per rate coloured by
    its `diagnostics` regime and with a marker per regime; runs that never arrive are drawn at
    ``steps`` (a dotted line). The legend sits above the axes (no title there), where it covers
    no dot; ``legend_kw`` overrides its placement.

    ``bounded`` (boolean, one per rate) splits the ``DIVERGED`` code: a run that did not converge
    but stayed bounded (it bounces, or grows too slowly to blow up within ``steps``) is drawn as
    its own category, "does not converge", in black with a downward triangle. ``refs`` maps labels
    to rates drawn as thin vertical reference lines, labelled at the top of the axes.

    Returns ``{"dots": [PathCollection per regime], "cap": Line2D, "refs": [Line2D]}``.
    """
    ax = _ax(ax)
    lrs, n_steps, codes = (np.asarray(v) for v in (lrs, n_steps, codes))
    shown = np.where(n_steps >= 0, n_steps, steps)
    bounded = (
        np.zeros(lrs.shape, bool) if bounded is None else np.asarray(bounded, bool) & (codes == diagnostics.DIVERGED)
    )
    groups = [(codes == code) & ~bounded for code in REGIME_COLORS]
    styles = [(color, REGIME_MARKERS[code], diagnostics.REGIMES[code]) for code, color in REGIME_COLORS.items()]
    if bounded.any():
        groups.insert(diagnostics.DIVERGED, bounded)
        styles.insert(diagnostics.DIVERGED, ("black", "v", NOT_CONVERGING))
    dots = [
        ax.scatter(lrs[m], shown[m], s=16, color=color, marker=marker, label=label)
        for m, (color, marker, label) in zip(groups, styles)
    ]
    lines = []
    for name, rate in (refs or {}).items():
        lines.append(ax.axvline(rate, color="0.55", lw=0.8, ls="--", zorder=0))
        ax.annotate(
            name,
            (rate, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize="small",
            color="0.35",
            rotation=90,
        )
    ax.set_xscale("log")
    ax.set_xlabel("learning rate ε")
    ax.set_ylabel(f"steps to |x - x*| ≤ {short_number(tol)}")
    ax.set_ylim(0, steps * 1.08)
    cap = ax.axhline(steps, color="0.6", lw=0.8, ls=":")
    kw = dict(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False, markerscale=1.3)
    kw.update(legend_kw or {})
    ax.legend(**kw)
    return {"dots": dots, "cap": cap, "refs": lines}


def end_points(starts, ends, landmarks: dict, ax=None) -> dict:
    """The last iterate against the start of every 1-D run, with the given landmarks (the
    destinations: critical points) as dashed horizontal lines named on a right-hand axis; the
    left axis keeps its numeric ticks, so where a run that is still moving ends can be read.

    Returns ``{"dots": Line2D, "levels": [Line2D], "names": SecondaryAxis}``.
    """
    ax = _ax(ax)
    (dots,) = ax.plot(np.ravel(starts), np.ravel(ends), ".", ms=3, color=COLORS["path"])
    marks = np.array([p[0] for p in landmarks.values()])
    levels = [ax.axhline(y, color="0.75", lw=0.8, ls="--") for y in marks]
    names = ax.secondary_yaxis("right")
    names.set_yticks(marks, list(landmarks), fontsize="small")
    ax.set_xlabel("start x₀")
    return {"dots": dots, "levels": levels, "names": names}
