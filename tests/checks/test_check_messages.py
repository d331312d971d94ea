"""What a learner reads when an exercise check fails: plausible wrong answers for every check.

Each message must name the component that differs (or the kind of error), stay short (at most
15 lines, no flattened data set, no traceback) and give a hint that does not contain the solution.
"""

import numpy as np
import pytest
from learners import trusting_lecturekit

from lecturekit import checks, conditioning, convexity, linalg, nn, rates, sampling, schedules, taylor
from lecturekit.checks.compare import NotImplementedYet, compare

MAX_LINES = 15
MAX_CHARS = 1200


def failure(check, learner, seed=1) -> str:
    with pytest.raises(AssertionError) as info, trusting_lecturekit():  # some wrong answers start from lecturekit's
        check(learner, rng=np.random.default_rng(seed))
    message = str(info.value)
    assert len(message.splitlines()) <= MAX_LINES, message
    assert len(message) <= MAX_CHARS, message
    assert "Traceback" not in message and 'File "' not in message, message
    assert info.value.__cause__ is None, "a learner's exception must not be chained into the check's"
    return message


def _swap_min_max(H):
    det = H[:, 0, 0] * H[:, 1, 1] - H[:, 0, 1] ** 2
    tr = H[:, 0, 0] + H[:, 1, 1]
    labels = np.where(tr > 0, "maximum", "minimum")
    labels = np.where(det < 0, "saddle", labels)
    return np.where(np.abs(det) <= 1e-9, "inconclusive", labels)


def _eig_rows(A):
    lam, U = linalg.eigenpairs(A)
    return lam, np.swapaxes(U, -1, -2)


def _eig_ascending(A):
    lam, U = linalg.eigenpairs(A)
    return lam[:, ::-1], U[..., ::-1]


def _solve_batch_numpy2(g, H):
    return np.linalg.solve(H, g)  # NumPy 2 reads a 2-D b as a matrix, not a stack of vectors


#: NumPy 1.x read a b with one dimension fewer than a as a stack of vectors, so there the answer above is right.
NUMPY2 = np.lib.NumpyVersion(np.__version__) >= "2.0.0"


def _regimes_lr_column(lr, a):
    r = 1.0 - lr[:, 0] * a  # lr is (B,): IndexError
    return np.where(r <= -1, 2, np.where(r < 0, 1, 0))


def _regimes_strict(lr, a):
    r = 1.0 - lr[:, None] * a
    return np.where(r < -1, 2, np.where(r < 0, 1, 0))  # the boundary 2/a counted as converging


CASES = [
    # (check, wrong answer, words the message must contain)
    (checks.gradient_step, lambda x, g, lr: x + lr * g, ["x_new", "first difference"]),
    (checks.classify_2x2, _swap_min_max, ["labels", "got 'maximum', expected 'minimum'"]),
    (
        checks.permute_hidden,
        lambda params, perm: (params[0][perm], params[1][perm], params[2], params[3]),
        ["W2", "came back unchanged"],
    ),
    (
        checks.permute_hidden,
        lambda params, perm: (params[0][perm], params[1], params[2][:, perm], params[3]),
        ["b1"],
    ),
    (
        checks.chord_gap,
        lambda f, a, b, t: t * f.value(a) + (1 - t) * f.value(b) - f.value(t * a + (1 - t) * b),
        ["gap has shape"],
    ),
    (checks.eigenpairs, _eig_rows, ["U", "rows of U"]),
    (checks.eigenpairs, _eig_ascending, ["lam", "increasing order"]),
    (checks.eigenpairs, lambda A: linalg.eigenpairs(A)[0], ["expected a tuple of 2: (lam, U)"]),
    (checks.directional_curvature, lambda H, d: np.sum(d * d, axis=-1), ["curvature differs", "first difference"]),
    (checks.directional_curvature, lambda H, d: d @ H @ d, ["curvature"]),
    (
        checks.optimal_step,
        lambda g, H: np.sum(g * g, -1) / np.einsum("ni,nij,nj->n", g, H, g),
        ["eps_star", "expected inf"],
    ),
    (
        checks.best_step_and_rate,
        lambda lam: (conditioning.optimal_rate(lam.max(-1) / lam.min(-1)), conditioning.best_step(lam)),
        ["eps differs"],
    ),
    (checks.best_step_and_rate, lambda lam: conditioning.best_step(lam), ["expected a tuple of 2: (eps, rho)"]),
    (checks.coordinate_regimes, _regimes_lr_column, ["IndexError", "Hint: an index is out of range"]),
    (checks.coordinate_regimes, lambda lr, a: np.where(1 - lr * a <= -1, 2, 0), ["broadcast"]),
    (checks.coordinate_regimes, _regimes_strict, ["codes", "got 1, expected 2"]),
    (
        checks.hessian_vector_product,
        lambda grad, x, v, h: (grad(x + h * v) - grad(x)) / h,
        ["Hv", "grad of logistic regression"],
    ),
    *(
        [(checks.newton_step, _solve_batch_numpy2, ["ValueError", "which axes it reads as the matrix"])]
        if NUMPY2
        else []
    ),
    (checks.newton_step, lambda g, H: np.linalg.inv(H) @ g, ["newton_step"]),
    (checks.estimated_standard_error, lambda x: x.std(axis=-1) / np.sqrt(x.shape[-1]), ["se", "relative error"]),
    (checks.minibatch_gradient, lambda G, idx: G[idx].mean(axis=0), ["shape"]),
    (checks.linear_decay, lambda k, e0, et, tau: (1 - k / tau) * e0 + k / tau * et, ["eps", "first difference"]),
    (checks.loglog_slope, lambda k, err: np.polyfit(k, err, 1)[0], ["slope differs"]),
]


