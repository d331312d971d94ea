"""What `make slides` puts in front of a room, checked on the committed notebooks (no kernel, no
browser; tests/e2e/test_slides.py checks the built decks in Chromium)."""

import json
import os
import stat
from pathlib import Path

import pytest

from tools import slides, vendor
from tools.cells import source

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _deck(path: Path, students: bool) -> list[dict]:
    return slides.paginate(slides.for_room(json.loads(path.read_text(encoding="utf-8")), students))["cells"]


def _shown(cells):
    return [c for c in cells if c["metadata"]["slideshow"]["slide_type"] not in ("skip", "notes")]


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
@pytest.mark.parametrize("students", [False, True], ids=["lecture", "student"])
def test_no_tool_markers_reach_a_slide(path, students):
    code = "\n".join(source(c) for c in _deck(path, students) if c["cell_type"] == "code")
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "NBVAL", "nbval"):
        assert marker not in code


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_the_student_deck_has_the_stubs_and_no_answers(path):
    lecture, student = _deck(path, False), _deck(path, True)
    stubs = [c for c in student if "# YOUR CODE HERE\n" in source(c) and "raise NotImplementedError()" in source(c)]
    solutions = [c for c in lecture if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")]
    assert len(stubs) == len(solutions) > 0
    assert all(c["outputs"] == [] for c in stubs)
    printed = [o for c in student for o in c.get("outputs", []) if "Correct" in "".join(o.get("text", ""))]
    assert printed == [], "a check's 'Correct:' line on the students' slides"
    assert not any(source(c).lstrip().startswith("<details") for c in student)
    assert not any("folded under it" in source(c) or "marker comments" in source(c) for c in student)
    assert any("Correct" in "".join(o.get("text", "")) for c in lecture for o in c.get("outputs", []))


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
@pytest.mark.parametrize("students", [False, True], ids=["lecture", "student"])
def test_every_exercise_statement_is_on_a_slide(path, students):
    tasks = [c for c in _deck(path, students) if "**Exercise " in source(c) and c["cell_type"] == "markdown"]
    assert tasks and all(c["metadata"]["slideshow"]["slide_type"] != "notes" for c in tasks)


def test_chapter_3_exercise_2_is_on_a_slide_though_the_notes_take_it_live():
    """The chapter's slide metadata (for RISE) speaks it; the built decks show it."""
    path = ROOT / "notebooks" / "03_conditioning.ipynb"
    live = json.loads(path.read_text(encoding="utf-8"))["cells"]
    built = _shown(_deck(path, True))
    assert any("**Exercise 2 (" in source(c) for c in built)
    assert any("**Exercise 2 (" in source(c) and c["metadata"]["slideshow"]["slide_type"] == "notes" for c in live)


@pytest.mark.parametrize("path", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_every_code_page_fits_at_projector_size(path):
    for cell in _shown(_deck(path, False)):
        if cell["cell_type"] == "code":
            lines = source(cell).split("\n")
            code = sum(1 + len(line) // slides.PROJECTOR.chars for line in lines) * slides.PROJECTOR.line + 20
            assert code <= slides.PAGE, source(cell)[:80]


def test_the_decks_are_named_for_who_sees_them(tmp_path):
    nb = CHAPTERS[0]
    assert slides.deck_path(tmp_path, nb, "lecture").name == f"{nb.stem}.lecture.slides.html"
    assert slides.deck_path(tmp_path, nb, "student").name == f"{nb.stem}.student.slides.html"
    assert set(slides.DECKS) == {"lecture", "student"}


def test_vendor_says_what_it_downloads_before_it_does(tmp_path, monkeypatch, capsys):
    """A fake npm records when it runs: the announcement comes first, then npm; a second call is silent."""
    log = tmp_path / "npm.log"
    npm = tmp_path / "npm"
    packages = " ".join(f"{p.rsplit('@', 1)[0]}:{p.rsplit('@', 1)[1]}" for p in vendor.NPM_PACKAGES)
    npm.write_text(
        "#!/bin/sh\n"
        f'echo ran >> "{log}"\n'
        'prefix="$3"\n'
        f"for p in {packages}; do\n"
        '  name="${p%%:*}"; version="${p##*:}"\n'
        '  mkdir -p "$prefix/node_modules/$name"\n'
        '  echo "{\\"version\\": \\"$version\\"}" > "$prefix/node_modules/$name/package.json"\n'
        "done\n"
    )
    npm.chmod(npm.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    vendor.install(tmp_path / "vendor")
    said = capsys.readouterr().err
    assert log.read_text() == "ran\n"
    assert said.startswith("downloading ") and all(p in said for p in vendor.NPM_PACKAGES)
    vendor.install(tmp_path / "vendor")
    assert log.read_text() == "ran\n" and capsys.readouterr().err == ""


def test_a_print_split_across_stream_messages_is_one_output():
    outputs = [
        {"output_type": "stream", "name": "stdout", "text": ["a\n", "b\n"]},
        {"output_type": "stream", "name": "stdout", "text": "c\n"},
        {"output_type": "stream", "name": "stderr", "text": "warn\n"},
        {"output_type": "display_data", "data": {"text/plain": "x"}, "metadata": {}},
        {"output_type": "stream", "name": "stdout", "text": "d\n"},
    ]
    merged = slides.merge_streams(outputs)
    assert [o.get("name") for o in merged] == ["stdout", "stderr", None, "stdout"]
    assert merged[0]["text"] == "a\nb\nc\n"
