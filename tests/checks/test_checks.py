"""An exercise check must accept the reference, reject a wrong or unfinished answer with a
hint, and reject an answer hard-coded for one input."""

import numpy as np
import pytest
from learners import trusted, trusting_lecturekit  # noqa: F401 -- a fixture

from lecturekit import checks, convexity, critical, nn


def test_gradient_step_check(rng, capsys):
    checks.gradient_step(lambda x, g, lr: x - lr * g, rng=rng)
    assert "Correct: gradient_step" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="Hint: move against the gradient"):
        checks.gradient_step(lambda x, g, lr: x + lr * g, rng=rng)
    with pytest.raises(AssertionError, match="returned None"):
        checks.gradient_step(lambda x, g, lr: None, rng=rng)
    with pytest.raises(AssertionError, match="shape"):
        checks.gradient_step(lambda x, g, lr: (x - lr * g).ravel(), rng=rng)


def test_a_hard_coded_answer_fails(rng):
    answer = np.array([[0.5, -0.2]])
    with pytest.raises(AssertionError):
        checks.gradient_step(lambda x, g, lr: answer, rng=rng)


def test_classify_2x2_check(rng, capsys):
    def by_det_and_trace(H):
        det = H[:, 0, 0] * H[:, 1, 1] - H[:, 0, 1] ** 2
        tr = H[:, 0, 0] + H[:, 1, 1]
        out = np.where(det < -1e-9, "saddle", np.where(tr > 0, "minimum", "maximum")).astype(object)
        out[np.abs(det) <= 1e-9] = "inconclusive"
        return out.astype(str)

    checks.classify_2x2(by_det_and_trace, rng=rng)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="which signs of det"):
        checks.classify_2x2(lambda H: np.array(critical.LABELS)[np.zeros(len(H), int)], rng=rng)


@pytest.mark.usefixtures("trusted")  # the check run on its own reference
def test_permute_hidden_check(rng, capsys):
    checks.permute_hidden(nn.permute_hidden, rng=rng)
    assert "Correct" in capsys.readouterr().out

    def forgets_w2(params, perm):
        W1, b1, W2, b2 = params
        return W1[perm], b1[perm], W2, b2

    with pytest.raises(AssertionError, match="W2 came back unchanged"):
        checks.permute_hidden(forgets_w2, rng=rng)


def test_chord_gap_check(rng, capsys):
    with trusting_lecturekit():
        checks.chord_gap(convexity.chord_gap, rng=rng)
        assert "Correct" in capsys.readouterr().out
        with pytest.raises(AssertionError, match="chord's height"):
            checks.chord_gap(lambda f, a, b, t: -convexity.chord_gap(f, a, b, t), rng=rng)


def test_not_a_function():
    with pytest.raises(AssertionError, match="expected a function"):
        checks.gradient_step(3)
