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
    with pytest.raises(ValueError, match="state|grads"):
        opt.update(np.ones((4, 3)), opt.init(np.zeros((4, 2))), np.zeros((4, 3)))


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
