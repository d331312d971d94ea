"""Drawing functions. Each takes arrays (or an objective) and an optional ``ax``, draws,
and returns the artists it made, so an interactive figure can update them in place.

Nothing here computes an optimization; nothing here creates a widget.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from ..style import COLORS


def _ax(ax):
    return plt.gca() if ax is None else ax


def curve(f, ax=None, n: int = 400, landmarks: bool = True, **line_kw) -> dict:
    """Plot a 1-D objective over its bounds; mark its landmarks (critical points, plateau).

    Returns ``{"line": Line2D, "marks": [artists]}``.
    """
    ax = _ax(ax)
    (xs,), _, ys = f.grid(n)
    (line,) = ax.plot(xs, ys, color=line_kw.pop("color", "0.25"), lw=line_kw.pop("lw", 2), **line_kw)
    marks = []
    if landmarks:
        for name, point in f.landmarks.items():
            x = float(point[0])
            kind = next((k for k in ("minimum", "maximum", "saddle") if k in name), "inconclusive")
            y = float(f.value(point))
            marks.append(ax.plot(x, y, "o", color=COLORS[kind], ms=7, zorder=4)[0])
            below = kind == "minimum" or name == "plateau"
            marks.append(
                ax.annotate(
                    name,
                    (x, y),
                    textcoords="offset points",
                    xytext=(0, -15 if below else 9),
                    ha="center",
                    fontsize="x-small",
                    color=COLORS[kind],
                )
            )
    ax.set_xlim(xs[0], xs[-1])
    ax.set_xlabel("x")
    ax.set_ylabel("f(x)")
    return {"line": line, "marks": marks}


def contours(f, ax=None, n: int = 200, levels: int = 25, log: bool = False, fill: bool = True) -> dict:
    """Contour plot of a 2-D objective over its bounds (log-spaced levels above the minimum if ``log``).

    Returns ``{"contours": ContourSet}``.
    """
    ax = _ax(ax)
    (gx, gy), _, z = f.grid(n)
    if log:
        shift = z.min() - 1e-3 * (np.ptp(z) + 1e-12)
        z = np.log10(z - shift)
    draw = ax.contourf if fill else ax.contour
    cs = draw(gx, gy, z, levels=levels, cmap="viridis" if fill else "Greys", alpha=0.85 if fill else 0.6)
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_aspect("equal", adjustable="box")
    return {"contours": cs}


def landmarks_2d(f, ax=None) -> list:
    """Mark a 2-D objective's landmarks with coloured dots and labels; returns the artists."""
    ax = _ax(ax)
    out = []
    (x0, x1), _ = f.bounds
    for name, (x, y) in f.landmarks.items():
        kind = next((k for k in ("minimum", "maximum", "saddle") if k in name), "inconclusive")
        right_half = x > (x0 + x1) / 2
        out.append(ax.plot(x, y, "o", color=COLORS[kind], mec="white", ms=8, zorder=5)[0])
        out.append(
            ax.annotate(
                name,
                (x, y),
                textcoords="offset points",
                xytext=(-6 if right_half else 6, 6),
                ha="right" if right_half else "left",
                fontsize="small",
                color="white",
                zorder=5,
            )
        )
    return out


def path(points, ax=None, **kw):
    """Draw one optimization path ``(T+1, 2)`` as a line with dots, the start marked; returns the lines."""
    ax = _ax(ax)
    points = np.asarray(points)
    (line,) = ax.plot(points[:, 0], points[:, 1], "-o", ms=3, lw=1.2, color=kw.pop("color", COLORS["path"]), **kw)
    (start,) = ax.plot(points[:1, 0], points[:1, 1], "o", ms=8, color=COLORS["start"], zorder=5)
    return line, start


def state_label(ax=None, text: str = "", kind: str = "path"):
    """A boxed label in the top-left corner of ``ax``, coloured by ``kind`` (a `style.COLORS` key).

    Used to name the state of a run ("converged in 12 steps", "diverged at step 7").
    Returns the Text artist; update it with ``set_text`` and ``set_color``.
    """
    ax = _ax(ax)
    return ax.text(
        0.02,
        0.97,
        text,
        transform=ax.transAxes,
        va="top",
        ha="left",
        color=COLORS[kind],
        fontsize="small",
        fontweight="bold",
        zorder=10,
        bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=COLORS[kind], alpha=0.9),
    )


def categorical_map(codes, extent, names, colors, ax=None, legend: bool = True):
    """Show an integer map ``(ny, nx)`` with one colour per code ``0..k-1``; returns the image.

    ``names`` and ``colors`` are sequences of length k; ``extent`` = (xmin, xmax, ymin, ymax).
    """
    ax = _ax(ax)
    codes = np.asarray(codes)
    k = len(names)
    if len(colors) != k:
        raise ValueError(f"names and colors must have the same length; got {k} and {len(colors)}")
    if codes.size and (codes.min() < 0 or codes.max() >= k):
        raise ValueError(f"codes must lie in 0..{k - 1}; got the range {codes.min()}..{codes.max()}")
    img = ax.imshow(
        codes,
        origin="lower",
        extent=extent,
        cmap=ListedColormap(colors),
        vmin=-0.5,
        vmax=k - 0.5,
        interpolation="nearest",
        aspect="equal",
    )
    if legend:
        handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in colors]
        ax.legend(handles, names, loc="upper left", fontsize="small", framealpha=0.9)
    return img
