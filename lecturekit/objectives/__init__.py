"""Test functions with exact gradients and Hessians, batch-first (see `base.Objective`).

* `landscapes` -- small landscapes that show each kind of critical point
* `classic` -- quadratic, Rosenbrock, Himmelblau, Beale, a cliff, a plateau, Lessard et al.'s
  counterexample for the heavy ball, a linear function
* `kronecker` -- a matrix least-squares problem with Hessian P ⊗ Q (Kronecker-factored preconditioning)
* `data` -- data sets, least squares and logistic regression with minibatch gradients
"""

from .base import Objective, as_points
from .classic import (
    QuadraticObjective,
    beale,
    cliff,
    himmelblau,
    lessard_counterexample,
    linear,
    plateau,
    quadratic,
    quadratic_matrix,
    rosenbrock,
    rotation,
)
from .data import (
    DataObjective,
    badly_scaled_regression,
    least_squares,
    logistic_regression,
    make_classification,
    make_regression,
    standardize,
)
from .kronecker import KroneckerQuadratic, kronecker_quadratic
from .landscapes import bumpy, monkey_saddle, saddle, two_minima

__all__ = [
    "KroneckerQuadratic",
    "kronecker_quadratic",
    "Objective",
    "as_points",
    "QuadraticObjective",
    "beale",
    "cliff",
    "himmelblau",
    "lessard_counterexample",
    "linear",
    "plateau",
    "quadratic",
    "quadratic_matrix",
    "rosenbrock",
    "rotation",
    "DataObjective",
    "badly_scaled_regression",
    "least_squares",
    "logistic_regression",
    "make_classification",
    "make_regression",
    "standardize",
    "bumpy",
    "monkey_saddle",
    "saddle",
    "two_minima",
]
