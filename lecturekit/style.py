"""One look for every figure in the course, one registry of its colours, and the pictures it ships.

``use_style()`` sets a seaborn theme once per notebook: the ``notebook`` context by
default, ``talk`` for a projector (larger fonts and lines, a higher resolution).
``show_image(name)`` shows a picture from ``lecturekit/resources/``, package data read through
`importlib.resources`, so that it is there wherever the package is installed (a wheel, Colab),
not only in a clone of the repository (``res/make_figures.py`` draws these pictures).

Colours come from the Okabe-Ito palette (Okabe & Ito, *Color Universal Design*, 2008),
which was designed to stay distinguishable under the common colour-vision deficiencies.
Every categorical palette the course draws with is registered in `CATEGORICAL`, with a
second cue in `MARKERS` (scatter and landmark markers) and `HATCHES` (filled maps), so a
category never depends on hue alone. ``tests/test_colour_vision.py`` simulates
deuteranopia, protanopia and tritanopia (Machado, Oliveira & Fernandes 2009) and checks
that every pair of colours within each palette stays apart (CIEDE2000).

Text sizes come from the context: code that draws legends and labels uses the rcParams
that `use_style` sets (``legend.fontsize``, ``font.size``), never a fixed ``"x-small"``.
"""

from __future__ import annotations

import numbers
from importlib import resources

import matplotlib as mpl
import seaborn as sns

from . import validate

#: The pictures `show_image` shows, as package data (a `importlib.resources` Traversable).
RESOURCES = resources.files("lecturekit").joinpath("resources")
#: What `show_image` can show, by file name ending, and the format IPython is told.
IMAGE_FORMATS = {".png": "png", ".gif": "gif"}
CONTEXTS = ("paper", "notebook", "talk", "poster")

#: The Okabe-Ito colours (Okabe & Ito 2008; Wong, Nature Methods 8, 441, 2011), by name.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: Colours used for the same idea in every chapter. "inconclusive" is a dark grey: far in
#: lightness from the green of "minimum" and the purple of "saddle" under every simulated
#: deficiency (a mid grey is not: it has the green's lightness).
COLORS = {
    "minimum": OKABE_ITO["bluish green"],
    "maximum": OKABE_ITO["orange"],
    "saddle": OKABE_ITO["reddish purple"],
    "inconclusive": "#595959",
    "diverged": OKABE_ITO["vermillion"],
    "path": OKABE_ITO["blue"],
    "start": OKABE_ITO["sky blue"],
}

