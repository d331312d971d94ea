"""Registry entries for the public names of the learning rate in practice (issue 30): the new
schedules, schedule-free optimizers, the sharpness tracker, the gradient noise scale and the
learning-rate range test. Same format as `bad_input_registry` (whose end adds these to its
REGISTRY); `lecturekit.nn.hessian` is in `bad_input_registry_nn`.
Import it through `bad_input_registry` (importing this file first would be a circular import).
"""

from __future__ import annotations

import numpy as np
from bad_input_registry import LS, P2, E, rng
from bad_input_registry_nn import NETM, WM

from lecturekit import noise_scale, optim, sharpness

PRE = np.full(WM.shape, 0.5)  # a diagonal preconditioner for the two networks
GRADS = np.random.default_rng(5).normal(size=(2, 4, 3))  # per-example gradients: 2 rows, m = 4, d = 3
NOISE = noise_scale.simple_noise_scale(GRADS)
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
]
