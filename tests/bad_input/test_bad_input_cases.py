"""The bad inputs of issue 17, one test per pattern: a clear ValueError naming the argument, or a
labelled state (pytest turns every warning into an error, so each test also asserts silence)."""

import numpy as np
import pytest

from lecturekit import (
    conditioning,
    convexity,
    critical,
    curvature,
    diagnostics,
    finite_diff,
    linalg,
    nn,
    objectives,
    optim,
    random_matrices,
    risk,
    sampling,
    taylor,
    validate,
)

# ------------------------------------------------------------------ 1. optim.run


def test_a_start_beyond_max_norm_diverged_at_step_0_and_stays_there():
    x0 = np.array([[1e7, 1e7], [1.0, 1.0]])
    traj = optim.run(optim.sgd(0.1), objectives.quadratic(), x0, steps=10)
    assert traj.diverged.tolist() == [True, False]
    assert traj.diverged_step.tolist() == [0, -1]
    np.testing.assert_array_equal(traj.x[:, 0], np.broadcast_to(x0[0], (11, 2)))


def test_a_frozen_trajectory_keeps_the_step_at_which_it_diverged():
    lrs = np.array([[0.1], [0.25]])  # 0.25 * 10 > 2: the second one diverges
    traj = optim.run(optim.sgd(lrs), objectives.quadratic(), np.ones((2, 2)), steps=200, max_norm=1e3)
    k = traj.diverged_step[1]
    assert traj.diverged.tolist() == [False, True] and 0 < k < 200
    assert np.linalg.norm(traj.x[k - 1, 1]) <= 1e3 and np.all(traj.x[k:, 1] == traj.x[k - 1, 1])


def test_newton_on_an_objective_without_a_hessian_is_refused_before_the_run():
    class NoHessian:
        dim, name = 2, "no hessian"

        def value(self, x):
            return np.sum(x**2, -1)

        def grad(self, x):
            return 2 * x

    with pytest.raises(ValueError, match=r"f must be an Objective .* hess"):
        optim.run(optim.newton(), NoHessian(), np.ones((1, 2)), steps=3)
    optim.run(optim.sgd(0.1), NoHessian(), np.ones((1, 2)), steps=3)  # sgd does not need one


# ------------------------------------------------------------------ 2. basin maps without minimizers


@pytest.mark.parametrize(
    "f", [objectives.saddle(), objectives.monkey_saddle(), objectives.quadratic((1.0, -1.0))], ids=lambda f: f.name
)
def test_basin_map_labels_cells_of_an_objective_without_minimizers(f):
    codes, _ = diagnostics.basin_map(f, lr=0.1, n=6, steps=200)
    assert codes.shape == (6, 6)
    assert set(np.unique(codes)) <= {0, 1}  # 0: did not arrive anywhere, 1: diverged
    assert (codes == 1).any()  # the saddles throw some starts out


def test_nearest_point_with_no_points_is_none_everywhere():
    assert diagnostics.nearest_point(np.ones((3, 2)), np.empty((0, 2)), 0.1).tolist() == [-1, -1, -1]


# ------------------------------------------------------------------ 3. multi-pass SGD diverging


def test_multi_pass_sgd_at_a_diverging_rate_flags_the_runs_silently():
    model = risk.gaussian_linear_model(np.array([1.0, -1.0]))
    rec = risk.multi_pass_sgd(model, np.random.default_rng(0), n=20, m=1, passes=40, lr=50.0, runs=3)
    assert rec.diverged.all()
    calm = risk.multi_pass_sgd(model, np.random.default_rng(0), n=20, m=1, passes=2, lr=0.05, runs=3)
    assert not calm.diverged.any() and np.all(np.isfinite(calm.w))


# ------------------------------------------------------------------ 4. critical points and Taylor


def test_classifiers_refuse_what_has_no_label():
    with pytest.raises(ValueError, match="eigenvalues must be shaped"):
        critical.classify_eigenvalues([])
    with pytest.raises(ValueError, match="eigenvalues must not be nan"):
        critical.classify_eigenvalues([1.0, np.nan])
    with pytest.raises(ValueError, match="x must be finite"):
        critical.classify_point(objectives.quadratic(), [np.nan, 0.0])
    with pytest.raises(ValueError, match="H must be finite"):
        critical.classify_hessian(np.diag([1.0, np.nan, 2.0]))


@pytest.mark.parametrize("where", [(0, 0), (0, 2), (1, 1), (2, 0)])
def test_eigvalsh_of_a_matrix_with_a_nan_is_nan_wherever_the_nan_is(where):
    H = np.stack([np.eye(3), np.eye(3)])
    H[1][where] = np.nan
    lam = critical.eigvalsh(H)
    np.testing.assert_array_equal(lam[0], [1.0, 1.0, 1.0])
    assert np.isnan(lam[1]).all()


