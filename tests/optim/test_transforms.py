"""The small named helpers that Adam and RMSProp are built from, checked on their own."""

import numpy as np

from lecturekit import optim


def test_update_moment_is_an_exponential_moving_average(rng):
    g = rng.normal(size=(4, 3))
    m = rng.normal(size=(4, 3))
    np.testing.assert_allclose(optim.update_moment(g, m, 0.9, 1), 0.9 * m + 0.1 * g)
    np.testing.assert_allclose(optim.update_moment(g, m, 0.99, 2), 0.99 * m + 0.01 * g * g)


def test_bias_correction_undoes_the_zero_start_for_a_constant_signal():
    # a moving average of a constant c started at 0 is c (1 - rho^t) after t steps
    c, rho, m = 3.0, 0.9, 0.0
    for t in range(1, 20):
        m = optim.update_moment(c, m, rho, 1)
        np.testing.assert_allclose(optim.bias_correction(m, rho, t), c)


def test_sgd_is_scale_by_learning_rate_alone(rng):
    x, g = rng.normal(size=(2, 5, 2))
    via_chain, _ = optim.chain(optim.scale_by_learning_rate(0.3)).update(
        g, optim.chain(optim.scale_by_learning_rate(0.3)).init(x), x
    )
    direct, _ = optim.sgd(0.3).update(g, optim.sgd(0.3).init(x), x)
    np.testing.assert_allclose(via_chain, -0.3 * g)
    np.testing.assert_allclose(direct, via_chain)
