"""Every notebook carries the RISE slide types that tools/slide_metadata.py assigns (no browser, no kernel)."""

import json
from pathlib import Path

import pytest

from tools import slide_metadata as slides
from tools.cells import notebook_text, source
from tools.slides import talk_copy

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHAPTERS = [p for p in NOTEBOOKS if p.name[:2].isdigit()]


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_slide_metadata_is_what_the_script_assigns(path):
    stale = slides.stale(path)
    assert stale == [], (
        f"cells {stale} of {path.name} lack the slide types tools/slide_metadata.py assigns; "
        f"run: .venv/bin/python -m tools.slides metadata notebooks/{path.name}"
    )


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_each_chapter_is_a_lecture(path):
    kinds = [c["metadata"]["slideshow"]["slide_type"] for c in _cells(path)]
    sections = [c for c in _cells(path) if c["cell_type"] == "markdown" and source(c).startswith("## ")]
    first_code = next(i for i, c in enumerate(_cells(path)) if c["cell_type"] == "code")
    assert kinds[0] == "slide" and kinds[first_code] == "skip"  # the title; the imports-and-seed cell
    assert kinds.count("slide") == 1 + len(sections)
    assert set(kinds) <= {"slide", "subslide", "fragment", "skip", "notes", "-"}


def test_the_script_writes_only_slideshow_metadata_and_is_idempotent(tmp_path):
    path = tmp_path / CHAPTERS[0].name
    nb = json.loads(CHAPTERS[0].read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["metadata"].pop("slideshow", None)
    nb["cells"][3]["metadata"]["slideshow"] = {"slide_type": "notes"}  # a wrong one is overwritten
    nb["cells"][3]["metadata"]["tags"] = ["keep-me"]
    path.write_text(notebook_text(nb), encoding="utf-8")
    assert slides.stale(path) != []
    assert slides.write_metadata(path)
    once = json.loads(path.read_text(encoding="utf-8"))
    assert not slides.write_metadata(path)  # a second run changes nothing
    assert path.read_text(encoding="utf-8") == notebook_text(once)
    for before, after in zip(nb["cells"], once["cells"]):
        after = dict(after, metadata={k: v for k, v in after["metadata"].items() if k != "slideshow"})
        before = dict(before, metadata={k: v for k, v in before["metadata"].items() if k != "slideshow"})
        assert after == before
    assert once["metadata"] == nb["metadata"]
    assert slides.stale(path) == []


def test_a_stored_figure_is_measured_from_its_png_header():
    nb = json.loads(CHAPTERS[0].read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    png = next(o for o in outputs if "image/png" in o.get("data", {}))
    width, height = slides.image_size("image/png", png["data"]["image/png"])
    assert 100 < width < 2000 and 100 < height < 2000
    assert slides.output_height(png, 1.0) == min(height, slides.IMAGE_MAX) + 10
    assert slides.image_size("image/png", "bm90IGEgcGljdHVyZQ==") is None


def test_a_long_cell_is_cut_into_pages():
    long = "## Summary\n\n" + "\n".join(f"* point {k}: " + " ".join(["word"] * 40) for k in range(30))
    pieces = slides.split_markdown(long)
    assert len(pieces) > 1 and pieces[0].startswith("## Summary")
    assert all(slides.markdown_height(p) <= slides.PAGE for p in pieces)
    assert "\n".join(pieces).replace("\n\n", "\n") == long.replace("\n\n", "\n")


def test_the_talk_copy_switches_the_style_context():
    nb = json.loads(CHAPTERS[0].read_text(encoding="utf-8"))
    first = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    talk = talk_copy(nb)
    assert 'use_style("talk")' in source(talk["cells"][first])
    assert 'use_style("notebook")' in source(nb["cells"][first])
    nb["cells"][first]["source"] = "import numpy as np\n"
    with pytest.raises(ValueError, match="talk context"):
        talk_copy(nb)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_text_cell_is_taller_than_a_slide(path):
    """Presented live (RISE), a cell is never cut: a text cell taller than the page would overflow it."""
    tall = [i for i, c in enumerate(_cells(path)) if slides.tall_text(c)]
    assert tall == [], (
        f"cells {tall} of {path.name} are taller than a slide; "
        f"run: .venv/bin/python -m tools.slides split notebooks/{path.name}, then metadata"
    )


def test_split_keeps_the_text_and_lists_tight():
    text = "# Title\n\nIntro.\n\n## Objectives\n\n1. one\n2. two\n\n" + "\n\n".join(["A long paragraph. " * 40] * 3)
    pieces = slides.split_markdown(text)
    assert pieces[0] == "# Title\n\nIntro." and pieces[1].startswith("## Objectives\n\n1. one\n2. two")
    assert all(slides.markdown_height(p) <= slides.PAGE for p in pieces)
    assert " ".join("\n\n".join(pieces).split()) == " ".join(text.split())
    cell = {"cell_type": "markdown", "id": "a", "metadata": {"tags": ["t"]}, "source": text}
    other = {"cell_type": "markdown", "id": "a-1", "metadata": {}, "source": "taken"}
    nb = slides.split_tall({"cells": [cell, other]})
    ids = [c["id"] for c in nb["cells"]]
    assert ids[0] == "a" and len(ids) == len(set(ids)) == len(pieces) + 1
    assert all(c["metadata"] == {"tags": ["t"]} for c in nb["cells"][:-1])
    assert slides.split_tall(nb) == nb  # nothing left to cut


def _figure_cell(height_px: int) -> dict:
    """A code cell whose stored output is a white PNG of 600 x height_px pixels."""
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (600, height_px), "white").save(buf, format="png")
    output = {"output_type": "display_data", "data": {"image/png": base64.b64encode(buf.getvalue()).decode()}}
    return {"cell_type": "code", "metadata": {}, "source": "plot()\nplt.show()", "outputs": [output]}


def _text(source: str) -> dict:
    return {"cell_type": "markdown", "metadata": {}, "source": source}


def test_a_reading_sentence_that_does_not_fit_under_its_figure_is_spoken():
    reading = "The loss falls at every step. " * 16
    small, tall = _figure_cell(150), _figure_cell(900)
    nb = {"cells": [_text("# Title"), _text("## 1. A section"), small, _text(reading), tall, _text(reading)]}
    kinds = slides.slide_types(nb)
    heights = [slides.cell_height(c) for c in nb["cells"]]
    # under the small figure the sentence fits and appears on the next click
    assert heights[1] + heights[2] + heights[3] <= slides.PAGE and kinds[3] == "fragment"
    # the tall figure starts a page of its own, and its reading would not fit on it: the notes take it
    assert kinds[4] == "subslide" and heights[4] + heights[5] > slides.PAGE and kinds[5] == "notes"
    # display math or a heading is shown, on the next page, even right after a figure
    for shown in ("The identity $$a = b$$ holds. " + reading, "### A heading\n\n" + reading):
        nb["cells"][5] = _text(shown)
        assert slides.slide_types(nb)[5] == "subslide"
    # a paragraph after a spoken reading is not a reading: it starts the next page as before
    nb["cells"][5] = _text(reading)
    nb["cells"].append(_text(reading))
    assert slides.slide_types(nb)[5:] == ["notes", "subslide"]


def test_a_stream_split_across_messages_is_as_tall_as_one():
    """The kernel may send one print's lines in one stream message or two; the page shows one block."""
    one = [{"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]}]
    two = [
        {"output_type": "stream", "name": "stdout", "text": ["a\n"]},
        {"output_type": "stream", "name": "stdout", "text": "b\n"},
    ]
    apart = [
        {"output_type": "stream", "name": "stdout", "text": ["a\n"]},
        {"output_type": "stream", "name": "stderr", "text": "b\n"},
    ]
    assert slides.outputs_height(two) == slides.outputs_height(one) == slides.output_height(one[0])
    assert slides.outputs_height(apart) > slides.outputs_height(one)
