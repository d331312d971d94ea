r"""Multilayer perceptrons as objectives of a flat parameter vector, batched over networks.

`mlp` builds an `MLP`: an `objectives.Objective` whose point is the flat vector w of all
weights, shaped ``(B, P)`` for B networks, so that ``optim.run`` trains B networks in one
call (``batch_size=`` gives minibatch gradients, through ``n_examples`` and
``minibatch_grad`` like `objectives.data`).

The network. Sizes (n_0, n_1, ..., n_L), n_0 the input dimension and n_L the number of
outputs. Layer l = 1..L maps h_{l-1} (width n_{l-1}, h_0 = x) to

.. math::
    a_l = W_l h_{l-1} + b_l, \qquad u_l = \mathrm{BN}(a_l) \text{ (or } u_l = a_l\text{)}, \qquad
    h_l = \phi(u_l) \;[+\, h_{l-1}\text{ for a residual layer}],

with W_l ``(n_l, n_{l-1})``. The output layer L is affine (u_L = a_L, no activation, no
batch norm): the loss applies the link (softmax, sigmoid or identity; see `losses`).
Backpropagation runs the chain rule the other way, from dL/dh_L (the loss's gradient):

.. math::
    \frac{\partial L}{\partial u_l} = \frac{\partial L}{\partial h_l} \odot \phi'(u_l), \quad
    \delta_l = \frac{\partial L}{\partial a_l}, \quad
    \frac{\partial L}{\partial W_l} = \sum_i \delta_{l,i} h_{l-1,i}^\top, \quad
    \frac{\partial L}{\partial b_l} = \sum_i \delta_{l,i}, \quad
    \frac{\partial L}{\partial h_{l-1}} = W_l^\top \delta_l \;[+\, \frac{\partial L}{\partial h_l}].

`_forward` and `_backward` below are these equations, one line each. ``grad`` runs the same
operations in `fast`, rewritten for speed (workspace buffers, in-place activations); the two
agree bit for bit (tests/nn/test_nn_fast.py).

* ``activation``: ``"tanh"``, ``"relu"``, ``"sigmoid"`` or ``"linear"`` -- one for every
  hidden layer, or a sequence with one per hidden layer.
* ``residual=True``: every hidden layer whose input and output widths agree (n_{l-1} = n_l,
  so not the first hidden layer when n_0 differs) adds its input, h_l = h_{l-1} + phi(u_l):
  an identity skip connection around a one-layer block (He, Zhang, Ren & Sun, "Deep
  residual learning", CVPR 2016, use two-layer blocks; one layer keeps the bookkeeping
  visible). The gradient then reaches h_{l-1} through the identity as well as through W_l.
* ``batch_norm=True``: every hidden layer normalizes a_l over the examples of the batch
  (see `batchnorm`: training-mode statistics, ε = ``eps`` inside the square root), with
  learnable γ_l and β_l. Such layers have no bias b_l -- the mean subtraction would cancel
  it; β_l takes its place (Ioffe & Szegedy 2015, section 3.2).
* ``l2``: weight decay (l2/2) sum_l |W_l|_F^2 on the weight matrices only (not on biases, γ, β).
* ``dtype=np.float32``: float32 arithmetic inside value and grad (faster; results still float64).

The flat vector: see `layout` (W_l row-major, then b_l -- or γ_l, β_l -- layer by layer).
`unflatten` turns w ``(..., P)`` into a list of `Layer` ``(W, b, gamma, beta)`` with the
leading axes kept (fields absent from a layer are None) and `flatten` goes back.

Diagnostics. ``forward(w, X, return_all=True)`` returns every layer's a_l and h_l and
``backward(w)`` every layer's gradient (as `Layer`) and dL/da_l, dL/dh_l, e.g. for the
standard deviation of the activations per layer and the gradient norm per layer.

>>> import numpy as np
>>> from lecturekit import nn, optim
>>> rng = np.random.default_rng(0)
>>> data = nn.datasets.xor(rng, n=40, noise=0.2)
>>> net = nn.mlp(data.X, data.y, sizes=(2, 8, 2), activation="tanh")
>>> w0 = net.init(rng, 4, weights=nn.init.glorot_uniform)      # 4 networks, (4, P)
>>> w0.shape
(4, 42)
>>> traj = optim.run(optim.adam(0.05), net, w0, steps=300, record_every=None)
>>> net.accuracy(traj.x[-1])                                     # training accuracy per network
array([1., 1., 1., 1.])

Per-layer statistics of a deep tanh network started with weights that are too small:

>>> from functools import partial
>>> deep = nn.mlp(data.X, data.y, sizes=(2,) + (32,) * 6 + (2,), activation="tanh")
>>> w = deep.init(rng, 3, weights=partial(nn.init.normal, scale=0.01))
>>> fw = deep.forward(w, return_all=True)
>>> stds = np.stack([h.std(axis=(-2, -1)) for h in fw.post[:-1]], axis=-1)   # (3 networks, 6 layers)
>>> bool(np.all(stds[:, 1:] < 0.1 * stds[:, :-1]))                           # each layer shrinks it 10x+
True
>>> nn.layer_norms(deep.backward(w).layers).shape                            # gradient norm per layer
(3, 7)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from .. import finite_diff, validate
from ..objectives.base import Objective
from . import activations as _act
from . import arguments as _args
from . import batchnorm as _bn
from . import fast as _fast
from . import losses as _loss
from .layout import Layer, _build_layout, _flatten, _mT, _unflatten


class Forward(NamedTuple):
    """Everything the forward pass computed, layer l = 1..L at index l-1.

    output : ``(..., n, n_L)`` the network outputs (logits for the classification losses).
    pre : list of L arrays ``(..., n, n_l)``, a_l = W_l h_{l-1} + b_l (before batch norm).
    post : list of L arrays ``(..., n, n_l)``, h_l (after the activation and the skip);
        ``post[-1]`` is the output. The hidden layers are ``post[:-1]``.
    normalized : list of L arrays u_l (after batch norm; the same objects as ``pre`` for layers
        without it).
    stats : list with the batch-norm `batchnorm.Stats` used by each normalized hidden layer.
    """

    output: np.ndarray
    pre: list
    post: list
    normalized: list
    stats: list


class Backward(NamedTuple):
    """Loss, gradient and per-layer gradients of one forward-backward pass.

    loss : ``(...)`` the mean loss (plus weight decay) per network.
    grad : ``(..., P)`` its gradient in w.
    layers : list of L `Layer` -- the gradient, split by layer (views into ``grad``).
    d_pre : list of L arrays dL/da_l ``(..., n, n_l)`` (per example, with the 1/n of the mean).
    d_post : list of L arrays dL/dh_l ``(..., n, n_l)``; ``d_post[-1]`` is dL/d(output).
    """

    loss: np.ndarray
    grad: np.ndarray
    layers: list
    d_pre: list
    d_post: list


# ----------------------------------------------------------------- the network, one layer at a time
#
# N networks at once: every array has the networks first, then the examples (rows), then
# the units. For one example a layer computes W_l h_{l-1} + b_l; for the rows of a matrix H
# of examples that is H W_l^T + b_l, written ``h @ _mT(W) + b`` (``_mT``: the transpose of the
# last two axes, one W_l^T per network; NumPy 2's ``W.mT``).


def _forward(net: MLP, w2, X, stats=None):
    """The forward pass of N networks w2 ``(N, P)`` on X ``(n, n_0)`` (shared) or ``(N, n, n_0)``.

    Batch norm uses the statistics of X itself, or ``stats`` (one `batchnorm.Stats` per
    normalized layer, fields ``(N, n_l)``). Returns the `Forward` (fields ``(N, ...)``) and,
    for `_backward`, the list of φ(u_l) and the list of batch norm's caches.
    """
    given_stats = iter(stats or ())  # one per normalized layer, taken in order
    fw, acts, caches = Forward(None, [], [], [], []), [], []
    h = X  # h_0 = x
    for spec, (W, b, gamma, beta) in zip(net.layout, _unflatten(net.layout, w2)):
        # a_l = W_l h_{l-1} + b_l   (b[:, None, :]: each network's b_l, added to every example)
        a = h @ _mT(W)
        if b is not None:
            a = a + b[:, None, :]
        # u_l = BN(a_l) = γ_l (a_l - μ_l) / sqrt(σ_l² + ε) + β_l: the batch's μ_l, σ_l² (or the given ones)
        u, cache = a, None
        if spec.batch_norm and stats is None:
            u, cache = _bn._forward_train(a, gamma, beta, net.eps)
            fw.stats.append(cache.stats)
        elif spec.batch_norm:
            fw.stats.append(next(given_stats))
            u = _bn._forward_eval(a, gamma, beta, fw.stats[-1], net.eps)
        # h_l = φ(u_l), + h_{l-1} for a residual layer; the output layer is affine: h_L = u_L
        act = u if spec.activation is None else _act.get(spec.activation).forward(u)
        h_l = act + h if spec.residual else act
        fw.pre.append(a)
        fw.normalized.append(u)
        fw.post.append(h_l)
        acts.append(act)
        caches.append(cache)
        h = h_l
    return fw._replace(output=h), acts, caches


def _backward(net: MLP, w2, X, fw: Forward, acts, caches, dZ):
    """Backpropagation from dZ = dL/dh_L ``(N, n, n_L)`` (the loss's gradient) to every layer.

    ``fw``, ``acts`` and ``caches`` are what `_forward` returned for the same w2 and X.
    Returns the gradient as a list of L `Layer`, and the lists of dL/da_l and dL/dh_l.
    """
    layers = _unflatten(net.layout, w2)
    L = len(layers)
    grads, d_pre, d_post = [None] * L, [None] * L, [None] * L
    ones = np.ones(dZ.shape[-2], dZ.dtype)  # a sum over the examples i as a product: 1^T (...)
    dh = dZ  # dL/dh_L
    for k in reversed(range(L)):  # layer l = k + 1, from the last to the first
        spec, W, gamma = net.layout[k], layers[k].W, layers[k].gamma
        h_prev = X if k == 0 else fw.post[k - 1]
        d_post[k] = dh
        # dL/du_l = dL/dh_l ⊙ φ'(u_l)   (the output layer is affine: dL/du_L = dL/dh_L); an activation's
        # slope(u, φ(u)) writes φ' with whichever is cheaper, e.g. 1 - φ(u)² for tanh
        du = dh if spec.activation is None else dh * _act.get(spec.activation).slope(fw.normalized[k], acts[k])
        if spec.batch_norm:
            # δ_l = dL/da_l, dL/dγ_l = Σ_i dL/du_l,i ⊙ â_l,i, dL/dβ_l = Σ_i dL/du_l,i (see `batchnorm`)
            delta, d_gamma, d_beta = _bn._backward(du, gamma, caches[k])
            d_b = None
        else:
            # δ_l = dL/da_l = dL/du_l, and dL/db_l = Σ_i δ_l,i
            delta, d_gamma, d_beta = du, None, None
            d_b = ones @ delta
        d_pre[k] = delta
        # dL/dW_l = Σ_i δ_l,i h_{l-1,i}^T   (+ λ W_l from the weight decay (λ/2) |W_l|²)
        dW = _mT(delta) @ h_prev
        if net.l2:
            dW = dW + net.l2 * W
        grads[k] = Layer(dW, d_b, d_gamma, d_beta)
        # dL/dh_{l-1} = W_l^T δ_l   (+ dL/dh_l through the skip of a residual layer)
        if k > 0:
            dh = delta @ W + dh if spec.residual else delta @ W
    return grads, d_pre, d_post


def _decay(net: MLP, w2):
    """The weight decay (λ/2) Σ_l |W_l|_F² of N networks ``(N,)`` (0 without it)."""
    if not net.l2:
        return 0.0
    return 0.5 * net.l2 * sum(np.square(w2[:, s.W]).sum(axis=-1) for s in net.layout)


def _quiet(method):
    """Run ``method`` with NumPy's overflow and invalid-value warnings off: parameters w may hold
    NaN or inf, or be large enough that the network overflows, and the results then hold nan or
    inf, without a warning (the policy of `lecturekit.validate`)."""

    @functools.wraps(method)
    def quiet(*args, **kwargs):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return method(*args, **kwargs)

    return quiet


@dataclass(frozen=True, eq=False, kw_only=True)
class MLP(Objective):
    """A multilayer perceptron with its training data, as an `Objective` of the flat ``(..., P)`` vector.

    Build one with `mlp`. ``value(w)`` is the mean training loss (plus weight decay),
    ``grad(w)`` its exact gradient by backpropagation, vectorized over the networks and the
    examples (one loop, over layers), and ``value_and_grad(w)`` both from one pass.
    ``hess(w)`` is *not* exact: central differences of the exact gradient (h = 1e-5, error
    O(h^2)), symmetrized, for small networks only (it costs 2P gradient evaluations).
    """

    X: np.ndarray  # (n, n_0) training inputs
    y: np.ndarray  # (n,) labels or (n,)/(n, o) regression targets
    targets: np.ndarray = field(repr=False)  # (n, n_L) the float targets the loss uses (one-hot for softmax)
    sizes: tuple
    activations: tuple
    loss: str
    residual: bool
    batch_norm: bool
    eps: float
    l2: float
    dtype: np.dtype = np.dtype(np.float64)
    layout: tuple = field(repr=False)  # one layout.LayerSpec per layer
    _workspaces: _fast._Workspaces = field(default_factory=_fast._Workspaces, repr=False, init=False)

    @property
    def n_examples(self) -> int:
        """n, the number of training examples the loss averages over."""
        return self.X.shape[0]

    @property
    def n_layers(self) -> int:
        """L, the number of layers with weights (hidden layers + the output layer)."""
        return len(self.layout)

    # ----------------------------------------------------------------- the objective: loss and gradient

    def _loss_and_grad(self, w2, X, T, need_grad: bool):
        """Mean loss (plus weight decay) ``(N,)`` and, if ``need_grad``, its gradient ``(N, P)``
        of N networks w2 ``(N, P)`` on (X, T), by `fast`, in ``self.dtype`` arithmetic."""
        if self.dtype != np.float64:  # arithmetic in float32; value and gradient returned as float64
            w2, X, T = w2.astype(self.dtype), X.astype(self.dtype), T.astype(self.dtype)
        ws = self._workspaces.get(len(w2), X, max(self.sizes)) if need_grad else None
        out, kept = _fast._forward(self.layout, self.eps, w2, X, keep=need_grad, ws=ws)
        value, dZ = _loss._loss_and_grad(self.loss, out, T, need_grad)
        value = value + _decay(self, w2)
        grad = _fast._backward(self.layout, self.l2, w2, kept, dZ, ws) if need_grad else None
        return value.astype(float, copy=False), None if grad is None else grad.astype(float, copy=False)

    def _value(self, w):
        value, _ = self._loss_and_grad(w.reshape(-1, self.dim), self.X, self.targets, False)
        return value.reshape(w.shape[:-1])

    def _grad(self, w):
        _, grad = self._loss_and_grad(w.reshape(-1, self.dim), self.X, self.targets, True)
        return grad.reshape(w.shape)

    def _hess(self, w):
        H = finite_diff.hessian(self.grad, w, h=1e-5)
        return 0.5 * (H + np.swapaxes(H, -1, -2))

    @_quiet
    def value_and_grad(self, w):
        """``(value(w), grad(w))`` from one forward and backward pass (what `optim.run` asks for)."""
        w = _args._params(w, self.dim)
        value, grad = self._loss_and_grad(w.reshape(-1, self.dim), self.X, self.targets, True)
        return value.reshape(w.shape[:-1]), grad.reshape(w.shape)

    @_quiet
    def minibatch_grad(self, w, idx) -> np.ndarray:
        """Gradient of the mean loss over the examples ``idx`` (plus weight decay), one minibatch per network.

        ``w`` is ``(B, P)`` (any ``(..., P)``), ``idx`` integer indices ``(B, m)`` into
        0..n-1, row b for network b (or ``(m,)``, shared). Batch norm uses the statistics
        of each network's own minibatch. With idx = 0..n-1 this is ``grad(w)``; with
        uniformly drawn idx, and without batch norm, it is an unbiased estimate of it.
        """
        w = _args._params(w, self.dim)
        idx, lead = _args._minibatches(idx, self.n_examples, w.shape)
        w2 = np.broadcast_to(w, lead + (self.dim,)).reshape(-1, self.dim)
        if idx.ndim == 1:
            Xb, Tb = self.X[idx], self.targets[idx]
        else:
            idx2 = np.broadcast_to(idx, lead + idx.shape[-1:]).reshape(w2.shape[0], -1)
            Xb, Tb = self.X[idx2], self.targets[idx2]
        _, grad = self._loss_and_grad(w2, Xb, Tb, True)
        return grad.reshape(lead + (self.dim,))

    # ----------------------------------------------------------------- diagnostics: the readable passes

    @_quiet
    def forward(self, w, X=None, *, stats=None, return_all: bool = False):
        """Outputs ``(..., n, n_L)`` of the networks ``w`` ``(..., P)`` on ``X`` (default: the training inputs).

        Batch-normalized layers use the statistics of ``X`` itself (training mode) unless
        ``stats`` is given: a list with one `batchnorm.Stats` per normalized layer (e.g.
        ``net.batch_stats(w)``, the training set's, or running averages), each field
        ``(..., n_l)``. With ``return_all`` the result is a `Forward` holding every layer's
        a_l, u_l and h_l.
        """
        w = _args._params(w, self.dim)
        X = self.X if X is None else _args._inputs(X, self.sizes[0])
        return_all = validate.flag("return_all", return_all)
        lead = w.shape[:-1]
        w2 = w.reshape(-1, self.dim)
        stats = _args._stats(stats, self.layout, lead)
        validate.elements("w", (w2.shape[0], X.shape[0], max(self.sizes)))  # the widest intermediate array
        fw, _, _ = _forward(self, w2, X, stats)

        def shaped(a):
            return a.reshape(lead + a.shape[1:])

        if not return_all:
            return shaped(fw.output)
        return Forward(
            shaped(fw.output),
            [shaped(a) for a in fw.pre],
            [shaped(h) for h in fw.post],
            [shaped(u) for u in fw.normalized],
            [_bn.Stats(shaped(s.mean), shaped(s.var)) for s in fw.stats],
        )

    @_quiet
    def backward(self, w) -> Backward:
        """Loss, gradient and every layer's gradients at ``w`` ``(..., P)`` on the training data (a `Backward`).

        ``backward(w).grad`` equals ``grad(w)``. Per-layer gradient norms:
        ``[np.linalg.norm(g.W.reshape(*g.W.shape[:-2], -1), axis=-1) for g in b.layers]``
        (see `layer_norms`).
        """
        w = _args._params(w, self.dim)
        lead = w.shape[:-1]
        w2, X, T = (a.astype(self.dtype) for a in (w.reshape(-1, self.dim), self.X, self.targets))
        validate.elements("w", (w2.shape[0], X.shape[0], max(self.sizes)))
        fw, acts, caches = _forward(self, w2, X)
        value, dZ = _loss._loss_and_grad(self.loss, fw.output, T, True)
        grads, d_pre, d_post = _backward(self, w2, X, fw, acts, caches, dZ)
        grad = _flatten(self.layout, grads, self.dim).reshape(lead + (self.dim,))

        def shaped(a):
            return a.reshape(lead + a.shape[1:])

        return Backward(
            (value + _decay(self, w2)).astype(float).reshape(lead),
            grad,
            self.unflatten(grad),
            [shaped(a) for a in d_pre],
            [shaped(a) for a in d_post],
        )

    @_quiet
    def batch_stats(self, w, X=None) -> list:
        """The batch-norm statistics (one `batchnorm.Stats` per normalized layer, fields ``(..., n_l)``)
        of the training-mode forward pass on ``X`` (default: the whole training set)."""
        return self.forward(w, X, return_all=True).stats

    # ----------------------------------------------------------------- the flat vector and its initialization

    @_quiet
    def unflatten(self, w) -> list:
        """The list of L `Layer` of ``w`` ``(..., P)``: views with shapes ``(..., n_l, n_{l-1})`` etc."""
        return _unflatten(self.layout, _args._params(w, self.dim))

    def flatten(self, layers) -> np.ndarray:
        """The flat vector ``(..., P)`` of a list of L `Layer` (the inverse of `unflatten`).

        Every present field must have this network's shape for its layer after the common
        leading axes; fields a layer does not have (b with batch norm, gamma/beta without)
        must be None.
        """
        return _flatten(self.layout, _args._layer_list(layers, self.n_layers), self.dim)

    def init(self, rng, batch: int, weights=None, biases=0.0, output_bias=None, gamma=1.0, beta=0.0) -> np.ndarray:
        """Initial flat parameters ``(batch, P)`` for ``batch`` networks, layer by layer.

        weights : a scheme from `init` (``scheme(rng, batch, fan_in, fan_out) -> (batch,
            fan_out, fan_in)``), or a list of L schemes, one per layer. Default
            `init.glorot_uniform`. Use ``functools.partial(init.normal, scale=0.1)`` for
            parameters.
        biases : a number (every bias), or a scheme ``(rng, batch, fan_out) -> (batch,
            fan_out)`` such as `init.constant_bias`, or a list of L of either.
        output_bias : overrides the last layer's bias: a number, an array ``(n_L,)``
            (e.g. ``init.prior_bias(net.y, net.loss)``) or ``(batch, n_L)``.
        gamma, beta : initial batch-norm scale and shift (numbers), 1 and 0 as in the paper.

        Draws come from ``rng`` in layer order (weights, then biases), so the same seed
        gives the same networks.
        """
        from . import init as _init

        validate.generator(rng)
        batch = validate.integer("batch", batch)
        validate.elements("batch", (batch, self.dim))
        L = self.n_layers
        weights = _init.glorot_uniform if weights is None else weights
        w_schemes = list(weights) if isinstance(weights, (list, tuple)) else [weights] * L
        b_schemes = list(biases) if isinstance(biases, (list, tuple)) else [biases] * L
        for name, schemes in (("weights", w_schemes), ("biases", b_schemes)):
            if len(schemes) != L:
                raise ValueError(f"{name} must be one scheme or a list of {L} (one per layer); got {len(schemes)}")
        for scheme in w_schemes:
            if not callable(scheme):
                raise ValueError(f"weights must be an initializer from nn.init (a callable); got {scheme!r}")
        gamma, beta = validate.number("gamma", gamma), validate.number("beta", beta)
        layers = []
        for i, spec in enumerate(self.layout):
            W = np.asarray(w_schemes[i](rng, batch, spec.n_in, spec.n_out), dtype=float)
            if W.shape != (batch, spec.n_out, spec.n_in):
                raise ValueError(
                    f"weights scheme for layer {i + 1} returned shape {W.shape}; expected {(batch, spec.n_out, spec.n_in)}"
                )
            b = g = be = None
            if spec.batch_norm:
                g, be = np.full((batch, spec.n_out), gamma), np.full((batch, spec.n_out), beta)
            else:
                scheme = b_schemes[i]
                if callable(scheme):
                    b = np.asarray(scheme(rng, batch, spec.n_out), dtype=float)
                else:
                    b = np.full((batch, spec.n_out), validate.number("biases", scheme))
                if b.shape != (batch, spec.n_out):
                    raise ValueError(f"biases for layer {i + 1} have shape {b.shape}; expected {(batch, spec.n_out)}")
            layers.append(Layer(W, b, g, be))
        if output_bias is not None:
            ob = validate.real_array("output_bias", output_bias, finite=True)
            n_out = self.sizes[-1]
            if ob.shape not in ((), (n_out,), (batch, n_out)):
                raise ValueError(
                    f"output_bias must be finite, shaped (), ({n_out},) or ({batch}, {n_out}); got {ob.shape}"
                )
            layers[-1] = layers[-1]._replace(b=np.broadcast_to(ob, (batch, n_out)))
        return self.flatten(layers)

    # ----------------------------------------------------------------- predictions

    def _eval_stats(self, w, stats):
        """Evaluation needs fixed statistics: the training set's unless given."""
        if stats is None and self.batch_norm:
            return self.batch_stats(w)
        return stats

    @_quiet
    def proba(self, w, X=None, *, stats=None) -> np.ndarray:
        """Predicted probabilities ``(..., n, K)`` (softmax), of class 1 ``(..., n)`` (logistic), or outputs (mse).

        Batch-normalized networks are evaluated with fixed statistics: ``stats``, by default the
        training set's (`batch_stats`), so the prediction for one point does not depend on the
        others.
        """
        out = self.forward(w, X, stats=self._eval_stats(w, stats))
        p = _loss.output_probabilities(self.loss, out)
        return p[..., 0] if self.loss == "logistic" else p

    @_quiet
    def predict(self, w, X=None, *, stats=None) -> np.ndarray:
        """Predicted class labels ``(..., n)`` (classification losses), or outputs ``(..., n, n_L)`` (mse).

        A label cannot carry nan: outputs that hold nan or inf raise a ValueError (see `accuracy`)."""
        out = self.forward(w, X, stats=self._eval_stats(w, stats))
        if self.loss == "mse":
            return out
        if not np.all(np.isfinite(out)):
            raise ValueError(
                "w and X give nan or inf outputs (a diverged network?): a predicted class is not defined there; "
                "accuracy() reports such networks as nan"
            )
        return _loss.predicted_class(self.loss, out)

    @_quiet
    def accuracy(self, w, X=None, y=None, *, stats=None) -> np.ndarray:
        """Fraction of correctly classified examples ``(...)``, on the training data or on ``(X, y)``.

        A network whose outputs hold nan or inf (a diverged one) has no predictions: its accuracy is nan.
        """
        if self.loss == "mse":
            raise ValueError("accuracy needs a classification loss ('softmax_cross_entropy' or 'logistic'), not 'mse'")
        if (X is None) != (y is None):
            raise ValueError("pass both X and y (a test set), or neither (the training set)")
        X = self.X if X is None else _args._inputs(X, self.sizes[0])
        k = 2 if self.loss == "logistic" else self.sizes[-1]
        y = self.y if y is None else _args._labels(y, X.shape[0], k)
        out = self.forward(w, X, stats=self._eval_stats(w, stats))
        # A network with nan or inf outputs has no predictions: its accuracy is nan.
        finite = np.isfinite(out).all(axis=(-2, -1))
        labels = _loss.predicted_class(self.loss, np.where(np.isfinite(out), out, 0.0))
        return np.where(finite, np.mean(labels == y, axis=-1), np.nan)

    @_quiet
    def on_grid(self, w, grid, what: str = "proba", *, stats=None, dtype=np.float32) -> np.ndarray:
        """Evaluate the networks ``w`` ``(..., P)`` on a `datasets.Grid` in one call, for decision-boundary pictures.

        what : ``"proba"`` -- probability of class 1 ``(..., ny, nx)`` (logistic, and softmax with
            two classes) or all class probabilities ``(..., ny, nx, K)`` (softmax, K > 2);
            ``"class"`` -- predicted label ``(..., ny, nx)``; ``"output"`` -- raw outputs
            ``(..., ny, nx, n_L)``.
        dtype : the arithmetic precision, float32 by default: a picture needs no more than
            its ~7 digits, and it is several times faster (float64 for exact values).
        """
        validate.choice("what", what, ("proba", "class", "output"))
        if not (hasattr(grid, "points") and hasattr(grid, "xs") and hasattr(grid, "ys")):
            raise ValueError(f"grid must be a datasets.Grid (from nn.datasets.grid); got {type(grid).__name__}")
        dtype = _args._float_dtype(dtype)
        if np.shape(grid.points) != (np.size(grid.xs) * np.size(grid.ys), 2):
            raise ValueError(f"grid must be a datasets.Grid with points (ny * nx, 2); got {np.shape(grid.points)}")
        w = _args._params(w, self.dim)
        lead = w.shape[:-1]
        stats = _args._stats(self._eval_stats(w, stats), self.layout, lead)
        if stats is not None:
            stats = [_bn.Stats(s.mean.astype(dtype), s.var.astype(dtype)) for s in stats]
        X = _args._inputs(grid.points, self.sizes[0], "grid.points").astype(dtype)
        w2 = w.reshape(-1, self.dim).astype(dtype)
        out = _fast._outputs_in_blocks(self.layout, self.eps, w2, X, stats)
        shape = lead + (len(grid.ys), len(grid.xs))
        if what == "output" or self.loss == "mse":
            return out.reshape(shape + out.shape[-1:])
        if what == "class":
            if not np.all(np.isfinite(out)):
                raise ValueError("w gives nan or inf outputs on the grid: a predicted class is not defined there")
            return _loss.predicted_class(self.loss, out).reshape(shape)
        p = _loss.output_probabilities(self.loss, out)
        if self.loss == "logistic" or p.shape[-1] == 2:
            return p[..., -1].reshape(shape)
        return p.reshape(shape + p.shape[-1:])


def mlp(
    X,
    y,
    sizes,
    activation="tanh",
    loss: str = "softmax_cross_entropy",
    *,
    residual: bool = False,
    batch_norm: bool = False,
    eps: float = 1e-5,
    l2: float = 0.0,
    dtype=np.float64,
) -> MLP:
    """A multilayer perceptron on the data (X, y), as an `MLP` objective (see the module docstring).

    X : ``(n, n_0)`` inputs. y : labels 0..K-1 ``(n,)`` for ``"softmax_cross_entropy"``
        (K = n_L >= 2), 0/1 ``(n,)`` for ``"logistic"`` (n_L = 1), targets ``(n,)`` or
        ``(n, n_L)`` for ``"mse"``.
    sizes : (n_0, n_1, ..., n_L), at least input and output.
    activation : a name, or one name per hidden layer (len(sizes) - 2 of them).
    loss : ``"softmax_cross_entropy"``, ``"logistic"`` or ``"mse"``.
    residual, batch_norm, eps, l2 : see the module docstring.
    dtype : the arithmetic of ``value`` and ``grad``: float64 (default; what the derivative
        checks need) or float32 (about twice as fast for a batch of networks; the results are
        still returned as float64 arrays, with float32's ~7 significant digits).
    """
    fields = _args._mlp_arguments(X, y, sizes, activation, loss, residual, batch_norm, eps, l2, dtype)
    sizes = fields["sizes"]
    layout, P = _build_layout(sizes, fields["activations"], fields["residual"], fields["batch_norm"])
    validate.elements("sizes", (P,))  # the parameters of one network
    return MLP(name="MLP " + "-".join(map(str, sizes)), dim=P, layout=layout, **fields)


@_quiet
def lsuv(net: MLP, w, X=None, tol: float = 0.1, max_iter: int = 10) -> np.ndarray:
    """Layer-sequential unit-variance initialization (Mishkin & Matas, "All you need is a good
    init", ICLR 2016, algorithm 1), for every network of ``w`` ``(..., P)`` at once.

    Starting from ``w`` (the paper starts from orthogonal weights, `init.orthogonal`), layer
    by layer l = 1..L: compute the pre-activations a_l on ``X`` (default: the training
    inputs), their variance v over examples and units, and divide W_l by sqrt(v), until
    |v - 1| < ``tol`` or ``max_iter`` rescalings. Biases, γ and β are left as they are.
    Returns new parameters; ``w`` is not modified.
    """
    if not isinstance(net, MLP):
        raise ValueError(f"net must be an MLP (from nn.mlp); got {net!r}"[:300])
    w = np.array(_args._params(w, net.dim))
    if X is not None:
        X = _args._inputs(X, net.sizes[0])
        if not np.all(np.isfinite(X)):
            raise ValueError("X must be finite (no nan or inf): the variances are computed from it")
    tol = validate.positive("tol", tol, scalar=True)
    max_iter = validate.integer("max_iter", max_iter)
    n = net.n_examples if X is None else X.shape[0]
    # Each rescaling runs one forward pass, about w.size * n multiply-adds, for each of the L layers.
    validate.work("max_iter", max_iter * net.n_layers * w.size * n, "operations (max_iter * layers * w.size * n)")
    layers = net.unflatten(w)  # views into w: scaling them rescales w
    for i in range(net.n_layers):
        for _ in range(max_iter):
            a = net.forward(w, X, return_all=True).pre[i]
            v = a.reshape(a.shape[:-2] + (-1,)).var(axis=-1)
            done = np.abs(v - 1) < tol
            if np.all(done):
                break
            with np.errstate(divide="ignore"):
                scale = np.where(done | (v == 0), 1.0, 1 / np.sqrt(v))
            layers[i].W[...] *= scale[..., None, None]
    return w
