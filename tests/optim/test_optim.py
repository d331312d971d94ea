"""Optimizers: convergence table, identities, properties (hypothesis), bad input, docstrings.

The transcriptions of the algorithm boxes are in ``test_optim_boxes.py``.
"""

from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_optim_objectives import quadratic, random_spd, rosenbrock

from lecturekit import optim, schedules

# --------------------------------------------------------------------------- convergence table

QUAD = quadratic(np.diag([1.0, 2.0]))  # condition number 2
QUAD_X0 = np.array([[1.0, 1.0], [-3.0, 2.0]])
ROSEN_X0 = np.array([[-1.2, 1.0], [0.0, 0.0]])  # the classic start, and the origin

# name: (optimizer on the quadratic, steps, tolerance), (optimizer on Rosenbrock, steps, tolerance)
# A run "converges" when every trajectory ends within the tolerance of the minimizer.
# RMSProp-type methods with a constant ε keep taking steps of size ~ε near the minimum, hence
# their looser tolerance on the quadratic; Rprop and AdaDelta crawl along Rosenbrock's valley.
TABLE = {
    "sgd": ((optim.sgd(0.5), 100, 1e-6), (optim.sgd(2e-3), 10_000, 1e-3)),
    "momentum": ((optim.momentum(0.2, 0.5), 100, 1e-6), (optim.momentum(1e-3, 0.9), 3_000, 1e-3)),
    "nesterov": ((optim.nesterov(0.2, 0.5), 100, 1e-6), (optim.nesterov(1e-3, 0.9), 3_000, 1e-3)),
    "adagrad": ((optim.adagrad(0.5), 200, 1e-6), (optim.adagrad(0.5), 15_000, 1e-3)),
    "rmsprop": ((optim.rmsprop(0.01), 1_000, 1e-2), (optim.rmsprop(1e-3, rho=0.99), 10_000, 1e-3)),
    "rmsprop_nesterov": (
        (optim.rmsprop_nesterov(0.01, alpha=0.5), 500, 1e-2),
        (optim.rmsprop_nesterov(1e-3), 2_000, 2e-3),
    ),
    "adadelta": ((optim.adadelta(rho=0.9, eps=1e-3), 300, 1e-6), (optim.adadelta(lr=0.03), 20_000, 1e-2)),
    "adam": ((optim.adam(0.1), 300, 1e-5), (optim.adam(0.02), 4_000, 1e-2)),
    "rprop": ((optim.rprop(), 100, 1e-5), (optim.rprop(), 3_000, 2e-2)),
    "newton": ((optim.newton(), 1, 1e-12), (optim.newton(), 10, 1e-8)),
    "clip+adam": (
        (optim.chain(optim.clip_by_norm(1.0), optim.adam(0.1)), 300, 1e-5),
        (optim.chain(optim.clip_by_value(10.0), optim.adam(0.02)), 4_000, 1e-2),
    ),
}


@pytest.mark.parametrize("problem", ["quadratic", "rosenbrock"])
@pytest.mark.parametrize("name", list(TABLE))
def test_converges(name, problem):
    (opt, steps, tol) = TABLE[name][0 if problem == "quadratic" else 1]
    f, x0 = (QUAD, QUAD_X0) if problem == "quadratic" else (rosenbrock(), ROSEN_X0)
    traj = optim.run(opt, f, x0, steps, record_every=None)
    assert not traj.diverged.any()
    distance = np.linalg.norm(traj.x[-1] - f.minimizers[0], axis=-1)
    assert np.all(distance <= tol), distance


# --------------------------------------------------------------------------- identities


def _updates(opt, grads, x=None):
    """Feed a sequence of gradients (T, B, d) to ``opt``; return the updates (T, B, d)."""
    x = np.zeros(grads.shape[1:]) if x is None else x
    state, out = opt.init(x), []
    for g in grads:
        u, state = opt.update(g, state, x)
        out.append(u)
    return np.array(out)


