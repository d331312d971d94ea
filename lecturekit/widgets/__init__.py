"""Interactive figures: thin wrappers that precompute, then let sliders move artists.

* `live` -- `LiveFigure`, the mechanism every explorer uses
* `descent` -- explorers for gradient descent (learning rate, starting point)
* `curvature` -- explorers for curvature (a symmetric matrix on the unit circle, the
  directional second derivative, the Taylor model, one gradient step)
* `conditioning` -- explorers for conditioning (gradient descent against the condition number
  and angle, one step size for coordinates of different curvature, damped Newton near a saddle)
* `sgd` -- explorers for sampling noise and SGD (the central limit theorem over N, minibatch
  gradients over the batch size, learning-rate schedules and the Robbins-Monro sums)

This is the top layer: it may import everything below it (compute modules, `plots`, `style`).
"""

from .live import Controls, LiveFigure

__all__ = ["Controls", "LiveFigure"]
