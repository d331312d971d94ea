"""Newton-Schulz orthogonalization against the SVD: 64 matrices of 256 x 128, float64.

Five quintic steps (`optim.newton_schulz`, Jordan et al.'s coefficients) are timed against
``np.linalg.svd(G, full_matrices=False)`` on the same 64 Gaussian matrices and the polar factor
U V^T formed from it, best of 3, alternating, in one run. The target: the quintic iteration is no
slower than the SVD (ratio <= 1). Beside the times it prints what each result is: the range of
the singular values of the quintic's output (a band around 1, not 1), the exact polar factor's
(1 to rounding), and the classic cubic iteration's after 5 steps and after as many steps as the
SVD's time allows, so that the trade of exactness for speed is read from the same run.

    .venv/bin/python benchmarks/bench_newton_schulz.py
"""

import sys
import time

import numpy as np

from lecturekit import optim

B, M, N, REPEATS = 64, 256, 128, 3


def polar_by_svd(G):
    U, _, Vt = np.linalg.svd(G, full_matrices=False)
    return U @ Vt


def band(X) -> tuple:
    s = np.linalg.svd(X, compute_uv=False)
    return float(s.min()), float(s.max())


def elapsed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main():
    G = np.random.default_rng(0).standard_normal((B, M, N))
    runs = {"quintic, 5 steps": [], "cubic, 5 steps": [], "SVD polar factor": []}
    for _ in range(REPEATS):
        runs["quintic, 5 steps"].append(elapsed(optim.newton_schulz, G))
        runs["cubic, 5 steps"].append(elapsed(lambda g: optim.newton_schulz(g, coefficients="cubic"), G))
        runs["SVD polar factor"].append(elapsed(polar_by_svd, G))
    t = {k: min(v) for k, v in runs.items()}
    quintic = optim.newton_schulz(G)
    cubic5 = optim.newton_schulz(G, coefficients="cubic")
    exact = polar_by_svd(G)
    # The cubic needs many more steps for these matrices (sigma/|G|_F down to 0.02): count them.
    cubic_steps = next(k for k in range(5, 200) if abs(band(optim.newton_schulz(G[:4], k, "cubic"))[0] - 1) < 1e-6)
    print(f"{B} Gaussian matrices {M} x {N}, float64, best of {REPEATS}:")
    for name, X in (("quintic, 5 steps", quintic), ("cubic, 5 steps", cubic5), ("SVD polar factor", exact)):
        lo, hi = band(X)
        print(f"  {name:<18} {1e3 * t[name]:8.1f} ms   singular values in [{lo:.4f}, {hi:.4f}]")
    print(f"  the cubic iteration needs {cubic_steps} steps to bring every singular value within 1e-6 of 1")
    ratio = t["quintic, 5 steps"] / t["SVD polar factor"]
    ok = ratio <= 1.0
    print(f"quintic Newton-Schulz / SVD = {ratio:.2f} (target <= 1: no slower): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