def test_momentum_and_nesterov_with_alpha_zero_are_sgd():
    f, x0 = rosenbrock(), np.random.default_rng(0).uniform(-1.5, 1.5, (4, 2))
    sgd = optim.run(optim.sgd(1e-3), f, x0, 50).x
    np.testing.assert_array_equal(optim.run(optim.momentum(1e-3, 0.0), f, x0, 50).x, sgd)
    np.testing.assert_array_equal(optim.run(optim.nesterov(1e-3, 0.0), f, x0, 50).x, sgd)


def test_nesterov_is_pytorch_nesterov_seen_at_the_lookahead_point():
    """PyTorch (b ← μb + g(p); p ← p − lr (g + μb)) visits θ_k + α v_k, alg. 8.3's look-ahead points."""
    f, lr, mu = rosenbrock(), 1e-3, 0.9
    x0 = np.random.default_rng(1).uniform(-1.5, 1.5, (3, 2))
    theta = optim.run(optim.nesterov(lr, mu), f, x0, 40).x
    v = np.diff(theta, axis=0)  # v_k = θ_k − θ_{k−1}
    lookahead = np.concatenate([theta[:1], theta[1:] + mu * v])
    p, b, torch_path = x0.copy(), np.zeros_like(x0), [x0]
    for _ in range(40):
        g = f.grad(p)
        b = mu * b + g
        p = p - lr * (g + mu * b)
        torch_path.append(p)
    np.testing.assert_allclose(np.array(torch_path), lookahead, rtol=1e-12, atol=1e-12)


def test_newton_solves_a_quadratic_in_one_step():
    rng = np.random.default_rng(2)
    f = quadratic(random_spd(rng, 5, 0.1, 10.0), rng.standard_normal(5))
    traj = optim.run(optim.newton(), f, rng.standard_normal((4, 5)), steps=1)
    np.testing.assert_allclose(traj.x[1], np.broadcast_to(f.minimizers[0], (4, 5)), atol=1e-12)


def test_damped_newton_on_a_quadratic_contracts_by_lambda_over_h_plus_lambda():
    # On ½ h x², (h + λ)⁻¹ h x is the step: x ← x λ/(h + λ). Per-trajectory damping (B, 1).
    f = quadratic(np.array([[2.0]]))
    lam = np.array([[0.0], [2.0], [6.0]])
    traj = optim.run(optim.newton(damping=lam), f, np.ones((3, 1)), steps=3)
    np.testing.assert_allclose(traj.x[:, :, 0], (lam[:, 0] / (2 + lam[:, 0])) ** np.arange(4)[:, None], atol=1e-15)


def test_adam_without_momentum_is_rmsprop_with_the_bias_correction_folded_into_a_schedule():
    # With ρ1 = 0 and δ = 0, Adam's step is −ε √(1 − ρ2^t) g / √r, r the RMSProp average:
    # RMSProp (δ = 0) with ε_k = ε √(1 − ρ2^(k+1)), t = k + 1.
    eps, rho2 = 0.01, 0.99
    grads = np.random.default_rng(3).standard_normal((25, 4, 3))
    adam = _updates(optim.adam(eps, rho1=0.0, rho2=rho2, delta=0.0), grads)
    rms = _updates(optim.rmsprop(lambda k: eps * np.sqrt(1 - rho2 ** (k + 1)), rho=rho2, delta=0.0), grads)
    np.testing.assert_allclose(adam, rms, rtol=1e-12)


def test_first_steps_of_adagrad_and_adam_are_minus_lr_times_the_sign():
    g = np.array([[3.0, -1e-3, 40.0]])
    np.testing.assert_allclose(_updates(optim.adagrad(0.1, delta=0.0), g[None]), [[[-0.1, 0.1, -0.1]]], rtol=1e-15)
    np.testing.assert_allclose(_updates(optim.adam(0.1, delta=0.0), g[None]), [[[-0.1, 0.1, -0.1]]], rtol=1e-15)


def test_a_constant_schedule_is_the_constant_learning_rate():
    f, x0 = rosenbrock(), np.array([[-1.2, 1.0]])
    for make in (optim.sgd, optim.adam, optim.rmsprop):
        np.testing.assert_array_equal(
            optim.run(make(1e-3), f, x0, 20).x, optim.run(make(schedules.constant(1e-3)), f, x0, 20).x
        )


