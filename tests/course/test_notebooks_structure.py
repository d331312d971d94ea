"""Every chapter notebook has the course's layout and was committed as one fresh run."""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
REQUIRED_HEADINGS = ["learning objectives", "prerequisites", "exercises", "summary", "references"]


def _load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def _src(cell):
    return "".join(cell["source"])


def test_there_are_notebooks():
    assert NOTEBOOKS, "no chapter notebooks found in notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_layout(path):
    cells = _load(path)["cells"]
    md = [_src(c) for c in cells if c["cell_type"] == "markdown"]
    assert md and md[0].lstrip().startswith("# "), "the first cell must be the title (a '# ' heading)"
    headings = [line[3:].strip().lower() for text in md for line in text.splitlines() if line.startswith("## ")]
    for required in REQUIRED_HEADINGS:
        assert any(h.startswith(required) for h in headings), f"missing a '## {required}' section"
    code = [_src(c) for c in cells if c["cell_type"] == "code"]
    assert "import lecturekit" in code[0] or "from lecturekit" in code[0], "the first code cell imports lecturekit"
    assert "default_rng(" in code[0], "the imports cell makes the seeded Generator"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_as_one_fresh_run_without_errors(path):
    code = [c for c in _load(path)["cells"] if c["cell_type"] == "code" and _src(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    for i, c in enumerate(code, 1):
        for out in c["outputs"]:
            assert out["output_type"] != "error", f"code cell {i} stores an error"
            assert not (out["output_type"] == "stream" and out["name"] == "stderr"), f"code cell {i} wrote to stderr"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_machine_specific_paths(path):
    text = path.read_text(encoding="utf-8")
    for pattern in (r"/root/", r"/home/\w+", r"/tmp/", r"/work/", r"[A-Z]:\\\\Users", r"site-packages"):
        assert not re.search(pattern, text), f"{path.name} contains a machine-specific path ({pattern})"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_only_widget_cells_ignore_output(path):
    for c in _load(path)["cells"]:
        if c["cell_type"] == "code" and "NBVAL_IGNORE_OUTPUT" in _src(c):
            assert "explorer" in _src(c), "NBVAL_IGNORE_OUTPUT is for widget cells only"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_widget_cells_store_a_static_picture(path):
    """Opened without a kernel (GitHub, nbviewer), each interactive figure shows at its default."""
    for c in _load(path)["cells"]:
        if c["cell_type"] == "code" and "NBVAL_IGNORE_OUTPUT" in _src(c):
            assert any("image/png" in o.get("data", {}) for o in c["outputs"]), _src(c)[:80]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_exercises_are_in_nbgrader_form(path):
    cells = _load(path)["cells"]
    solutions = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and "### BEGIN SOLUTION" in _src(c)]
    assert len(solutions) >= 3, "at least three exercises with a solution cell"
    ids = set()
    for i in solutions:
        meta = cells[i]["metadata"].get("nbgrader", {})
        assert meta.get("solution") is True and meta.get("grade_id"), f"cell {i} lacks nbgrader metadata"
        assert "### END SOLUTION" in _src(cells[i])
        ids.add(meta["grade_id"])
        check = cells[i + 1]
        assert check["cell_type"] == "code" and "checks." in _src(check), f"cell {i} is not followed by a check cell"
    assert len(ids) == len(solutions), "grade_id values must be unique"