@pytest.mark.parametrize("check, wrong, words", CASES, ids=[f"{c.__name__}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_a_wrong_answer_gets_a_short_message_naming_what_differs(check, wrong, words):
    message = failure(check, wrong)
    for word in words:
        assert word in message, f"{word!r} not in:\n{message}"
    assert "Hint:" in message


@pytest.mark.skipif(NUMPY2, reason="NumPy 2 reads a 2-D b as a matrix: the case above")
def test_under_numpy1_solving_the_stack_directly_is_right(capsys):
    checks.newton_step(_solve_batch_numpy2)
    assert "newton_step" in capsys.readouterr().out


def test_messages_summarize_large_inputs_and_objects():
    """Chapter 3's Hessian-vector check used to print the objective's whole data set."""
    message = failure(checks.hessian_vector_product, lambda grad, x, v, h: np.zeros_like(x))
    assert "grad of logistic regression" in message
    assert "array (" in message  # x and v as shapes and ranges
    assert message.count("[") < 12


def test_the_message_names_the_first_index_and_both_values():
    def off_in_one_entry(x, g, lr):
        out = x - lr * g
        out[0, 0] += 1.0
        return out

    message = failure(checks.gradient_step, off_in_one_entry)
    assert "first difference at x_new[0, 0]" in message
    assert "1 of" in message and "entries differ" in message
    assert "input row: x[0] = " in message


@pytest.mark.parametrize("check", [getattr(checks, name) for name in checks.__all__ if name != "compare"])
def test_an_nbgrader_stub_is_one_line(check):
    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(NotImplementedYet) as info:
        check(stub, rng=np.random.default_rng(0))
    name = str(info.value).split(":")[0]
    assert str(info.value).startswith(f"{name}: not implemented yet") and "\n" not in str(info.value)
    assert isinstance(info.value, AssertionError)  # nbgrader's autograder scores the check cell 0
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_a_stub_shows_as_one_line_in_ipython_not_a_traceback():
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    shell.run_cell("from lecturekit import checks\ndef gradient_step(x, g, lr):\n    raise NotImplementedError()")
    with capture_output() as captured:
        result = shell.run_cell("checks.gradient_step(gradient_step)")
    assert isinstance(result.error_in_exec, NotImplementedYet)
    shown = [line for line in captured.stdout.splitlines() + captured.stderr.splitlines() if line.strip()]
    assert shown == ["NotImplementedYet: gradient_step: " + str(result.error_in_exec).split(": ", 1)[1]], shown


@pytest.mark.parametrize("bad", [0, 42, np.random, np.random.RandomState(0), "seed"])
def test_rng_must_be_a_generator(bad):
    with pytest.raises(TypeError, match="rng must be a numpy.random.Generator"):
        checks.gradient_step(lambda x, g, lr: x - lr * g, rng=bad)


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, 10**6, "20"])
def test_trials_must_be_a_sane_positive_integer(bad):
    with pytest.raises(ValueError, match="trials must be an integer"):
        compare(abs, abs, lambda r: (1.0,), name="abs", hint="", trials=bad)


HINTS_WITHOUT_SOLUTIONS = {
    "directional_curvature": ["einsum", "@"],
    "optimal_step": ["einsum"],
    "newton_step": ["g[..., None]", "[..., 0]"],
    "coordinate_regimes": ["lr[:, None]"],
    "minibatch_gradient": ["axis=1", ".mean("],
    "estimated_standard_error": ["ddof=1", ".std("],
    "linear_decay": ["np.minimum"],
    "loglog_slope": ["sum((u"],
}


@pytest.mark.parametrize("name, forbidden", sorted(HINTS_WITHOUT_SOLUTIONS.items()))
def test_hints_do_not_give_the_solution_away(name, forbidden):
    check = getattr(checks, name)
    with pytest.raises(AssertionError) as info:
        check(lambda *args: np.full(3, np.pi), rng=np.random.default_rng(0))
    hint = str(info.value).split("Hint:")[-1]
    for code in forbidden:
        assert code not in hint, f"the hint of {name} contains {code!r}: {hint}"


def test_correct_answers_still_pass(capsys):
    with trusting_lecturekit():
        _pass_with_the_references()
    assert capsys.readouterr().out.count("Correct:") == 8


def _pass_with_the_references():
    checks.gradient_step(lambda x, g, lr: x - lr * g, rng=np.random.default_rng(0))
    checks.permute_hidden(nn.permute_hidden, rng=np.random.default_rng(0))
    checks.eigenpairs(linalg.eigenpairs, rng=np.random.default_rng(0))
    checks.optimal_step(taylor.optimal_step, rng=np.random.default_rng(0))
    checks.chord_gap(convexity.chord_gap, rng=np.random.default_rng(0))
    checks.estimated_standard_error(sampling.estimated_standard_error, rng=np.random.default_rng(0))
    checks.linear_decay(lambda k, e0, et, tau: schedules.linear_decay(e0, et, tau)(k), rng=np.random.default_rng(0))
    checks.loglog_slope(rates.loglog_slope, rng=np.random.default_rng(0))
