"""Where a key press's time goes in the browser: one notebook's explorers against the bare-slider floor.

Written for the ``<img>`` live picture that `LiveFigure` used until 2026-12-03, which this script's
stages (``src``, ``decoded``) follow; the explorers now draw on a canvas (`lecturekit.widgets.frames`),
whose draws `bench_browser.py` times, and only the floor's stages and the two prototypes still apply.

`bench_browser.py` measures key press to picture; this script splits that time into stages, for every
explorer of one notebook and for the floor (the bare slider of `bench_browser.FLOOR_CELL`, whose
observer here writes the kernel's clock into its label). Per press, in milliseconds after the keydown:

* ``sent``: the frontend writes the slider's new value to the kernel's WebSocket;
* ``handled`` (floor only): the kernel runs the observer (the label carries ``time.time()``, set
  against the page's clock, both on this machine);
* ``first``: the first message from the kernel arrives in the page (its "busy" status);
* ``picture``: the message carrying the picture arrives (the largest one, over 10 kB);
* ``src``: the live ``<img>`` gets the new picture (its ``src`` attribute changes);
* ``decoded``: the browser has decoded it (``img.decode()`` resolved);
* ``total``: the first animation frame after that, as `bench_browser.py` times it.

A WebSocket wrapper installed before JupyterLab loads stamps every message sent and received.
``--stack NAME`` also appends a prototype that never asks the kernel for a picture: 41 pictures of the
explorer ``NAME`` (its first control across its range), rendered in the kernel once, in an
``ipywidgets.Stack`` whose ``selected_index`` a bare ``IntSlider`` drives through ``jslink``, in the
browser alone. ``--canvas NAME`` appends a second prototype (the one `frames` grew from): the same 41 pictures sent once to a
small custom widget that decodes them all up front (``createImageBitmap``) and draws the one its own
range input selects into a canvas, on the input event, without waiting for anything; its value still
goes to the kernel afterwards. It times keydown to the first animation frame after the draw, and
draws per second while a real mouse (Playwright's) drags its handle for 3 s. ``--drag`` also measures
pictures per second while dragging, like `bench_browser.py`.

    .venv/bin/python benchmarks/browser_breakdown.py 05 [--presses 15] [--stack rate_map_explorer]
        [--canvas rate_map_explorer] [--drag]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_browser as bench  # noqa: E402
import browser as lab_browser  # noqa: E402

# Every WebSocket message, sent (negative size) or received, with the page's clock.
_HOOK = """(() => {
  const Original = window.WebSocket;
  window.__ws = [];
  const size = d => d.byteLength || d.size || d.length || 0;
  class Stamped extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', e => window.__ws.push([performance.now(), size(e.data)]));
      const send = this.send.bind(this);
      this.send = d => { window.__ws.push([performance.now(), -size(d)]); return send(d); };
    }
  }
  window.WebSocket = Stamped;
})();"""

# The times at which an <img> in the cell gets a new src, and at which that picture is decoded.
_IMAGES = """(cell) => {
  window.__img = [];
  new MutationObserver(ms => {
    const t = performance.now();
    for (const m of ms) {
      if (m.target.tagName !== 'IMG') continue;
      window.__img.push(['src', t]);
      m.target.decode().then(() => window.__img.push(['decoded', performance.now()])).catch(() => null);
    }
  }).observe(cell.querySelector('.jp-Cell-outputArea'), {subtree: true, attributes: true, attributeFilter: ['src']});
}"""

FLOOR_CELL = bench.FLOOR_CELL.replace(
    "import ipywidgets as widgets", "import time\n\nimport ipywidgets as widgets"
).replace("f\"value {change['new']}\"", 'f"{time.time() * 1000:.1f}"')

STACK_CELL = """import ipywidgets as widgets
import numpy as np

_explorer = {name}
_control = next(iter(_explorer.controls.values()))
_frames = []
for _value in np.linspace(_control.min, _control.max, 41):
    _control.value = type(_control.value)(_value)
    _frames.append(widgets.Image(value=_explorer.frame(), format="webp"))
client_stack = widgets.Stack(_frames, selected_index=20)
client_index = widgets.IntSlider(value=20, min=0, max=40, description="client", continuous_update=True)
widgets.jslink((client_index, "value"), (client_stack, "selected_index"))
widgets.VBox([client_index, client_stack])"""

CANVAS_CELL = """import anywidget
import numpy as np
import traitlets


