"""The homework round trip with nbgrader (`make test-teaching`; needs the instructor extra).

tools/student.py builds every chapter's student version with nbgrader's generate_assignment, then
submits it four times and autogrades each submission, with its feedback page:

* "stub": as released (nothing solved): every check scores 0;
* "filled": with the reference solutions: every check scores full marks;
* "calls_lecturekit": every solution is the one-line call to lecturekit's own implementation
  (tests/learners.py): every check scores 0, saying "this calls lecturekit's own ...";
* "fakes_checks": the stubs, after a cell that defines a ``checks`` and a ``lecturekit`` whose every
  function "passes": every check still scores 0 (a locked check cell imports its own checks), saying
  "not implemented yet".

``TEACHING_CHAPTERS=01,03`` limits a local run to some chapters (each takes about a minute).
"""

import json
import logging
import os
import re
import warnings
from pathlib import Path

import pytest
from learners import CALLS_LECTUREKIT, FAKE_CHECKS, LECTUREKIT_IMPORTS, solution_cells
from offline import offline

from tools import student
from tools.cells import source

pytest.importorskip("nbgrader", reason="the instructor extra: pip install -e '.[instructor]'")

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = [
    p
    for p in student.chapters()
    if not os.environ.get("TEACHING_CHAPTERS") or p.name[:2] in os.environ["TEACHING_CHAPTERS"]
]


def _calling_lecturekit() -> dict[str, str]:
    """{the exercise's function name: a solution cell that binds it to a call of lecturekit's own code}."""
    cells = {}
    for _chapter, check, code in solution_cells():
        name = re.search(r"^def (\w+)\(", code, re.M).group(1)
        cells[name] = f"{name} = {CALLS_LECTUREKIT[check][0]}\n"
    return cells


