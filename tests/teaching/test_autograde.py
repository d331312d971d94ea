"""The homework round trip with nbgrader (`make test-teaching`; needs the instructor extra).

tools/student.py builds every chapter's student version with nbgrader's generate_assignment, then
submits it twice, unsolved and filled in with the reference solutions, and autogrades both.
"""

import json
import warnings
from pathlib import Path

import pytest

from tools import student

pytest.importorskip("nbgrader", reason="the instructor extra: pip install -e '.[instructor]'")

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = student.chapters()


@pytest.fixture(scope="module")
def grades(tmp_path_factory):
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        # nbgrader 0.9.6's gradebook adds a submission in a way SQLAlchemy 2 warns about; the warning is
        # nbgrader's, not the course's (pytest turns warnings into errors here)
        warnings.simplefilter("ignore", SAWarning)
        return student.autograde_roundtrip(tmp_path_factory.mktemp("course"), CHAPTERS)


@pytest.fixture(scope="module")
def released(grades, tmp_path_factory):
    return {
        p.stem: json.loads(next(Path(tmp_path_factory.getbasetemp()).glob(f"course*/student/{p.name}")).read_text())
        for p in CHAPTERS
    }


def graded_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {
        c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")
    }


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_student_version_has_stubs_locked_checks_and_keeps_the_rest(path, released):
    source, out = json.loads(path.read_text(encoding="utf-8")), released[path.stem]
    assert len(out["cells"]) == len(source["cells"])
    for before, after in zip(source["cells"], out["cells"]):
        meta = before["metadata"].get("nbgrader", {})
        text = "".join(after["source"])
        if meta.get("solution"):
            assert "BEGIN SOLUTION" not in text and "details" not in text
            assert (
                ("raise NotImplementedError()" in text) if before["cell_type"] == "code" else text == "YOUR ANSWER HERE"
            )
        elif meta.get("grade"):
            assert text == "".join(before["source"]) and after["metadata"]["editable"] is False
            assert after["outputs"] == []  # the check's "correct" line is cleared
        else:  # text, figures and explorers as the instructor's version has them
            assert after["source"] == before["source"] or text == "".join(before["source"])
            assert after.get("outputs") == before.get("outputs")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_filled_in_scores_every_check_and_the_stub_scores_zero(path, grades):
    expected = graded_cells(path)
    filled, stub = grades[path.stem, "filled"], grades[path.stem, "stub"]
    assert {g[0] for g in filled} == {g[0] for g in stub} == set(expected)
    for grade_id, score, max_score, needs_manual in filled:
        assert max_score == expected[grade_id]["metadata"]["nbgrader"]["points"]
        if expected[grade_id]["cell_type"] == "code":
            assert score == max_score and not needs_manual, (grade_id, score)
        else:  # a written answer that differs from the stub waits for the instructor
            assert needs_manual, grade_id
    for grade_id, score, _max, needs_manual in stub:
        assert score == 0 and not needs_manual, (grade_id, score, needs_manual)
