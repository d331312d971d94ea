"""Neural networks as objectives: parameters, forward passes and their symmetries.

* `network` -- a two-layer tanh network and the relabelling of its hidden units

Like every compute module, nothing here imports `plots`, `widgets` or `checks`.
"""

from .network import TwoLayer, forward, init_two_layer, permute_hidden

__all__ = ["TwoLayer", "forward", "init_two_layer", "permute_hidden"]
