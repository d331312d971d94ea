"""Render the pictures of a chapter's explorers for the website (run by site/build.py, one process a chapter).

    python site/render_frames.py notebooks/05_momentum.ipynb build/site-static/frames/05_momentum

The chapter's code cells run in an IPython shell with the Agg backend, up to the last cell that shows an
explorer; their printed outputs are thrown away (the site shows the committed ones, which nbval tests).
Each explorer shown (a `LiveFigure` displayed by a cell) is recorded in order, and pictures are rendered
through the explorer's own `_picture_at`, the function the kernel answers the browser's requests with, so
a picture in the site has the bytes the kernel would send for that position. Positions and keys follow
`lecturekit.widgets.frames` (`position`, `positions`, `value_at`; key = positions joined by commas).

The kernel's pictures are lossless WebP at the fastest setting (``method=0``, chosen for a live slider);
the site stores the same pixels re-encoded losslessly at ``method=1``, about 0.7 of the bytes, which keeps
the whole site under its 150 MB budget (benchmarks/README.md). The tests compare pixels, not bytes.

Which positions: the full grid when it holds at most `GRID_MAX` pictures, otherwise every position of
each control with the others at their defaults. Identical pictures are stored once (named by digest).
The folder gets ``manifest.json``: per explorer its controls, its default key and key -> picture file.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import sys
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

GRID_MAX = 400


def compact(data: bytes) -> bytes:
    """The same pixels as the lossless WebP ``data``, re-encoded losslessly with more effort (smaller)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.open(io.BytesIO(data)).save(out, format="webp", lossless=True, quality=25, method=1)
    return out.getvalue()


def _controls(lf) -> list[dict]:
    from lecturekit.widgets import frames

    out = []
    for name, w in lf.controls.items():
        kind = frames.control_kind(w)
        n = frames.positions(w)
        labels = [_label(frames.value_at(w, k), w) for k in range(n)]
        out.append(
            {
                "name": name,
                "label": w.description or name,
                "kind": kind,
                "widget": type(w).__name__,
                "positions": n,
                "default": frames.position(w),
                "labels": labels,
            }
        )
    return out


def _label(value, w) -> str:
    """What the control shows at a position, as ipywidgets would (readout format or option label)."""
    if hasattr(w, "_options_labels"):
        for lab, val in zip(w._options_labels, w._options_values):
            if val is value or val == value:
                return str(lab)
    fmt = getattr(w, "readout_format", None)
    if fmt and isinstance(value, (int, float)):
        try:
            return format(value, fmt)
        except ValueError:
            return str(value)
    return str(value)


def _keys(controls: list[dict]) -> list[tuple[int, ...]]:
    sizes = [c["positions"] for c in controls]
    default = tuple(c["default"] for c in controls)
    if math.prod(sizes) <= GRID_MAX:
        return list(itertools.product(*(range(n) for n in sizes)))
    keys = [default]
    for i, n in enumerate(sizes):
        for k in range(n):
            key = default[:i] + (k,) + default[i + 1 :]
            if key != default:
                keys.append(key)
    return keys


def render(notebook: Path, out: Path) -> dict:
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from lecturekit.widgets import frames
    from lecturekit.widgets.live import LiveFigure

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = [(i, "".join(c["source"])) for i, c in enumerate(cells) if c["cell_type"] == "code"]
    shown_in = [
        i
        for i, c in enumerate(cells)
        if c["cell_type"] == "code"
        for o in c.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    if not shown_in:
        return {"explorers": []}
    shown = []  # (cell index, LiveFigure) in display order
    where = {"cell": None}
    original = LiveFigure._ipython_display_

    def recording_display(self):
        shown.append((where["cell"], self))
        original(self)

    LiveFigure._ipython_display_ = recording_display
    shell = InteractiveShell.instance()
    with capture_output(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for i, source in code:
            if i > shown_in[-1]:
                break  # nothing after the last explorer matters for its pictures
            where["cell"] = i
            shell.run_cell(source, store_history=False).raise_error()
    LiveFigure._ipython_display_ = original
    if [c for c, _ in shown] != shown_in:
        raise RuntimeError(f"{notebook.name}: explorers shown in cells {[c for c, _ in shown]}, stored in {shown_in}")

    out.mkdir(parents=True, exist_ok=True)
    explorers = []
    for n, (cell, lf) in enumerate(shown):
        controls = _controls(lf)
        names = list(lf.controls)
        pictures = {}
        for pos in _keys(controls):
            values = {name: frames.value_at(lf.controls[name], k) for name, k in zip(names, pos)}
            data = compact(lf._picture_at(values))
            digest = hashlib.blake2b(data, digest_size=10).hexdigest()
            file = out / f"{digest}.webp"
            if not file.exists():
                file.write_bytes(data)
            pictures[",".join(map(str, pos))] = file.name
        lf._picture_at(None)
        width, height = lf.fig.canvas.get_width_height()
        explorers.append(
            {
                "cell": cell,
                "index": n,
                "description": lf.box._description,
                "controls": controls,
                "default": ",".join(str(c["default"]) for c in controls),
                "grid": math.prod(c["positions"] for c in controls) <= GRID_MAX,
                "size": [width, height],
                "frames": pictures,
            }
        )
    return {"explorers": explorers}


if __name__ == "__main__":
    notebook, out = Path(sys.argv[1]), Path(sys.argv[2])
    manifest = render(notebook, out)
    manifest["key"] = sys.argv[3] if len(sys.argv) > 3 else ""
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    print(f"{notebook.name}: {sum(len(e['frames']) for e in manifest['explorers'])} pictures")
