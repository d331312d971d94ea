"""Projector mode: ``use_style("talk")`` gives larger text and more pixels than the notebook context,
and the shared drawing code takes its text sizes from the context instead of fixing them."""

import inspect

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from lecturekit import plots, style
from lecturekit.objectives import bumpy


@pytest.fixture(autouse=True)
def _restore():
    yield
    style.use_style("notebook")


def sizes(context):
    style.use_style(context)
    fig, ax = plt.subplots()
    ax.plot([0, 1], label="a line")
    legend = ax.legend()
    label = plots.state_label(ax, "converged", "minimum")
    marks = plots.curve(bumpy(), ax=ax)["marks"]
    texts = [t for t in marks if hasattr(t, "get_fontsize")]
    return {
        "dpi": fig.dpi,
        "legend": legend.get_texts()[0].get_fontsize(),
        "state": label.get_fontsize(),
        "landmark": texts[0].get_fontsize(),
        "tick": ax.get_xticklabels()[0].get_fontsize(),
    }


def test_talk_is_larger_than_notebook_in_text_and_pixels():
    notebook, talk = sizes("notebook"), sizes("talk")
    assert notebook["dpi"] == style.DPI["notebook"] and talk["dpi"] == style.DPI["talk"] > notebook["dpi"]
    for key in ("legend", "state", "landmark", "tick"):
        assert talk[key] >= 1.15 * notebook[key], key
    assert talk["legend"] >= 12  # points: never an x-small legend on a projector


def test_an_explicit_dpi_still_wins():
    style.use_style("talk", dpi=100)
    assert mpl.rcParams["figure.dpi"] == 100


def test_shared_drawing_code_fixes_no_x_small_text():
    for module in (plots.primitives, plots.descent, plots.curvature, plots.conditioning, plots.sgd):
        assert '"x-small"' not in inspect.getsource(module), module.__name__
