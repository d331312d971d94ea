"""Issue 29's bad inputs, one test per example: an optimizer stepped by hand (a foreign state, a
wrong gradient, huge hyperparameters) and the last quiet failures of the compute modules. Each
gives a ValueError or TypeError naming the argument, a correct result or a labelled ±inf;
pytest turns every warning into an error, so each test also asserts silence."""

import numpy as np
import pytest

from lecturekit import objectives, optim

X1 = np.array([[2.0]])
X23 = np.zeros((2, 3))
G23 = np.arange(6.0).reshape(2, 3) - 2.5

# ------------------------------------------------------------------ optimizers stepped by hand

ALL = {
    "sgd": lambda: optim.sgd(0.1),
    "momentum": lambda: optim.momentum(0.1),
    "nesterov": lambda: optim.nesterov(0.1),
    "adagrad": lambda: optim.adagrad(0.1),
    "rmsprop": lambda: optim.rmsprop(0.1),
    "rmsprop_nesterov": lambda: optim.rmsprop_nesterov(0.1),
    "adadelta": lambda: optim.adadelta(),
    "adam": lambda: optim.adam(0.1),
    "amsgrad": lambda: optim.amsgrad(0.1),
    "adamw": lambda: optim.adamw(0.1),
    "rprop": lambda: optim.rprop(),
    "clip_by_norm": lambda: optim.clip_by_norm(1.0),
    "trace": lambda: optim.trace(0.5),
    "stack": lambda: optim.stack([optim.sgd(0.1), optim.adam(0.1)]),
    "muon": lambda: optim.muon(0.1, shape=(1, 3)),
    "shampoo": lambda: optim.shampoo(0.1, shape=(3, 1)),
    "lion": lambda: optim.lion(0.1),
    "partition": lambda: optim.partition([(optim.muon(0.1), slice(0, 2), (1, 2))], rest=optim.adam(0.1)),
}


def test_adamw_refuses_adams_state_instead_of_skipping_its_decay():
    with pytest.raises(ValueError, match=r"state .*adamw.*got a state of adam"):
        optim.adamw(0.1, weight_decay=0.5).update([[0.5]], optim.adam(0.1).init(X1), X1)
    opt = optim.adamw(0.1, weight_decay=0.5)
    updates, _ = opt.update([[0.5]], opt.init(X1), X1)
    np.testing.assert_allclose(updates, [[-1.1]])  # -0.1 sign(g) - 0.5 * 2


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_optimizer_refuses_the_state_of_another(name):
    opt = ALL[name]()
    other = optim.adam(0.1) if name != "adam" else optim.rmsprop(0.1)
    with pytest.raises(ValueError, match="state"):
        opt.update(G23, other.init(X23), X23)
    with pytest.raises(ValueError, match="state"):
        opt.update(G23, None, X23)


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize(
    "grads",
    [G23[None], G23[:, :2], np.empty((0, 3)), G23 + 1j, G23.astype(str), G23 > 0, np.float64(1.0)],
    ids=["extra axis", "wrong last axis", "empty", "complex", "strings", "booleans", "scalar"],
)
def test_every_optimizer_refuses_a_gradient_unlike_the_parameters(name, grads):
    opt = ALL[name]()
    state = opt.init(X23)
    with pytest.raises(ValueError, match="grads"):
        opt.update(grads, state, X23)
    with pytest.raises(ValueError, match="grads"):
        opt.update(grads, state)  # without params the state knows the shape


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_optimizer_refuses_a_state_made_for_other_parameters(name):
    opt = ALL[name]()
    # A matrix optimizer's init already refuses (4, 2) (its matrix needs 3 entries): other B instead.
    other = np.zeros((5, 3)) if name in ("muon", "shampoo") else np.zeros((4, 2))
    with pytest.raises(ValueError, match="state|grads"):
        opt.update(np.ones((4, 3)), opt.init(other), np.zeros((4, 3)))


def test_nesterovs_lookahead_refuses_a_foreign_state_too():
    for name in ("nesterov", "rmsprop_nesterov"):
        opt = ALL[name]()
        with pytest.raises(ValueError, match="state"):
            opt.lookahead(X23, optim.adam(0.1).init(X23))
        np.testing.assert_array_equal(opt.lookahead(X23, opt.init(X23)), X23)  # v = 0 at the start


def test_params_of_another_shape_than_the_gradient_are_named():
    opt = optim.adam(0.1)
    with pytest.raises(ValueError, match="params"):
        opt.update(G23, opt.init(X23), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="params"):
        opt.init(np.empty((0, 3)))


