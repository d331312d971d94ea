"""Homework from the chapters: the grading metadata nbgrader needs, and the student version it builds.

    python -m tools.student prepare notebooks/0*.ipynb   # (re)write the grading metadata in place
    python -m tools.student check notebooks/0*.ipynb     # exit 1 when a notebook needs `prepare`
    python -m tools.student build [--out build]          # build/student/NN_*.ipynb (needs nbgrader)

`prepare` is idempotent and changes only what grading needs:

* every thinking exercise's model answer (a ``<details>`` block) becomes a markdown cell of its own,
  marked as an nbgrader *manually graded answer*: the student version replaces it with "YOUR ANSWER
  HERE" for the student to fill in, the instructor grades it by hand;
* the check cell after each code solution becomes an nbgrader *autograder test*: locked, and worth
  `CODE_POINTS` points when the check passes on the student's function;
* each exercise's title states its points: "**Exercise 1 (a gradient step for a batch; 2 points).**".
  A thinking exercise is worth one point per lettered part, (a), (b), ..., and at least one.

`build` writes an nbgrader course directory under ``build/nbgrader/`` (one assignment per chapter,
never committed; the repository's ``nbgrader_config.py`` points nbgrader's own tools at it) and
runs nbgrader's own ``generate_assignment`` on it. It regenerates ``source/`` and ``release/`` of
each chapter and nothing else: submissions, autograded and feedback folders and the gradebook
stay. nbgrader's source is the chapter as `student_source` turns it for students: each locked
check cell imports the checks itself (a ``checks`` or ``lecturekit`` defined in a learner's cell
is not trusted), and the sentences about the instructor's version (solutions between markers,
folded model answers) say what the student sees instead. nbgrader's preprocessors replace the
solutions with its stubs, lock the check cells and compute their checksums; the only change to
its defaults is that outputs are cleared in the exercise cells alone, so that the text, figures
and explorers of the chapter stay as the instructor's version has them.

`autograde_roundtrip` (used by tests/teaching/test_autograde.py) builds the course, submits each
chapter once per learner (by default the unsolved student version and one filled in with the
reference solutions), autogrades every submission and writes its feedback, an HTML page whose
MathJax is a local copy (``feedback/.../mathjax/``, from npm as for the slides).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import os
import re
import shutil
import sys
from pathlib import Path

from tools.cells import notebook_text, read, set_source, source

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
CODE_POINTS = 2
SCHEMA = 3
EXERCISE = re.compile(r"\*\*Exercise (\d+) \((.*?)\)\.\*\*")
POINTS = re.compile(r"; (\d+) points?$")
DETAILS = re.compile(r"<details>.*?</details>", re.DOTALL)
PART = re.compile(r"^\(([a-h])\)|\s\(([a-h])\)\s", re.MULTILINE)


def _markdown(text: str, cell_id: str) -> dict:
    cell = {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": []}
    set_source(cell, text)
    return cell


def split_answers(cells: list) -> list:
    """Cut every markdown cell holding a ``<details>`` answer among other text into pieces: the text
    before, each ``<details>`` block, the text between and after, each a cell of its own."""
    out = []
    for cell in cells:
        text = source(cell)
        blocks = list(DETAILS.finditer(text)) if cell["cell_type"] == "markdown" else []
        if not blocks or (len(blocks) == 1 and blocks[0].span() == (0, len(text.strip()))):
            out.append(cell)
            continue
        pieces, start = [], 0
        for block in blocks:
            pieces += [text[start : block.start()], block.group(0)]
            start = block.end()
        pieces.append(text[start:])
        pieces = [p.strip("\n") for p in pieces if p.strip()]
        for k, piece in enumerate(pieces):
            base = cell.get("id") or hashlib.sha1(text.encode()).hexdigest()[:8]
            new = _markdown(piece, base if k == 0 else f"{base}-{k}")
            if k == 0:
                new["metadata"] = copy.deepcopy(cell["metadata"])
            out.append(new)
    return out


def exercises(cells: list) -> list[dict]:
    """Each exercise: its number, the index of its title cell, its check cells and its answer cells."""
    found = []
    for i, cell in enumerate(cells):
        text = source(cell)
        if cell["cell_type"] == "markdown" and text.startswith("## ") and found:
            found[-1]["end"] = min(found[-1]["end"], i)
        match = EXERCISE.search(text) if cell["cell_type"] == "markdown" else None
        if match:
            if found:
                found[-1]["end"] = min(found[-1]["end"], i)
            found.append({"number": int(match.group(1)), "title": i, "end": len(cells)})
    for ex in found:
        ex["checks"], ex["answers"] = [], []
        for i in range(ex["title"] + 1, ex["end"]):
            cell, prev = cells[i], cells[i - 1]
            solution = prev["metadata"].get("nbgrader", {})
            if cell["cell_type"] == "code" and solution.get("solution") and source(cell).startswith("checks."):
                ex["checks"].append((i, solution["grade_id"]))
            if cell["cell_type"] == "markdown" and source(cell).startswith("<details"):
                ex["answers"].append(i)
        parts = {a or b for a, b in PART.findall(_exercise_text(cells, ex))}
        ex["parts"] = max(1, len(parts))
    return found


def _exercise_text(cells, ex) -> str:
    """The exercise's own words: its cells up to its end, answers and code left out."""
    return "\n".join(
        source(cells[i])
        for i in range(ex["title"], ex["end"])
        if cells[i]["cell_type"] == "markdown" and not source(cells[i]).startswith("<details")
    )


