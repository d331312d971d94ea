"""adaptive: effective rates read off runs, Adam's moments, exponential-average memory, bands."""

import numpy as np
import pytest

from lecturekit import adaptive, optim
from lecturekit.objectives import quadratic


def test_effective_rate_of_gradient_descent_is_the_learning_rate():
    f = quadratic(eigenvalues=[4.0, 0.5])
    traj = optim.run(optim.sgd(np.array([[0.1], [0.2]])), f, np.ones((2, 2)), steps=20)
    rates = adaptive.effective_rates(traj, f)
    np.testing.assert_allclose(rates[:, 0], 0.1)
    np.testing.assert_allclose(rates[:, 1], 0.2)


def test_effective_rate_of_adagrad_is_eps_over_delta_plus_root_of_the_sum_of_squares():
    f = quadratic(eigenvalues=[10.0, 0.1])
    eps, delta = 0.5, 1e-7
    traj = optim.run(optim.adagrad(eps, delta), f, np.ones((1, 2)), steps=30)
    g = f.grad(traj.x[:-1])
    r = np.cumsum(g**2, axis=0)
    np.testing.assert_allclose(adaptive.effective_rates(traj, f), eps / (delta + np.sqrt(r)), rtol=1e-9)


def test_zero_partial_derivative_gives_nan_not_a_warning():
    f = quadratic(eigenvalues=[1.0, 1.0])
    traj = optim.run(optim.sgd(0.1), f, np.array([[1.0, 0.0]]), steps=3)
    rates = adaptive.effective_rates(traj, f)
    assert np.all(np.isnan(rates[..., 1])) and np.allclose(rates[..., 0], 0.1)


def test_effective_rates_need_every_step_recorded():
    f = quadratic(eigenvalues=[1.0])
    traj = optim.run(optim.sgd(0.1), f, np.ones((1, 1)), steps=10, record_every=5)
    with pytest.raises(ValueError, match="record every step"):
        adaptive.effective_rates(traj, f)


def test_adam_moments_match_the_optimizer_and_correct_a_constant_gradient_exactly():
    rng = np.random.default_rng(0)
    g = rng.normal(size=(25, 3, 2))
    m = adaptive.adam_moments(g, 0.8, 0.99)
    opt = optim.scale_by_adam(0.8, 0.99, delta=0.0)
    state = opt.init(np.zeros((3, 2)))
    for k in range(25):
        u, state = opt.update(g[k], state)
        np.testing.assert_allclose(u, m["s_hat"][k] / np.sqrt(m["r_hat"][k]), rtol=1e-12)
    const = adaptive.adam_moments(np.full((10, 1), 2.0))
    np.testing.assert_allclose(const["s_hat"], 2.0)
    np.testing.assert_allclose(const["r_hat"], 4.0)
    assert const["s"][0, 0] == pytest.approx(0.2) and np.sqrt(const["r"][0, 0]) == pytest.approx(2 * np.sqrt(0.001))


def test_ema_weights_sum_to_one_minus_rho_to_the_t_and_their_mean_age_gives_the_window():
    w = adaptive.ema_weights([0.9, 0.99], 5000)
    np.testing.assert_allclose(w.sum(-1), 1 - np.array([0.9, 0.99]) ** 5000)
    age = (w * np.arange(5000)).sum(-1) / w.sum(-1)
    np.testing.assert_allclose(age + 1, [adaptive.ema_window(0.9), adaptive.ema_window(0.99)], rtol=1e-6)
    assert adaptive.ema_window(0.999) == pytest.approx(1000)


def test_good_band_counts_the_longest_run_of_good_rates():
    lrs = np.logspace(-4, 0, 9)  # half a decade per step
    loss = np.array([[1, 0.1, 0.01, 0.01, 1, 0.01, np.inf, np.nan, 5], [1] * 9])
    np.testing.assert_allclose(adaptive.good_band(lrs, loss, 0.1), [1.5, 0.0])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: adaptive.effective_rates(None, quadratic(eigenvalues=[1.0])), "traj"),
        (lambda: adaptive.adam_moments(np.zeros((0, 2))), "grads"),
        (lambda: adaptive.adam_moments(np.ones((3, 1)), rho1=1.0), "rho1"),
        (lambda: adaptive.ema_weights(0.5, 0), "steps"),
        (lambda: adaptive.good_band([1.0, 0.1], [0, 0], 1), "increasing"),
        (lambda: adaptive.good_band([0.1, 1.0], [0, 0, 0], 1), "one value per learning rate"),
        (lambda: adaptive.good_band([0.1, 1.0], [0, 0], np.nan), "threshold"),
    ],
)
def test_bad_input_is_explained(call, match):
    with pytest.raises(ValueError, match=match):
        call()
