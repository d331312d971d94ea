"""Slider redraw time for every interactive figure in the chapter notebooks.

Runs each notebook's code in an IPython shell (figures to Agg), finds every `LiveFigure`
it made, displays it, then moves each slider across its range and times each move: the
redraw plus the PNG that replaces the figure in the notebook. Prints median and 90th
percentile per slider (wall clock, and the process's CPU time, which a busy shared machine
disturbs less) and the size of each explorer's PNG, and fails (exit 1) if a median is
100 ms or more, or if a chapter with its own target (chapters 5-7: 30 ms, their issues'
acceptance) misses it. ``--only 05 06`` measures the notebooks whose names start so. ``--context talk`` runs the notebooks with ``use_style`` forced to the projector
context (larger text, the context's higher dpi), to measure what projector mode costs.

    .venv/bin/python benchmarks/bench_widgets.py [--only 05 06 07] [--context talk] [--dpi 110]
"""

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import ipywidgets as widgets  # noqa: E402
import numpy as np  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.display import display  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402

import lecturekit.style  # noqa: E402
from lecturekit.widgets import LiveFigure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 100.0
#: Chapters whose issue sets a stricter redraw target (median, ms).
TARGET_MS = {"05_momentum": 30.0, "06_adaptive_methods": 30.0, "07_initialization": 30.0}


def notebook_explorers(path):
    shell = InteractiveShell.instance()
    shell.reset()
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    with capture_output(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Agg's "non-interactive" notice on plt.show()
        for cell in cells:
            shell.run_cell("".join(cell["source"]), store_history=False).raise_error()
    return {k: v for k, v in shell.user_ns.items() if isinstance(v, LiveFigure) and not k.startswith("_")}


def slider_values(control, n=25):
    """n values across the range; integer sliders and dropdowns cycle through their distinct values."""
    if hasattr(control, "options"):
        values = [v[1] if isinstance(v, tuple) else v for v in control.options]
        return (values + values[::-1]) * (n // (2 * len(values)) + 1)
    if isinstance(control, widgets.FloatLogSlider):
        return control.base ** np.linspace(control.min, control.max, n)
    if isinstance(control, widgets.IntSlider):
        values = np.arange(control.min, control.max + 1, control.step)
        return np.resize(np.concatenate([values, values[::-1]]), n).tolist()
    return np.linspace(control.min, control.max, n)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--context", default=None, choices=lecturekit.style.CONTEXTS)
    parser.add_argument("--dpi", type=int, default=None)
    parser.add_argument("--only", nargs="*", default=None, help="notebook name prefixes, e.g. 05 06")
    args = parser.parse_args(argv)
    if args.context is not None or args.dpi is not None:
        original = lecturekit.style.use_style

        def forced(context="notebook", *rest, **kw):
            if args.dpi is not None:
                kw["dpi"] = args.dpi
            original(args.context or context, *rest, **kw)

        lecturekit.style.use_style = forced  # the notebooks import it after this
    worst, sizes, missed = 0.0, [], []
    paths = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.only:
        paths = [p for p in paths if p.name.startswith(tuple(args.only))]
        if not paths:
            parser.error(f"--only {' '.join(args.only)} matches no notebook")
    for path in paths:
        for name, explorer in notebook_explorers(path).items():
            png = explorer.png()
            sizes.append(len(png))
            print(f"{path.name:26s} {name:24s} PNG {len(png) / 1024:6.1f} kB at {explorer.fig.dpi:g} dpi")
            for key, control in explorer.controls.items():
                times, cpu = [], []
                with capture_output():  # the PNG updates go here, as they would to the notebook
                    display(explorer)
                    for value in slider_values(control):
                        start, start_cpu = time.perf_counter(), time.process_time()
                        control.value = value
                        times.append((time.perf_counter() - start) * 1000)
                        cpu.append((time.process_time() - start_cpu) * 1000)
                med, p90 = np.median(times), np.percentile(times, 90)
                worst = max(worst, med)
                target = TARGET_MS.get(path.stem)
                if target is not None and med >= target:
                    missed.append(f"{path.stem} {name} {key}: {med:.1f} ms (target {target:.0f} ms)")
                print(
                    f"{path.name:26s} {name:24s} {key:7s} median {med:6.1f} ms   p90 {p90:6.1f} ms"
                    f"   CPU median {np.median(cpu):6.1f} ms"
                )
    print(f"explorer PNGs: {sum(sizes) / 1024:.0f} kB in total, largest {max(sizes) / 1024:.0f} kB")
    print(f"slowest median: {worst:.1f} ms (limit {LIMIT_MS:.0f} ms): {'PASS' if worst < LIMIT_MS else 'FAIL'}")
    for line in missed:
        print(f"chapter target missed: {line}")
    return 0 if worst < LIMIT_MS and not missed else 1


if __name__ == "__main__":
    sys.exit(main())
