"""Make the static figures in res/ from lecturekit's own objectives.

Run from the repository root:  .venv/bin/python res/make_figures.py
3-D surfaces are pre-rendered here because they are slow to draw and need no slider.
Each entry of `FIGURES` builds one figure; ``tests/test_figures.py`` runs the figure check on it.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from lecturekit.objectives.landscapes import monkey_saddle, saddle  # noqa: E402
from lecturekit.style import COLORS, use_style  # noqa: E402

HERE = Path(__file__).resolve().parent


def saddle_surfaces():
    """x^2 - y^2 and the monkey saddle x^3 - 3xy^2 as surfaces, the origin marked; returns the figure."""
    use_style("notebook", dpi=100)
    fig = plt.figure(figsize=(9, 4), layout="constrained")
    for k, f in enumerate((saddle(), monkey_saddle())):
        ax = fig.add_subplot(1, 2, k + 1, projection="3d")
        (gx, gy), pts, z = f.grid(60)
        xx, yy = np.meshgrid(gx, gy)
        ax.plot_surface(xx, yy, z, cmap="viridis", linewidth=0, antialiased=True, alpha=0.9)
        ax.scatter([0], [0], [0], color=COLORS["saddle"], edgecolors="black", s=40, depthshade=False)
        ax.set_title(f"{f.name}: " + ("x² − y²" if k == 0 else "x³ − 3xy²"))
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        for axis in (ax.xaxis, ax.yaxis, ax.zaxis):
            axis.set_major_locator(MaxNLocator(5))  # fewer ticks: the labels of a tilted axis must not touch
        ax.view_init(elev=28, azim=-55)
    return fig


FIGURES = {"saddle_surfaces.png": saddle_surfaces}


if __name__ == "__main__":
    for name, make in FIGURES.items():
        fig = make()
        fig.savefig(HERE / name)
        plt.close(fig)
        print("wrote", HERE / name)
