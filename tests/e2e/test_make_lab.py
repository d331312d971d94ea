"""`make lab` lands on the course map and serves the student notebooks too (issue 26, item 12).

The Makefile's own `lab` target is started on a copy of the course (``LAB_ROOT``), with a
``build/student/`` notebook in it as `make student` leaves one, on a free port and without a
browser. The URL it prints must be the course map's, and opening it in Chromium must show
``notebooks/index.ipynb``; the student notebook must open from the same server.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import time

from browser import ROOT, course_copy, free_port

INDEX = "notebooks/index.ipynb"


def _title(path) -> str:
    """The first heading of a notebook's first markdown cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = "".join(next(c for c in cells if c["cell_type"] == "markdown")["source"])
    return re.search(r"^#+\s*(.+)$", text, re.M).group(1).strip()


def _current_path(page) -> str:
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.context.path")


def test_make_lab_prints_and_opens_the_course_map_and_serves_build_student(tmp_path, chromium):
    course = course_copy(tmp_path / "course")
    student = course / "build" / "student"
    student.mkdir(parents=True)
    chapter = sorted((course / "notebooks").glob("[0-9][0-9]_*.ipynb"))[0]
    shutil.copy(chapter, student / chapter.name)

    port = free_port()
    flags = f"--no-browser --ServerApp.port={port} --ServerApp.port_retries=0 --LabApp.expose_app_in_browser=True"
    env = dict(os.environ, JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "workspaces"))
    env["JUPYTER_RUNTIME_DIR"] = str(tmp_path / "runtime")
    env.pop("MPLBACKEND", None)
    command = ["make", "--no-print-directory", "lab", f"LAB_ROOT={course}", f"LAB_FLAGS={flags}"]
    server = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
    )
    log = []
    try:
        url = None
        deadline = time.monotonic() + 180
        while url is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if not line:
                raise AssertionError("make lab exited before printing a URL:\n" + "".join(log))
            log.append(line)
            found = re.search(rf"http://127\.0\.0\.1:{port}/\S*\?token=\w+", line)
            url = found and found.group(0)
        assert url, "make lab printed no URL within 180 s:\n" + "".join(log)
        assert url.split("?")[0] == f"http://127.0.0.1:{port}/lab/tree/{INDEX}", f"make lab printed {url}"

        context = chromium.new_context(viewport={"width": 1280, "height": 1000})
        page = context.new_page()
        try:
            page.goto(url, timeout=120_000)
            assert _current_path(page) == INDEX
            heading = _title(course / INDEX)
            rendered = page.locator(".jp-Notebook .jp-MarkdownOutput :is(h1, h2)").filter(has_text=heading)
            rendered.first.wait_for(timeout=60_000)  # the course map's title, rendered

            token = url.split("token=")[1]
            opened = f"build/student/{chapter.name}"
            page.goto(f"http://127.0.0.1:{port}/lab/tree/{opened}?token={token}")
            page.wait_for_function(
                "(path) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
                " return w && w.context && w.context.path === path && w.content.widgets.length > 0; }",
                arg=opened,
                timeout=120_000,
            )
        finally:
            context.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the JupyterLab it started, nothing else
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        server.stdout.close()
