"""Interactive figures: thin wrappers that precompute, then let sliders move artists.

* `live` -- `LiveFigure`, the mechanism every explorer uses
* `descent` -- explorers for gradient descent (learning rate, starting point)
"""

from .live import Controls, LiveFigure
