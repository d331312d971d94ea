"""The momentum explorers: every slider driven, the labelled states at the extremes (divergence
included), the precomputed data against `lecturekit.momentum`; and the drawing functions."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import drive_every_slider, slider_extremes

from lecturekit import momentum
from lecturekit.plots import momentum as mplots
from lecturekit.widgets.controls import nearest
from lecturekit.widgets.momentum import eigen_error_explorer, map_explorer, phase_explorer


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


EXPLORERS = {
    "map": lambda: map_explorer((0.05, 1.0)),
    "map_nesterov": lambda: map_explorer((0.05, 1.0), method="nesterov"),
    "phase": lambda: phase_explorer(),
    "eigen": lambda: eigen_error_explorer(),
}


def _title(explorer):
    return explorer.animated[-1].get_text()


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_changes_the_picture_at_every_extreme(name):
    drive_every_slider(EXPLORERS[name]())


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_corner_is_a_labelled_state(name):
    explorer = EXPLORERS[name]()
    a, b = explorer.controls.values()
    for va in slider_extremes(a)[:2]:
        for vb in slider_extremes(b)[:2]:
            a.value, b.value = va, vb
            text = _title(explorer)
            assert "ρ = " in text and text.count("\n") <= 1
            rho = float(text.split("ρ = ")[1].split()[0].rstrip(":,)"))
            assert ("diverge" in text.lower()) == (rho >= 1)
    # the largest step is beyond every stability limit: a labelled divergence
    a.value = a.max
    b.value = b.min
    assert "diverge" in _title(explorer).lower()


def test_map_explorer_defaults_to_the_optimum_and_its_data_are_the_theory():
    e = EXPLORERS["map"]()
    best = momentum.optimal_heavy_ball(0.05, 1.0)
    assert e.controls["lr"].value == pytest.approx(best.lr, abs=e.controls["lr"].step)
    assert e.controls["alpha"].value == pytest.approx(best.alpha, abs=e.controls["alpha"].step)
    assert "critically damped / critically damped" in _title(e)  # Polyak's optimum: both double roots
    assert f"ρ = {best.rate:.3f}" in _title(e)
    e.controls["alpha"].value = 0.6
    assert "oscillating (complex) / oscillating (complex)" in _title(e)
    d = e.data
    A, E = np.meshgrid(d["alphas"], d["lrs"], indexing="ij")
    np.testing.assert_allclose(d["rate"], momentum.convergence_rate(E, A, np.array([0.05, 1.0])))
    # runs that stayed in the box are exactly the ones with rho < 1 (well away from 1)
    clear = np.abs(d["rate"] - 1) > 0.05
    np.testing.assert_array_equal((d["diverged_step"] >= 0)[clear], (d["rate"] > 1)[clear])


def test_map_explorer_nesterov_default_is_the_standard_tuning():
    e = EXPLORERS["map_nesterov"]()
    tune = momentum.nesterov_tuning(0.05, 1.0)
    assert e.controls["lr"].value == pytest.approx(tune.lr, abs=e.controls["lr"].step)
    assert "Nesterov" in e.fig.axes[0].get_title()


def test_phase_explorer_regimes_at_known_points():
    e = EXPLORERS["phase"]()
    h, a = e.controls["h"], e.controls["alpha"]
    h.value, a.value = 0.1, 0.8
    assert "oscillating" in _title(e) and "critical damping at α = 0.468" in _title(e)
    h.value, a.value = 0.1, 0.2
    assert "monotone" in _title(e)
    h.value, a.value = 2.0, 0.1  # (1 + √0.1)² ≈ 1.73 < 2 < 2.2 = 2(1 + α)
    assert "sign-flipping" in _title(e)
    h.value, a.value = 4.0, 0.5
    assert "divergent" in _title(e)
    d = e.data
    A, H = np.meshgrid(d["alphas"], d["hs"], indexing="ij")
    np.testing.assert_array_equal(d["codes"], momentum.regime(H, A, 1.0))
    # the velocity of the run is x_k - x_(k-1), the velocity of algorithm 8.2
    np.testing.assert_allclose(d["v"][1:], np.diff(d["x"], axis=0))


def test_phase_explorer_labels_the_stability_limit_as_neither_converging_nor_diverging():
    e = EXPLORERS["phase"]()
    h, a = e.controls["h"], e.controls["alpha"]
    for hv, av in [(2.0, 0.0), (2.4, 0.2), (3.0, 0.5), (3.6, 0.8)]:  # ελ = 2(1 + α): an eigenvalue −1
        h.value, a.value = hv, av
        text = _title(e)
        assert "ρ = 1.000" in text and "neither converges nor diverges" in text, text
        assert "divergent" not in text and "grows" not in text
    h.value, a.value = 2.0, 0.0  # gradient descent at ελ = 2: x_k = (−1)^k exactly, the amplitude constant
    np.testing.assert_array_equal(np.abs(e.data["x"][:, 0, nearest(e.data["hs"], 2.0)]), 1.0)
    h.value, a.value = 2.45, 0.2  # just past the limit
    assert "divergent: the error grows" in _title(e)


def test_phase_explorer_flipping_band_is_on_the_grid_where_the_text_sends_the_reader():
    e = EXPLORERS["phase"]()
    d = e.data
    hs, alphas, codes, rho = d["hs"], d["alphas"], d["codes"], d["rho"]
    i8 = nearest(alphas, 0.8)
    inside = (codes[i8] == momentum.FLIPPING) & (rho[i8] < 1 - 1e-9)
    assert not inside.any()  # at α = 0.8 the band (3.589, 3.6) is narrower than the slider's step 0.05
    i2 = nearest(alphas, 0.2)
    for hv in (2.1, 2.15, 2.2, 2.25, 2.3, 2.35):
        e.controls["h"].value, e.controls["alpha"].value = hv, 0.2
        assert "sign-flipping" in _title(e)
        j = nearest(hs, hv)
        assert codes[i2, j] == momentum.FLIPPING and rho[i2, j] < 1


def test_phase_explorer_axes_hold_every_bounded_path():
    e = EXPLORERS["phase"]()
    ax_ph, ax_x = e.fig.axes[:2]
    assert ax_ph.get_xlim() == (-1.3, 1.3) and ax_ph.get_ylim() == (-0.8, 0.8)  # the default spiral
    d = e.data
    for hv, av in [(2.35, 0.2), (2.3, 0.2), (3.0, 0.5), (3.95, 0.975), (0.1, 0.8)]:
        e.controls["h"].value, e.controls["alpha"].value = hv, av
        i, j = nearest(d["alphas"], av), nearest(d["hs"], hv)
        x, v = d["x"][:, i, j], d["v"][:, i, j]
        assert np.abs(x).max() <= ax_ph.get_xlim()[1] and np.abs(v).max() <= ax_ph.get_ylim()[1], (hv, av)
        assert np.abs(x).max() <= ax_x.get_ylim()[1]
        e.png()  # the picture is drawn with the new axes (the background is rendered again)
    e.controls["h"].value, e.controls["alpha"].value = 2.35, 0.2
    assert ax_ph.get_ylim()[1] >= 2.7  # the flipping velocity swings to 2.7
    e.controls["h"].value, e.controls["alpha"].value = 4.0, 0.1  # divergent: the default axes, the label says so
    assert ax_ph.get_ylim() == (-0.8, 0.8) and "divergent" in _title(e)


def test_eigen_error_explorer_defaults_to_the_equalised_optimum_and_shows_gradient_descent():
    e = EXPLORERS["eigen"]()
    best = momentum.optimal_heavy_ball(0.01, 1.0)
    assert e.controls["lr"].value == pytest.approx(best.lr) and e.controls["alpha"].value == pytest.approx(best.alpha)
    assert f"every direction at the same ρ = {best.rate:.3f} (equalised)" in _title(e)
    np.testing.assert_allclose(
        e.data["rho"][nearest(e.data["alphas"], best.alpha), nearest(e.data["lrs"], best.lr)], best.rate, atol=1e-9
    )
    e.controls["alpha"].value = 0.0
    assert "(gradient descent)" in _title(e) and "diverges along λ = 1" in _title(e)  # ε*λmax = 3.3 > 2
    e.controls["lr"].value = 1.0
    assert "the slowest direction, λ = 0.01" in _title(e)
    # the total is a band behind the component lines, so neither hides the other
    total = next(line for line in e.fig.axes[0].get_lines() if "total" in str(line.get_label()))
    assert all(total.get_zorder() < line.get_zorder() for line in e.fig.axes[0].get_lines() if line is not total)
    assert total.get_linewidth() > 2 * max(
        line.get_linewidth() for line in e.fig.axes[0].get_lines() if line is not total
    )
    d = e.data
    i, j = 0, int(np.argmin(np.abs(d["lrs"] - 1.0)))
    # gradient descent: component i shrinks exactly by |1 - ε λ_i| per step
    lam = np.array([0.01, 0.03, 0.1, 0.3, 1.0])
    factor = np.abs(1 - d["lrs"][j] * lam)
    k = 20
    expected = np.maximum(factor**k, 1e-12)
    np.testing.assert_allclose(d["errors"][k, i, j], expected, rtol=1e-9)


def test_explorers_reject_bad_input():
    with pytest.raises(ValueError, match="eigenvalues"):
        map_explorer((1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="method"):
        phase_explorer(method="adam")
    with pytest.raises(ValueError, match="eigenvalues"):
        eigen_error_explorer([1.0])
    with pytest.raises(ValueError, match="steps"):
        eigen_error_explorer(steps=0)


def test_plot_functions_return_their_artists():
    fig, (a, b, c) = plt.subplots(1, 3)
    lrs, alphas = np.linspace(0.01, 4, 50), np.linspace(0, 0.99, 40)
    A, E = np.meshgrid(alphas, lrs, indexing="ij")
    out = mplots.rate_map(momentum.convergence_rate(E, A, np.array([0.1, 1.0])), lrs, alphas, a)
    assert set(out) == {"mesh", "diverged", "contours", "colorbar"}
    regions = mplots.regime_map(momentum.regime(E, A, 1.0), lrs, alphas, b)["regions"]
    assert len(regions.levels) == 5
    lines = mplots.boundary_curves(1.0, lrs, b)
    crit = lines[0].get_ydata()
    np.testing.assert_allclose(crit[lrs <= 4], (1 - np.sqrt(lrs[lrs <= 4])) ** 2)
    assert len(mplots.regime_handles()) == 4
    err = momentum.eigen_errors(0.5, 0.5, [0.1, 1.0], np.ones(2), 30)
    assert len(mplots.eigen_error_lines(np.arange(31), err, [0.1, 1.0], c)) == 2


@pytest.mark.parametrize("method", ["heavy_ball", "nesterov"])
def test_rate_map_labels_sit_inside_the_axes_and_a_colour_bar_reads_the_shading(method):
    fig, (ax, bare) = plt.subplots(1, 2, figsize=(7, 3), layout="constrained")
    lrs, alphas = np.linspace(0.05, 4, 150), np.linspace(0, 0.999, 150)
    A, E = np.meshgrid(alphas, lrs, indexing="ij")
    rate = momentum.convergence_rate(E, A, np.array([0.05, 1.0]), method)
    out = mplots.rate_map(rate, lrs, alphas, ax)
    assert out["colorbar"] is not None and out["colorbar"].ax in fig.axes
    assert mplots.rate_map(rate, lrs, alphas, bare, colorbar=False)["colorbar"] is None
    fig.canvas.draw()
    frame = ax.get_window_extent()
    labels = [t for t in ax.texts if t.get_text().startswith("ρ=")]
    assert labels, "at least one contour keeps its label"
    boxes = [t.get_window_extent() for t in labels]
    for t, box in zip(labels, boxes):
        assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1, t.get_text()
    for i, b1 in enumerate(boxes):
        assert not any(b1.overlaps(b2) for b2 in boxes[i + 1 :])
    plt.close(fig)


def test_the_map_marker_is_drawn_whole_at_a_corner():
    fig, ax = plt.subplots()
    assert mplots.marker(ax).get_clip_on() is False
    plt.close(fig)
