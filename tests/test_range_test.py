"""The learning-rate range test: the schedule it runs, its curve against a direct run, and its picks
on a least-squares problem whose stability limit is known (2/λ_max for full-batch gradient descent)."""

from __future__ import annotations

import numpy as np
import pytest

from lecturekit import objectives, optim, range_test, schedules

RNG = np.random.default_rng(0)
X = RNG.standard_normal((100, 3)) * np.array([1.0, 2.0, 0.5])
F = objectives.least_squares(X, X @ np.array([1.0, -1.0, 2.0]) + 0.3 * RNG.standard_normal(100))
LAM_MAX = np.linalg.eigvalsh(X.T @ X / 100).max()


def test_curve_is_the_run_with_the_log_linear_schedule():
    x0 = np.zeros((2, 3))
    res = range_test.range_test(optim.sgd, F, x0, 1e-4, 10.0, 50)
    np.testing.assert_allclose(res.lr, schedules.log_linear(1e-4, 10.0, 50)(np.arange(50)), rtol=1e-14)
    traj = optim.run(optim.sgd(schedules.log_linear(1e-4, 10.0, 50)), F, x0, 50)
    np.testing.assert_array_equal(res.loss, traj.loss[1:])
    # the smoothing is the bias-corrected moving average where it is defined
    s, expected = 0.0, []
    for k, value in enumerate(res.loss[:, 0]):
        s = 0.9 * s + 0.1 * value
        expected.append(s / (1 - 0.9 ** (k + 1)))
    ok = np.isfinite(res.smoothed[:, 0])
    np.testing.assert_allclose(res.smoothed[ok, 0], np.array(expected)[ok], rtol=1e-12)


def test_picks_sit_below_the_stability_limit_and_the_curve_stops_at_the_blow_up():
    res = range_test.range_test(optim.sgd, F, np.zeros((4, 3)), 1e-4, 100.0, 200)
    limit = 2.0 / LAM_MAX  # full-batch GD diverges above it
    assert np.all(res.steepest < limit) and np.all(res.min_over_10 < limit)
    assert np.all(res.steepest > 1e-3)
    # beyond the limit the loss grows: the smoothed curve is cut before the largest rates
    assert np.all(np.isnan(res.smoothed[-1]))
    first_cut = np.argmax(np.isnan(res.smoothed), axis=0)
    assert np.all(res.lr[first_cut] > limit)


def test_runs_with_minibatches_are_batched_and_reproducible():
    kw = dict(batch_size=5, rng=np.random.default_rng(4))
    a = range_test.range_test(optim.adam, F, np.zeros((3, 3)), 1e-4, 10.0, 60, **kw)
    b = range_test.range_test(
        optim.adam, F, np.zeros((3, 3)), 1e-4, 10.0, 60, batch_size=5, rng=np.random.default_rng(4)
    )
    np.testing.assert_array_equal(a.loss, b.loss)
    assert a.loss.shape == (60, 3) and a.steepest.shape == (3,)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        (dict(lr_min=1.0, lr_max=0.1), "lr_min"),
        (dict(steps=1), "steps"),
        (dict(smoothing=1.0), "smoothing"),
        (dict(blowup=1.0), "blowup"),
        (dict(record_every=2), "record_every"),
    ],
)
def test_bad_input_is_named(kwargs, name):
    with pytest.raises(ValueError, match=name):
        range_test.range_test(optim.sgd, F, np.zeros((1, 3)), **kwargs)


def test_a_run_that_blows_up_at_once_falls_back_to_lr_min():
    big = objectives.least_squares(10 * X, 10 * X @ np.ones(3))  # curvature ~100x larger
    res = range_test.range_test(optim.sgd, big, np.zeros((2, 3)), 1.0, 100.0, 20)
    assert np.all(np.isnan(res.smoothed[1:]))
    np.testing.assert_array_equal(res.steepest, [1.0, 1.0])
    np.testing.assert_array_equal(res.min_over_10, [0.1, 0.1])
