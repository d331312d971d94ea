"""The lecture slides (`make slides`, tools/slides.py) as a projector shows them.

The decks are built once per session into build/slides (again only when a notebook, the tools
or the template is newer than a deck): per chapter the lecturer's deck (with the solutions) and the
students' (nbgrader's stubs). Each deck is opened in headless Chromium at 1280 x 720 with every
request that is not a file:// URL aborted, and must:

* load nothing from the network and nothing from outside build/slides (its lib/ folder holds what
  the decks load), with no file missing;
* initialize reveal.js with its configured 1280 x 720 frame;
* typeset its mathematics with MathJax (no raw ``$...$`` left on a slide that has some), and leave
  the speaker notes untypeset (their math shows once, as TeX, in the notes window);
* have one top-level slide for the title and one for each ``##`` section of the notebook, and
  between `TOTAL` slides in all (top-level slides plus their subslides);
* show its code and printed output at 20 px or more;
* fit every slide and subslide into the frame: with the slide made current (so that it is laid out),
  the height and width of its content (in reveal's unscaled slide pixels) are at most 720 and 1280;
* show no tool's marker (``### BEGIN SOLUTION``, ``NBVAL``), and in the students' deck no check's
  "Correct:" line; every exercise's statement is on a slide, not only in the notes.
"""

import json
import re
from pathlib import Path

import pytest
from browser import OUT, ROOT
from offline import offline

from tools import slides
from tools.cells import source

CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
# Slides a presenter steps through, per chapter and deck. Chapters 4-7 have 62-69 since the corrections
# of issues 27-28: about one a minute of a 90-minute lecture.
TOTAL = (20, 90)
CASES = [(nb, deck) for nb in CHAPTERS for deck in slides.DECKS]


def _newest_input() -> float:
    inputs = [*(ROOT / "tools").glob("*.py"), *slides.TEMPLATE.iterdir(), *(ROOT / "lecturekit").rglob("*.py")]
    return max(p.stat().st_mtime for p in inputs)


@pytest.fixture(scope="session")
def built() -> dict[tuple[str, str], Path]:
    """Every chapter's decks, built when missing or older than the notebook or the build's code."""
    newest = _newest_input()
    files = {(nb.stem, deck): slides.deck_path(slides.OUT, nb, deck) for nb, deck in CASES}
    todo = [
        nb
        for nb in CHAPTERS
        if any(
            not files[nb.stem, deck].exists() or files[nb.stem, deck].stat().st_mtime < max(newest, nb.stat().st_mtime)
            for deck in slides.DECKS
        )
    ]
    if todo:
        slides.build(todo)
    return files


