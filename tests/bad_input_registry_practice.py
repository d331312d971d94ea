"""Registry entries for the public names of the learning rate in practice (issue 30): the new
schedules, schedule-free optimizers, the sharpness tracker, the gradient noise scale and the
learning-rate range test. Same format as `bad_input_registry` (whose end adds these to its
REGISTRY); `lecturekit.nn.hessian` is in `bad_input_registry_nn`.
Import it through `bad_input_registry` (importing this file first would be a circular import).
"""

from __future__ import annotations

import numpy as np
from bad_input_registry import E, rng
from bad_input_registry_nn import NETM, WM

from lecturekit import optim, sharpness

PRE = np.full(WM.shape, 0.5)  # a diagonal preconditioner for the two networks
PAIR = sharpness.sharpness(NETM, WM, iters=3, rng=rng())

REGISTRY = [
    # ------------------------------------------------------------ schedules
    E("schedules.cosine", lr0=0.1, steps=10, lr_final=0.01),
    E("schedules.wsd", lr=0.1, steps=10, decay_steps=3, warmup_steps=2, shape="linear", lr_final=0.01),
    E("schedules.log_linear", lr_min=1e-3, lr_max=1.0, steps=10),
    # ------------------------------------------------------------ schedule-free
    E("optim.schedule_free_sgd", lr=0.1, beta=0.9, warmup_steps=2, weight_decay=0.01),
    E("optim.schedule_free_adamw", lr=0.1, beta1=0.9, beta2=0.999, delta=1e-8, warmup_steps=2, weight_decay=0.01),
    E(
        "optim.schedule_free.ScheduleFreeState",
        record=True,
        count=0,
        z=optim.schedule_free_sgd(0.1).init([[0.0]]).z,
        nu=None,
        weight_sum=0.0,
    ),
    # ------------------------------------------------------------ sharpness
    E("sharpness.Eigenpair", record=True, value=PAIR.value, vector=PAIR.vector),
    E("sharpness.top_eigenpair", matvec=lambda v: 2.0 * v, v0=WM, iters=3),
    E("sharpness.sharpness", net=NETM, w=WM, iters=3, rng=rng(), nan_ok=("w",)),
    E("sharpness.sharpness", net=NETM, w=WM, iters=3, v0=PAIR.vector, nan_ok=("w",)),
    E("sharpness.preconditioned_sharpness", net=NETM, w=WM, precond=PRE, iters=3, rng=rng(), nan_ok=("w",)),
    E("sharpness.adam_preconditioner", nu=PRE, t=3, beta1=0.9, beta2=0.999, delta=1e-8),
    E("sharpness.stability_threshold", lr=0.1, beta1=0.9),
    E("sharpness.SharpnessTrace", record=True, steps=np.arange(2), sharpness=PRE, loss=PRE, w=WM),
    E("sharpness.track", net=NETM, opt=optim.sgd(0.1), w0=WM, steps=4, every=2, iters=3, rng=rng()),
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
]
