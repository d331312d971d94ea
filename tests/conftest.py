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
