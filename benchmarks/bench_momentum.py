"""Benchmark: 40,000 momentum trajectories x 500 steps on Rosenbrock through `optim.run`.

Compares, in the same process and on the same starting points,

1. the public path: ``optim.run(optim.momentum(lr, alpha), rosenbrock, x0, 500, record_every=None)``;
2. a hand-written NumPy loop over separate x and y arrays doing the same math
   (Rosenbrock gradient, then v <- alpha v - lr g, theta <- theta + v);
3. a per-start Python loop over small NumPy arrays, timed on a subset and scaled.

Thresholds: the public path must be >= 150x faster than (3) and at most 1.5x the time of
(2). Prints the ratios and PASS/FAIL; exits with status 1 on a failure. Wall-clock times
are the best of a few repeats. Not part of ``make test``; run with ``make bench``.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from functools import partial

import numpy as np

from lecturekit import optim

B, T = 40_000, 500
LR, ALPHA = 1e-4, 0.9
SUBSET = 200  # starts timed for the per-start loop
REPEATS = 5
MIN_SPEEDUP_VS_PER_START = 150.0
MAX_RATIO_VS_HAND_LOOP = 1.5


def lean_rosenbrock():
    """Rosenbrock as an `Objective` whose gradient computes y - x^2 once and fills one array."""
    from lecturekit.objectives import Objective

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    def grad(p):
        x, y = p[..., 0], p[..., 1]
        r = y - x * x
        g = np.empty(p.shape)
        g[..., 0] = 2 * (x - 1) - 400 * x * r
        g[..., 1] = 200 * r
        return g

    def hess(p):
        x, y = p[..., 0], p[..., 1]
        h = np.empty(p.shape + (2,))
        h[..., 0, 0] = 2 - 400 * y + 1200 * x * x
        h[..., 0, 1] = h[..., 1, 0] = -400 * x
        h[..., 1, 1] = 200.0
        return h

    return Objective("rosenbrock (lean, local)", 2, value, grad, hess, minimizers=np.array([[1.0, 1.0]]))


def rosenbrock_objectives():
    """The library's Rosenbrock when it exists (the official measurement), and the lean local one."""
    objectives = []
    try:
        from lecturekit.objectives import rosenbrock

        objectives.append((rosenbrock(), "lecturekit.objectives.rosenbrock"))
    except ImportError:
        pass
    objectives.append((lean_rosenbrock(), "local lean Rosenbrock"))
    return objectives


def public_path(f, x0):
    return optim.run(optim.momentum(LR, ALPHA), f, x0, T, record_every=None).x[-1]


def hand_loop(x0):
    """What one would write by hand: separate coordinate arrays, the same math."""
    x, y = x0[:, 0].copy(), x0[:, 1].copy()
    vx, vy = np.zeros_like(x), np.zeros_like(y)
    for _ in range(T):
        r = y - x * x
        gx = -2 * (1 - x) - 400 * x * r
        gy = 200 * r
        vx = ALPHA * vx - LR * gx
        vy = ALPHA * vy - LR * gy
        x = x + vx
        y = y + vy
    return np.stack([x, y], axis=-1)


def hand_loop_batch_first(x0):
    """The same hand loop on one (B, 2) array, the layout `optim.run` and every Objective use."""
    theta, v = x0.copy(), np.zeros_like(x0)
    for _ in range(T):
        x, y = theta[:, 0], theta[:, 1]
        r = y - x * x
        g = np.empty_like(theta)
        g[:, 0] = -2 * (1 - x) - 400 * x * r
        g[:, 1] = 200 * r
        v = ALPHA * v - LR * g
        theta = theta + v
    return theta


def per_start_loop(x0):
    """One start at a time, each a Python loop over 500 steps on length-2 arrays."""
    out = np.empty_like(x0)
    for i in range(x0.shape[0]):
        theta, v = x0[i].copy(), np.zeros(2)
        for _ in range(T):
            r = theta[1] - theta[0] ** 2
            g = np.array([-2 * (1 - theta[0]) - 400 * theta[0] * r, 200 * r])
            v = ALPHA * v - LR * g
            theta = theta + v
        out[i] = theta
    return out


def best_time(fn, *args, repeats=REPEATS):
    best, result = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - t0)
    return best, result


def best_times_interleaved(fn_a, fn_b, repeats=REPEATS):
    """Best-of-``repeats`` times of two functions timed alternately, so drifts in machine load hit both."""
    best_a = best_b = np.inf
    for _ in range(repeats):
        t_a, result_a = best_time(fn_a, repeats=1)
        t_b, result_b = best_time(fn_b, repeats=1)
        best_a, best_b = min(best_a, t_a), min(best_b, t_b)
    return (best_a, result_a), (best_b, result_b)


def gradient_time(f, x0):
    """Seconds per step of f.grad alone, for the breakdown."""
    best = np.inf
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        for _ in range(T):
            f.grad(x0)
        best = min(best, time.perf_counter() - t0)
    return best / T


def main() -> int:
    x0 = np.random.default_rng(0).uniform([-2.0, -1.0], [2.0, 3.0], size=(B, 2))
    print(f"bench_momentum: {B:,} trajectories x {T} steps of momentum (lr={LR}, alpha={ALPHA}) on Rosenbrock")
    print(
        f"  machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, NumPy {np.__version__}; wall-clock, best of {REPEATS}"
    )

    t_subset, x_subset = best_time(per_start_loop, x0[:SUBSET], repeats=1)
    t_per_start = t_subset * B / SUBSET
    print(f"  per-start Python loop: {t_subset:.3f} s for {SUBSET} starts -> {t_per_start:8.1f} s scaled to {B:,}")

    (t_hand_bf, _), (t_hand, _) = best_times_interleaved(lambda: hand_loop_batch_first(x0), lambda: hand_loop(x0))
    print(
        f"  hand NumPy loop on one (B, 2) array (for reference): {t_hand_bf:.3f} s, "
        f"{t_hand_bf / t_hand:.2f}x the loop over separate x, y arrays ({t_hand:.3f} s)"
    )

    verdicts = []
    for i, (f, source) in enumerate(rosenbrock_objectives()):
        (t_public, x_public), (t_hand, x_hand) = best_times_interleaved(
            partial(public_path, f, x0), partial(hand_loop, x0)
        )
        # the three loops do the same arithmetic, up to rounding order
        assert np.allclose(x_public, x_hand, rtol=1e-9, atol=1e-9), np.abs(x_public - x_hand).max()
        assert np.allclose(x_public[:SUBSET], x_subset, rtol=1e-9, atol=1e-9)
        speedup, ratio = t_per_start / t_public, t_public / t_hand
        ok = speedup >= MIN_SPEEDUP_VS_PER_START and ratio <= MAX_RATIO_VS_HAND_LOOP
        official = i == 0
        verdicts.append(ok if official else True)
        t_grad = gradient_time(f, x0)
        print(f"  optim.run, record_every=None, with {source}{'' if official else ' (for reference)'}:")
        print(
            f"    time {t_public:8.3f} s (f.grad alone ~{t_grad * T:.3f} s); hand NumPy loop over x, y arrays "
            f"{t_hand:.3f} s"
        )
        print(f"    speed-up vs per-start loop: {speedup:7.1f}x  (need >= {MIN_SPEEDUP_VS_PER_START:g}x)")
        print(f"    time / hand loop:           {ratio:7.2f}   (need <= {MAX_RATIO_VS_HAND_LOOP:g})")
        print(f"    {'PASS' if ok else 'FAIL'}{'' if official else ' (informational)'}")
    return 0 if all(verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
