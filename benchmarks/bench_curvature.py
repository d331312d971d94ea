"""Curvature classification of 40,000 symmetric 2x2 Hessians: closed form vs eigh point by point.

`critical.classify_hessian` uses the closed-form eigenvalues of a symmetric 2x2 matrix,
(a+c)/2 -+ hypot((a-c)/2, b), over the whole batch. The baseline calls np.linalg.eigh on
one matrix at a time (timed on a subset and scaled). Target: at least 100x faster.

    .venv/bin/python benchmarks/bench_curvature.py
"""

import sys
import time

import numpy as np

from lecturekit import critical
from lecturekit.objectives import two_minima

N, SUBSET, TARGET = 40_000, 4_000, 100.0


def best_of(fn, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    f = two_minima()
    _, grid, _ = f.grid(200)  # 200 x 200 = 40,000 points
    H = f.hess(grid.reshape(-1, 2))
    assert H.shape == (N, 2, 2)

    def per_point(Hs):
        out = np.empty(len(Hs), dtype=np.int8)
        for i, h in enumerate(Hs):
            lam = np.linalg.eigh(h)[0]
            out[i] = critical.classify_eigenvalues(lam)
        return out

    # same answers first
    np.testing.assert_array_equal(per_point(H[:SUBSET]), critical.classify_hessian(H[:SUBSET]))
    t_batch = best_of(lambda: critical.classify_hessian(H))
    t_loop = best_of(lambda: per_point(H[:SUBSET]), repeats=2) * (N / SUBSET)
    t_eigh_batched = best_of(lambda: critical.classify_eigenvalues(np.linalg.eigvalsh(H)))
    ratio = t_loop / t_batch
    print(
        f"classify {N:,} Hessians: closed form {t_batch * 1e3:.2f} ms, batched eigvalsh "
        f"{t_eigh_batched * 1e3:.2f} ms, eigh point by point {t_loop * 1e3:.0f} ms (scaled from {SUBSET:,})"
    )
    print(
        f"speed-up over the point-by-point loop: {ratio:.0f}x (target >= {TARGET:.0f}x): "
        f"{'PASS' if ratio >= TARGET else 'FAIL'}"
    )
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