def test_clip_by_norm_caps_each_trajectorys_gradient():
    g = np.array([[30.0, 40.0], [0.3, 0.4], [0.0, 0.0]])
    u = _updates(optim.chain(optim.clip_by_norm(1.0), optim.sgd(1.0)), g[None])[0]
    np.testing.assert_allclose(u, [[-0.6, -0.8], [-0.3, -0.4], [0.0, 0.0]], rtol=1e-15)


def test_clip_by_value_before_momentum():
    g = np.array([[[5.0, -0.5]], [[-7.0, 2.0]]])
    u = _updates(optim.chain(optim.clip_by_value(1.0), optim.momentum(0.1, 0.5)), g)
    np.testing.assert_allclose(u, [[[-0.1, 0.05]], [[0.05, -0.075]]], rtol=1e-15)


def test_rprop_without_sign_change_grows_steps_geometrically_up_to_the_cap():
    grads = np.ones((30, 1, 1))
    steps = -_updates(optim.rprop(init_step=1.0, max_step=50.0), grads)[:, 0, 0]
    np.testing.assert_allclose(steps, np.minimum(1.2 ** np.arange(30), 50.0), rtol=1e-13)


def test_update_does_not_mutate_its_inputs():
    rng = np.random.default_rng(4)
    x, g = rng.standard_normal((3, 2)), rng.standard_normal((3, 2))
    for opt in (optim.momentum(0.1), optim.adam(0.1), optim.rprop(), optim.adadelta(), optim.rmsprop_nesterov(0.1)):
        state = opt.init(x)
        u, state = opt.update(g, state, x)
        snapshot = [np.copy(a) for s in state for a in s if isinstance(a, np.ndarray)]
        xg = (x.copy(), g.copy())
        opt.update(g, state, x)
        np.testing.assert_array_equal(x, xg[0])
        np.testing.assert_array_equal(g, xg[1])
        after = [a for s in state for a in s if isinstance(a, np.ndarray)]
        for before, now in zip(snapshot, after):
            np.testing.assert_array_equal(before, now)


def test_state_is_named_and_counts_steps():
    opt = optim.adam(0.1)
    x = np.zeros((2, 3))
    state = opt.init(x)
    for _ in range(3):
        _, state = opt.update(np.ones((2, 3)), state, x)
    adam_state, lr_state = state
    assert adam_state.count == 3 and lr_state.count == 3
    assert adam_state.mu.shape == adam_state.nu.shape == (2, 3)


def test_newton_gives_nan_only_where_the_damped_hessian_is_singular_or_not_finite():
    opt = optim.newton()
    x = np.zeros((3, 2))
    hessians = np.array([[[2.0, 0.0], [0.0, 4.0]], [[1.0, 1.0], [1.0, 1.0]], [[np.nan, 0.0], [0.0, 1.0]]])
    u, _ = opt.update(np.ones((3, 2)), opt.init(x), x, hessian=hessians)
    np.testing.assert_allclose(u[0], [-0.5, -0.25])
    assert np.isnan(u[1:]).all()


def test_newton_update_without_a_hessian_explains_itself():
    opt = optim.newton()
    x = np.zeros((1, 2))
    with pytest.raises(ValueError, match="newton needs the Hessian"):
        opt.update(np.ones((1, 2)), opt.init(x), x)
    assert opt.needs_hessian and not optim.adam().needs_hessian


# --------------------------------------------------------------------------- properties


