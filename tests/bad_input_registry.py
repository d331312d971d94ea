"""The registry of every public function, class and method of lecturekit (outside `plots` and
`widgets`), each with one valid call. `tests/test_bad_input.py` perturbs one argument at a time.

Adding a function is one line: ``E("module.function", arg=valid, ...)``. Options:

* ``nan_ok=("x",)`` -- arguments that are points: NaN and inf may propagate to the result
  (every other argument must reject NaN with a ValueError naming it);
* ``on=obj`` -- for a method: the instance it is called on (``E("objectives.Objective.grad", on=Q, x=...)``);
* ``names={"value": "lr"}`` -- the word a message must contain when an argument is perturbed
  (default: the argument's own name; a tuple allows several, e.g. when two arguments must match);
* ``fixed=("name",)`` -- arguments left alone (labels, names);
* ``allow={"learner": AssertionError}`` -- a further documented outcome for one argument
  (an exercise check answers a wrong learner with ``AssertionError``);
* ``positional=True`` -- pass the arguments positionally, in order (for ``*args`` functions);
* ``record=True`` -- a plain record type (NamedTuple): only the valid call is made.

Valid values are kept small, so that the whole suite runs in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from learners import chapter_solutions

from lecturekit import (
    nn,
    objectives,
    optim,
    propagation,
    risk,
    schedules,
)


@dataclass
class E:
    target: str
    kwargs: dict
    nan_ok: tuple = ()
    on: object = None
    names: dict = field(default_factory=dict)
    fixed: tuple = ()
    allow: dict = field(default_factory=dict)
    record: bool = False
    positional: bool = False

    def __init__(
        self, target, *, nan_ok=(), on=None, names=None, fixed=(), allow=None, record=False, positional=False, **kwargs
    ):
        self.target, self.kwargs, self.nan_ok, self.on = target, kwargs, tuple(nan_ok), on
        self.names, self.fixed, self.allow, self.record = names or {}, tuple(fixed), allow or {}, record
        self.positional = positional


def rng():
    return np.random.default_rng(0)


# Shared valid inputs, small.
Q2 = objectives.quadratic((1.0, 4.0))
P2 = np.array([[0.5, -1.0], [1.0, 2.0], [0.0, 0.3]])  # three 2-D points
H2 = np.array([[[2.0, 0.5], [0.5, 1.0]], [[1.0, 0.0], [0.0, -1.0]]])  # two symmetric 2x2
G2 = np.array([[1.0, 0.5], [0.2, -1.0]])
XR = np.random.default_rng(1).normal(size=(12, 2))
YR = XR @ np.array([1.0, -0.5]) + 0.1 * np.random.default_rng(2).normal(size=12)
YC = (XR[:, 0] + 0.3 * np.random.default_rng(3).normal(size=12) > 0).astype(float)
LS = objectives.least_squares(XR, YR)
TRAJ = optim.run(optim.sgd(0.1), Q2, P2, steps=5)
NET = nn.init_two_layer(np.random.default_rng(4), 2, 3, 1)
MODEL = risk.gaussian_linear_model(np.array([1.0, -1.0]), noise=0.5)
KS = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
ERR = 3.0 / KS


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
    # broadcasts_to checks shapes only; its callers check the values first.
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
    # ------------------------------------------------------------ objectives
    E("objectives.as_points", x=P2, dim=2, nan_ok=("x",), fixed=("name",), names={"dim": ("dim", "x")}),
    E(
        "objectives.Objective",
        name="bowl",
        dim=2,
        value_fn=np.sin,
        grad_fn=np.sin,
        hess_fn=np.sin,
        bounds=((-1.0, 1.0), (-1.0, 1.0)),
    ),
    E("objectives.Objective.value", on=Q2, x=P2, nan_ok=("x",)),
    E("objectives.Objective.grad", on=Q2, x=P2, nan_ok=("x",)),
    E("objectives.Objective.hess", on=Q2, x=P2, nan_ok=("x",)),
    E("objectives.Objective.grid", on=Q2, n=5),
    E(
        "objectives.base.stack_last",
        positional=True,
        nan_ok=("a", "b"),
        names={"a": "components", "b": "components"},
        a=np.ones(3),
        b=np.zeros(3),
    ),
    E("objectives.base.hessian_2x2", nan_ok=("fxx", "fxy", "fyy"), fxx=np.ones(3), fxy=np.zeros(3), fyy=np.ones(3)),
    E("objectives.rotation", angle=0.3),
    E("objectives.quadratic_matrix", eigenvalues=(1.0, 3.0), angle=0.2),
    E(
        "objectives.QuadraticObjective",
        record=True,
        name="q",
        dim=1,
        value_fn=np.sin,
        grad_fn=np.sin,
        hess_fn=np.sin,
        matrix=np.eye(1),
        center=np.zeros(1),
        eigenvalues=np.ones(1),
    ),
    E("objectives.quadratic", eigenvalues=(1.0, 3.0), angle=0.2, center=np.array([0.5, -0.5])),
    E("objectives.rosenbrock", a=1.0, b=100.0),
    E("objectives.himmelblau"),
    E("objectives.beale"),
    E("objectives.cliff", height=4.0, width=0.02),
    E("objectives.plateau", width=1.0),
    E("objectives.data.Regression", record=True, X=XR, y=YR, w_true=np.ones(2)),
    E("objectives.data.Classification", record=True, X=XR, y=YC, means=np.zeros((2, 2))),
    E("objectives.make_regression", rng=rng(), n=10, scales=(1.0, 2.0), noise=0.1),
    E("objectives.badly_scaled_regression", rng=rng(), n=10, noise=0.1),
    E("objectives.make_classification", rng=rng(), n=10, separation=2.0, dim=2),
    E("objectives.standardize", X=XR),
    E(
        "objectives.DataObjective",
        record=True,
        name="ls",
        dim=2,
        value_fn=np.sin,
        grad_fn=np.sin,
        hess_fn=np.sin,
        X=XR,
        y=YR,
        l2=0.0,
        residual_fn=np.subtract,
    ),
    E("objectives.DataObjective.example_grads", on=LS, w=P2, nan_ok=("w",)),
    E("objectives.DataObjective.minibatch_grad", on=LS, w=P2, idx=np.array([[0, 1], [2, 3], [4, 5]]), nan_ok=("w",)),
    E("objectives.data.sigmoid", z=np.array([-800.0, 0.0, 3.0]), nan_ok=("z",)),
    E("objectives.least_squares", X=XR, y=YR, l2=0.1),
    E("objectives.logistic_regression", X=XR, y=YC, l2=0.1),
    E("objectives.bumpy", minimum_at=-2.0, maximum_at=-0.5, local_minimum_at=0.6, inflection_at=1.6, height=3.0),
    E("objectives.saddle"),
    E("objectives.monkey_saddle"),
    E("objectives.two_minima", tilt=0.4, bend=0.5, stiffness=2.0),
    # ------------------------------------------------------------ optim
    E("optim.sgd", lr=0.1),
    E("optim.momentum", lr=0.1, alpha=0.9),
    E("optim.nesterov", lr=0.1, alpha=0.9),
    E("optim.adagrad", lr=0.1, delta=1e-7),
    E("optim.rmsprop", lr=0.1, rho=0.9, delta=1e-6),
    E("optim.rmsprop_nesterov", lr=0.1, rho=0.9, alpha=0.9, delta=1e-6),
    E("optim.adadelta", rho=0.95, eps=1e-6, lr=1.0),
    E("optim.adam", lr=0.1, rho1=0.9, rho2=0.999, delta=1e-8),
    E("optim.rprop", init_step=0.1, eta_plus=1.2, eta_minus=0.5, min_step=1e-6, max_step=50.0),
    E("optim.newton", damping=0.1, lr=1.0),
    E("optim.averaging.check_decay", decay=0.9),
    E("optim.averaging.average_step", avg=P2, x=P2, k=2, decay=0.5, nan_ok=("avg", "x")),
    E("optim.polyak_average", xs=TRAJ.x, decay=0.5, nan_ok=("xs",)),
    E(
        "optim.Trajectory",
        record=True,
        x=TRAJ.x,
        loss=TRAJ.loss,
        grad_norm=TRAJ.grad_norm,
        diverged=TRAJ.diverged,
        diverged_step=TRAJ.diverged_step,
        steps=TRAJ.steps,
    ),
    E(
        "optim.run",
        opt=optim.sgd(0.1),
        f=Q2,
        x0=P2,
        steps=5,
        noise=0.1,
        rng=rng(),
        max_norm=1e6,
        record_every=2,
        average=0.5,
    ),
    E("optim.run", opt=optim.sgd(0.1), f=LS, x0=P2, steps=3, rng=rng(), batch_size=4),
    E("optim.run", opt=optim.newton(), f=Q2, x0=P2, steps=3, average="uniform"),
    E("optim.steps_to_tolerance", traj=TRAJ, tol=0.5, x_star=np.zeros(2)),
    E("optim.at_params", params=P2, state=(), nan_ok=("params",), fixed=("state",)),  # state is ignored
    E("optim.Optimizer", record=True, init=np.sin, update=np.sin),
    E("optim.chain", record=True),  # variadic: see test_chain_rejects_non_transforms
    E("optim.transforms.ScaleByLearningRateState", record=True, count=0),
    E("optim.scale_by_learning_rate", lr=0.1),
    E("optim.transforms.TraceState", record=True, velocity=P2),
    E("optim.trace", alpha=0.9, lookahead=True),
    E("optim.update_moment", g=G2, moment=G2, rho=0.9, order=2, nan_ok=("g", "moment")),
    E("optim.bias_correction", moment=G2, rho=0.9, t=3, nan_ok=("moment",)),
    E("optim.transforms.ScaleByAdagradState", record=True, sum_of_squares=P2),
    E("optim.scale_by_adagrad", delta=1e-7),
    E("optim.transforms.ScaleByRmsState", record=True, nu=P2),
    E("optim.scale_by_rms", rho=0.9, delta=1e-6),
    E("optim.transforms.ScaleByAdamState", record=True, count=0, mu=P2, nu=P2),
    E("optim.scale_by_adam", rho1=0.9, rho2=0.999, delta=1e-8),
    E("optim.transforms.ScaleByAdadeltaState", record=True, avg_sq_grad=P2, avg_sq_delta=P2),
    E("optim.scale_by_adadelta", rho=0.95, eps=1e-6),
    E("optim.transforms.ScaleByRpropState", record=True, step_size=P2, prev_grad=P2),
    E("optim.scale_by_rprop", init_step=0.1, eta_plus=1.2, eta_minus=0.5, min_step=1e-6, max_step=50.0),
    E("optim.scale_by_newton", damping=0.1),
    E("optim.clip_by_norm", max_norm=1.0),
    E("optim.clip_by_value", max_value=1.0),
    # ------------------------------------------------------------ nn
    E("nn.TwoLayer", record=True, W1=NET.W1, b1=NET.b1, W2=NET.W2, b2=NET.b2),
    E("nn.init_two_layer", rng=rng(), d=2, h=3, o=1, scale=0.5),
    E("nn.forward", params=NET, X=XR, nan_ok=("X",)),
    E("nn.permute_hidden", params=NET, perm=np.array([2, 0, 1])),
    # ------------------------------------------------------------ critical, diagnostics, convexity
    E("critical.eigvalsh_2x2", H=H2, nan_ok=("H",)),
    E("critical.eigvalsh", H=H2, nan_ok=("H",)),
    E("critical.classify_eigenvalues", eigenvalues=np.array([[1.0, 2.0], [-1.0, 1.0]]), tol=1e-8),
    E("critical.classify_hessian", H=H2, tol=1e-8),
    E("critical.classify_1d", second_derivative=np.array([1.0, -1.0, 0.0]), tol=1e-8),
    E("critical.classify_point", f=Q2, x=np.zeros(2), tol=1e-8, grad_tol=1e-6),
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
    E("diagnostics.basin_map", f=Q2, lr=0.1, n=4, steps=5, tol=0.1),
    E("convexity.chord_gap", f=Q2, a=P2, b=P2[::-1], t=np.array([[0.2], [0.5], [0.9]]), nan_ok=("a", "b")),
    E("convexity.worst_chord", f=Q2, rng=rng(), n=20, bounds=((-1.0, 1.0), (-1.0, 1.0))),
    # ------------------------------------------------------------ random_matrices, finite_diff, linalg
    E("random_matrices.random_symmetric", rng=rng(), n=3, d=2),
    E("random_matrices.fraction_positive_definite", rng=rng(), dims=[1, 2], n=20),
    E("random_matrices.goe_large_deviation", dims=[1.0, 2.0, 3.0]),
    E("finite_diff.gradient", f=Q2.value, x=P2, h=1e-6, nan_ok=("x",)),
    E("finite_diff.jacobian", F=Q2.grad, x=P2, h=1e-6, nan_ok=("x",)),
    E("finite_diff.hessian", grad=Q2.grad, x=P2, h=1e-5, nan_ok=("x",)),
    E("linalg.normalize", v=P2, axis=-1, nan_ok=("v",)),
    E("linalg.angle_between", u=P2, v=P2[::-1], degrees=True, lines=False, nan_ok=("u", "v")),
    E("linalg.eigh_2x2", H=H2),
    E("linalg.eigenpairs", A=np.array([[2.0, 3.0], [2.0, 1.0]]), tol=1e-10),
    # ------------------------------------------------------------ curvature, taylor
    E("curvature.directional_curvature", H=H2, d=G2, nan_ok=("H", "d")),
    E("curvature.eigen_weights", H=H2, d=G2),
    E("curvature.curvature_map", f=Q2, n=4, tol=1e-8, bounds=((-1.0, 1.0), (-1.0, 1.0))),
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
    # ------------------------------------------------------------ sampling, risk, rates, schedules
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
    E("risk.GaussianLinearModel", record=True, w_star=np.ones(2), cov=np.eye(2), noise=1.0),
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
    E("rates.robbins_monro_power", power=np.array([0.5, 1.0])),
    E("rates.schedule_sums", schedule=schedules.inverse_time(0.1), steps=5),
    E("rates.quadratic_noise_floor", lr=0.1, curvature=1.0, noise=0.5),
    E("rates.absolute_value", dim=2),
    E("rates.excess_error", values=np.array([1.0, 0.5]), minimum=0.1, nan_ok=("values",)),
    E("rates.mean_excess_error", traj=TRAJ, f=Q2),
    E("rates.loglog_slope", k=KS, err=ERR, k_min=1.0, k_max=20.0),
    E("rates.stacked", schedules=[0.1, schedules.inverse_time(0.1)], runs=2),
    E("schedules.constant", lr=0.1),
    E("schedules.linear_decay", lr0=0.1, lr_tau=0.001, tau=10),
    E("schedules.inverse_time", lr0=0.1),
    E("schedules.inverse_square", lr0=0.1),
    E("schedules.power_decay", lr0=0.1, power=0.5, tau=2.0),
    E("schedules.exponential", lr0=0.1, beta=0.1),
    E("schedules.step_decay", lr0=0.1, factor=0.5, every=3),
    E("schedules.warmup", schedule=schedules.inverse_time(0.1), warmup_steps=3, fixed=("schedule",)),
    E("schedules.warmup", schedule=0.1, warmup_steps=3),  # a positive number is a constant rate
    # ------------------------------------------------------------ style
    E("style.use_style", context="notebook", dpi=80),
    E("style.image_path", name="saddle_surfaces.png"),
    E("style.show_image", name="saddle_surfaces.png", width=100),
]


# ------------------------------------------------------------ exercise checks: learner = the chapter's solution

# every exercise, with the chapter's own solution (a check rejects lecturekit's implementation as the learner)
CHECK_LEARNERS = chapter_solutions()

REGISTRY += [
    E(f"checks.{name}", learner=learner, rng=rng(), allow={"learner": AssertionError})
    for name, learner in CHECK_LEARNERS.items()
]
REGISTRY.append(
    E(
        "checks.compare",
        learner=np.add,
        reference=np.add,
        draw=lambda r: (r.normal(size=2), r.normal(size=2)),
        name="add",
        hint="add them",
        trials=2,
        rtol=1e-9,
        atol=1e-12,
        rng=rng(),
        allow={"learner": AssertionError},
        fixed=("name", "hint"),
    )
)

# Chapter 5: momentum on quadratics, in closed form.
LAMS = np.array([1.0, 4.0])
REGISTRY += [
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
    E("momentum.lessard_counterexample"),
    E("momentum.linear", slope=np.array([1.0, -2.0])),
    E("momentum.momentum_schedule", lr=0.1, alpha=lambda k: 0.5),
    E("momentum.Tuning", record=True, lr=np.array(0.1), alpha=np.array(0.5), rate=np.array(0.3)),
    E("momentum.ScheduledTraceState", record=True, count=0, velocity=np.zeros((1, 2))),
]

# Chapter 7: signal propagation through deep networks.
WS = np.random.default_rng(5).normal(scale=0.5, size=(1, 2, 3, 3))  # one network, two 3x3 layers
X3 = np.random.default_rng(6).normal(size=(4, 3))
V3 = np.eye(3) + 0.1 * np.random.default_rng(7).normal(size=(3, 3))
REGISTRY += [
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
]

# Teaching modes: what a check raises on an unsolved nbgrader stub (its argument is a label).
REGISTRY += [
    E("checks.NotImplementedYet", name="gradient_step", fixed=("name",)),
    E("checks.CheckFailed"),  # any message, as an AssertionError takes
    E("checks.compare.install_excepthook"),  # no arguments; installing twice changes nothing
]


#: Public names not in REGISTRY yet, which the bad-input suite therefore does not cover: none. A
#: name added here must be a temporary exception; a test fails when a name in it is registered or no
#: longer public.
NOT_YET_REGISTERED: set[str] = set()

# nn (activations, batchnorm, datasets, init, losses, mlp): imported last, it uses E and rng.
from bad_input_registry_nn import REGISTRY as _NN  # noqa: E402

REGISTRY += _NN

# The names outside lecturekit.nn that arrived with chapters 5-7 (after E and the shared inputs
# above, which that file imports from here).
from bad_input_registry_more import REGISTRY as _MORE  # noqa: E402

REGISTRY += _MORE
