"""Every categorical palette of the course stays readable under simulated colour-vision deficiencies.

Simulation: Machado, Oliveira & Fernandes (2009), "A physiologically-based model for simulation
of color vision deficiency", IEEE TVCG 15(6), the matrices for dichromacy (severity 1.0) from
the paper's table, applied to linear-light sRGB (decode the sRGB transfer curve, multiply, clip
to [0, 1]). Colours are then compared in CIELAB (D65 white) with CIEDE2000 (Sharma, Wu & Dalal
2005, "The CIEDE2000 color-difference formula: implementation notes", Color Res. Appl. 30(1)),
checked below against three of their published test pairs.

Threshold: ΔE00 >= 10 for every pair within a palette, in normal vision and under deuteranopia,
protanopia and tritanopia. ΔE00 ≈ 1 is a just-noticeable difference for large patches side by
side; categories drawn as small markers, thin lines and map regions need several times more
(Stone, Szafir & Setlur 2014, "An engineering model for color difference as a function of
size"), and 10 is a common floor for categorical palettes. The old course colours failed it
badly ("minimum" vs "inconclusive": 4.4 under protanopia); the worst pair of the eight Okabe-Ito
colours under any of the three simulations is 10.9.
"""

import itertools

import matplotlib.colors as mcolors
import numpy as np
import pytest

from lecturekit import conditioning, critical, diagnostics, style
from lecturekit.plots import conditioning as plots_conditioning
from lecturekit.plots import curvature as plots_curvature
from lecturekit.plots import descent as plots_descent

