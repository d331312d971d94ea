r"""Exact Hessian-vector products of an `MLP`'s loss, by Pearlmutter's R-operator, batched over networks.

For a direction V (one per network, shaped like the flat parameters w) the R-operator
:math:`\mathcal{R}\{q\} = \frac{d}{dr} q(w + rV)\big|_{r=0}` is applied to every line of the
forward and the backward pass (Pearlmutter, "Fast exact multiplication by the Hessian",
Neural Computation 1994). Then :math:`\mathcal{R}\{\nabla_w L\} = H V` exactly (to rounding),
for about the cost of two more gradient evaluations, without forming H. Forward, layer l
(V_W, V_b the parts of V for W_l, b_l; Rh_0 = 0):

.. math::
    \mathcal{R}a_l = \mathcal{R}h_{l-1} W_l^\top + h_{l-1} V_{W_l}^\top + V_{b_l}, \qquad
    \mathcal{R}h_l = \phi'(a_l) \odot \mathcal{R}a_l \;[+\, \mathcal{R}h_{l-1}].

The loss's gradient in the outputs z has :math:`\mathcal{R}\{\partial L/\partial z\} =
\tfrac1n \nabla^2_z \ell\, \mathcal{R}z`: :math:`\tfrac1n(p \odot \mathcal{R}z - p\,
(p^\top\mathcal{R}z))` for softmax cross-entropy (p the softmax), :math:`\tfrac1n\sigma(1-\sigma)
\mathcal{R}z` for the logistic loss, :math:`\tfrac1n\mathcal{R}z` for mean squared error.
Backward, with δ_l = dL/du_l ⊙ … as in `mlp`:

.. math::
    \mathcal{R}\delta_l = \mathcal{R}\{\partial L/\partial h_l\} \odot \phi'(a_l)
        + \partial L/\partial h_l \odot \phi''(a_l)\, \mathcal{R}a_l, \qquad
    \mathcal{R}\{\partial L/\partial W_l\} = \mathcal{R}\delta_l^\top h_{l-1}
        + \delta_l^\top \mathcal{R}h_{l-1} + \lambda V_{W_l},

.. math::
    \mathcal{R}\{\partial L/\partial b_l\} = \textstyle\sum_i \mathcal{R}\delta_{l,i}, \qquad
    \mathcal{R}\{\partial L/\partial h_{l-1}\} = \mathcal{R}\delta_l W_l + \delta_l V_{W_l}
        \;[+\, \mathcal{R}\{\partial L/\partial h_l\}].

φ'' is -2φφ' for tanh, φ'(1 - 2φ) for the sigmoid and 0 for ReLU (almost everywhere: at a
kink the Hessian does not exist) and linear. Supported: every activation, loss, residual
layers and the weight decay; not batch normalization (its R-operator is not written here:
`hvp` refuses such networks; use `conditioning.hvp_fd` on them). Arithmetic is float64 whatever
the network's ``dtype``.
"""

from __future__ import annotations

import numpy as np

from .. import validate
from . import arguments as _args
from .layout import _mT, _unflatten


def _second_slope(name: str, h, slope):
    """φ''(a) from h = φ(a) and φ'(a)."""
    if name == "tanh":
        return -2.0 * h * slope
    if name == "sigmoid":
        return slope * (1.0 - 2.0 * h)
    return None  # ReLU and linear: 0


def _slope(name: str, a, h):
    if name == "tanh":
        return 1.0 - h * h
    if name == "sigmoid":
        return h * (1.0 - h)
    if name == "relu":
        return (a > 0).astype(float)
    return np.ones_like(a)


def _act(name: str, a):
    if name == "tanh":
        return np.tanh(a)
    if name == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * a))
    if name == "relu":
        return np.maximum(a, 0.0)
    return a


