"""The course website (`make site`, site/) as a reader meets it, in headless Chromium, with no network.

The site is built first (site/build.py, which reuses what is up to date; ``SITE_PREBUILT=1`` tests build/site/
as it is) and served from
build/site/ on a local port. Every request outside that address is refused and recorded. Checked on every
page: no external request, no console error, math typeset (no raw ``$...$`` left in the text), every stored
figure loaded and given a text alternative; on chapter pages also every explorer control, moved by keyboard,
changing the picture, and the contrast of text and controls (WCAG AA). Across pages: the chapters are
reached one after another by the "next" links, and the search finds "Nesterov". A test without the browser
checks that the site's pictures equal what the kernel draws at sampled positions.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import random
import subprocess
import sys
import threading

import browser as lab_browser
import numpy as np
import pytest

ROOT = lab_browser.ROOT
SITE = ROOT / "build" / "site"
FRAMES = SITE / "_static" / "frames"
CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="session")
def site():
    """The base address of the built site, served from build/site/ (built first; cached pictures reused)."""
    if not os.environ.get("SITE_PREBUILT"):  # SITE_PREBUILT=1: test build/site/ as it is
        subprocess.run([sys.executable, str(ROOT / "site" / "build.py")], check=True, cwd=ROOT, timeout=3600)
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Reader:
    """A page whose requests outside the site are refused and recorded, with its console errors."""

    def __init__(self, chromium, base: str):
        self.base = base
        self.context = chromium.new_context(viewport={"width": 1280, "height": 1000})
        self.context.set_default_timeout(60_000)
        self.external: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def open(self, path: str):
        self.page.goto(self.base + path, wait_until="load")
        self.page.wait_for_function("() => !window.MathJax || !MathJax.startup || !!MathJax.startup.promise")
        self.page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise")
        return self.page


@pytest.fixture
def reader(chromium, site):
    r = Reader(chromium, site)
    yield r
    r.context.close()


# Text outside code, scripts and typeset math: what a reader sees as prose.
_PROSE = """() => {
  const body = document.querySelector('main') || document.body;
  const copy = body.cloneNode(true);
  copy.querySelectorAll('pre, code, script, style, mjx-container, .highlight, .cell_output').forEach(e => e.remove());
  return copy.innerText;
}"""
_IMAGES = """() => [...document.querySelectorAll('main img')].map(img => ({
  src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0, alt: img.getAttribute('alt') || '',
  output: !!img.closest('.cell_output')}))"""
RAW_MATH = r"(?<![\\\w])\$[^\s$][^$\n]{0,200}?\$|\\\(|\\\["


def _pages() -> list[str]:
    return sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html") if "_static" not in p.parts)


def test_every_page_loads_offline_without_errors_with_math_typeset_and_figures_described(reader, site):
    import re

    problems = []
    pages = _pages()
    assert {"index.html", "run.html", "own-course.html", "api.html", "search.html"} <= set(pages)
    assert {f"{c}.html" for c in CHAPTERS} <= set(pages)
    for path in pages:
        page = reader.open(path)
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        text = page.evaluate(_PROSE)
        raw = re.findall(RAW_MATH, text)
        if raw:
            problems.append(f"{path}: raw math in the text: {raw[:3]}")
        for img in page.evaluate(_IMAGES):
            if not img["loaded"]:
                problems.append(f"{path}: figure not loaded: {img['src']}")
            if img["output"] and len(img["alt"].strip()) < 10:
                problems.append(f"{path}: stored figure without a text alternative: {img['src']}")
    assert not reader.external, f"requests outside the site: {sorted(set(reader.external))[:10]}"
    assert not reader.errors, f"console errors: {reader.errors[:10]}"
    assert not problems, "\n".join(problems[:40])


def test_the_chapters_are_reached_one_after_another_from_the_course_map(reader):
    page = reader.open("index.html")
    for chapter in CHAPTERS:
        assert page.locator(f'main a[href^="{chapter}.html"]').count() >= 1, f"the course map does not link {chapter}"
    page = reader.open(f"{CHAPTERS[0]}.html")
    visited = [CHAPTERS[0]]
    while True:
        nxt = page.locator("a.right-next")
        if nxt.count() == 0 or not nxt.first.get_attribute("href").split("#")[0][:2].isdigit():
            break
        nxt.first.click()
        page.wait_for_load_state("load")
        visited.append(page.url.rsplit("/", 1)[-1].removesuffix(".html"))
        assert page.locator(".lk-run a.lk-colab").count() == 1 and page.locator(".lk-run a.lk-binder").count() == 1
    assert visited == CHAPTERS
    assert not reader.external and not reader.errors


def test_the_search_finds_nesterov(reader):
    page = reader.open("search.html?q=Nesterov")
    page.wait_for_selector("#search-results li a", timeout=60_000)
    hits = page.locator("#search-results li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.startswith("05_momentum") for h in hits), hits
    assert not reader.external and not reader.errors


_STATE = """(holder) => { const c = holder.querySelector('canvas.lk-site-frame') ||
    holder.closest('.cell_output').querySelector('canvas.lk-site-frame');
  return c ? {key: c.dataset.frame, pixels: c.toDataURL()} : null; }"""


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_explorer_control_moves_by_keyboard_and_changes_the_picture(reader, chapter):
    manifest = json.loads((FRAMES / chapter / "manifest.json").read_text())
    page = reader.open(f"{chapter}.html")
    holders = page.locator(".lk-explorer[data-spec]")
    assert holders.count() == len(manifest["explorers"]) > 0
    requested_before_touch = [u for u in _frame_requests(page)]
    assert not requested_before_touch, "pictures were fetched before any control was touched"
    for n, explorer in enumerate(manifest["explorers"]):
        holder = holders.nth(n)
        for i, control in enumerate(explorer["controls"]):
            field = holder.locator(f"#lk-{chapter}-{n}-{i}")
            label = holder.locator(f'label[for="lk-{chapter}-{n}-{i}"]')
            assert label.inner_text().strip() == control["label"].strip() != ""
            field.focus()
            key = "ArrowDown" if control["widget"] in ("Dropdown", "ToggleButtons") else "ArrowRight"
            if control["default"] == control["positions"] - 1:
                key = "ArrowUp" if key == "ArrowDown" else "ArrowLeft"
            before = holder.evaluate(_STATE)
            changed = False
            for _ in range(min(6, control["positions"] - 1)):
                field.press(key)
                pos = int(field.input_value())
                expected = explorer["default"].split(",")
                expected[i] = str(pos)
                want = ",".join(expected)
                page.wait_for_function(
                    "([h, k]) => { const c = h.closest('.cell_output').querySelector('canvas.lk-site-frame');"
                    " return c && c.dataset.frame === k; }",
                    arg=[holder.element_handle(), want],
                )
                now = holder.evaluate(_STATE)
                if before is None or now["pixels"] != before["pixels"]:
                    changed = True
                    break
            assert changed, (
                f"{chapter} explorer {n} ({explorer['description']}): {control['label']} never changed the picture"
            )
            # back to the default, so that the next control moves from the explorer's defaults
            field.evaluate(
                "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", control["default"]
            )
        if (
            not explorer["grid"] and len(explorer["controls"]) > 1
        ):  # two controls off their defaults: not rendered, and the page says so
            moved = []
            for i, control in enumerate(explorer["controls"][:2]):
                k = control["default"] + 1 if control["default"] + 1 < control["positions"] else control["default"] - 1
                holder.locator(f"#lk-{chapter}-{n}-{i}").evaluate(
                    "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", k
                )
                moved.append((i, control["default"]))
            note = holder.locator(".lk-note")
            assert note.is_visible() and "no picture" in note.inner_text()
            assert note.locator("a").get_attribute("href").endswith("run.html")
            for i, default in moved:
                holder.locator(f"#lk-{chapter}-{n}-{i}").evaluate(
                    "(el, v) => { el.value = String(v); el.dispatchEvent(new Event('input')); }", default
                )
            assert not note.is_visible()
    assert not reader.external, reader.external[:5]
    assert not reader.errors, reader.errors[:5]


def _frame_requests(page) -> list[str]:
    return page.evaluate(
        "() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/frames/'))"
    )


_CONTRAST = """() => {
  const lum = (rgb) => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const parse = (s) => { const m = s.match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
    const p = m[1].split(',').map(Number); return {rgb: p.slice(0, 3), a: p.length > 3 ? p[3] : 1}; };
  const background = (el) => { for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor); if (c && c.a > 0.5) return c.rgb; } return [255, 255, 255]; };
  const bad = [];
  const els = document.querySelectorAll('main p, main li, main a, main h1, main h2, main h3, main label, main output, main select, main .lk-note, .lk-run, .bd-sidebar-primary a');
  for (const el of els) {
    if (!el.offsetParent || !el.textContent.trim()) continue;
    const s = getComputedStyle(el); const fg = parse(s.color); if (!fg) continue;
    const bg = background(el); const l1 = lum(fg.rgb), l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(`${el.tagName} "${el.textContent.trim().slice(0, 40)}" ${ratio.toFixed(2)}`);
  }
  return bad;
}"""


@pytest.mark.parametrize("path", ["index.html", *[f"{c}.html" for c in CHAPTERS], "own-course.html"])
def test_text_and_controls_meet_wcag_aa_contrast(reader, path):
    page = reader.open(path)
    bad = page.evaluate(_CONTRAST)
    assert not bad, "text below WCAG AA contrast:\n" + "\n".join(bad)


# --- the site's pictures against the kernel's ---------------------------------------------------------------


def _decode(data: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_site_pictures_are_what_the_kernel_draws(site, chapter):
    """Run the chapter's code (Agg, in this process), then move each explorer's controls for real (their
    ``value``, as a learner's slider does) to sampled rendered positions, and compare the pixels of the
    explorer's picture there with the site's picture for that key. The default position's picture is also
    compared with the chapter's committed static picture."""
    import base64

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    from lecturekit.widgets import frames
    from lecturekit.widgets.live import LiveFigure

    manifest = json.loads((FRAMES / chapter / "manifest.json").read_text())
    cells = json.loads((ROOT / "notebooks" / f"{chapter}.ipynb").read_text(encoding="utf-8"))["cells"]
    shown = []
    original = LiveFigure._ipython_display_
    LiveFigure._ipython_display_ = lambda self: (shown.append(self), original(self))[1]
    shell = InteractiveShell.instance()
    shell.reset()
    last = max(e["cell"] for e in manifest["explorers"])
    try:
        with capture_output():
            for cell in cells[: last + 1]:
                if cell["cell_type"] == "code":
                    shell.run_cell("".join(cell["source"]), store_history=False).raise_error()
    finally:
        LiveFigure._ipython_display_ = original
    assert len(shown) == len(manifest["explorers"])
    rng = random.Random(chapter)
    for lf, explorer in zip(shown, manifest["explorers"]):
        stored = [
            o for o in cells[explorer["cell"]]["outputs"] if "image/png" in o.get("data", {})
        ]  # the static picture
        default = _decode((FRAMES / chapter / explorer["frames"][explorer["default"]]).read_bytes())
        committed = _decode(base64.b64decode(stored[0]["data"]["image/png"]))
        assert committed.shape == default.shape and np.array_equal(committed, default), (
            f"{chapter}: the site's default picture of {explorer['description']} is not the committed one"
        )
        keys = list(explorer["frames"])
        sample = {explorer["default"], keys[-1], *rng.sample(keys, min(4, len(keys)))}
        for key in sorted(sample):
            for w, k in zip(lf.controls.values(), map(int, key.split(","))):
                w.value = frames.value_at(w, k)
            assert lf.image.key() == key
            drawn = lf.pixels().copy()
            site_picture = _decode((FRAMES / chapter / explorer["frames"][key]).read_bytes())
            assert np.array_equal(drawn, site_picture), f"{chapter}, {explorer['description']}: key {key} differs"
    shell.reset()


def test_the_examples_of_use_lecturekit_in_your_own_course_run():
    """The code a lecturer copies from site/pages/own-course.md must run as written."""
    import re

    text = (ROOT / "site" / "pages" / "own-course.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "own-course.md", "exec"), namespace)
    assert namespace["trace"].x.shape[1:] == (3, 2)
