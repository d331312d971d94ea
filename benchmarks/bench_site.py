"""The course website's budgets (issue 32), in headless Chromium, on build/site/ (built when missing).

* the whole site: at most ``SITE_MB`` (150 MB) on disk;
* a chapter page's first load: at most ``PAGE_MB`` (5 MB) transferred until the page, its MathJax and its
  stored figures have loaded (no explorer picture loads before a control is touched);
* key press to new picture in an explorer, for a rendered position: the median of the time from the keydown
  event to the animation frame that paints the new picture, at most ``FRAME_MS`` (16 ms), over every
  explorer's first control, ``PRESSES`` presses each after the first touch has fetched the neighbours.

Exits 1 when a budget is missed.    .venv/bin/python benchmarks/bench_site.py
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

import browser as lab_browser  # noqa: E402

SITE = ROOT / "build" / "site"
SITE_MB, PAGE_MB, FRAME_MS = 150.0, 5.0, 16.0
PRESSES = 12


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def _serve():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _first_load(browser, base: str, path: str) -> tuple[float, int]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    sizes = []
    page = context.new_page()
    page.on("requestfinished", lambda r: sizes.append(r.sizes()["responseBodySize"]))
    page.goto(base + path, wait_until="load")
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
    page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(1000)
    frames = page.evaluate(
        "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/frames/')).length"
    )
    context.close()
    return sum(sizes) / 1e6, frames


def _presses(browser, base: str, path: str) -> list[float]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(base + path, wait_until="load")
    times = []
    for n in range(page.locator(".lk-explorer[data-spec]").count()):
        field = page.locator(".lk-explorer[data-spec]").nth(n).locator("input, select").first
        if field.evaluate("e => e.tagName") != "INPUT":
            continue
        field.focus()
        up = int(field.get_attribute("max")) > int(field.input_value())
        field.press("ArrowRight" if up else "ArrowLeft")  # the first touch fetches the neighbours
        page.wait_for_timeout(1500)
        page.evaluate("() => { window.lkSiteTimings.length = 0; }")
        for k in range(PRESSES):
            field.press(("ArrowLeft" if up else "ArrowRight") if k % 2 == 0 else ("ArrowRight" if up else "ArrowLeft"))
            page.wait_for_timeout(120)
        times += [t["frame"] for t in page.evaluate("() => window.lkSiteTimings")]
    context.close()
    return times


def main() -> int:
    from playwright.sync_api import sync_playwright

    if not (SITE / "index.html").is_file():  # make bench runs every benchmark: build the site when missing
        import subprocess

        subprocess.run([sys.executable, str(ROOT / "site" / "build.py")], check=True, cwd=ROOT)
    ok = True
    size = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file()) / 1e6
    frames = sum(p.stat().st_size for p in (SITE / "_static" / "frames").rglob("*") if p.is_file()) / 1e6
    ok &= size <= SITE_MB
    print(f"site size: {size:.1f} MB (explorer pictures {frames:.1f} MB); budget {SITE_MB:.0f} MB")
    chapters = sorted(p.name for p in SITE.glob("[0-9][0-9]_*.html"))
    server, base = _serve()
    all_times = []
    with sync_playwright() as playwright:
        browser = lab_browser.launch_chromium(playwright)
        for path in chapters:
            mb, early = _first_load(browser, base, path)
            times = _presses(browser, base, path)
            all_times += times
            median = statistics.median(times) if times else float("nan")
            ok &= mb <= PAGE_MB and early == 0
            print(
                f"{path:28s} first load {mb:5.2f} MB ({early} explorer pictures before a touch); "
                f"key to picture median {median:5.1f} ms over {len(times)} presses"
            )
        browser.close()
    server.shutdown()
    server.server_close()
    median = statistics.median(all_times)
    p90 = statistics.quantiles(all_times, n=10)[-1]
    ok &= median <= FRAME_MS
    print(f"key press to painted picture: median {median:.1f} ms, p90 {p90:.1f} ms over {len(all_times)} presses")
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
