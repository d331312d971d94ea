"""One look for every figure in the course, and images from ``res/``.

``use_style()`` sets a seaborn theme once per notebook: the ``notebook`` context by
default, ``talk`` for a projector (larger fonts and lines). ``show_image(name)`` shows a
picture shipped in the repository's ``res/`` folder.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import seaborn as sns

RES = Path(__file__).resolve().parent.parent / "res"
CONTEXTS = ("paper", "notebook", "talk", "poster")

#: Colours used for the same idea in every chapter.
COLORS = {
    "minimum": "#2a9d8f",
    "maximum": "#e76f51",
    "saddle": "#8d5fd3",
    "inconclusive": "#8a8a8a",
    "diverged": "#d62828",
    "path": "#264653",
    "start": "#f4a261",
}


def use_style(context: str = "notebook", dpi: int = 80) -> None:
    """Set the course's plot style: seaborn ``whitegrid`` in the given context.

    ``context`` is one of ``paper``, ``notebook`` (default), ``talk`` (projectors) or
    ``poster``. ``dpi`` sets the figure resolution shown in the notebook; the default
    keeps PNG outputs small and slider redraws fast.
    """
    if context not in CONTEXTS:
        raise ValueError(f"context must be one of {CONTEXTS}; got {context!r}")
    if not (isinstance(dpi, int) and 30 <= dpi <= 300):
        raise ValueError(f"dpi must be an integer in [30, 300]; got {dpi!r}")
    sns.set_theme(context=context, style="whitegrid", palette="deep")
    mpl.rcParams.update(
        {
            "figure.dpi": dpi,
            "figure.figsize": (7.0, 3.6),
            "axes.titlesize": "medium",
            "image.cmap": "viridis",
            "figure.constrained_layout.use": True,
        }
    )


def image_path(name: str) -> Path:
    """Path of a file in ``res/``; ``ValueError`` listing what is there when it is missing."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be the file name of an image in res/; got {name!r}")
    path = RES / name
    if not path.is_file() or path.resolve().parent != RES:
        available = sorted(p.name for p in RES.glob("*.png")) if RES.is_dir() else []
        raise ValueError(f"name must name an image: no image {name!r} in res/; available: {available}")
    return path


def show_image(name: str, width: int | None = None) -> None:
    """Display an image from ``res/`` in the notebook."""
    from IPython.display import Image, display

    if width is not None and (isinstance(width, bool) or not isinstance(width, int) or not 1 <= width <= 10_000):
        raise ValueError(f"width must be None or an integer number of pixels in [1, 10000]; got {width!r}")
    display(Image(filename=str(image_path(name)), width=width))
