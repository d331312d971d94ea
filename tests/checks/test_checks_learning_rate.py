"""The exercise checks of the learning-rate chapter accept correct answers and reject typical mistakes with a
message that names the mistake (or what differs), never the reference's code."""

import numpy as np
import pytest

from lecturekit import checks
from lecturekit.checks.compare import CheckFailed


def _wsd(k, lr, steps, decay):
    u = np.clip((k - (steps - decay)) / decay, 0.0, 1.0)
    return lr * (1.0 - np.sqrt(u))


def _noise_scale(g):
    m = g.shape[1]
    mean = g.mean(axis=1)
    trace = ((g - mean[:, None]) ** 2).sum(axis=(1, 2)) / (m - 1)
    return trace / ((mean**2).sum(-1) - trace / m)


def _power(matvec, v0, iters):
    v = v0 / np.linalg.norm(v0, axis=-1, keepdims=True)
    for _ in range(iters):
        v = matvec(v)
        v /= np.linalg.norm(v, axis=-1, keepdims=True)
    return np.einsum("bp,bp->b", v, matvec(v))


def _failure(check, learner):
    with pytest.raises(CheckFailed) as info:
        check(learner, rng=np.random.default_rng(0))
    return str(info.value)


def test_correct_answers_pass(capsys):
    checks.wsd_rate(_wsd)
    checks.simple_noise_scale(_noise_scale)
    checks.top_eigenvalue(_power)
    assert capsys.readouterr().out.count("Correct:") == 3


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda k, lr, s, d: lr * (1 - np.clip((k - (s - d)) / d, 0, 1)), ["linear in u"]),  # the linear cool-down
        (lambda k, lr, s, d: lr * (1 - np.sqrt(np.clip(k / s, 0, 1))), ["eps differs"]),  # decays from step 0
        (lambda k, lr, s, d: lr * (1 - np.sqrt(np.clip((k - (s - d)) / d, 0, None))), ["eps differs"]),  # no cap
        (lambda k, lr, s, d: np.full(np.shape(k), lr), ["eps differs"]),  # constant: a hard-coded answer
    ],
)
def test_wsd_rate_rejects(wrong, words):
    message = _failure(checks.wsd_rate, wrong)
    assert all(w in message for w in words), message
    assert "np.sqrt" not in message and "np.clip" not in message


@pytest.mark.parametrize(
    "wrong, words",
    [
        (  # both parts biased: divide by m, no correction of |mean|²
            lambda g: ((g - g.mean(1, keepdims=True)) ** 2).sum((1, 2)) / g.shape[1] / (g.mean(1) ** 2).sum(-1),
            ["plain (biased) estimates"],
        ),
        (  # the unbiased trace, but |mean|² left uncorrected
            lambda g: ((g - g.mean(1, keepdims=True)) ** 2).sum((1, 2)) / (g.shape[1] - 1) / (g.mean(1) ** 2).sum(-1),
            ["b_simple differs"],
        ),
        (lambda g: np.var(g, axis=1, ddof=1).sum(-1) / (g.mean(1) ** 2).sum(-1), ["b_simple differs"]),
        (lambda g: np.ones(g.shape[0]), ["b_simple differs"]),
    ],
)
def test_simple_noise_scale_rejects(wrong, words):
    message = _failure(checks.simple_noise_scale, wrong)
    assert all(w in message for w in words), message


@pytest.mark.parametrize(
    "wrong",
    [
        lambda mv, v0, it: np.linalg.norm(mv(v0), axis=-1) / np.linalg.norm(v0, axis=-1),  # one step, no iteration
        lambda mv, v0, it: np.einsum("bp,bp->b", v0, mv(v0)) / np.einsum("bp,bp->b", v0, v0),  # v0's quotient
        lambda mv, v0, it: _power(mv, v0, 2),  # too few iterations
    ],
)
def test_top_eigenvalue_rejects(wrong):
    message = _failure(checks.top_eigenvalue, wrong)
    assert "lam_max differs" in message and "eigvalsh" not in message


def test_top_eigenvalue_rejects_the_full_matrix_route_through_lecturekit():
    from lecturekit import sharpness

    message = _failure(checks.top_eigenvalue, lambda mv, v0, it: sharpness.top_eigenpair(mv, v0, it).value)
    assert "lecturekit's own sharpness.top_eigenpair: write it yourself" in message