def _loss_r(loss: str, Z, T, n: int):
    """dL/dz ``(N, n, o)`` of the mean loss over n examples, and the map Rz -> R{dL/dz}."""
    if loss == "softmax_cross_entropy":
        e = np.exp(Z - Z.max(axis=-1, keepdims=True))
        p = e / e.sum(axis=-1, keepdims=True)
        p_n = p / n
        ones = np.ones(Z.shape[-1])  # the sum over the few classes as a product (faster than .sum here)
        return (p - T) / n, lambda RZ: p_n * RZ - p * ((p_n * RZ) @ ones)[..., None]
    if loss == "logistic":
        s = 0.5 * (1.0 + np.tanh(0.5 * Z))
        curvature = s * (1.0 - s) / n
        return (s - T) / n, lambda RZ: curvature * RZ
    return (Z - T) / n, lambda RZ: RZ / n


def _hvp_at(net, w2):
    """The map V2 -> H V2 for N networks w2 ``(N, P)`` (no checks): the forward and backward pass
    at w2, which do not depend on V, run once here; each product then runs only the R-operator."""
    X, T, n = net.X, net.targets, net.n_examples
    layers = _unflatten(net.layout, w2)
    # forward at w: h_{l-1}, φ'(a_l) and φ''(a_l) per layer
    h, hs, slopes, seconds = X, [], [], []
    for spec, layer in zip(net.layout, layers):
        hs.append(h)
        a = h @ _mT(layer.W) + layer.b[:, None, :]
        if spec.activation is None:
            slopes.append(None)
            seconds.append(None)
            h = a
            continue
        act = _act(spec.activation, a)
        slope = _slope(spec.activation, a, act)
        slopes.append(slope)
        seconds.append(_second_slope(spec.activation, act, slope))
        h = act + h if spec.residual else act
    dh, hess_out = _loss_r(net.loss, h, T, n)
    # backward at w: dL/dh_l, δ_l and dL/dh_l ⊙ φ''(a_l) per layer
    deltas, curvs = [None] * len(layers), [None] * len(layers)
    for k in reversed(range(len(layers))):
        spec = net.layout[k]
        deltas[k] = dh if slopes[k] is None else dh * slopes[k]
        curvs[k] = None if seconds[k] is None else dh * seconds[k]
        if k > 0:
            dh = deltas[k] @ layers[k].W + dh if spec.residual else deltas[k] @ layers[k].W

    ones = np.ones(n)  # Σ_i over the examples as a product with a vector of ones

    def apply(V2):
        dirs = _unflatten(net.layout, V2)
        HV = np.empty(V2.shape)
        # R-forward: Ra_l = Rh_{l-1} W_l^T + h_{l-1} V_W^T + V_b,  Rh_l = φ'(a_l) Ra_l [+ Rh_{l-1}]
        Rh, Rhs, Ras = None, [], []
        for k, (spec, layer, vlayer) in enumerate(zip(net.layout, layers, dirs)):
            Rhs.append(Rh)
            Ra = hs[k] @ _mT(vlayer.W) + vlayer.b[:, None, :]
            if Rh is not None:
                Ra = Ra + Rh @ _mT(layer.W)
            Ras.append(Ra)
            if slopes[k] is None:
                Rh = Ra
            else:
                Rh = slopes[k] * Ra + Rh if spec.residual else slopes[k] * Ra
        Rdh = hess_out(Rh)  # R{dL/dz} = (1/n) ∇²ℓ(z) Rz
        # R-backward
        for k in reversed(range(len(layers))):
            spec, layer, vlayer = net.layout[k], layers[k], dirs[k]
            # Rδ_l = R{dL/dh_l} ⊙ φ'(a_l) + dL/dh_l ⊙ φ''(a_l) Ra_l
            Rdelta = Rdh if slopes[k] is None else Rdh * slopes[k]
            if curvs[k] is not None:
                Rdelta = Rdelta + curvs[k] * Ras[k]
            # R{dL/dW_l} = Rδ_l^T h_{l-1} + δ_l^T Rh_{l-1} + λ V_W,  R{dL/db_l} = Σ_i Rδ_l,i
            RdW = _mT(Rdelta) @ hs[k]
            if Rhs[k] is not None:
                RdW = RdW + _mT(deltas[k]) @ Rhs[k]
            if net.l2:
                RdW = RdW + net.l2 * vlayer.W
            HV[:, spec.W] = RdW.reshape(len(HV), -1)
            HV[:, spec.b] = ones @ Rdelta
            # R{dL/dh_{l-1}} = Rδ_l W_l + δ_l V_W  [+ R{dL/dh_l}]
            if k > 0:
                new = Rdelta @ layer.W + deltas[k] @ vlayer.W
                Rdh = new + Rdh if spec.residual else new
        return HV

    return apply


