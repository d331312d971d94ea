"""Benchmark: the heavy ball's (ε, α) rate map at 400 x 400 points for a two-eigenvalue quadratic.

`momentum.convergence_rate` evaluates the closed-form spectral radius of the 2x2 iteration
matrix, max |t/2 ± sqrt(t²/4 − d)|, over the whole grid and both eigenvalues in one vectorized
call. The baseline builds each point's two 2x2 matrices and calls ``np.linalg.eigvals`` on each,
one point at a time (4,000 points timed, scaled to 160,000). Both are checked to agree on the
subsample. Targets: the map in < 50 ms, and >= 100x faster than the loop.

    .venv/bin/python benchmarks/bench_momentum_map.py
"""

from __future__ import annotations

import sys
import time

import numpy as np

from lecturekit import momentum

N = 400
EIGENVALUES = np.array([0.05, 1.0])
SUBSET = 4000
REPEATS = 5
LIMIT_MS = 50.0
MIN_SPEEDUP = 100.0


def grid():
    lrs = np.linspace(4.0 / N, 4.0, N)
    alphas = np.linspace(0.0, 0.999, N)
    A, E = np.meshgrid(alphas, lrs, indexing="ij")
    return E, A


def vectorized(E, A):
    return momentum.convergence_rate(E, A, EIGENVALUES)


def per_point(E, A):
    """What one writes without the closed form: build each 2x2 matrix, ask LAPACK for its eigenvalues."""
    out = np.empty(E.size)
    for n, (lr, alpha) in enumerate(zip(E.flat, A.flat)):
        rho = 0.0
        for lam in EIGENVALUES:
            h = lr * lam
            M = np.array([[1.0 - h, alpha], [-h, alpha]])
            rho = max(rho, np.abs(np.linalg.eigvals(M)).max())
        out[n] = rho
    return out


def best(fn, *args, repeats=REPEATS):
    t_best, result = np.inf, None
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn(*args)
        t_best = min(t_best, time.perf_counter() - t0)
    return t_best, result


def main() -> int:
    E, A = grid()
    t_map, rate = best(vectorized, E, A)
    pick = np.random.default_rng(0).choice(E.size, SUBSET, replace=False)
    t_sub, ref = best(per_point, E.flat[pick], A.flat[pick], repeats=1)
    assert np.allclose(rate.flat[pick], ref, atol=1e-6), np.abs(rate.flat[pick] - ref).max()
    t_loop = t_sub * E.size / SUBSET
    speedup = t_loop / t_map
    ok = t_map * 1e3 < LIMIT_MS and speedup >= MIN_SPEEDUP
    print(f"bench_momentum_map: {N} x {N} (ε, α) map, {EIGENVALUES.size} eigenvalues, best of {REPEATS}")
    print(f"  closed form, one call:      {t_map * 1e3:8.1f} ms   (need < {LIMIT_MS:g} ms)")
    print(f"  eigvals per point (scaled): {t_loop * 1e3:8.0f} ms   ({SUBSET:,} points timed: {t_sub * 1e3:.0f} ms)")
    print(f"  speed-up: {speedup:.0f}x (need >= {MIN_SPEEDUP:g}x)   {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
