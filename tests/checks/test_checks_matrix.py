"""The exercise checks of the matrix-optimizer chapter accept right answers and reject plausible wrong ones."""

import numpy as np
import pytest

from lecturekit import checks, optim


def ns_right(X, a, b, c):
    A = X @ np.swapaxes(X, -1, -2)
    return a * X + (b * A + c * A @ A) @ X


def ns_no_quintic(X, a, b, c):
    return a * X + b * (X @ np.swapaxes(X, -1, -2)) @ X


def ns_gram_on_the_wrong_side(X, a, b, c):
    A = np.swapaxes(X, -1, -2) @ X
    return a * X + (b * A + c * A @ A) @ np.swapaxes(X, -1, -2)


def ns_lecturekit(X, a, b, c):
    return optim.newton_schulz(X, 1, (a, b, c))


def lion_right(g, m, theta, lr, beta1, beta2, weight_decay):
    c = beta1 * m + (1 - beta1) * g
    return -lr * (np.sign(c) + weight_decay * theta), beta2 * m + (1 - beta2) * g


def lion_momentum_first(g, m, theta, lr, beta1, beta2, weight_decay):
    m = beta2 * m + (1 - beta2) * g
    return -lr * (np.sign(m) + weight_decay * theta), m


def lion_no_decay(g, m, theta, lr, beta1, beta2, weight_decay):
    c = beta1 * m + (1 - beta1) * g
    return -lr * np.sign(c), beta2 * m + (1 - beta2) * g


def lion_swapped_betas(g, m, theta, lr, beta1, beta2, weight_decay):
    c = beta2 * m + (1 - beta2) * g
    return -lr * (np.sign(c) + weight_decay * theta), beta1 * m + (1 - beta1) * g


def _loops(g, S, Y, gamma_of, forward_first=False):
    B, m, d = S.shape
    rho = 1.0 / np.einsum("bmd,bmd->bm", S, Y)
    first = range(m) if forward_first else range(m - 1, -1, -1)
    q, a = g.copy(), np.zeros((B, m))
    for i in first:
        a[:, i] = rho[:, i] * np.einsum("bd,bd->b", S[:, i], q)
        q = q - a[:, i, None] * Y[:, i]
    r = gamma_of(S, Y)[:, None] * q
    for i in reversed(first):
        beta = rho[:, i] * np.einsum("bd,bd->b", Y[:, i], r)
        r = r + S[:, i] * (a[:, i] - beta)[:, None]
    return -r


def newest_gamma(S, Y):
    return np.einsum("bd,bd->b", S[:, -1], Y[:, -1]) / np.einsum("bd,bd->b", Y[:, -1], Y[:, -1])


def two_loop_right(g, S, Y):
    return _loops(g, S, Y, newest_gamma)


def two_loop_gamma_one(g, S, Y):
    return _loops(g, S, Y, lambda S, Y: np.ones(len(S)))


def two_loop_wrong_order(g, S, Y):
    return _loops(g, S, Y, newest_gamma, forward_first=True)


def two_loop_lecturekit(g, S, Y):
    rho = 1.0 / np.einsum("bmd,bmd->bm", S, Y)
    return optim.two_loop(g, S, Y, rho, newest_gamma(S, Y))


def test_right_answers_pass_on_many_seeds(capsys):
    for seed in range(30):
        checks.newton_schulz_step(ns_right, rng=np.random.default_rng(seed))
        checks.lion_step(lion_right, rng=np.random.default_rng(seed))
        checks.two_loop_direction(two_loop_right, rng=np.random.default_rng(seed))
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [ns_no_quintic, ns_gram_on_the_wrong_side])
def test_wrong_newton_schulz_steps_fail(wrong):
    with pytest.raises(AssertionError, match="newton_schulz_step"):
        checks.newton_schulz_step(wrong, rng=np.random.default_rng(0))


def test_the_missing_quintic_term_is_named():
    with pytest.raises(AssertionError, match="c A² X is missing"):
        checks.newton_schulz_step(ns_no_quintic, rng=np.random.default_rng(0))


@pytest.mark.parametrize("wrong", [lion_momentum_first, lion_no_decay, lion_swapped_betas])
def test_wrong_lion_steps_fail(wrong):
    with pytest.raises(AssertionError, match="lion_step"):
        checks.lion_step(wrong, rng=np.random.default_rng(0))


@pytest.mark.parametrize("wrong", [two_loop_gamma_one, two_loop_wrong_order])
def test_wrong_two_loops_fail(wrong):
    with pytest.raises(AssertionError, match="two_loop_direction"):
        checks.two_loop_direction(wrong, rng=np.random.default_rng(0))


@pytest.mark.parametrize(
    "check, learner",
    [(checks.newton_schulz_step, ns_lecturekit), (checks.two_loop_direction, two_loop_lecturekit)],
)
def test_calling_lecturekit_is_refused(check, learner):
    with pytest.raises(AssertionError, match="write it yourself|differs"):
        check(learner, rng=np.random.default_rng(0))


def test_a_hard_coded_answer_fails():
    X0 = np.random.default_rng(0).normal(size=(1, 2, 3))
    fixed = ns_right(X0, 3.0, -4.0, 2.0)
    with pytest.raises(AssertionError):
        checks.newton_schulz_step(lambda X, a, b, c: fixed, rng=np.random.default_rng(1))
