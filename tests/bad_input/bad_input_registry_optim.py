"""The bad-input registry of `lecturekit.optim`: one valid call per public name, and every
optimizer stepped by hand (its ``update``: a foreign state, a wrong gradient, huge
hyperparameters). The format and the shared inputs: `bad_input_entry`; the join:
`bad_input_registry`.
"""

from __future__ import annotations

import numpy as np
from bad_input_entry import G2, LS, P2, Q2, TRAJ, E, rng

from lecturekit import nn, optim

MUST = True
NET_LAYOUT = nn.mlp(np.zeros((4, 2)), np.array([0, 1, 0, 1]), sizes=(2, 3, 3, 2)).layout
#: A step count each step of which is cheap, but which would run for many minutes: it must be capped.
CHEAP_BUT_MANY = [("10**8 steps", 10**8, MUST)]
G32 = np.array([[1.0, -2.0], [0.5, 0.0], [-3.0, 4.0]])  # a gradient for P2


def stepped(opt, label="stepped by hand", grads=G32, fixed=(), **extra):
    """``opt.update`` called by hand on a state ``opt.init(P2)`` made: every argument perturbed
    (a foreign state, a gradient of another shape, dtype or with NaN, other params)."""
    return E(
        "optim.Optimizer",
        on=opt,
        attribute="update",
        label=label,
        updates=grads,
        state=opt.init(P2),
        params=P2,
        **extra,
        names={"updates": "grads"},
        nan_ok=("updates", "params", "hessian"),  # points: NaN and inf propagate
        fixed=fixed,
    )


HUGE = ("updates", "state", "params", "hessian")  # only the valid call, which must be silent

