"""Drawing for adaptive methods: one style per optimizer (colour, marker and line style, so
the methods stay apart without colour), paths on contours, and loss curves."""

from __future__ import annotations

import numpy as np

from ..style import CATEGORICAL, MARKERS
from .primitives import _ax

#: A line style per method, the third cue beside the registered colour and marker.
LINE_STYLES = ("-", "--", "-.", ":", "-", "--")

#: Names that mean the same method (plain gradient descent, full-batch or stochastic).
ALIASES = {"GD": "gradient descent", "SGD": "gradient descent"}


def method_style(name: str) -> dict:
    """The colour, marker and line style of a method from the ``"methods"`` palette of
    `style.CATEGORICAL` (GD and SGD are gradient descent); a grey for other names."""
    names = list(CATEGORICAL["methods"])
    key = ALIASES.get(name, name)
    if key not in names:
        return {"color": "0.4", "marker": ".", "ls": "-"}
    i = names.index(key)
    return {"color": CATEGORICAL["methods"][key], "marker": MARKERS["methods"][i], "ls": LINE_STYLES[i]}


def paths(names, ax=None, lw: float = 1.6) -> dict:
    """One empty path line and one current-position marker per method, to be filled by an explorer.

    Returns ``{"lines": [Line2D], "heads": [Line2D]}`` in the order of ``names``.
    """
    ax = _ax(ax)
    lines, heads = [], []
    for name in names:
        st = method_style(name)
        (line,) = ax.plot([], [], color=st["color"], ls=st["ls"], lw=lw, label=name)
        (head,) = ax.plot([], [], st["marker"], color=st["color"], ms=8, mec="white", mew=0.8, zorder=6)
        lines.append(line)
        heads.append(head)
    return {"lines": lines, "heads": heads}


def loss_curves(steps, losses, names, ax=None, floor: float = 1e-12) -> dict:
    """``losses`` ``(R, M)`` against ``steps`` on a log axis, one styled line per method;
    values at or below ``floor`` are drawn at ``floor``. Returns ``{"lines": [Line2D]}``."""
    ax = _ax(ax)
    losses = np.maximum(np.asarray(losses, dtype=float), floor)
    lines = []
    for i, name in enumerate(names):
        st = method_style(name)
        (line,) = ax.plot(steps, losses[:, i], color=st["color"], ls=st["ls"], lw=1.5, label=name)
        lines.append(line)
    ax.set_yscale("log")
    ax.set_xlabel("step k")
    return {"lines": lines}


#: The two classes, from the ``"classes"`` palette of `style.CATEGORICAL`, with a marker each.
CLASS_STYLES = tuple(
    {"color": colour, "marker": marker} for colour, marker in zip(CATEGORICAL["classes"].values(), MARKERS["classes"])
)


def class_colormap():
    """Blue (class 0) through white (p = 1/2) to orange (class 1), for P(class 1) on a grid."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("classes", [CLASS_STYLES[0]["color"], "#ffffff", CLASS_STYLES[1]["color"]])


def decision_panel(extent, ax=None, n: int = 2) -> dict:
    """An empty probability image over ``extent`` and one empty marker line per class, to be filled
    by an explorer with ``set_data(x, y)``. Returns ``{"image": AxesImage, "points": [Line2D]}``.

    The points are markers of a line with no line style rather than a scatter: they look the same
    (``markersize`` 3 pt is a scatter's ``s = 9`` pt²), and matplotlib draws a line's markers without
    first measuring the marker's path, which a scatter does on every draw (a third of a millisecond
    each, and an explorer redraws eight of them on every move)."""
    ax = _ax(ax)
    image = ax.imshow(
        np.full((2, 2), 0.5),
        extent=extent,
        origin="lower",
        cmap=class_colormap(),
        vmin=0,
        vmax=1,
        alpha=0.75,
        aspect="auto",
        interpolation="bilinear",
    )
    points = [
        ax.plot(
            [],
            [],
            linestyle="none",
            marker=CLASS_STYLES[c]["marker"],
            markersize=3,
            color=CLASS_STYLES[c]["color"],
            markeredgecolor="white",
            markeredgewidth=0.4,
        )[0]
        for c in range(n)
    ]
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xticks([])
    ax.set_yticks([])
    return {"image": image, "points": points}
