"""Interactive figures: thin wrappers that precompute, then let sliders move artists.

* `live` -- `LiveFigure`, the mechanism every explorer uses
* `descent` -- explorers for gradient descent (learning rate, starting point)
* `curvature` -- explorers for curvature (a symmetric matrix on the unit circle, the directional second derivative, the Taylor model, one gradient step)
"""

from .live import Controls, LiveFigure
