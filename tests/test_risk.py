"""risk: the closed-form risk against Monte Carlo, the empirical risk against objectives.least_squares,
the least-squares expectations, and the first-pass / second-pass bias of SGD."""

import numpy as np
import pytest

from lecturekit import finite_diff, risk, sampling
from lecturekit.objectives import least_squares

MODEL = risk.gaussian_linear_model([2.0, -1.0], cov=[[1.0, 0.5], [0.5, 2.0]], noise=0.7)


def test_sample_has_the_model_moments(rng):
    X, y = risk.sample(MODEL, rng, n=200_000)
    assert X.shape == (200_000, 2) and y.shape == (200_000,)
    np.testing.assert_allclose(X.T @ X / len(X), MODEL.cov, atol=0.02)
    resid = y - X @ MODEL.w_star
    assert resid.std() == pytest.approx(0.7, rel=0.01)
    Xs, ys = risk.sample(MODEL, rng, n=5, size=(3, 4))
    assert Xs.shape == (3, 4, 5, 2) and ys.shape == (3, 4, 5)


def test_risk_equals_the_monte_carlo_expected_loss(rng):
    X, y = risk.sample(MODEL, rng, n=400_000)
    w = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, -1.0]])
    mc = 0.5 * np.mean((X @ w.T - y[:, None]) ** 2, axis=0)
    np.testing.assert_allclose(risk.risk(MODEL, w), mc, rtol=0.01)
    assert risk.risk(MODEL, MODEL.w_star) == pytest.approx(0.5 * 0.49)
    np.testing.assert_allclose(risk.excess_risk(MODEL, w), risk.risk(MODEL, w) - 0.5 * 0.49, atol=1e-15)


def test_risk_gradient_and_objective_match_finite_differences(rng):
    f = risk.risk_objective(MODEL)
    w = rng.normal(size=(5, 2))
    np.testing.assert_allclose(f.grad(w), finite_diff.gradient(f.value, w), atol=1e-6)
    np.testing.assert_allclose(risk.risk_grad(MODEL, w), f.grad(w))
    np.testing.assert_allclose(f.hess(w)[0], MODEL.cov)
    assert f.minimum == pytest.approx(0.245) and np.allclose(f.minimizers[0], MODEL.w_star)


def test_empirical_risk_matches_least_squares_objective(rng):
    X, y = risk.sample(MODEL, rng, n=30)
    f = least_squares(X, y)
    w = rng.normal(size=(4, 2))
    np.testing.assert_allclose(risk.empirical_risk(X, y, w), f.value(w))
    np.testing.assert_allclose(risk.empirical_risk_grad(X, y, w), f.grad(w))
    np.testing.assert_allclose(risk.fit_least_squares(X, y), f.minimizers[0], atol=1e-10)


def test_batched_fits_equal_separate_fits(rng):
    Xs, ys = risk.sample(MODEL, rng, n=10, size=3)
    batched = risk.fit_least_squares(Xs, ys)
    for b in range(3):
        np.testing.assert_allclose(batched[b], np.linalg.lstsq(Xs[b], ys[b], rcond=None)[0], atol=1e-10)
    np.testing.assert_allclose(
        risk.empirical_risk(Xs, ys, batched), [risk.empirical_risk(Xs[b], ys[b], batched[b]) for b in range(3)]
    )


def test_expected_least_squares_risks_match_simulation(rng):
    n = 12
    Xs, ys = risk.sample(MODEL, rng, n=n, size=40_000)
    w_fit = risk.fit_least_squares(Xs, ys)
    train, true = risk.expected_least_squares_risks(MODEL, n)
    assert train == pytest.approx(0.245 * 10 / 12) and true == pytest.approx(0.245 * (1 + 2 / 9))
    assert risk.empirical_risk(Xs, ys, w_fit).mean() == pytest.approx(train, rel=0.01)
    assert risk.risk(MODEL, w_fit).mean() == pytest.approx(true, rel=0.015)


