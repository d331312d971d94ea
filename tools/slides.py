"""reveal.js slides built from the chapters (`make slides`), with the slide types of `tools.slide_metadata`.

    .venv/bin/python -m tools.slides build notebooks/0*.ipynb     # build/slides/NN_*.{lecture,student}.slides.html

The commands ``split``, ``metadata`` and ``check`` of `tools.slide_metadata` run through this one too.

`build` executes a copy of each notebook once in the talk context (``use_style("talk")``) and makes
two decks of it (`for_room`): ``NN_name.lecture.slides.html``, the lecturer's, with the solutions,
and ``NN_name.student.slides.html``, for the students and for live coding, with nbgrader's stubs
in place of the solutions, no output under the checks and no model answers. Neither shows the
tools' markers (``### BEGIN SOLUTION``, ``# NBVAL_IGNORE_OUTPUT``). Code is 20 px on the 1280 x 720
frame (`PROJECTOR`); slide types are assigned again for that size, every exercise's statement stays
on a slide, and a code cell taller than a page is cut into pages (its figure shrunk or on a page of
its own). nbconvert's reveal.js exporter writes the decks through the small template in
``tools/slides_template/``; the speaker notes (S) show mathematics once, as its TeX source.
reveal.js, MathJax 2, require.js and jQuery come from npm (`tools.vendor`, which says what it
downloads), and only the files the decks load are copied into ``build/slides/lib/`` (2.4 MB):
the folder ``build/slides`` opens offline anywhere, on its own.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from tools import vendor
from tools.cells import notebook_text, source
from tools.slide_metadata import (
    CELL_GAP,
    PAGE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    Code,
    apply,
    cell_height,
    image_size,
    is_answer,
    markdown_height,
    output_height,
    outputs_height,
    split_markdown,
    stale,
    write_metadata,
    write_split,
)
from tools.student import student_text

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "slides_template"
OUT = ROOT / "build" / "slides"
VENDOR = vendor.VENDOR
LIB = "lib"  # out/lib: the JavaScript and fonts the decks load, and nothing else

#: Code and its printed output on the built slides: 20 px monospace (line-height 1.3), readable from the back
#: of a lecture room at 1280 x 720 (tools/slides_template/index.html.j2).
PROJECTOR = Code(line=27, chars=80)  # measured: a 96-character line of output wraps at 1280 x 720
FIGURE_MIN = 260  # a figure shrunk to fit next to its code keeps at least this height; else it gets its own page

TALK_STYLE = 'use_style("talk")'
NOTEBOOK_STYLE = 'use_style("notebook")'


def _images(cell: dict) -> list[tuple[dict, str]]:
    return [(o, m) for o in cell.get("outputs", []) for m in ("image/png", "image/gif") if m in o.get("data", {})]


def _shrink(outputs: list[dict], room: float) -> None:
    """Give the images among ``outputs`` a display width that makes them fit ``room`` pixels together."""
    cell = {"outputs": outputs}
    images = _images(cell)
    other = outputs_height(outputs, 1.0, PROJECTOR) - sum(output_height(o, 1.0, PROJECTOR) for o, _ in images)
    drawn = [output_height(o, 1.0, PROJECTOR) - 10 for o, _ in images]
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
        h = (1 + len(line) // PROJECTOR.chars) * PROJECTOR.line
        if pieces[-1] and used + h > PAGE:
            pieces.append([])
            used = 20.0
        pieces[-1].append(line)
        used += h
    outputs = copy.deepcopy(cell.get("outputs", []))
    images = len(_images({"outputs": outputs}))
    need = outputs_height(outputs, 1.0, PROJECTOR)
    plain = need - sum(output_height(o, 1.0, PROJECTOR) for o, _ in _images({"outputs": outputs}))
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
        if cell["cell_type"] == "code" and kind not in ("notes", "skip") and cell_height(cell, 1.0, PROJECTOR) > PAGE:
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


# --- the two decks: the lecturer's and the students' ---------------------------------------------

#: Lines of a code cell that are for the tools, not for the room: nbgrader's markers, nbval's comments.
TOOL_LINE = re.compile(r"^[ \t]*(### (BEGIN|END) SOLUTION|# NBVAL_\w+)[^\n]*(\n|$)", re.M)
SOLUTION = re.compile(r"^([ \t]*)### BEGIN SOLUTION.*?### END SOLUTION[^\n]*$", re.M | re.S)


def _is_solution(cell: dict) -> bool:
    return cell["cell_type"] == "code" and "### BEGIN SOLUTION" in source(cell)


def merge_streams(outputs: list[dict]) -> list[dict]:
    """Consecutive stream outputs of one name as one output, as Jupyter shows them (and as the height
    estimate counts them); the kernel splits one print across messages differently from run to run."""
    merged: list[dict] = []
    for output in outputs:
        last = merged[-1] if merged else {}
        if (
            output.get("output_type") == "stream"
            and last.get("output_type") == "stream"
            and last["name"] == output["name"]
        ):
            merged[-1] = {**last, "text": "".join(last["text"]) + "".join(output["text"])}
        else:
            merged.append(output)
    return merged


def for_room(nb: dict, students: bool = False) -> dict:
    """An executed talk copy as a deck shows it: no nbgrader or nbval markers in the code, a print's
    stream messages as one output (`merge_streams`); with
    ``students``, each solution is nbgrader's stub (``# YOUR CODE HERE``, ``raise NotImplementedError()``),
    the check after it shows no output and the model answers are left out. Slide types are then
    assigned again for the projector's sizes (`PROJECTOR`), each exercise's statement on a slide."""
    nb = copy.deepcopy(nb)
    cells = []
    after_solution = False
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            text, solution = source(cell), _is_solution(cell)
            if students and solution:
                stub = r"\1# YOUR CODE HERE\n\1raise NotImplementedError()"
                text = SOLUTION.sub(stub, text)
                cell["outputs"] = []
            elif students and after_solution:
                cell["outputs"] = []  # the check: no "Correct: ..." under a check the students have not run
            after_solution = solution
            cell["source"] = TOOL_LINE.sub("", text)
            cell["outputs"] = merge_streams(cell.get("outputs", []))
        elif students and is_answer(cell):
            continue
        elif students and cell["cell_type"] == "markdown":
            cell["source"] = student_text(source(cell))
        cells.append(cell)
    nb["cells"] = cells
    return apply(nb, figure_scale=1.0, code=PROJECTOR, show_tasks=True)


def talk_copy(nb: dict) -> dict:
    """The notebook with its imports cell switched to the talk context."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if cell["cell_type"] == "code" and NOTEBOOK_STYLE in source(cell):
            cell["source"] = source(cell).replace(NOTEBOOK_STYLE, TALK_STYLE, 1)
            return nb
    raise ValueError(f"no cell calls {NOTEBOOK_STYLE}: cannot switch to the talk context")