def test_a_nan_or_inf_gradient_propagates_quietly_as_in_the_parameters():
    g = G23.copy()
    g[0, 0], g[1, 2] = np.nan, np.inf
    for name, make in ALL.items():
        opt = make()
        updates, _ = opt.update(g, opt.init(X23), X23)
        assert updates.shape == X23.shape, name


def test_newton_stepped_with_a_scalar_gradient_names_grads_not_an_index():
    opt = optim.newton()
    H = np.broadcast_to(np.eye(3), (2, 3, 3))
    with pytest.raises(ValueError, match="grads"):
        opt.update(1.0, opt.init(X23), X23, hessian=H)
    with pytest.raises(ValueError, match="hessian"):
        opt.update(G23, opt.init(X23), X23, hessian=H + 1j)


def test_complex_gradients_are_refused_not_cast_with_a_complex_warning():
    for opt in (optim.clip_by_norm(1.0), optim.newton(), optim.stack([optim.sgd(0.1), optim.sgd(0.2)])):
        with pytest.raises(ValueError, match="grads"):
            opt.update(G23 + 1j, opt.init(G23), G23, hessian=np.ones((2, 3, 3)))


def test_a_transform_stepped_alone_checks_its_state_too():
    t = optim.scale_by_adam()
    with pytest.raises(ValueError, match="state"):
        t.update(G23, optim.scale_by_rms().init(X23), X23)
    with pytest.raises(ValueError, match="state"):
        t.update(G23, t.init(np.zeros((2, 2))))


@pytest.mark.parametrize(
    "opt",
    [
        optim.sgd(1e308),
        optim.scale(1e308),
        optim.add_decayed_weights(1e308),
        optim.adamw(eta=1e308, weight_decay=1e308),
        optim.momentum(1e308, alpha=lambda k: 0.9),
    ],
    ids=["sgd", "scale", "add_decayed_weights", "adamw", "momentum with an alpha schedule"],
)
def test_huge_hyperparameters_stepped_by_hand_overflow_to_inf_quietly(opt):
    f = objectives.quadratic((1.0, 10.0), angle=0.3)
    x = np.ones((2, 2))
    state = opt.init(x)
    for _ in range(3):
        updates, state = opt.update(f.grad(x), state, x)  # lecturekit's calls: silent
        with np.errstate(all="ignore"):  # the learner's own line: inf - inf is theirs to see
            x = x + updates
    assert not np.all(np.isfinite(x))


def test_rprop_with_a_huge_growth_factor_stays_within_max_step_quietly():
    opt, x = optim.rprop(eta_plus=1e308, max_step=1e308), np.ones((1, 2))
    state = opt.init(x)
    for _ in range(4):
        updates, state = opt.update(np.array([[1.0, -1.0]]), state, x)
    np.testing.assert_array_equal(updates, [[-1e308, 1e308]])


def test_rprop_with_an_infinite_gradient_steps_by_its_sign_quietly():
    opt = optim.rprop()
    updates, _ = opt.update(np.array([[np.inf, -np.inf]]), opt.init(np.zeros((1, 2))), np.zeros((1, 2)))
    np.testing.assert_array_equal(updates, [[-0.1, 0.1]])


def test_adamw_names_lr_and_eta_in_its_messages():
    with pytest.raises(ValueError, match=r"^lr has shape"):
        optim.adamw(lr=np.ones(3)).init(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"^eta has shape"):
        optim.adamw(eta=np.ones(3)).init(np.zeros((2, 2)))
    with pytest.raises(ValueError, match=r"^eta must"):
        optim.adamw(eta=-1.0)


def test_the_state_says_what_it_belongs_to():
    state = optim.adam(0.1).init(X23)
    assert state.owner == "adam" and state.shape == (2, 3)
    adam_state, lr_state = state  # still the tuple of the members' states
    assert adam_state.mu.shape == (2, 3) and lr_state.count == 0


def test_run_steps_without_rechecking_and_matches_the_checked_update():
    f = objectives.quadratic((1.0, 10.0), angle=0.3)
    opt, x = optim.adam(0.05), np.ones((2, 2))
    traj = optim.run(opt, f, x, steps=5)
    state = opt.init(x)
    for _ in range(5):
        updates, state = opt.update(f.grad(x), state, x)
        x = x + updates
    np.testing.assert_array_equal(traj.x[-1], x)


def test_momentum_with_an_alpha_schedule_checks_each_value():
    opt = optim.momentum(0.1, alpha=lambda k: 1.0)
    with pytest.raises(ValueError, match=r"alpha schedule must return values in \[0, 1\); at step 0"):
        opt.update(G23, opt.init(X23), X23)


# ------------------------------------------------------------------ silent wrong results elsewhere


