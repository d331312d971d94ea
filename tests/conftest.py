"""Shared test set-up: a non-interactive backend for this process only (never through the
environment: notebook kernels started by nbval must keep the inline backend)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402


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