#: Every categorical palette the course uses: palette -> {category: colour}, in drawing order.
#: Colours within one palette must stay distinguishable (``tests/test_colour_vision.py``).
CATEGORICAL = {
    # critical points: landmarks on curves and contour plots, curvature maps
    "landmarks": {
        "minimum": COLORS["minimum"],
        "maximum": COLORS["maximum"],
        "saddle": COLORS["saddle"],
        "inconclusive": COLORS["inconclusive"],
    },
    # `diagnostics` regimes of a learning-rate sweep
    "regimes": {
        "converges": COLORS["minimum"],
        "converges, oscillating": COLORS["saddle"],
        "too slow": COLORS["inconclusive"],
        "diverges": COLORS["diverged"],
    },
    # `conditioning.coordinate_regimes`
    "coordinate regimes": {
        "converges": COLORS["minimum"],
        "oscillates": COLORS["saddle"],
        "does not converge": COLORS["diverged"],
    },
    # where a start ends up (basin maps)
    "basins": {
        "global minimum": COLORS["minimum"],
        "local minimum": OKABE_ITO["yellow"],
        "not arrived": COLORS["inconclusive"],
        "diverged": COLORS["diverged"],
    },
    # the first and second eigenvector in every figure
    "eigen": {"u1": OKABE_ITO["bluish green"], "u2": OKABE_ITO["reddish purple"]},
    # several curves in one axes (runs, schedules, rates), in the order they are usually drawn
    "lines": {
        "path": COLORS["path"],
        "maximum": COLORS["maximum"],
        "minimum": COLORS["minimum"],
        "saddle": COLORS["saddle"],
        "start": COLORS["start"],
    },
    # `momentum.regime`: what one eigencomponent of the heavy ball or Nesterov does (plots.momentum)
    "momentum regimes": {
        "monotone": COLORS["minimum"],
        "oscillating (complex)": COLORS["start"],
        "sign-flipping": COLORS["saddle"],
        "divergent": COLORS["diverged"],
    },
    # optimizers compared in one figure (races, sweeps, playgrounds), one colour per method
    "methods": {
        "gradient descent": OKABE_ITO["black"],
        "momentum": OKABE_ITO["orange"],
        "AdaGrad": OKABE_ITO["sky blue"],
        "RMSProp": OKABE_ITO["bluish green"],
        "Adam": OKABE_ITO["vermillion"],
        "AMSGrad": OKABE_ITO["blue"],
    },
    # the optimizers of the real-data race (`plots.matrix`): one colour, marker and line style each
    "race": {
        "SGD+momentum": OKABE_ITO["orange"],
        "AdamW": OKABE_ITO["vermillion"],
        "Lion": OKABE_ITO["sky blue"],
        "Muon+AdamW": OKABE_ITO["blue"],
        "L-BFGS": OKABE_ITO["black"],
    },
    # the two classes of a 2-D classification data set (points and decision surfaces)
    "classes": {"class 0": OKABE_ITO["blue"], "class 1": OKABE_ITO["orange"]},
    # chapter 7: schemes, passes and widths side by side in one axes (`plots.initialization`)
    "init": {
        "first": OKABE_ITO["blue"],
        "second": OKABE_ITO["orange"],
        "third": OKABE_ITO["bluish green"],
        "fourth": OKABE_ITO["reddish purple"],
        "fifth": OKABE_ITO["black"],
        "sixth": OKABE_ITO["vermillion"],
    },
    # marks around a circle (`cyclic_marks`): neighbours differ in colour and in marker
    "cyclic": {
        "blue": OKABE_ITO["blue"],
        "orange": OKABE_ITO["orange"],
        "bluish green": OKABE_ITO["bluish green"],
        "reddish purple": OKABE_ITO["reddish purple"],
    },
}

#: The second cue: one matplotlib marker per category of a palette, in the same order.
MARKERS = {
    "landmarks": ("o", "^", "X", "s"),
    "regimes": ("o", "D", "s", "X"),
    "coordinate regimes": ("o", "D", "X"),
    "basins": ("o", "^", "s", "X"),
    "eigen": ("o", "s"),
    "lines": ("o", "^", "s", "D", "v"),
    "cyclic": ("o", "^", "s"),
    "momentum regimes": ("o", "D", "s", "X"),
    "methods": ("o", "s", "^", "D", "v", "P"),
    "classes": ("o", "s"),
    "init": ("o", "s", "^", "D", "v", "P"),
    "race": ("o", "s", "^", "D", "v"),
}

#: Hatch patterns for filled maps (`plots.categorical_map`), one per code; the first is plain.
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo")

#: Figure resolution per context when ``use_style`` is not given one: the notebook's default
#: keeps PNG outputs small and slider redraws fast; the projector gets more pixels per letter.
DPI = {"paper": 80, "notebook": 80, "talk": 100, "poster": 100}

#: Font scale per context relative to seaborn's: "talk" at seaborn's scale (1.5x notebook)
#: leaves no room on the course's 7-inch figures; 0.8 of it is 1.2x the notebook's text.
FONT_SCALE = {"paper": 1.0, "notebook": 1.0, "talk": 0.8, "poster": 0.6}


def palette(name: str) -> dict:
    """The palette ``name`` of `CATEGORICAL` (``ValueError`` listing the names otherwise)."""
    if not isinstance(name, str) or name not in CATEGORICAL:
        raise ValueError(f"the palette name must be one of {sorted(CATEGORICAL)}; got {name!r}")
    return CATEGORICAL[name]


