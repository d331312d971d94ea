"""Every state text of every explorer (the labels, verdicts and titles that change as its controls
move) reads against what is behind it: a WCAG contrast of at least 4.5:1 in every state.

Each explorer of the widget tests (the chapters' settings) is driven through its states: every
position of every control, the others at their ends, middles and defaults (the whole grid where it
is small). For each colour a text takes, the picture is rendered once with that text made
invisible, and the colour is measured against every pixel of the background under the text.
"""

import itertools

import numpy as np
import pytest
import test_widgets
import test_widgets_adaptive
import test_widgets_conditioning
import test_widgets_curvature
import test_widgets_initialization
import test_widgets_learning_rate
import test_widgets_matrix
import test_widgets_momentum
import test_widgets_sgd
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.text import Text

import lecturekit.widgets
from lecturekit.plots import text_color
from lecturekit.plots.primitives import STATE_BOX_ALPHA
from lecturekit.style import COLORS
from lecturekit.widgets import frames
from lecturekit.widgets.live import LiveFigure

FACTORIES = {
    f"{module.__name__.removeprefix('test_widgets_') if module is not test_widgets else 'descent'}: {name}": factory
    for module in (
        test_widgets,
        test_widgets_conditioning,
        test_widgets_curvature,
        test_widgets_initialization,
        test_widgets_learning_rate,
        test_widgets_matrix,
        test_widgets_momentum,
        test_widgets_sgd,
    )
    for name, factory in module.EXPLORERS.items()
}
FACTORIES["adaptive: race"] = test_widgets_adaptive._race
FACTORIES["adaptive: playground"] = test_widgets_adaptive._playground

#: WCAG 2 minimum contrast for text of normal size (success criterion 1.4.3).
MINIMUM = 4.5
#: Where all positions of all controls are at most this many, all are visited.
FULL_GRID = 400


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


def luminance(rgb) -> np.ndarray:
    """WCAG relative luminance of sRGB colours ``(..., 3)`` in [0, 1]."""
    rgb = np.asarray(rgb, dtype=float)
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return lin @ [0.2126, 0.7152, 0.0722]


def contrast(a, b) -> np.ndarray:
    """WCAG contrast ratio (1 to 21) between sRGB colours ``a`` and ``b`` (broadcast)."""
    la, lb = luminance(a), luminance(b)
    return (np.maximum(la, lb) + 0.05) / (np.minimum(la, lb) + 0.05)


