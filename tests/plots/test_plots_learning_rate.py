"""The drawing functions of the learning-rate chapter draw what they are given and return their artists."""

import matplotlib.pyplot as plt
import numpy as np
from figcheck import problems

from lecturekit.plots import learning_rate as lp


def test_curves_and_range_test_curve_draw_the_data():
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(9, 3.5), layout="constrained")
    k = np.arange(50)
    lines = lp.curves(k, {"a": k * 1.0, "b": k**2.0}, ax, log=False)
    np.testing.assert_array_equal(lines[1].get_ydata(), k**2.0)
    assert [line.get_label() for line in lines] == ["a", "b"] and lines[0].get_color() != lines[1].get_color()
    lr = np.geomspace(1e-3, 1.0, 40)
    artists = lp.range_test_curve(lr, 1.0 - lr, ax2, picks={"steepest": 0.01, "min/10": 0.1})
    assert len(artists) == 3 and artists[1].get_xdata()[0] == lr[np.argmin(abs(np.log(lr / 0.01)))]
    assert ax2.get_xscale() == "log"
    assert problems(fig) == []
    plt.close(fig)


def test_steps_vs_batch_draws_the_fit_and_its_asymptotes():
    fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    sizes = 4 ** np.arange(5)
    points, fit, perfect, floor = lp.steps_vs_batch(sizes, 20.0 * (1 + 4.0 / sizes), 20.0, 4.0, ax)
    m = fit.get_xdata()
    np.testing.assert_allclose(fit.get_ydata(), 20.0 * (1 + 4.0 / m))
    np.testing.assert_allclose(perfect.get_ydata(), 80.0 / m)  # meets S_min at m = B_crit
    assert floor.get_ydata()[0] == 20.0
    assert problems(fig) == []
    plt.close(fig)


def test_sharpness_trace_draws_the_threshold():
    fig, ax = plt.subplots()
    line, limit = lp.sharpness_trace(np.arange(3), np.array([1.0, 2.0, 3.9]), 4.0, ax)
    assert limit.get_ydata()[0] == 4.0 and line.get_ydata()[-1] == 3.9
    plt.close(fig)