def test_backprop_refuses_out_h_for_sigmoid_and_keeps_it_where_it_is_safe():
    from lecturekit.nn import activations

    a = np.array([[-1.0, 0.0, 2.0]])
    dh = np.ones_like(a)
    h = activations.apply("sigmoid", a, np.empty_like(a))
    with pytest.raises(ValueError, match=r"\bout\b.*\bh\b"):
        activations.backprop("sigmoid", dh, a, h, out=h)
    t = activations.apply("tanh", a, np.empty_like(a))
    expected = 1.0 - np.tanh(a) ** 2
    np.testing.assert_allclose(activations.backprop("tanh", dh, a, t, out=t), expected)


def test_level_ellipses_refuses_a_non_symmetric_matrix():
    from lecturekit import conditioning

    with pytest.raises(ValueError, match=r"A must be symmetric"):
        conditioning.level_ellipses(np.array([[2.0, 1.0], [0.0, 1.0]]), [0.5])
    sym = conditioning.level_ellipses(np.array([[2.0, 0.5], [0.5, 1.0]]), [0.5], n=5)
    assert sym.shape == (1, 5, 2)


@pytest.mark.parametrize("dims", [0, 2.5, -1.0, [1.0, 1.5]])
def test_goe_large_deviation_refuses_what_is_not_a_dimension(dims):
    from lecturekit import random_matrices

    with pytest.raises(ValueError, match="dims"):
        random_matrices.goe_large_deviation(dims)


def test_goe_large_deviation_of_a_huge_dimension_is_0_not_an_overflow_error():
    from lecturekit import random_matrices

    assert random_matrices.goe_large_deviation(1e308) == 0.0


def test_an_invalid_gaussian_linear_model_cannot_be_made():
    from lecturekit import risk

    with pytest.raises(ValueError, match="cov"):
        risk.GaussianLinearModel(np.ones(2), -np.eye(2), 1.0)
    with pytest.raises(ValueError, match="noise"):
        risk.GaussianLinearModel(np.ones(2), np.eye(2), -1.0)
    model = risk.gaussian_linear_model(np.ones(2))
    with pytest.raises(ValueError, match="noise"):
        model._replace(noise=-1.0)
    assert risk.risk(model, np.zeros((1, 2)))[0] == pytest.approx(0.5 * (2.0 + 1.0))


# ------------------------------------------------------------------ schedules evaluated alone


def test_warmup_checks_its_schedule_when_evaluated_alone():
    from lecturekit import schedules

    with pytest.raises(ValueError, match=r"^schedule must return"):
        schedules.warmup(lambda k: -0.1 + 0 * k, 5)(np.arange(3))
    np.testing.assert_allclose(schedules.warmup(schedules.constant(0.1), 2)(np.arange(3)), [0.05, 0.1, 0.1])


def test_stacked_and_schedule_sums_check_the_rates():
    from lecturekit import rates

    with pytest.raises(ValueError, match=r"schedules\[0\]"):
        rates.stacked([lambda k: -0.1], 2)(3)
    for bad in (lambda k: -0.1 + 0 * k, lambda k: np.nan + 0 * k):
        with pytest.raises(ValueError, match="schedule"):
            rates.schedule_sums(bad, 4)


# ------------------------------------------------------------------ overflow: ±inf where documented


def test_momentum_closed_forms_give_labelled_infinities_not_nan():
    from lecturekit import momentum

    z = momentum.eigenvalues(1e308, 0.5, 2.0, "nesterov")
    assert z[0] == -np.inf and z[1] == pytest.approx(0.5 / 1.5)  # z_small = d / t = α / (1 + α)
    v = momentum.velocity_under_constant_gradient(1e308, 0.9, 2.0, np.array([0, 1]))
    assert v.tolist() == [0.0, np.inf]
    assert momentum.spectral_radius(1e308, 0.0, 2.0, "nesterov") == np.inf
    e = momentum.eigen_errors(1e308, 0.5, np.array([1.0, 2.0]), np.array([1.0, -1.0]), 4)
    assert not np.isnan(e).any() and np.isinf(e[-1]).all()


def test_eigh_2x2_of_huge_entries_keeps_the_zero_eigenvalue():
    from lecturekit import linalg

    lam, _ = linalg.eigh_2x2(np.full((2, 2), 1e308))
    assert lam.tolist() == [0.0, np.inf]


