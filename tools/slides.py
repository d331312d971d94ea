"""reveal.js slides built from the chapters (`make slides`), with the slide types of `tools.slide_metadata`.

    .venv/bin/python -m tools.slides build notebooks/0*.ipynb     # build/slides/NN_*.slides.html

The commands ``split``, ``metadata`` and ``check`` of `tools.slide_metadata` run through this one too.

`build` executes a copy of each notebook in the talk context (``use_style("talk")``) and exports it
with nbconvert's reveal.js exporter through the small template in ``tools/slides_template/``. A code
cell taller than a page is cut into pages in the built copy only (its figure cannot be split). reveal.js, MathJax 2,
require.js and jQuery come from npm into ``build/vendor/`` and are linked by relative paths, so the
slides load nothing from the internet.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.cells import notebook_text, source
from tools.slide_metadata import (
    CELL_GAP,
    CODE_CHARS,
    CODE_LINE,
    PAGE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    apply,
    cell_height,
    image_size,
    markdown_height,
    output_height,
    outputs_height,
    split_markdown,
    stale,
    write_metadata,
    write_split,
)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "slides_template"
OUT = ROOT / "build" / "slides"
VENDOR = ROOT / "build" / "vendor"
# Exact versions, so that every build presents the same way.
NPM_PACKAGES = ("reveal.js@4.6.1", "mathjax@2.7.9", "requirejs@2.3.8", "jquery@3.8.0")

FIGURE_MIN = 260  # a figure shrunk to fit next to its code keeps at least this height; else it gets its own page

TALK_STYLE = 'use_style("talk")'
NOTEBOOK_STYLE = 'use_style("notebook")'


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
                print(f"{path}: cells {cells} differ; run: python -m tools.slides metadata {path}")
        return 1 if any(bad.values()) else 0
    else:
        build(args.notebooks, args.out, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
