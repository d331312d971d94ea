r"""A fair race between optimizers on a network: tune each one's hyperparameters over seeds, then
compare at equal budgets of gradient evaluations.

A claim "method A trains better than method B" means little at one learning rate: each method
has its own good range (Choi et al. 2019; Schmidt, Schneider & Hennig 2021). The protocol here:

1. `sweep` -- for every setting of a small grid (learning rates × weight decays) and every seed,
   train one network (all H × S of them in one batched `optim.run`, minibatches drawn per
   network) and record the validation loss after every epoch;
2. the setting with the lowest validation loss at the final budget, averaged over the seeds,
   is the method's tuned setting (`SweepResult.best`);
3. `lbfgs_curve` -- L-BFGS, full batch, has no learning rate (its line search picks every step):
   its validation loss at the same budgets, counting each evaluation of the full-batch loss and
   gradient as one epoch.

The budget unit is one epoch: n training examples' worth of per-example gradients (n/b
minibatch steps of size b, or one full-batch evaluation). The tuned setting is chosen on the
validation loss it is then reported on, which flatters every method a little, and all alike.
No randomness but ``rng``.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from . import optim, validate


class SweepResult(NamedTuple):
    """What `sweep` returns.

    settings : (H, 2) the grid's (learning rate, weight decay) pairs.
    epochs : (K,) the budgets (in epochs) at which the validation loss is recorded, 0 first.
    loss : (H, S, K) validation loss of every setting, seed and budget.
    diverged : (H, S) True where a network's training diverged (its loss is then inf).
    best : the index of the tuned setting (lowest mean over seeds at the last budget).
    seconds : CPU seconds of the whole batched run.
    """

    settings: np.ndarray
    epochs: np.ndarray
    loss: np.ndarray
    diverged: np.ndarray
    best: int
    seconds: float


def _networks(net, net_validation, w0) -> np.ndarray:
    """Check the two networks and the starts ``w0`` ``(S, P)``; return ``w0`` as floats."""
    validate.objective("net", net)
    validate.objective("net_validation", net_validation, dim=net.dim)
    if not isinstance(getattr(net, "n_examples", None), int):
        raise ValueError(f"net must be a network on a data set (an nn.MLP, with n_examples); got {net!r}"[:300])
    w0 = validate.real_array("w0", w0, finite=True, what="starting parameters shaped (S, P)")
    if w0.ndim != 2 or w0.shape[1] != net.dim or len(w0) == 0:
        raise ValueError(f"w0 must be starts shaped (S, P) with S >= 1 and P = net.dim = {net.dim}; got {w0.shape}")
    return w0


def _validation_losses(net_validation, x) -> np.ndarray:
    """The validation loss at every recorded iterate: ``x`` (R, B, P) -> (B, R)."""
    return np.stack([net_validation.value(xr) for xr in x], axis=-1)


def sweep(
    make, net, net_validation, w0, lrs, weight_decays=(0.0,), *, epochs: int, batch_size: int, rng
) -> SweepResult:
    """Train ``make(lr, weight_decay)`` for every setting of the grid ``lrs × weight_decays`` from
    every start in ``w0`` ``(S, P)`` (one per seed), and record the validation loss every epoch.

    ``make`` receives two ``(B, 1)`` arrays (B = H S, settings major, seeds minor) and returns an
    optimizer for ``(B, P)`` parameters. ``net`` is the training objective (an `nn.MLP` with
    ``n_examples`` a multiple of ``batch_size``), ``net_validation`` the same network on the
    validation data. ``epochs`` full passes' worth of minibatch steps, sampled with replacement
    by ``rng`` (`optim.run`). A diverged network gets an infinite loss from its divergence on.
    """
    validate.function("make", make)
    w0 = _networks(net, net_validation, w0)
    lrs = validate.positive("lrs", np.atleast_1d(lrs))
    decays = validate.nonnegative("weight_decays", np.atleast_1d(weight_decays))
    if lrs.ndim != 1 or decays.ndim != 1:
        raise ValueError(f"lrs and weight_decays must be 1-D grids; got shapes {lrs.shape} and {decays.shape}")
    epochs = validate.integer("epochs", epochs, 1)
    batch_size = validate.integer("batch_size", batch_size, 1, net.n_examples)
    if net.n_examples % batch_size:
        raise ValueError(f"batch_size must divide the number of training examples {net.n_examples}; got {batch_size}")
    validate.generator(rng)
    per_epoch = net.n_examples // batch_size
    settings = np.array([(lr, wd) for lr in lrs for wd in decays])
    H, S = len(settings), len(w0)
    validate.work("epochs", epochs * net.n_examples * H * S * net.dim, "example-gradient entries (epochs x n x B x P)")
    lr = np.repeat(settings[:, 0], S)[:, None]
    wd = np.repeat(settings[:, 1], S)[:, None]
    opt = validate.optimizer("make", make(lr, wd))
    start = time.process_time()
    traj = optim.run(
        opt,
        net,
        np.tile(w0, (H, 1)),
        steps=epochs * per_epoch,
        batch_size=batch_size,
        rng=rng,
        record_every=per_epoch,
    )
    seconds = time.process_time() - start
    loss = _validation_losses(net_validation, traj.x)
    bad = traj.diverged | ~np.all(np.isfinite(loss), axis=-1)
    after = traj.steps[None, :] >= np.where(traj.diverged_step >= 0, traj.diverged_step, np.iinfo(int).max)[:, None]
    loss = np.where(after | ~np.isfinite(loss), np.inf, loss).reshape(H, S, -1)
    with np.errstate(invalid="ignore"):
        best = int(np.argmin(loss[:, :, -1].mean(axis=1)))
    return SweepResult(settings, traj.steps // per_epoch, loss, bad.reshape(H, S), best, seconds)


class LbfgsCurve(NamedTuple):
    """What `lbfgs_curve` returns: the validation loss ``(S, K)`` of each start at each budget
    ``epochs`` ``(K,)`` (the iterate reached with at most that many full-batch evaluations), the
    training loss ``(S, K)`` there, and the CPU seconds."""

    epochs: np.ndarray
    loss: np.ndarray
    train_loss: np.ndarray
    seconds: float


def lbfgs_curve(net, net_validation, w0, epochs: int, memory: int = 10) -> LbfgsCurve:
    """Run `optim.lbfgs` (full batch) from each start in ``w0`` ``(S, P)`` and read the validation
    loss at budgets 0, 1, ..., ``epochs`` evaluations (one evaluation = one epoch)."""
    w0 = _networks(net, net_validation, w0)
    epochs = validate.integer("epochs", epochs, 1)
    validate.work(
        "epochs",
        epochs * net.n_examples * len(w0) * net.dim * 30,
        "example-gradient entries (epochs x n x B x P x 30 trials)",
    )
    start = time.process_time()
    traj = optim.lbfgs(net, w0, steps=epochs, memory=memory)
    seconds = time.process_time() - start
    budgets = np.arange(epochs + 1)
    # the last record reached within each budget: evaluations is nondecreasing along the steps
    which = np.stack([np.searchsorted(traj.evaluations[:, s], budgets, side="right") - 1 for s in range(len(w0))])
    which = np.maximum(which, 0)
    cols = np.arange(len(w0))[:, None]
    x = traj.x[which, cols]  # (S, K, P)
    val = net_validation.value(x.reshape(-1, net.dim)).reshape(which.shape)
    train = traj.loss[which, cols]
    return LbfgsCurve(budgets, val, train, seconds)
