"""Drawing functions for setting the learning rate: schedules and loss curves, range tests, steps against the
batch size, sharpness against its stability threshold.

Each takes arrays and an optional ``ax``, draws, and returns the artists it made (the explorer of
`widgets.learning_rate` updates them in place). Nothing here computes an experiment. Curves of several
categories take the colours of ``style.CATEGORICAL["init"]`` with a marker and dash as second cues
(`plots.initialization.init_style`).
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import NullFormatter, ScalarFormatter

from ..style import COLORS
from .initialization import init_style
from .primitives import _ax


def curves(k, ys: dict, ax=None, log: bool = False, markevery=None, **kw) -> list:
    """One line per entry of ``ys`` {label: (R,) values} against the steps ``k`` ``(R,)``, styled by order.

    Log y with ``log``. Markers every ``markevery`` points (default: about 8 per line). Returns the lines.
    """
    ax = _ax(ax)
    k = np.asarray(k)
    every = markevery or max(1, len(k) // 8)
    lines = []
    for i, (label, y) in enumerate(ys.items()):
        style = init_style(i) | {"ms": 5, "lw": 1.8, "markevery": every} | kw
        (line,) = ax.plot(k, y, label=label, **style)
        lines.append(line)
    if log:
        ax.set_yscale("log")
    return lines


def range_test_curve(lr, smoothed, ax=None, i: int = 0, label=None, picks: dict | None = None) -> list:
    """A range test's smoothed loss ``(T,)`` against the rate ``lr`` ``(T,)`` on a log axis, its picks marked.

    ``picks`` {name: rate}: each drawn as a marker on the curve at that rate. Returns the artists.
    """
    ax = _ax(ax)
    lr = np.asarray(lr, dtype=float)
    smoothed = np.asarray(smoothed, dtype=float)
    style = init_style(i)
    (line,) = ax.plot(lr, smoothed, color=style["color"], ls=style["ls"], lw=1.8, label=label)
    out = [line]
    for j, rate in enumerate((picks or {}).values()):
        at = int(np.argmin(np.abs(np.log(lr) - np.log(rate))))
        (mark,) = ax.plot(
            [lr[at]], [smoothed[at]], ("o", "s", "D")[j % 3], ms=8, mfc="white", mec=style["color"], mew=2, ls="none"
        )
        mark.set_gid("landmark")
        out.append(mark)
    ax.set_xscale("log")
    return out


def steps_vs_batch(sizes, steps, s_min, b_crit, ax=None, label="tuned SGD (median over seeds)") -> list:
    """Steps to a target against the batch size (log-log), with the fit S_min (1 + B_crit/m) and its two asymptotes."""
    ax = _ax(ax)
    sizes = np.asarray(sizes, dtype=float)
    m = np.geomspace(sizes.min(), sizes.max(), 200)
    (points,) = ax.plot(sizes, steps, "o", ms=8, color=COLORS["path"], label=label, zorder=3)
    (fit,) = ax.plot(
        m,
        s_min * (1 + b_crit / m),
        "-",
        color=COLORS["maximum"],
        lw=1.8,
        label=r"$S_{\min}\,(1 + B_{\mathrm{crit}}/m)$",
    )
    (perfect,) = ax.plot(
        m, s_min * b_crit / m, ":", color=COLORS["inconclusive"], lw=1.6, label="perfect scaling ∝ 1/m"
    )
    floor = ax.axhline(s_min, ls="--", color=COLORS["minimum"], lw=1.4, label=r"$S_{\min}$ (no more gain)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(0.6 * min(np.min(steps), s_min), 1.6 * np.max(steps))
    for axis in (ax.xaxis, ax.yaxis):  # plain numbers (1, 4, 16, ...; 20, 50, 100) rather than powers of ten
        axis.set_major_formatter(ScalarFormatter())
        axis.set_minor_formatter(NullFormatter())
    ax.set_xticks(sizes)
    low, high = ax.get_ylim()
    ax.set_yticks([v for v in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000) if low <= v <= high])
    return [points, fit, perfect, floor]


def sharpness_trace(steps, sharpness, threshold, ax=None, label="sharpness λmax(H)", threshold_label="2/ε") -> list:
    """The tracked sharpness ``(R,)`` against the step, and its stability threshold as a dashed line."""
    ax = _ax(ax)
    (line,) = ax.plot(steps, sharpness, color=COLORS["path"], lw=1.8, label=label)
    limit = ax.axhline(threshold, ls="--", color=COLORS["diverged"], lw=1.6, label=threshold_label)
    return [line, limit]
