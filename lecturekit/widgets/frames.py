"""A picture that follows its sliders in the browser without waiting for the kernel.

A slider move that goes to the kernel and comes back as a new image costs a round trip, the
kernel's redraw and the browser's decoding and swapping of the image: in JupyterLab in Chromium
1.5-2.3x what a bare slider updating a text label costs (`benchmarks/README.md`). `FrameView`
keeps pictures in the browser instead. Every control's state is a *position*, an integer:

    linear slider   round((value - min) / step)
    log slider      round((log_base(value) - min) / step)
    selection       its index

and the tuple of positions is the picture's *key*. The browser side (``frames.js``) draws the
picture of the current key on a canvas as soon as a control's model changes in the page, if it
has it, and otherwise waits for the kernel, which renders every real move as before. After a
learner's first move, whenever the controls rest for a moment, the browser asks for the pictures
of the positions next to the current one along each slider (the one moved last first), nearest
first, a few at a time, and keeps them (encoded, and the nearest ones decoded). Dropdowns and
toggle buttons are not prefetched: changing them may recompute a whole sweep. While a handle is
dragged faster than pictures arrive or decode, the canvas draws the newest picture it has for a
position the handle has just passed, so it follows a step behind rather than waiting.

The kernel renders a requested key with the controls' values at those positions
(``value_at``) and sends the lossless picture as a binary buffer; a key whose picture is
byte-for-byte one sent before under another key is sent as an alias. The picture of a real move
is rendered again from the controls' real values, and sent only when its bytes differ from what
the browser has for that key, so the picture at rest is always the kernel's own. A change of a
control's bounds, step or options makes both sides forget every picture.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import anywidget
import ipywidgets as widgets
import traitlets

_SLIDERS = (widgets.IntSlider, widgets.FloatSlider)
_SELECTIONS = (widgets.SelectionSlider, widgets.Dropdown, widgets.ToggleButtons)
_NO_PREFETCH = (widgets.Dropdown, widgets.ToggleButtons)  # a change may recompute a sweep


def control_kind(widget) -> str:
    """How ``widget``'s state becomes a position: ``"linear"``, ``"log"`` or ``"index"``."""
    if isinstance(widget, widgets.FloatLogSlider):
        return "log"
    if isinstance(widget, _SLIDERS):
        return "linear"
    if isinstance(widget, _SELECTIONS):
        return "index"
    raise ValueError(
        "controls must be IntSlider, FloatSlider, FloatLogSlider, SelectionSlider, Dropdown or "
        f"ToggleButtons widgets; got {type(widget).__name__}"
    )


def position(widget) -> int:
    """The integer position of ``widget``'s current value (see the module docstring)."""
    kind = control_kind(widget)
    if kind == "index":
        return int(widget.index)
    v = math.log(widget.value) / math.log(widget.base) if kind == "log" else widget.value
    return int(round((v - widget.min) / widget.step))


def positions(widget) -> int:
    """How many positions ``widget`` has."""
    if control_kind(widget) == "index":
        return len(widget.options)
    return int(round((widget.max - widget.min) / widget.step)) + 1


def value_at(widget, k: int):
    """The value ``widget`` has at position ``k`` (the inverse of `position`)."""
    kind = control_kind(widget)
    if kind == "index":
        return widget._options_values[k]
    v = widget.min + k * widget.step
    if kind == "log":
        return widget.base**v
    return int(v) if isinstance(widget, widgets.IntSlider) else float(v)


def _key(pos) -> str:
    """The key of a tuple of positions, as ``frames.js`` writes it."""
    return ",".join(map(str, pos))


class FrameView(anywidget.AnyWidget):
    """A canvas in the browser showing pictures by key; see the module docstring.

    ``render(values)`` is the kernel's side: it returns the encoded picture for a dict of
    control values, leaving the figure as it found it is the caller's job (`LiveFigure` redraws
    the current values after a batch of requests). ``value`` is the last picture sent or kept
    for the current key (the bytes, not a synced trait: a picture is never stored in the
    notebook's widget state).
    """

    _esm = Path(__file__).with_name("frames.js")
    controls = traitlets.List().tag(sync=True)

    def __init__(self, controls: dict, render, mime: str, **kwargs):
        self._widgets = dict(controls)
        specs = [  # control_kind raises a ValueError for a control this view cannot key
            {"id": w.model_id, "kind": control_kind(w), "prefetch": not isinstance(w, _NO_PREFETCH)}
            for w in self._widgets.values()
        ]
        super().__init__(controls=specs, **kwargs)
        self._render = render
        self._mime = mime
        self._sent = {}  # key -> digest of the bytes the browser holds for it
        self._by_digest = {}  # digest -> a key the browser holds those bytes under
        self.value = b""
        self.on_msg(self._on_message)
        for w in self._widgets.values():  # new bounds give positions a new meaning: start afresh
            w.observe(self._reset, names=[n for n in ("min", "max", "step", "base", "options") if w.has_trait(n)])

    def _forget(self) -> None:
        """The browser holds no picture any more."""
        self._sent.clear()
        self._by_digest.clear()

    def _reset(self, _change=None) -> None:
        self._forget()
        self.send({"type": "reset"})

    def key(self) -> str:
        return _key(position(w) for w in self._widgets.values())

    def show(self, data: bytes) -> None:
        """``data`` is the picture of the controls' current values: send it unless the browser has it."""
        self.value = data
        self._offer(self.key(), data)

    def _offer(self, key: str, data: bytes) -> None:
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if self._sent.get(key) == digest:
            return
        other = self._by_digest.get(digest)
        if other is not None and self._sent.get(other) == digest:
            self.send({"type": "alias", "key": key, "as": other})
        else:
            self.send({"type": "frame", "key": key, "mime": self._mime}, [data])
            self._by_digest[digest] = key
        self._sent[key] = digest

    def _values(self, pos) -> dict | None:
        """The control values at positions ``pos``, or None if ``pos`` is not a key this view prefetches."""
        ws = list(self._widgets.items())
        if not isinstance(pos, list) or len(pos) != len(ws) or not all(isinstance(k, int) for k in pos):
            return None
        values = {}
        for (name, w), k in zip(ws, pos):
            if not 0 <= k < positions(w):
                return None
            if isinstance(w, _NO_PREFETCH) and k != position(w):
                return None  # never recompute a sweep for a picture nobody asked to see yet
            values[name] = value_at(w, k)
        return values

    def _on_message(self, _widget, content, _buffers) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "hello":  # a new view: it holds nothing yet
            self._forget()
            if self.value and self.layout.display != "none":
                self._offer(self.key(), self.value)
        elif kind == "evicted":
            for key in content.get("keys", []):
                self._sent.pop(key, None)
        elif kind == "want":
            keys = content.get("keys", [])
            try:
                for pos in keys:
                    values = self._values(pos)
                    if values is None:
                        continue
                    self._offer(_key(pos), self._render(values))
            finally:
                self._render(None)  # back to the controls' current values
                self.send({"type": "done", "keys": [_key(p) for p in keys if isinstance(p, list)]})
