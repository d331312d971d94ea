"""`optim.run`, `steps_to_tolerance` and Polyak averaging: shapes, batching, noise,
minibatches, divergence, recording. The suite runs with ``-W error``, so every test here
also proves that no RuntimeWarning escapes."""

from __future__ import annotations

import numpy as np
import pytest
from test_optim_objectives import LeastSquares, quadratic, random_spd, rosenbrock

from lecturekit import optim

BOWL = quadratic(np.diag([1.0, 4.0]))


def test_shapes_and_first_record():
    x0 = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]])
    traj = optim.run(optim.sgd(0.1), BOWL, x0, steps=7)
    assert traj.x.shape == (8, 3, 2) and traj.loss.shape == (8, 3) and traj.grad_norm.shape == (8, 3)
    assert traj.diverged.shape == (3,) and traj.diverged_step.shape == (3,)
    np.testing.assert_array_equal(traj.steps, np.arange(8))
    np.testing.assert_array_equal(traj.x[0], x0)
    np.testing.assert_allclose(traj.loss, BOWL.value(traj.x))
    np.testing.assert_allclose(traj.grad_norm, np.linalg.norm(BOWL.grad(traj.x), axis=-1))
    assert traj.x_avg is None
    assert not traj.diverged.any() and (traj.diverged_step == -1).all()


def test_x0_is_not_modified_and_steps_zero_records_only_the_start():
    x0 = np.array([[1.0, 2.0]])
    keep = x0.copy()
    traj = optim.run(optim.momentum(0.1), BOWL, x0, steps=0)
    np.testing.assert_array_equal(x0, keep)
    assert traj.x.shape == (1, 1, 2)
    optim.run(optim.momentum(0.1), BOWL, x0, steps=5)
    np.testing.assert_array_equal(x0, keep)


@pytest.mark.parametrize(
    "opt",
    [optim.sgd(0.002), optim.nesterov(1e-3, 0.9), optim.adam(0.05), optim.rprop(), optim.newton(damping=1.0)],
    ids=["sgd", "nesterov", "adam", "rprop", "newton"],
)
def test_a_batched_run_equals_separate_runs(opt):
    f = rosenbrock()
    x0 = np.random.default_rng(0).uniform(-1.5, 1.5, (5, 2))
    batched = optim.run(opt, f, x0, steps=40)
    for b in range(5):
        single = optim.run(opt, f, x0[b : b + 1], steps=40)
        np.testing.assert_allclose(batched.x[:, b], single.x[:, 0], rtol=1e-13, atol=1e-13)
        np.testing.assert_allclose(batched.loss[:, b], single.loss[:, 0], rtol=1e-13, atol=1e-13)


def test_a_learning_rate_sweep_equals_separate_runs():
    f = rosenbrock()
    lrs = np.array([[1e-4], [5e-4], [1e-3], [2e-3]])
    x0 = np.tile([[-1.2, 1.0]], (4, 1))
    sweep = optim.run(optim.momentum(lrs, alpha=np.array([[0.5], [0.9], [0.8], [0.0]])), f, x0, steps=60)
    for b, (lr, alpha) in enumerate(zip(lrs[:, 0], [0.5, 0.9, 0.8, 0.0])):
        single = optim.run(optim.momentum(lr, alpha), f, x0[:1], steps=60)
        np.testing.assert_allclose(sweep.x[:, b], single.x[:, 0], rtol=1e-13, atol=1e-13)


