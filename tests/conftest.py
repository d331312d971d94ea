"""Shared test set-up: a non-interactive backend for this process only (never through the
environment: notebook kernels started by nbval must keep the inline backend)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run and every machine: CI stays reproducible.
settings.register_profile("course", derandomize=True, deadline=None)
settings.load_profile("course")


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(autouse=True)
def _restore_print_options():
    """A notebook run in this process (``np.set_printoptions`` in its imports cell) must not change
    how later doctests print arrays."""
    saved = np.get_printoptions()
    yield
    np.set_printoptions(**saved)


@pytest.fixture(scope="session")
def ipython():
    """An IPython shell, so that display() and capture_output() behave as in a notebook."""
    from IPython.core.interactiveshell import InteractiveShell

    return InteractiveShell.instance()


def run_notebook_code(path, shell):
    """Run every code cell of a notebook in ``shell`` (figures go to Agg) and return its namespace."""
    import json
    import warnings

    from IPython.utils.capture import capture_output

    shell.reset()
    cells = [c for c in json.loads(path.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    with capture_output(), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*non-interactive.*")  # plt.show() under Agg
        for cell in cells:
            shell.run_cell("".join(cell["source"]), store_history=False).raise_error()
    return {k: v for k, v in shell.user_ns.items() if not k.startswith("_")}


def slider_extremes(control):
    """The smallest, largest and a middle value a control can take (a log slider's min/max are
    exponents; a dropdown's values are its options)."""
    import ipywidgets as widgets

    if hasattr(control, "options"):
        values = [v[1] if isinstance(v, tuple) else v for v in control.options]
        return values[0], values[-1], values[len(values) // 2]
    if isinstance(control, widgets.FloatLogSlider):
        lo, hi = control.min, control.max
        return control.base**lo, control.base**hi, control.base ** ((lo + hi) / 2)
    return control.min, control.max, (control.min + control.max) / 2


def drive_every_slider(explorer):
    """Show ``explorer`` as a notebook would, move each slider to its extremes and middle, and
    assert that every move replaced the picture with a new PNG and printed nothing."""
    import base64

    from IPython.display import display
    from IPython.utils.capture import capture_output

    def last_png(outputs):
        return [base64.b64decode(o.data["image/png"]) for o in outputs if "image/png" in o.data][-1]

    with capture_output() as captured:
        display(explorer)
        for control in explorer.controls.values():
            for value in slider_extremes(control):
                if np.isclose(value, control.value):
                    continue
                before = last_png(captured.outputs)
                control.value = value
                after = last_png(captured.outputs)
                assert after != before, f"moving {control.description} to {value} did not change the figure"
                assert after[:8] == b"\x89PNG\r\n\x1a\n"
    assert captured.stdout == "" and captured.stderr == ""
