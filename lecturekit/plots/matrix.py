"""Drawing for matrix optimizers and the real-data race: where Newton-Schulz sends singular
values, errors against steps, and validation-loss curves with their spread over seeds."""

from __future__ import annotations

import numpy as np

from ..style import CATEGORICAL, COLORS, MARKERS
from .adaptive import LINE_STYLES
from .primitives import _ax


def race_style(name: str) -> dict:
    """The colour, marker and line style of a method of the race (``"race"`` palette of
    `style.CATEGORICAL`); a grey for other names."""
    names = list(CATEGORICAL["race"])
    if name not in names:
        return {"color": "0.4", "marker": ".", "ls": "-"}
    i = names.index(name)
    return {"color": CATEGORICAL["race"][name], "marker": MARKERS["race"][i], "ls": LINE_STYLES[i]}


def singular_value_curve(sigma, mapped, ax=None, band=None) -> dict:
    """``mapped`` (what the iteration made of each singular value) against ``sigma`` (the
    normalized singular value, log axis), with the target 1 dashed and, if given, the band
    ``(low, high)`` shaded. Returns ``{"line": Line2D, "band": PolyCollection | None}``."""
    ax = _ax(ax)
    ax.axhline(1.0, color=COLORS["minimum"], ls="--", lw=1.2)
    shade = None
    if band is not None:
        shade = ax.axhspan(band[0], band[1], color=COLORS["start"], alpha=0.25, lw=0)
    (line,) = ax.plot(sigma, mapped, color=COLORS["path"], lw=1.8)
    ax.set_xscale("log")
    ax.set_xlabel("singular value σ / ‖G‖_F before")
    ax.set_ylabel("after the iteration")
    return {"line": line, "band": shade}


def error_curves(curves: dict, ax=None, floor: float = 1e-16) -> dict:
    """Each ``curves[name] = (steps, errors)`` as a styled line on a log axis (values below
    ``floor`` drawn at ``floor``); a dotted line for names ending in "bound". Returns the lines."""
    ax = _ax(ax)
    lines = {}
    styles = [("-", COLORS["path"]), ("--", COLORS["maximum"]), (":", "0.2"), ("-.", COLORS["saddle"])]
    for i, (name, (steps, err)) in enumerate(curves.items()):
        ls, color = styles[i % len(styles)]
        (lines[name],) = ax.plot(steps, np.maximum(err, floor), ls=ls, color=color, lw=1.6, label=name)
    ax.set_yscale("log")
    ax.set_xlabel("step k")
    return lines


def race_curves(epochs, losses: dict, ax=None) -> dict:
    """Validation loss against budget for each method: ``losses[name]`` ``(S, K)`` over S seeds
    at the budgets ``epochs`` ``(K,)`` (or a pair ``(epochs, losses)`` of the method's own). The
    mean is a line with the method's marker; the band spans the seeds' minimum to maximum.
    Returns ``{name: Line2D}``."""
    ax = _ax(ax)
    lines = {}
    for name, values in losses.items():
        x, y = values if isinstance(values, tuple) else (epochs, values)
        y = np.asarray(y, dtype=float)
        st = race_style(name)
        ax.fill_between(x, y.min(axis=0), y.max(axis=0), color=st["color"], alpha=0.18, lw=0)
        (lines[name],) = ax.plot(
            x,
            y.mean(axis=0),
            color=st["color"],
            ls=st["ls"],
            marker=st["marker"],
            ms=4,
            lw=1.6,
            label=name,
            markevery=max(1, len(x) // 10),
        )
    ax.set_yscale("log")
    ax.set_xlabel("budget (epochs)")
    ax.set_ylabel("validation loss")
    return lines
