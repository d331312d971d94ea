"""Registry entries for the public names of the learning rate in practice (issue 30): the new
schedules, schedule-free optimizers, the sharpness tracker, the gradient noise scale and the
learning-rate range test. Same format as `bad_input_registry` (whose end adds these to its
REGISTRY); `lecturekit.nn.hessian` is in `bad_input_registry_nn`.
Import it through `bad_input_registry` (importing this file first would be a circular import).
"""

from __future__ import annotations

from bad_input_registry import E

from lecturekit import optim

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
]
