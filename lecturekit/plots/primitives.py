"""Drawing functions. Each takes arrays (or an objective) and an optional ``ax``, draws,
and returns the artists it made, so an interactive figure can update them in place.

Nothing here computes an optimization; nothing here creates a widget.

Conventions the figure check (``tests/figcheck.py``) relies on:

* a marker that names a point of interest (a critical point, a minimizer, a start) carries
  ``gid="landmark"`` (`LANDMARK`); `curve` and `landmarks_2d` set it, and so should any other
  code that marks such a point. Legends and boxed labels must not cover these markers.
* text sizes are relative (``"small"``) or left to the rcParams of `style.use_style`'s
  context, so the ``talk`` context enlarges them; labels drawn over data get a light outline
  (`OUTLINE`) instead of a colour that only reads on one background.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import patheffects
from matplotlib.colors import ListedColormap
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Patch

from ..style import COLORS, HATCHES, cyclic_styles, marker_for

#: The gid that marks a landmark marker (see the module docstring).
LANDMARK = "landmark"
#: A white halo around text, so labels stay readable over contours, maps and lines.
OUTLINE = [patheffects.withStroke(linewidth=2.5, foreground="white")]
#: The opacity of a `state_label`'s white box: the data under it shows through at 10 %.
STATE_BOX_ALPHA = 0.9


def _ax(ax):
    return plt.gca() if ax is None else ax


def _kind(name: str) -> str:
    return next((k for k in ("minimum", "maximum", "saddle") if k in name), "inconclusive")


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
            kind = _kind(name)
            y = float(f.value(point))
            marks.append(
                ax.plot(x, y, marker_for(kind), color=COLORS[kind], mec="white", ms=8, zorder=4, gid=LANDMARK)[0]
            )
            below = kind == "minimum" or name == "plateau"
            right = kind == "inconclusive"  # up and to the right: clear of a local maximum to its left
            marks.append(
                ax.annotate(
                    name,
                    (x, y),
                    textcoords="offset points",
                    xytext=(6 if right else 0, -8 if below else 8),
                    ha="left" if right else "center",
                    va="top" if below else "bottom",
                    fontsize="small",
                    color=COLORS[kind],
                    path_effects=OUTLINE,
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
    """Mark a 2-D objective's landmarks with a marker per kind (`style.marker_for`) and dark,
    white-outlined labels that read on any background; returns the artists.

    Each label is centred above its point (below it near the top edge, aligned inwards near
    a side edge), so labels of points side by side do not run into each other. The markers
    carry ``gid="landmark"`` (`LANDMARK`).
    """
    ax = _ax(ax)
    out = []
    (x0, x1), (y0, y1) = f.bounds
    for name, (x, y) in f.landmarks.items():
        kind = _kind(name)
        u, v = (x - x0) / (x1 - x0), (y - y0) / (y1 - y0)  # position in the frame, 0..1
        ha = "left" if u < 0.2 else ("right" if u > 0.8 else "center")
        below = v > 0.85
        out.append(
            ax.plot(x, y, marker_for(kind), color=COLORS[kind], mec="black", mew=0.8, ms=9, zorder=5, gid=LANDMARK)[0]
        )
        out.append(
            ax.annotate(
                name,
                (x, y),
                textcoords="offset points",
                xytext=(0, -8 if below else 7),
                ha=ha,
                va="top" if below else "bottom",
                fontsize="small",
                color="0.1",
                path_effects=OUTLINE,
                zorder=5,
            )
        )
    return out


def path(points, ax=None, **kw):
    """Draw one optimization path ``(T+1, 2)`` as a line with dots, the start marked; returns the lines."""
    ax = _ax(ax)
    points = np.asarray(points)
    (line,) = ax.plot(points[:, 0], points[:, 1], "-o", ms=3, lw=1.2, color=kw.pop("color", COLORS["path"]), **kw)
    (start,) = ax.plot(points[:1, 0], points[:1, 1], "o", ms=8, color=COLORS["start"], mec="black", zorder=5)
    return line, start


def state_label(ax=None, text: str = "", kind: str = "path", outside: bool = False):
    """A boxed label in the top-left corner of ``ax``, coloured by ``kind`` (a `style.COLORS` key).

    Used to name the state of a run ("converged in 12 steps", "diverged at step 7"). The
    text is drawn in a darkened ``kind`` colour (readable on white in every context) inside a
    box edged with the colour itself; its size is relative to the context's font size. With
    ``outside=True`` the label sits above the axes (in the title's place, so give the axes no
    title), without a box, where it can cover nothing and the layout makes room for it.
    Returns the Text artist; update it with ``set_text`` and `set_state_color`.
    """
    ax = _ax(ax)
    box = dict(boxstyle="round,pad=0.3", fc="white", ec=COLORS[kind], alpha=STATE_BOX_ALPHA)
    return ax.text(
        0.02 if not outside else 0.0,
        0.97 if not outside else 1.02,
        text,
        transform=ax.transAxes,
        va="top" if not outside else "bottom",
        ha="left",
        color=text_color(kind),
        fontsize="small",
        fontweight="bold",
        zorder=10,
        bbox=None if outside else box,
    )


def _luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour in [0, 1]."""
    rgb = np.asarray(rgb, dtype=float)
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(lin @ [0.2126, 0.7152, 0.0722])


