"""What happened to a run: its regime (slow, good, oscillating, diverged) and where it ended.

Both work on whole batches of trajectories from `optim.run`, so one call labels a sweep of
learning rates or a grid of thousands of starting points.
"""

from __future__ import annotations

import numpy as np

GOOD, OSCILLATING, SLOW, DIVERGED = 0, 1, 2, 3
REGIMES = ("converges", "converges, oscillating", "too slow", "diverges")


def regimes(x, x_star, converged, diverged) -> np.ndarray:
    """Label each trajectory of ``x`` ``(T+1, B, d)`` by its regime; int codes ``(B,)``.

    * ``DIVERGED`` where ``diverged`` is set, or where the run did not converge and ended
      no closer to x* than it started (it bounces or grows, only too slowly to blow up);
    * ``SLOW`` where it did not converge but got closer;
    * ``OSCILLATING`` where it converged but the error x_k - x* reversed direction (a
      negative inner product of consecutive errors) at some step while still more than
      1e-9 away;
    * ``GOOD`` otherwise: a converged run whose error kept its direction.

    ``x_star`` ``(d,)`` is the minimizer the runs head for; ``converged`` and ``diverged``
    are boolean ``(B,)``.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 3:
        raise ValueError(f"x must be shaped (T+1, B, d); got {x.shape}")
    converged = np.asarray(converged, dtype=bool)
    diverged = np.asarray(diverged, dtype=bool)
    if converged.shape != x.shape[1:2] or diverged.shape != x.shape[1:2]:
        raise ValueError(
            f"converged and diverged must be shaped ({x.shape[1]},); got {converged.shape} and {diverged.shape}"
        )
    err = x - np.asarray(x_star, dtype=float)
    with np.errstate(all="ignore"):
        visible = np.linalg.norm(err, axis=-1) > 1e-9  # round-off jitter at x* is no oscillation
        reversed_ = np.sum(err[1:] * err[:-1], axis=-1) < 0
        turns = np.any(reversed_ & visible[1:] & visible[:-1], axis=0)
        dist = np.linalg.norm(err, axis=-1)
        no_closer = ~(dist[-1] < dist[0])  # also True when the last iterate is not finite
    codes = np.where(turns, OSCILLATING, GOOD).astype(np.int8)
    codes[~converged] = np.where(no_closer[~converged], DIVERGED, SLOW)
    codes[diverged] = DIVERGED
    return codes


def nearest_point(x, points, tol: float) -> np.ndarray:
    """Index of the point in ``points`` ``(k, d)`` within distance ``tol`` of each ``x`` ``(..., d)``; -1 if none.

    Used to say which minimizer (basin) each run ended in.
    """
    x = np.asarray(x, dtype=float)
    points = np.asarray(points, dtype=float)
    if points.ndim != 2 or points.shape[1] != x.shape[-1]:
        raise ValueError(f"points must be shaped (k, {x.shape[-1]}); got {points.shape}")
    if not (np.isfinite(tol) and tol > 0):
        raise ValueError(f"tol must be a positive finite number; got {tol!r}")
    with np.errstate(all="ignore"):
        dist = np.linalg.norm(x[..., None, :] - points, axis=-1)  # (..., k)
    best = np.argmin(np.where(np.isnan(dist), np.inf, dist), axis=-1)
    close = np.take_along_axis(dist, best[..., None], axis=-1)[..., 0] <= tol
    return np.where(close, best, -1)


def basin_map(f, lr, n: int = 200, steps: int = 300, tol: float = 1e-2):
    """Run gradient descent from every point of an n x n grid over ``f.bounds`` (one batched run).

    Returns ``(codes, extent)``: ``codes`` ``(n, n)`` holds i where the run ended within
    ``tol`` of ``f.minimizers[i]``, k = len(minimizers) where it had not arrived after
    ``steps`` steps, and k + 1 where it diverged; ``extent`` = (xmin, xmax, ymin, ymax)
    for ``imshow``. ``lr`` is a float (or a schedule).
    """
    from . import optim  # local import: optim does not depend on this module

    if f.dim != 2:
        raise ValueError(f"basin_map needs a 2-D objective; {f.name} has d={f.dim}")
    if int(n) != n or n < 2:
        raise ValueError(f"n must be an integer >= 2; got {n!r}")
    _, starts, _ = f.grid(n)
    traj = optim.run(optim.sgd(lr), f, starts.reshape(-1, 2), steps=steps, record_every=None)
    k = len(f.minimizers)
    idx = nearest_point(traj.x[-1], f.minimizers, tol)
    codes = np.where(idx >= 0, idx, k)
    codes[traj.diverged] = k + 1
    (x0, x1), (y0, y1) = f.bounds
    return codes.reshape(n, n), (x0, x1, y0, y1)