def test_too_large_learning_rate_is_flagged_and_frozen():
    # SGD on ½(x² + 4y²) is stable for lr < 2/4 = 0.5; lr = 0.6 and 1e200 blow up.
    lrs = np.array([[0.1], [0.6], [1e200]])
    x0 = np.ones((3, 2))
    traj = optim.run(optim.sgd(lrs), BOWL, x0, steps=200, max_norm=1e6)
    np.testing.assert_array_equal(traj.diverged, [False, True, True])
    assert traj.diverged_step[0] == -1
    assert np.all(np.isfinite(traj.x)) and np.all(np.isfinite(traj.loss)) and np.all(np.isfinite(traj.grad_norm))
    for b in (1, 2):
        k = traj.diverged_step[b]
        assert 1 <= k <= 200
        assert np.linalg.norm(traj.x[k - 1, b]) <= 1e6
        np.testing.assert_array_equal(traj.x[k:, b], np.broadcast_to(traj.x[k - 1, b], traj.x[k:, b].shape))
    # the step at which |x| first exceeds 1e6: |1 - 4 lr|^k * |y0| grows by 1.4 per step
    y = 1.0 * np.abs(1 - 4 * 0.6) ** np.arange(201)
    x = 1.0 * np.abs(1 - 0.6) ** np.arange(201)
    assert traj.diverged_step[1] == np.argmax(np.hypot(x, y) > 1e6)
    assert traj.diverged_step[2] == 1  # the very first step overflows to a huge value


def test_nan_gradient_marks_divergence_without_warnings():
    f = quadratic(np.eye(2))
    sqrt_f = type(f)("sqrt", 2, lambda x: np.sqrt(x).sum(-1), lambda x: 0.5 / np.sqrt(x), lambda x: None)
    traj = optim.run(optim.sgd(0.1), sqrt_f, np.array([[1.0, 1.0], [-1.0, 1.0]]), steps=3)
    np.testing.assert_array_equal(traj.diverged, [False, True])
    np.testing.assert_array_equal(traj.diverged_step, [-1, 1])


def test_newton_with_a_singular_hessian_is_flagged_not_raised():
    # f = x⁴ + y²: at x = 0 the Hessian diag(0, 2) is singular; the other start is fine.
    f = type(BOWL)(
        "quartic",
        2,
        lambda p: p[..., 0] ** 4 + p[..., 1] ** 2,
        lambda p: np.stack([4 * p[..., 0] ** 3, 2 * p[..., 1]], -1),
        lambda p: np.stack(
            [np.stack([12 * p[..., 0] ** 2, 0 * p[..., 0]], -1), np.stack([0 * p[..., 0], 2 + 0 * p[..., 0]], -1)], -2
        ),
    )
    traj = optim.run(optim.newton(), f, np.array([[0.0, 1.0], [1.0, 1.0]]), steps=5)
    np.testing.assert_array_equal(traj.diverged, [True, False])
    np.testing.assert_array_equal(traj.diverged_step, [1, -1])
    np.testing.assert_array_equal(traj.x[:, 0], np.broadcast_to([0.0, 1.0], (6, 2)))
    np.testing.assert_allclose(traj.x[1:, 1, 1], 0.0)  # y is quadratic: solved in one step
    np.testing.assert_allclose(traj.x[:, 1, 0], (2 / 3) ** np.arange(6))  # x ← x − 4x³/12x² = 2x/3


def test_record_every_subsamples_the_full_history():
    f = rosenbrock()
    x0 = np.array([[-1.2, 1.0], [0.5, 0.5]])
    full = optim.run(optim.adam(0.02), f, x0, steps=23)
    some = optim.run(optim.adam(0.02), f, x0, steps=23, record_every=5)
    np.testing.assert_array_equal(some.steps, [0, 5, 10, 15, 20, 23])
    for field in ("x", "loss", "grad_norm"):
        np.testing.assert_array_equal(getattr(some, field), getattr(full, field)[some.steps])
    ends = optim.run(optim.adam(0.02), f, x0, steps=23, record_every=None)
    np.testing.assert_array_equal(ends.steps, [0, 23])
    np.testing.assert_array_equal(ends.x, full.x[[0, 23]])


def test_polyak_averages_on_the_fly_equal_averages_of_the_history():
    f = rosenbrock()
    x0 = np.array([[-1.2, 1.0], [0.5, 0.5]])
    for average, decay in (("uniform", None), (0.9, 0.9)):
        full = optim.run(optim.momentum(1e-3, 0.9), f, x0, steps=30, average=average)
        expected = optim.polyak_average(full.x, decay=decay)
        np.testing.assert_allclose(full.x_avg, expected, rtol=1e-12, atol=1e-12)
        some = optim.run(optim.momentum(1e-3, 0.9), f, x0, steps=30, average=average, record_every=7)
        np.testing.assert_allclose(some.x_avg, expected[some.steps], rtol=1e-12, atol=1e-12)


