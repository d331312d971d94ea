"""Shared test set-up: a non-interactive backend for this process only (never through the
environment: notebook kernels started by nbval must keep the inline backend)."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

# Property tests draw the same examples on every run and every machine: CI stays reproducible.
settings.register_profile("course", derandomize=True, deadline=None)
settings.load_profile("course")


def pytest_ignore_collect(collection_path, config):
    """tests/e2e/ needs a browser: it runs only when named on the command line (`make e2e`), so
    that `make test` stays browser-free."""
    if collection_path.name == "e2e" and collection_path.parent == Path(__file__).resolve().parent:
        return not any("e2e" in str(arg) for arg in config.args)
    return None


@pytest.fixture
def rng():
    return np.random.default_rng(20261122)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


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
    assert that every move changed the picture, that the live image shows it (as lossless WebP
    with the same pixels) and took over from the static PNG, and that nothing was printed."""
    import io

    from IPython.display import display
    from IPython.utils.capture import capture_output
    from PIL import Image

    def pixels(data):
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))

    with capture_output() as captured:
        display(explorer)
        assert "image/png" in captured.outputs[-1].data  # the static picture, for readers without a kernel
        for control in explorer.controls.values():
            for value in slider_extremes(control):
                if np.isclose(value, control.value):
                    continue
                before = explorer.png()
                control.value = value
                after = explorer.png()
                assert after != before, f"moving {control.description} to {value} did not change the figure"
                frame = explorer.image.value
                assert frame[:4] == b"RIFF" and frame[8:12] == b"WEBP", "the live image is not WebP"
                assert np.array_equal(pixels(frame), pixels(after)), "the live image differs from the figure"
                assert explorer.image.layout.display != "none", "the live image is still hidden"
        assert captured.outputs[-1].data == {"text/plain": ""}  # the static picture made way for the live one
    assert captured.stdout == "" and captured.stderr == ""
