"""Optimizers as pure ``init``/``update`` pairs, batch-first, and a runner for many trajectories.

* `transforms` -- the building blocks (`chain`, `scale_by_learning_rate`, `trace`,
  `scale_by_adam`, `clip_by_norm`, ...), the `Optimizer` type, `transform` (an optimizer whose
  ``update`` checks its arguments) and `ChainState` (a chain's state, tagged with its owner)
* `alias` -- the named optimizers, each a short chain read against its algorithm box
* `averaging` -- Polyak averaging of iterates
* `runner` -- `run` (drive an optimizer over B trajectories) and `steps_to_tolerance`
* `grouped` -- `stack`: different optimizers on different rows of one batch, to race them in one run;
  `partition` and `by_layer`: different optimizers on different columns (a network's hidden
  weight matrices and the rest)
* `matrix` -- `newton_schulz` (and `singular_value_map`, what it does to each singular value), `muon`, `shampoo`, `soap` on matrix parameters, and `lion`
* `quasi_newton` -- runners with a line search: `conjugate_gradient` (linear, on quadratics),
  `nonlinear_cg` (Fletcher-Reeves, Polak-Ribière), `lbfgs`, and `wolfe_line_search`
* `schedule_free` -- schedule-free SGD and AdamW (Defazio et al. 2024): gradient at an
  interpolation of the average x and the base sequence z

>>> import numpy as np
>>> from lecturekit import optim
>>> opt = optim.adam(lr=1e-2)
>>> x = np.zeros((3, 2)); state = opt.init(x)
>>> updates, state = opt.update(np.ones((3, 2)), state, x)
>>> x = x + updates         # nothing was mutated
"""

from .alias import (
    adadelta,
    adagrad,
    adam,
    adamw,
    amsgrad,
    momentum,
    nesterov,
    newton,
    rmsprop,
    rmsprop_nesterov,
    rprop,
    sgd,
)
from .averaging import polyak_average
from .grouped import by_layer, partition, stack
from .matrix import (
    lion,
    lr_adjustment,
    muon,
    newton_schulz,
    scale_by_lion,
    scale_by_muon,
    scale_by_shampoo,
    scale_by_soap,
    shampoo,
    singular_value_map,
    soap,
)
from .quasi_newton import (
    LineSearch,
    SearchTrajectory,
    conjugate_gradient,
    lbfgs,
    nonlinear_cg,
    two_loop,
    wolfe_line_search,
)
from .runner import Trajectory, run, steps_to_tolerance
from .schedule_free import schedule_free_adamw, schedule_free_sgd
from .transforms import (
    ChainState,
    Optimizer,
    ScheduledTraceState,
    add_decayed_weights,
    at_params,
    bias_correction,
    chain,
    clip_by_norm,
    clip_by_value,
    scale,
    scale_by_adadelta,
    scale_by_adagrad,
    scale_by_adam,
    scale_by_amsgrad,
    scale_by_learning_rate,
    scale_by_newton,
    scale_by_rms,
    scale_by_rprop,
    trace,
    transform,
    update_moment,
)

__all__ = [
    "Optimizer",
    "transform",
    "chain",
    "ChainState",
    "ScheduledTraceState",
    "at_params",
    "update_moment",
    "bias_correction",
    "scale_by_learning_rate",
    "trace",
    "scale_by_adagrad",
    "scale_by_rms",
    "scale_by_adam",
    "scale_by_amsgrad",
    "scale",
    "add_decayed_weights",
    "scale_by_adadelta",
    "scale_by_rprop",
    "scale_by_newton",
    "clip_by_norm",
    "clip_by_value",
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "rmsprop_nesterov",
    "adadelta",
    "adam",
    "amsgrad",
    "adamw",
    "rprop",
    "newton",
    "polyak_average",
    "stack",
    "partition",
    "by_layer",
    "newton_schulz",
    "singular_value_map",
    "lr_adjustment",
    "scale_by_muon",
    "muon",
    "scale_by_shampoo",
    "shampoo",
    "scale_by_soap",
    "soap",
    "scale_by_lion",
    "lion",
    "conjugate_gradient",
    "nonlinear_cg",
    "lbfgs",
    "two_loop",
    "wolfe_line_search",
    "LineSearch",
    "SearchTrajectory",
    "schedule_free_sgd",
    "schedule_free_adamw",
    "run",
    "Trajectory",
    "steps_to_tolerance",
]