@pytest.mark.parametrize("call", ["gradient", "jacobian", "hessian", "hvp_fd", "gradient_curvature"])
def test_a_finite_difference_step_beyond_float_range_is_refused(call):
    from lecturekit import conditioning, finite_diff

    q, x = objectives.quadratic(), np.ones((1, 2))
    calls = {
        "gradient": lambda: finite_diff.gradient(q.value, x, h=1e308),
        "jacobian": lambda: finite_diff.jacobian(q.grad, x, h=1e308),
        "hessian": lambda: finite_diff.hessian(q.grad, x, h=1e308),
        "hvp_fd": lambda: conditioning.hvp_fd(q, x, x, h=1e308),
        "gradient_curvature": lambda: conditioning.gradient_curvature(q, x, method="fd", h=1e308),
    }
    with pytest.raises(ValueError, match=r"^h must be in \(0, 1e\+100\]"):
        calls[call]()


# ------------------------------------------------------------------ work caps


def test_run_is_capped_by_its_estimated_work_and_says_how_to_go_past():
    from lecturekit import validate

    f = objectives.quadratic((1.0, 10.0), angle=0.3)
    with pytest.raises(ValueError, match=r"steps asks for .* capped at 1e\+10 .*validate\.MAX_WORK = 10\*\*13"):
        optim.run(optim.sgd(0.1), f, np.ones((2, 2)), steps=10**8, record_every=None)
    old = validate.MAX_WORK
    try:
        validate.MAX_WORK = 10**13  # deliberately past the cap: the check lets it through
        with pytest.raises(ValueError, match="record_every"):  # fails later, on another argument
            optim.run(optim.sgd(0.1), f, np.ones((2, 2)), steps=10**8, record_every=0)
    finally:
        validate.MAX_WORK = old


def test_basin_map_is_capped_by_its_estimated_work():
    from lecturekit import diagnostics

    with pytest.raises(ValueError, match=r"steps asks for .* capped"):
        diagnostics.basin_map(objectives.two_minima(), 0.05, n=5, steps=10**8)


# ------------------------------------------------------------------ warnings, degenerate input, foreign errors


def test_huge_hyperparameters_elsewhere_overflow_quietly():
    from lecturekit import conditioning, rates, schedules

    assert conditioning.best_step(np.array([1e308, 1e308])) == 0.0
    assert rates.robbins_monro_power(1e308)[0] == np.False_
    assert schedules.power_decay(0.1, 2.0, tau=1e-308)(np.arange(3))[1] == 0.0
    assert schedules.exponential(0.1, 1e308)(np.arange(3))[1] == 0.0
    assert np.isinf(optim.bias_correction(np.array([1e308]), 0.9, 1)).all()
    with pytest.raises(ValueError, match="X has entries so large"):
        conditioning.whiten(np.full((4, 2), 1e308))


def test_loglog_slope_of_one_repeated_step_is_refused_without_a_warning():
    with pytest.raises(ValueError, match=r"^k must take at least two different values"):
        from lecturekit import rates

        rates.loglog_slope(np.full(20, 5.0), 1 / np.arange(1, 21))


def test_least_squares_with_a_zero_column_has_finite_bounds():
    X = np.random.default_rng(0).normal(size=(10, 2))
    X[:, 1] = 0.0
    f = objectives.least_squares(X, np.ones(10))
    assert np.all(np.isfinite(f.bounds))


def test_deep_weights_names_a_scheme_that_returns_nothing():
    from lecturekit import propagation

    with pytest.raises(ValueError, match="scheme must return"):
        propagation.deep_weights(np.random.default_rng(0), 2, 3, 4, lambda r, b, i, o: None)


# ------------------------------------------------------------------ messages


def test_update_moment_blames_rho_and_takes_numpy_integers():
    with pytest.raises(ValueError, match=r"^rho has shape \(3,\)"):
        optim.update_moment(np.ones(2), np.ones(2), np.full(3, 0.9), 2)
    np.testing.assert_allclose(optim.update_moment(np.ones(2), np.zeros(2), 0.9, np.int64(2)), [0.1, 0.1])


def test_use_style_takes_a_numpy_integer_dpi():
    import matplotlib as mpl

    from lecturekit import style

    with mpl.rc_context():
        style.use_style("notebook", np.int64(80))
        assert mpl.rcParams["figure.dpi"] == 80
    with pytest.raises(ValueError, match="dpi"):
        style.use_style("notebook", 80.0)


def test_gd_error_components_broadcasts_eigenvalues_against_a_batch_of_coefficients():
    from lecturekit import conditioning

    lam, c = np.array([1.0, 4.0]), np.array([[1.0, -1.0], [2.0, 0.5]])
    out = conditioning.gd_error_components(lam, c, 0.1, np.arange(3))
    assert out.shape == (3, 2, 2)
    np.testing.assert_allclose(out[2], (1 - 0.1 * lam) ** 2 * c)
