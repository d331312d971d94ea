r"""Tuning the learning rate: sweeps over rates and seeds in one run, the best rate, steps to a target,
and warmup-stable-decay cool-downs branched from one run.

A comparison between two methods is only as good as the tuning of each (Choi et al., "On empirical
comparisons of optimizers for deep learning", 2019). `sweep` runs every method at every learning rate
of a grid from every seed, all as rows of one `optim.run` (`optim.stack`), and scores each (method,
rate) by the median over seeds of its loss; the best rate of a method is the one with the least
median. A method whose best rate lies at an end of the grid is not tuned: widen the grid.

* `sweep` -- the loss of methods x rates x seeds, and each method's best rate and its loss
* `first_below` -- the first recorded step at which a loss is at or below a target
* `steps_to_target` -- steps to a target loss against the batch size, the rate tuned per batch size
  (McCandlish et al. 2018, section 2: perfect scaling, then diminishing returns)
* `wsd_branches` -- one run of SGD at a stable rate, cooled down from several points (Hägele et al.
  2024, section 3: the horizon need not be fixed in advance)
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import schedules, validate
from .optim.alias import sgd
from .optim.grouped import stack
from .optim.runner import run


class Sweep(NamedTuple):
    """What `sweep` returns, M methods, L rates, S seeds.

    lrs : (L,) the rates of the grid.
    loss : (M, L, S) the loss of each run (the mean over the last ``tail`` records), inf where it diverged.
    best_lr : (M,) the rate of least median loss over seeds, per method.
    best_loss : (M,) that median.
    """

    lrs: np.ndarray
    loss: np.ndarray
    best_lr: np.ndarray
    best_loss: np.ndarray


def _starts(f, x0, seeds: int) -> np.ndarray:
    x0 = validate.real_array("x0", x0, finite=True)
    if x0.shape == (f.dim,):
        return np.tile(x0, (seeds, 1))
    if x0.shape != (seeds, f.dim):
        raise ValueError(
            f"x0 must be one start ({f.dim},) or one per seed, shaped (seeds, d) = ({seeds}, {f.dim}); got {x0.shape}"
        )
    return x0


def _cap_rows(name: str, rows: int, dim: int, steps: int) -> None:
    """Refuse, naming ``name``, a sweep whose rows or whose work are beyond `validate`'s caps."""
    validate.elements(name, (rows, dim))
    validate.work(name, rows * dim * steps, "operations (runs x d x steps)")


def _grid(lrs) -> np.ndarray:
    lrs = validate.positive("lrs", lrs)
    if np.ndim(lrs) != 1 or len(lrs) == 0:
        raise ValueError(f"lrs must be a 1-D grid of positive rates; got shape {np.shape(lrs)}")
    return np.asarray(lrs, dtype=float)


def _makers(methods) -> list:
    makers = list(methods.values()) if isinstance(methods, dict) else methods
    if not isinstance(makers, (list, tuple)) or not makers or not all(callable(m) for m in makers):
        raise ValueError(
            f"methods must be a dict (or list) of functions lr -> optimizer, e.g. {{'SGD': optim.sgd}}; got {methods!r}"[
                :300
            ]
        )
    return makers


