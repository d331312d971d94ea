"""The bad-input registry of the modules at the top of lecturekit (everything outside its
packages `objectives`, `optim`, `nn` and `checks`, and outside `plots` and `widgets`): one valid
call per public name. The format and the shared inputs: `bad_input_entry`; the join:
`bad_input_registry`.
"""

from __future__ import annotations

import numpy as np
from bad_input_entry import ERR, G2, H2, KS, LS, MODEL, P2, Q2, TRAJ, XR, YR, E, rng
from bad_input_registry_nn import NETM, WM

from lecturekit import nn, noise_scale, objectives, online, optim, propagation, schedules, sharpness

# momentum: closed forms on quadratics
LAMS = np.array([1.0, 4.0])
# propagation: signal propagation through deep networks
WS = np.random.default_rng(5).normal(scale=0.5, size=(1, 2, 3, 3))  # one network, two 3x3 layers
X3 = np.random.default_rng(6).normal(size=(4, 3))
V3 = np.eye(3) + 0.1 * np.random.default_rng(7).normal(size=(3, 3))
# adaptive, continuation, online
BUMPY = objectives.bumpy()  # a 1-D objective
LRS = np.array([0.01, 0.1, 1.0, 10.0])
RUN = online.run_projected(optim.adam(0.1), online.reddi_gradient(), np.zeros((2, 1)), steps=4)

# sharpness, noise scale (the learning rate in practice)
PRE = np.full(WM.shape, 0.5)  # a diagonal preconditioner for the two networks
GRADS = np.random.default_rng(5).normal(size=(2, 4, 3))  # per-example gradients: 2 rows, m = 4, d = 3
NOISE = noise_scale.simple_noise_scale(GRADS)
PAIR = sharpness.sharpness(NETM, WM, iters=3, rng=rng())

MUST, MAY = True, False
#: Schedules that return what no learning rate may be: each must be refused, naming the schedule.
BAD_RATES = [
    ("a schedule with negative rates", lambda k: -0.1 + 0 * np.asarray(k), MUST),
    ("a schedule with nan rates", lambda k: np.nan + 0 * np.asarray(k), MUST),
    ("a schedule with complex rates", lambda k: 0.1j + 0 * np.asarray(k), MUST),
]
#: A step count each step of which is cheap, but which would run for many minutes: it must be capped.
CHEAP_BUT_MANY = [("10**8 steps", 10**8, MUST)]

