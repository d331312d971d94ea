"""Schedules equal their closed forms, vectorize over steps, and reject bad arguments."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

from lecturekit import optim, schedules

K = np.arange(0, 60)

CLOSED_FORMS = {
    "constant": (lambda: schedules.constant(0.3), lambda k: 0.3),
    "linear_decay": (
        lambda: schedules.linear_decay(0.1, 0.001, 20),
        lambda k: (1 - k / 20) * 0.1 + (k / 20) * 0.001 if k < 20 else 0.001,
    ),
    "inverse_time": (lambda: schedules.inverse_time(0.5), lambda k: 0.5 / (k + 1)),
    "inverse_square": (lambda: schedules.inverse_square(0.5), lambda k: 0.5 / (k + 1) ** 2),
    "exponential": (lambda: schedules.exponential(0.2, 0.05), lambda k: 0.2 * math.exp(-0.05 * k)),
    "step_decay": (lambda: schedules.step_decay(1.0, 0.1, 25), lambda k: 1.0 * 0.1 ** (k // 25)),
    "warmup": (
        lambda: schedules.warmup(schedules.inverse_time(0.5), 10),
        lambda k: min(1.0, (k + 1) / 10) * 0.5 / (k + 1),
    ),
    "warmup_constant": (lambda: schedules.warmup(0.3, 4), lambda k: 0.3 * min(1.0, (k + 1) / 4)),
}


@pytest.mark.parametrize("name", list(CLOSED_FORMS))
def test_schedule_equals_its_closed_form_scalar_and_vectorized(name):
    make, closed = CLOSED_FORMS[name]
    schedule = make()
    expected = np.array([closed(int(k)) for k in K])
    np.testing.assert_allclose(schedule(K), expected, rtol=1e-14)
    np.testing.assert_allclose([schedule(int(k)) for k in K], expected, rtol=1e-14)
    assert isinstance(schedule(3), float)
    assert schedule(K).shape == K.shape


def test_linear_decay_endpoints():
    s = schedules.linear_decay(0.1, 0.001, 100)
    assert s(0) == 0.1 and s(100) == pytest.approx(0.001, rel=1e-15) and s(10_000) == pytest.approx(0.001)


def test_warmup_reaches_the_base_schedule_at_the_last_warmup_step():
    base = schedules.exponential(0.2, 0.01)
    s = schedules.warmup(base, 8)
    assert s(0) == pytest.approx(base(0) / 8)
    assert s(7) == base(7) and s(30) == base(30)
    assert np.all(np.diff(s(np.arange(8))) > 0)


def test_array_hyperparameters_give_one_schedule_per_trajectory():
    lr0 = np.array([[0.1], [0.2], [0.4]])
    np.testing.assert_allclose(schedules.inverse_time(lr0)(3), lr0 / 4)


def test_robbins_monro_sums():
    k = np.arange(200_000)
    assert schedules.inverse_square(1.0)(k).sum() == pytest.approx(math.pi**2 / 6, rel=1e-4)  # finite: too fast
    assert schedules.inverse_time(1.0)(k).sum() > 12  # harmonic series, grows like log k


def test_schedules_drive_an_optimizer_through_the_step_count():
    # SGD with ε_k on the gradient 1 moves by exactly Σ ε_k.
    s = schedules.step_decay(0.5, 0.5, 3)
    opt = optim.sgd(s)
    x = np.zeros((1, 1))
    state = opt.init(x)
    for _ in range(10):
        u, state = opt.update(np.ones((1, 1)), state, x)
        x = x + u
    np.testing.assert_allclose(x, -s(np.arange(10)).sum(), rtol=1e-15)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: schedules.constant(0.0), r"lr must be in \(0, inf\); got 0.0"),
        (lambda: schedules.linear_decay(-1.0, 0.0, 10), r"lr0 must be in \(0, inf\); got -1.0"),
        (lambda: schedules.linear_decay(0.1, -0.1, 10), r"lr_tau must be in \[0, inf\); got -0.1"),
        (lambda: schedules.linear_decay(0.1, 0.0, 0), r"tau must be an integer >= 1; got 0"),
        (lambda: schedules.linear_decay(0.1, 0.0, 2.5), r"tau must be an integer >= 1; got 2.5"),
        (lambda: schedules.inverse_time(np.nan), r"lr0 must be in \(0, inf\); got nan"),
        (lambda: schedules.inverse_square(np.inf), r"lr0 must be in \(0, inf\); got inf"),
        (lambda: schedules.exponential(0.1, -1.0), r"beta must be in \[0, inf\); got -1.0"),
        (lambda: schedules.step_decay(0.1, 1.5, 10), r"factor must be in \(0, 1\]; got 1.5"),
        (lambda: schedules.step_decay(0.1, 0.5, 0), r"every must be an integer >= 1; got 0"),
        (lambda: schedules.warmup(0.1, 0), r"warmup_steps must be an integer >= 1; got 0"),
        (lambda: schedules.warmup(-0.1, 5), r"schedule must be in \(0, inf\); got -0.1"),
        (lambda: schedules.constant(0.1)(-1), r"the step k must be an integer \(or integer array\) >= 0"),
        (lambda: schedules.inverse_time(0.1)(1.5), r"the step k must be an integer"),
    ],
)
def test_bad_arguments_raise_naming_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_docstring_examples_run():
    result = doctest.testmod(schedules)
    assert result.failed == 0 and result.attempted > 0