def sweep(methods, f, x0, lrs, steps: int, *, seeds: int = 1, tail: int = 1, record_every=None, **run_options) -> Sweep:
    r"""Run each of ``methods`` at each rate of ``lrs`` from each of ``seeds`` starts, in one `optim.run`.

    ``methods`` a dict {name: make} (or a list of makes), each ``make(lr)`` building an optimizer from
    a ``(L·S, 1)`` array of rates (``optim.sgd``, ``lambda lr: optim.sgd(schedules.cosine(lr, T))``).
    ``x0`` one start ``(d,)`` shared by the seeds, or one per seed ``(S, d)``; the seeds differ by
    their start and by their own noise or minibatches (``run_options``: ``noise``, ``batch_size``,
    ``rng``, ``max_norm``). ``tail`` >= 1: the loss of a run is the mean over its last ``tail``
    records (``record_every`` apart; the default records only the end), which smooths the
    fluctuation of a noisy last iterate. A diverged run scores inf.
    """
    makers = _makers(methods)
    validate.objective("f", f)
    lrs = _grid(lrs)
    seeds = validate.integer("seeds", seeds, 1)
    steps = validate.integer("steps", steps, 1)
    tail = validate.integer("tail", tail, 1)
    M, L, S = len(makers), len(lrs), seeds
    _cap_rows("seeds", M * L * S, f.dim, steps)
    starts = _starts(f, x0, seeds)
    rate = np.repeat(lrs, S)[:, None]  # a method's rows: rate-major, then seed
    opt = stack([make(rate) for make in makers])
    traj = run(opt, f, np.tile(starts, (M * L, 1)), steps, record_every=record_every, **run_options)
    if tail > len(traj.steps):
        raise ValueError(f"tail must be at most the number of records ({len(traj.steps)}); got {tail}")
    loss = traj.loss[-tail:].mean(axis=0)
    loss = np.where(traj.diverged | ~np.isfinite(loss), np.inf, loss).reshape(M, L, S)
    median = np.median(loss, axis=-1)
    best = np.argmin(median, axis=-1)
    return Sweep(lrs, loss, lrs[best], median[np.arange(M), best])


def first_below(loss, steps, target_loss) -> np.ndarray:
    """The first of the recorded ``steps`` ``(R,)`` at which ``loss`` ``(R, ...)`` <= ``target_loss``; -1 if never."""
    loss = validate.real_array("loss", loss)
    steps = validate.integer_array("steps", steps, 0)
    if loss.ndim == 0 or steps.shape != loss.shape[:1]:
        raise ValueError(f"loss must be shaped (R, ...) with R = len(steps) = {len(steps)}; got {loss.shape}")
    target_loss = validate.real_array("target_loss", target_loss, finite=True)
    if target_loss.ndim:
        raise ValueError(f"target_loss must be one number; got shape {target_loss.shape}")
    with np.errstate(invalid="ignore"):
        hit = loss <= target_loss  # a NaN loss (a diverged run) is never below
    return np.where(hit.any(axis=0), steps[np.argmax(hit, axis=0)], -1)


class BatchScaling(NamedTuple):
    """What `steps_to_target` returns, N batch sizes.

    batch_sizes : (N,) the batch sizes.
    steps : (N,) the least median (over seeds) steps to the target over the rates; inf if no rate reached it.
    best_lr : (N,) the rate that gives it.
    all_steps : (N, L, S) steps to the target of every run (inf: never within the budget).
    """

    batch_sizes: np.ndarray
    steps: np.ndarray
    best_lr: np.ndarray
    all_steps: np.ndarray


def steps_to_target(
    make, f, x0, lrs, batch_sizes, target_loss, max_steps: int, *, seeds: int = 1, rng=None, record_every: int = 1
) -> BatchScaling:
    r"""Steps of minibatch training to reach loss <= ``target_loss``, against the batch size, the rate tuned per batch size.

    For each batch size m of ``batch_sizes``, ``make(lr)`` (an optimizer from a ``(L·S, 1)`` array of
    rates) runs at every rate of ``lrs`` from ``seeds`` starts (``x0`` as in `sweep`) for up to
    ``max_steps`` steps on minibatches of m examples (drawn with replacement, from ``rng``); a run's
    steps are the first recorded step with full loss <= ``target_loss``. The steps of m are the least, over
    the rates, of the median over seeds. McCandlish et al. 2018 model the result as
    :math:`S(m) = S_{min}(1 + B_{crit}/m)`: see `noise_scale.critical_batch_size`.
    """
    if not callable(make):
        raise ValueError(f"make must build an optimizer from a learning rate (e.g. optim.sgd); got {make!r}")
    lrs = _grid(lrs)
    sizes = validate.integer_array("batch_sizes", batch_sizes, 1)
    if sizes.ndim != 1 or len(sizes) == 0:
        raise ValueError(f"batch_sizes must be a 1-D list of sizes >= 1; got {batch_sizes!r}")
    target_loss = validate.real_array("target_loss", target_loss, finite=True)
    if target_loss.ndim:
        raise ValueError(f"target_loss must be one number; got shape {target_loss.shape}")
    max_steps = validate.integer("max_steps", max_steps, 1)
    seeds = validate.integer("seeds", seeds, 1)
    record_every = min(validate.integer("record_every", record_every, 1), max_steps)  # beyond: only the ends
    validate.objective("f", f)
    _cap_rows("seeds", len(lrs) * seeds, f.dim, 1)
    _cap_rows("max_steps", len(lrs) * seeds, f.dim, max_steps)
    validate.work("batch_sizes", int(sizes.max()) * len(lrs) * seeds * f.dim * max_steps, "example-gradient entries")
    rng = validate.generator(rng)
    starts = np.tile(_starts(f, x0, seeds), (len(lrs), 1))
    rate = np.repeat(lrs, seeds)[:, None]
    out = np.empty((len(sizes), len(lrs), seeds))
    for i, m in enumerate(sizes):
        traj = run(make(rate), f, starts, max_steps, batch_size=int(m), rng=rng, record_every=record_every)
        hit = first_below(traj.loss, traj.steps, target_loss)
        out[i] = np.where((hit >= 0) & ~traj.diverged, hit, np.inf).reshape(len(lrs), seeds)
    median = np.median(out, axis=-1)
    best = np.argmin(median, axis=-1)
    return BatchScaling(sizes, median[np.arange(len(sizes)), best], lrs[best], out)