def _adam_bound(t, rho1, rho2):
    """C_t with |Adam step| <= lr C_t (Cauchy-Schwarz on the moment sums; needs ρ1² < ρ2)."""
    j = np.arange(t)
    return (1 - rho1) / (1 - rho1**t) * np.sqrt((1 - rho2**t) / (1 - rho2) * np.sum((rho1**2 / rho2) ** j))


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    t_max=st.integers(1, 40),
    rho1=st.floats(0.0, 0.95),
    rho2=st.floats(0.9, 0.9999),
    sparsity=st.floats(0.0, 0.95),
    lr=st.floats(1e-4, 1.0),
)
def test_adam_step_is_bounded(seed, t_max, rho1, rho2, sparsity, lr):
    """|Δθ_t| <= lr C_t per coordinate, C_1 = 1 (the first step is at most lr).

    Kingma & Ba (sec. 2.1) give |Δ| ≲ α(1−β1)/√(1−β2) in the sparse case and ≲ α otherwise as
    rules of thumb; the exact bound tested is C_t from the Cauchy-Schwarz inequality
    |Σ ρ1^j g_j| <= √(Σ (ρ1²/ρ2)^j) √(Σ ρ2^j g_j²), tight for g_{t-j} ∝ (ρ1/ρ2)^j.
    """
    rng = np.random.default_rng(seed)
    grads = rng.standard_normal((t_max, 4, 3)) * np.exp(rng.uniform(-8, 8, (t_max, 4, 3)))
    grads *= rng.uniform(size=grads.shape) >= sparsity
    steps = np.abs(_updates(optim.adam(lr, rho1, rho2), grads))
    bounds = lr * np.array([_adam_bound(t, rho1, rho2) for t in range(1, t_max + 1)])
    assert np.all(steps <= bounds[:, None, None] * (1 + 1e-12))
    assert np.all(steps[0] <= lr * (1 + 1e-12))


def test_adam_step_bound_is_attained_by_a_growing_gradient():
    rho1, rho2, t = 0.9, 0.999, 300
    grads = ((rho1 / rho2) ** np.arange(t - 1, -1, -1))[:, None, None]
    step = abs(_updates(optim.adam(1.0, rho1, rho2, delta=0.0), grads)[-1, 0, 0])
    np.testing.assert_allclose(step, _adam_bound(t, rho1, rho2), rtol=1e-12)
    assert step > (1 - rho1) / np.sqrt(1 - rho2)  # so the rule of thumb is not a strict bound


SCALE_INVARIANT = {
    "adagrad": lambda: optim.adagrad(0.1, delta=0.0),
    "rmsprop": lambda: optim.rmsprop(0.1, delta=0.0),
    "adam": lambda: optim.adam(0.1, delta=0.0),
    "rprop": lambda: optim.rprop(0.1),
}


@pytest.mark.parametrize("name", list(SCALE_INVARIANT))
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), log_c=st.floats(-6, 6))
def test_invariant_to_rescaling_the_gradient(name, seed, log_c):
    """Multiplying every gradient by c > 0 leaves the steps unchanged (δ = 0: exactly, up to rounding)."""
    grads = np.random.default_rng(seed).standard_normal((15, 3, 2))
    make = SCALE_INVARIANT[name]
    # rtol 1e-10: 15 steps of rounding in the moments reach ~1e-12 relative; a real break of the
    # invariance (a δ, a bias) would be many orders larger
    np.testing.assert_allclose(_updates(make(), grads * np.exp(log_c)), _updates(make(), grads), rtol=1e-10, atol=0)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), log_c=st.floats(-3, 3))
