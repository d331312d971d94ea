"""What happened to a run: its regime (slow, good, oscillating, diverged) and where it ended.

Both work on whole batches of trajectories from `optim.run`, so one call labels a sweep of
learning rates or a grid of thousands of starting points.
"""

from __future__ import annotations

import numpy as np

from . import validate

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
    x = validate.real_array("x", x)
    if x.ndim != 3 or x.shape[0] == 0:
        raise ValueError(f"x must be shaped (T+1, B, d) with T+1 >= 1; got {x.shape}")
    for name, v in (("converged", converged), ("diverged", diverged)):
        arr = np.asarray(v)
        if arr.dtype != bool or arr.shape != x.shape[1:2]:
            raise ValueError(
                f"{name} must be a boolean array shaped ({x.shape[1]},), one flag per trajectory; "
                f"got dtype {arr.dtype} and shape {arr.shape}"
            )
    converged, diverged = np.asarray(converged), np.asarray(diverged)
    x_star = validate.real_array("x_star", x_star, finite=True)
    if x_star.shape != x.shape[-1:]:
        raise ValueError(f"x_star must be one point shaped ({x.shape[-1]},) to match x; got shape {x_star.shape}")
    err = x - x_star
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
    x = validate.real_array("x", x)
    if x.ndim == 0:
        raise ValueError(f"x must be points shaped (..., d); got shape {x.shape}")
    points = validate.real_array("points", points, finite=True)
    if points.ndim != 2 or points.shape[1] != x.shape[-1]:
        raise ValueError(
            f"points must be shaped (k, {x.shape[-1]}) to match x (..., {x.shape[-1]}); got {points.shape}"
        )
    tol = validate.positive("tol", tol, scalar=True)
    validate.elements("x and points", x.shape + (len(points),))
    if len(points) == 0:  # no point to be near: every x is "none"
        return np.full(x.shape[:-1], -1)
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
    for ``imshow``. ``lr`` is a float (or a schedule). An objective without minimizers (a
    saddle, an indefinite quadratic) has k = 0: every cell is 0 (did not arrive) or 1
    (diverged).
    """
    from . import optim  # local import: optim does not depend on this module

    validate.objective("f", f, dim=2)
    n = validate.integer("n", n, 2)
    steps = validate.integer("steps", steps, 0)
    tol = validate.positive("tol", tol, scalar=True)
    validate.elements("n", (n, n, 2))
    per_step = n * n * 2 + validate.STEP_OVERHEAD  # the gradient's entries and the loop's own cost
    validate.work("steps", (steps + 1) * per_step, "operations (steps x (n^2 x 2 + the cost of one step))")
    if len(getattr(f, "bounds", ())) != 2:
        raise ValueError(f"f must have bounds, one (low, high) pair per coordinate; {f.name} has {f.bounds!r}")
    _, starts, _ = f.grid(n)
    traj = optim.run(optim.sgd(lr), f, starts.reshape(-1, 2), steps=steps, record_every=None)
    k = len(f.minimizers)
    idx = nearest_point(traj.x[-1], f.minimizers, tol)
    codes = np.where(idx >= 0, idx, k)
    codes[traj.diverged] = k + 1
    (x0, x1), (y0, y1) = f.bounds
    return codes.reshape(n, n), (x0, x1, y0, y1)