@pytest.fixture
def offline_page(chromium):
    """A 1280 x 720 page that aborts every request not for a file:// URL, and records them."""
    context = chromium.new_context(viewport={"width": slides.SLIDE_WIDTH, "height": slides.SLIDE_HEIGHT})
    context.set_default_timeout(60_000)
    files, blocked = offline(context)
    page = context.new_page()
    page.blocked, page.files, page.failed = blocked, files, []
    page.on("requestfailed", lambda request: page.failed.append(request.url))
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
    rows.push({h, v, height: slide.scrollHeight, width: slide.scrollWidth, shown: box.height, scale: Reveal.getScale(),
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


# The smallest font size of code and printed output on any slide, in CSS pixels of the 1280 x 720 frame.
_CODE_SIZE = """() => Math.min(...[...document.querySelectorAll(
  '.reveal .jp-InputArea-editor pre, .reveal .jp-OutputArea-output pre, .reveal .jp-InputArea-editor .highlight pre')]
  .map(e => parseFloat(getComputedStyle(e).fontSize)))"""

# The text of the slides (what the room sees), and of the speaker notes with their typeset math.
_SHOWN_TEXT = """() => [...document.querySelectorAll('.reveal .slides section')].filter(s => !s.querySelector('section'))
  .map(s => { const c = s.cloneNode(true); c.querySelectorAll('aside, script').forEach(e => e.remove());
              return c.textContent; }).join('\\n')"""
_NOTES = """() => [...document.querySelectorAll('.reveal aside.notes')].map(a => ({
  typeset: a.querySelectorAll('.MathJax_CHTML, .MathJax_Preview, mjx-container').length, text: a.textContent}))"""


@pytest.mark.parametrize("notebook, deck", CASES, ids=[f"{p.stem}-{d}" for p, d in CASES])
def test_slides_present_offline_and_fit_the_frame(notebook, deck, built, offline_page):
    page = offline_page
    page.goto(built[notebook.stem, deck].as_uri())
    page.wait_for_function(_WAIT_FOR_REVEAL, timeout=60_000)
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"
    assert page.failed == [], f"files missing: {page.failed[:5]}"
    outside = [u for u in page.files if not u.startswith(slides.OUT.as_uri() + "/")]
    assert outside == [], f"the deck loads files from outside build/slides: {outside[:5]}"

    typeset = page.evaluate("() => document.querySelectorAll('.reveal .MathJax_CHTML, .reveal mjx-container').length")
    assert typeset > 0, "MathJax typeset nothing"
    raw = page.evaluate(_RAW_MATH)
    assert raw == [], f"raw TeX left on {len(raw)} slides, e.g. {raw[:3]}"
    notes = page.evaluate(_NOTES)
    assert notes and all(n["typeset"] == 0 for n in notes), "speaker notes typeset: their math would show twice"

    m = page.evaluate(_MEASURE)
    assert (m["width"], m["height"]) == (slides.SLIDE_WIDTH, slides.SLIDE_HEIGHT)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"slides-{notebook.stem}-{deck}.json").write_text(json.dumps(m, indent=1, ensure_ascii=False))
    assert m["horizontal"] == 1 + _sections(notebook), "one top-level slide for the title and one per ## section"
    assert TOTAL[0] <= m["total"] <= TOTAL[1], f"{m['total']} slides, outside {TOTAL}"
    tall = [
        f"{r['h'] + 1}.{r['v'] + 1} ({r['height']} x {r['width']} px): {r['text']}"
        for r in m["rows"]
        if r["height"] > m["height"] or r["width"] > m["width"]
    ]
    assert tall == [], f"{len(tall)} slides overflow the {m['width']} x {m['height']} px frame:\n" + "\n".join(tall)
    assert page.evaluate(_CODE_SIZE) >= 20, "code smaller than 20 px on a slide"

    shown = page.evaluate(_SHOWN_TEXT)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "NBVAL"):
        assert marker not in shown
    if deck == "student":
        assert "Correct:" not in shown and "YOUR CODE HERE" in shown
    statements = re.findall(r"\*\*Exercise (\d+) \(", json.dumps(json.loads(notebook.read_text())["cells"]))
    for number in statements:
        assert f"Exercise {number} (" in shown, f"exercise {number}'s statement is not on a slide"
    assert page.blocked == [], f"requests left the machine: {page.blocked[:5]}"


def test_the_slides_folder_holds_only_the_decks_and_what_they_load(built):
    files = [p for p in slides.OUT.rglob("*") if p.is_file()]
    decks = {p for p in files if p.parent == slides.OUT and p.name.endswith(".slides.html")}
    assert set(built.values()) <= decks
    rest = [p for p in files if p not in decks]
    assert all(p.is_relative_to(slides.OUT / slides.LIB) for p in rest), [p for p in rest][:5]
    size = sum(p.stat().st_size for p in rest)
    assert size < 4e6, f"lib/ holds {size / 1e6:.1f} MB"
    for deck in built.values():
        assert "../" not in re.sub(r"<(pre|code)[^>]*>.*?</\1>", "", deck.read_text(encoding="utf-8"), flags=re.S)
