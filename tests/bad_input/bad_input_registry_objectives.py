"""The bad-input registry of `lecturekit.objectives`: one valid call per public name. The format
and the shared inputs: `bad_input_entry`; the join: `bad_input_registry`.
"""

from __future__ import annotations

import numpy as np
from bad_input_entry import LS, P2, Q2, XR, YC, YR, E, rng

from lecturekit import objectives

KQ = objectives.kronecker_quadratic(np.diag([1.0, 4.0]), np.eye(3), np.ones((2, 3)))

REGISTRY = [
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
    E("objectives.lessard_counterexample"),
    E("objectives.linear", slope=np.array([1.0, -2.0])),
    E("objectives.two_minima", tilt=0.4, bend=0.5, stiffness=2.0),
    # ------------------------------------------------------------ a Kronecker-structured matrix quadratic
    E("objectives.kronecker_quadratic", P=np.diag([1.0, 4.0]), Q=np.array([[2.0, 0.5], [0.5, 1.0]]), W_star=np.eye(2)),
    E("objectives.KroneckerQuadratic", P=np.diag([1.0, 4.0]), Q=np.eye(3), W_star=np.ones((2, 3))),
    E("objectives.KroneckerQuadratic.curvatures", on=KQ),
    E("objectives.KroneckerQuadratic.eigen_errors", on=KQ, w=np.ones((3, 6)), nan_ok=("w",)),
]