def test_multi_pass_sgd_is_algorithm_8_1_per_run(rng):
    rec = risk.multi_pass_sgd(MODEL, np.random.default_rng(9), n=6, m=2, passes=2, lr=0.1, runs=3)
    # replay: same draws in the same order (data first, then the shuffle)
    replay = np.random.default_rng(9)
    X, y = risk.sample(MODEL, replay, 6, size=3)
    batches = sampling.shuffled_batches(replay, 6, 2, 2)
    np.testing.assert_array_equal(rec.batches, batches)
    for r in range(3):
        w = np.zeros(2)
        for k, idx in enumerate(batches):
            g = (X[r, idx] @ w - y[r, idx]) @ X[r, idx] / 2
            np.testing.assert_allclose(rec.grad[k, r], g, atol=1e-12)
            w = w - 0.1 * g
        np.testing.assert_allclose(rec.w[-1, r], w, atol=1e-12)
    np.testing.assert_allclose(rec.true_grad, risk.risk_grad(MODEL, rec.w[:-1]))
    np.testing.assert_array_equal(rec.pass_index, [0, 0, 0, 1, 1, 1])


def test_first_pass_is_unbiased_and_second_pass_is_not():
    rec = risk.multi_pass_sgd(MODEL, np.random.default_rng(11), n=10, m=1, passes=2, lr=0.1, runs=20_000)
    gap = rec.batch_loss - rec.risk[:-1]

    def z(sel):
        return gap[sel].mean() / (gap[sel].mean(axis=0).std() / np.sqrt(gap.shape[1]))

    assert abs(z(rec.pass_index == 0)) < 4  # fresh examples: the loss on them estimates the risk
    assert z(rec.pass_index == 1) < -8  # reused examples: systematically below the risk


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: risk.gaussian_linear_model([]), "w_star"),
        (lambda: risk.gaussian_linear_model([1.0, 2.0], cov=np.eye(3)), r"\(2, 2\)"),
        (lambda: risk.gaussian_linear_model([1.0, 2.0], cov=[[1, 2], [2, 1]]), "positive definite"),
        (lambda: risk.gaussian_linear_model([1.0], noise=-1), "noise"),
        (lambda: risk.risk("model", [1.0, 2.0]), "gaussian_linear_model"),
        (lambda: risk.risk(MODEL, [1.0, 2.0, 3.0]), r"\(\.\.\., 2\)"),
        (lambda: risk.sample(MODEL, 3, 4), "Generator"),
        (
            lambda: risk.empirical_risk(np.ones((3, 2)), np.ones(4), [1.0, 1.0]),
            r"y must be shaped \(\.\.\., n\) like X",
        ),
        (lambda: risk.fit_least_squares(np.ones((1, 2)), np.ones(1)), "n >= d"),
        (lambda: risk.expected_least_squares_risks(MODEL, 3), "> d \\+ 1"),
        (lambda: risk.multi_pass_sgd(MODEL, np.random.default_rng(0), 5, 1, 1, lr=0.0, runs=2), "lr"),
    ],
)
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_gradient_descent_paths_equal_optim_run_per_training_set():
    from lecturekit import optim
    from lecturekit.objectives import least_squares

    model = risk.gaussian_linear_model(w_star=[2.0, -1.0], cov=[[1.0, 0.5], [0.5, 1.0]], noise=1.0)
    X, y = risk.sample(model, np.random.default_rng(8), n=20, size=3)
    paths = risk.gradient_descent_paths(X, y, 0.1, 50)
    assert paths.shape == (51, 3, 2)
    for s in range(3):
        one = optim.run(optim.sgd(0.1), least_squares(X[s], y[s]), np.zeros((1, 2)), steps=50).x[:, 0]
        np.testing.assert_allclose(paths[:, s], one, rtol=1e-12, atol=1e-14)
    with pytest.raises(ValueError, match="lr"):
        risk.gradient_descent_paths(X, y, -0.1, 5)
    with pytest.raises(ValueError, match="S training sets"):
        risk.gradient_descent_paths(X[0], y[0], 0.1, 5)
