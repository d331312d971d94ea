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
