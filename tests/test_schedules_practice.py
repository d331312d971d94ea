"""Cosine, warmup-stable-decay and the range test's exponential growth, against their defining formulas."""

from __future__ import annotations

import numpy as np
import pytest

from lecturekit import optim, schedules
from lecturekit.objectives import Objective

K = np.arange(0, 130)


def test_cosine_is_sgdr_eq5_for_one_cycle():
    lr0, lr_min, T = 0.3, 0.01, 100
    expected = [lr_min + 0.5 * (lr0 - lr_min) * (1 + np.cos(np.pi * min(k, T) / T)) for k in K]
    np.testing.assert_allclose(schedules.cosine(lr0, T, lr_final=lr_min)(K), expected, rtol=1e-14)
    s = schedules.cosine(lr0, T)
    assert s(0) == lr0 and s(T) == 0.0 and s(T + 20) == 0.0 and s(T - 1) > 0
    assert s(T // 2) == pytest.approx(lr0 / 2)


@pytest.mark.parametrize("shape", ["linear", "1-sqrt"])
def test_wsd_follows_hagele_et_al(shape):
    lr, T, D, W, final = 0.5, 100, 20, 10, 0.05
    s = schedules.wsd(lr, T, D, warmup_steps=W, shape=shape, lr_final=final)
    for k in K:
        ramp = min(1.0, (k + 1) / W)
        u = min(max((k - (T - D)) / D, 0.0), 1.0)
        decayed = u if shape == "linear" else np.sqrt(u)
        assert s(int(k)) == pytest.approx(ramp * (final + (lr - final) * (1 - decayed)), rel=1e-14)
    # the stable phase sits at the peak; the cool-down ends at the final rate at k = T
    assert np.all(s(np.arange(W - 1, T - D + 1)) == lr)
    assert s(T) == pytest.approx(final)


def test_wsd_one_sqrt_cools_faster_at_first_than_linear():
    lin = schedules.wsd(1.0, 100, 40, shape="linear")(np.arange(61, 100))
    sq = schedules.wsd(1.0, 100, 40, shape="1-sqrt")(np.arange(61, 100))
    assert np.all(sq < lin)


def test_wsd_branches_share_the_stable_phase():
    """Cool-downs of different lengths from one run agree up to the branch point T_0."""
    T0 = 60
    long, short = schedules.wsd(0.1, T0 + 40, 40), schedules.wsd(0.1, T0 + 10, 10)
    k = np.arange(T0 + 1)
    np.testing.assert_array_equal(long(k), short(k))


def test_schedules_sweep_with_arrays_and_drive_optimizers():
    lrs = np.array([[0.1], [0.2]])
    s = schedules.cosine(lrs, 10)
    assert s(np.arange(3)).shape == (2, 3)
    bowl = Objective("bowl", 1, lambda x: 0.5 * (x**2).sum(-1), lambda x: x, lambda x: np.ones(x.shape + (1,)))
    x0 = np.ones((2, 1))
    traj = optim.run(optim.sgd(schedules.wsd(lrs, 10, 4)), bowl, x0, 10)
    expected = np.prod(1 - schedules.wsd(lrs, 10, 4)(np.arange(10)), axis=-1)
    np.testing.assert_allclose(traj.x[-1, :, 0], expected, rtol=1e-13)


def test_log_linear_spans_the_range_geometrically():
    s = schedules.log_linear(1e-4, 1.0, 5)
    np.testing.assert_allclose(s(np.arange(6)), [1e-4, 1e-3, 1e-2, 1e-1, 1.0, 1.0], rtol=1e-12)


@pytest.mark.parametrize(
    ("make", "name"),
    [
        (lambda: schedules.cosine(0.1, 0), "steps"),
        (lambda: schedules.cosine(0.1, 10, lr_final=-1.0), "lr_final"),
        (lambda: schedules.wsd(0.1, 10, 11), "decay_steps"),
        (lambda: schedules.wsd(0.1, 10, 5, warmup_steps=6), "warmup_steps"),
        (lambda: schedules.wsd(0.1, 10, 5, shape="cosine"), "shape"),
        (lambda: schedules.log_linear(1.0, 0.1, 10), "lr_min"),
        (lambda: schedules.log_linear(0.1, 1.0, 1), "steps"),
    ],
)
def test_bad_arguments_are_named(make, name):
    with pytest.raises(ValueError, match=name):
        make()


def test_a_wsd_branch_of_plain_sgd_continues_one_run():
    """SGD's only state is the step count: a cool-down from the branch point, with the schedule
    shifted by T_0, ends where one run with that WSD schedule ends (the docstring's recipe)."""
    bowl = Objective("bowl", 2, lambda x: 0.5 * (x**2 @ [1.0, 3.0]), lambda x: x * [1.0, 3.0], lambda x: None)
    x0, T0, D, lr = np.ones((3, 2)), 30, 10, 0.2
    rng_steps = np.random.default_rng(0)
    stable = optim.run(optim.sgd(lr), bowl, x0, T0, noise=0.1, rng=rng_steps, record_every=None)
    schedule = schedules.wsd(lr, T0 + D, D)
    branch = optim.run(
        optim.sgd(lambda k: schedule(k + T0)), bowl, stable.x[-1], D, noise=0.1, rng=rng_steps, record_every=None
    )
    whole = optim.run(optim.sgd(schedule), bowl, x0, T0 + D, noise=0.1, rng=np.random.default_rng(0))
    np.testing.assert_allclose(branch.x[-1], whole.x[-1], rtol=1e-13)
