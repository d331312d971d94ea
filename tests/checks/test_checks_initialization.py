"""The chapter 7 checks accept correct answers and reject the usual mistakes."""

import numpy as np
import pytest

from lecturekit import checks


def good_glorot(rng, fan_in, fan_out):
    r = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-r, r, size=(fan_out, fan_in))


def test_glorot_uniform_accepts_and_rejects():
    checks.glorot_uniform(good_glorot, rng=np.random.default_rng(0))
    with pytest.raises(AssertionError, match="outside"):
        checks.glorot_uniform(lambda rng, m, n: 6 / np.sqrt(6) * good_glorot(rng, m, n), rng=np.random.default_rng(0))
    with pytest.raises(AssertionError, match="variance"):
        checks.glorot_uniform(lambda rng, m, n: 0.5 * good_glorot(rng, m, n), rng=np.random.default_rng(0))
    with pytest.raises(AssertionError, match="shape"):
        checks.glorot_uniform(lambda rng, m, n: good_glorot(rng, m, n).T, rng=np.random.default_rng(0))


def one_sided(rng, fan_in, fan_out):  # U(0, r): the bound holds, but the mean is r/2
    return np.abs(good_glorot(rng, fan_in, fan_out))


def gaussian_same_variance(rng, fan_in, fan_out):  # N(0, 2/(m+n)) clipped to the bound
    r = np.sqrt(6 / (fan_in + fan_out))
    return np.clip(rng.normal(0, r / np.sqrt(3), size=(fan_out, fan_in)), -r, r)


def two_point(rng, fan_in, fan_out):  # ±r/√3: the right mean, variance and bound, not uniform
    r = np.sqrt(6 / (fan_in + fan_out))
    return r / np.sqrt(3) * rng.choice([-1.0, 1.0], size=(fan_out, fan_in))


@pytest.mark.parametrize(
    ("wrong", "words"),
    [(one_sided, "mean"), (gaussian_same_variance, "variance|lie in"), (two_point, "lie in")],
)
def test_glorot_uniform_rejects_distributions_with_the_wrong_shape(wrong, words):
    for seed in range(3):
        with pytest.raises(AssertionError, match=words):
            checks.glorot_uniform(wrong, rng=np.random.default_rng(seed))


def test_glorot_uniform_rejects_weights_not_drawn_from_rng():
    shared = np.random.default_rng(99)  # like np.random's global state: the rng argument is ignored

    def global_state(rng, fan_in, fan_out):  # right distribution, but a seed does not reproduce it
        r = np.sqrt(6 / (fan_in + fan_out))
        return shared.uniform(-r, r, size=(fan_out, fan_in))

    with pytest.raises(AssertionError, match="same seed"):
        checks.glorot_uniform(global_state, rng=np.random.default_rng(0))
    with pytest.raises(AssertionError, match="same seed"):
        checks.fixed_initializer(
            lambda rng, b, m, n: global_state(rng, m, n)[None].repeat(b, axis=0), rng=np.random.default_rng(0)
        )


def test_fixed_initializer_rejects_the_misprint():
    def notes(rng, b, m, n):
        r = 6 / np.sqrt(m + n)
        return rng.uniform(-r, r, size=(b, n, m))

    with pytest.raises(AssertionError, match="misprint"):
        checks.fixed_initializer(notes, rng=np.random.default_rng(1))

    def precedence(rng, b, m, n):  # the bug planted in exercise 4: sqrt(6 / m + n)
        r = np.sqrt(6.0 / m + n)
        return rng.uniform(-r, r, size=(b, n, m))

    with pytest.raises(AssertionError, match="outside"):
        checks.fixed_initializer(precedence, rng=np.random.default_rng(1))
    with pytest.raises(AssertionError, match="mean"):
        checks.fixed_initializer(
            lambda rng, b, m, n: np.abs(notes(rng, b, m, n)) / np.sqrt(6), rng=np.random.default_rng(1)
        )
    checks.fixed_initializer(lambda rng, b, m, n: np.sqrt(6) / 6 * notes(rng, b, m, n), rng=np.random.default_rng(1))


def test_batchnorm_forward():
    checks.batchnorm_forward(lambda a, g, b, eps: g * (a - a.mean(0)) / np.sqrt(a.var(0) + eps) + b)
    with pytest.raises(AssertionError):  # eps outside the square root
        checks.batchnorm_forward(lambda a, g, b, eps: g * (a - a.mean(0)) / (a.std(0) + eps) + b)
    with pytest.raises(AssertionError):  # unbiased variance
        checks.batchnorm_forward(lambda a, g, b, eps: g * (a - a.mean(0)) / np.sqrt(a.var(0, ddof=1) + eps) + b)


def test_lsuv_step():
    checks.lsuv_step(lambda W, H: W / np.sqrt((H @ W.T).var()))
    with pytest.raises(AssertionError):
        checks.lsuv_step(lambda W, H: W / (H @ W.T).var())
