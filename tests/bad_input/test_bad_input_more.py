"""The bad inputs the registries found in the modules that came with chapters 5-7 (adaptive,
continuation, online, conditioning, risk, sampling, style), one test per fix: a clear error
naming the argument, a capped size, or a quiet inf/nan result (pytest turns every warning into
an error, so each test also asserts silence)."""

import numpy as np
import pytest

from lecturekit import (
    adaptive,
    checks,
    conditioning,
    continuation,
    objectives,
    online,
    optim,
    risk,
    sampling,
    style,
    validate,
)
from lecturekit.checks.compare import summary

# ------------------------------------------------------------------ adaptive


def test_adam_moments_of_a_gradient_whose_square_overflows_are_inf_quietly():
    m = adaptive.adam_moments(np.array([[1e300], [1.0]]), rho1=0.9, rho2=0.999)
    assert np.isinf(m["r"][0, 0]) and np.isfinite(m["s"][0, 0])


@pytest.mark.parametrize("grads", [np.array([["1.0"]]), np.array([[True]]), np.array([[1 + 1j]])])
def test_adam_moments_reject_what_is_not_a_real_array(grads):
    with pytest.raises(ValueError, match="grads"):
        adaptive.adam_moments(grads)


def test_ema_weights_cap_steps_instead_of_allocating_terabytes():
    with pytest.raises(ValueError, match="steps.*capped"):
        adaptive.ema_weights(0.9, 10**12)


def test_good_band_names_both_arguments_when_their_lengths_differ():
    with pytest.raises(ValueError, match="final_loss.*lrs"):
        adaptive.good_band(np.array([0.1, 1.0, 10.0]), np.ones(4), 1.0)


# ------------------------------------------------------------------ continuation


def test_smoothing_propagates_nan_points_and_caps_the_nodes():
    f = objectives.bumpy()
    out = continuation.smoothed(f, np.array([np.nan, 0.0]), 0.5, nodes=10)
    assert np.isnan(out[0]) and np.isfinite(out[1])
    with pytest.raises(ValueError, match="nodes"):
        continuation.smoothed(f, 0.0, 0.5, nodes=10**9)
    with pytest.raises(ValueError, match=r"x \(3,\) and sigma"):
        continuation.smoothed(f, np.zeros(3), np.ones(2))


def test_continuation_descent_caps_the_steps_and_rejects_string_starts():
    f = objectives.bumpy()
    with pytest.raises(ValueError, match="steps.*capped"):
        continuation.continuation_descent(f, np.zeros(2), [0.0], lr=0.1, steps=10**9)
    with pytest.raises(ValueError, match="x0"):
        continuation.continuation_descent(f, np.array(["0.0"]), [0.0], lr=0.1, steps=2)
    with pytest.raises(ValueError, match="lr"):
        continuation.continuation_descent(f, np.zeros(2), [0.0], lr=np.full((2, 1), 0.1), steps=2)


# ------------------------------------------------------------------ online


def test_run_projected_caps_the_steps_and_checks_the_box():
    grad = online.reddi_gradient()
    with pytest.raises(ValueError, match="steps.*capped"):
        online.run_projected(optim.adam(0.1), grad, np.zeros((2, 1)), steps=10**9)
    with pytest.raises(ValueError, match="high.*low"):
        online.run_projected(optim.adam(0.1), grad, np.zeros((2, 1)), steps=3, low=1.0, high=1.0)


def test_average_regret_checks_the_run_and_the_box():
    run = online.run_projected(optim.adam(0.1), online.reddi_gradient(), np.zeros((2, 1)), steps=6)
    assert online.average_regret(run).shape == (6, 2)
    with pytest.raises(ValueError, match="run must be an OnlineRun"):
        online.average_regret(np.ones(3))
    with pytest.raises(ValueError, match="low"):
        online.average_regret(run, low=np.nan)


# ------------------------------------------------------------------ conditioning


def test_gd_steps_to_tolerance_caps_max_steps_and_a_huge_rate_never_converges_quietly():
    lam, c = np.array([1.0, 4.0]), np.array([1.0, -1.0])
    with pytest.raises(ValueError, match="max_steps"):
        conditioning.gd_steps_to_tolerance(lam, c, 0.1, 1e-3, 2**70)
    assert conditioning.gd_steps_to_tolerance(lam, c, 1e308, 1e-3, 100) == -1
    with pytest.raises(ValueError, match="lr"):
        conditioning.gd_error_components(lam, c, "0.1", np.arange(3))


def test_whiten_rejects_strings_and_entries_whose_covariance_overflows():
    X = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match="X"):
        conditioning.whiten(X.astype(str))
    with pytest.raises(ValueError, match="X has entries so large"):
        conditioning.whiten(X * 1e300)


# ------------------------------------------------------------------ optim


def test_amsgrad_on_an_infinite_gradient_gives_nan_quietly():
    opt = optim.amsgrad(0.1)
    x = np.zeros((1, 2))
    updates, _ = opt.update(np.array([[np.inf, 1.0]]), opt.init(x), x)
    assert np.isnan(updates[0, 0]) and np.isfinite(updates[0, 1])


