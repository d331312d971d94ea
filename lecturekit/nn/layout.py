"""Where each layer's parameters sit in a network's flat parameter vector w.

An optimizer sees a network as one vector w ``(..., P)``; the forward and backward passes
see it as L layers. The layout is the map between the two. Layer by layer, l = 1..L: W_l
row-major (n_l n_{l-1} entries: row j holds the weights into unit j), then b_l (n_l
entries) -- or, for a batch-normalized layer, γ_l then β_l (n_l each, and no b_l).

`LayerSpec` is one layer's shape, options and slices; `_build_layout` makes the tuple of
them for given sizes, `_unflatten` cuts w into a list of `Layer` (views, leading axes kept)
and `_flatten` glues such a list back into one vector. `layer_norms` reads a per-layer
norm off such a list. The checked, public forms are `MLP.unflatten` and `MLP.flatten`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate


class Layer(NamedTuple):
    """One layer's parameters (or their gradients), leading batch axes kept.

    W ``(..., n_out, n_in)``; b ``(..., n_out)`` or None (batch-normalized layers);
    gamma, beta ``(..., n_out)`` or None (layers without batch norm).
    """

    W: np.ndarray
    b: np.ndarray | None = None
    gamma: np.ndarray | None = None
    beta: np.ndarray | None = None


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


def _build_layout(sizes, activations, residual: bool, batch_norm: bool):
    """The `LayerSpec` of every layer for widths ``sizes`` (n_0, ..., n_L), and P.

    Hidden layers take their activation from ``activations``; batch norm and the residual
    skip apply to hidden layers only, the skip only where n_{l-1} = n_l.
    """
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


def _fields(spec: LayerSpec):
    """(name, slice, shape) of the four fields of one layer (slice None where it has none)."""
    return (
        ("W", spec.W, (spec.n_out, spec.n_in)),
        ("b", spec.b, (spec.n_out,)),
        ("gamma", spec.gamma, (spec.n_out,)),
        ("beta", spec.beta, (spec.n_out,)),
    )


def _unflatten(layout, w) -> list:
    """The list of L `Layer` of ``w`` ``(..., P)``: views into w, shaped ``(..., n_l, n_{l-1})`` etc."""
    lead = w.shape[:-1]
    return [
        Layer(*(None if s is None else w[..., s].reshape(lead + shape) for _, s, shape in _fields(spec)))
        for spec in layout
    ]


def _flatten(layout, layers, dim: int) -> np.ndarray:
    """The flat vector ``(..., P)`` of a list of L `Layer` (the inverse of `_unflatten`).

    Every present field must have its layer's shape after the common leading axes; fields a
    layer does not have (b with batch norm, gamma/beta without) must be None.
    """
    lead = np.shape(layers[0][0])[:-2]
    validate.elements("layers", lead + (dim,))
    w = np.empty(lead + (dim,))
    for i, (spec, layer) in enumerate(zip(layout, layers)):
        for fname, s, shape in _fields(spec):
            value = getattr(layer, fname)
            if s is None:
                if value is not None:
                    raise ValueError(f"layers[{i}].{fname} must be None: layer {i + 1} has no {fname}")
                continue
            if value is not None:
                value = validate.real_array(f"layers[{i}].{fname}", value)
            if value is None or np.shape(value) != lead + shape:
                got = None if value is None else np.shape(value)
                raise ValueError(f"layers[{i}].{fname} must have shape {lead + shape}; got {got}")
            w[..., s] = np.reshape(value, lead + (-1,))
    return w


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
            want = "n_out, n_in" if k == 2 else "n_out"
            raise ValueError(
                f"layers[{i}].{field} must be shaped (..., {want}) with the leading axes of layers[0]; got {a.shape}"
            )
        with np.errstate(over="ignore", invalid="ignore"):  # huge weights: the norm is inf
            norms.append(np.sqrt(np.square(a).reshape(a.shape[:-k] + (-1,)).sum(axis=-1)))
    return np.stack(norms, axis=-1)


def _mT(a):
    """The transpose of the last two axes, one W_l^T per network: ``np.swapaxes(a, -1, -2)``, a view.

    NumPy 2 spells it ``a.mT``; the course supports NumPy 1.26, which has no ``.mT``.
    """
    return np.swapaxes(a, -1, -2)
