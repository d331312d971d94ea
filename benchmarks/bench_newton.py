"""The cost of a Newton step against a gradient step on least squares, as the dimension grows.

For n = 2,000 examples and d = 10, 100, 1,000 weights, one gradient step computes
(1/n) X^T (Xw - y); one Newton step computes the same gradient, the Hessian X^T X / n and
solves H u = g (``np.linalg.solve``, as `optim.newton` does). Both are timed in the same run
(best of 5, alternating) and their ratio is compared with the operation count of
`conditioning.step_flops` (1 + d/2 + d^2/(6n)). No absolute time is a claim; the check is that
the measured ratio grows with d, by at least 10x from d = 10 to d = 1,000. (It stays below the
operation count: the Hessian is a matrix-matrix product, which BLAS runs at many more flops per
second than the memory-bound matrix-vector products of the gradient.)

    .venv/bin/python benchmarks/bench_newton.py
"""

import sys
import time

import numpy as np

from lecturekit import conditioning

N, DIMS, REPEATS = 2_000, (10, 100, 1_000), 5


def gradient_step(X, y, w):
    return X.T @ (X @ w - y) / X.shape[0]


def newton_step(X, y, w):
    g = gradient_step(X, y, w)
    H = X.T @ X / X.shape[0]
    return np.linalg.solve(H, g)


def main():
    rng = np.random.default_rng(0)
    ratios = []
    for d in DIMS:
        X = rng.standard_normal((N, d))
        y = rng.standard_normal(N)
        w = rng.standard_normal(d)
        reps = max(1, int(2e6 // (N * d)))  # repeat cheap gradient steps so each timing is >= ~1 ms
        t_grad, t_newton = [], []
        for _ in range(REPEATS):
            start = time.perf_counter()
            for _ in range(reps):
                gradient_step(X, y, w)
            t_grad.append((time.perf_counter() - start) / reps)
            start = time.perf_counter()
            newton_step(X, y, w)
            t_newton.append(time.perf_counter() - start)
        ratio = min(t_newton) / min(t_grad)
        flops = float(conditioning.step_flops(N, d)["ratio"])
        ratios.append((d, ratio, flops))
        print(
            f"n = {N:,}, d = {d:>5,}: Newton step / gradient step = {ratio:7.1f} (measured), {flops:7.1f} (flop count)"
        )
    grows = all(a[1] < b[1] for a, b in zip(ratios, ratios[1:]))
    growth = ratios[-1][1] / ratios[0][1]
    ok = grows and growth >= 10
    print(
        f"ratio grows with d: {grows}, by {growth:.0f}x from d = {DIMS[0]} to d = {DIMS[-1]:,} "
        f"(target >= 10x): {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
