"""Different optimizers side by side in one batch: rows 0..n1-1 use the first, the next n2
rows the second, and so on, so that one `optim.run` races them from the same starts.

>>> import numpy as np
>>> from lecturekit import optim
>>> opt = optim.stack([optim.sgd(0.1), optim.adam(0.1)])      # two groups of one row each
>>> x = np.array([[1.0], [1.0]])
>>> updates, state = opt.update(np.array([[0.5], [0.5]]), opt.init(x), x)
>>> updates        # SGD steps -0.1 * 0.5; Adam's first step is -0.1 * sign(g)
array([[-0.05],
       [-0.1 ]])
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate
from .transforms import Optimizer, _check_update_arguments, _parameters, _unchecked_update, at_params


class StackState(NamedTuple):
    states: tuple  # one state per optimizer, each for its own rows
    shape: tuple = ()  # the shape (B, d) of the parameters init was given


def stack(optimizers, rows=None) -> Optimizer:
    """One optimizer that applies ``optimizers[i]`` to its own block of rows of the batch.

    ``rows`` gives the number of rows of each block (a sequence of positive integers, one per
    optimizer); by default the batch is split into equal blocks, so B must be a multiple of
    the number of optimizers. Each member sees only its rows: its state, hyperparameter
    arrays (e.g. a ``(n_i, 1)`` sweep of learning rates) and lookahead point are its own.
    The result is exactly what running each optimizer on its rows separately gives (a
    test checks it), in one call of `optim.run`.
    """
    if not isinstance(optimizers, (list, tuple)) or not optimizers:
        raise ValueError(f"optimizers must be a list of at least one optimizer; got {optimizers!r}")
    optimizers = tuple(optimizers)
    for opt in optimizers:
        if not (hasattr(opt, "init") and hasattr(opt, "update")) or isinstance(opt, type):
            raise ValueError(f"optimizers must be Optimizers (with init and update); got {opt!r}")
    if rows is not None:
        if isinstance(rows, (str, bytes)) or np.ndim(rows) != 1:
            raise ValueError(f"rows must be a sequence of positive integers, one per optimizer; got {rows!r}")
        rows = [validate.integer("rows", r, 1) for r in rows]
        if len(rows) != len(optimizers):
            raise ValueError(f"rows must give one count per optimizer ({len(optimizers)}); got {len(rows)}")

    def blocks(n_rows: int) -> list:
        counts = rows
        if counts is None:
            if n_rows % len(optimizers):
                raise ValueError(
                    f"a batch of {n_rows} rows cannot be split equally among {len(optimizers)} optimizers; pass rows="
                )
            counts = [n_rows // len(optimizers)] * len(optimizers)
        if sum(counts) != n_rows:
            raise ValueError(f"rows add up to {sum(counts)}, but the batch has {n_rows} rows")
        edges = np.cumsum([0, *counts])
        return [slice(a, b) for a, b in zip(edges[:-1], edges[1:])]

    def init(params):
        params = _parameters(params)
        states = tuple(opt.init(params[s]) for opt, s in zip(optimizers, blocks(len(params))))
        return StackState(states, params.shape)

    def stepper(member_update):
        def step(updates, state, params=None, **extra):
            n = len(updates)
            out = np.empty(np.shape(updates))
            new = []
            hessian = extra.pop("hessian", None)
            for opt, s, st in zip(optimizers, blocks(n), state.states):
                more = dict(extra)
                if opt.needs_hessian:
                    more["hessian"] = hessian[s]
                out[s], st = member_update(opt)(updates[s], st, None if params is None else params[s], **more)
                new.append(st)
            return out, StackState(tuple(new), state.shape)

        return step

    step = stepper(_unchecked_update)
    checked_step = stepper(lambda opt: opt.update)  # each member checks its own rows' state

    def update(updates, state, params=None, **extra):
        if not (isinstance(state, StackState) and len(state.states) == len(optimizers)):
            raise ValueError(
                f"state must be the StackState of this stack's init ({len(optimizers)} member states); "
                f"got {type(state).__name__}. Start with state = opt.init(params)."
            )
        g, p = _check_update_arguments("stack", updates, params, state.shape)
        if opt_needs_hessian and extra.get("hessian") is not None:
            extra["hessian"] = validate.real_array("hessian", extra["hessian"])
        return checked_step(g, state, p, **extra)

    opt_needs_hessian = any(opt.needs_hessian for opt in optimizers)

    if all(opt.lookahead is at_params for opt in optimizers):
        lookahead = at_params
    else:

        def lookahead(params, state):
            if not (isinstance(state, StackState) and len(state.states) == len(optimizers)):
                raise ValueError(f"state must be the StackState of this stack's init; got {type(state).__name__}")
            point = np.array(params, dtype=float)
            for opt, s, st in zip(optimizers, blocks(len(params)), state.states):
                point[s] = opt.lookahead(params[s], st)
            return point

    return Optimizer(init, update, lookahead, opt_needs_hessian, "stack", step)


# --------------------------------------------------------------------------- blocks of columns


class PartitionState(NamedTuple):
    states: tuple  # one state per block (the rest's last, when there is one)
    shape: tuple = ()  # the shape (B, P) of the parameters init was given


def _columns(index, name: str) -> np.ndarray:
    """A block's columns: a slice with explicit bounds or an array of integers >= 0."""
    if isinstance(index, slice):
        if index.start is None or index.stop is None or index.step not in (None, 1):
            raise ValueError(f"{name} must be a slice with a start and a stop and step 1, or integers; got {index!r}")
        start = validate.integer(name, index.start, 0)
        stop = validate.integer(name, index.stop, start + 1)
        return np.arange(start, stop)
    cols = validate.integer_array(name, index, 0)
    if cols.ndim != 1 or cols.size == 0:
        raise ValueError(f"{name} must be a slice or a non-empty 1-D array of column indices; got shape {cols.shape}")
    return cols