def _hvp(net, w2, V2):
    """H V for N networks w2, V2 ``(N, P)`` (no checks)."""
    return _hvp_at(net, w2)(V2)


def hvp(net, w, v) -> np.ndarray:
    r"""The exact Hessian-vector product :math:`\nabla^2 L(w)\, v` of an `MLP`'s training loss.

    ``net`` an `MLP` without batch normalization; ``w`` and ``v`` ``(..., P)`` (broadcast, e.g.
    ``(B, P)`` for B networks, each with its own direction); returns ``(..., P)``. Pearlmutter's
    R-operator through the forward and backward pass (see the module docstring), float64.
    The loss is the one ``net.value`` computes (the mean over the training set, plus weight decay).

    >>> import numpy as np
    >>> from lecturekit import nn
    >>> rng = np.random.default_rng(0)
    >>> data = nn.datasets.xor(rng, n=20)
    >>> net = nn.mlp(data.X, data.y, sizes=(2, 3, 2))
    >>> w = net.init(rng, 2)
    >>> v = rng.standard_normal(w.shape)
    >>> hv = nn.hessian.hvp(net, w, v)                              # (2, P), P = 17
    >>> fd = np.einsum("bij,bj->bi", net.hess(w), v)                # central differences of the gradient
    >>> bool(np.allclose(hv, fd, atol=1e-7))
    True
    """
    _network(net)
    w = _args._params(w, net.dim)
    v = _args._params(v, net.dim, "v")
    try:
        lead = np.broadcast_shapes(w.shape[:-1], v.shape[:-1])
    except ValueError:
        raise ValueError(f"w and v must have broadcastable shapes; got {w.shape} and {v.shape}") from None
    w2 = np.broadcast_to(w, lead + (net.dim,)).reshape(-1, net.dim).astype(float)
    v2 = np.broadcast_to(v, lead + (net.dim,)).reshape(-1, net.dim).astype(float)
    validate.elements("w", (w2.shape[0], net.n_examples, 2 * max(net.sizes)))
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _hvp(net, w2, v2).reshape(lead + (net.dim,))


def hessian(net, w) -> np.ndarray:
    """The full Hessian ``(..., P, P)`` of an `MLP`'s loss at ``w`` ``(..., P)``: P exact products
    with the unit vectors, symmetrized (for small networks; P products cost about 2P gradients)."""
    _network(net)
    w = _args._params(w, net.dim)
    P = net.dim
    validate.elements("w", w.shape[:-1] + (P, P))
    lead = w.shape[:-1]
    w2 = np.repeat(w.reshape(-1, 1, P), P, axis=1).reshape(-1, P)
    eye = np.tile(np.eye(P), (w2.shape[0] // P, 1))
    H = hvp(net, w2, eye).reshape(lead + (P, P))
    return 0.5 * (H + np.swapaxes(H, -1, -2))


def _network(net) -> None:
    if not all(hasattr(net, a) for a in ("layout", "X", "targets", "loss", "l2", "dim", "sizes")):
        raise ValueError(f"net must be a network built by nn.mlp; got {net!r}"[:200])
    if any(spec.batch_norm for spec in net.layout):
        raise ValueError(
            "net uses batch normalization, whose exact Hessian-vector product is not implemented; "
            "use conditioning.hvp_fd (central differences of the exact gradient) instead"
        )


__all__ = ["hvp", "hessian"]
