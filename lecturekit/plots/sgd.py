"""Drawing functions for sampling noise and SGD: histograms with densities, spreads and rates on log-log axes.

Each takes arrays and an optional ``ax``, draws, and returns the artists it made, so the
explorers in `widgets.sgd` can update them in place. Nothing here computes an experiment.
"""

from __future__ import annotations

import numpy as np

from ..style import COLORS
from .primitives import _ax


def histogram_stairs(edges, heights, ax=None, color=None, label=None):
    """A filled histogram outline from bin ``edges`` (bins + 1,) and ``heights`` (bins,).

    Returns the ``StepPatch``; a new histogram over the same bins is ``patch.set_data(values=h)``.
    """
    ax = _ax(ax)
    edges, heights = np.asarray(edges, dtype=float), np.asarray(heights, dtype=float)
    if edges.ndim != 1 or heights.shape != (edges.size - 1,):
        raise ValueError(f"need edges (bins + 1,) and heights (bins,); got {edges.shape} and {heights.shape}")
    color = COLORS["path"] if color is None else color
    return ax.stairs(heights, edges, fill=True, color=color, alpha=0.35, ec=color, lw=1, label=label)


def density_line(x, y, ax=None, color=None, label=None):
    """A density curve y(x) drawn over a histogram; returns the ``Line2D``."""
    ax = _ax(ax)
    (line,) = ax.plot(x, y, color=COLORS["maximum"] if color is None else color, lw=2, label=label)
    return line


def spread_vs_size(sizes, spread, sigma, ax=None, population=None, label="measured", line_label="σ/√m"):
    """Standard deviation of a mean against the number of samples it averages, on log-log axes.

    Draws the measured ``spread`` (points) at ``sizes`` and the line σ/√m; with ``population``
    n it also draws σ/√m · √((n − m)/(n − 1)), the spread when sampling without replacement.
    Returns ``{"points", "line", "fpc"}`` (``fpc`` None without ``population``).
    """
    ax = _ax(ax)
    sizes, spread = np.asarray(sizes, dtype=float), np.asarray(spread, dtype=float)
    if sizes.ndim != 1 or spread.shape != sizes.shape:
        raise ValueError(f"sizes and spread must be 1-D of the same length; got {sizes.shape} and {spread.shape}")
    grid = np.geomspace(sizes.min(), sizes.max(), 200)
    (line,) = ax.loglog(grid, sigma / np.sqrt(grid), "--", color="0.45", lw=1.5, label=line_label)
    fpc = None
    if population is not None:
        g = grid[grid < population]
        (fpc,) = ax.loglog(
            g,
            sigma / np.sqrt(g) * np.sqrt((population - g) / (population - 1)),
            ":",
            color=COLORS["saddle"],
            lw=2,
            label="σ/√m · √((n−m)/(n−1))",
        )
    (points,) = ax.loglog(sizes, spread, "o", ms=5, color=COLORS["path"], label=label)
    ax.set_xlabel("batch size m")
    ax.set_ylabel("standard deviation")
    return {"points": points, "line": line, "fpc": fpc}


def loglog_curves(k, curves: dict, ax=None, slopes: dict | None = None, colors=None):
    """Error curves ``name -> (K,)`` against steps ``k`` on log-log axes, named with their fitted slopes.

    Returns the list of ``Line2D``.
    """
    ax = _ax(ax)
    colors = colors or [COLORS["path"], COLORS["maximum"], COLORS["minimum"], COLORS["saddle"]]
    lines = []
    for (name, err), color in zip(curves.items(), colors * len(curves)):
        text = name if slopes is None or name not in slopes else f"{name} (slope {slopes[name]:.2f})"
        lines.append(ax.loglog(k, err, color=color, lw=1.8, label=text)[0])
    ax.set_xlabel("step k")
    return lines


def reference_slope(ax, k0, k1, y0, slope, text):
    """A dashed guide line of the given ``slope`` from (k0, y0) to k1 on log-log axes, labelled ``text``."""
    k = np.array([k0, k1], dtype=float)
    (line,) = ax.loglog(k, y0 * (k / k0) ** slope, "--", color="0.55", lw=1)
    label = ax.annotate(
        text,
        (k[1], y0 * (k[1] / k0) ** slope),
        fontsize="small",
        color="0.4",
        xytext=(3, 0),
        textcoords="offset points",
        va="center",
    )
    return line, label