def text_color(kind: str) -> str:
    """A `style.COLORS` colour darkened (in steps of 10 %) until text in it has a WCAG contrast of
    at least 4.5 against the darkest background a state text can have: a `state_label`'s box,
    white at `STATE_BOX_ALPHA`, over black data (sRGB 0.9). On plain white it reads better still."""
    import matplotlib.colors as mcolors

    behind = _luminance(np.full(3, STATE_BOX_ALPHA))
    rgb = np.array(mcolors.to_rgb(COLORS[kind]))
    for _ in range(20):
        if (behind + 0.05) / (_luminance(rgb) + 0.05) >= 4.5:
            break
        rgb = rgb * 0.9
    return mcolors.to_hex(rgb)


def set_state_color(label, kind: str) -> None:
    """Recolour a `state_label` for ``kind``: text in `text_color`, box edge in the colour itself."""
    label.set_color(text_color(kind))
    if label.get_bbox_patch() is not None:
        label.get_bbox_patch().set_edgecolor(COLORS[kind])


def categorical_map(codes, extent, names, colors, ax=None, legend: bool = True, hatches=True, legend_kw=None):
    """Show an integer map ``(ny, nx)`` with one colour per code ``0..k-1``; returns the image.

    ``names`` and ``colors`` are sequences of length k; ``extent`` = (xmin, xmax, ymin, ymax).
    ``hatches``: True (default) overlays `style.HATCHES` (code 0 plain), a sequence of k hatch
    patterns picks them, False or None draws colour only. Hatching is the second cue that keeps
    the regions apart without telling colours apart; the legend shows the same hatches. The
    legend sits outside the axes, below it, so it covers nothing (``legend_kw`` overrides).
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
    if hatches is True:
        hatches = [HATCHES[i % len(HATCHES)] for i in range(k)]
    elif not hatches:
        hatches = [""] * k
    if len(hatches) != k:
        raise ValueError(f"hatches must be True, False or one pattern per name ({k}); got {len(hatches)}")
    if any(hatches):
        # filled contours of the codes between the half-integers: a few polygons, fast to draw
        ny, nx = codes.shape
        x0, x1, y0, y1 = extent
        xs = x0 + (np.arange(nx) + 0.5) * (x1 - x0) / nx  # pixel centres
        ys = y0 + (np.arange(ny) + 0.5) * (y1 - y0) / ny
        ax.contourf(
            xs,
            ys,
            codes,
            levels=np.arange(k + 1) - 0.5,
            colors="none",
            hatches=list(hatches),
            zorder=img.get_zorder() + 0.1,
        )
    if legend:
        handles = [Patch(facecolor=c, edgecolor="0.15", hatch=h, lw=0.6) for c, h in zip(colors, hatches)]
        kw = dict(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=min(k, 2), frameon=False)
        kw.update(legend_kw or {})
        ax.legend(handles, names, **kw)
    return img


def cyclic_marks(points, ax=None, size: float = 40, **kw):
    """Mark points in order around a circle (``(n, 2)``) with `style.cyclic_styles`: neighbours
    differ in colour and in marker, so the order reads without telling hues apart.

    A CVD-safe replacement for a rainbow of hues. Returns one PathCollection; move the marks
    with ``set_offsets(new_points)`` (colours and markers stay with their points).
    """
    ax = _ax(ax)
    pts = np.asarray(points, dtype=float)
    if pts.ndim != 2 or pts.shape[1] != 2:
        raise ValueError(f"points must be shaped (n, 2); got {pts.shape}")
    styles = cyclic_styles(len(pts))
    kw.setdefault("edgecolors", "black")
    kw.setdefault("linewidths", 0.6)
    kw.setdefault("zorder", 6)
    coll = ax.scatter(pts[:, 0], pts[:, 1], s=size, c=[c for c, _ in styles], **kw)
    paths = []
    for _, m in styles:
        style = MarkerStyle(m)
        paths.append(style.get_path().transformed(style.get_transform()))
    coll.set_paths(paths)
    return coll
