"""An explorer for Newton-Schulz orthogonalization: how many steps, which polynomial, and where
the singular values land against the exact polar factor's (all 1).

The map of every singular value is computed once for every step count and both polynomials
(`optim.singular_value_map`), and so are the singular values of one Gaussian matrix pushed
through `optim.newton_schulz`; ``redraw`` only picks a row.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import optim, plots
from ..style import COLORS
from .controls import int_slider, selection_slider, set_state, state_title
from .live import LiveFigure

#: The smallest normalized singular value the quintic's band is stated for (see `optim.newton_schulz`).
SIGMA_MIN = 0.002


def newton_schulz_sweep(G, max_steps: int, sigma):
    """For both polynomials: the map of ``sigma`` after 0..``max_steps`` steps ``(max_steps + 1, n)``
    and the singular values of ``newton_schulz(G, k)`` for every k ``(max_steps + 1, min(m, n))``."""
    out = {}
    for name in ("quintic", "cubic"):
        mapped = optim.singular_value_map(sigma, max_steps, name)
        svals = np.stack(
            [np.linalg.svd(optim.newton_schulz(G, k, name), compute_uv=False) for k in range(max_steps + 1)]
        )
        out[name] = (mapped, svals)
    return out


def newton_schulz_explorer(rng, *, m: int = 64, n: int = 32, steps: int = 5, max_steps: int = 12) -> LiveFigure:
    """Sliders over the number of Newton-Schulz steps and the polynomial (quintic or cubic).

    The curve is where a normalized singular value σ/‖G‖_F ∈ [0.001, 1] ends after k steps; the
    dots are the singular values of one Gaussian m × n matrix (drawn by ``rng``) after k steps of
    `optim.newton_schulz`, at their starting σ. The title states the band the σ ≥ 0.002 land in
    and the matrix's. The exact polar factor puts every singular value at 1 (dashed).
    """
    G = rng.standard_normal((m, n))
    s0 = np.linalg.svd(G, compute_uv=False)
    s0n = s0 / np.linalg.norm(G)
    sigma = np.geomspace(1e-3, 1.0, 400)
    sweep = newton_schulz_sweep(G, max_steps, sigma)
    inside = sigma >= SIGMA_MIN

    fig = Figure(figsize=(8.0, 4.2), layout="constrained")
    ax = fig.subplots()
    drawn = plots.matrix.singular_value_curve(sigma, sweep["quintic"][0][steps], ax)
    (dots,) = ax.plot(
        s0n,
        sweep["quintic"][1][steps],
        "o",
        ms=5,
        color=COLORS["maximum"],
        mec="white",
        mew=0.6,
        label=f"a Gaussian {m} × {n} matrix",
    )
    ax.axvline(SIGMA_MIN, color="0.5", lw=1, ls=":")
    ax.set_ylim(-0.05, 1.35)
    ax.set_xlim(1e-3, 1.0)
    ax.legend(loc="lower right")
    label = state_title(fig)

    names = ("quintic", "cubic")

    def redraw(steps, coefficients):
        coefficients = names[int(coefficients)]
        mapped, svals = sweep[coefficients]
        curve = mapped[steps]
        drawn["line"].set_ydata(curve)
        dots.set_ydata(svals[steps])
        low, high = curve[inside].min(), curve[inside].max()
        what = "G / ‖G‖_F itself" if steps == 0 else f"{steps} {coefficients} step{'s' if steps > 1 else ''}"
        near = high - low < 0.02 and abs(low - 1) < 0.01
        text = (
            f"{what}: σ ≥ {SIGMA_MIN} land in [{low:.3f}, {high:.3f}]\n"
            f"the matrix's singular values in [{svals[steps].min():.3f}, {svals[steps].max():.3f}] (polar factor: all 1)"
        )
        set_state(label, text, "minimum" if near else ("inconclusive" if steps == 0 else "path"))

    return LiveFigure(
        fig,
        redraw,
        {
            "steps": int_slider("steps k", steps, 0, max_steps),
            "coefficients": selection_slider("polynomial", [(name, i) for i, name in enumerate(names)], 0),
        },
        animated=[drawn["line"], dots, label],
        data={"sigma": sigma, "sweep": sweep, "s0": s0n},
    )
