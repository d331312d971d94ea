"""Presenting a chapter live from JupyterLab itself, with explorers that move (issue 26, item 7).

jupyterlab-rise cannot show anywidget views (upstream jupyterlab-contrib/rise#119 and #126: its
slideshow page lacks the shared module @jupyterlab/console that the widget manager of ipywidgets 8
needs), so a lecturer presents from JupyterLab's own layout, as the README describes: Simple
Interface (one notebook, no tabs), Presentation Mode (larger text and code) and the side bars
collapsed. The test runs a chapter, enters that layout with the commands the View menu runs, checks
that the text grew, and moves a slider of every explorer: each move must change the picture.
"""

from browser import OUT, explorer_cells, move_by_keyboard, notebook_state, open_notebook, restart_and_run_all

CHAPTER = "03_conditioning.ipynb"

# View > Simple Interface, View > Presentation Mode, and both side bars closed.
_PRESENT = """async () => {
  const app = window.jupyterapp;
  await app.commands.execute('application:set-mode', {mode: 'single-document'});
  if (!app.shell.presentationMode) await app.commands.execute('application:toggle-presentation-mode');
  app.shell.collapseLeft();
  app.shell.collapseRight();
  return {presentation: app.shell.presentationMode, mode: app.shell.mode};
}"""

_CODE_FONT_PX = """() => parseFloat(getComputedStyle(
  document.querySelector('.jp-Notebook .jp-CodeCell .cm-content')).fontSize)"""


def test_presentation_mode_keeps_every_explorer_moving(course, lab, page):
    open_notebook(page, lab, f"notebooks/{CHAPTER}")
    restart_and_run_all(page)
    plain = page.evaluate(_CODE_FONT_PX)
    assert page.evaluate(_PRESENT) == {"presentation": True, "mode": "single-document"}
    page.wait_for_timeout(500)
    presented = page.evaluate(_CODE_FONT_PX)
    assert presented > plain, f"presentation mode left the code at {presented} px (was {plain} px)"

    explorers = explorer_cells(course / "notebooks" / CHAPTER)
    assert explorers
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    for i in explorers:
        cell = cells.nth(i)
        handle = cell.locator(".widget-hslider .noUi-handle").first
        handle.scroll_into_view_if_needed()
        move_by_keyboard(cell, handle, f"{CHAPTER} presented, code cell {i + 1}")
    assert notebook_state(page)["errors"] == []
    page.screenshot(path=str(OUT / "presenting.png"))
