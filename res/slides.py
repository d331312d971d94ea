"""Slides for live lectures: RISE metadata on every cell, and reveal.js slides built from it.

Run from the repository root:

    .venv/bin/python res/slides.py split notebooks/*.ipynb      # cut text cells taller than a slide
    .venv/bin/python res/slides.py metadata notebooks/*.ipynb   # (re)assign cell.metadata.slideshow
    .venv/bin/python res/slides.py check notebooks/*.ipynb      # exit 1 if a notebook needs `metadata`
    .venv/bin/python res/slides.py build notebooks/0*.ipynb     # build/slides/NN_*.slides.html (`make slides`)

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

`build` executes a copy of each notebook in the talk context (``use_style("talk")``) and exports it
with nbconvert's reveal.js exporter through the small template in ``res/slides_template/``. A code
cell taller than a page is cut into pages in the built copy only (its figure cannot be split). reveal.js, MathJax 2,
require.js and jQuery come from npm into ``build/vendor/`` and are linked by relative paths, so the
slides load nothing from the internet.
"""

from __future__ import annotations

import argparse
import base64
import copy
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "slides_template"
OUT = ROOT / "build" / "slides"
VENDOR = ROOT / "build" / "vendor"
# Exact versions, so that every build presents the same way.
NPM_PACKAGES = ("reveal.js@4.6.1", "mathjax@2.7.9", "requirejs@2.3.8", "jquery@3.8.0")

SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720
PAGE = 680  # estimated content height that starts a new subslide (measured: at most 673 of 720 px)
FIGURE_MIN = 260  # a figure shrunk to fit next to its code keeps at least this height; else it gets its own page

# Sizes in slide pixels, matching res/slides_template/index.html.j2.
TEXT_LINE = 27  # 18 px text, line-height 1.5
TEXT_CHARS = 131  # characters per line of text (1240 px of 18 px sans-serif)
HEADING = {1: 62, 2: 50, 3: 40}  # a heading line with its margins
BLOCK_GAP = 14  # between paragraphs
ITEM_GAP = 10  # more for a list item (its indent wraps it earlier)
DISPLAY_MATH = 64
CODE_LINE = 19  # 14 px code, line-height 1.33
CODE_CHARS = 140
LONG_PARAGRAPH = 1000  # characters: a longer text cell without a heading or display math is spoken (notes)
CELL_GAP = 16
MARKDOWN_PAD = 28  # a text cell's own margins
IMAGE_MAX = 470  # CSS max-height of an output image
TALK_SCALE = 100 / 80  # lecturekit.style.DPI: talk figures have 1.25 times the notebook's pixels

TALK_STYLE = 'use_style("talk")'
NOTEBOOK_STYLE = 'use_style("notebook")'


# --- what a cell looks like ----------------------------------------------------------------------


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


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


def outputs_height(outputs: list[dict], figure_scale: float = TALK_SCALE) -> float:
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
    return sum(output_height(o, figure_scale) for o in blocks)


