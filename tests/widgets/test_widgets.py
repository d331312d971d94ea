"""Drive every slider: each move must change the picture, and no extreme may raise or warn
(the suite turns warnings into errors). The explorers are built with the settings the
chapter notebooks use."""

from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest
from conftest import drive_every_slider, notebook_run, slider_extremes
from IPython.display import display
from IPython.utils.capture import capture_output
from matplotlib.figure import Figure

from lecturekit.objectives import bumpy, quadratic, two_minima
from lecturekit.widgets import LiveFigure
from lecturekit.widgets.descent import learning_rate_explorer, start_point_explorer

EXPLORERS = {
    "learning rate": lambda: learning_rate_explorer(
        quadratic(eigenvalues=[4.0]),
        x0=[1.5],
        lr=0.45,
        include=(1 / 4, 2 / 4),
        steps=100,
        tol=1e-6,
        xlim=(-2.5, 2.5),
        ylim=(-0.5, 14),
    ),
    "start point": lambda: start_point_explorer(bumpy(), lr=0.05, steps=300, x0=3.0),
}


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


def _label(explorer):
    return next(a.get_text() for a in explorer.animated if hasattr(a, "get_text"))


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_changes_the_picture_at_every_extreme(name):
    drive_every_slider(EXPLORERS[name]())


def test_static_output_shows_the_default_picture_and_a_readable_text():
    with capture_output() as captured:
        display(EXPLORERS["learning rate"]())
    kinds = [set(o.data) for o in captured.outputs]
    assert "application/vnd.jupyter.widget-view+json" in kinds[0]
    assert captured.outputs[0].data["text/plain"].startswith("[interactive: ε")
    assert "image/png" in kinds[1]  # an ordinary image: GitHub and nbviewer show it


def test_learning_rate_extremes_are_labelled_states():
    explorer = EXPLORERS["learning rate"]()
    slider = explorer.controls["lr"]
    low, high, _ = slider_extremes(slider)
    slider.value = low
    assert "too slow" in _label(explorer)
    slider.value = high
    assert "diverged" in _label(explorer)
    slider.value = min(slider.options, key=lambda o: abs(o[1] - 0.1))[1]
    assert "monotone, within 1e-6 in" in _label(explorer)
    slider.value = 0.25  # exactly 1/λ, on the grid: one step lands on the minimum
    assert "monotone, within 1e-6 in 1 step" in _label(explorer)
    slider.value = min(slider.options, key=lambda o: abs(o[1] - 10**-0.6))[
        1
    ]  # the log-grid point 0.2512, a hair above 1/λ: 3 steps, flipping sign
    assert "oscillating, within 1e-6 in 3 steps" in _label(explorer)
    slider.value = 0.5  # exactly 2/λ: the factor is -1 and the iterates bounce between ±x0
    assert "does not converge, |x - x*| 1.5 → 1.5" in _label(explorer)
    nearest = min(slider.options, key=lambda o: abs(o[1] - 0.45))[1]
    slider.value = nearest
    assert "oscillating" in _label(explorer)


def test_learning_rate_sweep_matches_quadratic_theory():
    data = EXPLORERS["learning rate"]().data
    lrs, codes = data["lrs"], data["codes"]
    assert np.all(codes[lrs > 0.5 + 1e-9] == 3)  # every rate above 2/λ diverges
    converged = data["n_steps"] >= 0
    assert np.all(lrs[converged] < 0.5)
    assert lrs[converged][np.argmin(data["n_steps"][converged])] == 0.25  # 1/λ is on the grid exactly
    assert 0.25 in lrs and 0.5 in lrs and codes[lrs == 0.5] == 3
    # too slow below the theory's (1 - (tol/x0)^(1/100)) / λ = 0.0331, converged just above it
    threshold = (1 - (1e-6 / 1.5) ** (1 / 100)) / 4
    assert np.all(codes[lrs < threshold] == 2) and np.all(data["n_steps"][(lrs > threshold) & (lrs < 0.25)] >= 0)


def test_start_point_explorer_names_where_runs_end():
    explorer = EXPLORERS["start point"]()
    slider = explorer.controls["x0"]
    for x0, expected in [
        (-3.0, "global minimum"),
        (0.0, "local minimum"),
        (3.0, "flat inflection"),
        (7.5, "still moving"),
    ]:
        slider.value = x0
        assert expected in _label(explorer), (x0, _label(explorer))


def test_explorers_reject_objectives_of_the_wrong_dimension():
    with pytest.raises(ValueError, match="1-D"):
        learning_rate_explorer(two_minima(), x0=[0.0, 0.0])
    with pytest.raises(ValueError, match="1-D"):
        start_point_explorer(two_minima())
    with pytest.raises(ValueError, match="0 < low < high"):
        learning_rate_explorer(quadratic(eigenvalues=[1.0]), x0=[1.0], lr_min=1.0, lr_max=0.1)


def test_live_figure_redraws_only_animated_artists_on_a_cached_background():
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    (dot,) = ax.plot([0.5], [0.5], "o")
    calls = []

    def redraw(x):
        calls.append(x)
        dot.set_data([x], [x])

    live = LiveFigure(fig, redraw, {"x": widgets.FloatSlider(value=0.5, min=0, max=1)}, animated=[dot])
    first = live.png()
    live.controls["x"].value = 0.9
    assert calls == [0.5, 0.9]
    assert live.png() != first
    live.controls["x"].value = 0.5
    assert live.png() == first  # the background is restored, not drawn over


NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_slider_in_every_notebook_is_driven(path, ipython):
    """The notebook's own explorers, built by its own code: one per widget cell, every slider moved."""
    explorers = list(notebook_run(path, "notebook", ipython).explorers.values())
    widget_cells = path.read_text(encoding="utf-8").count("# NBVAL_IGNORE_OUTPUT")
    assert len(explorers) == widget_cells
    for explorer in explorers:
        drive_every_slider(explorer)


def test_start_point_state_sits_above_the_curve_and_the_end_panel_is_labelled():
    explorer = EXPLORERS["start point"]()
    explorer.png()
    ax, ax_end = explorer.fig.axes
    label = next(a for a in explorer.animated if hasattr(a, "get_text"))
    for x0 in (explorer.controls["x0"].min, explorer.controls["x0"].max):
        explorer.controls["x0"].value = x0
        renderer = explorer.fig.canvas.get_renderer()
        assert label.get_window_extent(renderer).y0 >= ax.get_window_extent(renderer).y1  # never over the data
        assert label.get_window_extent(renderer).x1 <= ax_end.get_window_extent(renderer).x0  # nor the other panel
    assert ax_end.get_ylabel() == "x after 300 steps"


def test_cached_texts_give_the_pixels_of_drawn_texts():
    fig = Figure(figsize=(3, 2))
    ax = fig.subplots()
    (dot,) = ax.plot([0.5], [0.5], "o")
    title = ax.set_title("")
    over = ax.text(0.5, 0.5, "", transform=ax.transAxes)  # over the dot: never kept

    def redraw(x):
        dot.set_data([x], [x])
        title.set_text(f"x = {x:.1f}")
        over.set_text(f"{x:.1f}")

    slider = widgets.FloatSlider(value=0.5, min=0, max=1)
    live = LiveFigure(fig, redraw, {"x": slider}, animated=[dot, title, over], cached=[title, over])
    plain = LiveFigure(fig, redraw, {"x": widgets.FloatSlider(value=0.5, min=0, max=1)}, animated=[dot, title, over])
    for x in (0.5, 0.9, 0.5, 0.2, 0.9):  # revisits copy the kept pixels back
        slider.value = x
        assert np.array_equal(live.pixels(), plain.pixels())
    kept = [patch for (artist, _), patch in live._patches.items() if artist == id(title)]
    assert len(kept) == 3 and all(p is not None for p in kept)
    assert all(p is None for (artist, _), p in live._patches.items() if artist == id(over))
    with pytest.raises(ValueError, match="Text artists that are also animated"):
        LiveFigure(fig, redraw, {"x": widgets.FloatSlider()}, animated=[dot], cached=[title])


def test_learning_rate_explorer_gives_bounded_runs_their_own_category_and_draws_the_references():
    lam = 4.0
    slowest = (1 - (1e-6 / 1.5) ** (1 / 100)) / lam
    explorer = learning_rate_explorer(
        quadratic(eigenvalues=[lam]),
        x0=[1.5],
        include=(1 / lam, 2 / lam),
        steps=100,
        tol=1e-6,
        refs={"1/λ": 1 / lam, "2/λ": 2 / lam, "0.0331": slowest},
    )
    lrs, bounded, traj = explorer.data["lrs"], explorer.data["bounded"], explorer.data["traj"]
    assert np.all(bounded == ((lrs >= 0.5) & (lrs < 0.5359)))  # 2/λ up to (1 + (1e6/1.5)^(1/100)) / λ
    assert not np.any(bounded & traj.diverged)
    ax_rate = explorer.fig.axes[1]
    labels = [t.get_text() for t in explorer.fig.legends[0].get_texts()]  # one legend under both panels
    assert "does not converge" in labels and "diverges" in labels
    lines = {round(line.get_xdata()[0], 4) for line in ax_rate.get_lines() if line.get_linestyle() == "--"}
    assert {0.25, 0.5, round(slowest, 4)} <= lines
    assert {"1/λ", "2/λ", "0.0331"} <= {t.get_text() for t in ax_rate.texts}
    slider = explorer.controls["lr"]
    slider.value = min(slider.options, key=lambda o: abs(o[1] - 0.52))[1]
    assert "does not converge" in _label(explorer)
    slider.value = slider.options[-1][1]
    assert "diverged" in _label(explorer)


def test_start_point_explorer_names_only_critical_points_and_reads_numbers():
    explorer = EXPLORERS["start point"]()
    ax_end = explorer.fig.axes[1]
    (names_axis,) = ax_end.child_axes  # the critical points, named on the right
    names = [t.get_text() for t in names_axis.get_yticklabels()]
    assert "plateau" not in names and {"global minimum", "local minimum", "flat inflection"} <= set(names)
    numeric = [t.get_text() for t in ax_end.get_yticklabels() if t.get_text()]
    assert numeric and all(s.replace("−", "-").lstrip("-").replace(".", "").isdigit() for s in numeric)
    slider = explorer.controls["x0"]
    for x0 in (7.30, 7.35, 7.40, 7.5, 6.5):  # runs from the plateau end on it but are still moving
        slider.value = x0
        assert "still moving" in _label(explorer), (x0, _label(explorer))
    start, end = explorer.animated[1], explorer.animated[2]
    assert not start.get_clip_on() and not end.get_clip_on() and end.get_markerfacecolor() == "none"
