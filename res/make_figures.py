"""Make the static figures that ``lecturekit.style.show_image`` shows, from lecturekit's own objectives.

They are written into ``lecturekit/resources/`` (package data), so that they travel with the package.

Run from the repository root:  .venv/bin/python res/make_figures.py
3-D surfaces are pre-rendered here because they are slow to draw and need no slider.
Each entry of `FIGURES` builds one figure; ``tests/plots/test_figures.py`` runs the figure check on it.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from lecturekit.objectives.landscapes import monkey_saddle, saddle  # noqa: E402
from lecturekit.style import COLORS, marker_for, use_style  # noqa: E402
from lecturekit.widgets.adaptive import five_method_race, race_animation, race_explorer  # noqa: E402

#: Where the pictures go: the package's resources folder (shipped in the wheel, see pyproject.toml).
OUT = Path(__file__).resolve().parent.parent / "lecturekit" / "resources"


def saddle_surfaces():
    """x^2 - y^2 and the monkey saddle x^3 - 3xy^2 as surfaces, the origin marked; returns the figure."""
    use_style("notebook", dpi=100)
    fig = plt.figure(figsize=(9, 4), layout="constrained")
    # Room below the tilted x tick labels: the constrained layout of matplotlib 3.9 and 3.10.0 leaves them
    # out of a 3-D axes' extent (the label "2" left the figure); 3.11 counts them, and then this is a margin.
    fig.get_layout_engine().set(h_pad=0.12)
    for k, f in enumerate((saddle(), monkey_saddle())):
        ax = fig.add_subplot(1, 2, k + 1, projection="3d", computed_zorder=False)  # the mark stays in front
        (gx, gy), pts, z = f.grid(60)
        xx, yy = np.meshgrid(gx, gy)
        ax.plot_surface(xx, yy, z, cmap="viridis", linewidth=0, antialiased=True, alpha=0.9, zorder=1)
        ax.scatter(
            [0],
            [0],
            [0],
            color=COLORS["saddle"],
            marker=marker_for("saddle"),
            s=90,
            edgecolors="black",
            depthshade=False,
            zorder=2,
        )
        ax.set_title(f"{f.name}: " + ("x² − y²" if k == 0 else "x³ − 3xy²"))
        ax.set_xlabel("x")
        ax.set_ylabel("y")
        ticks = np.arange(
            -int(gx[-1]), int(gx[-1]) + 1
        )  # whole numbers only: the labels of a tilted axis must not touch
        ax.set_xticks(ticks)
        ax.set_yticks(ticks)
        ax.set_zticks(np.linspace(-1, 1, 3) * np.floor(np.abs(z).max()))
        ax.view_init(elev=28, azim=-55)
    return fig


FIGURES = {"saddle_surfaces.png": saddle_surfaces}


def race_animation_frames():
    """The race of five optimizers on two surfaces (the adaptive-methods chapter) as an animation:
    every 10th of 200 steps, then a pause on the last."""
    use_style("notebook")
    racers, surfaces, titles = five_method_race()
    explorer = race_explorer(racers, surfaces, steps=200, tol=0.05, titles=titles)
    return race_animation(explorer, list(range(0, 201, 10)) + [200] * 5, dpi=100)


#: Animations, saved as GIFs for readers whose viewer runs no JavaScript.
ANIMATIONS = {"race.gif": race_animation_frames}


if __name__ == "__main__":
    for name, make in FIGURES.items():
        fig = make()
        fig.savefig(OUT / name)
        plt.close(fig)
        print("wrote", OUT / name)
    for name, make in ANIMATIONS.items():
        make().save(OUT / name, writer="pillow", fps=6)
        print("wrote", OUT / name)