def output_height(output: dict, figure_scale: float = TALK_SCALE) -> float:
    """Estimated height of one code-cell output on a slide, in slide pixels. ``figure_scale`` turns the
    pixels of a stored figure into the talk context's: 1.25 for a notebook as committed, 1 once executed."""
    if output.get("output_type") == "stream":
        text = output.get("text", "")
        text = "".join(text) if isinstance(text, list) else text
        return sum(1 + len(line) // CODE_CHARS for line in text.rstrip("\n").split("\n")) * CODE_LINE + 10
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
        return (1 + "".join(text).count("\n")) * CODE_LINE
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


def cell_height(cell: dict, figure_scale: float = TALK_SCALE) -> float:
    """Estimated height of a cell on a slide, in slide pixels (reveal's 1280 x 720 frame)."""
    if cell["cell_type"] == "markdown":
        return markdown_height(source(cell)) + CELL_GAP + MARKDOWN_PAD
    if cell["cell_type"] != "code":
        return 0.0
    lines = source(cell).rstrip("\n").split("\n")
    code = sum(1 + len(line) // CODE_CHARS for line in lines) * CODE_LINE + 20
    return code + outputs_height(cell.get("outputs", []), figure_scale) + CELL_GAP


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


def slide_types(nb: dict, name: str = "") -> list[str]:
    """The RISE slide type of every cell of a notebook (see the module docstring for the rule)."""
    cells = nb["cells"]
    types: list[str] = []
    used = 0.0  # estimated height already on the current page
    previous = None  # the kind of the last cell shown on the current page
    for i, cell in enumerate(cells):
        height = cell_height(cell)
        if is_imports(i, cell, cells):
            kind = "skip"
        elif is_answer(cell) or (i and is_spoken(cell)):
            kind = "notes"
        elif i == 0 or is_section(cell):
            kind, used, previous = "slide", 0.0, None
        elif cell["cell_type"] == "raw":
            kind = "skip"
        elif used and used + height > PAGE and is_reading(cell, previous):
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


def apply(nb: dict, name: str = "") -> dict:
    """A copy of ``nb`` whose cells carry the slide types of `slide_types` (and nothing else changed)."""
    nb = copy.deepcopy(nb)
    for cell, kind in zip(nb["cells"], slide_types(nb, name)):
        cell.setdefault("metadata", {})["slideshow"] = {"slide_type": kind}
    return nb


def notebook_text(nb: dict) -> str:
    """A notebook as nbformat writes it (so that an unchanged notebook keeps every byte)."""
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


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


# --- the build -----------------------------------------------------------------------------------


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


def _images(cell: dict) -> list[tuple[dict, str]]:
    return [(o, m) for o in cell.get("outputs", []) for m in ("image/png", "image/gif") if m in o.get("data", {})]


def _shrink(outputs: list[dict], room: float) -> None:
    """Give the images among ``outputs`` a display width that makes them fit ``room`` pixels together."""
    cell = {"outputs": outputs}
    images = _images(cell)
    other = outputs_height(outputs, 1.0) - sum(output_height(o, 1.0) for o, _ in images)
    drawn = [output_height(o, 1.0) - 10 for o, _ in images]
    scale = min(1.0, (room - other - 10 * len(images)) / sum(drawn))
    for (output, mime), h in zip(images, drawn):
        width, height = image_size(mime, output["data"][mime])
        meta = output.setdefault("metadata", {}).setdefault(mime, {})
        meta["width"] = int(width * scale * h / height)  # the template writes it as the img's width attribute


def fit_code(cell: dict) -> list[dict]:
    """A code cell of an executed (talk) notebook taller than a page, as cells of a page each: its code
    cut between lines, then its outputs after the last piece of code if they fit there, with their
    figures shrunk to the room left when that keeps them at least `FIGURE_MIN` high, else on a page
    of their own. Pieces after the first are subslides; a piece with an empty source shows no input."""
    pieces: list[list[str]] = [[]]
    used = 20.0
    for line in source(cell).rstrip("\n").split("\n"):
        h = (1 + len(line) // CODE_CHARS) * CODE_LINE
        if pieces[-1] and used + h > PAGE:
            pieces.append([])
            used = 20.0
        pieces[-1].append(line)
        used += h
    outputs = copy.deepcopy(cell.get("outputs", []))
    images = len(_images({"outputs": outputs}))
    need = outputs_height(outputs, 1.0)
    plain = need - sum(output_height(o, 1.0) for o, _ in _images({"outputs": outputs}))
    room = PAGE - used - CELL_GAP
    if outputs and need > room and (not images or room - plain < FIGURE_MIN * images):
        pieces.append([])  # the outputs get a page of their own
        room = PAGE - CELL_GAP
    if need > room and images:
        _shrink(outputs, room)
    cells = []
    for k, lines in enumerate(pieces):
        part = copy.deepcopy(cell)
        part["source"] = "\n".join(lines)
        part["outputs"] = outputs if k == len(pieces) - 1 else []
        if k:
            part["id"] = f"{cell.get('id', 'cell')}-{k}"
            part["metadata"]["slideshow"] = {"slide_type": "subslide"}
        cells.append(part)
    return cells


def paginate(nb: dict) -> dict:
    """Cut every cell taller than a page into cells of a page each (subslides after the first)."""
    nb = copy.deepcopy(nb)
    cells = []
    for cell in nb["cells"]:
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")
        if cell["cell_type"] == "code" and kind not in ("notes", "skip") and cell_height(cell, 1.0) > PAGE:
            cells.extend(fit_code(cell))
            continue
        if cell["cell_type"] != "markdown" or kind in ("notes", "skip") or markdown_height(source(cell)) <= PAGE:
            cells.append(cell)
            continue
        for k, piece in enumerate(split_markdown(source(cell))):
            part = copy.deepcopy(cell)
            part["source"] = piece
            part["id"] = f"{cell.get('id', 'cell')}-{k}"
            if k:
                part["metadata"]["slideshow"] = {"slide_type": "subslide"}
            cells.append(part)
    nb["cells"] = cells
    return nb


def vendor(directory: Path = VENDOR) -> Path:
    """reveal.js, MathJax 2, require.js and jQuery from npm in ``directory``/node_modules (installed once)."""
    modules = directory / "node_modules"
    wanted = [modules / p.rsplit("@", 1)[0] / "package.json" for p in NPM_PACKAGES]
    versions = [json.loads(w.read_text()).get("version") if w.exists() else None for w in wanted]
    if versions != [p.rsplit("@", 1)[1] for p in NPM_PACKAGES]:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("make slides needs npm (Node.js) to fetch reveal.js and MathJax once")
        directory.mkdir(parents=True, exist_ok=True)
        cmd = [npm, "install", "--prefix", str(directory), "--no-audit", "--no-fund", "--no-save", *NPM_PACKAGES]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return modules


def talk_copy(nb: dict) -> dict:
    """The notebook with its imports cell switched to the talk context."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and NOTEBOOK_STYLE in source(cell):
            cell["source"] = source(cell).replace(NOTEBOOK_STYLE, TALK_STYLE, 1)
            return nb
    raise ValueError(f"no cell calls {NOTEBOOK_STYLE}: cannot switch to the talk context")


def build(paths: list[Path], out: Path = OUT, timeout: int = 300, vendor_dir: Path = VENDOR) -> list[Path]:
    """Execute each notebook in the talk context and write ``out``/NAME.slides.html; returns the files."""
    import nbformat
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import ExecutePreprocessor

    modules = vendor(vendor_dir)
    out.mkdir(parents=True, exist_ok=True)
    rel = Path(os.path.relpath(modules, out)).as_posix()
    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE.parent)],
        template_name=TEMPLATE.name,
        reveal_url_prefix=f"{rel}/reveal.js",
        reveal_width=str(SLIDE_WIDTH),
        reveal_height=str(SLIDE_HEIGHT),
        reveal_transition="none",
        reveal_theme="white",  # the themes that load Google fonts are out: nothing from the internet
        reveal_number="c/t",
        mathjax_url=f"{rel}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
        require_js_url=f"{rel}/requirejs/require.js",
        jquery_url=f"{rel}/jquery/dist/jquery.min.js",
    )
    os.environ.pop("MPLBACKEND", None)  # the kernel inherits it; figures need the inline backend
    written = []
    for path in paths:
        nb = nbformat.reads(notebook_text(apply(json.loads(path.read_text(encoding="utf-8")), path.name)), 4)
        nb = talk_copy(nb)
        with tempfile.TemporaryDirectory(prefix="slides-") as tmp:
            ExecutePreprocessor(timeout=timeout, kernel_name="python3").preprocess(nb, {"metadata": {"path": tmp}})
        nb = nbformat.from_dict(paginate(nb))
        html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
        target = out / f"{path.stem}.slides.html"
        target.write_text(html, encoding="utf-8")
        written.append(target)
        print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}", flush=True)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("command", choices=("split", "metadata", "check", "build"))
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=OUT, help="where build writes the slides (build/slides)")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell when executing (build)")
    args = parser.parse_args(argv)
    if args.command == "split":
        for path in args.notebooks:
            print(f"{path}: {'split' if write_split(path) else 'unchanged'}")
    elif args.command == "metadata":
        for path in args.notebooks:
            print(f"{path}: {'updated' if write_metadata(path) else 'unchanged'}")
    elif args.command == "check":
        bad = {p: stale(p) for p in args.notebooks}
        for path, cells in bad.items():
            if cells:
                print(f"{path}: cells {cells} differ; run: python res/slides.py metadata {path}")
        return 1 if any(bad.values()) else 0
    else:
        build(args.notebooks, args.out, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
