"""Registry entries for the public names outside `lecturekit.nn` that arrived with chapters 5-7:
adaptive methods, online learning, continuation, the new conditioning, risk, sampling and style
helpers, the optimizers' new transforms and the new exercise checks. Same format as
`bad_input_registry` (whose end adds these to its REGISTRY); see its docstring for the options.
Import it through `bad_input_registry` (importing this file first would be a circular import).
"""

from __future__ import annotations

import numpy as np
from bad_input_registry import P2, Q2, TRAJ, XR, YR, E, rng

from lecturekit import objectives, online, optim

BUMPY = objectives.bumpy()  # a 1-D objective
LRS = np.array([0.01, 0.1, 1.0, 10.0])
RUN = online.run_projected(optim.adam(0.1), online.reddi_gradient(), np.zeros((2, 1)), steps=4)

REGISTRY = [
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
    # ------------------------------------------------------------ conditioning
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
    # ------------------------------------------------------------ optim
    E("optim.amsgrad", lr=0.1, rho1=0.9, rho2=0.999, delta=1e-8),
    E("optim.adamw", lr=0.1, weight_decay=0.01, rho1=0.9, rho2=0.999, delta=1e-8, eta=1.0),
    E("optim.stack", optimizers=[optim.sgd(0.1), optim.adam(0.1)], rows=np.array([1, 2])),
    E("optim.grouped.StackState", record=True, states=((), ())),
    E("optim.transforms.ScaleByAmsgradState", record=True, mu=P2, nu=P2, nu_max=P2),
    E("optim.scale", factor=0.5),
    E("optim.add_decayed_weights", weight_decay=0.1),
    E("optim.scale_by_amsgrad", rho1=0.9, rho2=0.999, delta=1e-8),
    # ------------------------------------------------------------ risk, sampling
    E("risk.gradient_descent_paths", X=XR[None], y=YR[None], lr=0.1, steps=3, w0=np.zeros(2)),
    E("sampling.shuffled_batches_per_run", rng=rng(), n=10, m=3, runs=2, passes=2, reshuffle=True),
    # ------------------------------------------------------------ style
    E("style.cyclic_styles", n=5),
    E("style.marker_for", kind="saddle"),
    E("style.palette", name="landmarks"),
    # ------------------------------------------------------------ validate
    E("validate.optional_generator", name="rng", rng=rng(), fixed=("name",)),
    # ------------------------------------------------------------ checks: the compare machinery
    # summary describes any value at all (that is its job), so only max_size is perturbed.
    E("checks.compare.summary", value=P2, max_size=8, fixed=("value",)),
]
