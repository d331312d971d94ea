"""Fixtures for the end-to-end tests: one JupyterLab server over a copy of the course and one
headless Chromium for the whole session, a fresh page per test, and a timing report at the end
(also written to build/e2e/timings.json)."""

import json
import sys
import tempfile
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser as lab_browser  # noqa: E402

OUT = lab_browser.OUT
_TIMES: dict[str, float] = {}
_START = time.monotonic()


@pytest.fixture(scope="session")
def course():
    with tempfile.TemporaryDirectory(prefix="lecturekit-e2e-") as tmp:
        yield lab_browser.course_copy(Path(tmp) / "course")


@pytest.fixture(scope="session")
def lab(course):
    with lab_browser.JupyterLab(course, OUT / "jupyterlab.log") as server:
        yield server


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = lab_browser.launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    start = time.monotonic()
    yield
    _TIMES[item.nodeid] = time.monotonic() - start


def pytest_terminal_summary(terminalreporter):
    total = time.monotonic() - _START
    terminalreporter.section("end-to-end timings")
    for nodeid, seconds in _TIMES.items():
        terminalreporter.write_line(f"{seconds:7.1f} s  {nodeid}")
    terminalreporter.write_line(f"{total:7.1f} s  whole e2e session (server start, browser, all tests)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "timings.json").write_text(json.dumps({"total_s": round(total, 1), "tests_s": _TIMES}, indent=1))
