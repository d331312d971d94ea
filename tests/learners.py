"""Learners for the tests of the exercise checks: the chapters' own solutions (`chapter_solutions`),
and `trusting_lecturekit`, under which a check accepts lecturekit's own implementation as the
learner (a learner's check rejects it: tests/test_checks_own_code.py)."""

import json
import sys
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from tools.cells import source

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@contextmanager
def trusting_lecturekit():
    """Within it, a check accepts lecturekit's own code as the learner's (a learner's check rejects it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.modules["lecturekit.checks.compare"], "_reject_own", lambda name, own: None)
        yield


@pytest.fixture
def trusted():
    """`trusting_lecturekit` for a whole test (``@pytest.mark.usefixtures("trusted")``)."""
    with trusting_lecturekit():
        yield


def solution_cells() -> list[tuple[str, str, str]]:
    """(chapter, check name, solution source) of every code exercise, in the chapters' order."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell, check in zip(cells, cells[1:]):
            if cell["cell_type"] == "code" and cell["metadata"].get("nbgrader", {}).get("solution"):
                found.append((path.stem, source(check).split("(")[0].removeprefix("checks."), source(cell)))
    return found


@cache
def chapter_solutions() -> dict:
    """{check name: the chapter's solution, a function that uses NumPy and what the check hands it}."""
    solutions = {}
    for _chapter, name, code in solution_cells():
        namespace = {"np": np}
        exec(code, namespace)  # noqa: S102 -- the chapter's own solution cell
        solutions[name] = next(v for k, v in namespace.items() if callable(v) and k != "np" and k[:2] != "__")
    return solutions