def partition(blocks, rest=None) -> Optimizer:
    """One optimizer that applies different optimizers to different columns of ``(B, P)``.

    ``blocks`` is a list of ``(optimizer, columns)`` or ``(optimizer, columns, (m, n))``:
    ``columns`` a slice (``slice(a, b)``) or an integer array of column indices; with a matrix
    shape the block's ``(B, m n)`` columns are handed to the optimizer as ``(B, m, n)``
    matrices, row-major (for `muon` and `shampoo` with ``shape=None``). ``rest`` takes every
    column no block names (None: every column must belong to a block). Blocks may not overlap.
    One optimizer object may serve several blocks: it is pure, and each block keeps its own
    state. The result is what each optimizer gives on its own columns (a test checks it).
    Hyperparameter arrays are the members' own: a ``(B, 1)`` learning rate for a flat block
    is ``(B, 1, 1)`` for a matrix block.
    """
    if not isinstance(blocks, (list, tuple)):
        raise ValueError(
            f"blocks must be a list of (optimizer, columns) or (optimizer, columns, (m, n)); got {blocks!r}"
        )
    members = []
    for i, block in enumerate(blocks):
        if not isinstance(block, tuple) or len(block) not in (2, 3):
            raise ValueError(f"blocks[{i}] must be (optimizer, columns) or (optimizer, columns, (m, n)); got {block!r}")
        opt = validate.optimizer(f"blocks[{i}]", block[0])
        cols = _columns(block[1], f"blocks[{i}]")
        shape = None
        if len(block) == 3:
            shape = block[2]
            if isinstance(shape, (str, bytes)) or np.ndim(shape) != 1 or len(shape) != 2:
                raise ValueError(f"blocks[{i}]'s shape must be a pair of integers (m, n); got {shape!r}")
            shape = tuple(validate.integer(f"blocks[{i}]", s, 1) for s in shape)
            if shape[0] * shape[1] != cols.size:
                raise ValueError(f"blocks[{i}] has {cols.size} columns, which is not m*n for its shape {shape}")
        if getattr(opt, "needs_hessian", False):
            raise ValueError(f"blocks[{i}] needs the Hessian, which a partition cannot split; use it on all columns")
        members.append((opt, cols, shape))
    if rest is not None:
        validate.optimizer("rest", rest)
        if getattr(rest, "needs_hessian", False):
            raise ValueError("rest needs the Hessian, which a partition cannot split")
    if not members and rest is None:
        raise ValueError("blocks must name at least one block, or rest must be given")
    if members:
        named = np.concatenate([c for _, c, _ in members])
        if np.unique(named).size != named.size:
            raise ValueError("blocks overlap: a column belongs to two blocks")

    def layout(P: int) -> list:
        out = list(members)
        named = np.concatenate([c for _, c, _ in members]) if members else np.empty(0, dtype=int)
        if named.size and named.max() >= P:
            raise ValueError(f"blocks name column {named.max()}, but the parameters have P = {P} columns")
        left = np.setdiff1d(np.arange(P), named)
        if rest is not None and left.size:
            out.append((rest, left, None))
        elif rest is None and left.size:
            raise ValueError(f"columns {left[:5].tolist()}... belong to no block; pass rest= for them")
        return out

    def view(x, cols, shape):
        part = x[..., cols]
        return part if shape is None else part.reshape(part.shape[:-1] + shape)

    def init(params):
        params = _parameters(params)
        return PartitionState(tuple(o.init(view(params, c, s)) for o, c, s in layout(params.shape[-1])), params.shape)

    def stepper(member_update):
        def step(updates, state, params=None, **extra):
            out = np.empty(np.shape(updates))
            new = []
            for (opt, cols, shape), st in zip(layout(np.shape(updates)[-1]), state.states):
                p = None if params is None else view(params, cols, shape)
                u, st = member_update(opt)(view(updates, cols, shape), st, p, **extra)
                out[..., cols] = np.reshape(u, np.shape(u)[:-2] + (-1,)) if shape is not None else u
                new.append(st)
            return out, PartitionState(tuple(new), state.shape)

        return step

    step = stepper(_unchecked_update)
    checked_step = stepper(lambda opt: opt.update)  # each member checks its own block's state

    def update(updates, state, params=None, **extra):
        if not (isinstance(state, PartitionState) and len(state.states) >= len(members)):
            raise ValueError(
                f"state must be the PartitionState of this partition's init; got {type(state).__name__}. "
                f"Start with state = opt.init(params)."
            )
        g, p = _check_update_arguments("partition", updates, params, state.shape)
        return checked_step(g, state, p, **extra)

    everyone = [o for o, _, _ in members] + ([rest] if rest is not None else [])
    if all(o.lookahead is at_params for o in everyone):
        lookahead = at_params
    else:

        def lookahead(params, state):
            point = np.array(params, dtype=float)
            for (opt, cols, shape), st in zip(layout(point.shape[-1]), state.states):
                la = opt.lookahead(view(params, cols, shape), st)
                point[..., cols] = np.reshape(la, np.shape(la)[:-2] + (-1,)) if shape is not None else la
            return point

    return Optimizer(init, update, lookahead, False, "partition", step)