def _grade(grade_id: str, points: int, *, solution: bool) -> dict:
    return {
        "grade": True,
        "grade_id": grade_id,
        "locked": not solution,
        "points": points,
        "schema_version": SCHEMA,
        "solution": solution,
        "task": False,
    }


def _retitle(cell, number: int, points: int) -> None:
    text = source(cell)
    match = EXERCISE.search(text)
    title = POINTS.sub("", match.group(2))
    new = f"**Exercise {number} ({title}; {points} point{'s' if points != 1 else ''}).**"
    set_source(cell, text[: match.start()] + new + text[match.end() :])


def prepare(nb: dict) -> dict:
    """A copy of the notebook with its grading metadata written (see the module docstring)."""
    nb = copy.deepcopy(nb)
    cells = nb["cells"] = split_answers(nb["cells"])
    for ex in exercises(cells):
        if ex["checks"] and ex["answers"]:
            raise ValueError(f"exercise {ex['number']} has both a check cell and a model answer; split it")
        if ex["checks"]:
            points = 0
            for i, solution_id in ex["checks"]:
                cells[i]["metadata"]["nbgrader"] = _grade(
                    f"check_{solution_id.removeprefix('ex_')}", CODE_POINTS, solution=False
                )
                points += CODE_POINTS
        elif ex["answers"]:
            points = ex["parts"]
            n = len(ex["answers"])
            share = [points // n + (k < points % n) for k in range(n)]
            for k, i in enumerate(ex["answers"]):
                suffix = "" if n == 1 else "abcdefgh"[k]
                cells[i]["metadata"]["nbgrader"] = _grade(f"answer_ex{ex['number']}{suffix}", share[k], solution=True)
        else:
            raise ValueError(f"exercise {ex['number']} has neither a check cell nor a model answer")
        _retitle(cells[ex["title"]], ex["number"], points)
    return nb


#: The first line of every locked check cell in the student version.
CHECK_IMPORT = (
    "from lecturekit import checks  # a locked check imports what it uses: names from other cells are not trusted"
)

#: The instructor's words about the instructor's version, and what a student reads instead.
STUDENT_TEXT = (
    (
        re.compile(
            r"in place\s+of what stands between the two marker comments\s+\(in the student version:\s+"
            r"`raise NotImplementedError\(\)`\),"
        ),
        "in place of `raise NotImplementedError()` under `# YOUR CODE HERE`,",
    ),
    (
        re.compile(r"A thinking exercise has its model answer folded under it:\s+open\s+it once you have tried\."),
        'A thinking exercise has an answer cell under it that reads "YOUR ANSWER HERE": write your answer there.',
    ),
)


def is_check(cell: dict) -> bool:
    """A locked, graded code cell: an exercise's check."""
    meta = cell["metadata"].get("nbgrader", {})
    return cell["cell_type"] == "code" and bool(meta.get("grade")) and not meta.get("solution")


def student_source(nb: dict) -> dict:
    """The chapter as nbgrader's source for the student version (see the module docstring)."""
    nb = copy.deepcopy(nb)
    for cell in nb["cells"]:
        if is_check(cell):
            set_source(cell, CHECK_IMPORT + "\n" + source(cell))
        elif cell["cell_type"] == "markdown" and student_text(source(cell)) != source(cell):
            set_source(cell, student_text(source(cell)))
    return nb


def student_text(text: str) -> str:
    """A text cell's words as students read them (`STUDENT_TEXT`)."""
    for pattern, replacement in STUDENT_TEXT:
        text = pattern.sub(replacement, text)
    return text


def write(nb: dict, path: Path) -> None:
    Path(path).write_text(notebook_text(nb), encoding="utf-8")


def chapters() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


# --- nbgrader (the instructor extra) ---------------------------------------------------------


def _config(course: Path):
    from nbgrader.converters import GenerateAssignment
    from nbgrader.preprocessors import ClearOutput
    from nbgrader.utils import is_grade, is_solution
    from traitlets.config import Config

    class ClearExerciseOutput(ClearOutput):
        """nbgrader's ClearOutput, applied to the exercise cells only (solutions and checks)."""

        def preprocess_cell(self, cell, resources, index):
            if is_grade(cell) or is_solution(cell):
                return super().preprocess_cell(cell, resources, index)
            return cell, resources

    steps = GenerateAssignment.class_traits()["preprocessors"].default()
    c = Config()
    c.CourseDirectory.root = str(course)
    c.CourseDirectory.course_id = "optimization-for-deep-learning"
    c.GenerateAssignment.preprocessors = [ClearExerciseOutput if s is ClearOutput else s for s in steps]
    c.Execute.timeout = 300  # seconds per cell when autograding (the chapters' longest cells take ~5 s)
    return c


def _api(course: Path):
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    # nbgrader runs the `alembic` command of its environment to set up its gradebook
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    config = _config(course)
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def _succeeded(result: dict, what: str) -> None:
    if not result.get("success"):
        raise RuntimeError(f"nbgrader {what} failed:\n{result.get('error', '')}\n{result.get('log', '')}")


def build(out: Path, notebooks: list[Path] | None = None) -> list[Path]:
    """Write ``out/student/NN_*.ipynb`` with nbgrader's generate_assignment; returns their paths."""
    notebooks = notebooks or chapters()
    stale = [p.name for p in notebooks if prepare(read(p)) != read(p)]
    if stale:
        raise SystemExit(
            f"grading metadata out of date in {stale}: run python -m tools.student prepare notebooks/0*.ipynb"
        )
    course = out / "nbgrader"
    course.mkdir(parents=True, exist_ok=True)
    api = _api(course)
    written = []
    for path in notebooks:
        sources = course / "source" / path.stem
        shutil.rmtree(sources, ignore_errors=True)  # regenerated from the chapter; nothing else is removed
        sources.mkdir(parents=True)
        write(student_source(read(path)), sources / path.name)
        _succeeded(api.generate_assignment(path.stem, force=True), f"generate_assignment {path.stem}")
        target = out / "student" / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(course / "release" / path.stem / path.name, target)
        written.append(target)
    return written


def fill_in(student: dict, instructor: dict) -> dict:
    """The student version with every solution cell replaced by the instructor's (by grade_id)."""
    reference = {
        c["metadata"]["nbgrader"]["grade_id"]: c["source"]
        for c in instructor["cells"]
        if c["metadata"].get("nbgrader", {}).get("solution")
    }
    filled = copy.deepcopy(student)
    for cell in filled["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            cell["source"] = reference[meta["grade_id"]]
    return filled


def fill_with(student: dict, solutions: dict[str, str], preamble: str = "") -> dict:
    """The student version with each solution cell's source replaced: ``solutions`` maps an exercise's
    function name (its ``def`` line) to the new source; ``preamble`` goes before every solution."""
    filled = copy.deepcopy(student)
    for cell in filled["cells"]:
        if cell["cell_type"] == "code" and cell["metadata"].get("nbgrader", {}).get("solution"):
            name = re.search(r"^def (\w+)\(", source(cell), re.M).group(1)
            set_source(cell, preamble + solutions.get(name, source(cell)))
    return filled


#: The address nbconvert's templates load MathJax from (its ``mathjax()`` macro's default).
MATHJAX_CDN = "https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/latest.js?config=TeX-AMS_CHTML-full,Safe"


def feedback(api, course: Path, assignment: str, student: str) -> list[Path]:
    """nbgrader's feedback pages of one submission, with MathJax from a copy beside them (not a CDN)."""
    from tools import vendor

    _succeeded(api.generate_feedback(assignment, student), f"generate_feedback {assignment} for {student}")
    folder = course / "feedback" / student / assignment
    pages = sorted(folder.glob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if MATHJAX_CDN not in html:
            raise RuntimeError(f"{page}: nbgrader's feedback no longer loads MathJax from {MATHJAX_CDN}")
        page.write_text(html.replace(MATHJAX_CDN, vendor.mathjax_url(".")), encoding="utf-8")
    vendor.copy(("mathjax",), folder)
    return pages


def autograde_roundtrip(out: Path, notebooks: list[Path] | None = None, learners: dict | None = None) -> dict:
    """Build the student versions, submit each chapter once per learner and autograde every
    submission with nbgrader, then write each one's feedback (`feedback`). ``learners`` maps a
    student id to ``make(released, instructor) -> submitted notebook``; the default two are "stub"
    (as released) and "filled" (with the reference solutions). Returns, per (chapter, student), the
    list of (grade_id, score, max_score, needs_manual_grade) from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    learners = learners or {"stub": lambda released, instructor: released, "filled": fill_in}
    notebooks = notebooks or chapters()
    build(out, notebooks)
    course = out / "nbgrader"
    api = _api(course)
    results = {}
    for path in notebooks:
        released = read(course / "release" / path.stem / path.name)
        for student, make in learners.items():
            folder = course / "submitted" / student / path.stem
            folder.mkdir(parents=True, exist_ok=True)
            write(make(released, read(path)), folder / path.name)
            _succeeded(api.autograde(path.stem, student), f"autograde {path.stem} for {student}")
            feedback(api, course, path.stem, student)
        with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gradebook:
            for student in learners:
                notebook = gradebook.find_submission_notebook(path.stem, path.stem, student)
                results[path.stem, student] = [
                    (g.name, g.score, g.max_score, g.needs_manual_grade) for g in notebook.grades
                ]
    return results


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("prepare", "check"):
        p = sub.add_parser(name)
        p.add_argument("notebooks", nargs="*", type=Path)
    p = sub.add_parser("build")
    p.add_argument("--out", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    if args.command == "build":
        for path in build(args.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        return 0
    stale = []
    for path in args.notebooks or chapters():
        nb, new = read(path), prepare(read(path))
        if new != nb:
            stale.append(path.name)
            if args.command == "prepare":
                write(new, path)
    verb = "updated" if args.command == "prepare" else "out of date (run: python -m tools.student prepare)"
    print(f"{verb}: {', '.join(stale)}" if stale else "grading metadata up to date")
    return 1 if stale and args.command == "check" else 0


if __name__ == "__main__":
    sys.exit(main())