def test_polyak_average_closed_forms():
    xs = np.random.default_rng(0).standard_normal((6, 3, 2))
    uniform = optim.polyak_average(xs)
    for k in range(6):
        np.testing.assert_allclose(uniform[k], xs[: k + 1].mean(axis=0), rtol=1e-14)
    beta = 0.7
    ema = optim.polyak_average(xs, decay=beta)
    weights = np.array([beta**5] + [(1 - beta) * beta ** (5 - i) for i in range(1, 6)])  # θ̄_5 unrolled
    np.testing.assert_allclose(ema[5], np.tensordot(weights, xs, axes=1), rtol=1e-13)


def test_gradient_noise_is_additive_gaussian_from_the_given_generator():
    x0 = np.array([[1.0, 2.0], [3.0, -1.0]])
    sigma = np.array([[0.5], [0.0]])  # the second trajectory is noise-free
    traj = optim.run(optim.sgd(0.1), BOWL, x0, steps=1, noise=sigma, rng=np.random.default_rng(7))
    xi = np.random.default_rng(7).standard_normal((2, 2))
    np.testing.assert_allclose(traj.x[1], x0 - 0.1 * (BOWL.grad(x0) + sigma * xi), rtol=1e-15)
    again = optim.run(optim.sgd(0.1), BOWL, x0, steps=1, noise=sigma, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(traj.x, again.x)
    exact = optim.run(optim.sgd(0.1), BOWL, x0, steps=1)
    np.testing.assert_array_equal(traj.x[:, 1], exact.x[:, 1])
    # grad_norm reports the exact gradient, not the noisy one
    np.testing.assert_allclose(traj.grad_norm, np.linalg.norm(BOWL.grad(traj.x), axis=-1))


def test_minibatches_are_drawn_with_replacement_from_the_given_generator():
    rng = np.random.default_rng(0)
    f = LeastSquares(rng.standard_normal((30, 3)), rng.standard_normal(30))
    x0 = rng.standard_normal((4, 3))
    traj = optim.run(optim.sgd(0.05), f, x0, steps=3, batch_size=5, rng=np.random.default_rng(11))
    replay, x = np.random.default_rng(11), x0
    for _ in range(3):
        x = x - 0.05 * f.minibatch_grad(x, replay.integers(0, 30, size=(4, 5)))
    np.testing.assert_allclose(traj.x[-1], x, rtol=1e-14)
    np.testing.assert_allclose(traj.loss, f.value(traj.x))


def test_minibatch_sgd_with_decaying_steps_approaches_least_squares():
    rng = np.random.default_rng(1)
    a = rng.standard_normal((200, 2))
    f = LeastSquares(a, a @ np.array([1.0, -2.0]) + 0.1 * rng.standard_normal(200))
    from lecturekit import schedules

    traj = optim.run(
        optim.sgd(schedules.inverse_time(1.5)),
        f,
        np.zeros((8, 2)),
        steps=2000,
        batch_size=10,
        rng=np.random.default_rng(2),
        record_every=None,
    )
    assert np.all(np.linalg.norm(traj.x[-1] - f.minimizers[0], axis=-1) < 0.01)


def test_steps_to_tolerance():
    x0 = np.array([[1.0, 0.0], [4.0, 0.0], [1.0, 0.0]])
    traj = optim.run(optim.sgd(np.array([[0.5], [0.5], [2.5]])), BOWL, x0, steps=10)
    # x_k = (1 - lr)^k x_0 along the first axis: 0.5^k and 4 * 0.5^k; lr = 2.5 diverges
    np.testing.assert_array_equal(optim.steps_to_tolerance(traj, 0.1, x_star=[0.0, 0.0]), [4, 6, -1])
    np.testing.assert_array_equal(optim.steps_to_tolerance(traj, 0.1), [4, 6, -1])  # ‖∇f‖ = |x| here
    np.testing.assert_array_equal(optim.steps_to_tolerance(traj, 1e-9, x_star=np.zeros((3, 2))), [-1, -1, -1])
    coarse = optim.run(optim.sgd(0.5), BOWL, x0[:2], steps=10, record_every=3)
    np.testing.assert_array_equal(optim.steps_to_tolerance(coarse, 0.1, [0.0, 0.0]), [6, 6])


def test_steps_to_tolerance_counts_a_trajectory_that_diverged_later_as_never():
    # lr sweep on a bowl where one run passes near 0 on the first axis while the other axis blows up
    f = quadratic(np.diag([1.0, 100.0]))
    traj = optim.run(optim.sgd(0.021), f, np.array([[1.0, 1e-12], [1.0, 0.0]]), steps=600)
    assert traj.diverged[0] and not traj.diverged[1]
    out = optim.steps_to_tolerance(traj, 1e-3, x_star=[0.0, 0.0])
    assert out[0] == -1 and out[1] > 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(steps=-1), r"steps must be an integer >= 0; got -1"),
        (dict(steps=2.5), r"steps must be an integer"),
        (dict(x0=np.ones(2)), r"x0 must have shape \(B, d\) with d = f.dim = 2; got shape \(2,\)"),
        (dict(x0=np.ones((3, 3))), r"x0 must have shape \(B, d\)"),
        (dict(x0=np.array([[np.nan, 0.0]])), r"x0 must .* finite"),
        (dict(noise=0.1), r"rng must be a numpy.random.Generator"),
        (dict(noise=0.1, rng=np.random.RandomState(0)), r"rng must be a numpy.random.Generator"),
        (dict(noise=-1.0), r"noise must be in \[0, inf\); got -1.0"),
        (dict(noise=np.ones((3, 1))), r"noise has shape \(3, 1\), which does not broadcast"),
        (dict(batch_size=4, rng=np.random.default_rng(0)), r"batch_size needs a data-set objective"),
        (dict(max_norm=0.0), r"max_norm must be in \(0, inf\]; got 0.0"),
        (dict(record_every=0), r"record_every must be an integer >= 1; got 0"),
        (dict(average="mean"), r"average must be None, 'uniform' or a decay"),
        (dict(average=1.0), r"average must be in \[0, 1\); got 1.0"),
        (dict(opt=object()), r"opt must be an optimizer"),
        (dict(f=lambda x: x), r"f must be an Objective"),
    ],
)
def test_bad_arguments_raise_naming_the_parameter(kwargs, match):
    args = dict(opt=optim.sgd(0.1), f=BOWL, x0=np.ones((2, 2)), steps=3)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        optim.run(args.pop("opt"), args.pop("f"), args.pop("x0"), args.pop("steps"), **args)


