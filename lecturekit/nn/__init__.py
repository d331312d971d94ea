"""Neural networks as objectives: small MLPs batched over networks, their initializers,
batch normalization and 2-D data sets.

* `mlp` -- `mlp(X, y, sizes, ...)` builds an `MLP`, an `Objective` of the flat parameters
  ``(B, P)`` of B networks (exact backprop, minibatch gradients, per-layer diagnostics,
  predictions, grid evaluation), and `lsuv` (layer-sequential unit-variance
  initialization); its forward and backward pass read line by line against the equations
* `layout` -- the flat vector <-> per-layer `Layer` mapping (one `LayerSpec` per layer) and
  `layer_norms`
* `fast` -- the same forward and backward pass rewritten for speed (workspace buffers,
  in-place activations, grid blocking), which ``MLP.grad`` runs
* `hessian` -- exact Hessian-vector products (Pearlmutter's R-operator) and the full Hessian
  of a network's loss
* `arguments` -- the argument checks of `mlp` and the `MLP` methods
* `init` -- weight initializers ``scheme(rng, batch, fan_in, fan_out)`` (constant, normal,
  uniform, LeCun, Glorot, He, orthogonal, sparse) and bias initializers
* `batchnorm` -- batch normalization's forward and exact backward pass, running averages
* `activations` -- tanh, ReLU, sigmoid, linear and their derivatives
* `losses` -- softmax cross-entropy, logistic, mean squared error and their gradients
* `datasets` -- two spirals, circles, XOR, moons, blobs; grids for decision boundaries
* `digits` -- the 8 × 8 handwritten digits (1,797 real images, shipped with the package) and a
  train/validation split by an explicit Generator
* `network` -- a two-layer tanh network and the relabelling of its hidden units

Training B = 4 networks on XOR in one call of `optim.run`:

>>> import numpy as np
>>> from lecturekit import nn, optim
>>> rng = np.random.default_rng(0)
>>> data = nn.datasets.xor(rng, n=40, noise=0.2)
>>> net = nn.mlp(data.X, data.y, sizes=(2, 8, 2), activation="tanh", loss="softmax_cross_entropy")
>>> w0 = net.init(rng, 4, weights=nn.init.glorot_uniform)    # (4, P), P = 42
>>> traj = optim.run(optim.adam(0.05), net, w0, steps=300, record_every=None)
>>> net.accuracy(traj.x[-1])                                   # training accuracy of each network
array([1., 1., 1., 1.])
>>> [layer.W.shape for layer in net.unflatten(traj.x[-1])]     # per-layer weights, batch axis first
[(4, 8, 2), (4, 2, 8)]

Like every compute module, nothing here imports `plots`, `widgets` or `checks`.
"""

from . import activations, arguments, batchnorm, datasets, digits, fast, hessian, init, layout, losses
from .layout import Layer, LayerSpec, layer_norms
from .mlp import MLP, Backward, Forward, lsuv, mlp
from .network import TwoLayer, forward, init_two_layer, permute_hidden

__all__ = [
    "MLP",
    "Backward",
    "Forward",
    "Layer",
    "LayerSpec",
    "layer_norms",
    "lsuv",
    "mlp",
    "activations",
    "arguments",
    "batchnorm",
    "datasets",
    "digits",
    "fast",
    "hessian",
    "init",
    "layout",
    "losses",
    "TwoLayer",
    "forward",
    "init_two_layer",
    "permute_hidden",
]
