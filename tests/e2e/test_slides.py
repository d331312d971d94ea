"""The lecture slides (`make slides`, tools/slides.py) as a projector shows them.

The slides are built once per session into build/slides (again only when a notebook, the script
or the template is newer than the slides file). Each file is opened in headless Chromium at
1280 x 720 with every request that is not a file:// URL aborted, and must:

* load nothing from the network (no request leaves the machine);
* initialize reveal.js with its configured 1280 x 720 frame;
* typeset its mathematics with MathJax (no raw ``$...$`` left on a slide that has some);
* have one top-level slide for the title and one for each ``##`` section of the notebook, and
  between 20 and 41 slides in all (top-level slides plus their subslides: the slides a presenter
  steps through);
* fit every slide and subslide into the frame: with the slide made current (so that it is laid out),
  the height of its content (the section's scrollHeight, in reveal's unscaled slide pixels) is
  at most 720.
"""

import json
import re
from pathlib import Path

import pytest
from browser import OUT, ROOT

from tools import slides
from tools.cells import source

CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOTAL = (20, 41)  # slides a presenter steps through, per chapter (built: 29-41)


def _newest_input() -> float:
    inputs = [*(ROOT / "tools").glob("*.py"), *slides.TEMPLATE.iterdir(), *(ROOT / "lecturekit").rglob("*.py")]
    return max(p.stat().st_mtime for p in inputs)


@pytest.fixture(scope="session")
def built() -> dict[str, Path]:
    """Every chapter's slides file, built when missing or older than its notebook or the build's code."""
    newest = _newest_input()
    files = {nb.stem: slides.OUT / f"{nb.stem}.slides.html" for nb in CHAPTERS}
    todo = [
        nb
        for nb in CHAPTERS
        if not files[nb.stem].exists() or files[nb.stem].stat().st_mtime < max(newest, nb.stat().st_mtime)
    ]
    if todo:
        slides.build(todo)
    return files


@pytest.fixture
def offline_page(chromium):
    """A 1280 x 720 page that aborts every request not for a file:// URL, and records them."""
    context = chromium.new_context(viewport={"width": slides.SLIDE_WIDTH, "height": slides.SLIDE_HEIGHT})
    context.set_default_timeout(60_000)
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.blocked = blocked
    yield page
    context.close()


_WAIT_FOR_REVEAL = """() => window.Reveal && Reveal.isReady && Reveal.isReady()
    && window.MathJax && MathJax.Hub && !MathJax.Hub.queue.running && MathJax.Hub.queue.pending === 0"""

# Every slide (leaf section) made current in turn; its content height in slide pixels.
_MEASURE = """() => {
  const config = Reveal.getConfig();
  const rows = [];
  for (const slide of Reveal.getSlides()) {
    const {h, v} = Reveal.getIndices(slide);
    Reveal.slide(h, v);
    Reveal.layout();
    const box = slide.getBoundingClientRect();
    // scrollHeight is in CSS pixels before reveal's scale transform; the ratio checks that.
    rows.push({h, v, height: slide.scrollHeight, shown: box.height, scale: Reveal.getScale(),
               text: slide.innerText.trim().slice(0, 70).replace(/\\s+/g, ' ')});
  }
  Reveal.slide(0, 0);
  return {width: config.width, height: config.height, rows, total: Reveal.getTotalSlides(),
          horizontal: Reveal.getHorizontalSlides().length};
}"""

# Raw TeX left in the text of the slides: $...$ that MathJax did not replace.
_RAW_MATH = r"""() => [...document.querySelectorAll('.reveal .slides section')]
  .filter(s => !s.querySelector('section'))
  .map(s => { const c = s.cloneNode(true); c.querySelectorAll('script, pre, code, aside').forEach(e => e.remove());
              return c.textContent; })
  .filter(t => /\$[^$\s][^$]*\$/.test(t))
  .map(t => t.trim().slice(0, 80))"""


def _sections(path: Path) -> int:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    heads = [c for c in cells if c["cell_type"] == "markdown" and re.match(r"##\s", source(c).lstrip())]
    return len(heads)


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_slides_present_offline_and_fit_the_frame(notebook, built, offline_page):
    page = offline_page
    page.goto(built[notebook.stem].as_uri())
    page.wait_for_function(_WAIT_FOR_REVEAL, timeout=60_000)
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"

    typeset = page.evaluate("() => document.querySelectorAll('.reveal .MathJax_CHTML, .reveal mjx-container').length")
    assert typeset > 0, "MathJax typeset nothing"
    raw = page.evaluate(_RAW_MATH)
    assert raw == [], f"raw TeX left on {len(raw)} slides, e.g. {raw[:3]}"

    m = page.evaluate(_MEASURE)
    assert (m["width"], m["height"]) == (slides.SLIDE_WIDTH, slides.SLIDE_HEIGHT)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"slides-{notebook.stem}.json").write_text(json.dumps(m, indent=1, ensure_ascii=False))
    assert m["horizontal"] == 1 + _sections(notebook), "one top-level slide for the title and one per ## section"
    assert TOTAL[0] <= m["total"] <= TOTAL[1], f"{m['total']} slides, outside {TOTAL}"
    tall = [
        f"{r['h'] + 1}.{r['v'] + 1} ({r['height']} px): {r['text']}" for r in m["rows"] if r["height"] > m["height"]
    ]
    assert tall == [], f"{len(tall)} slides overflow the {m['height']} px frame:\n" + "\n".join(tall)
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"