class Branches(NamedTuple):
    """What `wsd_branches` returns, K branch points, R records per branch.

    branch_at : (K,) the steps T_0 at which the cool-downs start.
    stable : (T_max + 1, runs) the loss of the stable run, step by step.
    loss : (K, D + 1, runs) the loss along each cool-down, from T_0 to T_0 + D.
    """

    branch_at: np.ndarray
    stable: np.ndarray
    loss: np.ndarray


def wsd_branches(f, x0, lr, branch_at, decay_steps: int, *, shape: str = "1-sqrt", **run_options) -> Branches:
    r"""SGD at the stable rate ``lr``, cooled down over ``decay_steps`` D steps from each step of ``branch_at``.

    One run of plain SGD at the constant rate ε = ``lr`` from the rows of ``x0`` ``(runs, d)`` up to
    the last branch point; from each branch point T_0 the iterates continue with the cool-down of
    `schedules.wsd`, :math:`\varepsilon_{T_0 + j} = \varepsilon\,(1 - s(j/D))`, j = 0, ..., D − 1, all
    branches in one run. Plain SGD keeps no state but its step count, so a branch started from the
    stored iterates equals the run `schedules.wsd` (``steps`` = T_0 + D) gives from scratch with the
    same noise. ``run_options`` go to `optim.run` (``noise``, ``batch_size``, ``rng``, ``max_norm``).
    """
    lr = validate.positive("lr", lr, scalar=True)
    size = np.size(validate.real_array("x0", x0))
    points = validate.integer_array("branch_at", branch_at, 1)
    if points.ndim != 1 or len(points) == 0:
        raise ValueError(f"branch_at must be a 1-D list of steps >= 1; got {branch_at!r}")
    validate.work("branch_at", int(points.max()) * size, "operations (steps x B x d)")
    decay_steps = validate.integer("decay_steps", decay_steps, 1)
    validate.work("decay_steps", decay_steps * len(points) * size, "operations (steps x branches x B x d)")
    shape = validate.choice("shape", shape, schedules.WSD_SHAPES)
    for key in run_options:
        if key in ("steps", "record_every", "average"):
            raise ValueError(f"{key} is set by wsd_branches; pass only noise, batch_size, rng or max_norm")
    stable = run(sgd(lr), f, x0, int(points.max()), **run_options)
    runs = stable.x.shape[1]
    cool = schedules.wsd(lr, decay_steps, decay_steps, shape=shape)
    starts = stable.x[points].reshape(-1, stable.x.shape[-1])  # (K·runs, d)
    branches = run(sgd(cool), f, starts, decay_steps, **run_options)
    return Branches(points, stable.loss, branches.loss.reshape(decay_steps + 1, len(points), runs).transpose(1, 0, 2))


__all__ = ["Sweep", "sweep", "first_below", "BatchScaling", "steps_to_target", "Branches", "wsd_branches"]