def by_layer(layout, matrices, rest, output_layer: bool = False) -> Optimizer:
    """``matrices`` on the hidden weight matrices of an `nn.mlp` network, ``rest`` on the other parameters.

    ``layout`` is a network's ``net.layout`` (one `nn.LayerSpec` per layer: its W block's slice
    in the flat vector and its shape n_out × n_in). Each hidden layer's W_l, stored row-major
    in the flat vector ``(B, P)``, is handed to ``matrices`` as ``(B, n_l, n_{l-1})`` -- the
    orientation of PyTorch's ``Linear.weight`` -- with its own state; biases, batch-norm γ and
    β and the output layer's W_L and b_L go to ``rest``. That is Jordan et al.'s recipe for
    Muon: hidden weight matrices only, AdamW for the rest. The first layer counts as hidden:
    a dense layer on real-valued inputs (pixels, coordinates) is a weight matrix like the
    others, not an embedding lookup. ``output_layer=True`` gives W_L to ``matrices`` as well.

    >>> import numpy as np
    >>> from lecturekit import nn, optim
    >>> rng = np.random.default_rng(0)
    >>> data = nn.datasets.xor(rng, n=40, noise=0.2)
    >>> net = nn.mlp(data.X, data.y, sizes=(2, 16, 16, 2), activation="tanh")
    >>> opt = optim.by_layer(net.layout, optim.muon(0.02), optim.adamw(1e-2, weight_decay=0.0))
    >>> traj = optim.run(opt, net, net.init(rng, 3, weights=nn.init.glorot_uniform), steps=300,
    ...                  record_every=None)
    >>> bool(np.all(traj.loss[-1] < 0.1 * traj.loss[0]))
    True
    """
    if not isinstance(layout, (list, tuple)) or not layout:
        raise ValueError(
            f"layout must be a network's layout (net.layout: one LayerSpec per layer); got {layout!r}"[:300]
        )
    for i, spec in enumerate(layout):
        if not all(hasattr(spec, a) for a in ("W", "n_in", "n_out")) or not isinstance(spec.W, slice):
            raise ValueError(f"layout[{i}] must be a LayerSpec with W (a slice), n_in and n_out; got {spec!r}"[:300])
    validate.optimizer("matrices", matrices)
    validate.optimizer("rest", rest)
    output_layer = validate.flag("output_layer", output_layer)
    chosen = layout if output_layer else layout[:-1]
    if not chosen:
        raise ValueError("layout has no hidden layer: pass output_layer=True to put the output layer's W in matrices")
    blocks = [(matrices, spec.W, (spec.n_out, spec.n_in)) for spec in chosen]
    return partition(blocks, rest)