class PrototypeFrames(anywidget.AnyWidget):
    _esm = \"\"\"
    export default {{ async render({{ model, el }}) {{
      const frames = model.get("frames");
      const bitmaps = await Promise.all(frames.map(f => createImageBitmap(new Blob([f], {{type: "image/webp"}}))));
      const input = document.createElement("input");
      input.type = "range"; input.min = 0; input.max = frames.length - 1; input.value = model.get("index");
      input.className = "lk-prototype-range"; input.style.width = "400px";
      input.setAttribute("data-lm-suppress-shortcuts", "true");  // JupyterLab keeps its hands off the arrow keys
      const canvas = document.createElement("canvas");
      canvas.width = bitmaps[0].width; canvas.height = bitmaps[0].height;
      const context = canvas.getContext("2d");
      const lk = window.__proto || (window.__proto = {{times: [], draws: [], keydown: null}});
      if (!lk.listening) {{
        lk.listening = true;
        document.addEventListener("keydown", () => {{ lk.keydown = performance.now(); }}, true);
      }}
      const draw = i => {{
        context.drawImage(bitmaps[i], 0, 0);
        lk.draws.push(performance.now());
        if (lk.keydown !== null) {{
          const t0 = lk.keydown;
          lk.keydown = null;
          requestAnimationFrame(() => lk.times.push(performance.now() - t0));
        }}
      }};
      draw(model.get("index"));
      input.addEventListener("keydown", e => e.stopPropagation());
      input.addEventListener("input", () => {{ draw(+input.value); model.set("index", +input.value); model.save_changes(); }});
      el.append(input, document.createElement("br"), canvas);
    }} }};\"\"\"
    frames = traitlets.List(traitlets.Bytes()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)


_explorer = {name}
_control = next(iter(_explorer.controls.values()))
_frames = []
for _value in np.linspace(_control.min, _control.max, 41):
    _control.value = type(_control.value)(_value)
    _frames.append(_explorer.frame())
PrototypeFrames(frames=_frames, index=20)"""


def _canvas(page, floor_handle, presses: int) -> None:
    """Key presses on the canvas prototype's range input, alternately with the floor, and a real drag."""
    box = page.locator("input.lk-prototype-range")
    box.wait_for()
    for k in range(presses):
        box.scroll_into_view_if_needed()
        box.focus()
        lab_browser.wait_idle(page)
        page.wait_for_timeout(100)
        n = page.evaluate("() => window.__proto.times.length")
        box.press("ArrowRight" if k % 20 < 10 else "ArrowLeft")
        page.wait_for_function(f"() => window.__proto.times.length > {n}", timeout=5000)
        floor_handle.scroll_into_view_if_needed()
        bench.press(page, floor_handle, "floor")
    times = page.evaluate("() => window.__proto.times")
    floor = page.evaluate("() => window.__lk.w.floor.times")
    med, p90 = bench._stats(times)
    print(
        f"canvas prototype: key to picture median {med:5.1f} ms, p90 {p90:5.1f} | floor median {statistics.median(floor):5.1f} ms"
    )
    box.scroll_into_view_if_needed()
    lab_browser.wait_idle(page)
    r = box.bounding_box()
    y = r["y"] + r["height"] / 2
    page.mouse.move(r["x"] + r["width"] / 2, y)
    page.mouse.down()
    start = page.evaluate("() => performance.now()")
    moves = 0
    while page.evaluate("() => performance.now()") - start < 3000:
        phase = (moves % 60) / 30
        page.mouse.move(r["x"] + r["width"] * (0.2 + 0.6 * (phase if phase <= 1 else 2 - phase)), y)
        moves += 1
    end = page.evaluate("() => performance.now()")
    page.mouse.up()
    draws = page.evaluate(f"() => window.__proto.draws.filter(t => t >= {start} && t <= {end}).length")
    seconds = (end - start) / 1000
    print(f"canvas prototype: drag {draws / seconds:.1f} pictures/s ({moves / seconds:.0f} mouse moves/s)")


STAGES = ("sent", "handled", "first", "picture", "src", "decoded", "total")


def _stages(page, key: str, floor_cell) -> dict:
    """The stages of the last press on watcher ``key`` (see the module docstring)."""
    total = page.evaluate(f"() => window.__lk.w['{key}'].times.slice(-1)[0]")
    t0 = page.evaluate(f"() => window.__lk.w['{key}'].stamps.slice(-1)[0]") - total
    messages = [(t - t0, n) for t, n in page.evaluate("() => window.__ws") if t >= t0 - 1]
    images = [(kind, t - t0) for kind, t in page.evaluate("() => window.__img") if t >= t0 - 1]
    out = {"total": total}
    sent = [t for t, n in messages if n < 0]
    received = [(t, n) for t, n in messages if n > 0]
    if sent:
        out["sent"] = sent[0]
    if received:
        out["first"] = received[0][0]
    big = [(n, t) for t, n in received if n > 10_000]
    if big:
        out["picture"] = max(big)[1]
    for kind in ("src", "decoded"):
        times = [t for k, t in images if k == kind]
        if times:
            out[kind] = times[0]
    if key == "floor":
        stamp = float(floor_cell.locator(".widget-label").last.inner_text())
        epoch = page.evaluate("() => Date.now() - performance.now()")
        out["handled"] = stamp - epoch - t0
    return out


