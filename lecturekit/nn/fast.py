"""The training path of `mlp`: the forward and backward passes of `mlp._forward` and
`mlp._backward`, rewritten for speed, with the same floating-point operations in the same
order (tests/nn/test_nn_fast.py compares the two bit for bit).

What is different here serves speed only:

* **Workspace buffers.** A training run asks for the same gradient thousands of times.
  Writing every intermediate array into the same memory (``out=``) instead of fresh arrays
  avoids the allocator returning pages to the system and faulting them in again, which made
  the batched gradient several times slower on the development machine. `_Workspaces` keeps
  the buffers of up to four gradient shapes per network; arrays over ``_WS_MAX`` bytes are
  not kept.
* **In-place activations.** With a workspace, φ(u_l) overwrites u_l, and dL/du_l overwrites
  φ(u_l) where the slope formula allows (tanh, ReLU, linear): backpropagation needs nothing
  else from them.
* **Tiled bias addition** (`_add_bias`): the same additions with longer inner loops.
* **Sums over examples as products with a vector of ones** (in `mlp._backward` too).
* **Grid blocking** (`_outputs_in_blocks`): tens of thousands of grid points in blocks
  small enough for the intermediates to stay in cache, computed into the same buffers.

Nothing here checks its arguments: `MLP` does, before calling in.
"""

from __future__ import annotations

import functools

import numpy as np

from .. import validate
from . import activations as _act
from . import batchnorm as _bn

_GRID_BLOCK = 2**17  # numbers per intermediate array in grid evaluation (networks x points x units)
_WS_MAX = 8 * 2**20  # bytes: the largest intermediate array a workspace keeps
_WS_SHAPES = 4  # gradient shapes whose buffers a network keeps
_BIAS_ROW = 256  # numbers per inner loop when a bias is added (see _add_bias)


class _Workspaces:
    """One network's reusable buffers, one dict of arrays per gradient shape (the latest four)."""

    def __init__(self):
        self._spaces = {}

    def get(self, N: int, X, width: int) -> dict | None:
        """The buffers for N networks on inputs ``X``, or None when they would be too large."""
        if N * X.shape[-2] * width * 8 > _WS_MAX:
            return None
        key = (N, X.shape, X.dtype)
        if key not in self._spaces:
            if len(self._spaces) >= _WS_SHAPES:
                self._spaces.pop(next(iter(self._spaces)))
            self._spaces[key] = {}
        return self._spaces[key]


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


def _forward(layout, eps, w2, X, stats=None, keep=False, ws=None):
    """`mlp._forward` for w2 ``(N, P)`` and X ``(n, d)`` (shared) or ``(N, m, d)``.

    Returns the output ``(N, n, o)`` and, with ``keep``, the lists the backward pass needs:
    (inputs h_{l-1}, a_l, u_l, φ(u_l), h_l, batch-norm caches, batch-norm statistics used).
    With a workspace ``ws`` the intermediates live in its buffers (valid until the next call
    with the same workspace), and a_l and u_l are overwritten by φ(u_l).
    """
    N = w2.shape[0]
    n = X.shape[-2]
    validate.elements("w", (N, n, max(max(s.n_in, s.n_out) for s in layout)))  # the widest intermediate
    h = X
    ins, pres, norms, acts, posts, caches, used = [], [], [], [], [], [], []
    n_bn = 0
    for i, spec in enumerate(layout):
        W = w2[:, spec.W].reshape(N, spec.n_out, spec.n_in)
        shape = (N, n, spec.n_out)
        a = np.matmul(h, np.swapaxes(W, -1, -2), out=_buffer(ws, ("a", i), shape, w2.dtype))
        if spec.b is not None:
            _add_bias(a, w2[:, spec.b], ws, i)
        u, cache = a, None
        if spec.batch_norm:
            gamma, beta = w2[:, spec.gamma], w2[:, spec.beta]
            if stats is None:
                u, cache = _bn._forward_train(a, gamma, beta, eps)
                used.append(cache.stats)
            else:
                u = _bn._forward_eval(a, gamma, beta, stats[n_bn], eps)
                used.append(stats[n_bn])
            n_bn += 1
        if spec.activation is None:
            act = out = u
        else:
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


def _backward(layout, l2, w2, kept, dZ, ws=None):
    """`mlp._backward`: backpropagate dL/d(output) ``dZ`` ``(N, n, o)``; returns the gradient ``(N, P)``."""
    ins, _, norms, acts, _, caches, _ = kept
    N = w2.shape[0]
    n = dZ.shape[-2]
    ones = np.ones(n, dtype=w2.dtype)
    grad = np.empty((N, w2.shape[1]), dtype=w2.dtype)
    dh = dZ
    for i in range(len(layout) - 1, -1, -1):
        spec = layout[i]
        if spec.activation is None:
            du = dh
        else:
            # phi(u_l) is needed for nothing but this slope (dW_{l+1} has used it already):
            # write dL/du_l over it, where the slope formula allows.
            in_place = ws is not None and spec.activation in ("tanh", "relu", "linear")
            into = acts[i] if in_place else _buffer(ws, ("du", i), dh.shape, dh.dtype)
            du = _act._backprop(spec.activation, dh, norms[i], acts[i], into)
        if spec.batch_norm:
            da, grad[:, spec.gamma], grad[:, spec.beta] = _bn._backward(du, w2[:, spec.gamma], caches[i])
        else:
            da = du
            grad[:, spec.b] = ones @ da
        dW = np.swapaxes(da, -1, -2) @ ins[i]
        grad[:, spec.W] = dW.reshape(N, -1)
        if l2:
            grad[:, spec.W] += l2 * w2[:, spec.W]
        if i > 0:
            W = w2[:, spec.W].reshape(N, spec.n_out, spec.n_in)
            dh_in = np.matmul(da, W, out=_buffer(ws, ("dh", i), (N, n, spec.n_in), da.dtype))
            if spec.residual:
                dh_in += dh
            dh = dh_in
    return grad


def _outputs_in_blocks(layout, eps, w2, X, stats):
    """The outputs ``(N, len(X), n_L)`` of `_forward` on many points, block after block.

    Blocks of points small enough that the intermediates stay in cache, computed into the
    same buffers (a loop over blocks of thousands of points).
    """
    N = w2.shape[0]
    width = max(max(s.n_in, s.n_out) for s in layout)
    block = max(1, _GRID_BLOCK // (N * width))
    out = np.empty((N, len(X), layout[-1].n_out), w2.dtype)
    ws = {}
    for start in range(0, len(X), block):
        out[:, start : start + block], _ = _forward(layout, eps, w2, X[start : start + block], stats, ws=ws)
    return out
