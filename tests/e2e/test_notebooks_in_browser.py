"""Every notebook as a learner meets it: in JupyterLab in Chromium, and as a static HTML page.

In JupyterLab each notebook is opened (its stored figures must show), its kernel restarted and
every cell run (no error, nothing on stderr, every figure drawn again), and every slider of every
explorer moved twice, once with the keyboard and once by dragging its handle with the mouse; each
move must change the picture. Dropdowns are switched to another option. A screenshot of each
notebook goes to build/e2e/. The nbconvert HTML export of each stored notebook is then opened with
every network request blocked and no kernel: every stored figure must show there too.
"""

import pytest
from browser import (
    OUT,
    broken_images,
    explorer_cells,
    full_screenshot,
    move_by_keyboard,
    move_by_mouse,
    notebook_state,
    notebooks,
    open_notebook,
    picture,
    restart_and_run_all,
    static_html_figures,
    stored_figure_count,
    visible_images,
    wait_for_new_picture,
)

NOTEBOOKS = notebooks()


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
            move_by_keyboard(cell, handle, what)
            move_by_mouse(cell, handle, what)
            moved += 1
        selects = cell.locator(".widget-dropdown select")
        for k in range(selects.count()):
            select = selects.nth(k)
            options = select.locator("option").all_inner_texts()
            current = select.evaluate("s => s.options[s.selectedIndex].text")
            other = next(o for o in options if o != current)
            before = picture(cell)
            select.select_option(label=other)
            assert wait_for_new_picture(cell, before, seconds=20), (
                f"{name}, code cell {i + 1}: choosing {other!r} in the dropdown did not change the picture"
            )
    explorers = len(explorer_cells(path))
    assert (moved > 0) == (explorers > 0), f"{name}: {explorers} explorer cells but {moved} sliders found"
    state = notebook_state(page)
    assert state["errors"] == [], "\n".join(state["errors"])
    full_screenshot(page, OUT / f"{path.stem}.png")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_static_html_export_shows_every_figure(path, course, chromium):
    """nbconvert's HTML of the stored notebook, opened with no kernel and no network."""
    copy = course / "notebooks" / path.name
    shown, broken = static_html_figures(chromium, copy, OUT / "html")
    expected = stored_figure_count(path)
    assert broken == [], f"{path.stem}.html: figures that do not load"
    assert shown >= expected, f"{path.stem}.html: {shown} figures show without a kernel, the notebook stores {expected}"
