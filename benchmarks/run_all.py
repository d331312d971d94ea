"""Run every ``benchmarks/bench_*.py`` in turn, each in its own Python process; ``make bench`` calls this.

Each benchmark prints its own measurements and verdict and exits non-zero when it misses
its target. This script streams their output, then prints one summary line per benchmark
and exits with status 1 if any failed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if not scripts:
        print(f"no bench_*.py files in {HERE}")
        return 1
    results = []
    for script in scripts:
        print(f"=== {script.name} ===", flush=True)
        start = time.perf_counter()
        code = subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode
        results.append((script.name, code, time.perf_counter() - start))
        print(flush=True)
    print("=== summary ===")
    for name, code, seconds in results:
        print(f"  {'PASS' if code == 0 else f'FAIL (exit {code})':<16} {name}  ({seconds:.1f} s)")
    return 0 if all(code == 0 for _, code, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