MACHADO = {
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
VISIONS = ("normal", *MACHADO)
THRESHOLD = 10.0

# linear sRGB -> CIE XYZ (IEC 61966-2-1), D65 white
SRGB_TO_XYZ = np.array(
    [[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750], [0.0193339, 0.1191920, 0.9503041]]
)


def linear_rgb(colour) -> np.ndarray:
    c = np.array(mcolors.to_rgb(colour))
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def seen_as(colour, vision: str) -> np.ndarray:
    """Linear RGB of ``colour`` as a dichromat of the given type sees it (identity for normal vision)."""
    rgb = linear_rgb(colour)
    return rgb if vision == "normal" else np.clip(MACHADO[vision] @ rgb, 0.0, 1.0)


def lab(rgb_linear) -> np.ndarray:
    t = SRGB_TO_XYZ @ rgb_linear / SRGB_TO_XYZ.sum(axis=1)  # XYZ / white
    d = 6 / 29
    f = np.where(t > d**3, np.cbrt(t), t / (3 * d * d) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference, kL = kC = kH = 1 (Sharma et al. 2005, eqs. 1-21)."""
    (L1, a1, b1), (L2, a2, b2) = lab1, lab2
    c_bar = (np.hypot(a1, b1) + np.hypot(a2, b2)) / 2
    G = 0.5 * (1 - np.sqrt(c_bar**7 / (c_bar**7 + 25.0**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = np.hypot(a1p, b1), np.hypot(a2p, b2)
    h1p, h2p = np.degrees(np.arctan2(b1, a1p)) % 360, np.degrees(np.arctan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    if C1p * C2p == 0:
        dhp = 0.0
    else:
        dhp = h2p - h1p
        dhp = dhp - 360 if dhp > 180 else (dhp + 360 if dhp < -180 else dhp)
    dHp = 2 * np.sqrt(C1p * C2p) * np.sin(np.radians(dhp / 2))
    Lbp, Cbp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hbp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hbp = (h1p + h2p) / 2
    else:
        hbp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (
        1
        - 0.17 * np.cos(np.radians(hbp - 30))
        + 0.24 * np.cos(np.radians(2 * hbp))
        + 0.32 * np.cos(np.radians(3 * hbp + 6))
        - 0.20 * np.cos(np.radians(4 * hbp - 63))
    )
    d_theta = 30 * np.exp(-(((hbp - 275) / 25) ** 2))
    RC = 2 * np.sqrt(Cbp**7 / (Cbp**7 + 25.0**7))
    SL = 1 + 0.015 * (Lbp - 50) ** 2 / np.sqrt(20 + (Lbp - 50) ** 2)
    SC, SH = 1 + 0.045 * Cbp, 1 + 0.015 * Cbp * T
    RT = -np.sin(np.radians(2 * d_theta)) * RC
    return float(np.sqrt((dLp / SL) ** 2 + (dCp / SC) ** 2 + (dHp / SH) ** 2 + RT * (dCp / SC) * (dHp / SH)))


def distance(c1, c2, vision: str) -> float:
    return ciede2000(lab(seen_as(c1, vision)), lab(seen_as(c2, vision)))


@pytest.mark.parametrize(
    "lab1, lab2, expected",
    [  # Sharma, Wu & Dalal (2005), table 1, pairs 1, 3 and 7
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, -1.3802, -84.2814), (50.0, 0.0, -82.7485), 1.0000),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
    ],
)
def test_ciede2000_matches_published_pairs(lab1, lab2, expected):
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)


def test_lab_of_white_black_and_srgb_red():
    assert lab(linear_rgb("white")) == pytest.approx([100, 0, 0], abs=1e-3)
    assert lab(linear_rgb("black")) == pytest.approx([0, 0, 0], abs=1e-6)
    assert lab(linear_rgb("#ff0000")) == pytest.approx([53.24, 80.09, 67.20], abs=0.02)


def test_simulation_keeps_greys_and_merges_red_and_green():
    """Each Machado matrix maps white to white (rows sum to one); a dichromat confuses red and green."""
    for m in MACHADO.values():
        assert m.sum(axis=1) == pytest.approx(np.ones(3), abs=1e-5)
    assert distance("#ff0000", "#00ff00", "normal") > 80
    assert distance("#d62728", "#2ca02c", "deuteranopia") < 0.35 * distance("#d62728", "#2ca02c", "normal")


def test_the_old_palette_fails_the_threshold():
    """The test can fail: the colours the course used before (issue 10) do."""
    assert distance("#2a9d8f", "#8a8a8a", "protanopia") < THRESHOLD


@pytest.mark.parametrize("palette", sorted(style.CATEGORICAL))
def test_every_pair_within_a_palette_stays_apart_in_every_vision(palette):
    colours = style.CATEGORICAL[palette]
    too_close = [
        f"{vision}: {a} vs {b}: ΔE00 = {d:.1f}"
        for vision in VISIONS
        for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2)
        if (d := distance(ca, cb, vision)) < THRESHOLD
    ]
    assert not too_close, f"palette {palette!r} has pairs closer than ΔE00 {THRESHOLD}: {too_close}"


def test_the_registry_names_the_categories_of_the_compute_modules():
    assert tuple(style.CATEGORICAL["regimes"]) == diagnostics.REGIMES
    assert tuple(style.CATEGORICAL["coordinate regimes"]) == conditioning.COORDINATE_REGIMES
    assert tuple(style.CATEGORICAL["landmarks"]) == critical.LABELS
    for name, colours in style.CATEGORICAL.items():
        assert len(style.MARKERS[name]) >= min(len(colours), 3), name


def test_plot_modules_draw_with_the_registry():
    assert list(plots_descent.REGIME_COLORS.values()) == list(style.CATEGORICAL["regimes"].values())
    assert plots_conditioning.REGIME_COLORS == tuple(style.CATEGORICAL["coordinate regimes"].values())
    assert plots_curvature.CURVATURE_COLORS == tuple(style.CATEGORICAL["landmarks"].values())
    assert list(plots_curvature.EIGEN_COLORS) == list(style.CATEGORICAL["eigen"].values())
    style.use_style()
    cycle = [c["color"] for c in style.mpl.rcParams["axes.prop_cycle"]]
    assert [mcolors.to_hex(c) for c in cycle] == [mcolors.to_hex(c) for c in style.CATEGORICAL["lines"].values()]


def test_every_course_colour_is_in_a_palette():
    registered = {mcolors.to_hex(c) for colours in style.CATEGORICAL.values() for c in colours.values()}
    assert {mcolors.to_hex(c) for c in style.COLORS.values()} <= registered


@pytest.mark.parametrize("n", [1, 4, 12, 24])
def test_cyclic_styles_differ_between_neighbours_in_colour_and_marker(n):
    styles = style.cyclic_styles(n)
    assert len(styles) == n
    around = styles[1:] + styles[:1] if n % 12 == 0 else styles[1:]  # the last and first meet on a full circle
    for (c1, m1), (c2, m2) in zip(styles, around):
        assert c1 != c2 and m1 != m2
    if n <= 12:
        assert len(set(styles)) == n  # every mark of a 12-mark circle is its own (colour, marker) pair


def test_cyclic_styles_reject_bad_n():
    for bad in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="n must be"):
            style.cyclic_styles(bad)