def test_taylor_propagates_nan_instead_of_inventing_a_verdict():
    g = np.array([[np.nan, 1.0], [1.0, 0.0]])
    H = np.array([np.eye(2), -np.eye(2)])
    assert np.isnan(taylor.optimal_step(g, H)[0]) and taylor.optimal_step(g, H)[1] == np.inf
    assert np.isnan(taylor.best_decrease(g, H)[0]) and taylor.best_decrease(g, H)[1] == -np.inf
    assert np.isnan(taylor.actual_change(objectives.quadratic(), [np.nan, 0.0], 0.1))
    assert taylor.actual_change(objectives.rosenbrock(), [1e100, 1e100], 1.0) == np.inf  # overflow: divergent


# ------------------------------------------------------------------ 5. data


def test_fit_least_squares_names_a_rank_deficient_or_nan_design():
    X = np.ones((5, 2))  # two equal columns: rank 1
    with pytest.raises(ValueError, match="X must have full column rank"):
        risk.fit_least_squares(X, np.arange(5.0))
    X = np.random.default_rng(0).normal(size=(5, 2))
    X[2, 1] = np.nan
    with pytest.raises(ValueError, match="X must be finite"):
        risk.fit_least_squares(X, np.arange(5.0))
    with pytest.raises(ValueError, match="y must be finite"):
        risk.fit_least_squares(np.eye(2), [1.0, np.nan])


def test_standardize_and_empirical_risk_refuse_empty_or_nan_data():
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        objectives.standardize(np.empty((0, 2)))
    with pytest.raises(ValueError, match="X must be finite"):
        objectives.standardize([[1.0, np.nan], [2.0, 3.0]])
    with pytest.raises(ValueError, match="X must be training sets"):
        risk.empirical_risk(np.empty((0, 2)), np.empty(0), np.zeros(2))
    with pytest.raises(ValueError, match="y must be finite"):
        risk.empirical_risk(np.eye(2), [np.nan, 1.0], np.zeros(2))


# ------------------------------------------------------------------ 6. chord gaps and finite differences


def test_chord_gap_takes_a_scalar_t_and_refuses_a_nan_one():
    f, a, b = objectives.saddle(), np.zeros((3, 2)), np.ones((3, 2))
    np.testing.assert_allclose(convexity.chord_gap(f, a, b, 0.25), convexity.chord_gap(f, a, b, np.full((3, 1), 0.25)))
    with pytest.raises(ValueError, match="t must be finite"):
        convexity.chord_gap(f, a, b, np.nan)


def test_finite_differences_check_the_shape_of_what_they_differentiate():
    f = objectives.quadratic()
    x = np.ones((4, 2))
    with pytest.raises(ValueError, match=r"grad must map points .* returned shape \(4, 2\)"):
        finite_diff.hessian(f.value, x)
    with pytest.raises(ValueError, match="f must map points"):
        finite_diff.gradient(f.grad, x)
    np.testing.assert_allclose(finite_diff.hessian(f.grad, x), f.hess(x), atol=1e-6)


# ------------------------------------------------------------------ 8. integers, one helper


@pytest.mark.parametrize("bad", [np.inf, np.nan, None, True, 3.0, "3"])
def test_counts_are_integers(bad):
    with pytest.raises(ValueError, match="n must be an integer"):
        random_matrices.random_symmetric(np.random.default_rng(0), bad, 2)


@pytest.mark.parametrize("perm", [[2.0, 0.0, 1.0], [False, True, True], [0, 0, 1], [0, 1]])
def test_permute_hidden_takes_an_integer_permutation_only(perm):
    net = nn.init_two_layer(np.random.default_rng(0), 2, 3, 1)
    with pytest.raises(ValueError, match="perm must be"):
        nn.permute_hidden(net, perm)


