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


def short_number(v: float) -> str:
    """1e-06 -> '1e-6': short numbers for labels."""
    return f"{v:g}".replace("e-0", "e-").replace("e+0", "e")


def steps_by_rate(lrs, n_steps, codes, steps: int, tol: float, ax=None) -> dict:
    """Steps to tolerance against the learning rate (log axis), one dot per rate coloured by
    its `diagnostics` regime; runs that never arrive are drawn at ``steps`` (a dotted line).

    Returns ``{"dots": [PathCollection per regime], "cap": Line2D}``.
    """
    ax = _ax(ax)
    lrs, n_steps, codes = (np.asarray(v) for v in (lrs, n_steps, codes))
    shown = np.where(n_steps >= 0, n_steps, steps)
    dots = [
        ax.scatter(
            lrs[codes == code],
            shown[codes == code],
            s=16,
            color=color,
            marker=REGIME_MARKERS[code],
            label=diagnostics.REGIMES[code],
        )
        for code, color in REGIME_COLORS.items()
    ]
    ax.set_xscale("log")
    ax.set_xlabel("learning rate ε")
    ax.set_ylabel(f"steps to |x - x*| ≤ {short_number(tol)}")
    ax.set_ylim(0, steps * 1.08)
    cap = ax.axhline(steps, color="0.6", lw=0.8, ls=":")
    ax.legend(loc="lower left")
    return {"dots": dots, "cap": cap}


def end_points(starts, ends, landmarks: dict, ax=None) -> dict:
    """The last iterate against the start of every 1-D run, with the landmarks of the
    objective as dashed horizontal lines named on the y axis.

    Returns ``{"dots": Line2D, "levels": [Line2D]}``.
    """
    ax = _ax(ax)
    (dots,) = ax.plot(np.ravel(starts), np.ravel(ends), ".", ms=3, color=COLORS["path"])
    marks = np.array([p[0] for p in landmarks.values()])
    levels = [ax.axhline(y, color="0.75", lw=0.8, ls="--") for y in marks]
    ax.set_yticks(marks, list(landmarks), fontsize="small")
    ax.set_xlabel("start x₀")
    return {"dots": dots, "levels": levels}
