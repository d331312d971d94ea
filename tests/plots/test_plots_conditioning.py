"""plots.conditioning: each drawing function draws what it says and returns its artists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit import conditioning, plots
from lecturekit.objectives import quadratic


def test_joined_separates_curves_with_nan_rows():
    pts = plots.conditioning.joined(np.ones((2, 3, 4, 2)))
    assert pts.shape == (2 * 3 * 5, 2)
    assert np.isnan(pts[4::5]).all() and np.isfinite(pts[:4]).all()
    with pytest.raises(ValueError, match="shaped"):
        plots.conditioning.joined(np.ones((3, 3)))


def test_curves_draws_the_level_ellipses():
    _, ax = plt.subplots()
    ell = conditioning.level_ellipses(quadratic([1.0, 4.0]).matrix, [0.5, 1.0])
    line = plots.conditioning.curves(ell, ax)
    x, y = line.get_data()
    assert len(x) == 2 * (121 + 1)
    assert np.nanmax(np.abs(x)) == pytest.approx(np.sqrt(2.0))  # semi-axis sqrt(2 v / λ) for v = 1, λ = 1


def test_regime_bands_cover_the_range_per_coordinate():
    _, ax = plt.subplots()
    out = plots.conditioning.regime_bands([1.0, 25.0], (0.01, 1.0), ax)
    bands = [a for a in out if isinstance(a, plt.Line2D)]
    assert len(bands) == 1 + 3  # a = 1: converges over all of [0.01, 1]; a = 25: all three bands
    assert ax.get_xscale() == "log"
    with pytest.raises(ValueError, match="positive"):
        plots.conditioning.regime_bands([0.0], (0.01, 1.0), ax)


def test_steps_curve_and_training_terms_return_their_artists():
    _, ax = plt.subplots()
    out = plots.conditioning.steps_curve(np.array([1.0, 10.0]), np.array([1, 30]), ax)
    assert ax.get_xscale() == "log" and out["theory"].get_ydata()[1] == 30
    _, axes = plt.subplots(1, 2)
    k = np.arange(5)
    out = plots.conditioning.training_terms(k, k + 1.0, k + 2.0, k + 3.0, k + 4.0, axes)
    assert set(out) == {"loss", "grad_norm", "first", "second", "twin", "legend"}
    assert axes[1].get_yscale() == "log"
    assert out["legend"] in axes[0].figure.legends and not axes[0].get_legend()  # outside the panels


def test_model_check_draws_predicted_against_actual():
    fig, ax = plt.subplots()
    pred, act = np.array([-1e-2, -1e-3, 2e-3]), np.array([-1.1e-2, 5e-4, 2e-3])
    out = plots.conditioning.model_check(pred, act, ax, label="run")
    np.testing.assert_allclose(out["points"].get_offsets(), np.stack([pred, act], -1))
    x, y = out["diagonal"].get_data()
    np.testing.assert_allclose(x, y)
    assert ax.get_xscale() == "symlog"
    with pytest.raises(ValueError, match="same length"):
        plots.conditioning.model_check(pred, act[:2], ax)
