"""Drive an optimizer over a batch of trajectories, and read off when they converged.

`run` is the one loop in the package: a loop over time steps, each step vectorized over
B trajectories. It evaluates the gradient where the optimizer asks (``opt.lookahead``), as
an exact gradient, with additive Gaussian noise, or from a random minibatch of a data-set
objective, and it records iterates, losses and gradient norms. A trajectory whose next
iterate is not finite, or whose norm exceeds ``max_norm``, is frozen at its last good
iterate and flagged as diverged; NumPy's overflow/invalid warnings are silenced inside the
loop, so a diverging sweep prints nothing.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate
from .averaging import _average_step as average_step
from .transforms import _unchecked_update, at_params


class Trajectory(NamedTuple):
    """What `run` records. R = number of recorded steps (T+1 with ``record_every=1``).

    x : (R, B, d) iterates θ_k at the recorded steps (θ_0 first, θ_T last).
    loss : (R, B) f(θ_k), the exact objective (the full data-set loss for data objectives).
    grad_norm : (R, B) the norm of the exact gradient ∇f(θ_k) (no noise, no minibatch).
    diverged : (B,) True where the trajectory left the finite ball of radius ``max_norm``.
    diverged_step : (B,) the first step k whose θ_k was not finite or too large, -1 if never;
        from then on the trajectory stays at θ_{k-1}.
    steps : (R,) the step index k of each record.
    x_avg : (R, B, d) Polyak averages of *all* iterates up to each recorded step, or None
        (see ``average`` in `run`).
    """

    x: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    diverged: np.ndarray
    diverged_step: np.ndarray
    steps: np.ndarray
    x_avg: np.ndarray | None = None


def _record_steps(steps: int, record_every) -> np.ndarray:
    if record_every is None:
        return np.unique([0, steps])
    every = validate.integer("record_every", record_every, 1)
    ks = np.arange(0, steps + 1, every)
    return ks if ks[-1] == steps else np.append(ks, steps)


def run(
    opt, f, x0, steps: int, *, noise=0.0, rng=None, batch_size=None, max_norm=1e6, record_every=1, average=None
) -> Trajectory:
    """Run ``opt`` on objective ``f`` for ``steps`` steps from each row of ``x0``.

    Parameters
    ----------
    opt : an `Optimizer` (e.g. ``optim.adam(1e-2)``).
    f : an `Objective` (``value``, ``grad``, ``dim``; ``hess`` for Newton). For minibatches,
        a data-set objective with ``n_examples`` and ``minibatch_grad(x, idx)``.
    x0 : (B, d) starting points, d = ``f.dim``; B trajectories run side by side.
    steps : number of updates T >= 0.
    noise : scale σ >= 0 of additive Gaussian gradient noise, g + σ ξ with ξ ~ N(0, I)
        (a float, or an array broadcastable to (B, d), e.g. (B, 1)). Needs ``rng``.
    rng : a ``numpy.random.Generator``; required when ``noise > 0`` or ``batch_size``.
    batch_size : if given, each step uses ``f.minibatch_grad`` on ``batch_size`` example
        indices per trajectory, drawn uniformly *with replacement* from
        ``range(f.n_examples)``, independently per trajectory and step.
    max_norm : a trajectory whose iterate has Euclidean norm > ``max_norm`` (default 1e6),
        or is not finite, is flagged as diverged and frozen at its last good iterate.
    record_every : record θ_k, f(θ_k), ‖∇f(θ_k)‖ every this many steps (default 1: all);
        the last step is always recorded. ``None`` records only k = 0 and k = T. Memory is
        about R·B·(d+2)·8 bytes, e.g. 40,000 × 501 × 2-D: 320 MB with 1, 0.6 MB with None.
    average : None (default), ``"uniform"`` or a decay in [0, 1): also keep the Polyak
        average of every iterate (see `polyak_average`) and return it in ``x_avg``.

    Returns a `Trajectory`. Randomness comes only from ``rng``; with exact gradients the
    run is deterministic, and a batched run equals B separate runs.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> from lecturekit.objectives import Objective
    >>> bowl = Objective("bowl", 2, lambda x: 0.5 * (x**2).sum(-1), lambda x: x,
    ...                  lambda x: np.broadcast_to(np.eye(2), x.shape + (2,)))
    >>> lrs = np.array([[0.5], [2.5]])                     # a sweep: one lr per trajectory
    >>> traj = optim.run(optim.sgd(lrs), bowl, np.ones((2, 2)), steps=100)
    >>> traj.x.shape, traj.diverged, traj.diverged_step
    ((101, 2, 2), array([False,  True]), array([-1, 34]))
    """
    validate.optimizer("opt", opt)
    needs_hessian = getattr(opt, "needs_hessian", False)
    validate.objective("f", f, needs=("value", "grad", "hess") if needs_hessian else ("value", "grad"))
    x = np.array(validate.real_array("x0", x0))  # a copy: the caller's array is never touched
    if x.ndim != 2 or x.shape[1] != f.dim:
        raise ValueError(
            f"x0 must have shape (B, d) with d = f.dim = {f.dim}; got shape {x.shape} "
            f"(for one starting point p use p[None, :])"
        )
    if x.shape[0] == 0 or not np.all(np.isfinite(x)):
        raise ValueError("x0 must hold at least one starting point, all finite")
    steps = validate.integer("steps", steps, 0)
    # The caps: the whole run's work and what it records (see lecturekit.validate).
    per_step = x.size + validate.STEP_OVERHEAD  # the gradient's entries and the loop's own cost
    validate.work("steps", (steps + 1) * per_step, "operations (steps x (B x d + the cost of one step))")
    max_norm = validate.in_range("max_norm", max_norm, 0.0, np.inf, low_closed=False, high_closed=True, scalar=True)
    noise = validate.nonnegative("noise", noise)
    validate.broadcasts_to("noise", noise, x.shape)
    use_noise = bool(np.any(noise > 0))
    if batch_size is not None:
        batch_size = validate.integer("batch_size", batch_size, 1)
        validate.work(
            "batch_size", steps * x.size * batch_size, "example-gradient entries (steps x B x batch_size x d)"
        )
        validate.elements("batch_size", (x.shape[0], batch_size, x.shape[1]))
        if not (hasattr(f, "minibatch_grad") and hasattr(f, "n_examples")):
            raise ValueError(
                f"batch_size needs a data-set objective with n_examples and minibatch_grad(x, idx); "
                f"{getattr(f, 'name', f)!r} has none"
            )
    if (use_noise or batch_size is not None) and not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"rng must be a numpy.random.Generator (e.g. np.random.default_rng(0)) when noise > 0 "
            f"or batch_size is set; got {rng!r}"
        )
    averaging = average is not None
    decay = None
    if averaging and not (isinstance(average, str) and average == "uniform"):
        if isinstance(average, str):
            raise ValueError(f"average must be None, 'uniform' or a decay in [0, 1); got {average!r}")
        decay = validate.decay_rate("average", average, scalar=True)

    if record_every is not None:
        record_every = validate.integer("record_every", record_every, 1)
        records = steps // record_every + 2
    else:
        records = 2
    validate.elements(
        "steps / record_every",
        (records, x.shape[0], x.shape[1] + 2) if not averaging else (records, x.shape[0], 2 * x.shape[1] + 2),
    )
    record = _record_steps(steps, record_every)
    B, d = x.shape
    xs = np.empty((len(record), B, d))
    losses = np.empty((len(record), B))
    grad_norms = np.empty((len(record), B))
    x_avg = np.empty((len(record), B, d)) if averaging else None
    avg = x.copy() if averaging else None
    diverged = np.zeros(B, dtype=bool)
    diverged_step = np.full(B, -1)
    any_diverged = False
    huge = np.finfo(float).max
    max_sq = min(max_norm * max_norm, huge)  # an overflowing squared norm counts as not finite
    box = min(max_norm / np.sqrt(d), huge)
    ones = np.ones(d)
    frozen = np.empty(0, dtype=int)
    # A start already beyond max_norm diverged at step 0: flagged and frozen where it is.
    with np.errstate(over="ignore"):
        start_bad = ~(np.square(x) @ np.ones(d) <= min(max_norm * max_norm, huge))
    if start_bad.any():
        diverged |= start_bad
        diverged_step[start_bad] = 0
        any_diverged = True
        frozen = np.flatnonzero(diverged)
    exact = not use_noise and batch_size is None
    lookahead = getattr(opt, "lookahead", None)
    if lookahead is at_params:
        lookahead = None
    state = opt.init(x)
    update = _unchecked_update(opt)  # the state is opt's own and g's shape is checked below: no re-validation
    record_at = record.tolist() + [-1]  # plain ints: cheap to compare in the loop
    r = 0  # index of the next record
    # An objective whose value and gradient share work (a network) computes both in one call.
    value_and_grad = getattr(f, "value_and_grad", None)

    with np.errstate(all="ignore"):
        for k in range(steps + 1):
            grad_at_x = loss_at_x = None
            if k < steps:
                point = x if lookahead is None else lookahead(x, state)
                if batch_size is None and value_and_grad is not None and k == record_at[r] and point is x:
                    loss_at_x, g = value_and_grad(x)
                elif batch_size is None:
                    g = f.grad(point)
                else:
                    g = f.minibatch_grad(point, rng.integers(0, f.n_examples, size=(B, batch_size)))
                if np.shape(g) != x.shape:
                    raise ValueError(
                        f"the gradient of {getattr(f, 'name', 'f')!r} has shape {np.shape(g)}; expected {x.shape}"
                    )
                if point is x and (exact or loss_at_x is not None):
                    grad_at_x = g
                if use_noise:
                    g = g + noise * rng.standard_normal(x.shape)
            if k == record_at[r]:
                if grad_at_x is None and value_and_grad is not None:
                    loss_at_x, grad_at_x = value_and_grad(x)
                elif grad_at_x is None:
                    grad_at_x = f.grad(x)
                xs[r] = x
                losses[r] = f.value(x) if loss_at_x is None else loss_at_x
                grad_norms[r] = np.sqrt(np.square(grad_at_x) @ ones)
                if averaging:
                    x_avg[r] = avg
                r += 1
            if k == steps:
                break
            if needs_hessian:
                updates, state = update(g, state, x, hessian=f.hess(point))
            else:
                updates, state = update(g, state, x)
            x_new = x + updates
            if any_diverged:
                x_new[frozen] = x[frozen]
            # Fast test: every coordinate within max_norm / sqrt(d) implies every norm within
            # max_norm (NaN fails the comparisons). Only otherwise compute the norms.
            if not (x_new.max() <= box and x_new.min() >= -box):
                # Not yet diverged and now too large (catches NaN and inf too); a frozen
                # trajectory keeps the step at which it diverged.
                bad = ~(np.square(x_new) @ ones <= max_sq) & ~diverged
                if bad.any():
                    diverged_step[bad] = k + 1
                    diverged |= bad
                    any_diverged = True
                    frozen = np.flatnonzero(diverged)
                    x_new[bad] = x[bad]
            x = x_new
            if averaging:
                avg = average_step(avg, x, k + 1, decay)

    return Trajectory(xs, losses, grad_norms, diverged, diverged_step, record, x_avg)


def steps_to_tolerance(traj: Trajectory, tol, x_star=None) -> np.ndarray:
    """(B,) the first recorded step k with ‖θ_k − x*‖ <= tol, or -1.

    Without ``x_star`` the criterion is ‖∇f(θ_k)‖ <= tol. ``x_star`` is one point (d,) or
    one per trajectory (B, d). A diverged trajectory counts as never (-1), even if it
    passed near x* before blowing up. With ``record_every`` > 1 the answer is the first
    *recorded* step, an upper bound on the true one.
    """
    if not all(hasattr(traj, a) for a in ("x", "grad_norm", "diverged", "steps")):
        raise ValueError(f"traj must be a Trajectory returned by optim.run; got {traj!r}"[:200])
    tol = validate.positive("tol", tol, scalar=True)
    if x_star is None:
        dist = traj.grad_norm
    else:
        x_star = validate.real_array("x_star", x_star, finite=True)
        B, d = traj.x.shape[1:]
        if x_star.shape not in ((d,), (B, d)):
            raise ValueError(f"x_star must have shape ({d},) or ({B}, {d}); got {x_star.shape}")
        diff = traj.x - x_star
        with np.errstate(over="ignore", invalid="ignore"):
            dist = np.sqrt(np.einsum("rbi,rbi->rb", diff, diff))
    hit = dist <= tol
    first = np.argmax(hit, axis=0)
    return np.where(hit.any(axis=0) & ~traj.diverged, traj.steps[first], -1)
