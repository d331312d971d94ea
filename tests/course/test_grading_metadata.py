"""The grading metadata of every chapter (tools/student.py): what nbgrader's student build and
autograder rely on, checked without nbgrader (the round trip itself is tests/teaching/)."""

import json
import re
from pathlib import Path

import pytest

from tools import student
from tools.cells import source

ROOT = Path(__file__).resolve().parents[2]

CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_grading_metadata_is_up_to_date(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert student.prepare(nb) == nb, f"{path.name}: run python -m tools.student prepare {path.relative_to(ROOT)}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_every_exercise_is_graded_and_states_its_points(path):
    cs = cells(path)
    titles = [i for i, c in enumerate(cs) if c["cell_type"] == "markdown" and student.EXERCISE.search(source(c))]
    sections = [i for i, c in enumerate(cs) if c["cell_type"] == "markdown" and source(c).startswith("## ")]
    assert titles, "no exercises"
    for k, start in enumerate(titles):
        end = min([j for j in titles[k + 1 :] + sections + [len(cs)] if j > start])
        stated = re.search(r"; (\d+) points?\)\.\*\*", source(cs[start]))
        assert stated, f"cell {start}: the exercise title does not state its points"
        graded = [
            cs[j]["metadata"]["nbgrader"]
            for j in range(start, end)
            if cs[j]["metadata"].get("nbgrader", {}).get("grade")
        ]
        assert graded, f"cell {start}: an exercise with no graded cell"
        assert sum(g["points"] for g in graded) == int(stated.group(1)), f"cell {start}: stated points differ"
        for g in graded:
            # a check: an autograder test, locked; a model answer: a manually graded answer
            assert g["locked"] is (not g["solution"]), g


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_checks_follow_solutions_and_answers_are_their_own_cells(path):
    cs = cells(path)
    for i, c in enumerate(cs):
        meta = c["metadata"].get("nbgrader", {})
        if c["cell_type"] == "code" and meta.get("solution"):
            check = cs[i + 1]
            assert source(check).startswith("checks.") and check["metadata"]["nbgrader"]["grade"], i
        if "<details" in source(c):
            assert source(c).startswith("<details") and source(c).rstrip().endswith("</details>"), i
            assert meta.get("solution") and meta.get("grade"), f"cell {i}: a model answer that is not graded"
    ids = [c["metadata"]["nbgrader"]["grade_id"] for c in cs if "nbgrader" in c["metadata"]]
    assert len(ids) == len(set(ids))


def test_prepare_splits_answers_and_counts_parts():
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "## Exercises"},
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "**Exercise 1 (think).** (a) Why?\n\n<details>A</details>\n\n(b) And?\n\n"
                "<details>B</details>\n\n## Summary\n\nDone.",
            },
        ]
    }
    out = student.prepare(nb)
    texts = [source(c) for c in out["cells"]]
    assert texts == [
        "## Exercises",
        "**Exercise 1 (think; 2 points).** (a) Why?",
        "<details>A</details>",
        "(b) And?",
        "<details>B</details>",
        "## Summary\n\nDone.",
    ]
    points = [c["metadata"].get("nbgrader", {}).get("points") for c in out["cells"]]
    assert points == [None, None, 1, None, 1, None]
    assert student.prepare(out) == out
