"""A figure that sliders redraw in place, and that still shows without a kernel.

`LiveFigure` shows a matplotlib ``Figure`` as an ordinary PNG output (so GitHub,
nbviewer and a notebook opened without a kernel show it at the default values), with
the controls above it. On every control change it calls ``redraw``, which moves a few
*animated* artists, and replaces that PNG in place through an IPython display handle.

Speed comes from blitting: the static part of the figure (axes, curves, contours,
labels, layout) is rendered once and kept as a pixel buffer; a redraw restores that
buffer, draws only the animated artists on top and encodes the PNG. The explorers in
this package also precompute whole sweeps, so ``redraw`` only indexes them.
"""

from __future__ import annotations

import io

import ipywidgets as widgets
import numpy as np
from IPython.display import Image, display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image as PILImage


class Controls(widgets.VBox):
    """A box of sliders whose plain-text form says what they are, for readers without a kernel."""

    def __init__(self, children, description: str):
        super().__init__(children)
        self._description = description

    def __repr__(self) -> str:  # shown by GitHub, nbviewer and nbconvert instead of the sliders
        return f"[interactive: {self._description} -- run the notebook to move the sliders]"


class LiveFigure:
    """Controls plus a PNG of ``fig`` that ``redraw(**values)`` updates whenever a control moves.

    Parameters
    ----------
    fig : a ``matplotlib.figure.Figure`` made without pyplot (so the inline backend does
        not show it a second time).
    redraw : function called with the controls' current values as keyword arguments; it
        updates the figure's artists.
    controls : name -> ipywidgets value widget; the names are ``redraw``'s keywords.
    animated : the artists ``redraw`` changes; everything else is drawn once.
    data : the precomputed arrays behind the figure, kept for inspection and tests.
    """

    def __init__(self, fig, redraw, controls: dict, animated=(), data: dict | None = None):
        self.fig = fig
        FigureCanvasAgg(fig)
        self.redraw = redraw
        self.controls = dict(controls)
        self.animated = list(animated)
        for artist in self.animated:
            artist.set_animated(True)
        self.data = {} if data is None else data
        self._background = None
        names = ", ".join(w.description or k for k, w in self.controls.items())
        self.box = Controls(list(self.controls.values()), names)
        self._handle = None
        for w in self.controls.values():
            w.observe(self._on_change, names="value")
        self.update()

    def values(self) -> dict:
        return {name: w.value for name, w in self.controls.items()}

    def update(self) -> None:
        """Redraw with the current control values (warnings from overflow are the figure's job to show)."""
        with np.errstate(all="ignore"):
            self.redraw(**self.values())

    def png(self) -> bytes:
        """The figure as PNG bytes: the cached static background plus the animated artists."""
        canvas = self.fig.canvas
        if self._background is None:
            canvas.draw()  # lays out and renders everything except the animated artists
            self._background = canvas.copy_from_bbox(self.fig.bbox)
        else:
            canvas.restore_region(self._background)
        for artist in self.animated:
            self.fig.draw_artist(artist)
        buf = io.BytesIO()
        PILImage.fromarray(np.asarray(canvas.buffer_rgba())).save(buf, format="png", compress_level=1)
        return buf.getvalue()

    def _on_change(self, _change) -> None:
        self.update()
        if self._handle is not None:
            self._handle.update(Image(self.png()))

    def _ipython_display_(self) -> None:
        display(self.box)
        self._handle = display(Image(self.png()), display_id=True)