LEARNERS = {
    "stub": lambda released, instructor: released,
    "filled": student.fill_in,
    "calls_lecturekit": lambda released, instructor: student.fill_with(
        released, _calling_lecturekit(), LECTUREKIT_IMPORTS
    ),
    "fakes_checks": lambda released, instructor: student.fill_with(released, {}, FAKE_CHECKS + "\n\n"),
}
#: What the check cells of a learner who scores 0 must say.
WHY = {
    "stub": "not implemented yet",
    "calls_lecturekit": "this calls lecturekit's own",
    "fakes_checks": "not implemented yet",
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    out = tmp_path_factory.mktemp("course")
    from sqlalchemy.exc import SAWarning

    with warnings.catch_warnings():
        # nbgrader 0.9.6's gradebook adds a submission in a way SQLAlchemy 2 warns about; the warning is
        # nbgrader's, not the course's (pytest turns warnings into errors here)
        warnings.simplefilter("ignore", SAWarning)
        grades = student.autograde_roundtrip(out, CHAPTERS, LEARNERS)
    return out, grades


@pytest.fixture(scope="module")
def grades(course):
    return course[1]


def graded_cells(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return {
        c["metadata"]["nbgrader"]["grade_id"]: c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")
    }


def _autograded(course, learner, path) -> dict:
    return json.loads((course[0] / "nbgrader" / "autograded" / learner / path.stem / path.name).read_text())


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_the_student_version_has_stubs_locked_checks_and_keeps_the_rest(path, course):
    source_nb = json.loads(path.read_text(encoding="utf-8"))
    out = json.loads((course[0] / "student" / path.name).read_text())
    assert len(out["cells"]) == len(source_nb["cells"])
    for before, after in zip(source_nb["cells"], out["cells"]):
        meta = before["metadata"].get("nbgrader", {})
        text = "".join(after["source"])
        if meta.get("solution"):
            assert "BEGIN SOLUTION" not in text and "details" not in text
            if before["cell_type"] == "code":
                assert "# YOUR CODE HERE\nraise NotImplementedError()" in re.sub(r"\n\s+", "\n", text)
            else:
                assert text == "YOUR ANSWER HERE"
        elif meta.get("grade"):  # a check: it imports the checks itself, then runs as in the chapter
            assert text == student.CHECK_IMPORT + "\n" + "".join(before["source"])
            assert after["metadata"]["editable"] is False
            assert after["outputs"] == []  # the check's "correct" line is cleared
        elif before["cell_type"] == "markdown" and text != "".join(before["source"]):
            assert "folded" in "".join(before["source"])  # only the sentences about the instructor's version
        else:  # text, figures and explorers as the instructor's version has them
            assert after["source"] == before["source"] or text == "".join(before["source"])
            assert after.get("outputs") == before.get("outputs")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_what_students_read_is_true_of_the_student_version(path, course):
    text = "\n".join(source(c) for c in json.loads((course[0] / "student" / path.name).read_text())["cells"])
    for instructor_only in ("folded under it", "marker comments", "BEGIN SOLUTION", "Model answer"):
        assert instructor_only not in text
    assert "under `# YOUR CODE HERE`" in text and '"YOUR ANSWER HERE": write your answer there' in text


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


@pytest.mark.parametrize("learner", ["stub", "calls_lecturekit", "fakes_checks"])
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_a_learner_who_does_not_solve_scores_zero_and_is_told_why(path, learner, course, grades):
    checks = {k for k, c in graded_cells(path).items() if c["cell_type"] == "code"}
    scores = {g[0]: g[1] for g in grades[path.stem, learner]}
    assert all(scores[k] == 0 for k in checks), scores
    cells = [c for c in _autograded(course, learner, path)["cells"] if student.is_check(c)]
    assert len(cells) == len(checks)
    for cell in cells:
        errors = [o for o in cell["outputs"] if o["output_type"] == "error"]
        assert len(errors) == 1 and WHY[learner] in errors[0]["evalue"], cell["outputs"]
        assert not any("Correct" in "".join(o.get("text", "")) for o in cell["outputs"])  # the fake never ran
        # the kernel stored the check's message block, nothing else (no frames, no reference's source)
        shown = "\n".join(errors[0]["traceback"])
        assert errors[0]["traceback"][0].startswith(errors[0]["ename"] + ": "), shown
        assert "Traceback" not in shown and "File " not in shown and "site-packages" not in shown, shown


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_feedback_pages_load_mathjax_from_beside_them(path, course):
    for learner in LEARNERS:
        folder = course[0] / "nbgrader" / "feedback" / learner / path.stem
        page = (folder / f"{path.stem}.html").read_text(encoding="utf-8")
        scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
        assert scripts and not any("://" in s for s in scripts), scripts
        assert "./mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe" in scripts
        assert (folder / "mathjax" / "MathJax.js").is_file()
        assert sum(f.stat().st_size for f in (folder / "mathjax").rglob("*") if f.is_file()) < 3e6
        if learner in WHY:
            assert WHY[learner] in page.replace("&#39;", "'") and "site-packages" not in page


def test_make_student_keeps_submissions_feedback_and_the_gradebook(course):
    """Rebuilding the release (`make student`) must not delete what instructors and students made."""
    from nbgrader.api import Gradebook

    out = course[0]
    kept = ["gradebook.db", "submitted", "autograded", "feedback"]
    before = {k: sorted(p.relative_to(out) for p in (out / "nbgrader").glob(f"{k}/**/*")) for k in kept[1:]}
    release = out / "nbgrader" / "release" / CHAPTERS[0].stem / CHAPTERS[0].name
    release.write_text("{}")  # a stale release: rebuilt from the chapter
    student.build(out, CHAPTERS[:1])
    assert json.loads(release.read_text())["cells"]
    for k in kept[1:]:
        assert sorted(p.relative_to(out) for p in (out / "nbgrader").glob(f"{k}/**/*")) == before[k]
    with Gradebook(f"sqlite:///{out / 'nbgrader' / 'gradebook.db'}", "optimization-for-deep-learning") as gradebook:
        assert {s.id for s in gradebook.students} >= set(LEARNERS)


def test_nbgrader_finds_the_courses_config_from_the_repository(caplog, monkeypatch):
    """`make lab` (nbgrader's extensions) and the nbgrader command read ./nbgrader_config.py: no warning
    that none was found, and the course is the one `make student` builds."""
    from nbgrader.apps import NbGrader

    monkeypatch.chdir(ROOT)
    app = NbGrader()
    with caplog.at_level(logging.WARNING):
        app.load_config_file()
    assert "No nbgrader_config.py" not in caplog.text
    assert app.config.CourseDirectory.root == str(ROOT / "build" / "nbgrader")


def test_a_feedback_page_typesets_its_math_offline(course):
    """One feedback page in headless Chromium with every non-file request aborted: MathJax (the copy
    beside it) typesets the chapter's math, and no file it asks for is missing."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the e2e extra: pip install -e '.[e2e]'")
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        pytest.skip("needs Chromium (apt-get install -y chromium)")
    page_file = course[0] / "nbgrader" / "feedback" / "stub" / CHAPTERS[0].stem / f"{CHAPTERS[0].stem}.html"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context()
        _files, network = offline(context)
        failed = []
        page = context.new_page()
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(page_file.as_uri())
        page.wait_for_function(
            "() => window.MathJax && MathJax.Hub && !MathJax.Hub.queue.running && MathJax.Hub.queue.pending === 0",
            timeout=60_000,
        )
        typeset = page.evaluate("() => document.querySelectorAll('.MathJax_CHTML').length")
        browser.close()
    assert network == [] and failed == [], (network[:3], failed[:3])
    assert typeset > 10
