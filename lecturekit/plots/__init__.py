"""Drawing: functions that take arrays (or an objective) and an optional ``ax``, draw, and
return the artists they made, so that an interactive figure can update them in place.

Nothing here computes an optimization and nothing here creates a widget: this layer may
import the compute modules and `style`, never `widgets` or `checks`.

The shared primitives live in `primitives` and are importable from here directly
(``plots.curve``, ``plots.contours``, ...). One module per topic, named like its
counterpart in `widgets`:

* `descent` -- learning-rate sweeps coloured by regime, where each start ends
* `curvature` -- the plane, eigenvector arrows, contour segments, step curves, curvature maps
* `conditioning` -- level ellipses, per-coordinate regime bands, steps against kappa
* `sgd` -- histograms as stairs, spread against sample size, log-log rate curves
* `momentum` -- (ε, α) maps of the rate and the regimes with their boundary curves, phase
  portraits, errors per eigenvector, steps against the condition number
* `adaptive` -- one style per optimizer, paths and loss curves, decision surfaces of networks
* `initialization` -- per-layer profiles, norms against the number of multiplications, singular
  value spectra, smoothed curves
* `learning_rate` -- schedules and loss curves, range-test curves, steps against the batch size,
  sharpness against its stability threshold
* `matrix` -- Newton-Schulz's map of singular values, error curves, the race's validation curves
"""

from . import adaptive, conditioning, curvature, descent, initialization, learning_rate, matrix, momentum, sgd
from .primitives import (
    LANDMARK,
    categorical_map,
    contours,
    curve,
    cyclic_marks,
    landmarks_2d,
    path,
    set_state_color,
    state_label,
    text_color,
)

__all__ = [
    "curve",
    "contours",
    "landmarks_2d",
    "path",
    "state_label",
    "categorical_map",
    "cyclic_marks",
    "set_state_color",
    "text_color",
    "LANDMARK",
    "descent",
    "curvature",
    "conditioning",
    "sgd",
    "momentum",
    "adaptive",
    "initialization",
    "learning_rate",
    "matrix",
]
