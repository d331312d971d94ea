"""The chapter-6 exercise checks accept correct answers and reject plausible wrong ones."""

import numpy as np
import pytest

from lecturekit import checks


def adagrad_right(G, lr, delta):
    return lr / (delta + np.sqrt(np.cumsum(G**2, axis=0)))


def adagrad_delta_inside(G, lr, delta):
    return lr / np.sqrt(delta + np.cumsum(G**2, axis=0))


def adagrad_last_only(G, lr, delta):
    return lr / (delta + np.abs(G))


def adam_right(g, s, r, t, lr, rho1, rho2, delta):
    s = rho1 * s + (1 - rho1) * g
    r = rho2 * r + (1 - rho2) * g**2
    return -lr * (s / (1 - rho1**t)) / (np.sqrt(r / (1 - rho2**t)) + delta), s, r


def adam_no_correction(g, s, r, t, lr, rho1, rho2, delta):
    s = rho1 * s + (1 - rho1) * g
    r = rho2 * r + (1 - rho2) * g**2
    return -lr * s / (np.sqrt(r) + delta), s, r


def adam_delta_inside(g, s, r, t, lr, rho1, rho2, delta):
    s = rho1 * s + (1 - rho1) * g
    r = rho2 * r + (1 - rho2) * g**2
    return -lr * (s / (1 - rho1**t)) / np.sqrt(r / (1 - rho2**t) + delta), s, r


def test_correct_answers_pass_on_many_seeds(capsys):
    for seed in range(50):
        checks.adagrad_rates(adagrad_right, rng=np.random.default_rng(seed))
        checks.adam_step(adam_right, rng=np.random.default_rng(seed))
        checks.fixed_adam(adam_right, rng=np.random.default_rng(seed))
    assert "Correct" in capsys.readouterr().out


@pytest.mark.parametrize("wrong", [adagrad_delta_inside, adagrad_last_only])
def test_wrong_adagrad_rates_fail(wrong):
    with pytest.raises(AssertionError, match="adagrad_rates"):
        checks.adagrad_rates(wrong, rng=np.random.default_rng(0))


@pytest.mark.parametrize("wrong", [adam_no_correction, adam_delta_inside])
def test_wrong_adam_steps_fail(wrong):
    with pytest.raises(AssertionError, match="adam_step"):
        checks.adam_step(wrong, rng=np.random.default_rng(0))


@pytest.mark.parametrize(
    "buggy, says", [(adam_no_correction, "bias correction"), (adam_delta_inside, "inside the square root")]
)
def test_the_planted_bug_check_names_the_bug_that_is_left(buggy, says):
    with pytest.raises(AssertionError, match=says):
        checks.fixed_adam(buggy, rng=np.random.default_rng(1))


def test_a_stub_returning_none_is_explained():
    with pytest.raises(AssertionError, match="None"):
        checks.fixed_adam(lambda *a: None, rng=np.random.default_rng(2))


def colleague_adam(g, s, r, t, lr, rho1, rho2, delta):
    s = rho1 * s + (1 - rho1) * g
    r = rho2 * r + (1 - rho2) * g * g
    return -lr * s / np.sqrt(r + delta), s, r


def test_the_colleagues_code_submitted_unchanged_is_named_as_such():
    with pytest.raises(AssertionError, match="both bugs are still there"):
        checks.fixed_adam(colleague_adam, rng=np.random.default_rng(3))


def test_a_near_miss_is_shown_with_digits_that_differ():
    def almost(G, lr, delta):  # a relative error of 1e-8: equal to six digits
        return adagrad_right(G, lr, delta) * (1 + 1e-8)

    with pytest.raises(AssertionError) as failed:
        checks.adagrad_rates(almost, rng=np.random.default_rng(0))
    line = next(x for x in str(failed.value).splitlines() if "first difference" in x)
    got, expected = (part.split()[-1].rstrip(",") for part in line.split("expected"))
    assert got != expected and float(got) != float(expected), line
