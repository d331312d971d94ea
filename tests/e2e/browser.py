"""Start JupyterLab and a headless Chromium, and drive notebooks in them.

Shared by the end-to-end tests (`tests/e2e/`) and the browser benchmark
(`benchmarks/bench_browser.py`); anything else that needs a real browser (slides, say) can use
`find_chromium`, `launch_chromium`, `JupyterLab` and `course_copy` the same way.

The browser is the system Chromium (Debian's `chromium` package), driven by Playwright from pip;
Playwright's own browser download is never used. JupyterLab serves a *copy* of the course, so
that its autosave never writes into the repository, with its own settings directory: no news
pop-up, no autosave, every cell kept in the page (no virtual scrolling), and the application object
exposed as ``window.jupyterapp`` so that commands run without clicking through menus.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "build" / "e2e"  # screenshots, HTML exports, the server log and timings

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
HOW_TO_GET_CHROMIUM = (
    "no Chromium found (looked for $CHROMIUM and " + ", ".join(CHROMIUM_CANDIDATES) + "); "
    "install Debian's package as root: apt-get update && apt-get install -y chromium"
)

# User settings for the test server (JUPYTERLAB_SETTINGS_DIR), one file per plugin.
LAB_SETTINGS = {
    # "Would you like to receive official Jupyter news?" never asks, and nothing is fetched.
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    # Every cell stays in the DOM, so that the tests see the whole notebook.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # The copy is thrown away; nothing needs saving.
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

# A server on which no kernel can start: a notebook opens as a reader without a kernel sees it.
NO_KERNELS = ["--KernelSpecManager.allowed_kernelspecs=no-such-kernel"]

SUPPRESS_NEWS = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}


def find_chromium() -> str | None:
    """The path of a Chromium executable ($CHROMIUM first), or None."""
    candidates = [os.environ.get("CHROMIUM", "")] + list(CHROMIUM_CANDIDATES)
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def launch_chromium(playwright):
    """A headless system Chromium under Playwright; raises RuntimeError saying how to get one."""
    path = find_chromium()
    if path is None:
        raise RuntimeError(HOW_TO_GET_CHROMIUM)
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True, timeout=120_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def course_copy(dest: Path) -> Path:
    """Copy notebooks/ and res/ into ``dest`` (their relative layout kept) and return ``dest``."""
    for name in ("notebooks", "res"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    return dest


def notebooks() -> list[Path]:
    """Every notebook of the course, in order (new chapters are picked up as they appear)."""
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def stored_outputs(path: Path) -> list[list[dict]]:
    """The stored outputs of each code cell of a notebook file."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [c.get("outputs", []) for c in cells if c["cell_type"] == "code"]


def explorer_cells(path: Path) -> list[int]:
    """The indices (among code cells) of a notebook's explorer cells: those marked ``# NBVAL_IGNORE_OUTPUT``."""
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    return [i for i, c in enumerate(cells) if "# NBVAL_IGNORE_OUTPUT" in "".join(c["source"])]


def stored_figure_count(path: Path) -> int:
    """How many pictures the stored notebook shows: its image/png outputs."""
    return sum("image/png" in o.get("data", {}) for outputs in stored_outputs(path) for o in outputs)


class JupyterLab:
    """A JupyterLab server on a free localhost port with a random token, serving ``root``.

    Use as a context manager; its log goes to ``log``. ``url(path)`` builds an address with the token.
    ``extra_args`` go on its command line (``NO_KERNELS``: a server that can start no kernel).
    """

    def __init__(self, root: Path, log: Path, timeout: float = 180.0, extra_args=()):
        self.root, self.log_path, self.timeout = Path(root), Path(log), timeout
        self.extra_args = list(extra_args)
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def url(self, path: str) -> str:
        sep = "&" if "?" in path else "?"
        return f"{self.base}{path}{sep}token={self.token}"

    def __enter__(self):
        state = self.root.parent / (self.root.name + "-lab-state")
        for name, content in LAB_SETTINGS.items():
            file = state / "settings" / name
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(json.dumps(content))
        (state / "workspaces").mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(state / "settings"))
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(state / "workspaces")
        env["JUPYTER_RUNTIME_DIR"] = str(state / "runtime")  # kernel connection files stay out of $HOME
        env.pop("MPLBACKEND", None)  # the kernel inherits it; figures must use the inline backend
        command = [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--LabApp.expose_app_in_browser=True",
            *self.extra_args,
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--allow-root")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url("/api/status"), timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.__exit__(None, None, None)
        raise RuntimeError(f"JupyterLab did not answer within {self.timeout:.0f} s; see {self.log_path}")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


# --- driving a notebook --------------------------------------------------------------------------

_NOTEBOOK_STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
      && panel.sessionContext.session.kernel;
  const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
  const prompts = cells.map(c => (c.querySelector('.jp-InputArea-prompt') || {}).textContent || '');
  const errors = [];
  cells.forEach((c, i) => c.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').forEach(
      o => errors.push(`code cell ${i + 1} ${prompts[i]} wrote to stderr or raised:\\n` + o.textContent.slice(0, 1500))));
  document.querySelectorAll('.jp-Notebook .jupyter-widgets').forEach(w => {
      if (/Error displaying widget|Failed to create view/.test(w.textContent)) errors.push('widget: ' + w.textContent);
  });
  return {status: kernel ? kernel.status : 'none', prompts, errors};
}"""


def notebook_state(page) -> dict:
    """The kernel status, every code cell's prompt ("[3]:", "[*]:", "[ ]:") and any stderr or error text."""
    return page.evaluate(_NOTEBOOK_STATE)


