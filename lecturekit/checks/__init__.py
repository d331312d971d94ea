"""Exercise checks: compare a learner's function with the reference on fresh random inputs.

Each check draws new random inputs every time it runs (an unseeded generator unless you
pass ``rng``), so an answer hard-coded for one input fails. On success it prints one line;
on failure it raises `CheckFailed` (an ``AssertionError`` shown as its message alone, never a
traceback) with the input, what came back, what was expected and a hint. An exception raised
inside the learner's function, a learner that is not a function at all ("expected a function")
or one that calls lecturekit's own implementation ("write it yourself") is answered the same way;
an ``rng`` that is neither a ``numpy.random.Generator`` nor None is the caller's mistake, a
``TypeError`` naming ``rng``. The reference implementations are the package's own tested functions.

* `compare` -- the comparison machinery every check uses
* `descent` -- critical points and gradient descent
* `curvature` -- the Hessian, eigenpairs and the Taylor model
* `conditioning` -- conditioning and Newton's method
* `sgd` -- sampling noise, SGD and schedules
* `momentum` -- the momentum update, the 2x2 iteration matrix, the optimal tuning, Nesterov's step
* `adaptive` -- adaptive learning rates (AdaGrad, Adam)
* `initialization` -- Glorot-uniform weights, the planted-bug fix, batch normalization, one LSUV step
* `learning_rate` -- the warmup-stable-decay schedule, the simple noise scale, the sharpness by power iteration
* `matrix` -- one Newton-Schulz step, one Lion step, the L-BFGS two-loop recursion

Every check is also reachable as ``checks.<exercise>``. This layer imports compute
modules only: never `plots` or `widgets`.
"""

from .adaptive import adagrad_rates, adam_step, fixed_adam
from .compare import CheckFailed as CheckFailed  # what a check raises when the answer is wrong
from .compare import NotImplementedYet as NotImplementedYet  # what a check raises on an unsolved stub
from .compare import compare, install_excepthook
from .conditioning import best_step_and_rate, coordinate_regimes, hessian_vector_product, newton_step
from .curvature import directional_curvature, eigenpairs, from_eigen, hessian_fd, is_psd, optimal_step
from .descent import chord_gap, classify_2x2, gradient_step, permute_hidden
from .initialization import batchnorm_forward, fixed_initializer, glorot_uniform, lsuv_step
from .learning_rate import simple_noise_scale, top_eigenvalue, wsd_rate
from .matrix import lion_step, newton_schulz_step, two_loop_direction
from .momentum import iteration_matrix, momentum_update, nesterov_step, optimal_momentum, spectral_radius
from .sgd import estimated_standard_error, linear_decay, loglog_slope, minibatch_gradient

install_excepthook()  # plain Python prints a failed check as its message, like Jupyter

__all__ = [
    "compare",
    "gradient_step",
    "classify_2x2",
    "permute_hidden",
    "chord_gap",
    "eigenpairs",
    "directional_curvature",
    "optimal_step",
    "hessian_fd",
    "from_eigen",
    "is_psd",
    "best_step_and_rate",
    "coordinate_regimes",
    "hessian_vector_product",
    "newton_step",
    "estimated_standard_error",
    "minibatch_gradient",
    "linear_decay",
    "loglog_slope",
    "momentum_update",
    "iteration_matrix",
    "spectral_radius",
    "optimal_momentum",
    "nesterov_step",
    "adagrad_rates",
    "adam_step",
    "fixed_adam",
    "glorot_uniform",
    "fixed_initializer",
    "batchnorm_forward",
    "lsuv_step",
    "wsd_rate",
    "simple_noise_scale",
    "top_eigenvalue",
    "newton_schulz_step",
    "lion_step",
    "two_loop_direction",
]
