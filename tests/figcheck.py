"""A figure check: what a careful reader would see wrong in a drawn matplotlib figure.

``problems(fig)`` draws ``fig`` with Agg (or reuses its last draw with ``draw=False``, as a
`LiveFigure` shows it) and returns a list of sentences, empty when the figure is clean:

1. **overlapping text**: two visible text artists (titles, axis labels, tick labels,
   annotations, legend texts, ``ax.text``) whose boxes overlap by more than ``tol`` pixels
   each way. Tick labels of one axis count too (crowded ticks). A text drawn with a box
   (``bbox=...``) is measured by its box.
2. **text clipped by the figure edge**: a visible text whose box leaves the figure.
3. **a box that covers a landmark**: a legend or a boxed text whose box contains the centre
   of a landmark marker, or which overlaps another text. Landmark markers are

   * markers with ``gid="landmark"`` (`lecturekit.plots.LANDMARK`; set by
     ``plots.curve`` and ``plots.landmarks_2d``: give it to any marker that names a point);
   * marker-only ``Line2D`` (no line drawn) with ``markersize >= MIN_MARKER_SIZE`` points:
     points drawn large enough to be meant one by one;
   * every scatter point (``PathCollection``): a scatter plot's points are its data. A dense
     cloud that may sit under a legend says so with ``gid="cloud"`` (`CLOUD`), as do
     marker lines of small dots (``ms < MIN_MARKER_SIZE``), which never count.

4. **a legend over curves** (only with ``lines=True``): a legend inside an axes that hides a
   stretch of a drawn curve (a ``Line2D`` with a line and at least three points) longer than
   ``LINE_SHARE`` of the curve's drawn length and `MIN_HIDDEN` pixels. Reference lines (two points,
   e.g. ``axhline``) do not count. A chapter opts in (``tests/plots/test_figures.LINES_CHECKED``).

Only what is drawn counts: invisible artists, empty strings, artists of invisible axes, tick
labels outside the view, points outside their axes and annotations matplotlib skips (their
point outside the axes) are ignored.

This module lives with the tests (it is no part of the learner-facing package); the unit tests
of the checker itself are in ``tests/course/test_figcheck.py``.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.text import Annotation, Text

LANDMARK = "landmark"
CLOUD = "cloud"
MIN_MARKER_SIZE = 6.0  # points
TOL = 1.0  # pixels: boxes that only touch do not overlap
LINE_SHARE = 0.03  # a legend may hide at most this share of a curve's drawn length ...
MIN_HIDDEN = 20.0  # ... or fewer pixels than this


def _drawn_tick_labels(fig) -> tuple[set, set]:
    """Ids of every tick label, and of those drawn (ticks inside the view, labels switched on).

    Reads the ticks as the last draw left them (calling the axis' own tick update would move
    the labels of 3-D axes back to unprojected positions).
    """
    every, drawn = set(), set()
    for ax in fig.get_axes():
        for axis in [a for a in (ax.xaxis, ax.yaxis, getattr(ax, "zaxis", None)) if a is not None]:
            groups = ((axis.majorTicks, axis.get_majorticklocs()), (axis.minorTicks, axis.get_minorticklocs()))
            # In the axis' scale, as matplotlib decides which ticks to draw: on a log axis a tick at 1e-23
            # lies far below a view from 4e-20 to 60, though within 1e-9 of its width in data units.
            scale = axis.get_transform()
            lo, hi = sorted(scale.transform(np.asarray(axis.get_view_interval(), float)))
            span = (hi - lo) or 1.0
            for ticks, locs in groups:
                for t in ticks:
                    every.update((id(t.label1), id(t.label2)))
                if not (ax.get_visible() and axis.get_visible()):
                    continue
                with np.errstate(divide="ignore", invalid="ignore"):  # a tick at 0 on a log axis: -inf, not drawn
                    scaled = scale.transform(np.asarray(locs, float)) if len(locs) else []
                for t, loc in zip(ticks, scaled):
                    if lo - 1e-9 * span <= loc <= hi + 1e-9 * span and t.get_visible():
                        drawn.update(id(label) for label in (t.label1, t.label2) if label.get_visible())
    return every, drawn


def _texts(fig, renderer, legend_of: dict) -> list[tuple[Text, object]]:
    every_tick, drawn_tick = _drawn_tick_labels(fig)
    out = []
    for t in fig.findobj(Text):
        if id(t) in every_tick and id(t) not in drawn_tick:
            continue
        if not (t.get_visible() and t.get_text().strip()):
            continue
        if t.get_alpha() == 0 or (t.axes is not None and not t.axes.get_visible()):
            continue
        if isinstance(t, Annotation) and not t._check_xy(renderer):
            continue
        legend = legend_of.get(id(t))
        if legend is not None and not legend.get_visible():
            continue
        patch = t.get_bbox_patch()
        if patch is not None:
            t.update_bbox_position_size(renderer)
            box = patch.get_window_extent(renderer)
        else:
            box = t.get_window_extent(renderer)
        if box.width <= 0 or box.height <= 0:
            continue
        out.append((t, box))
    return out


def _legends(fig) -> list[Legend]:
    legends = [lg for lg in fig.legends if lg.get_visible()]
    for ax in fig.get_axes():
        lg = ax.get_legend()
        if lg is not None and lg.get_visible() and ax.get_visible():
            legends.append(lg)
    return legends


def _describe(t: Text) -> str:
    s = " ".join(t.get_text().split())
    s = s if len(s) <= 40 else s[:37] + "..."
    where = ""
    if t.axes is not None:
        title = t.axes.get_title() or t.axes.get_title("left")
        index = t.axes.figure.get_axes().index(t.axes) if t.axes in t.axes.figure.get_axes() else "?"
        where = f" (axes {title!r})" if title else f" (axes {index})"
    return f"{s!r}{where}"


def _overlap(b1, b2, tol=TOL) -> bool:
    return (
        min(b1.x1, b2.x1) - max(b1.x0, b2.x0) > tol  # widths overlap
        and min(b1.y1, b2.y1) - max(b1.y0, b2.y0) > tol
    )


def _landmark_points(fig, exclude: set) -> list[tuple[np.ndarray, str]]:
    """Display coordinates of every landmark marker that is drawn, with a short description."""
    out = []
    for ax in fig.get_axes():
        if not ax.get_visible():
            continue
        frame = ax.get_window_extent()
        for artist in ax.get_children():
            if id(artist) in exclude or not artist.get_visible():
                continue
            tagged = artist.get_gid() == LANDMARK
            if isinstance(artist, Line2D):
                marker = artist.get_marker()
                if marker in (None, "", " ", "None", "none") or (isinstance(marker, str) and marker in ",."):
                    continue
                no_line = artist.get_linestyle() in ("None", "none", "", " ") or artist.get_linewidth() == 0
                if not (tagged or (no_line and artist.get_markersize() >= MIN_MARKER_SIZE)):
                    continue
                xy = np.column_stack(artist.get_data(orig=False)).astype(float)
                pts = artist.get_transform().transform(xy) if len(xy) else xy
            elif isinstance(artist, PathCollection):
                if artist.get_gid() == CLOUD:
                    continue
                offsets = np.asarray(artist.get_offsets(), dtype=float)
                if not len(offsets):
                    continue
                pts = artist.get_offset_transform().transform(offsets)
            else:
                continue
            pts = pts[np.all(np.isfinite(pts), axis=1)] if len(pts) else pts
            inside = [p for p in pts if frame.x0 <= p[0] <= frame.x1 and frame.y0 <= p[1] <= frame.y1]
            label = artist.get_label()
            name = label if label and not label.startswith("_") else type(artist).__name__
            out.extend((p, f"{name} at pixel ({p[0]:.0f}, {p[1]:.0f})") for p in inside)
    return out


def _dense(points: np.ndarray) -> np.ndarray:
    """A polyline in display coordinates resampled about every pixel (each vertex kept)."""
    seg = np.diff(points, axis=0)
    steps = np.maximum(1, np.ceil(np.hypot(seg[:, 0], seg[:, 1]))).astype(int)
    start = np.repeat(points[:-1], steps, axis=0)
    t = np.concatenate([np.arange(n) / n for n in steps])[:, None]
    return np.vstack([start + t * np.repeat(seg, steps, axis=0), points[-1:]])


def _curves_under_legends(fig, renderer) -> list[str]:
    """Problem 4 of the module docstring: legends inside an axes hiding a stretch of a curve."""
    found = []
    for ax in fig.get_axes():
        legend = ax.get_legend()
        if not ax.get_visible() or legend is None or not legend.get_visible():
            continue
        box, frame = legend.get_window_extent(renderer), ax.get_window_extent(renderer)
        for line in ax.get_lines():
            drawn = line.get_linestyle() not in ("None", "none", "", " ") and line.get_linewidth() > 0
            xy = np.column_stack(line.get_data(orig=False)).astype(float)
            if not (line.get_visible() and drawn and len(xy) >= 3):
                continue
            pts = line.get_transform().transform(xy)
            pts = pts[np.all(np.isfinite(pts), axis=1)]
            if len(pts) < 2:
                continue
            dense = _dense(pts)
            seen = (
                (dense[:, 0] >= frame.x0)
                & (dense[:, 0] <= frame.x1)
                & (dense[:, 1] >= frame.y0)
                & (dense[:, 1] <= frame.y1)
            )
            hidden = (
                seen & (dense[:, 0] > box.x0) & (dense[:, 0] < box.x1) & (dense[:, 1] > box.y0) & (dense[:, 1] < box.y1)
            )
            if hidden.sum() > max(MIN_HIDDEN, LINE_SHARE * seen.sum()):
                label = line.get_label()
                name = label if label and not label.startswith("_") else "a curve"
                share = hidden.sum() / max(seen.sum(), 1)
                found.append(
                    f"legend {[t.get_text() for t in legend.get_texts()][:3]} hides {share:.0%} of the curve {name}"
                )
    return found


def problems(fig, draw: bool = True, lines: bool = False) -> list[str]:
    """Every problem of ``fig`` as a sentence (empty list: the figure is clean). See the module docstring.

    ``draw=False`` uses the layout of the figure's last draw (what a `LiveFigure` shows);
    ``lines=True`` adds check 4 (legends over curves).
    """
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    if draw:
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legends = _legends(fig)
    legend_of, legend_artists = {}, set()
    for lg in legends:
        for child in lg.findobj():
            legend_artists.add(id(child))
            if isinstance(child, Text):
                legend_of[id(child)] = lg
    for ax in fig.get_axes():  # an invisible legend's texts are not drawn
        lg = ax.get_legend()
        if lg is not None and not lg.get_visible():
            for child in lg.findobj(Text):
                legend_of[id(child)] = lg
    texts = _texts(fig, renderer, legend_of)
    found = []

    # 1. overlapping texts
    for i, (t1, b1) in enumerate(texts):
        for t2, b2 in texts[i + 1 :]:
            if _overlap(b1, b2):
                found.append(f"text {_describe(t1)} overlaps text {_describe(t2)}")

    # 2. clipped by the figure edge
    edge = fig.bbox
    for t, b in texts:
        if b.x0 < edge.x0 - TOL or b.y0 < edge.y0 - TOL or b.x1 > edge.x1 + TOL or b.y1 > edge.y1 + TOL:
            found.append(f"text {_describe(t)} is clipped by the figure edge")

    # 3. boxes (legends, boxed texts) over landmarks and over other texts
    boxes = [
        (f"legend {[x.get_text() for x in lg.get_texts()][:3]}", lg.get_window_extent(renderer), lg) for lg in legends
    ]
    boxes += [(f"boxed text {_describe(t)}", b, t) for t, b in texts if t.get_bbox_patch() is not None]
    exclude = set(legend_artists)
    points = _landmark_points(fig, exclude)
    for what, box, owner in boxes:
        for p, name in points:
            if box.x0 < p[0] < box.x1 and box.y0 < p[1] < box.y1:
                found.append(f"{what} covers the marker {name}")
        if isinstance(owner, Legend):
            for t, b in texts:
                if id(t) not in legend_artists and _overlap(box, b):
                    found.append(f"{what} covers text {_describe(t)}")
    if lines:
        found.extend(_curves_under_legends(fig, renderer))
    return found