def open_notebook(page, lab: JupyterLab, relpath: str, timeout: float = 180.0) -> None:
    """Open a notebook in a fresh workspace and wait until its kernel is idle."""
    page.goto(lab.url(f"/lab/tree/{relpath}?reset"), timeout=timeout * 1000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
    page.wait_for_function(
        "() => { const p = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " const k = p && p.sessionContext && p.sessionContext.session && p.sessionContext.session.kernel;"
        " return k && k.status === 'idle'; }",
        timeout=timeout * 1000,
    )
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")  # the notebook gets the whole width


def open_without_kernel(page, lab: JupyterLab, relpath: str, timeout: float = 180.0) -> None:
    """Open a notebook on a server that has no kernel (``NO_KERNELS``), dismissing the kernel chooser."""
    page.goto(lab.url(f"/lab/tree/{relpath}?reset"), timeout=timeout * 1000)
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
    with contextlib.suppress(Exception):  # "Select Kernel": keep "No Kernel"
        page.locator(".jp-Dialog .jp-mod-reject").click(timeout=10_000)
    page.wait_for_timeout(2000)  # the outputs render, the widget manager gives up on missing models


def save_notebook(page, timeout: float = 60.0) -> None:
    """Save the current notebook (File > Save) and wait until the file is written."""
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function(
        "() => { const p = window.jupyterapp.shell.currentWidget; return p && !p.context.model.dirty; }",
        timeout=timeout * 1000,
    )


def _numbered(prompt: str) -> bool:
    return re.fullmatch(r"\s*\[\d+\]:\s*", prompt) is not None


def restart_and_run_all(page, timeout: float = 900.0, attempts: int = 2) -> dict:
    """Restart the kernel, run every cell and wait until all code cells have execution numbers.

    A cold kernel can swallow the first run-all (the cells stay unnumbered on an idle kernel):
    then it is tried once more. Returns the final state; raises AssertionError on an error output
    or when the cells never all ran.
    """
    for _ in range(attempts):
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
        page.locator(".jp-Dialog .jp-mod-accept").click(timeout=60_000)
        page.wait_for_selector(".jp-Dialog", state="detached", timeout=60_000)
        start = time.monotonic()
        idle_since = None
        while time.monotonic() - start < timeout:
            state = notebook_state(page)
            if state["errors"]:
                raise AssertionError("\n\n".join(state["errors"]))
            done = all(_numbered(p) for p in state["prompts"])
            running = any("*" in p for p in state["prompts"])
            if state["status"] == "idle" and done:
                return state
            if state["status"] == "idle" and not running:
                idle_since = idle_since or time.monotonic()
                if time.monotonic() - idle_since > 15:
                    break  # nothing queued, nothing running, not all numbered: the run was swallowed
            else:
                idle_since = None
            page.wait_for_timeout(250)
        else:
            raise AssertionError(f"run-all did not finish in {timeout:.0f} s; prompts: {state['prompts']}")
    unrun = [i + 1 for i, p in enumerate(state["prompts"]) if not _numbered(p)]
    raise AssertionError(f"after {attempts} run-alls, code cells {unrun} never ran (kernel {state['status']})")


def wait_idle(page, timeout: float = 60.0) -> None:
    page.wait_for_function(
        "() => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
        timeout=timeout * 1000,
    )


_BROKEN_IMAGES = """(root) => [...root.querySelectorAll('img')]
    .filter(img => img.offsetParent !== null && !(img.complete && img.naturalWidth > 0))
    .map(img => (img.getAttribute('src') || '').slice(0, 80))"""

# A figure: a loaded image, or an explorer's live canvas once it has drawn (lecturekit/widgets/frames.js)
_VISIBLE_IMAGES = """(root) => [...root.querySelectorAll('img, canvas.lk-frame[data-frame]')]
    .filter(p => p.offsetParent !== null && (p.tagName === 'CANVAS' || (p.complete && p.naturalWidth > 0))).length"""


def static_html_figures(chromium, notebook: Path, out_dir: Path) -> tuple[int, list[str]]:
    """Export ``notebook`` with nbconvert to HTML in ``out_dir`` and open it with every network request
    blocked and no kernel: (how many figures show, the start of the src of each one that does not load)."""
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "html", "--output-dir", str(out_dir), str(notebook)],
        check=True,
        capture_output=True,
    )
    html = out_dir / f"{notebook.stem}.html"
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    try:
        page.goto(html.as_uri(), wait_until="load", timeout=120_000)
        page.wait_for_timeout(500)
        shown, broken = visible_images(page, "body"), broken_images(page, "body")
        page.screenshot(path=str(out_dir / f"{notebook.stem}.png"), full_page=True)
    finally:
        context.close()
    return shown, broken