def positions(explorer):
    """Control positions (one index per control, `frames` numbering) that visit every state."""
    counts = [frames.positions(w) for w in explorer.controls.values()]
    if np.prod(counts) <= FULL_GRID:
        yield from itertools.product(*(range(n) for n in counts))
        return
    here = [frames.position(w) for w in explorer.controls.values()]
    for i, n in enumerate(counts):
        others = [sorted({0, m // 2, m - 1, here[j]}) if j != i else [None] for j, m in enumerate(counts)]
        for rest in itertools.product(*others):
            for k in range(n):
                yield tuple(k if j == i else p for j, p in enumerate(rest))


def move_to(explorer, position) -> None:
    for w, k in zip(explorer.controls.values(), position):
        w.value = frames.value_at(w, k)


def changing_texts(explorer) -> list:
    """The texts ``explorer`` changes that state something: those anchored to the figure or to an
    axes' frame. A text placed in data coordinates names the data it sits on (the symmetric map's
    eigenvector names, in their arrows' colours; bar values) and is not a state."""
    return [
        a
        for a in explorer.animated
        if isinstance(a, Text) and not (a.axes is not None and a.get_transform() is a.axes.transData)
    ]


def colours_seen(explorer) -> dict:
    """(index of the text among the animated ones, its RGBA) -> the first position that shows it."""
    seen = {}
    for position in positions(explorer):
        move_to(explorer, position)
        for i, text in enumerate(changing_texts(explorer)):
            if text.get_visible() and text.get_text().strip():
                seen.setdefault((i, to_rgba(text.get_color(), text.get_alpha())), position)
    return seen


def text_contrast(explorer, text) -> float:
    """The lowest contrast of ``text``'s colour against the pixels behind it (drawn without it)."""
    colour = text.get_color()
    rgba = np.array(to_rgba(colour, text.get_alpha()))
    explorer.pixels()  # lays the figure out, so that the text's extent is where it is drawn
    box = text.get_window_extent(explorer.fig.canvas.get_renderer())
    text.set_color((0.0, 0.0, 0.0, 0.0))
    try:
        behind = explorer.pixels()[..., :3] / 255.0
    finally:
        text.set_color(colour)
    height, width = behind.shape[:2]
    x0, x1 = max(int(np.floor(box.x0)), 0), min(int(np.ceil(box.x1)), width)
    y0, y1 = max(int(np.floor(height - box.y1)), 0), min(int(np.ceil(height - box.y0)), height)
    assert x1 > x0 and y1 > y0, f"the text {text.get_text()!r} lies outside the figure"
    behind = behind[y0:y1, x0:x1].reshape(-1, 3)
    shown = rgba[3] * rgba[:3] + (1 - rgba[3]) * behind  # a translucent text mixes with what is behind it
    return float(contrast(shown, behind).min())


def contrast_problems(explorer) -> tuple[list[str], int]:
    """The texts below `MINIMUM` in some state, and how many (text, colour) pairs were measured."""
    seen = colours_seen(explorer)
    problems = []
    for (i, rgba), position in seen.items():
        move_to(explorer, position)
        text = changing_texts(explorer)[i]
        ratio = text_contrast(explorer, text)
        if ratio < MINIMUM:
            where = ", ".join(f"{k} = {w.value!r}" for k, w in explorer.controls.items())
            problems.append(f"{text.get_text()!r} in {np.round(rgba, 3).tolist()} at {where}: {ratio:.2f}:1")
    return problems, len(seen)


@pytest.mark.parametrize("name", FACTORIES)
def test_every_state_text_reads_on_its_background(name):
    problems, measured = contrast_problems(FACTORIES[name]())
    assert measured > 0, f"{name} shows no text that changes with its controls"
    assert not problems, f"{name}: state text below {MINIMUM}:1 against its background:\n" + "\n".join(problems)


def test_every_explorer_of_the_package_is_measured():
    """A new explorer joins the measurement by joining the EXPLORERS of its test module."""
    import importlib
    import pkgutil

    made = set()
    for name in pkgutil.iter_modules(lecturekit.widgets.__path__):
        module = importlib.import_module(f"lecturekit.widgets.{name.name}")
        made |= {
            n
            for n, f in vars(module).items()
            if n.endswith("_explorer") and getattr(f, "__module__", None) == module.__name__
        }
    called = set()
    for factory in FACTORIES.values():
        called |= set(factory.__code__.co_names)
    assert made and made <= called, f"explorers no test drives: {sorted(made - called)}"


def test_the_measure_fails_a_palette_colour_that_reads_badly_on_white():
    """The raw Okabe-Ito green and vermillion are below 4.5:1 on white (3.4 and 3.9), and the
    measurement of a drawn text sees it."""
    white = (1.0, 1.0, 1.0)
    assert contrast(to_rgba(COLORS["minimum"])[:3], white) == pytest.approx(3.4, abs=0.05)
    assert contrast(to_rgba(COLORS["diverged"])[:3], white) == pytest.approx(3.9, abs=0.05)
    fig = Figure(figsize=(3, 1))
    label = fig.suptitle("converged in 12 steps", color=COLORS["minimum"])
    explorer = LiveFigure(fig, lambda: None, {}, animated=[label])
    assert text_contrast(explorer, label) == pytest.approx(3.4, abs=0.05)
    label.set_color("black")
    assert text_contrast(explorer, label) > 20
    fig.set_facecolor("0.2")  # a dark background: black text no longer reads
    explorer._background = None
    assert text_contrast(explorer, label) < 2


def test_every_kind_reads_on_a_state_box_over_black_data():
    """`plots.text_color` holds 4.5:1 where a state label's translucent box is darkest: white at
    `plots.primitives.STATE_BOX_ALPHA` over black (the in-axes labels sit over curves)."""
    behind = np.full(3, STATE_BOX_ALPHA)
    for kind in COLORS:
        assert contrast(to_rgba(text_color(kind))[:3], behind) >= MINIMUM, kind
    assert contrast(to_rgba(COLORS["diverged"])[:3], behind) < MINIMUM  # the palette colour itself does not