def _summary(rows: list[dict]) -> str:
    parts = []
    for stage in STAGES:
        values = [r[stage] for r in rows if stage in r]
        if values:
            parts.append(f"{stage} {statistics.median(values):5.1f}")
    return " | ".join(parts)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("notebook", help="the chapter's number or file name prefix, e.g. 05")
    parser.add_argument("--presses", type=int, default=15)
    parser.add_argument("--stack", metavar="NAME", help="append the client-side prototype for explorer NAME")
    parser.add_argument("--canvas", metavar="NAME", help="append the canvas prototype for explorer NAME (anywidget)")
    parser.add_argument("--drag", action="store_true", help="also measure pictures per second while dragging")
    args = parser.parse_args(argv)
    if lab_browser.find_chromium() is None:
        print(lab_browser.HOW_TO_GET_CHROMIUM)
        return 2
    from playwright.sync_api import sync_playwright

    path = next((ROOT / "notebooks").glob(f"{args.notebook}*.ipynb"))
    with tempfile.TemporaryDirectory(prefix="lecturekit-breakdown-") as tmp:
        course = lab_browser.course_copy(Path(tmp) / "course")
        nb = json.loads(path.read_text(encoding="utf-8"))
        extra = [STACK_CELL.format(name=args.stack)] if args.stack else []
        extra += [CANVAS_CELL.format(name=args.canvas)] if args.canvas else []
        extra += [FLOOR_CELL]
        for source in extra:
            nb["cells"].append(
                {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": source}
            )
        (course / "notebooks" / path.name).write_text(json.dumps(nb, indent=1, ensure_ascii=False))
        with (
            lab_browser.JupyterLab(course, Path(tmp) / "jupyterlab.log") as lab,
            sync_playwright() as playwright,
        ):
            chromium = lab_browser.launch_chromium(playwright)
            page = chromium.new_page(viewport={"width": 1280, "height": 1000})
            page.add_init_script(_HOOK)
            page.set_default_timeout(60_000)
            lab_browser.open_notebook(page, lab, f"notebooks/{path.name}")
            lab_browser.restart_and_run_all(page)
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            floor_cell = cells.nth(cells.count() - 1)
            floor_handle = floor_cell.locator(".widget-hslider .noUi-handle").first
            print(
                f"{path.name}: medians in ms after the keydown ({args.presses} presses, explorer and floor alternately)"
            )
            for i in range(cells.count() - 1):
                cell = cells.nth(i)
                if cell.locator(".widget-hslider").count() == 0:
                    continue
                handle = cell.locator(".widget-hslider .noUi-handle").first
                page.evaluate(bench._WATCH, [cell.element_handle(), "x", "picture"])
                page.evaluate(bench._WATCH, [floor_cell.element_handle(), "floor", "label"])
                page.evaluate(_IMAGES, cell.element_handle())
                rows = {"x": [], "floor": []}
                for _ in range(args.presses):
                    for key, h in (("x", handle), ("floor", floor_handle)):
                        h.scroll_into_view_if_needed()
                        page.evaluate("() => { window.__ws = []; window.__img = []; }")
                        if bench.press(page, h, key):
                            page.wait_for_timeout(200)  # let the decode promises and late messages land
                            rows[key].append(_stages(page, key, floor_cell))
                label = cell.locator(".widget-hslider .widget-label").first.inner_text()
                print(f"cell {i + 1} {label}: {_summary(rows['x'])}")
                print(f"{'':>8s}floor: {_summary(rows['floor'])}")
                if args.drag:
                    fps, moves = bench.drag(page, handle, "x")
                    floor_fps, _ = bench.drag(page, floor_handle, "floor")
                    print(f"{'':>8s}drag: {fps:.1f} pictures/s, floor {floor_fps:.1f} labels/s ({moves:.0f} moves/s)")
            if args.canvas:
                page.evaluate(bench._WATCH, [floor_cell.element_handle(), "floor", "label"])
                _canvas(page, floor_handle, args.presses)
            chromium.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