REGISTRY = [
    # ------------------------------------------------------------ validate
    E("validate.real_array", name="lr", value=0.1, nan_ok=("value",), fixed=("name",), names={"value": "lr"}),
    E("validate.number", name="lr", value=0.1, finite=True, fixed=("name",), names={"value": "lr"}),
    E("validate.points", name="x", x=P2, dim=2, nan_ok=("x",), fixed=("name",), names={"dim": ("dim", "x")}),
    E(
        "validate.in_range",
        name="lr",
        value=0.5,
        low=0.0,
        high=1.0,
        fixed=("name", "low", "high"),
        names={"value": "lr"},
    ),
    E("validate.positive", name="lr", value=0.1, fixed=("name",), names={"value": "lr"}),
    E("validate.nonnegative", name="lr", value=0.1, fixed=("name",), names={"value": "lr"}),
    E("validate.step_size", name="h", value=1e-6, fixed=("name",), names={"value": "h"}),
    E("validate.decay_rate", name="rho", value=0.9, fixed=("name",), names={"value": "rho"}),
    E("validate.integer", name="n", value=3, low=1, fixed=("name", "low"), names={"value": "n"}),
    E("validate.integer_array", name="n", value=np.array([1, 2]), low=1, fixed=("name", "low"), names={"value": "n"}),
    E("validate.flag", name="lines", value=True, fixed=("name",), names={"value": "lines"}),
    E(
        "validate.choice",
        name="method",
        value="fd",
        options=("exact", "fd"),
        fixed=("name", "options"),
        names={"value": "method"},
    ),
    E("validate.work", name="steps", amount=10, fixed=("name", "what", "cap"), names={"amount": "steps"}),
    E("validate.elements", name="n", shape=(3, 4), fixed=("name",)),
    E("validate.broadcasts_to", name="lr", value=np.ones((3, 1)), shape=(3, 2), fixed=("name", "shape", "value")),
    E(
        "validate.schedule_value",
        name="lr",
        schedule=schedules.inverse_time(0.1),
        k=3,
        fixed=("name", "k"),
        names={"schedule": "lr"},
    ),
    E("validate.generator", rng=rng()),
    E("validate.function", name="schedule", fn=np.sin, fixed=("name",), names={"fn": "schedule"}),
    E("validate.objective", name="f", f=Q2, fixed=("name", "needs", "dim")),
    E("validate.optimizer", name="opt", opt=optim.sgd(0.1), fixed=("name",), names={"opt": "opt"}),
    E("validate.optional_generator", name="rng", rng=rng(), fixed=("name",)),
    # ------------------------------------------------------------ critical
    E("critical.eigvalsh_2x2", H=H2, nan_ok=("H",)),
    E("critical.eigvalsh", H=H2, nan_ok=("H",)),
    E("critical.classify_eigenvalues", eigenvalues=np.array([[1.0, 2.0], [-1.0, 1.0]]), tol=1e-8),
    E("critical.classify_hessian", H=H2, tol=1e-8),
    E("critical.classify_1d", second_derivative=np.array([1.0, -1.0, 0.0]), tol=1e-8),
    E("critical.classify_point", f=Q2, x=np.zeros(2), tol=1e-8, grad_tol=1e-6),
    # ------------------------------------------------------------ diagnostics
    E(
        "diagnostics.regimes",
        x=TRAJ.x,
        x_star=np.zeros(2),
        converged=np.ones(3, bool),
        diverged=np.zeros(3, bool),
        nan_ok=("x",),
    ),
    E(
        "diagnostics.nearest_point",
        x=P2,
        points=np.zeros((1, 2)),
        tol=0.5,
        nan_ok=("x",),
    ),
    E("diagnostics.basin_map", f=Q2, lr=0.1, n=4, steps=5, tol=0.1, extra={"steps": CHEAP_BUT_MANY}),
    # ------------------------------------------------------------ convexity
    E("convexity.chord_gap", f=Q2, a=P2, b=P2[::-1], t=np.array([[0.2], [0.5], [0.9]]), nan_ok=("a", "b")),
    E("convexity.worst_chord", f=Q2, rng=rng(), n=20, bounds=((-1.0, 1.0), (-1.0, 1.0))),
    # ------------------------------------------------------------ random_matrices
    E("random_matrices.random_symmetric", rng=rng(), n=3, d=2),
    E("random_matrices.fraction_positive_definite", rng=rng(), dims=[1, 2], n=20),
    E("random_matrices.goe_large_deviation", dims=[1.0, 2.0, 3.0]),
    # ------------------------------------------------------------ finite_diff
    E("finite_diff.gradient", f=Q2.value, x=P2, h=1e-6, nan_ok=("x",)),
    E("finite_diff.jacobian", F=Q2.grad, x=P2, h=1e-6, nan_ok=("x",)),
    E("finite_diff.hessian", grad=Q2.grad, x=P2, h=1e-5, nan_ok=("x",)),
    # ------------------------------------------------------------ linalg
    E("linalg.normalize", v=P2, axis=-1, nan_ok=("v",)),
    E("linalg.angle_between", u=P2, v=P2[::-1], degrees=True, lines=False, nan_ok=("u", "v")),
    E("linalg.eigh_2x2", H=H2),
    E("linalg.eigenpairs", A=np.array([[2.0, 3.0], [2.0, 1.0]]), tol=1e-10),
    # ------------------------------------------------------------ curvature
    E("curvature.directional_curvature", H=H2, d=G2, nan_ok=("H", "d")),
    E("curvature.eigen_weights", H=H2, d=G2),
    E("curvature.curvature_map", f=Q2, n=4, tol=1e-8, bounds=((-1.0, 1.0), (-1.0, 1.0))),
    # ------------------------------------------------------------ taylor
    E("taylor.second_order_model", f=Q2, x0=P2, x=P2[::-1], nan_ok=("x0", "x")),
    E("taylor.predicted_change", g=G2, H=H2, eps=0.1, nan_ok=("g", "H")),
    E("taylor.actual_change", f=Q2, x=P2, eps=0.1, nan_ok=("x",)),
    E("taylor.optimal_step", g=G2, H=H2, nan_ok=("g", "H")),
    E("taylor.best_decrease", g=G2, H=H2, nan_ok=("g", "H")),
    # ------------------------------------------------------------ conditioning
    E("conditioning.condition_number", A=H2),
    E("conditioning.best_step", eigenvalues=np.array([1.0, 4.0])),
    E("conditioning.contraction_factor", lr=0.1, eigenvalues=np.array([1.0, 4.0])),
    E("conditioning.optimal_rate", kappa=4.0),
    E("conditioning.predicted_steps", rate=0.5, error0=1.0, tol=1e-3),
    E("conditioning.coordinate_rates", diagonal=np.array([1.0, 4.0])),
    E("conditioning.coordinate_regimes", lr=0.3, diagonal=np.array([1.0, 4.0])),
    E("conditioning.rescaled", A=H2[:1]),
    E("conditioning.level_ellipses", A=H2[0], values=np.array([0.5, 1.0]), n=8, center=np.zeros(2)),
    E("conditioning.quadratic_batch", eigenvalues=np.array([[1.0, 2.0], [1.0, 4.0]]), angles=np.array([0.0, 0.3])),
    E("conditioning.hvp", f=Q2, x=P2, v=P2, nan_ok=("x", "v")),
    E("conditioning.hvp_fd", f=Q2, x=P2, v=P2, h=1e-5, nan_ok=("x", "v")),
    E("conditioning.gradient_curvature", f=Q2, x=P2, method="fd", h=1e-5, nan_ok=("x",)),
    E("conditioning.overshoot_step", gg=np.array([1.0, 2.0]), gHg=np.array([1.0, -1.0]), nan_ok=("gg", "gHg")),
    E("conditioning.damped_newton_factor", eigenvalues=np.array([1.0, -2.0]), damping=0.5, lr=1.0),
    E("conditioning.step_flops", n=100, d=3),
    E(
        "conditioning.gd_error_components",
        eigenvalues=np.array([1.0, 4.0]),
        coefficients=np.array([1.0, -1.0]),
        lr=0.1,
        k=np.array([0, 1, 5]),
    ),
    E(
        "conditioning.gd_steps_to_tolerance",
        eigenvalues=np.array([1.0, 4.0]),
        coefficients=np.array([1.0, -1.0]),
        lr=0.1,
        tol=1e-3,
        max_steps=100,
    ),
    E("conditioning.whiten", X=XR),
    # ------------------------------------------------------------ sampling
    E("sampling.uniform_means", rng=rng(), n=5, trials=4, low=0.0, high=1.0),
    E("sampling.running_means", rng=rng(), n_max=5, trials=4, low=0.0, high=1.0),
    E("sampling.uniform_mean_law", n=np.array([1, 4]), low=0.0, high=1.0),
    E("sampling.normal_pdf", x=np.array([0.0, 1.0]), mean=0.0, std=1.0, nan_ok=("x",)),
    E("sampling.standard_error", sigma=1.0, n=4),
    E("sampling.estimated_standard_error", x=np.array([[1.0, 2.0, 4.0]]), axis=-1, nan_ok=("x",)),
    E("sampling.finite_population_correction", n=10, m=3),
    E(
        "sampling.batched_histogram",
        values=np.array([[0.1, 0.5, 0.7]]),
        edges=np.array([0.0, 0.5, 1.0]),
        density=True,
        nan_ok=("values",),
    ),
    E("sampling.with_replacement", rng=rng(), n=10, m=3, size=(2,)),
    E("sampling.without_replacement", rng=rng(), n=10, m=3, size=(2,)),
    E("sampling.shuffled_batches", rng=rng(), n=10, m=3, passes=2, reshuffle=True),
    E(
        "sampling.minibatch_means",
        rng=rng(),
        values=XR,
        sizes=np.array([1, 3]),
        draws=4,
        replace=False,
        nan_ok=("values",),
    ),
    E("sampling.shuffled_batches_per_run", rng=rng(), n=10, m=3, runs=2, passes=2, reshuffle=True),
    # ------------------------------------------------------------ risk
    E("risk.GaussianLinearModel", w_star=np.ones(2), cov=np.eye(2), noise=1.0),  # checked when made
    E("risk.gaussian_linear_model", w_star=np.array([1.0, -1.0]), cov=np.eye(2), noise=0.5),
    E("risk.sample", model=MODEL, rng=rng(), n=5, size=(2,)),
    E("risk.risk", model=MODEL, w=P2, nan_ok=("w",)),
    E("risk.excess_risk", model=MODEL, w=P2, nan_ok=("w",)),
    E("risk.risk_grad", model=MODEL, w=P2, nan_ok=("w",)),
    E("risk.risk_objective", model=MODEL),
    E("risk.empirical_risk", X=XR, y=YR, w=P2[:, None, :], nan_ok=("w",)),
    E("risk.empirical_risk_grad", X=XR, y=YR, w=P2[:, None, :], nan_ok=("w",)),
    E("risk.fit_least_squares", X=XR, y=YR),
    E("risk.expected_least_squares_risks", model=MODEL, n=np.array([10, 20])),
    E("risk.PassRecord", record=True, w=P2, grad=P2, true_grad=P2, batch_loss=P2, risk=P2, batches=P2, pass_index=P2),
    E(
        "risk.multi_pass_sgd",
        model=MODEL,
        rng=rng(),
        n=8,
        m=2,
        passes=2,
        lr=0.1,
        runs=3,
        reshuffle=True,
        w0=np.zeros(2),
    ),
    E("risk.gradient_descent_paths", X=XR[None], y=YR[None], lr=0.1, steps=3, w0=np.zeros(2)),
    # ------------------------------------------------------------ rates
    E("rates.robbins_monro_power", power=np.array([0.5, 1.0])),
    E("rates.schedule_sums", schedule=schedules.inverse_time(0.1), steps=5, extra={"schedule": BAD_RATES}),
    E("rates.quadratic_noise_floor", lr=0.1, curvature=1.0, noise=0.5),
    E("rates.absolute_value", dim=2),
    E("rates.excess_error", values=np.array([1.0, 0.5]), minimum=0.1, nan_ok=("values",)),
    E("rates.mean_excess_error", traj=TRAJ, f=Q2),
    E("rates.loglog_slope", k=KS, err=ERR, k_min=1.0, k_max=20.0),
    E("rates.stacked", schedules=[0.1, schedules.inverse_time(0.1)], runs=2),
    E(
        "rates.stacked",
        schedules=[0.1, schedules.inverse_time(0.1)],
        runs=2,
        then=(3,),  # the stacked schedule evaluated alone
        extra={"schedules": [(label, [0.1, bad], must) for label, bad, must in BAD_RATES]},
    ),
    # ------------------------------------------------------------ schedules
    E("schedules.constant", lr=0.1),
    E("schedules.linear_decay", lr0=0.1, lr_tau=0.001, tau=10),
    E("schedules.inverse_time", lr0=0.1),
    E("schedules.inverse_square", lr0=0.1),
    E("schedules.power_decay", lr0=0.1, power=0.5, tau=2.0),
    E("schedules.exponential", lr0=0.1, beta=0.1),
    E("schedules.step_decay", lr0=0.1, factor=0.5, every=3),
    E("schedules.warmup", schedule=schedules.inverse_time(0.1), warmup_steps=3, fixed=("schedule",)),
    E("schedules.warmup", schedule=0.1, warmup_steps=3),
    # Schedules evaluated alone, outside an optimizer: the values are checked there too, and huge
    # hyperparameters give 0 or inf quietly.
    *(
        E(f"schedules.{name}", then=(np.arange(4),), **kwargs)
        for name, kwargs in {
            "constant": {"lr": 0.1},
            "linear_decay": {"lr0": 0.1, "lr_tau": 0.001, "tau": 10},
            "inverse_time": {"lr0": 0.1},
            "inverse_square": {"lr0": 0.1},
            "power_decay": {"lr0": 0.1, "power": 0.5, "tau": 2.0},
            "exponential": {"lr0": 0.1, "beta": 0.1},
            "step_decay": {"lr0": 0.1, "factor": 0.5, "every": 3},
        }.items()
    ),
    E(
        "schedules.warmup",
        schedule=schedules.inverse_time(0.1),
        warmup_steps=3,
        then=(np.arange(4),),
        perturb={"schedule": [("None", None, MUST), ("a string", "0.1", MUST), *BAD_RATES]},
    ),
    # ------------------------------------------------------------ style
    E("style.use_style", context="notebook", dpi=80),
    E("style.available_images"),
    E("style.image_path", name="saddle_surfaces.png"),
    E("style.show_image", name="saddle_surfaces.png", width=100),
    E("style.cyclic_styles", n=5),
    E("style.marker_for", kind="saddle"),
    E("style.palette", name="landmarks"),
    # ------------------------------------------------------------ momentum
    E("momentum.trace_det", lr=0.1, alpha=0.5, eigenvalue=LAMS, method="heavy_ball"),
    E("momentum.iteration_matrix", lr=0.1, alpha=0.5, eigenvalue=LAMS, method="nesterov"),
    E("momentum.eigenvalues", lr=0.1, alpha=0.5, eigenvalue=LAMS, method="heavy_ball"),
    E("momentum.spectral_radius", lr=0.1, alpha=0.5, eigenvalue=LAMS, method="heavy_ball"),
    E("momentum.convergence_rate", lr=0.1, alpha=0.5, eigenvalues=LAMS, method="nesterov"),
    E("momentum.regime", lr=0.1, alpha=0.5, eigenvalue=LAMS, method="heavy_ball"),
    E("momentum.critical_damping", lr_times_eigenvalue=np.array([0.1, 0.5]), method="heavy_ball"),
    E("momentum.stability_limit", alpha=np.array([0.0, 0.9]), method="nesterov"),
    E("momentum.optimal_heavy_ball", lam_min=1.0, lam_max=100.0),
    E("momentum.nesterov_tuning", lam_min=1.0, lam_max=100.0),
    E("momentum.optimal_nesterov", lam_min=1.0, lam_max=100.0),
    E("momentum.effective_lr", lr=0.1, alpha=0.9),
    E("momentum.velocity_under_constant_gradient", lr=0.1, alpha=0.9, grad_norm=1.0, k=np.arange(4)),
    E("momentum.terminal_velocity", lr=0.1, alpha=0.9, grad_norm=1.0),
    E("momentum.noise_floor", lr=0.1, alpha=0.5, curvature=1.0, noise=0.1),
    E("momentum.eigen_errors", lr=0.1, alpha=0.5, eigenvalues=LAMS, x0=np.ones((3, 2)), steps=4),
    E("momentum.Tuning", record=True, lr=np.array(0.1), alpha=np.array(0.5), rate=np.array(0.3)),
    # ------------------------------------------------------------ propagation
    E("propagation.preactivation_variance", fan_in=16.0, var_w=0.01, second_moment_x=1.0),
    E("propagation.scheme_variance", scheme="glorot", fan_in=16.0, fan_out=8.0),
    E("propagation.glorot_bound", fan_in=16.0, fan_out=8.0, misprint=False),
    E("propagation.deep_weights", rng=rng(), batch=1, depth=2, width=3, scheme=nn.init.orthogonal),
    E("propagation.propagate", Ws=WS, X=X3, activation="tanh", g=X3, biases=0.0),
    E("propagation.eigen_power", V=V3, lam=np.array([1.0, 0.5, -0.5]), t=3),
    E("propagation.propagated_norms", V=V3, lam=np.array([1.0, 0.5, -0.5]), x=np.ones(3), g=np.ones(3), t_max=3),
    E("propagation.input_output_jacobian", Ws=WS, x=X3[0], activation="tanh"),
    E("propagation.jacobian_singular_values", Ws=WS, x=X3[0], activation="tanh"),
    E("propagation.depth_sweep", Ws=WS, X=X3, activation="relu", depths=np.array([1, 2])),
    E("propagation.Propagation", record=True, **{k: np.zeros((1, 2)) for k in propagation.Propagation._fields}),
    E("propagation.correlation_through", Ws=WS, x1=X3[0], x2=X3[1], activation="tanh"),
    E("propagation.Correlation", record=True, **{k: np.zeros((1, 2)) for k in propagation.Correlation._fields}),
    # ------------------------------------------------------------ adaptive
    E("adaptive.effective_rates", traj=TRAJ, f=Q2),
    E("adaptive.adam_moments", grads=P2, rho1=0.9, rho2=0.999, nan_ok=("grads",)),
    E("adaptive.ema_weights", rho=0.9, steps=5),
    E("adaptive.ema_window", rho=0.9),
    E(
        "adaptive.good_band",
        lrs=LRS,
        final_loss=np.array([[1.0, 0.1, 0.05, np.inf]]),
        threshold=0.2,
        nan_ok=("final_loss",),  # a diverged run's loss is nan or inf
    ),
    # ------------------------------------------------------------ continuation
    E("continuation.smoothed", f=BUMPY, x=np.array([0.0, 1.0]), sigma=0.5, nodes=10, nan_ok=("x",)),
    E("continuation.smoothed_grad", f=BUMPY, x=np.array([0.0, 1.0]), sigma=0.5, nodes=10, nan_ok=("x",)),
    E(
        "continuation.continuation_descent",
        f=BUMPY,
        x0=np.array([-1.0, 1.0]),
        sigmas=np.array([1.0, 0.0]),
        lr=0.1,
        steps=3,
        nodes=10,
    ),
    E("continuation.Continuation", record=True, x=np.zeros((3, 2)), sigma=np.zeros(3), ends=np.zeros((1, 2))),
    # ------------------------------------------------------------ online
    E("online.OnlineRun", record=True, x=RUN.x, g=RUN.g, loss=RUN.loss),
    E("online.reddi_gradient", C=3.0),
    E(
        "online.run_projected",
        opt=optim.adam(0.1),
        grad=online.reddi_gradient(),
        x0=np.zeros((2, 1)),
        steps=4,
        low=-1.0,
        high=1.0,
    ),
    E("online.average_regret", run=RUN, low=-1.0, high=1.0),
    # ------------------------------------------------------------ schedules
    E("schedules.cosine", lr0=0.1, steps=10, lr_final=0.01),
    E("schedules.wsd", lr=0.1, steps=10, decay_steps=3, warmup_steps=2, shape="linear", lr_final=0.01),
    E("schedules.log_linear", lr_min=1e-3, lr_max=1.0, steps=10),
    # ------------------------------------------------------------ sharpness
    E("sharpness.Eigenpair", record=True, value=PAIR.value, vector=PAIR.vector),
    E("sharpness.top_eigenpair", matvec=lambda v: 2.0 * v, v0=WM, iters=3),
    E("sharpness.sharpness", net=NETM, w=WM, iters=3, rng=rng(), nan_ok=("w",)),
    E("sharpness.sharpness", net=NETM, w=WM, iters=3, v0=PAIR.vector, nan_ok=("w",)),
    E("sharpness.preconditioned_sharpness", net=NETM, w=WM, precond=PRE, iters=3, rng=rng(), nan_ok=("w",)),
    E("sharpness.adam_preconditioner", nu=PRE, t=3, beta1=0.9, beta2=0.999, delta=1e-8),
    E("sharpness.stability_threshold", lr=0.1, beta1=0.9),
    E("sharpness.SharpnessTrace", record=True, steps=np.arange(2), sharpness=PRE, loss=PRE, w=WM),
    E("sharpness.track", net=NETM, opt=optim.sgd(0.1), w0=WM, steps=4, every=2, iters=3, rng=rng(), cold_iters=5),
    E(
        "sharpness.track",
        net=NETM,
        opt=optim.adam(0.1),
        w0=WM,
        steps=4,
        every=2,
        iters=3,
        rng=rng(),
        preconditioner=lambda s: sharpness.adam_preconditioner(s[0].nu, max(s[0].count, 1)),
    ),
    # ------------------------------------------------------------ noise scale
    E("noise_scale.NoiseScale", record=True, b_simple=NOISE.b_simple, trace=NOISE.trace, grad_sq=NOISE.grad_sq),
    E("noise_scale.per_example_gradients", f=LS, x=P2[:2], idx=np.array([[0, 1, 2], [3, 4, 5]]), nan_ok=("x",)),
    E("noise_scale.simple_noise_scale", grads=GRADS),
    E("noise_scale.two_batch_noise_scale", g_small=GRADS, g_big=GRADS[:, :2], b_small=2, b_big=8),
    E("noise_scale.CriticalBatch", record=True, s_min=10.0, b_crit=4.0),
    E("noise_scale.critical_batch_size", batch_sizes=np.array([1.0, 4.0, 16.0]), steps=np.array([50.0, 20.0, 12.0])),
    # ------------------------------------------------------------ tuning
    E("tuning.sweep", methods={"SGD": optim.sgd}, f=LS, x0=P2[0], lrs=np.array([0.01, 0.1]), steps=3, seeds=2, tail=1),
    E(
        "tuning.sweep",
        methods=[optim.sgd, optim.adam],
        f=LS,
        x0=P2[:2],
        lrs=np.array([0.01, 0.1]),
        steps=4,
        seeds=2,
        tail=2,
        record_every=2,
        batch_size=2,
        rng=rng(),
    ),
    E("tuning.Sweep", record=True, lrs=np.ones(2), loss=np.ones((1, 2, 3)), best_lr=np.ones(1), best_loss=np.ones(1)),
    E(
        "tuning.first_below",
        loss=np.array([[1.0, 2.0], [0.5, 1.5]]),
        steps=np.array([0, 5]),
        target_loss=0.6,
        nan_ok=("loss",),
    ),
    E(
        "tuning.steps_to_target",
        make=optim.sgd,
        f=LS,
        x0=P2[0],
        lrs=np.array([0.01, 0.1]),
        batch_sizes=[1, 2],
        target_loss=1.0,
        max_steps=3,
        seeds=2,
        rng=rng(),
        record_every=1,
    ),
    E(
        "tuning.BatchScaling",
        record=True,
        batch_sizes=np.array([1, 2]),
        steps=np.ones(2),
        best_lr=np.ones(2),
        all_steps=np.ones((2, 2, 1)),
    ),
    E(
        "tuning.wsd_branches",
        f=LS,
        x0=P2,
        lr=0.1,
        branch_at=[1, 2],
        decay_steps=2,
        shape="linear",
        noise=0.1,
        rng=rng(),
    ),
    E("tuning.Branches", record=True, branch_at=np.array([1, 2]), stable=np.ones((3, 2)), loss=np.ones((2, 3, 2))),
    # ------------------------------------------------------------ range test
    E("range_test.range_test", optimizer=optim.sgd, f=LS, x0=P2, lr_min=1e-3, lr_max=1.0, steps=5, smoothing=0.9),
    E(
        "range_test.range_test",
        optimizer=optim.sgd,
        f=LS,
        x0=P2,
        steps=5,
        blowup=3.0,
        batch_size=2,
        rng=rng(),
        max_norm=1e3,
    ),
    E(
        "range_test.RangeTest",
        record=True,
        lr=np.ones(2),
        loss=GRADS[0, :2],
        smoothed=GRADS[0, :2],
        steepest=np.ones(3),
        min_over_10=np.ones(3),
    ),
    # ------------------------------------------------------------ tuning: a fair race between optimizers
    E(
        "race.sweep",
        make=lambda lr, wd: optim.adamw(lr, weight_decay=wd),
        net=NETM,
        net_validation=NETM,
        w0=WM,
        lrs=np.array([0.01, 0.1]),
        weight_decays=np.array([0.0, 0.01]),
        epochs=2,
        batch_size=4,
        rng=rng(),
    ),
    E("race.lbfgs_curve", net=NETM, net_validation=NETM, w0=WM, epochs=3, memory=2),
    E(
        "race.SweepResult",
        record=True,
        settings=np.ones((1, 2)),
        epochs=np.arange(2),
        loss=np.ones((1, 1, 2)),
        diverged=np.zeros((1, 1), bool),
        best=0,
        seconds=0.0,
    ),
    E(
        "race.LbfgsCurve",
        record=True,
        epochs=np.arange(2),
        loss=np.ones((1, 2)),
        train_loss=np.ones((1, 2)),
        seconds=0.0,
    ),
]
