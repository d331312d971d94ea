"""The RISE slide type of every cell of a chapter: the slides a lecturer presents live and the
reveal.js build (`tools.slides`) both follow it.

Run from the repository root:

    .venv/bin/python -m tools.slides split notebooks/*.ipynb      # cut text cells taller than a slide
    .venv/bin/python -m tools.slides metadata notebooks/*.ipynb   # (re)assign cell.metadata.slideshow
    .venv/bin/python -m tools.slides check notebooks/*.ipynb      # exit 1 if a notebook needs `metadata`

`metadata` writes ``cell.metadata.slideshow`` and nothing else (sources, outputs and all other
metadata stay as they are), and gives the same notebooks when run twice. The slide types follow
from the cells themselves (`slide_types`):
* the title cell and every ``##`` section start a slide (a horizontal step of the lecture);
* the imports-and-seed cell is skipped, and model answers (``<details>``) go to the speaker notes;
* within a section, cells are laid out top to bottom on a page of `PAGE` pixels (reveal's 720 px
  high slide minus a margin), each with an estimated height (`cell_height`: text by characters per
  line, code by lines, figures by the pixel size of the stored PNG at the talk resolution); a cell
  that does not fit on the page starts a subslide (a vertical step);
* a paragraph right after a code cell on the same page, the sentence that reads its output, is a
  fragment: it appears on the next click, after the audience has seen the result. When that
  paragraph does not fit under the figure, it goes to the speaker notes (the lecturer says it while
  the figure is on the screen) instead of taking a page of its own (unless it holds display math or
  a heading); a page of one sentence was the commonest page of all, and made the chapters 45-50
  pages long instead of the 20-40 a lecture holds.

`split` cuts every shown markdown cell taller than a page (a title cell with its objectives, a
summary with its references) at block boundaries into cells of a page each, in the notebook itself,
so that the live presentation (RISE in JupyterLab) never shows a text slide taller than the screen;
run `metadata` after it. `test_slides_metadata.py` fails while a notebook still has such a cell.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import struct
from pathlib import Path
from typing import NamedTuple

from tools.cells import notebook_text, source


class Code(NamedTuple):
    """How tall code and its printed output are on a slide: pixels per line, characters per line."""

    line: float
    chars: int


SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720  # reveal.js's frame, in slide pixels
PAGE = 680  # estimated content height that starts a new subslide (measured: at most 673 of 720 px)

# Sizes in slide pixels, matching tools/slides_template/index.html.j2.
TEXT_LINE = 27  # 18 px text, line-height 1.5
TEXT_CHARS = 131  # characters per line of text (1240 px of 18 px sans-serif)
HEADING = {1: 62, 2: 50, 3: 40}  # a heading line with its margins
BLOCK_GAP = 14  # between paragraphs
ITEM_GAP = 10  # more for a list item (its indent wraps it earlier)
DISPLAY_MATH = 64
CODE_LINE = 19  # 14 px code, line-height 1.33
CODE_CHARS = 140
LIVE = Code(CODE_LINE, CODE_CHARS)  # the notebook's code as RISE shows it (the slide metadata's estimate)
LONG_PARAGRAPH = 1000  # characters: a longer text cell without a heading or display math is spoken (notes)
CELL_GAP = 16
MARKDOWN_PAD = 28  # a text cell's own margins
IMAGE_MAX = 470  # CSS max-height of an output image
TALK_SCALE = 100 / 80  # lecturekit.style.DPI: talk figures have 1.25 times the notebook's pixels


# --- what a cell looks like ----------------------------------------------------------------------


def image_size(mime: str, data: str) -> tuple[int, int] | None:
    """(width, height) in pixels of a base64 PNG or GIF, read from its header; None if unreadable."""
    try:
        head = base64.b64decode(data[:44])
    except ValueError:
        return None
    if mime == "image/png" and head[:8] == b"\x89PNG\r\n\x1a\n" and len(head) >= 24:
        return struct.unpack(">II", head[16:24])
    if mime == "image/gif" and head[:4] == b"GIF8" and len(head) >= 10:
        return struct.unpack("<HH", head[6:10])
    return None


def outputs_height(outputs: list[dict], figure_scale: float = TALK_SCALE, code: Code = LIVE) -> float:
    """Estimated height of a cell's outputs: consecutive stream outputs of one name are one block on
    the page (as Jupyter shows them), however the kernel happened to split the text between messages."""
    blocks: list[dict] = []
    for o in outputs:
        if (
            o.get("output_type") == "stream"
            and blocks
            and blocks[-1].get("output_type") == "stream"
            and (blocks[-1].get("name") == o.get("name"))
        ):
            text = "".join(blocks[-1]["text"]) if isinstance(blocks[-1]["text"], list) else blocks[-1]["text"]
            more = "".join(o.get("text", "")) if isinstance(o.get("text"), list) else o.get("text", "")
            blocks[-1] = {**blocks[-1], "text": text + more}
        else:
            blocks.append(o)
    return sum(output_height(o, figure_scale, code) for o in blocks)


def output_height(output: dict, figure_scale: float = TALK_SCALE, code: Code = LIVE) -> float:
    """Estimated height of one code-cell output on a slide, in slide pixels. ``figure_scale`` turns the
    pixels of a stored figure into the talk context's: 1.25 for a notebook as committed, 1 once executed."""
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        return sum(1 + len(line) // code.chars for line in text.rstrip("\n").split("\n")) * code.line + 10
    data = output.get("data", {})
    for mime in ("image/png", "image/gif"):
        if mime in data:
            size = image_size(mime, data[mime] if isinstance(data[mime], str) else "".join(data[mime]))
            if size is None:
                return IMAGE_MAX
            width, height = size
            shown = output.get("metadata", {}).get(mime, {}).get("width")
            if shown:  # show_image(..., width=...) fixes the displayed width, whatever the context
                height = height * shown / width
            elif mime == "image/png":  # a matplotlib figure, drawn at the talk resolution
                height *= figure_scale
            return min(height, IMAGE_MAX) + 10
    if output.get("output_type") == "error":
        return IMAGE_MAX
    if "text/html" in data or "text/plain" in data and "application/vnd.jupyter.widget-view+json" not in data:
        text = data.get("text/plain", "")
        return (1 + "".join(text).count("\n")) * code.line
    return 0.0  # a widget view: a static slide shows the picture stored after it


def markdown_blocks(text: str) -> list[str]:
    """The blocks of a markdown text: paragraphs, list items, headings, display math."""
    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        item: list[str] = []
        for line in para.split("\n"):
            if re.match(r"\s{0,3}([*+-]|\d+[.)])\s", line) or line.startswith("#"):
                if item:
                    blocks.append("\n".join(item))
                item = [line]
            else:
                item.append(line)
        if item:
            blocks.append("\n".join(item))
    return blocks


def block_height(block: str) -> float:
    heading = re.match(r"(#{1,6})\s", block)
    if heading:
        return HEADING.get(len(heading.group(1)), HEADING[3])
    if block.lstrip().startswith("$$"):
        return DISPLAY_MATH + 2 * block.count("\\\\") * TEXT_LINE / 2
    text = re.sub(r"\s+", " ", block)
    text = re.sub(r"\]\([^)]*\)", "]", text)  # a link shows its text, not its address
    item = re.match(r"\s{0,3}([*+-]|\d+[.)])\s", block) is not None
    lines = max(1, -(-len(text) // (TEXT_CHARS - 8 * item)))
    return lines * TEXT_LINE + BLOCK_GAP + ITEM_GAP * item


def markdown_height(text: str) -> float:
    return sum(block_height(b) for b in markdown_blocks(text))


def cell_height(cell: dict, figure_scale: float = TALK_SCALE, code: Code = LIVE) -> float:
    """Estimated height of a cell on a slide, in slide pixels (reveal's 1280 x 720 frame)."""
    if cell["cell_type"] == "markdown":
        return markdown_height(source(cell)) + CELL_GAP + MARKDOWN_PAD
    if cell["cell_type"] != "code":
        return 0.0
    lines = source(cell).rstrip("\n").split("\n")
    height = sum(1 + len(line) // code.chars for line in lines) * code.line + 20
    return height + outputs_height(cell.get("outputs", []), figure_scale, code) + CELL_GAP


# --- the rule ------------------------------------------------------------------------------------


def is_section(cell: dict) -> bool:
    return cell["cell_type"] == "markdown" and re.match(r"#{1,2}\s", source(cell).lstrip()) is not None


def is_answer(cell: dict) -> bool:
    return cell["cell_type"] == "markdown" and source(cell).lstrip().startswith("<details")


def is_spoken(cell: dict) -> bool:
    """A long explanation with no heading and no display math: the speaker says it (notes)."""
    text = source(cell).strip()
    return cell["cell_type"] == "markdown" and len(text) > LONG_PARAGRAPH and "$$" not in text and "#" not in text[:1]


def is_reading(cell: dict, previous: str | None) -> bool:
    """A short paragraph right after a code cell (the sentence that reads its output), with no heading
    and no display math."""
    text = source(cell).strip()
    return cell["cell_type"] == "markdown" and previous == "code" and "$$" not in text and not text.startswith("#")


def is_imports(index: int, cell: dict, cells: list[dict]) -> bool:
    """The imports-and-seed cell: the first code cell, when it sets the style."""
    first_code = next((i for i, c in enumerate(cells) if c["cell_type"] == "code"), None)
    return index == first_code and "use_style(" in source(cell)


# Per-notebook exceptions to the rule, by cell id: {notebook file name: {cell id: slide type}}.
OVERRIDES: dict[str, dict[str, str]] = {}


def is_task(cell: dict) -> bool:
    """An exercise's statement ("**Exercise 2 (...).**")."""
    return cell["cell_type"] == "markdown" and re.search(r"\*\*Exercise \d+ \(", source(cell)) is not None


def slide_types(
    nb: dict, name: str = "", figure_scale: float = TALK_SCALE, code: Code = LIVE, show_tasks: bool = False
) -> list[str]:
    """The RISE slide type of every cell of a notebook (see the module docstring for the rule).

    The built decks (`tools.slides`) measure with their own ``code`` size and the executed figures'
    scale, and keep every exercise's statement on a slide (``show_tasks``), however long."""
    cells = nb["cells"]
    types: list[str] = []
    used = 0.0  # estimated height already on the current page
    previous = None  # the kind of the last cell shown on the current page
    for i, cell in enumerate(cells):
        height = cell_height(cell, figure_scale, code)
        if is_imports(i, cell, cells):
            kind = "skip"
        elif is_answer(cell) or (i and is_spoken(cell) and not (show_tasks and is_task(cell))):
            kind = "notes"
        elif i == 0 or is_section(cell):
            kind, used, previous = "slide", 0.0, None
        elif cell["cell_type"] == "raw":
            kind = "skip"
        elif used and used + height > PAGE and is_reading(cell, previous) and not (show_tasks and is_task(cell)):
            kind = "notes"  # the sentence that reads the figure above: said beside it, not on a page of its own
            previous = "notes"
            types.append(kind)
            continue
        elif used and used + height > PAGE:
            kind, used, previous = "subslide", 0.0, None
        elif cell["cell_type"] == "markdown" and previous == "code":
            kind = "fragment"
        else:
            kind = "-"
        if kind not in ("skip", "notes"):
            used += height
            previous = cell["cell_type"]
        types.append(kind)
    for cell_id, kind in OVERRIDES.get(name, {}).items():
        for k, cell in enumerate(cells):
            if cell.get("id") == cell_id:
                types[k] = kind
    return types


def apply(nb: dict, name: str = "", **measure) -> dict:
    """A copy of ``nb`` whose cells carry the slide types of `slide_types` (and nothing else changed);
    ``measure`` goes to `slide_types`."""
    nb = copy.deepcopy(nb)
    for cell, kind in zip(nb["cells"], slide_types(nb, name, **measure)):
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
    return nb


def stale(path: Path) -> list[int]:
    """Indices of the cells of a notebook file whose slideshow metadata differs from the rule."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    want = slide_types(nb, path.name)
    return [
        i
        for i, (c, k) in enumerate(zip(nb["cells"], want))
        if c.get("metadata", {}).get("slideshow") != {"slide_type": k}
    ]


def write_metadata(path: Path) -> bool:
    """Assign the slide types in place; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    new = notebook_text(apply(json.loads(text), path.name))
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def tall_text(cell: dict) -> bool:
    """A markdown cell that is shown on a slide (not a model answer, not spoken) and is taller than a page."""
    return (
        cell["cell_type"] == "markdown"
        and not is_answer(cell)
        and not is_spoken(cell)
        and markdown_height(source(cell)) > PAGE
    )


def split_tall(nb: dict) -> dict:
    """A copy of ``nb`` whose tall text cells (`tall_text`) are cut by `split_markdown` into several
    cells; the first piece keeps the cell's id and metadata, piece k gets the id ``<id>-<k>`` (with ``x``
    appended while that id is taken)."""
    nb = copy.deepcopy(nb)
    taken = {cell.get("id") for cell in nb["cells"]}
    cells = []
    for cell in nb["cells"]:
        if not tall_text(cell):
            cells.append(cell)
            continue
        for k, piece in enumerate(split_markdown(source(cell))):
            part = copy.deepcopy(cell)
            part["source"] = piece.splitlines(keepends=True)
            if k:
                part["id"] = f"{cell.get('id', 'cell')}-{k}"
                while part["id"] in taken:  # nbformat wants unique ids
                    part["id"] += "x"
                taken.add(part["id"])
            cells.append(part)
    nb["cells"] = cells
    return nb


def write_split(path: Path) -> bool:
    """Cut the tall text cells of a notebook file in place; True when the file changed."""
    text = path.read_text(encoding="utf-8")
    new = notebook_text(split_tall(json.loads(text)))
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def split_markdown(text: str, budget: float = PAGE) -> list[str]:
    """Cut a markdown text at block boundaries into pieces of at most ``budget`` estimated pixels;
    a ``##`` heading after the first block always starts a piece. Joining the pieces with a blank
    line gives the text back, up to whitespace at the ends and inside blank lines."""
    pieces: list[str] = [""]
    used = 0.0
    for para in re.split(r"\n\s*\n", text.strip()):
        for k, block in enumerate(_list_aware_blocks(para)):
            h = markdown_height(block)
            if pieces[-1] and (used + h > budget or re.match(r"#{1,2}\s", block)):
                pieces.append("")
                used = 0.0
            if pieces[-1]:  # the items of one tight list stay one list: a single newline between them
                pieces[-1] += "\n" if k else "\n\n"
            pieces[-1] += block
            used += h
    return pieces


def _list_aware_blocks(para: str) -> list[str]:
    """A paragraph, or its items if it is a list (items joined back with single newlines stay one list)."""
    items = markdown_blocks(para)
    if len(items) > 1 and all(re.match(r"\s{0,3}([*+-]|\d+[.)])\s|#", b) for b in items[1:]):
        return items
    return [para]
