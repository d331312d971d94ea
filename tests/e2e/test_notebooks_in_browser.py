"""Every notebook as a learner meets it: in JupyterLab in Chromium, and as a static HTML page.

In JupyterLab each notebook is opened (its stored figures must show), its kernel restarted and
every cell run (no error, nothing on stderr, every figure drawn again), and every slider of every
explorer moved twice, once with the keyboard and once by dragging its handle with the mouse; each
move must change the picture. Dropdowns are switched to another option. A screenshot of each
notebook goes to build/e2e/. The nbconvert HTML export of each stored notebook is then opened with
every network request blocked and no kernel: every stored figure must show there too.
"""

import subprocess
import sys

import pytest
from browser import (
    OUT,
    broken_images,
    full_screenshot,
    notebook_state,
    notebooks,
    open_notebook,
    restart_and_run_all,
    stored_figure_count,
    visible_images,
    wait_idle,
)
from playwright.sync_api import Error as PlaywrightError

NOTEBOOKS = notebooks()

# The largest visible picture of a cell's outputs: an image (the static PNG) or the live canvas
# once it has drawn something.
_PICTURE = """(cell) => {
  const shown = [...cell.querySelectorAll('.jp-Cell-outputArea img, .jp-Cell-outputArea canvas.lk-frame[data-frame]')]
      .filter(p => p.offsetParent !== null && (p.tagName === 'CANVAS' || (p.complete && p.naturalWidth > 0)));
  shown.sort((a, b) => b.width * b.height - a.width * a.height);
  shown.forEach((p, k) => p.toggleAttribute('data-e2e-picture', k === 0));
  return shown.length;
}"""


def _picture(cell) -> bytes:
    """A screenshot of the cell's picture, taken once the kernel is idle. The first move of an
    explorer swaps the static picture for the live canvas, so a picture can vanish mid-shot: try again."""
    page = cell.page
    shown = 0
    for _ in range(10):
        wait_idle(page)
        shown = cell.evaluate(_PICTURE)
        if shown == 0:  # between the static picture and the first live image, or a live image still decoding
            page.wait_for_timeout(300)
            continue
        try:
            return cell.locator("[data-e2e-picture]").first.screenshot(animations="disabled", timeout=15_000)
        except PlaywrightError:
            page.wait_for_timeout(300)
    assert shown > 0, "the explorer shows no picture (10 tries, 300 ms apart)"
    raise AssertionError("the explorer's picture kept changing under the screenshot for 10 tries")


def _wait_for_new_picture(cell, before: bytes, seconds: float) -> bool:
    page = cell.page
    deadline = seconds * 1000
    waited = 0
    while waited <= deadline:
        if _picture(cell) != before:
            return True
        page.wait_for_timeout(200)
        waited += 200 + 50
    return False


def _room(handle) -> tuple[float, float]:
    """How far the slider handle is from its minimum and its maximum (in slider units)."""
    now, low, high = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
    return now - low, high - now


def _move_by_keyboard(cell, handle, what: str) -> None:
    below, above = _room(handle)
    key = "ArrowRight" if above >= below else "ArrowLeft"
    before = _picture(cell)
    handle.focus()
    for presses in range(1, 6):  # a coarse sweep can need more than one step to reach its next value
        handle.press(key)
        if _wait_for_new_picture(cell, before, seconds=3 if presses < 5 else 20):
            return
    raise AssertionError(f"{what}: pressing {key} {presses} times did not change the picture")


def _move_by_mouse(cell, handle, what: str) -> None:
    page = cell.page
    handle.scroll_into_view_if_needed()
    track = handle.locator("xpath=ancestor::div[contains(@class, 'noUi-target')]").bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    below, above = _room(handle)
    target = track["x"] + track["width"] * (0.85 if above >= below else 0.15)
    before = _picture(cell)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(target, y, steps=12)
    page.mouse.up()
    if not _wait_for_new_picture(cell, before, seconds=20):
        raise AssertionError(f"{what}: dragging the handle from x={x:.0f} to x={target:.0f} did not change the picture")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_in_jupyterlab(path, lab, page):
    name = path.name
    open_notebook(page, lab, f"notebooks/{name}")
    expected = stored_figure_count(path)
    assert broken_images(page, ".jp-Notebook") == [], f"{name}: stored figures that do not load when opened"
    shown = visible_images(page, ".jp-Notebook")
    assert shown >= expected, f"{name}: opened with {shown} figures showing, the file stores {expected}"

    restart_and_run_all(page)
    assert broken_images(page, ".jp-Notebook") == [], f"{name}: figures that do not load after run-all"
    shown = visible_images(page, ".jp-Notebook")
    assert shown >= expected, f"{name}: after run-all {shown} figures show, the stored notebook has {expected}"

    cells = page.locator(".jp-Notebook .jp-CodeCell")
    moved = 0
    for i in range(cells.count()):
        cell = cells.nth(i)
        handles = cell.locator(".widget-hslider .noUi-handle")
        for k in range(handles.count()):
            handle = handles.nth(k)
            label = cell.locator(".widget-hslider").nth(k).locator(".widget-label").inner_text()
            what = f"{name}, code cell {i + 1}, slider {label!r}"
            handle.scroll_into_view_if_needed()
            _move_by_keyboard(cell, handle, what)
            _move_by_mouse(cell, handle, what)
            moved += 1
        selects = cell.locator(".widget-dropdown select")
        for k in range(selects.count()):
            select = selects.nth(k)
            options = select.locator("option").all_inner_texts()
            current = select.evaluate("s => s.options[s.selectedIndex].text")
            other = next(o for o in options if o != current)
            before = _picture(cell)
            select.select_option(label=other)
            assert _wait_for_new_picture(cell, before, seconds=20), (
                f"{name}, code cell {i + 1}: choosing {other!r} in the dropdown did not change the picture"
            )
    explorers = sum("# NBVAL_IGNORE_OUTPUT" in "".join(s) for s in _sources(path))
    assert (moved > 0) == (explorers > 0), f"{name}: {explorers} explorer cells but {moved} sliders found"
    state = notebook_state(page)
    assert state["errors"] == [], "\n".join(state["errors"])
    full_screenshot(page, OUT / f"{path.stem}.png")


def _sources(path):
    import json

    return [c["source"] for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_static_html_export_shows_every_figure(path, course, chromium):
    """nbconvert's HTML of the stored notebook, opened with no kernel and no network."""
    copy = course / "notebooks" / path.name
    html_dir = OUT / "html"
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir", str(html_dir), str(copy)],
        check=True,
        capture_output=True,
    )
    html = html_dir / f"{path.stem}.html"
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    try:
        page.goto(html.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_timeout(500)
        expected = stored_figure_count(path)
        assert broken_images(page, "body") == [], f"{html.name}: figures that do not load"
        shown = visible_images(page, "body")
        assert shown >= expected, f"{html.name}: {shown} figures show without a kernel, the notebook stores {expected}"
        page.screenshot(path=str(html_dir / f"{path.stem}.png"), full_page=True)
    finally:
        context.close()