def test_adamw_names_lr_and_eta_and_stack_names_its_arguments():
    with pytest.raises(ValueError, match="lr"):
        optim.adamw(lr=0.0)
    with pytest.raises(ValueError, match="eta"):
        optim.adamw(eta=-1.0)
    with pytest.raises(ValueError, match="optimizers"):
        optim.stack(None)
    with pytest.raises(ValueError, match="rows"):
        optim.stack([optim.sgd(0.1)], rows=1.0)


# ------------------------------------------------------------------ risk, sampling, style


def test_gradient_descent_paths_diverge_quietly_and_cap_the_steps():
    X, y = risk.sample(risk.gaussian_linear_model(np.array([1.0, -1.0])), np.random.default_rng(0), 10, size=(2,))
    paths = risk.gradient_descent_paths(X, y, 1e150, 5)
    assert not np.all(np.isfinite(paths[-1]))
    with pytest.raises(ValueError, match="steps.*capped"):
        risk.gradient_descent_paths(X, y, 0.1, 10**9)
    with pytest.raises(ValueError, match="w0"):
        risk.gradient_descent_paths(X, y, 0.1, 5, w0=np.array([np.nan, 0.0]))


def test_shuffled_batches_per_run_caps_its_size_and_takes_only_a_bool_reshuffle():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="capped"):
        sampling.shuffled_batches_per_run(rng, 10**9, 3, runs=2)
    with pytest.raises(ValueError, match="reshuffle"):
        sampling.shuffled_batches_per_run(rng, 10, 3, runs=2, reshuffle="yes")


def test_style_helpers_reject_what_they_cannot_use():
    with pytest.raises(ValueError, match="n"):
        style.cyclic_styles(10**12)
    assert style.cyclic_styles(np.int64(3)) == style.cyclic_styles(3)
    with pytest.raises(ValueError, match="kind"):
        style.marker_for(3)
    assert style.marker_for("bogus") == style.marker_for("inconclusive")
    with pytest.raises(ValueError, match="name"):
        style.palette(None)


# ------------------------------------------------------------------ checks


def _raises_index_error(*args):
    raise IndexError("index 3 is out of bounds")


@pytest.mark.parametrize("check", [checks.fixed_adam, checks.glorot_uniform, checks.nesterov_step])
def test_checks_with_a_bad_rng_or_no_function_say_so(check):
    with pytest.raises(TypeError, match="rng"):
        check(CHECK_REFERENCE[check.__name__], rng=0)
    with pytest.raises(AssertionError, match="expected a function"):
        check(3.0)
    with pytest.raises(AssertionError, match="IndexError"):  # the learner's error, as a check's message
        check(_raises_index_error, rng=np.random.default_rng(0))


def test_nesterov_check_answers_a_wrongly_shaped_result_with_an_assertion():
    with pytest.raises(AssertionError):
        checks.nesterov_step(lambda theta, v, grad, lr, alpha: (theta[:1], v[:1]), rng=np.random.default_rng(0))


def test_summary_takes_an_integer_max_size():
    assert summary(np.arange(3), max_size=2).startswith("array (3,)")
    for bad in (True, 2.5, "8", None):
        with pytest.raises(ValueError, match="max_size"):
            summary(np.arange(3), max_size=bad)


def test_a_bad_rng_names_the_argument():
    with pytest.raises(TypeError, match="rng"):
        validate.optional_generator("rng", np.random.RandomState(0))


def _glorot(r, fan_in, fan_out):
    bound = np.sqrt(6 / (fan_in + fan_out))
    return r.uniform(-bound, bound, size=(fan_out, fan_in))


def _adam(g, s, r, t, lr, rho1, rho2, delta):
    s = rho1 * s + (1 - rho1) * g
    r = rho2 * r + (1 - rho2) * g * g
    return -lr * (s / (1 - rho1**t)) / (np.sqrt(r / (1 - rho2**t)) + delta), s, r


def _nesterov(theta, v, grad, lr, alpha):
    v = alpha * v - lr * grad(theta + alpha * v)
    return theta + v, v


CHECK_REFERENCE = {"fixed_adam": _adam, "glorot_uniform": _glorot, "nesterov_step": _nesterov}


def test_effective_rates_of_a_run_whose_iterates_overflowed_are_nan_quietly():
    f = objectives.quadratic((1.0, 4.0))
    traj = optim.run(optim.sgd(0.1), f, np.array([[1.0, 1.0]]), steps=3)
    x = traj.x.copy()
    x[2:, 0, 0] = np.inf
    rates = adaptive.effective_rates(traj._replace(x=x), f)
    assert np.isnan(rates[2, 0, 0]) and np.allclose(rates[0], 0.1)
    with pytest.raises(ValueError, match="traj.x"):
        adaptive.effective_rates(traj._replace(x=x.astype(str)), f)
