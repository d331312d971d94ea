"""The exercise checks of the SGD chapter accept the reference answer and reject typical mistakes."""

import numpy as np
import pytest

from lecturekit import checks


def test_estimated_standard_error(capsys):
    checks.estimated_standard_error(lambda x: x.std(axis=-1, ddof=1) / np.sqrt(x.shape[-1]))
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="N - 1"):
        checks.estimated_standard_error(lambda x: x.std(axis=-1) / np.sqrt(x.shape[-1]))  # ddof = 0
    with pytest.raises(AssertionError, match="returned None"):
        checks.estimated_standard_error(lambda x: None)


def test_minibatch_gradient(capsys):
    checks.minibatch_gradient(lambda G, idx: G[idx].mean(axis=1))
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="shape"):
        checks.minibatch_gradient(lambda G, idx: G[idx].mean(axis=0))
    with pytest.raises(AssertionError):
        checks.minibatch_gradient(lambda G, idx: G[idx].sum(axis=1))


def test_linear_decay(capsys):
    def good(k, e0, et, tau):
        a = np.minimum(k / tau, 1.0)
        return (1 - a) * e0 + a * et

    checks.linear_decay(good)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="after tau"):
        checks.linear_decay(lambda k, e0, et, tau: (1 - k / tau) * e0 + k / tau * et)  # no cap after tau


def test_loglog_slope(capsys):
    checks.loglog_slope(lambda k, e: np.polyfit(np.log(k), np.log(e), 1)[0])
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError):
        checks.loglog_slope(lambda k, e: np.polyfit(k, e, 1)[0])  # not on log axes
    with pytest.raises(AssertionError, match="expected a function"):
        checks.loglog_slope(3.0)
