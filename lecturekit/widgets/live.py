"""A figure that sliders redraw in place, and that still shows without a kernel.

`LiveFigure` shows a matplotlib ``Figure`` in two outputs of its cell:

* the *controls* (a widget view whose plain-text form names the sliders), with a *live* canvas
  (a `frames.FrameView`) inside the same box, hidden until a control first moves;
* the *static* picture, an ``image/png`` output of the figure at the values the cell ran with.

The static output is never emptied, so a notebook saved after a learner's run still shows every
figure where no kernel runs: GitHub, nbviewer, an nbconvert HTML export and JupyterLab. The picture
must be an output of its own: for a widget view whose model is gone, JupyterLab (jupyterlab_widgets
3) shows "Loading widget..." or "Error displaying widget: model not found" and never falls back to
another format of the same output. In a live page the canvas takes the static picture's place:
once it has drawn, ``frames.js`` hides the output that follows the controls, in the page only
(the stored output keeps its picture). In a front end whose page lacks JupyterLab's output area
(``.jp-OutputArea-child``), nothing is hidden and both pictures show.

The canvas is the fast path: it draws a picture it holds as soon as a control moves in the page,
without waiting for the kernel, and asks the kernel ahead for the pictures next to the current
one (`lecturekit.widgets.frames`). Pictures travel as binary buffers of the widget protocol (the
static PNG travels base64-encoded inside JSON), encoded as lossless WebP at the fastest setting,
which takes about a third of the time of a PNG at ``compress_level=1`` and gives smaller files
(`benchmarks/README.md`). Both encodings are lossless, so the live and the static picture have
the same pixels.

Speed in the kernel comes from blitting: the static part of the figure (axes, curves, contours,
labels, layout) is rendered once and kept as a pixel buffer; a redraw restores that buffer and
draws only the *animated* artists on top. The explorers in this package also precompute whole
sweeps, so ``redraw`` only indexes them.

Text is the slowest thing to draw (matplotlib lays out and renders every glyph again on every
draw, about 0.1 ms a glyph), and a title that shows, say, an accuracy takes only a handful of
different strings over a whole slider range. Texts passed as ``cached`` are drawn once per string
(and colour, position, font) and then copied back as the pixels they produced, which gives the
same picture: such a text must sit on the static background, with no animated artist drawn before
it under it (checked when its pixels are kept; a text that fails the check is drawn every time).
"""

from __future__ import annotations

import base64
import io

import ipywidgets as widgets
import numpy as np
from IPython.display import display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.text import Text
from PIL import Image as PILImage

from .frames import FrameView

# Lossless WebP, fastest method: every browser JupyterLab supports decodes it.
LIVE_FORMAT = "webp"
_PAD = 3  # pixels kept around a cached text's extent (antialiased glyph edges, rounding)
_MAX_PATCHES = 2000  # cached text pictures per figure (a title patch is a few kB)


class Controls(widgets.VBox):
    """A box of sliders whose plain-text form says what they are, for readers without a kernel."""

    def __init__(self, children, description: str):
        super().__init__(children)
        self._description = description

    def __repr__(self) -> str:  # shown by GitHub, nbviewer and nbconvert instead of the sliders
        return f"[interactive: {self._description} -- run the notebook to move the sliders]"


