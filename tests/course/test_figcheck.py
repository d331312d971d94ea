"""The figure check finds what it promises on deliberately broken figures and nothing on clean ones."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figcheck import problems

from lecturekit import plots
from lecturekit.objectives import bumpy, two_minima
from lecturekit.style import use_style


@pytest.fixture(autouse=True)
def _style():
    use_style("notebook")
    yield
    use_style("notebook")


def clean_figure():
    fig, ax = plt.subplots(figsize=(6, 3.5))
    x = np.linspace(0, 1, 50)
    ax.plot(x, x**2, label="x²")
    ax.plot(x, x**3, label="x³")
    ax.plot([0.9], [0.1], "o", ms=9, gid="landmark")  # far from the legend in the upper left
    ax.set_title("two curves")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend(loc="upper left")
    return fig


def test_a_clean_figure_has_no_problems():
    assert problems(clean_figure()) == []


def test_course_primitives_draw_clean_figures():
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    plots.curve(bumpy(), ax=axes[0])
    plots.contours(two_minima(), ax=axes[1], log=True)
    plots.landmarks_2d(two_minima(), ax=axes[1])
    plots.state_label(axes[1], "converged in 12 steps", "minimum", outside=True)
    assert problems(fig) == []


def test_overlapping_texts_are_found():
    fig = clean_figure()
    ax = fig.axes[0]
    ax.text(0.5, 0.5, "first label")
    ax.text(0.52, 0.5, "second label")
    found = problems(fig)
    assert len(found) == 1 and "'first label'" in found[0] and "'second label'" in found[0]


def test_crowded_tick_labels_of_one_axis_are_found():
    """As in a plot that names three close levels on the y axis (the monkey saddle's ticks)."""
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([0, 1], [0, 1])
    ax.set_yticks([0.50, 0.51, 0.53], ["saddle", "minimum", "maximum"])
    found = problems(fig)
    assert any("'saddle'" in p and "'minimum'" in p for p in found), found


def test_text_leaving_the_figure_is_found():
    fig = clean_figure()
    fig.text(0.97, 0.5, "a long note that runs off the right edge")
    found = problems(fig)
    assert len(found) == 1 and "clipped by the figure edge" in found[0]


@pytest.mark.parametrize(
    "draw",
    [
        lambda ax: ax.plot([0.05], [0.95], "*", ms=12, color="k", gid="landmark"),  # tagged
        lambda ax: ax.plot([0.05], [0.95], "D", ms=8, ls="none"),  # a large marker-only line
        lambda ax: ax.scatter([0.05], [0.95], s=80),  # a scatter point
    ],
)
def test_a_legend_over_a_landmark_is_found(draw):
    fig = clean_figure()
    draw(fig.axes[0])
    found = problems(fig)
    assert len(found) == 1 and found[0].startswith("legend") and "covers the marker" in found[0]


def test_small_dots_and_tagged_clouds_under_a_legend_do_not_count():
    fig = clean_figure()
    fig.axes[0].plot([0.05, 0.06], [0.95, 0.94], ".", ms=3)
    fig.axes[0].scatter([0.05], [0.95], s=9, gid="cloud")
    assert problems(fig) == []
    fig.axes[0].scatter([0.05], [0.95], s=9)  # an untagged scatter point is data
    assert len(problems(fig)) == 1


def test_a_boxed_label_over_a_landmark_and_a_legend_over_text_are_found():
    fig = clean_figure()
    ax = fig.axes[0]
    plots.state_label(ax, "a status label that is wide enough", "path")  # top left: covers the legend
    ax.plot([0.88], [0.86], "o", ms=8, gid="landmark")
    ax.text(0.93, 0.88, "a boxed note", ha="right", va="top", bbox=dict(fc="white"))
    found = problems(fig)
    assert any("boxed text 'a boxed note'" in p and "covers the marker" in p for p in found), found
    assert any(p.startswith("legend") and "covers text 'a status label" in p for p in found), found


def test_what_is_not_drawn_does_not_count():
    fig = clean_figure()
    ax = fig.axes[0]
    ax.text(0.5, 0.5, "hidden").set_visible(False)
    ax.text(0.5, 0.5, "shown")
    ax.text(0.5, 0.5, "   ")
    ax.annotate("outside the axes", (5.0, 5.0))  # point outside: matplotlib does not draw it
    ax.set_xticks([-10, 0, 0.5, 1, 10])  # ticks outside the view are not drawn
    ax.plot([5.0], [5.0], "o", ms=10, gid="landmark")  # outside the view
    assert problems(fig) == []


def test_ticks_outside_the_view_of_a_log_axis_do_not_count():
    """A tick at 1e-30 below a view that starts at 4e-20 is not drawn, though it is within 1e-9 of the
    view's width (60) of its lower end in data units: the view is compared in the axis' scale."""
    fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    ax.semilogy([0, 1], [4e-20, 60])
    ax.set_yticks([1e-30, 1e-20, 1e-10, 1.0, 1e4])  # 1e-30 and 1e4 lie outside the view
    ax.set_ylim(4e-20, 60)
    fig.canvas.draw()
    below = next(t for t in ax.yaxis.get_major_ticks() if t.get_loc() == 1e-30)
    below.update_position(1e-30)  # its label where its tick is (as a draw with a wider view leaves it)
    assert below.label1.get_visible() and below.label1.get_window_extent().y1 < 0  # it would be "clipped"
    assert problems(fig, draw=False) == []
    ax.set_yticks([4e-20, 1e-10, 60], ["4e-20 (edge)", "1e-10", "60 (edge)"])  # at the view's ends: drawn
    ax.set_ylim(4e-20, 60)
    assert problems(fig) == []
    fig, ax = plt.subplots(figsize=(6, 3.5), layout="none")  # the style's layout would make room
    fig.subplots_adjust(bottom=0.0, top=1.0)  # now the labels at the ends leave the figure, and are found
    ax.semilogy([0, 1], [4e-20, 60])
    ax.set_yticks([4e-20, 1e-10, 60], ["4e-20 (edge)", "1e-10", "60 (edge)"])
    ax.set_ylim(4e-20, 60)
    found = problems(fig)
    assert any("'4e-20 (edge)' is clipped" in p for p in found) and any("'60 (edge)' is clipped" in p for p in found)


def test_the_layout_of_the_last_draw_is_kept_without_drawing():
    fig = clean_figure()
    fig.canvas.draw()
    assert problems(fig, draw=False) == []


def test_crowded_tick_labels_of_a_3d_axis_are_found():
    """The monkey saddle's surface with matplotlib's default ticks: seven labels on a tilted axis."""
    fig = plt.figure(figsize=(9, 4), layout="constrained")
    ax = fig.add_subplot(1, 2, 2, projection="3d")
    x = np.linspace(-1.6, 1.6, 20)
    xx, yy = np.meshgrid(x, x)
    ax.plot_surface(xx, yy, xx**3 - 3 * xx * yy**2)
    ax.view_init(elev=28, azim=-55)
    assert any("'−1.0' overlaps text '−0.5'" in p for p in problems(fig))


def test_a_legend_over_curves_is_found_only_when_asked():
    fig, ax = plt.subplots(figsize=(6, 3.5))
    k = np.arange(1, 3001)
    for p in (0.5, 1.0):
        ax.loglog(k, k**-p, label=f"k^-{p}")
    ax.legend(loc="center")  # over the curves' middle decades, as chapter 4's schedules figure had it
    assert problems(fig) == []  # the other checks do not look at curves
    found = problems(fig, lines=True)
    assert found and all("hides" in p for p in found)
    ax.legend(loc="lower left")  # the empty corner below the curves' start
    assert problems(fig, lines=True) == []
    plt.close(fig)


def test_reference_lines_and_marker_rows_under_a_legend_do_not_count():
    fig = clean_figure()
    ax = fig.axes[0]
    ax.axhline(0.9, color="0.5")  # two points: a reference line through the legend
    ax.plot(np.linspace(0, 0.3, 5), np.full(5, 0.9), "o", ms=3)  # markers only, no line
    assert problems(fig, lines=True) == []
    plt.close(fig)
