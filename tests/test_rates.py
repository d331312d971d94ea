"""rates: schedules, partial sums, the noise floor, the absolute-value objective and log-log slopes."""

import numpy as np
import pytest

from lecturekit import optim, rates, schedules
from lecturekit.objectives import quadratic


def test_power_decay_contains_the_library_schedules():
    k = np.arange(50)
    np.testing.assert_allclose(schedules.power_decay(0.3, 1.0)(k), schedules.inverse_time(0.3)(k))
    np.testing.assert_allclose(schedules.power_decay(0.3, 2.0)(k), schedules.inverse_square(0.3)(k))
    np.testing.assert_allclose(schedules.power_decay(1.0, 0.5, tau=4.0)(k), 1 / np.sqrt(1 + k / 4))
    assert schedules.power_decay(2.0, 0.0)(7) == 2.0
    sweep = schedules.power_decay(np.array([[1.0], [2.0]]), 1.0)(np.arange(3))
    np.testing.assert_allclose(sweep, [[1, 1 / 2, 1 / 3], [2, 1, 2 / 3]])


def test_robbins_monro_power_window():
    div, conv, both = rates.robbins_monro_power(np.array([0.25, 0.5, 0.75, 1.0, 1.5]))
    np.testing.assert_array_equal(div, [True, True, True, True, False])
    np.testing.assert_array_equal(conv, [False, False, True, True, True])
    np.testing.assert_array_equal(both, [False, False, True, True, False])


def test_schedule_sums_are_partial_sums():
    k, eps, s1, s2 = rates.schedule_sums(schedules.inverse_time(1.0), 100_000)
    assert k[0] == 0 and eps[0] == 1.0
    assert s1[-1] == pytest.approx(np.log(100_000) + np.euler_gamma, abs=1e-4)  # harmonic number
    assert s2[-1] == pytest.approx(np.pi**2 / 6, abs=1e-4)  # Basel problem
    _, _, s1, _ = rates.schedule_sums(schedules.constant(0.5), 10)
    np.testing.assert_allclose(s1, 0.5 * np.arange(1, 11))
    _, eps, s1, _ = rates.schedule_sums(schedules.power_decay(np.array([[1.0], [3.0]]), 1.0), 5)
    assert eps.shape == (2, 5) and s1[1, -1] == pytest.approx(3 * s1[0, -1])


def test_quadratic_noise_floor_matches_simulation(rng):
    lrs = np.array([0.05, 0.5, 0.9])  # ελ up to 1.8: the floor grows faster than ε near the edge
    traj = optim.run(
        optim.sgd(np.repeat(lrs, 20_000)[:, None]),
        quadratic(eigenvalues=[2.0]),
        np.zeros((60_000, 1)),
        600,
        noise=0.5,
        rng=rng,
        record_every=None,
    )
    measured = traj.loss[-1].reshape(3, 20_000).mean(axis=1)
    np.testing.assert_allclose(measured, rates.quadratic_noise_floor(lrs, 2.0, 0.5), rtol=0.03)
    assert rates.quadratic_noise_floor(0.1, 1.0, 1.0) == pytest.approx(0.1 / (2 * 1.9))


def test_absolute_value_objective():
    f = rates.absolute_value(3)
    x = np.array([[1.0, -2.0, 0.0], [0.5, 0.5, -0.5]])
    np.testing.assert_allclose(f.value(x), [3.0, 1.5])
    np.testing.assert_allclose(f.grad(x), np.sign(x))
    assert f.hess(x).shape == (2, 3, 3) and not f.hess(x).any()
    assert f.minimum == 0.0 and np.all(f.minimizers == 0)


def test_loglog_slope_recovers_power_laws():
    k = np.arange(1, 1001)
    assert rates.loglog_slope(k, 3.0 * k**-0.5) == pytest.approx(-0.5)
    err = np.stack([k**-1.0, 2 * k**-2.0])
    np.testing.assert_allclose(rates.loglog_slope(k, err), [-1.0, -2.0])
    broken = np.where(k < 100, 1.0, 100.0 / k)  # flat, then 1/k
    assert rates.loglog_slope(k, broken, k_min=100) == pytest.approx(-1.0)
    u, v = np.log(k[:50]), np.log(1 + np.sin(k[:50]) ** 2)
    assert rates.loglog_slope(k[:50], np.exp(v)) == pytest.approx(np.polyfit(u, v, 1)[0])


def test_measured_rates_of_sgd(rng):
    runs, steps = 1000, 4000
    two = rates.stacked([schedules.power_decay(2.0, 1.0), schedules.power_decay(2.0, 0.5)], runs)
    f = quadratic(eigenvalues=[1.0])
    traj = optim.run(optim.sgd(two), f, np.full((2 * runs, 1), 5.0), steps, noise=1.0, rng=rng, record_every=20)
    err = rates.excess_error(traj.loss, f.minimum).reshape(len(traj.steps), 2, runs).mean(axis=2).T
    slopes = rates.loglog_slope(traj.steps[1:], err[:, 1:], k_min=100)
    np.testing.assert_allclose(slopes, [-1.0, -0.5], atol=0.06)
    np.testing.assert_allclose(rates.mean_excess_error(traj, f), traj.loss.mean(axis=1))


def test_stacked_gives_each_group_its_schedule():
    s = rates.stacked([0.1, schedules.inverse_time(1.0)], 2)
    np.testing.assert_allclose(s(3), [[0.1], [0.1], [0.25], [0.25]])


def test_mean_excess_error_refuses_diverged_runs():
    f = quadratic(eigenvalues=[1.0])
    traj = optim.run(optim.sgd(np.array([[0.5], [3.0]])), f, np.ones((2, 1)), 100)
    with pytest.raises(ValueError, match="diverged"):
        rates.mean_excess_error(traj, f)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: schedules.power_decay(0.0, 1.0), "lr0"),
        (lambda: schedules.power_decay(1.0, -1.0), "power"),
        (lambda: schedules.power_decay(1.0, 1.0, tau=0.0), "tau"),
        (lambda: schedules.power_decay(1.0, 1.0)(-1), "step k"),
        (lambda: rates.schedule_sums(0.1, 10), "function of the step"),
        (lambda: rates.schedule_sums(schedules.constant(0.1), 0), "steps"),
        (lambda: rates.quadratic_noise_floor(3.0, 1.0, 1.0), "lr \\* curvature < 2"),
        (lambda: rates.absolute_value(0), "dim"),
        (lambda: rates.excess_error([1.0], np.inf), "minimum"),
        (lambda: rates.loglog_slope([1, 2, 3], [1.0, 2.0]), "same K"),
        (lambda: rates.loglog_slope([1, 2, 3], [1.0, 0.0, 2.0]), "positive"),
        (lambda: rates.loglog_slope([1, 2, 3], [1.0, 1.0, 2.0], k_min=3), "at least 2"),
        (lambda: rates.stacked([], 3), "schedules must be a non-empty list"),
        (lambda: rates.stacked([0.1], 0), "runs"),
        (lambda: rates.robbins_monro_power(-1.0), "power"),
    ],
)
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_mean_excess_error_needs_a_known_minimum():
    from lecturekit.objectives import Objective

    f = Objective("no minimum", 1, lambda x: x[..., 0], lambda x: np.ones_like(x), lambda x: np.zeros(x.shape + (1,)))
    traj = optim.run(optim.sgd(0.1), f, np.zeros((1, 1)), 2)
    with pytest.raises(ValueError, match="f must be an objective with a known minimum"):
        rates.mean_excess_error(traj, f)
