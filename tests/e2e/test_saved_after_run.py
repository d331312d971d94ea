"""A chapter run by a learner in JupyterLab, then saved, still shows every figure without a kernel
(issue 26, item 11).

On a copy of the course: open the chapter, restart the kernel and run every cell, move a slider of
every explorer (the live canvas takes the static picture's place: exactly one picture shows), and
save. The saved file must keep a PNG beside every explorer. The same file is then opened on a
server that cannot start a kernel, where every stored figure must show, and exported by nbconvert
to HTML and opened with the network blocked, where every figure must show too.
"""

import os

import pytest
from browser import (
    NO_KERNELS,
    OUT,
    JupyterLab,
    broken_images,
    course_copy,
    explorer_cells,
    full_screenshot,
    notebook_state,
    open_notebook,
    open_without_kernel,
    restart_and_run_all,
    save_notebook,
    static_html_figures,
    stored_figure_count,
    stored_outputs,
    visible_images,
    wait_idle,
)

# The chapter of the report; LECTUREKIT_E2E_SAVED=02_curvature.ipynb,... runs others too.
CHAPTERS = os.environ.get("LECTUREKIT_E2E_SAVED", "03_conditioning.ipynb").split(",")

# What one explorer cell shows in the page: visible images, and live canvases that have drawn.
_SHOWN = """(cell) => {
  const area = cell.querySelector('.jp-Cell-outputArea');
  const visible = (p) => p.offsetParent !== null;
  return {
    images: [...area.querySelectorAll('img')].filter(visible).length,
    canvases: [...area.querySelectorAll('canvas.lk-frame[data-frame]')].filter(visible).length,
  };
}"""


def _move_one_slider(cell, what: str) -> None:
    """Press an arrow key on the cell's first slider; wait until the live canvas alone shows."""
    page = cell.page
    handle = cell.locator(".widget-hslider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    now, high = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemax"))
    handle.focus()
    handle.press("ArrowLeft" if now >= high else "ArrowRight")
    wait_idle(page)
    for _ in range(100):
        shown = cell.evaluate(_SHOWN)
        if shown == {"images": 0, "canvases": 1}:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{what}: after a move the cell shows {shown}, not the live canvas alone")


@pytest.mark.parametrize("name", CHAPTERS)
def test_a_chapter_saved_after_a_run_shows_every_figure_without_a_kernel(name, tmp_path, chromium):
    course = course_copy(tmp_path / "course")
    path = course / "notebooks" / name
    expected = stored_figure_count(path)
    explorers = explorer_cells(path)
    assert explorers, f"{name} has no explorer to test"

    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        with JupyterLab(course, OUT / "saved-run.log") as lab:
            open_notebook(page, lab, f"notebooks/{name}")
            restart_and_run_all(page)
            cells = page.locator(".jp-Notebook .jp-CodeCell")
            for i in explorers:
                _move_one_slider(cells.nth(i), f"{name}, code cell {i + 1}")
            assert notebook_state(page)["errors"] == []
            save_notebook(page)

        outputs = stored_outputs(path)
        for i in explorers:
            kinds = [set(o.get("data", {})) for o in outputs[i]]
            assert any("image/png" in k for k in kinds), f"{name}, code cell {i + 1} saved without a picture: {kinds}"
        saved = stored_figure_count(path)
        assert saved >= expected, f"{name}: the saved file stores {saved} figures, the committed one {expected}"

        with JupyterLab(course, OUT / "saved-no-kernel.log", extra_args=NO_KERNELS) as lab:
            open_without_kernel(page, lab, f"notebooks/{name}")
            assert broken_images(page, ".jp-Notebook") == [], f"{name}: saved figures that do not load"
            shown = visible_images(page, ".jp-Notebook")
            full_screenshot(page, OUT / f"saved-no-kernel-{path.stem}.png")
            assert shown >= saved, f"{name}: reopened without a kernel, {shown} figures show of {saved} saved"
    finally:
        context.close()

    shown, broken = static_html_figures(chromium, path, OUT / "html-saved")
    assert broken == [], f"{name}: figures of the saved file's HTML that do not load"
    assert shown >= saved, f"{name}: the saved file's HTML shows {shown} figures of {saved}"
