"""Interactive figures: thin wrappers that precompute, then let sliders move artists.

* `live` -- `LiveFigure`, the mechanism every explorer uses, and `Controls`, the box of its
  controls
* `frames` -- `FrameView`, the canvas that draws the pictures next to the current one in the
  browser without waiting for the kernel (with ``frames.js``)
* `controls` -- what every explorer builds the same way: its sliders, the grid index a value
  stands for, a Play button, and the state text coloured to read on its background
* `descent` -- explorers for gradient descent (learning rate, starting point)
* `curvature` -- explorers for curvature (a symmetric matrix on the unit circle, the
  directional second derivative, the Taylor model, one gradient step)
* `conditioning` -- explorers for conditioning (gradient descent against the condition number
  and angle, one step size for coordinates of different curvature, damped Newton near a saddle)
* `sgd` -- explorers for sampling noise and SGD (the central limit theorem over N, minibatch
  gradients over the batch size, learning-rate schedules and the Robbins-Monro sums)
* `momentum` -- explorers for momentum (the (ε, α) map driving a run, one eigencomponent's phase
  portrait, the error along every eigenvector)
* `adaptive` -- explorers for adaptive methods (a race of optimizers on two surfaces with a Play
  button, a neural-network playground, the race as an animation)
* `initialization` -- explorers for initialization (weight scale against depth, repeated
  multiplication, a cliff with and without gradient clipping)
* `learning_rate` -- explorers for setting the learning rate (the edge of stability over ε)
* `matrix` -- an explorer for Newton-Schulz orthogonalization (steps and polynomial against the
  singular values)

This is the top layer: it may import everything below it (compute modules, `plots`, `style`).
"""

from . import (
    adaptive,
    conditioning,
    controls,
    curvature,
    descent,
    frames,
    initialization,
    learning_rate,
    live,
    matrix,
    momentum,
    sgd,
)
from .live import Controls, LiveFigure

__all__ = [
    "Controls",
    "LiveFigure",
    "adaptive",
    "conditioning",
    "controls",
    "curvature",
    "descent",
    "frames",
    "initialization",
    "learning_rate",
    "live",
    "matrix",
    "momentum",
    "sgd",
]