#: The two decks of a chapter: the lecturer's (with solutions) and the students' (exercises to solve).
DECKS = {"lecture": False, "student": True}


def deck_path(out: Path, notebook: Path, deck: str) -> Path:
    """``out``/NN_name.lecture.slides.html or NN_name.student.slides.html."""
    return out / f"{notebook.stem}.{deck}.slides.html"


def exporter(lib: str = LIB):
    """nbconvert's reveal.js exporter through the course's template, loading everything from ``lib``."""
    from nbconvert import SlidesExporter

    return SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE.parent)],
        template_name=TEMPLATE.name,
        reveal_url_prefix=f"{lib}/reveal.js",
        reveal_width=str(SLIDE_WIDTH),
        reveal_height=str(SLIDE_HEIGHT),
        reveal_transition="none",
        reveal_theme="white",  # the themes that load Google fonts are out: nothing from the internet
        reveal_number="c/t",
        mathjax_url=vendor.mathjax_url(lib),
        require_js_url=f"{lib}/requirejs/require.js",
        jquery_url=f"{lib}/jquery/dist/jquery.min.js",
    )


def build(paths: list[Path], out: Path = OUT, timeout: int = 300, vendor_dir: Path = VENDOR) -> list[Path]:
    """Execute each notebook once in the talk context and write its two decks (`DECKS`) into ``out``,
    with ``out``/lib holding the JavaScript they load (`tools.vendor`); returns the files written."""
    import nbformat
    from nbconvert.preprocessors import ExecutePreprocessor

    shutil.rmtree(out / LIB, ignore_errors=True)  # lib/ holds what the decks load, nothing left from before
    vendor.copy(tuple(vendor.FILES), out / LIB, vendor.install(vendor_dir))
    export = exporter()
    os.environ.pop("MPLBACKEND", None)  # the kernel inherits it; figures need the inline backend
    written = []
    for path in paths:
        nb = nbformat.reads(notebook_text(apply(json.loads(path.read_text(encoding="utf-8")), path.name)), 4)
        nb = talk_copy(nb)
        with tempfile.TemporaryDirectory(prefix="slides-") as tmp:
            ExecutePreprocessor(timeout=timeout, kernel_name="python3").preprocess(nb, {"metadata": {"path": tmp}})
        for deck, students in DECKS.items():
            shown = nbformat.reads(notebook_text(paginate(for_room(json.loads(nbformat.writes(nb)), students))), 4)
            html, _ = export.from_notebook_node(shown, resources={"metadata": {"name": path.stem}})
            target = deck_path(out, path, deck)
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
                print(f"{path}: cells {cells} differ; run: python -m tools.slides metadata {path}")
        return 1 if any(bad.values()) else 0
    else:
        build(args.notebooks, args.out, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
