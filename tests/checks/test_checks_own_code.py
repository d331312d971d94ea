"""A check rejects a learner that hands the work to lecturekit, and shows only its message.

Every exercise gets the one-line answer a learner would write by calling lecturekit's own
implementation (the function the check compares with, or for the checks whose reference is a
formula written in the check, the lecturekit function closest to it): the check must fail with
"this calls lecturekit's own <function>: write it yourself". The same call, allowed for once
(`trusting_lecturekit`), passes the check where it is the reference itself, so the rejection is
about who computes, not about a wrong answer. The chapters' own solutions, which call only NumPy
and the objects the check hands them, must still pass.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from learners import CALLS_LECTUREKIT, calling_lecturekit, chapter_solutions, solution_cells, trusting_lecturekit

from lecturekit import (
    checks,
    linalg,
    schedules,
)
from lecturekit.checks.compare import CheckFailed

compare = sys.modules["lecturekit.checks.compare"]  # the module (the package binds the name to the function)
ROOT = Path(__file__).resolve().parents[2]


EXERCISES = [name for name in checks.__all__ if name != "compare"]


def test_every_exercise_has_its_call_to_lecturekit():
    assert sorted(CALLS_LECTUREKIT) == sorted(EXERCISES)


@pytest.mark.parametrize("name", EXERCISES)
def test_a_learner_calling_lecturekit_is_told_to_write_it(name):
    learner, own = calling_lecturekit(name), CALLS_LECTUREKIT[name][1]
    with pytest.raises(CheckFailed) as info:
        getattr(checks, name)(learner, rng=np.random.default_rng(0))
    assert f": this calls lecturekit's own {own}: write it yourself" in str(info.value), str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("name", [n for n in EXERCISES if CALLS_LECTUREKIT[n][2]])
def test_the_same_call_is_the_checks_reference(name, capsys):
    with trusting_lecturekit():
        getattr(checks, name)(calling_lecturekit(name), rng=np.random.default_rng(0))
    assert capsys.readouterr().out.strip()


def test_lecturekit_handed_over_through_numpy_is_caught():
    vectorized = np.vectorize(lambda x: float(schedules.constant(0.5)(0)), otypes=[float])
    with pytest.raises(CheckFailed, match="lecturekit's own schedules.constant"):
        checks.gradient_step(lambda x, g, lr: x - vectorized(lr) * g, rng=np.random.default_rng(0))


def test_the_watch_is_removed_after_a_check():
    before = sys.getprofile()
    with pytest.raises(CheckFailed):
        checks.eigenpairs(linalg.eigenpairs)
    checks.gradient_step(lambda x, g, lr: x - lr * g)
    assert sys.getprofile() is before


@pytest.mark.parametrize("name", [name for _, name, _ in solution_cells()])
def test_the_chapters_solutions_pass(name, capsys):
    getattr(checks, name)(chapter_solutions()[name], rng=np.random.default_rng(1))
    assert capsys.readouterr().out.strip()


# --- only the message, never a traceback -----------------------------------------------------

WRONG = "import numpy as np\nfrom lecturekit import checks\nchecks.eigenpairs(lambda A: (np.zeros(A.shape[:2]), A))\n"


def test_plain_python_prints_the_message_block_only():
    run = subprocess.run([sys.executable, "-c", WRONG], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert lines[0].startswith("CheckFailed: eigenpairs: lam differs from the expected one."), run.stderr
    assert "Traceback" not in run.stderr and 'File "' not in run.stderr and "linalg.eigenpairs" not in run.stderr
    assert lines[-1].startswith("Hint: ")


def test_plain_python_still_shows_other_errors_in_full():
    run = subprocess.run([sys.executable, "-c", "import lecturekit.checks\n1 / 0"], capture_output=True, text=True)
    assert "Traceback" in run.stderr and "ZeroDivisionError" in run.stderr


def test_ipython_shows_a_failed_check_as_its_message():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    with capture_output() as captured:
        result = shell.run_cell(WRONG)
    assert isinstance(result.error_in_exec, CheckFailed)
    shown = "\n".join(line for line in (captured.stdout + captured.stderr).splitlines() if line.strip())
    assert shown == "\n".join(result.error_in_exec._render_traceback_()), shown
    assert "compare(" not in shown and "linalg.eigenpairs" not in shown and "Traceback" not in shown


def test_a_learners_own_assertion_becomes_the_checks_message():
    def asserting(x, g, lr):
        assert x.shape == (99,), "my own check"

    with pytest.raises(CheckFailed, match="gradient_step raised AssertionError: my own check"):
        checks.gradient_step(asserting)


def test_the_excepthook_is_installed_once():
    hook = sys.excepthook
    compare.install_excepthook()
    assert sys.excepthook is hook and getattr(hook, "_lecturekit_checks", False)


def test_messages_say_where_the_code_goes_in_the_student_version():
    with pytest.raises(CheckFailed) as info:
        checks.gradient_step(lambda x, g, lr: None)
    assert "# YOUR CODE HERE" in str(info.value) and "BEGIN SOLUTION" not in str(info.value)
    text = textwrap.dedent(str(checks.NotImplementedYet("f")))
    assert "# YOUR CODE HERE" in text and "raise NotImplementedError()" in text


def test_the_checks_own_references_are_lecturekit_too():
    from lecturekit.checks import adaptive, momentum

    with pytest.raises(CheckFailed, match="lecturekit's own checks.adaptive._adam_step: write it yourself"):
        checks.adam_step(adaptive._adam_step)
    with pytest.raises(CheckFailed, match="lecturekit's own checks.momentum._nesterov_reference"):
        checks.nesterov_step(lambda *args: tuple(momentum._nesterov_reference(*args)))