def test_bad_minibatch_arguments():
    rng = np.random.default_rng(0)
    f = LeastSquares(rng.standard_normal((10, 2)), rng.standard_normal(10))
    with pytest.raises(ValueError, match="batch_size must be an integer >= 1; got 0"):
        optim.run(optim.sgd(0.1), f, np.zeros((2, 2)), 3, batch_size=0, rng=rng)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        optim.run(optim.sgd(0.1), f, np.zeros((2, 2)), 3, batch_size=2)


def test_bad_steps_to_tolerance_arguments():
    traj = optim.run(optim.sgd(0.1), BOWL, np.ones((2, 2)), 3)
    with pytest.raises(ValueError, match=r"tol must be in \(0, inf\); got 0.0"):
        optim.steps_to_tolerance(traj, 0.0)
    with pytest.raises(ValueError, match=r"x_star must have shape \(2,\) or \(2, 2\); got \(3,\)"):
        optim.steps_to_tolerance(traj, 0.1, x_star=[0.0, 0.0, 0.0])


def test_run_with_a_random_quadratic_reaches_its_minimizer():
    rng = np.random.default_rng(5)
    f = quadratic(random_spd(rng, 4), rng.standard_normal(4))
    traj = optim.run(optim.nesterov(0.2, 0.5), f, rng.standard_normal((3, 4)), steps=300, record_every=None)
    np.testing.assert_allclose(traj.x[-1], np.broadcast_to(f.minimizers[0], (3, 4)), atol=1e-10)
