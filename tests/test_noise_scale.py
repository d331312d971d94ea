"""The gradient noise scale (McCandlish et al. 2018): both estimators are unbiased for tr(Σ) and
|G|² on gradients drawn with a known mean and covariance, and per-example gradients average to
the minibatch gradient."""

from __future__ import annotations

import numpy as np
import pytest

from lecturekit import nn, noise_scale, objectives

D = 4
G = np.array([0.5, -0.3, 0.2, 0.1])  # |G|² = 0.39
L = np.array([[1.0, 0, 0, 0], [0.5, 0.8, 0, 0], [0.0, 0.3, 0.6, 0], [0.2, 0.0, 0.1, 0.4]])
TRACE = np.trace(L @ L.T)  # tr Σ


def draws(rng, shape):
    """Example gradients g = G + L ξ, shaped shape + (D,)."""
    return G + rng.standard_normal(shape + (D,)) @ L.T


def _assert_unbiased(samples, truth):
    """The sample mean is within 4 standard errors of the truth (a fixed seed: deterministic)."""
    err = samples.std(ddof=1) / np.sqrt(samples.size)
    assert abs(samples.mean() - truth) < 4 * err, (samples.mean(), truth, err)


def test_simple_estimator_is_unbiased_for_trace_and_signal():
    rng = np.random.default_rng(0)
    est = noise_scale.simple_noise_scale(draws(rng, (4000, 5)))  # 4000 experiments of m = 5 examples
    _assert_unbiased(est.trace, TRACE)
    _assert_unbiased(est.grad_sq, G @ G)
    # the naive |mean|² is biased by tr Σ / m: the correction matters at this m
    assert est.grad_sq.mean() < G @ G + 0.2 * TRACE / 5


def test_two_batch_estimator_is_unbiased_for_trace_and_signal():
    rng = np.random.default_rng(1)
    b, B = 2, 16
    g_small = draws(rng, (3000, 1, b)).mean(axis=2)  # (3000, 1, D): one small batch per experiment
    g_big = draws(rng, (3000, 1, B)).mean(axis=2)
    est = noise_scale.two_batch_noise_scale(g_small, g_big, b, B)
    _assert_unbiased(est.trace, TRACE)
    _assert_unbiased(est.grad_sq, G @ G)


def test_ratio_is_consistent_with_many_draws():
    rng = np.random.default_rng(2)
    est = noise_scale.simple_noise_scale(draws(rng, (3, 20000)))
    np.testing.assert_allclose(est.b_simple, TRACE / (G @ G), rtol=0.05)
    pair = noise_scale.two_batch_noise_scale(
        draws(rng, (3, 4000, 4)).mean(axis=2), draws(rng, (3, 4000, 64)).mean(axis=2), 4, 64
    )
    np.testing.assert_allclose(pair.b_simple, TRACE / (G @ G), rtol=0.1)


def test_no_detectable_signal_gives_inf():
    g = np.array([[[1.0, 0.0], [-1.0, 0.0]]])  # mean 0: |G|² estimate = -tr/m < 0
    est = noise_scale.simple_noise_scale(g)
    assert est.b_simple[0] == np.inf and est.grad_sq[0] < 0


def test_per_example_gradients_average_to_the_minibatch_gradient():
    rng = np.random.default_rng(3)
    X = rng.standard_normal((30, 3))
    ls = objectives.least_squares(X, X @ np.ones(3) + rng.standard_normal(30))
    data = nn.datasets.xor(rng, n=30)
    net = nn.mlp(data.X, data.y, sizes=(2, 3, 2), l2=0.01)
    for f in (ls, net):
        x = rng.standard_normal((2, f.dim))
        idx = rng.integers(0, 30, size=(2, 7))
        per = noise_scale.per_example_gradients(f, x, idx)
        assert per.shape == (2, 7, f.dim)
        np.testing.assert_allclose(per.mean(axis=1), f.minibatch_grad(x, idx), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        noise_scale.per_example_gradients(ls, x[:, :3], np.arange(30))[0], ls.example_grads(x[0, :3]), rtol=1e-12
    )


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: noise_scale.simple_noise_scale(np.ones((2, 1, 3))), "grads"),
        (lambda: noise_scale.two_batch_noise_scale(np.ones((2, 1, 3)), np.ones((2, 1, 3)), 8, 8), "b_small"),
        (lambda: noise_scale.two_batch_noise_scale(np.ones((2, 1, 3)), np.ones((3, 1, 3)), 1, 8), "g_small"),
    ],
)
def test_bad_input_is_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_critical_batch_size_recovers_the_model_it_fits():
    """Steps made exactly by S(m) = S_min (1 + B_crit / m) give back S_min and B_crit."""
    sizes = np.array([1.0, 2.0, 8.0, 32.0, 256.0])
    fit = noise_scale.critical_batch_size(sizes, 40.0 * (1 + 6.0 / sizes))
    assert fit.s_min == pytest.approx(40.0, rel=1e-12) and fit.b_crit == pytest.approx(6.0, rel=1e-12)
    # the examples processed E = m S satisfy McCandlish et al.'s (S/S_min - 1)(E/E_min - 1) = 1
    steps = 40.0 * (1 + 6.0 / sizes)
    e_min = fit.b_crit * fit.s_min
    np.testing.assert_allclose((steps / fit.s_min - 1) * (sizes * steps / e_min - 1), 1.0, rtol=1e-10)


@pytest.mark.parametrize(
    "sizes, steps, name",
    [([4.0], [10.0], "batch_sizes"), ([4.0, 4.0], [10.0, 9.0], "batch_sizes"), ([1.0, 2.0], [10.0, np.inf], "steps")],
)
def test_critical_batch_size_needs_two_sizes_and_finite_steps(sizes, steps, name):
    with pytest.raises(ValueError, match=name):
        noise_scale.critical_batch_size(np.array(sizes), np.array(steps))
