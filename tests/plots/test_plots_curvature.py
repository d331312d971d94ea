"""The curvature drawing functions draw what they are given and return their artists."""

import matplotlib.pyplot as plt
import numpy as np

from lecturekit import curvature, plots
from lecturekit.objectives import himmelblau


def test_arrows_point_where_asked_and_move():
    fig, ax = plt.subplots()
    q = plots.curvature.arrows([[1.0, 0.0], [0.0, 2.0]], ax)
    np.testing.assert_array_equal(np.column_stack([q.U, q.V]), [[1.0, 0.0], [0.0, 2.0]])
    plots.curvature.set_arrows(q, [[0.5, 0.5], [-1.0, 0.0]], origin=[1.0, 1.0])
    np.testing.assert_array_equal(np.column_stack([q.U, q.V]), [[0.5, 0.5], [-1.0, 0.0]])
    np.testing.assert_array_equal(q.get_offsets(), [[1.0, 1.0], [1.0, 1.0]])


def test_contour_segments_of_a_circle_lie_on_it():
    g = np.linspace(-2, 2, 201)
    xx, yy = np.meshgrid(g, g)
    segs = plots.curvature.contour_segments(g, g, xx**2 + yy**2, [1.0, 2.25])
    radii = sorted(np.round(np.linalg.norm(s, axis=1).mean(), 2) for s in segs)
    assert radii == [1.0, 1.5]
    fig, ax = plt.subplots()
    lines = plots.curvature.line_set(segs, ax)
    assert len(lines.get_segments()) == 2


def test_step_curves_and_plane_and_curvature_map():
    fig, (a, b, c) = plt.subplots(1, 3)
    eps = np.linspace(0, 1, 11)
    out = plots.curvature.step_curves(eps, -eps + eps**2, -eps + 0.9 * eps**2, ax=a, eps_star=0.5, inv_lam_max=0.5)
    np.testing.assert_allclose(out["actual"].get_ydata(), -eps + 0.9 * eps**2)
    assert out["eps_star"] is not None
    out = plots.curvature.step_curves(eps, -eps, ax=a, eps_star=np.inf)
    assert out["actual"] is None and out["eps_star"] is None and out["inv_lam_max"] is None
    assert "circle" in plots.curvature.plane(b, lim=2.0)
    assert b.get_xlim() == (-2.0, 2.0)
    codes, extent, _ = curvature.curvature_map(himmelblau(), n=30)
    img = plots.curvature.curvature_map(codes, extent, ax=c)
    np.testing.assert_array_equal(img.get_array(), codes)
    assert [t.get_text() for t in c.get_legend().get_texts()] == list(curvature.CURVATURE_LABELS)
