"""Means of N = 10 uniform draws, 100,000 times: `sampling.uniform_means` vs the lecture-slide loop.

The slide computes ``[np.mean(rng.uniform(size=10)) for _ in range(100_000)]``: one small
draw and one ``np.mean`` per trial. `sampling.uniform_means` draws one (10, 100000) array and
sums its rows. Both are timed in this run (best of 5, alternating); target: at least 100x.
The script also checks that both give the law the CLT predicts (mean 1/2, std 1/sqrt(120)).

    .venv/bin/python benchmarks/bench_clt.py
"""

import sys
import time

import numpy as np

from lecturekit import sampling

N, TRIALS, TARGET, REPEATS = 10, 100_000, 100.0, 5


def loop(rng):
    return np.array([np.mean(rng.uniform(size=N)) for _ in range(TRIALS)])


def vectorized(rng):
    return sampling.uniform_means(rng, N, TRIALS)


def main():
    rng = np.random.default_rng(0)
    _, std = sampling.uniform_mean_law(N)
    for fn in (loop, vectorized):  # same law first: mean and std within 1% of the CLT's
        m = fn(rng)
        assert abs(m.mean() - 0.5) < 0.01 * 0.5 and abs(m.std() / std - 1) < 0.01, fn.__name__
    times = {"loop": [], "vectorized": []}
    for _ in range(REPEATS):  # alternate, so that both see the same machine load
        for name, fn in (("loop", loop), ("vectorized", vectorized)):
            start = time.perf_counter()
            fn(rng)
            times[name].append(time.perf_counter() - start)
    t_loop, t_vec = min(times["loop"]), min(times["vectorized"])
    ratio = t_loop / t_vec
    print(
        f"{TRIALS:,} means of N = {N} uniform draws: loop of np.mean {t_loop * 1e3:.0f} ms, "
        f"sampling.uniform_means {t_vec * 1e3:.2f} ms"
    )
    print(f"speed-up: {ratio:.0f}x (target >= {TARGET:.0f}x): {'PASS' if ratio >= TARGET else 'FAIL'}")
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