# ------------------------------------------------------------------ 9. arguments that were unchecked


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: linalg.eigenpairs(np.eye(2), tol=np.nan), "tol"),
        (lambda: nn.init_two_layer(np.random.default_rng(0), 2, 3, 1, scale=np.nan), "scale"),
        (lambda: random_matrices.goe_large_deviation(-1), "dims"),
        (lambda: curvature.curvature_map(objectives.saddle(), bounds=((np.nan, 1.0), (-1.0, 1.0))), "bounds"),
    ],
)
def test_arguments_that_were_unchecked_are_checked(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()


# ------------------------------------------------------------------ 10. not an objective


@pytest.mark.parametrize("bad", [None, lambda x: x, np.ones(2)], ids=["None", "lambda", "array"])
@pytest.mark.parametrize(
    "call",
    [
        lambda f: critical.classify_point(f, np.zeros(2)),
        lambda f: diagnostics.basin_map(f, 0.1, n=3, steps=2),
        lambda f: curvature.curvature_map(f, n=3),
        lambda f: taylor.second_order_model(f, np.zeros(2), np.ones(2)),
        lambda f: taylor.actual_change(f, np.zeros(2), 0.1),
        lambda f: conditioning.hvp(f, np.zeros(2), np.ones(2)),
        lambda f: conditioning.hvp_fd(f, np.zeros(2), np.ones(2)),
        lambda f: conditioning.gradient_curvature(f, np.zeros(2)),
        lambda f: convexity.worst_chord(f, np.random.default_rng(0), n=3),
        lambda f: optim.steps_to_tolerance(f, 0.1),
    ],
)
def test_something_that_is_not_an_objective_is_named(call, bad):
    with pytest.raises(ValueError, match=r"\b(f|traj) must be"):
        call(bad)


# ------------------------------------------------------------------ 11. infinities, overflow, complex numbers


def test_clip_by_norm_clips_an_infinite_gradient_to_its_direction():
    clip = optim.clip_by_norm(2.0)
    g = np.array([[np.inf, 1.0], [-np.inf, np.inf], [1e200, -1e200], [3.0, 4.0], [0.0, 0.0]])
    out, _ = clip.update(g, clip.init(g), g)
    np.testing.assert_allclose(
        out, [[2.0, 0.0], [-np.sqrt(2), np.sqrt(2)], [np.sqrt(2), -np.sqrt(2)], [1.2, 1.6], [0, 0]]
    )


class Wall:
    """f(x) = x_1 + x_2 with an infinite slope where x_1 > 0.5: a cliff whose gradient overflows."""

    dim, name = 2, "wall"

    def value(self, x):
        return np.sum(x, -1)

    def grad(self, x):
        return np.where(x[..., :1] > 0.5, np.inf, 1.0) * np.ones_like(x)


def test_clipping_keeps_a_run_finite_where_the_gradient_is_infinite():
    x0 = np.array([[1.0, 0.0], [0.0, 0.0]])
    traj = optim.run(optim.chain(optim.clip_by_norm(1.0), optim.sgd(0.1)), Wall(), x0, steps=3)
    assert not traj.diverged.any()
    step = np.full(2, -0.1 / np.sqrt(2))  # one clipped step: norm 0.1 along -(1, 1)
    np.testing.assert_allclose(traj.x[1], x0 + step)
    unclipped = optim.run(optim.sgd(0.1), Wall(), x0, steps=3)
    assert unclipped.diverged.tolist() == [True, False] and unclipped.diverged_step[0] == 1


@pytest.mark.parametrize("opt", [optim.adagrad(0.1), optim.rmsprop(0.1), optim.adam(0.1), optim.adadelta()])
def test_adaptive_optimizers_on_an_infinite_gradient_are_silent_and_run_flags_it(opt):
    g = np.array([[np.inf, 1.0], [1.0, 1.0]])
    updates, _ = opt.update(g, opt.init(g), g)
    assert np.all(np.isfinite(updates[1]))
    traj = optim.run(opt, Wall(), np.array([[1.0, 0.0], [0.0, 0.0]]), steps=3)
    assert traj.diverged.tolist() == [True, False]


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: objectives.rosenbrock(a=1e308), "a"),
        (lambda: objectives.plateau(width=1e308), "width"),
        (lambda: objectives.cliff(width=1e308), "width"),
        (lambda: objectives.quadratic((1.0, 1e308)), "eigenvalues"),
    ],
)
def test_constructors_refuse_what_would_overflow(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: objectives.quadratic().grad(np.array([1 + 1j, 0.0])), "x"),
        (lambda: optim.sgd(0.1 + 0j), "lr"),
        (lambda: critical.classify_eigenvalues(np.array([1.0, 2j])), "eigenvalues"),
        (lambda: optim.run(optim.sgd(0.1), objectives.quadratic(), np.ones((1, 2)) * 1j, steps=2), "x0"),
        (lambda: optim.sgd("0.1"), "lr"),
        (lambda: optim.sgd(True), "lr"),
    ],
)
def test_complex_numbers_strings_and_bools_are_not_numbers(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b must be"):
        call()


# ------------------------------------------------------------------ 12. caps on work


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: sampling.uniform_means(np.random.default_rng(0), n=10**12, trials=10), "n \\* trials"),
        (lambda: diagnostics.basin_map(objectives.saddle(), 0.1, n=200, steps=10**8), "steps"),
        (lambda: optim.run(optim.sgd(0.1), objectives.quadratic(), np.ones((4, 2)), steps=10**10), "steps"),
        (lambda: objectives.quadratic().grid(10**6), "n"),
    ],
)
def test_unbounded_work_is_refused_with_the_cap_in_the_message(call, name):
    with pytest.raises(ValueError, match=rf"{name} asks for .* capped at"):
        call()


def test_the_caps_are_stated_in_validate():
    assert validate.MAX_ELEMENTS == 50_000_000 and validate.MAX_WORK == 10_000_000_000
    assert "MAX_ELEMENTS" in validate.__doc__ and "MAX_WORK" in validate.__doc__