def test_adam_with_default_delta_is_nearly_scale_invariant(seed, log_c):
    grads = 1.0 + np.abs(np.random.default_rng(seed).standard_normal((15, 3, 2)))  # |g| >= 1 >> δ
    np.testing.assert_allclose(
        _updates(optim.adam(0.1), grads * np.exp(log_c)), _updates(optim.adam(0.1), grads), rtol=1e-6
    )


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: optim.sgd(0.0), r"lr must be in \(0, inf\); got 0.0"),
        (lambda: optim.sgd(-0.1), r"lr must be in \(0, inf\); got -0.1"),
        (lambda: optim.sgd(np.inf), r"lr must be in \(0, inf\); got inf"),
        (lambda: optim.sgd(np.nan), r"lr must be in \(0, inf\); got nan"),
        (lambda: optim.sgd(np.array([[0.1], [-1.0]])), r"lr must be in \(0, inf\); got -1.0 \(array of shape"),
        (lambda: optim.sgd("0.1"), r"lr must be a number"),
        (lambda: optim.momentum(0.1, alpha=1.0), r"alpha must be in \[0, 1\); got 1.0"),
        (lambda: optim.nesterov(0.1, alpha=-0.1), r"alpha must be in \[0, 1\); got -0.1"),
        (lambda: optim.adagrad(0.1, delta=-1e-7), r"delta must be in \[0, inf\)"),
        (lambda: optim.rmsprop(0.1, rho=1.0), r"rho must be in \[0, 1\); got 1.0"),
        (lambda: optim.rmsprop_nesterov(0.1, alpha=1.5), r"alpha must be in \[0, 1\); got 1.5"),
        (lambda: optim.adadelta(rho=1.2), r"rho must be in \[0, 1\); got 1.2"),
        (lambda: optim.adadelta(eps=0.0), r"eps must be in \(0, inf\); got 0.0"),
        (lambda: optim.adadelta(lr=0.0), r"lr must be in \(0, inf\)"),
        (lambda: optim.adam(rho1=1.0), r"rho1 must be in \[0, 1\); got 1.0"),
        (lambda: optim.adam(rho2=1.0), r"rho2 must be in \[0, 1\); got 1.0"),
        (lambda: optim.adam(rho2=np.nan), r"rho2 must be in \[0, 1\); got nan"),
        (lambda: optim.rprop(init_step=0.0), r"init_step must be in \(0, inf\)"),
        (lambda: optim.rprop(eta_plus=1.0), r"eta_plus must be in \(1, inf\); got 1.0"),
        (lambda: optim.rprop(eta_minus=1.0), r"eta_minus must be in \(0, 1\); got 1.0"),
        (
            lambda: optim.rprop(min_step=1.0, max_step=0.5),
            r"min_step must be <= max_step; got min_step=1.0, max_step=0.5",
        ),
        (lambda: optim.newton(damping=-1.0), r"damping must be in \[0, inf\); got -1.0"),
        (lambda: optim.newton(lr=0.0), r"lr must be in \(0, inf\)"),
        (lambda: optim.clip_by_norm(0.0), r"max_norm must be in \(0, inf\); got 0.0"),
        (lambda: optim.clip_by_value(-1.0), r"max_value must be in \(0, inf\); got -1.0"),
        (lambda: optim.chain(optim.sgd(0.1), "adam"), r"chain takes transforms"),
    ],
)
def test_bad_hyperparameters_raise_naming_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_hyperparameter_arrays_must_broadcast_to_the_batch():
    x = np.zeros((4, 2))
    with pytest.raises(
        ValueError,
        match=r"lr has shape \(3, 1\), which does not broadcast to the parameters' "
        r"shape \(4, 2\)",
    ):
        optim.sgd(np.full((3, 1), 0.1)).init(x)
    with pytest.raises(ValueError, match=r"alpha has shape \(2, 1\)"):
        optim.momentum(0.1, alpha=np.full((2, 1), 0.5)).init(x)
    with pytest.raises(ValueError, match=r"damping must be a scalar or shaped \(B, 1\)"):
        optim.newton(damping=np.ones((4, 2))).init(x)
    optim.adam(np.full((4, 1), 0.1), rho1=np.full((4, 1), 0.9)).init(x)  # fine


@pytest.mark.parametrize("bad", [-0.1, np.nan, np.inf])
def test_a_schedule_returning_a_bad_value_raises_at_that_step(bad):
    opt = optim.sgd(lambda k: 0.1 if k < 3 else bad)
    x = np.zeros((1, 1))
    state = opt.init(x)
    for _ in range(3):
        _, state = opt.update(np.ones((1, 1)), state, x)
    with pytest.raises(ValueError, match=r"lr schedule must return finite values in \[0, inf\); at step 3"):
        opt.update(np.ones((1, 1)), state, x)


# --------------------------------------------------------------------------- docstrings


@pytest.mark.parametrize(
    "module",
    [
        "lecturekit.optim",
        "lecturekit.optim.transforms",
        "lecturekit.optim.alias",
        "lecturekit.optim.averaging",
        "lecturekit.optim.runner",
    ],
)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    "name",
    ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "rmsprop_nesterov", "adadelta", "adam", "rprop", "newton"],
)
def test_every_named_optimizer_documents_rule_example_and_reference(name):
    doc = getattr(optim, name).__doc__
    assert ".. math::" in doc or "θ ←" in doc
    assert ">>> " in doc
    assert any(ref in doc for ref in ("Goodfellow", "Zeiler", "Riedmiller", "Kingma"))
