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

The flat vector. Layer by layer, l = 1..L: W_l row-major (n_l n_{l-1} entries: row j holds
the weights into unit j), then b_l (n_l) -- or, with batch norm, γ_l then β_l. `unflatten`
turns w ``(..., P)`` into a list of `Layer` ``(W, b, gamma, beta)`` with the leading axes
kept (fields absent from a layer are None) and `flatten` goes back; ``layout`` lists each
block's slice.

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
from . import batchnorm as _bn
from . import losses as _loss


class Layer(NamedTuple):
    """One layer's parameters (or their gradients), leading batch axes kept.

    W ``(..., n_out, n_in)``; b ``(..., n_out)`` or None (batch-normalized layers);
    gamma, beta ``(..., n_out)`` or None (layers without batch norm).
    """

    W: np.ndarray
    b: np.ndarray | None = None
    gamma: np.ndarray | None = None
    beta: np.ndarray | None = None


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


class LayerSpec(NamedTuple):
    """Shape and options of one layer, and where its blocks sit in the flat vector."""

    n_in: int
    n_out: int
    activation: str | None  # None for the (affine) output layer
    batch_norm: bool
    residual: bool
    W: slice
    b: slice | None
    gamma: slice | None
    beta: slice | None


_GRID_BLOCK = 2**17  # numbers per intermediate array in grid evaluation (networks x points x units)
_WS_MAX = 8 * 2**20  # bytes: the largest intermediate array a workspace keeps
_BIAS_ROW = 256  # numbers per inner loop when a bias is added (see _add_bias)


def _quiet(method):
    """Run ``method`` with NumPy's overflow and invalid-value warnings off: parameters w may hold
    NaN or inf, or be large enough that the network overflows, and the results then hold nan or
    inf, without a warning (the policy of `lecturekit.validate`)."""

    @functools.wraps(method)
    def quiet(*args, **kwargs):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            return method(*args, **kwargs)

    return quiet