def broken_images(page, selector: str) -> list[str]:
    """The start of the src of every visible image under ``selector`` that did not load."""
    return page.locator(selector).first.evaluate(_BROKEN_IMAGES)


def visible_images(page, selector: str) -> int:
    return page.locator(selector).first.evaluate(_VISIBLE_IMAGES)


def full_screenshot(page, path: Path, selector: str = ".jp-NotebookPanel .jp-WindowedPanel-outer") -> None:
    """A screenshot of the whole notebook: the viewport is stretched to the notebook's height
    (at most 16,000 px) for the shot and restored after."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate(
        f"() => {{ const s = document.querySelector('{selector}'); return s ? s.scrollHeight : 0; }}"
    )
    with contextlib.suppress(Exception):
        page.set_viewport_size({"width": size["width"], "height": int(min(max(height + 200, size["height"]), 16000))})
        page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size(size)


# --- moving an explorer's controls ---------------------------------------------------------------

# The largest visible picture of a cell's outputs: an image (the static PNG) or the live canvas
# once it has drawn something.
_PICTURE = """(cell) => {
  const shown = [...cell.querySelectorAll('.jp-Cell-outputArea img, .jp-Cell-outputArea canvas.lk-frame[data-frame]')]
      .filter(p => p.offsetParent !== null && (p.tagName === 'CANVAS' || (p.complete && p.naturalWidth > 0)));
  shown.sort((a, b) => b.width * b.height - a.width * a.height);
  shown.forEach((p, k) => p.toggleAttribute('data-e2e-picture', k === 0));
  return shown.length;
}"""


def picture(cell) -> bytes:
    """A screenshot of the cell's picture, taken once the kernel is idle. The first move of an
    explorer swaps the static picture for the live canvas, so a picture can vanish mid-shot: try again."""
    from playwright.sync_api import Error as PlaywrightError

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


def wait_for_new_picture(cell, before: bytes, seconds: float) -> bool:
    page = cell.page
    deadline = seconds * 1000
    waited = 0
    while waited <= deadline:
        if picture(cell) != before:
            return True
        page.wait_for_timeout(200)
        waited += 200 + 50
    return False


def _room(handle) -> tuple[float, float]:
    """How far the slider handle is from its minimum and its maximum (in slider units)."""
    now, low, high = (float(handle.get_attribute(a)) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
    return now - low, high - now


def move_by_keyboard(cell, handle, what: str) -> None:
    below, above = _room(handle)
    key = "ArrowRight" if above >= below else "ArrowLeft"
    before = picture(cell)
    handle.focus()
    for presses in range(1, 6):  # a coarse sweep can need more than one step to reach its next value
        handle.press(key)
        if wait_for_new_picture(cell, before, seconds=3 if presses < 5 else 20):
            return
    raise AssertionError(f"{what}: pressing {key} {presses} times did not change the picture")


def move_by_mouse(cell, handle, what: str) -> None:
    page = cell.page
    handle.scroll_into_view_if_needed()
    track = handle.locator("xpath=ancestor::div[contains(@class, 'noUi-target')]").bounding_box()
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    below, above = _room(handle)
    target = track["x"] + track["width"] * (0.85 if above >= below else 0.15)
    before = picture(cell)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(target, y, steps=12)
    page.mouse.up()
    if not wait_for_new_picture(cell, before, seconds=20):
        raise AssertionError(f"{what}: dragging the handle from x={x:.0f} to x={target:.0f} did not change the picture")
