"""Slider redraw time for every interactive figure in the chapter notebooks.

Runs each notebook's code in an IPython shell (figures to Agg), finds every `LiveFigure`
it made, displays it, then moves each slider across its range and times each move: the
redraw plus the PNG that replaces the figure in the notebook. Prints median and 90th
percentile per slider and fails (exit 1) if a median reaches its notebook's limit: 100 ms,
30 ms for the notebooks in ``STRICT`` (their issues asked for it).

    .venv/bin/python benchmarks/bench_widgets.py
"""

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

from lecturekit.widgets import LiveFigure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MS = 100.0
STRICT = {"05_momentum": 30.0}  # notebook stem -> its own, tighter limit in ms


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


def main():
    worst, failed = 0.0, []
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        limit = STRICT.get(path.stem, LIMIT_MS)
        for name, explorer in notebook_explorers(path).items():
            for key, control in explorer.controls.items():
                times = []
                with capture_output():  # the PNG updates go here, as they would to the notebook
                    display(explorer)
                    for value in slider_values(control):
                        start = time.perf_counter()
                        control.value = value
                        times.append((time.perf_counter() - start) * 1000)
                med, p90 = np.median(times), np.percentile(times, 90)
                worst = max(worst, med)
                if med >= limit:
                    failed.append(f"{path.stem} {name} {key}")
                flag = "" if med < limit else f"  (limit {limit:.0f} ms: FAIL)"
                print(f"{path.name:26s} {name:24s} {key:7s} median {med:6.1f} ms   p90 {p90:6.1f} ms{flag}")
    print(
        f"slowest median: {worst:.1f} ms (limit {LIMIT_MS:.0f} ms; {', '.join(f'{k}: {v:.0f} ms' for k, v in STRICT.items())})"
    )
    print("PASS" if not failed else "FAIL: " + "; ".join(failed))
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