class LiveFigure:
    """Controls plus a picture of ``fig`` that ``redraw(**values)`` updates whenever a control moves.

    Parameters
    ----------
    fig : a ``matplotlib.figure.Figure`` made without pyplot (so the inline backend does
        not show it a second time).
    redraw : function called with the controls' current values as keyword arguments; it
        updates the figure's artists. It returns ``True`` when it also changed the static part
        (an axis limit, say): the background is then rendered again.
    controls : name -> ipywidgets value widget; the names are ``redraw``'s keywords.
    animated : the artists ``redraw`` changes; everything else is drawn once.
    data : the precomputed arrays behind the figure, kept for inspection and tests.
    cached : texts among ``animated`` whose pixels are kept per string (see the module docstring).

    ``png()`` is the current picture as PNG bytes (the static output); ``image`` is the live
    `frames.FrameView`, whose ``value`` holds the same picture as WebP after a control moved.
    ``outputs()`` are the two mimebundles the cell shows (see the module docstring).
    """

    def __init__(self, fig, redraw, controls: dict, animated=(), data: dict | None = None, cached=()):
        self.fig = fig
        FigureCanvasAgg(fig)
        self.redraw = redraw
        self.controls = dict(controls)
        self.animated = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self.cached = list(cached)
        for artist in self.cached:
            if not isinstance(artist, Text) or not any(artist is a for a in self.animated):
                raise ValueError(f"cached must hold Text artists that are also animated; got {artist!r}")
        self._cached_ids = {id(a) for a in self.cached}
        self.data = {} if data is None else data
        self._background = None
        self._patches = {}  # (text, its appearance) -> its pixels, or None where it cannot be kept
        names = ", ".join(w.description or k for k, w in self.controls.items())
        # at its own size (a VBox stretches its children to its width), hidden until a control moves
        self.image = FrameView(
            self.controls,
            self._picture_at,
            f"image/{LIVE_FORMAT}",
            layout=widgets.Layout(display="none", align_self="flex-start"),
        )
        self._names = names
        self.box = Controls([*self.controls.values(), self.image], names)
        self._shown = False
        for w in self.controls.values():
            w.observe(self._on_change, names="value")
        self.update()

    def values(self) -> dict:
        return {name: w.value for name, w in self.controls.items()}

    def freeze_layout(self) -> None:
        """Lay the figure out once, as it stands, and keep the axes there from now on.

        For an explorer whose axes follow its state (``redraw`` returns ``True``): constrained layout,
        run again after the limits change, moves the axes by a fraction of a pixel, so a state's picture
        would depend on the states drawn before it. Set the limits with the widest tick labels first.
        """
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self._background = None

    def update(self) -> None:
        """Redraw with the current control values (warnings from overflow are the figure's job to show)."""
        with np.errstate(all="ignore"):
            if self.redraw(**self.values()) is True:
                self._background = None

    def _picture_at(self, values: dict | None) -> bytes | None:
        """The live picture for control ``values`` (a browser's request); None: redraw the current values."""
        if values is None:
            self.update()
            return None
        with np.errstate(all="ignore"):
            if self.redraw(**values) is True:
                self._background = None
        return self.frame()

    def pixels(self) -> np.ndarray:
        """The figure as an (H, W, 4) RGBA array: the cached static background plus the animated artists."""
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()  # lays out and renders everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
            self._patches = {}
        else:
            canvas.restore_region(self._background)
        for artist in self.animated:
            if id(artist) in self._cached_ids:
                self._draw_cached(artist)
            else:
                self.fig.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def _draw_cached(self, text) -> None:
        """Draw ``text``, or copy back the pixels it gave last time it looked the same."""
        canvas = self.fig.canvas
        key = (id(text), _appearance(text))
        if key in self._patches:
            patch = self._patches[key]
            if patch is not None:
                canvas.restore_region(patch)
                return
            self.fig.draw_artist(text)
            return
        self.fig.draw_artist(text)
        if len(self._patches) >= _MAX_PATCHES:
            return
        if text.get_bbox_patch() is not None or text.get_path_effects():
            self._patches[key] = None  # a box or an outline reaches beyond the text's extent
            return
        renderer = canvas.get_renderer()
        box = text.get_window_extent(renderer).padded(_PAD)
        # Keep the pixels only if no animated artist drawn before this text can have drawn there
        # (those drawn after it are drawn over the copied pixels as usual): clipped artists stay
        # inside their axes, the rest inside their own extent.
        for other in self.animated:
            if other is text:
                break
            if not other.get_visible():
                continue
            if other.axes is not None and other.get_clip_on():
                area = other.axes.bbox
            else:
                area = other.get_window_extent(renderer)
            if box.overlaps(area):
                self._patches[key] = None
                return
        self._patches[key] = canvas.copy_from_bbox(box)

    def png(self) -> bytes:
        """The current picture as PNG bytes (what the static output shows)."""
        buf = io.BytesIO()
        PILImage.fromarray(self.pixels()).save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def frame(self) -> bytes:
        """The current picture as lossless WebP bytes (what the live canvas shows)."""
        buf = io.BytesIO()
        PILImage.fromarray(self.pixels()).save(buf, format=LIVE_FORMAT, lossless=True, quality=0, method=0)
        return buf.getvalue()

    def _on_change(self, _change) -> None:
        self.update()
        if not self._shown:  # not shown yet: nothing to draw
            return
        self.image.show(self.frame())
        # the first move in a live notebook: the canvas appears, and frames.js hides the static output
        # in the page once the canvas has drawn (the stored output keeps its picture)
        self.image.layout.display = None

    def static_bundle(self) -> dict:
        """The static output: the current picture as PNG, with a plain-text stand-in."""
        return {
            "image/png": base64.b64encode(self.png()).decode("ascii"),
            "text/plain": f"[figure of the explorer: {self._names}]",
        }

    def outputs(self) -> list[dict]:
        """The two mimebundles the cell shows: the controls (a widget view), then the static picture."""
        return [self.box._repr_mimebundle_(), self.static_bundle()]

    def _ipython_display_(self) -> None:
        self.image.layout.display = "none"
        display(self.box)
        display(self.static_bundle(), raw=True)
        self._shown = True


def _appearance(text: Text) -> tuple:
    """What a text's pixels depend on, apart from the figure's layout (fixed with the background)."""
    return (
        text.get_visible(),
        text.get_text(),
        tuple(text.get_unitless_position()),
        to_rgba(text.get_color(), text.get_alpha()),
        _font_key(text.get_fontproperties()),
        text.get_rotation(),
        text.get_horizontalalignment(),
        text.get_verticalalignment(),
        # Text.get_linespacing is matplotlib 3.10+; 3.9 keeps the same value in _linespacing
        text.get_linespacing() if hasattr(text, "get_linespacing") else text._linespacing,
    )


def _font_key(font) -> tuple:
    return (
        tuple(font.get_family()),
        font.get_style(),
        font.get_variant(),
        font.get_weight(),
        font.get_stretch(),
        font.get_size_in_points(),
        font.get_file(),
    )
