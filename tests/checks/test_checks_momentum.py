"""The momentum exercise checks accept correct answers and reject typical mistakes with a hint."""

import numpy as np
import pytest
from learners import trusting_lecturekit

from lecturekit import checks, momentum


def test_momentum_update(rng, capsys):
    def right(theta, v, g, lr, alpha):
        v = alpha * v - lr * g
        return theta + v, v

    checks.momentum_update(right, rng=rng)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="new"):  # steps with the old velocity
        checks.momentum_update(lambda theta, v, g, lr, alpha: (theta + v, alpha * v - lr * g), rng=rng)
    with pytest.raises(AssertionError, match="pair"):
        checks.momentum_update(lambda theta, v, g, lr, alpha: theta, rng=rng)


def test_iteration_matrix_and_spectral_radius(rng):
    with trusting_lecturekit():
        _iteration_matrix_and_spectral_radius(rng)


def _iteration_matrix_and_spectral_radius(rng):
    checks.iteration_matrix(lambda lr, a, lam: momentum.iteration_matrix(lr, a, lam), rng=rng)
    with pytest.raises(AssertionError, match="np.stack"):  # Nesterov's matrix is not the heavy ball's
        checks.iteration_matrix(lambda lr, a, lam: momentum.iteration_matrix(lr, a, lam, "nesterov"), rng=rng)

    def by_eig(lr, a, lam):
        return np.abs(np.linalg.eigvals(momentum.iteration_matrix(lr, a, lam))).max(-1)

    checks.spectral_radius(by_eig, rng=rng)  # correct, if slow
    with pytest.raises(AssertionError, match="complex"):
        checks.spectral_radius(lambda lr, a, lam: np.abs(1 + a - lr * lam) / 2 + np.sqrt(a), rng=rng)


def test_optimal_momentum(rng):
    def right(lo, hi):
        k = np.sqrt(hi / lo)
        return (2 / (np.sqrt(lo) + np.sqrt(hi))) ** 2, ((k - 1) / (k + 1)) ** 2

    checks.optimal_momentum(right, rng=rng)
    with pytest.raises(AssertionError, match="kappa"):  # forgot the square on alpha
        checks.optimal_momentum(lambda lo, hi: (right(lo, hi)[0], np.sqrt(right(lo, hi)[1])), rng=rng)


def test_nesterov_step_says_whether_the_bug_was_fixed(rng, capsys):
    def buggy(theta, v, grad, lr, alpha):
        g = grad(theta)
        v = alpha * v - lr * g
        return theta + v, v

    def fixed(theta, v, grad, lr, alpha):
        g = grad(theta + alpha * v)
        v = alpha * v - lr * g
        return theta + v, v

    with pytest.raises(AssertionError, match="still has the planted bug"):
        checks.nesterov_step(buggy, rng=rng)
    checks.nesterov_step(fixed, rng=rng)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError) as info:  # another mistake: gradient at θ + v
        checks.nesterov_step(
            lambda t, v, grad, lr, a: fixed(t + (1 - a) * 0 * v, v, lambda x: grad(x + (1 - a) * v), lr, a), rng=rng
        )
    assert "planted bug" not in str(info.value) and "interim" in str(info.value)