def _float_dtype(dtype) -> np.dtype:
    """``dtype`` as np.float32 or np.float64, else a ValueError."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.float32, np.float64) or isinstance(dtype, (bool, int, float, str)):
        raise ValueError(f"dtype must be np.float32 or np.float64; got {dtype!r}"[:300])
    return dt


def _buffer(ws, key, shape, dtype):
    """An array for an intermediate result: fresh without a workspace, else reused from ``ws``."""
    if ws is None:
        return np.empty(shape, dtype)
    a = ws.get(key)
    if a is None or a.shape != shape or a.dtype != dtype:
        a = ws[key] = np.empty(shape, dtype)
    return a


@functools.lru_cache(maxsize=64)
def _tile_factor(n: int, k: int) -> int:
    """The largest divisor r of n with r k <= _BIAS_ROW (1 if k alone exceeds it)."""
    return max(d for d in range(1, max(1, _BIAS_ROW // k) + 1) if n % d == 0)


def _add_bias(a, b, ws, i):
    """a += b[:, None, :] for a ``(N, n, k)`` contiguous and b ``(N, k)``, the same additions.

    Broadcasting b over the examples runs NumPy's inner loop k numbers at a time (k = 2 or 16
    here). With b tiled r times, r a divisor of n, a is added to as ``(N, n / r, r k)``: inner
    loops r times longer, about 1.4x faster for 8 networks of width 16 on 200 examples.
    """
    N, n, k = a.shape
    r = _tile_factor(n, k)
    if r == 1 or not a.flags.c_contiguous:
        np.add(a, b[:, None, :], out=a)
        return
    tiled = _buffer(ws, ("b", i), (N, r, k), a.dtype)
    np.copyto(tiled, b[:, None, :])
    rows = a.reshape(N, n // r, r * k)
    np.add(rows, tiled.reshape(N, 1, r * k), out=rows)


def _build_layout(sizes, activations, residual: bool, batch_norm: bool):
    specs, offset = [], 0
    L = len(sizes) - 1
    for i in range(L):
        n_in, n_out = sizes[i], sizes[i + 1]
        hidden = i < L - 1
        bn = batch_norm and hidden
        W = slice(offset, offset + n_in * n_out)
        offset = W.stop
        b = gamma = beta = None
        if bn:
            gamma = slice(offset, offset + n_out)
            beta = slice(gamma.stop, gamma.stop + n_out)
            offset = beta.stop
        else:
            b = slice(offset, offset + n_out)
            offset = b.stop
        act = activations[i] if hidden else None
        specs.append(LayerSpec(n_in, n_out, act, bn, residual and hidden and n_in == n_out, W, b, gamma, beta))
    return tuple(specs), offset


@dataclass(frozen=True, eq=False, kw_only=True)
class MLP(Objective):
    """A multilayer perceptron with its training data, as an `Objective` of the flat ``(..., P)`` vector.

    Build one with `mlp`. ``value(w)`` is the mean training loss (plus weight decay),
    ``grad(w)`` its exact gradient by backpropagation, vectorized over the networks and the
    examples (one loop, over layers). ``hess(w)`` is *not* exact: central differences of the
    exact gradient (h = 1e-5, error O(h^2)), symmetrized, for small networks only (it costs
    2P gradient evaluations).
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
    layout: tuple = field(repr=False)
    _cache: dict = field(default_factory=dict, repr=False)

    # ----------------------------------------------------------------- shapes

    @property
    def n_examples(self) -> int:
        """n, the number of training examples the loss averages over."""
        return self.X.shape[0]

    @property
    def n_layers(self) -> int:
        """L, the number of layers with weights (hidden layers + the output layer)."""
        return len(self.layout)

    def _params(self, w, name: str = "w") -> np.ndarray:
        w = validate.real_array(name, w, what="the flat parameters of networks: an array of real numbers")
        if w.ndim == 0 or w.shape[-1] != self.dim or w.size == 0:
            raise ValueError(
                f"{name} must be shaped (..., {self.dim}) (the flat parameters of this network, P = {self.dim}), "
                "for at least one network; "
                f"got shape {w.shape}"
            )
        return w

    def _inputs(self, X, name: str = "X") -> np.ndarray:
        if X is None:
            return self.X
        X = validate.real_array(name, X, what="inputs: an array of real numbers")
        if X.ndim != 2 or X.shape[1] != self.sizes[0] or X.shape[0] == 0:
            raise ValueError(f"{name} must be shaped (n, {self.sizes[0]}) with n >= 1 examples; got shape {X.shape}")
        return X

    @_quiet
    def unflatten(self, w) -> list:
        """The list of L `Layer` of ``w`` ``(..., P)``: views with shapes ``(..., n_l, n_{l-1})`` etc."""
        w = self._params(w)
        lead = w.shape[:-1]

        def part(s, shape):
            return None if s is None else w[..., s].reshape(lead + shape)

        return [
            Layer(
                part(s.W, (s.n_out, s.n_in)),
                part(s.b, (s.n_out,)),
                part(s.gamma, (s.n_out,)),
                part(s.beta, (s.n_out,)),
            )
            for s in self.layout
        ]

    def flatten(self, layers) -> np.ndarray:
        """The flat vector ``(..., P)`` of a list of L `Layer` (the inverse of `unflatten`).

        Every present field must have this network's shape for its layer after the common
        leading axes; fields a layer does not have (b with batch norm, gamma/beta without)
        must be None.
        """
        if not isinstance(layers, (list, tuple)) or not all(isinstance(layer, tuple) for layer in layers):
            raise ValueError(
                f"layers must be a list of {self.n_layers} Layer tuples (one per layer); got {layers!r}"[:300]
            )
        layers = list(layers)
        if len(layers) != self.n_layers:
            raise ValueError(f"layers must hold {self.n_layers} Layer tuples (one per layer); got {len(layers)}")
        lead = np.shape(layers[0][0])[:-2]
        validate.elements("layers", lead + (self.dim,))
        w = np.empty(lead + (self.dim,))
        for i, (spec, layer) in enumerate(zip(self.layout, layers)):
            for fname, s, shape in (
                ("W", spec.W, (spec.n_out, spec.n_in)),
                ("b", spec.b, (spec.n_out,)),
                ("gamma", spec.gamma, (spec.n_out,)),
                ("beta", spec.beta, (spec.n_out,)),
            ):
                value = getattr(layer, fname)
                if s is None:
                    if value is not None:
                        raise ValueError(f"layers[{i}].{fname} must be None: layer {i + 1} has no {fname}")
                    continue
                if value is not None:
                    value = validate.real_array(f"layers[{i}].{fname}", value)
                if value is None or np.shape(value) != lead + shape:
                    raise ValueError(
                        f"layers[{i}].{fname} must have shape {lead + shape}; got {None if value is None else np.shape(value)}"
                    )
                w[..., s] = np.reshape(value, lead + (-1,))
        return w

    # ----------------------------------------------------------------- initialization

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

    # ----------------------------------------------------------------- forward and backward (core)

    def _workspace(self, N: int, X) -> dict | None:
        """Reusable buffers for the intermediate arrays of one gradient shape, or None.

        A training run asks for the same gradient thousands of times; writing every
        intermediate into the same memory (``out=``) instead of fresh arrays avoids the
        allocator returning pages to the system and faulting them in again, which made the
        batched gradient several times slower on the development machine. Only arrays up to
        ``_WS_MAX`` bytes are kept, and at most four shapes.
        """
        n = X.shape[-2]
        if N * n * max(self.sizes) * 8 > _WS_MAX:
            return None
        key = ("ws", N, X.shape, X.dtype)
        spaces = self._cache.setdefault("spaces", {})
        if key not in spaces:
            if len(spaces) >= 4:
                spaces.pop(next(iter(spaces)))
            spaces[key] = {}
        return spaces[key]

    def _run_forward(self, w2, X, stats=None, keep=False, ws=None):
        """Forward pass for w2 ``(N, P)`` and X ``(n, d)`` (shared) or ``(N, m, d)``.

        Returns the output ``(N, n, o)`` and, with ``keep``, the lists of what the backward
        pass and the diagnostics need. With a workspace ``ws`` the intermediates live in
        its buffers (valid until the next call with the same workspace), and a_l and u_l are
        overwritten by phi(u_l): only the diagnostics (``ws=None``) keep them.
        """
        N = w2.shape[0]
        n = X.shape[-2]
        validate.elements("w", (N, n, max(self.sizes)))  # the widest intermediate array
        h = X
        ins, pres, norms, acts, posts, caches, used = [], [], [], [], [], [], []
        n_bn = 0
        for i, spec in enumerate(self.layout):
            W = w2[:, spec.W].reshape(N, spec.n_out, spec.n_in)
            shape = (N, n, spec.n_out)
            a = np.matmul(h, np.swapaxes(W, -1, -2), out=_buffer(ws, ("a", i), shape, w2.dtype))
            if spec.b is not None:
                _add_bias(a, w2[:, spec.b], ws, i)
            u, cache = a, None
            if spec.batch_norm:
                gamma, beta = w2[:, spec.gamma], w2[:, spec.beta]
                if stats is None:
                    u, cache = _bn._forward_train(a, gamma, beta, self.eps)
                    used.append(cache.stats)
                else:
                    u = _bn._forward_eval(a, gamma, beta, stats[n_bn], self.eps)
                    used.append(stats[n_bn])
                n_bn += 1
            if spec.activation is None:
                act = out = u
            else:
                # With a workspace (the training path) the activation overwrites u: backpropagation
                # needs only phi(u) (every slope is written with h; batch norm keeps its own cache).
                act = _act._apply(spec.activation, u, u if ws is not None else np.empty(shape, w2.dtype))
                out = np.add(act, h, out=_buffer(ws, ("h", i), shape, w2.dtype)) if spec.residual else act
            if keep:
                ins.append(h)
                pres.append(a)
                norms.append(u)
                acts.append(act)
                posts.append(out)
                caches.append(cache)
            h = out
        return h, (ins, pres, norms, acts, posts, caches, used)

    def _run_backward(self, w2, kept, dZ, ws=None):
        """Backpropagate dL/d(output) ``dZ`` ``(N, n, o)``; returns (grad (N, P), d_pre, d_post)."""
        ins, pres, norms, acts, posts, caches, _ = kept
        N = w2.shape[0]
        n = dZ.shape[-2]
        ones = np.ones(n, dtype=w2.dtype)  # sums over examples as ones @ (N, n, k): a matmul, much faster
        grad = np.empty((N, self.dim), dtype=w2.dtype)
        d_pre, d_post = [None] * self.n_layers, [None] * self.n_layers
        dh = dZ
        for i in range(self.n_layers - 1, -1, -1):
            spec = self.layout[i]
            d_post[i] = dh
            if spec.activation is None:
                du = dh
            else:
                # In the training path phi(u_l) is needed for nothing but this slope (dW_{l+1} has
                # used it already): write dL/du_l over it, where the slope formula allows.
                in_place = ws is not None and spec.activation in ("tanh", "relu", "linear")
                into = acts[i] if in_place else _buffer(ws, ("du", i), dh.shape, dh.dtype)
                du = _act._backprop(spec.activation, dh, norms[i], acts[i], into)
            if spec.batch_norm:
                gamma = w2[:, spec.gamma]
                da, d_gamma, d_beta = _bn._backward(du, gamma, caches[i])
                grad[:, spec.gamma] = d_gamma
                grad[:, spec.beta] = d_beta
            else:
                da = du
                grad[:, spec.b] = ones @ da
            d_pre[i] = da
            dW = np.swapaxes(da, -1, -2) @ ins[i]  # (N, n_out, n) @ (n, n_in) or (N, n, n_in)
            grad[:, spec.W] = dW.reshape(N, -1)
            if self.l2:
                grad[:, spec.W] += self.l2 * w2[:, spec.W]
            if i > 0:
                W = w2[:, spec.W].reshape(N, spec.n_out, spec.n_in)
                dh_in = np.matmul(da, W, out=_buffer(ws, ("dh", i), (N, n, spec.n_in), da.dtype))
                if spec.residual:
                    dh_in += dh
                dh = dh_in
        return grad, d_pre, d_post

    def _decay(self, w2):
        if not self.l2:
            return 0.0
        return 0.5 * self.l2 * sum(np.square(w2[:, s.W]).sum(axis=-1) for s in self.layout)

    def _loss_grad(self, w2, X, T, need_grad: bool, ws=None):
        if self.dtype != np.float64:  # arithmetic in float32; value and gradient returned as float64
            value, grad, rest = self._loss_grad_dtype(
                w2.astype(self.dtype), X.astype(self.dtype), T.astype(self.dtype), need_grad, ws
            )
            return value.astype(float), None if grad is None else grad.astype(float), rest
        return self._loss_grad_dtype(w2, X, T, need_grad, ws)

    def _loss_grad_dtype(self, w2, X, T, need_grad: bool, ws=None):
        out, kept = self._run_forward(w2, X, keep=need_grad, ws=ws)
        value, dZ = _loss._loss_and_grad(self.loss, out, T, need_grad)
        value = value + self._decay(w2)
        if not need_grad:
            return value, None, None
        grad, d_pre, d_post = self._run_backward(w2, kept, dZ, ws)
        return value, grad, (kept, d_pre, d_post)

    # ----------------------------------------------------------------- objective interface

    def _value(self, w):
        lead = w.shape[:-1]
        w2 = w.reshape(-1, self.dim)
        cached = self._cache.get("last")
        if cached is not None and cached[0].shape == w2.shape and np.array_equal(cached[0], w2):
            return cached[1].reshape(lead)
        value, _, _ = self._loss_grad(w2, self.X, self.targets, need_grad=False)
        return value.reshape(lead)

    def _grad(self, w):
        lead = w.shape[:-1]
        w2 = w.reshape(-1, self.dim)
        value, grad, _ = self._loss_grad(w2, self.X, self.targets, True, self._workspace(len(w2), self.X))
        # optim.run asks for f(θ) right after ∇f(θ) at recorded steps: keep the loss of this point.
        self._cache["last"] = (w2.copy(), value)
        return grad.reshape(lead + (self.dim,))

    def _hess(self, w):
        H = finite_diff.hessian(self.grad, w, h=1e-5)
        return 0.5 * (H + np.swapaxes(H, -1, -2))

    @_quiet
    def minibatch_grad(self, w, idx) -> np.ndarray:
        """Gradient of the mean loss over the examples ``idx`` (plus weight decay), one minibatch per network.

        ``w`` is ``(B, P)`` (any ``(..., P)``), ``idx`` integer indices ``(B, m)`` into
        0..n-1, row b for network b (or ``(m,)``, shared). Batch norm uses the statistics
        of each network's own minibatch. With idx = 0..n-1 this is ``grad(w)``; with
        uniformly drawn idx, and without batch norm, it is an unbiased estimate of it.
        """
        w = self._params(w)
        idx = validate.integer_array("idx", idx)
        n = self.n_examples
        if idx.ndim == 0 or idx.shape[-1] == 0:
            raise ValueError(f"idx must be shaped (..., m) with m >= 1 indices per minibatch; got shape {idx.shape}")
        if idx.min() < 0 or idx.max() >= n:
            raise ValueError(
                f"idx must lie in [0, {n - 1}] (n = {n} examples); got values from {idx.min()} to {idx.max()}"
            )
        try:
            lead = np.broadcast_shapes(w.shape[:-1], idx.shape[:-1])
        except ValueError:
            raise ValueError(
                f"w {w.shape} and idx {idx.shape} need matching leading shapes: w (B, P) with idx (B, m), "
                "or idx (m,) shared by every network"
            ) from None
        w2 = np.broadcast_to(w, lead + (self.dim,)).reshape(-1, self.dim)
        if idx.ndim == 1:
            Xb, Tb = self.X[idx], self.targets[idx]
        else:
            idx2 = np.broadcast_to(idx, lead + idx.shape[-1:]).reshape(w2.shape[0], -1)
            Xb, Tb = self.X[idx2], self.targets[idx2]
        _, grad, _ = self._loss_grad(w2, Xb, Tb, True, self._workspace(len(w2), Xb))
        return grad.reshape(lead + (self.dim,))

    # ----------------------------------------------------------------- diagnostics and predictions

    @_quiet
    def forward(self, w, X=None, *, stats=None, return_all: bool = False):
        """Outputs ``(..., n, n_L)`` of the networks ``w`` ``(..., P)`` on ``X`` (default: the training inputs).

        Batch-normalized layers use the statistics of ``X`` itself (training mode) unless
        ``stats`` is given: a list with one `batchnorm.Stats` per normalized layer (e.g.
        ``net.batch_stats(w)``, the training set's, or running averages), each field
        ``(..., n_l)``. With ``return_all`` the result is a `Forward` holding every layer's
        a_l, u_l and h_l.
        """
        w = self._params(w)
        X = self._inputs(X)
        return_all = validate.flag("return_all", return_all)
        lead = w.shape[:-1]
        w2 = w.reshape(-1, self.dim)
        stats = self._check_stats(stats, lead)
        out, kept = self._run_forward(w2, X, stats, keep=return_all)

        def shaped(a):
            return a.reshape(lead + a.shape[1:])

        if not return_all:
            return shaped(out)
        _, pres, norms, _, posts, _, used = kept
        used = [_bn.Stats(shaped(s.mean), shaped(s.var)) for s in used]
        return Forward(
            shaped(out), [shaped(a) for a in pres], [shaped(h) for h in posts], [shaped(u) for u in norms], used
        )

    @_quiet
    def backward(self, w) -> Backward:
        """Loss, gradient and every layer's gradients at ``w`` ``(..., P)`` on the training data (a `Backward`).

        ``backward(w).grad`` equals ``grad(w)``. Per-layer gradient norms:
        ``[np.linalg.norm(g.W.reshape(*g.W.shape[:-2], -1), axis=-1) for g in b.layers]``
        (see `layer_norms`).
        """
        w = self._params(w)
        lead = w.shape[:-1]
        w2 = w.reshape(-1, self.dim)
        value, grad, (_, d_pre, d_post) = self._loss_grad(w2, self.X, self.targets, need_grad=True)
        grad = grad.reshape(lead + (self.dim,))

        def shaped(a):
            return a.reshape(lead + a.shape[1:])

        return Backward(
            value.reshape(lead), grad, self.unflatten(grad), [shaped(a) for a in d_pre], [shaped(a) for a in d_post]
        )

    @_quiet
    def batch_stats(self, w, X=None) -> list:
        """The batch-norm statistics (one `batchnorm.Stats` per normalized layer, fields ``(..., n_l)``)
        of the training-mode forward pass on ``X`` (default: the whole training set)."""
        return self.forward(w, X, return_all=True).stats

    def _check_stats(self, stats, lead):
        if stats is None:
            return None
        widths = [s.n_out for s in self.layout if s.batch_norm]
        if not isinstance(stats, (list, tuple)) or len(stats) != len(widths):
            got = len(stats) if isinstance(stats, (list, tuple)) else repr(stats)[:80]
            raise ValueError(f"stats must hold {len(widths)} batchnorm.Stats (one per normalized layer); got {got}")
        N = int(np.prod(lead, dtype=int))
        out = []
        for i, (s, width) in enumerate(zip(stats, widths)):
            if not (isinstance(s, tuple) and len(s) == 2):
                raise ValueError(f"stats[{i}] must be a batchnorm.Stats(mean, var); got {s!r}"[:300])
            mean, var = (validate.real_array(f"stats[{i}].{k}", v) for k, v in zip(_bn.Stats._fields, s))
            if mean.shape != lead + (width,) or var.shape != lead + (width,) or np.any(var < 0):
                raise ValueError(
                    f"stats[{i}] must hold mean and var >= 0 shaped {lead + (width,)} (w's networks {lead}, "
                    f"{width} units); got {mean.shape}, {var.shape}"
                )
            out.append(_bn.Stats(mean.reshape(N, width), var.reshape(N, width)))
        return out

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
        X = self._inputs(X)
        if y is None:
            y = self.y
        else:
            k = 2 if self.loss == "logistic" else self.sizes[-1]
            y = validate.real_array("y", y, finite=True, what="class labels 0..K-1")
            if y.shape != (X.shape[0],):
                raise ValueError(f"y must hold one label per row of X, shape ({X.shape[0]},); got {y.shape}")
            if not np.all(np.isin(y, np.arange(k))):
                raise ValueError(f"y must hold class labels in 0..{k - 1}")
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
        dtype = _float_dtype(dtype)
        if np.shape(grid.points) != (np.size(grid.xs) * np.size(grid.ys), 2):
            raise ValueError(f"grid must be a datasets.Grid with points (ny * nx, 2); got {np.shape(grid.points)}")
        w = self._params(w)
        lead = w.shape[:-1]
        w2 = w.reshape(-1, self.dim)
        stats = self._check_stats(self._eval_stats(w, stats), lead)
        if stats is not None:
            stats = [_bn.Stats(s.mean.astype(dtype), s.var.astype(dtype)) for s in stats]
        X = self._inputs(grid.points, "grid.points").astype(dtype)
        w2 = w2.astype(dtype)
        # Blocks of points small enough that the intermediates stay in cache, computed into
        # the same buffers block after block (a loop over blocks of thousands of points).
        block = max(1, _GRID_BLOCK // (w2.shape[0] * max(self.sizes)))
        out = np.empty((w2.shape[0], len(X), self.sizes[-1]), dtype)
        ws = {}
        for start in range(0, len(X), block):
            out[:, start : start + block], _ = self._run_forward(w2, X[start : start + block], stats, ws=ws)
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


def layer_norms(layers, field: str = "W") -> np.ndarray:
    """Frobenius norm of one field of every layer: ``(..., L)`` from a list of L `Layer`.

    With the gradients of `MLP.backward` this is the gradient norm per layer (the vanishing /
    exploding gradient picture); with `MLP.unflatten` the weight norm per layer.
    """
    field = validate.choice("field", field, Layer._fields)
    if not isinstance(layers, (list, tuple)) or not layers or not all(isinstance(v, Layer) for v in layers):
        raise ValueError(
            f"layers must be a non-empty list of Layer (from MLP.unflatten or MLP.backward); got {layers!r}"[:300]
        )
    norms = []
    k = 2 if field == "W" else 1
    for i, layer in enumerate(layers):
        a = getattr(layer, field)
        if a is None:
            raise ValueError(f"layers[{i}] (layer {i + 1}) has no {field}")
        a = validate.real_array(f"layers[{i}].{field}", a)
        if a.ndim < k or (norms and a.shape[:-k] != norms[0].shape):
            raise ValueError(
                f"layers[{i}].{field} must be shaped (..., {'n_out, n_in' if k == 2 else 'n_out'}) with the leading axes of layers[0]; got {a.shape}"
            )
        with np.errstate(over="ignore", invalid="ignore"):  # huge weights: the norm is inf
            norms.append(np.sqrt(np.square(a).reshape(a.shape[:-k] + (-1,)).sum(axis=-1)))
    return np.stack(norms, axis=-1)


def _bound_later(w):
    """A placeholder: `mlp` binds value_fn, grad_fn and hess_fn to the network's methods."""
    raise RuntimeError("an MLP's functions are bound by nn.mlp")


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
    X = np.array(validate.real_array("X", X, what="a 2-D array of real numbers (n examples, d features)"))
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must be a 2-D array (n examples, d features) with n, d >= 1; got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must be finite (no nan or inf)")
    if isinstance(sizes, (str, bytes)) or np.ndim(sizes) != 1 or len(sizes) < 2:
        raise ValueError(f"sizes must be a sequence (n_0, ..., n_L) of at least two layer widths; got {sizes!r}")
    sizes = tuple(validate.integer(f"sizes[{i}]", s) for i, s in enumerate(sizes))
    if sizes[0] != X.shape[1]:
        raise ValueError(f"sizes[0] must equal the number of input features X.shape[1] = {X.shape[1]}; got {sizes[0]}")
    loss = _loss.check_name(loss)
    if loss == "logistic" and sizes[-1] != 1:
        raise ValueError(f"the logistic loss needs one output (sizes[-1] = 1); got sizes[-1] = {sizes[-1]}")
    if loss == "softmax_cross_entropy" and sizes[-1] < 2:
        raise ValueError(f"softmax cross-entropy needs sizes[-1] >= 2 outputs (one per class); got {sizes[-1]}")
    n_hidden = len(sizes) - 2
    if isinstance(activation, str):
        acts = (activation,) * n_hidden
        _act.get(activation)
    elif not isinstance(activation, (list, tuple)):
        raise ValueError(
            f"activation must be a name or a list of names (one per hidden layer); got {activation!r}"[:300]
        )
    else:
        acts = tuple(activation)
        if len(acts) != n_hidden:
            raise ValueError(f"activation must be one name or {n_hidden} names (one per hidden layer); got {len(acts)}")
        for a in acts:
            _act.get(a)
    residual, batch_norm = validate.flag("residual", residual), validate.flag("batch_norm", batch_norm)
    eps = validate.positive("eps", eps, scalar=True)
    dtype = _float_dtype(dtype)
    l2 = validate.nonnegative("l2", l2, scalar=True)
    y_arr = np.array(y)
    if y_arr.shape[:1] != (X.shape[0],):
        raise ValueError(f"y must hold one target per row of X ({X.shape[0]}); got shape {y_arr.shape}")
    targets = _loss.prepare_targets(loss, y_arr, sizes[-1])
    if loss != "mse":
        y_arr = y_arr.astype(int)
    layout, P = _build_layout(sizes, acts, residual, batch_norm)
    validate.elements("sizes", (P,))  # the parameters of one network
    for a in (X, y_arr, targets):
        a.setflags(write=False)
    name = "MLP " + "-".join(map(str, sizes))
    net = MLP(
        name=name,
        dim=P,
        value_fn=_bound_later,  # replaced below by the network's own methods
        grad_fn=_bound_later,
        hess_fn=_bound_later,
        X=X,
        y=y_arr,
        targets=targets,
        sizes=sizes,
        activations=acts,
        loss=loss,
        residual=residual,
        batch_norm=batch_norm,
        eps=eps,
        l2=l2,
        dtype=np.dtype(dtype),
        layout=layout,
    )
    object.__setattr__(net, "value_fn", net._value)
    object.__setattr__(net, "grad_fn", net._grad)
    object.__setattr__(net, "hess_fn", net._hess)
    return net


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
    w = np.array(net._params(w))
    if X is not None:
        X = net._inputs(X)
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
