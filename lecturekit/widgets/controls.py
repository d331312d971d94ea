"""The controls and the state text every explorer shares.

An explorer precomputes its whole slider range on a grid and redraws by indexing it; here is
what every explorer builds the same way:

* the sliders (`slider`, `grid_slider`, `log_slider`, `int_slider`, `selection_slider`), one
  width for all (`layout`, `WIDTH`), updated while the handle is dragged, and a Play button
  (`play_control`, `add_play`);
* `nearest`, the grid index a control's value stands for (on a log scale for log grids);
* the state text ("converged in 12 steps", "diverged at step 7"): `state_title` makes it a boxed
  figure title, `set_state` writes it in the colour of its kind, a `style.COLORS` key, through
  `plots.set_state_color`: the text in `plots.text_color` (WCAG contrast >= 4.5 against white),
  the box's edge in the palette colour itself. ``tests/widgets/test_widgets_contrast.py`` drives every
  explorer through its states and measures every state text against the pixels behind it.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .. import plots
from ..style import COLORS

#: The width of every explorer's sliders and menus (long enough for a fine grid at one pixel a step).
WIDTH = "480px"


def layout() -> widgets.Layout:
    """A layout of `WIDTH` (a new one per control, so restyling one control leaves the others)."""
    return widgets.Layout(width=WIDTH)


def nearest(grid, value, log: bool = False) -> int:
    """The index of the point of ``grid`` nearest to ``value`` (by ratio if ``log``: the grid is
    log-spaced). A control's value is a float that may sit a rounding error off its grid point."""
    grid = np.asarray(grid, dtype=float)
    if log:
        return int(np.argmin(np.abs(np.log(grid) - np.log(value))))
    return int(np.argmin(np.abs(grid - value)))


def _common(description: str, **kw) -> dict:
    """What every control here shares: its name, `layout`, and updates while the handle is dragged."""
    return dict(description=description, continuous_update=True, layout=layout(), **kw)


def slider(description: str, value, lo, hi, step, fmt: str = ".2f") -> widgets.FloatSlider:
    """A float slider from ``lo`` to ``hi`` in steps of ``step``, its readout in ``fmt``."""
    return widgets.FloatSlider(value=value, min=lo, max=hi, step=step, **_common(description, readout_format=fmt))


def grid_slider(description: str, grid, value, fmt: str = ".3g") -> widgets.FloatSlider:
    """A float slider over an evenly spaced ``grid``, set to the grid point nearest to ``value``."""
    return slider(
        description, float(grid[nearest(grid, value)]), float(grid[0]), float(grid[-1]), float(grid[1] - grid[0]), fmt
    )


def log_slider(description: str, value, lo, hi, step, base: float = 10, fmt: str = ".3g") -> widgets.FloatLogSlider:
    """A slider over ``base**lo`` .. ``base**hi`` whose exponent moves in steps of ``step``."""
    return widgets.FloatLogSlider(
        value=value, base=base, min=lo, max=hi, step=step, **_common(description, readout_format=fmt)
    )


def int_slider(description: str, value, lo, hi, step=1) -> widgets.IntSlider:
    """An integer slider from ``lo`` to ``hi`` in steps of ``step``."""
    return widgets.IntSlider(value=value, min=lo, max=hi, step=step, **_common(description))


def selection_slider(description: str, options, value) -> widgets.SelectionSlider:
    """A slider over ``options`` (values, or ``(label, value)`` pairs), set to ``value``."""
    return widgets.SelectionSlider(options=options, value=value, **_common(description))


def play_control(slider, interval: int = 60, step: int = 1) -> widgets.Play:
    """A Play button that advances ``slider`` by ``step`` every ``interval`` ms (linked in the
    kernel, so tests can drive it)."""
    play = widgets.Play(
        value=slider.value, min=slider.min, max=slider.max, step=step, interval=interval, description="play"
    )
    widgets.link((play, "value"), (slider, "value"))
    return play


def add_play(explorer, slider, step: int = 1) -> widgets.Play:
    """Put a `play_control` for ``slider`` in front of ``explorer``'s controls, as ``explorer.play``."""
    play = explorer.play = play_control(slider, step=step)
    explorer.box.children = (play, *explorer.box.children)
    return play


def state_title(fig, lines: int = 2, *, pad: float = 0.2, alpha: float | None = 0.95, h_pad: float | None = 0.1):
    """The state text of ``fig`` as a boxed, bold figure title, with room for ``lines`` lines.

    A figure title, not a label in an axes: the constrained layout keeps it clear of the panels in
    every seaborn context (an in-axes label covered a legend under ``talk``). The layout reserves
    its height at the first draw, so later texts should keep the same number of lines. ``h_pad``
    (inches) makes room for the box's padding ``pad``, which the layout does not count; None
    leaves the layout's padding alone. ``alpha`` is the box's opacity. Write it with `set_state`.
    """
    if h_pad is not None:
        fig.get_layout_engine().set(h_pad=h_pad)
    return fig.suptitle(
        "\n".join(["M"] * lines),
        fontsize="small",
        fontweight="bold",
        bbox=dict(boxstyle=f"round,pad={pad}", fc="white", ec=COLORS["path"], alpha=alpha),
    )


def set_state(label, text: str, kind: str) -> None:
    """Show ``text`` in ``label`` (a `state_title` or a `plots.state_label`), coloured for ``kind``
    (a `style.COLORS` key) by `plots.set_state_color`: readable on white."""
    label.set_text(text)
    plots.set_state_color(label, kind)