REGISTRY = [
    E("optim.sgd", lr=0.1),
    E("optim.momentum", lr=0.1, alpha=0.9),
    E("optim.momentum", lr=0.1, alpha=lambda k: 0.5, label="an alpha schedule"),
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
    E("optim.run", opt=optim.sgd(0.1), f=Q2, x0=P2, steps=3, record_every=None, extra={"steps": CHEAP_BUT_MANY}),
    E("optim.run", opt=optim.newton(), f=Q2, x0=P2, steps=3, average="uniform"),
    E("optim.steps_to_tolerance", traj=TRAJ, tol=0.5, x_star=np.zeros(2)),
    E("optim.at_params", params=P2, state=(), nan_ok=("params",), fixed=("state",)),
    E("optim.Optimizer", record=True, init=np.sin, update=np.sin),
    E("optim.chain", record=True),
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
    E("optim.amsgrad", lr=0.1, rho1=0.9, rho2=0.999, delta=1e-8),
    E("optim.adamw", lr=0.1, weight_decay=0.01, rho1=0.9, rho2=0.999, delta=1e-8, eta=1.0),
    E("optim.stack", optimizers=[optim.sgd(0.1), optim.adam(0.1)], rows=np.array([1, 2])),
    E("optim.grouped.StackState", record=True, states=((), ())),
    E("optim.transforms.ScaleByAmsgradState", record=True, mu=P2, nu=P2, nu_max=P2),
    E("optim.scale", factor=0.5),
    E("optim.add_decayed_weights", weight_decay=0.1),
    E("optim.scale_by_amsgrad", rho1=0.9, rho2=0.999, delta=1e-8),
    E("optim.transforms.ChainState", record=True, states=((),), owner="sgd", shape=(3, 2)),
    E("optim.transforms.ScheduledTraceState", record=True, count=0, velocity=P2),
    E(
        "optim.transform",
        name="double",
        init=lambda params: (),
        step=lambda g, state, params=None: (2.0 * g, state),
        state_type=None,
        lookahead=optim.at_params,
        needs_hessian=False,
    ),
    # ------------------------------------------------------------ matrix optimizers
    E(
        "optim.newton_schulz",
        G=np.ones((2, 3, 2)) + np.eye(3, 2),
        steps=5,
        coefficients="quintic",
        eps=1e-7,
        nan_ok=("G",),
    ),
    E(
        "optim.newton_schulz",
        G=G2,
        steps=3,
        coefficients=(1.5, -0.5, 0.0),
        eps=0.0,
        nan_ok=("G",),
        label="three coefficients",
    ),
    E(
        "optim.newton_schulz",
        G=G2,
        steps=10,
        nan_ok=("G",),
        extra={"steps": [("a million steps", 10**6, MUST)]},
        label="capped",
    ),
    E("optim.lr_adjustment", m=4, n=2, adjust_lr="match_rms_adamw"),
    E(
        "optim.scale_by_muon",
        momentum=0.9,
        nesterov=True,
        shape=(1, 2),
        steps=5,
        coefficients="cubic",
        eps=1e-7,
        adjust_lr="original",
    ),
    E(
        "optim.muon",
        lr=0.1,
        momentum=0.9,
        weight_decay=0.1,
        nesterov=False,
        shape=(2, 1),
        steps=5,
        coefficients="quintic",
        eps=1e-7,
        adjust_lr="none",
    ),
    E("optim.matrix.ScaleByMuonState", record=True, momentum=P2),
    E("optim.scale_by_shampoo", eps=1e-4, shape=(1, 2)),
    E("optim.shampoo", lr=0.1, eps=1e-4, shape=(2, 1)),
    E("optim.matrix.ScaleByShampooState", record=True, left=P2, right=P2, params_shape=(3, 2)),
    E("optim.scale_by_lion", beta1=0.9, beta2=0.99),
    E("optim.lion", lr=0.1, beta1=0.9, beta2=0.99, weight_decay=0.1),
    E("optim.matrix.ScaleByLionState", record=True, mu=P2),
    E(
        "optim.partition",
        blocks=[(optim.sgd(0.1), slice(0, 1))],
        rest=optim.adam(0.1),
        perturb={
            "blocks": [
                ("None", None, MUST),
                ("a number", 1.0, MUST),
                ("an optimizer alone", optim.sgd(0.1), MUST),
                ("a list of numbers", [1.0], MUST),
                ("overlapping blocks", [(optim.sgd(0.1), slice(0, 2)), (optim.sgd(0.1), slice(1, 2))], MUST),
                ("string columns", [(optim.sgd(0.1), "0:1")], MUST),
                ("float columns", [(optim.sgd(0.1), np.array([0.5]))], MUST),
                ("an open slice", [(optim.sgd(0.1), slice(None, 2))], MUST),
                ("a shape that does not fit", [(optim.muon(0.1), slice(0, 2), (2, 2))], MUST),
                ("a function for an optimizer", [(np.sin, slice(0, 1))], MUST),
            ]
        },
    ),
    E("optim.grouped.PartitionState", record=True, states=((), ()), shape=(3, 2)),
    E("optim.by_layer", layout=NET_LAYOUT, matrices=optim.muon(0.02), rest=optim.adamw(0.01), output_layer=False),
    # ------------------------------------------------------------ line-search runners
    E(
        "optim.conjugate_gradient",
        A=np.array([[2.0, 0.5], [0.5, 1.0]]),
        b=np.array([1.0, -1.0]),
        x0=P2,
        steps=2,
        tol=1e-12,
        extra={"steps": CHEAP_BUT_MANY},
    ),
    E("optim.wolfe_line_search", f=Q2, x=P2, p=-G32, alpha0=1.0, c1=1e-4, c2=0.9, max_evals=20),
    E(
        "optim.nonlinear_cg",
        f=Q2,
        x0=P2,
        steps=3,
        method="fletcher_reeves",
        restart=2,
        tol=1e-10,
        c1=1e-4,
        c2=0.1,
        max_evals=20,
        extra={"steps": CHEAP_BUT_MANY},
    ),
    E(
        "optim.lbfgs",
        f=Q2,
        x0=P2,
        steps=3,
        memory=2,
        tol=1e-10,
        c1=1e-4,
        c2=0.9,
        max_evals=20,
        extra={"steps": CHEAP_BUT_MANY},
    ),
    E(
        "optim.two_loop",
        g=G32,
        S=np.ones((3, 2, 2)),
        Y=np.ones((3, 2, 2)),
        rho=np.full((3, 2), 0.5),
        gamma=np.ones(3),
        nan_ok=("g", "S", "Y"),
    ),
    E(
        "optim.LineSearch",
        record=True,
        alpha=np.ones(3),
        value=np.ones(3),
        grad=P2,
        evaluations=np.ones(3, int),
        wolfe=np.ones(3, bool),
    ),
    E(
        "optim.SearchTrajectory",
        record=True,
        x=TRAJ.x,
        loss=TRAJ.loss,
        grad_norm=TRAJ.grad_norm,
        diverged=TRAJ.diverged,
        diverged_step=TRAJ.diverged_step,
        steps=TRAJ.steps,
        evaluations=TRAJ.diverged_step,
        stopped_step=TRAJ.diverged_step,
    ),
    # ------------------------------------------------------------ optimizers stepped by hand
    *(
        stepped(opt)
        for opt in (
            optim.sgd(0.1),
            optim.momentum(0.1, alpha=lambda k: 0.5),
            optim.nesterov(0.1),
            optim.adagrad(0.1),
            optim.rmsprop(0.1),
            optim.rmsprop_nesterov(0.1),
            optim.adadelta(),
            optim.adam(0.1),
            optim.amsgrad(0.1),
            optim.adamw(0.1),
            optim.rprop(),
            optim.clip_by_norm(1.0),
            optim.chain(optim.clip_by_value(1.0), optim.scale_by_rms(), optim.scale_by_learning_rate(0.1)),
            optim.stack([optim.sgd(0.1), optim.adam(0.1)], rows=[1, 2]),
            optim.muon(0.1, shape=(1, 2)),
            optim.muon(0.1, shape=(2, 1), adjust_lr="match_rms_adamw", weight_decay=0.1),
            optim.shampoo(0.1, shape=(2, 1)),
            optim.lion(0.1, weight_decay=0.1),
            optim.partition([(optim.muon(0.1), slice(0, 2), (2, 1))]),
            optim.partition([(optim.lion(0.1), np.array([1]))], rest=optim.sgd(0.1)),
        )
    ),
    stepped(optim.newton(0.1), hessian=np.broadcast_to(np.eye(2), (3, 2, 2)).copy()),
    stepped(optim.trace(0.5), label="a transform alone"),
    stepped(optim.scale_by_adam(), label="a transform alone"),
    # Huge hyperparameters and a huge gradient: the step overflows to ±inf, quietly.
    *(
        stepped(opt, "huge hyperparameters", grads=G32 * 1e300, fixed=HUGE)
        for opt in (
            optim.sgd(1e308),
            optim.momentum(1e308, alpha=lambda k: 0.9),
            optim.scale(1e308),
            optim.add_decayed_weights(1e308),
            optim.adamw(lr=1e308, weight_decay=1e308, eta=1e308),
            optim.rprop(eta_plus=1e308, max_step=1e308),
            optim.adagrad(1e308, delta=1e308),
            optim.muon(1e308, weight_decay=1e308, shape=(1, 2)),
            optim.shampoo(1e308, eps=1e308, shape=(2, 1)),
            optim.lion(1e308, weight_decay=1e308),
        )
    ),
    stepped(optim.rprop(), "an infinite gradient", grads=np.full((3, 2), np.inf), fixed=HUGE),
]
