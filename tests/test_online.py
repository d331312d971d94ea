"""Reddi et al.'s counterexample reproduced: Adam drifts to the worst point, AMSGrad does not."""

import numpy as np
import pytest

from lecturekit import online, optim, schedules

C = 3.0


def runs(steps=3000):
    step = schedules.power_decay(0.5, 0.5)  # α/√t with t = k + 1
    rho2 = 1 / (1 + C**2)
    opt = optim.stack([optim.adam(step, 0.0, rho2), optim.amsgrad(step, 0.0, rho2), optim.sgd(step)])
    return online.run_projected(opt, online.reddi_gradient(C), np.zeros((3, 1)), steps)


@pytest.fixture(scope="module")
def long_run():
    return runs(10_000)


def test_adam_ends_at_the_worst_point_amsgrad_and_sgd_near_the_best(long_run):
    adam, ams, sgd = long_run.x[-1, :, 0]
    assert adam > 0.99 and long_run.x[:, 0, 0].max() == 1.0  # it reaches the upper end of F
    assert ams < -0.99 and sgd < -0.99


def test_average_regret_of_adam_stays_near_its_worst_case_value(long_run):
    """At x = 1 every period costs (C - 2) * (1 - (-1)) = 2(C - 2) more than x = -1: 2/3 per step."""
    reg = online.average_regret(long_run)
    assert reg[-1, 0] == pytest.approx(2 * (C - 2) / 3, rel=0.02)
    assert reg[-1, 1] < 0.05 and reg[-1, 2] < 0.05


def test_regret_matches_a_direct_sum():
    r = runs(30)
    t = 30
    losses = (r.g[:t, :, 0] * r.x[:t, :, 0]).sum(0)
    G = r.g[:t, 0, 0].sum()
    np.testing.assert_allclose(online.average_regret(r)[-1], (losses + abs(G)) / t)


def test_iterates_stay_in_the_box_and_gradients_follow_the_period():
    r = runs(12)
    assert np.all(np.abs(r.x) <= 1.0)
    np.testing.assert_array_equal(r.g[:6, 0, 0], [C, -1, -1, C, -1, -1])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: online.reddi_gradient(2.0), "C"),
        (lambda: online.run_projected("adam", online.reddi_gradient(), np.zeros((1, 1)), 5), "opt"),
        (lambda: online.run_projected(optim.sgd(0.1), 3.0, np.zeros((1, 1)), 5), "grad"),
        (lambda: online.run_projected(optim.sgd(0.1), online.reddi_gradient(), np.zeros(1), 5), "x0"),
        (lambda: online.run_projected(optim.sgd(0.1), online.reddi_gradient(), np.zeros((1, 1)), 0), "steps"),
        (lambda: online.run_projected(optim.sgd(0.1), online.reddi_gradient(), np.zeros((1, 1)), 5, 1.0, 1.0), "high"),
    ],
)
def test_bad_input_is_explained(call, match):
    with pytest.raises(ValueError, match=match):
        call()