def marker_for(kind: str) -> str:
    """The marker of a `COLORS` landmark kind (``minimum``, ``maximum``, ``saddle``, otherwise ``inconclusive``).

    ``kind`` is a string (an unknown one gets the ``inconclusive`` marker); anything else is a ``ValueError``.
    """
    if not isinstance(kind, str):
        raise ValueError(f"kind must be a string such as 'minimum' or 'saddle'; got {kind!r}")
    names = list(CATEGORICAL["landmarks"])
    return MARKERS["landmarks"][names.index(kind) if kind in names else names.index("inconclusive")]


#: At most this many styles from `cyclic_styles` (far more points than a plot can tell apart).
MAX_STYLES = 100_000


def cyclic_styles(n: int) -> list[tuple[str, str]]:
    """``n`` (colour, marker) pairs for points in order around a circle.

    Colours cycle through the four of ``CATEGORICAL["cyclic"]`` and markers through the three
    of ``MARKERS["cyclic"]``, so neighbours always differ in both, and the 12 marks of a circle
    at 30-degree steps are all distinct pairs (4 and 3 are coprime); on a full circle the last
    and the first mark differ too when ``n`` is a multiple of 12. Reading the sequence
    clockwise or anticlockwise shows whether a map keeps or reverses orientation, without
    telling hues apart (unlike a rainbow, whose neighbours merge under protanopia).
    """
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or not 1 <= n <= MAX_STYLES:
        raise ValueError(f"n must be an integer in [1, {MAX_STYLES}] (one style per plotted point); got {n!r}")
    n = int(n)
    colours, markers = list(CATEGORICAL["cyclic"].values()), MARKERS["cyclic"]
    return [(colours[i % len(colours)], markers[i % len(markers)]) for i in range(n)]


def use_style(context: str = "notebook", dpi: int | None = None) -> None:
    """Set the course's plot style: seaborn ``whitegrid`` in the given context.

    ``context`` is one of ``paper``, ``notebook`` (default), ``talk`` (projectors) or
    ``poster``. ``dpi`` sets the figure resolution shown in the notebook; by default
    `DPI` of the context (80 in the notebook, 100 on a projector). Fonts scale with the
    context (`FONT_SCALE`); legends and labels take their size from these rcParams.
    """
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {CONTEXTS}; got {context!r}")
    dpi = DPI[context] if dpi is None else validate.integer("dpi", dpi, 30, 300)  # NumPy integers too
    sns.set_theme(context=context, style="whitegrid", palette="colorblind", font_scale=FONT_SCALE[context])
    mpl.rcParams.update(
        {
            "figure.dpi": dpi,
            "figure.figsize": (7.0, 3.6),
            "axes.titlesize": "medium",
            "image.cmap": "viridis",
            "figure.constrained_layout.use": True,
            "hatch.color": "0.15",
            "hatch.linewidth": 0.6,
            "axes.prop_cycle": mpl.cycler(color=list(CATEGORICAL["lines"].values())),
        }
    )


def available_images() -> list[str]:
    """The file names `show_image` can show, sorted."""
    return sorted(p.name for p in RESOURCES.iterdir() if p.is_file() and p.name[-4:] in IMAGE_FORMATS)


def image_path(name: str):
    """The resource (a Traversable; a ``Path`` when installed as files) of the picture ``name``.

    ``ValueError`` listing what is there when ``name`` is not one of `available_images`.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be the file name of a picture in lecturekit's resources; got {name!r}")
    available = available_images()
    if name not in available:
        raise ValueError(
            f"name must name a picture: no image {name!r} in lecturekit's resources; available: {available}"
        )
    return RESOURCES.joinpath(name)


def show_image(name: str, width: int | None = None) -> None:
    """Display a picture of lecturekit's resources (PNG or GIF) in the notebook."""
    from IPython.display import Image, display

    if width is not None and (isinstance(width, bool) or not isinstance(width, int) or not 1 <= width <= 10_000):
        raise ValueError(f"width must be None or an integer number of pixels in [1, 10000]; got {width!r}")
    resource = image_path(name)
    display(Image(data=resource.read_bytes(), format=IMAGE_FORMATS[name[-4:]], width=width))
