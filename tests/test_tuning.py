"""Learning-rate sweeps in one run: each (method, rate, seed) row is the run it stands for, the best rate is the
least median, steps to a target are the first recorded hit, and WSD branches equal WSD runs from scratch."""

from __future__ import annotations

import numpy as np
import pytest

from lecturekit import optim, schedules, tuning
from lecturekit.objectives import least_squares, make_regression, quadratic

BOWL = quadratic(eigenvalues=[1.0, 0.1])


def test_a_sweep_row_is_the_separate_run_it_stands_for():
    lrs = np.array([0.1, 0.5, 1.5])
    starts = np.array([[1.0, 2.0], [-1.0, 0.5]])
    methods = {"GD": optim.sgd, "momentum": lambda lr: optim.momentum(lr, 0.5)}
    sweep = tuning.sweep(methods, BOWL, starts, lrs, 30, seeds=2)
    assert sweep.loss.shape == (2, 3, 2)
    for m, make in enumerate(methods.values()):
        for i, lr in enumerate(lrs):
            for s in range(2):
                alone = optim.run(make(lr), BOWL, starts[s : s + 1], 30, record_every=None).loss[-1, 0]
                assert sweep.loss[m, i, s] == pytest.approx(alone, rel=1e-12, abs=1e-300)


def test_the_best_rate_is_the_least_median_and_divergence_scores_inf():
    lrs = np.array([0.5, 1.0, 2.5])  # on curvature 1, ε = 1 solves that direction in one step; 2.5 diverges
    sweep = tuning.sweep({"GD": optim.sgd}, BOWL, np.ones(2), lrs, 200, seeds=1)
    assert np.isinf(sweep.loss[0, 2, 0])
    assert sweep.best_lr[0] == 1.0 and sweep.best_loss[0] == sweep.loss[0, 1, 0]


def test_tail_averages_the_last_records():
    sweep = tuning.sweep({"GD": optim.sgd}, BOWL, np.ones(2), [0.5], 20, tail=3, record_every=5)
    traj = optim.run(optim.sgd(0.5), BOWL, np.ones((1, 2)), 20, record_every=5)
    assert sweep.loss[0, 0, 0] == pytest.approx(traj.loss[-3:, 0].mean(), rel=1e-12)


def test_first_below_finds_the_first_recorded_hit():
    loss = np.array([[3.0, 3.0], [1.0, 2.5], [0.5, np.nan], [0.2, 2.0]])
    assert tuning.first_below(loss, np.array([0, 10, 20, 30]), 1.0).tolist() == [10, -1]


def test_steps_to_target_tunes_the_rate_per_batch_size():
    data = make_regression(np.random.default_rng(0), n=200, scales=[1.0, 0.5], noise=0.5)
    f = least_squares(data.X, data.y)
    target = f.minimum + 0.05 * (f.value(np.zeros((1, 2)))[0] - f.minimum)
    lrs = np.array([0.05, 0.2, 0.8])
    out = tuning.steps_to_target(
        optim.sgd, f, np.zeros(2), lrs, [1, 64], target, 200, seeds=4, rng=np.random.default_rng(1)
    )
    assert out.all_steps.shape == (2, 3, 4)
    median = np.median(out.all_steps, axis=-1)
    np.testing.assert_array_equal(out.steps, median.min(axis=1))
    np.testing.assert_array_equal(out.best_lr, lrs[median.argmin(axis=1)])
    assert out.steps[1] < out.steps[0]  # a larger batch needs fewer steps


def test_wsd_branches_equal_wsd_runs_from_scratch():
    """Plain SGD keeps no state but its step count: a branch from the stored iterate is the whole WSD run."""
    starts = np.array([[2.0, -1.0], [0.5, 3.0]])
    lr, D = 0.4, 6
    branches = tuning.wsd_branches(BOWL, starts, lr, [5, 12], D, shape="linear")
    for t0, branch in zip([5, 12], branches.loss):
        whole = optim.run(optim.sgd(schedules.wsd(lr, t0 + D, D, shape="linear")), BOWL, starts, t0 + D)
        np.testing.assert_allclose(branch, whole.loss[t0:], rtol=1e-12)
    np.testing.assert_allclose(branches.stable, optim.run(optim.sgd(lr), BOWL, starts, 12).loss, rtol=1e-12)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: tuning.sweep({}, BOWL, np.ones(2), [0.1], 5), "methods"),
        (lambda: tuning.sweep({"GD": optim.sgd}, BOWL, np.ones(3), [0.1], 5), "x0"),
        (lambda: tuning.sweep({"GD": optim.sgd}, BOWL, np.ones(2), [[0.1]], 5), "lrs"),
        (lambda: tuning.sweep({"GD": optim.sgd}, BOWL, np.ones(2), [0.1], 5, tail=9), "tail"),
        (lambda: tuning.first_below(np.ones((3, 2)), [0, 1], 0.5), "loss"),
        (lambda: tuning.wsd_branches(BOWL, np.ones((1, 2)), 0.1, [], 3), "branch_at"),
        (lambda: tuning.wsd_branches(BOWL, np.ones((1, 2)), 0.1, [2], 3, steps=4), "steps"),
    ],
)
def test_bad_input_is_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()
