"""Sampling plots: drawn in both themes from the theme's colours; bad input named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402

from mlwiki.probability import (plot_densities, plot_error_vs_samples, plot_mixing, plot_rejection,  # noqa: E402
                                plot_running_estimates, plot_step_size_study, plot_traces, rejection_sample)
from mlwiki.themes import DARK, LIGHT, both_themes  # noqa: E402


def test_error_and_running_estimate_plots():
    drawn = both_themes(plot_error_vs_samples, [10, 100], [0.3, 0.1], [0.32, 0.1])
    ax = drawn.light.axes[0]
    assert ax.get_xscale() == "log" and ax.lines[0].get_color() == LIGHT.colors["blue"]
    assert drawn.dark.axes[0].lines[1].get_color() == DARK.colors["orange"]
    values = np.zeros(10_000)
    values[[50, 5000]] = 1.0
    ax = plot_running_estimates({"plain": values}, 2e-4, relative=True)
    y = ax.lines[0].get_ydata()
    assert y.size < 10_000 and y[-1] == pytest.approx(1.0)  # thinned for drawing, ends at the right value
    assert max(y) == pytest.approx(1 / 51 / 2e-4)  # the jump at the first hit is kept
    plt.close(ax.figure)


def test_rejection_traces_study_and_densities():
    rng = np.random.default_rng(0)
    result = rejection_sample(stats.norm.pdf, stats.laplace.pdf, lambda n, g: g.laplace(size=n), 1.32, 500, rng=rng)
    drawn = both_themes(plot_rejection, result, stats.norm.pdf, stats.laplace.pdf, 1.32, x_range=(-3, 3))
    assert len(drawn.light.axes[0].collections) == 2
    drawn = both_themes(plot_traces, rng.standard_normal((50, 2)), ["a", "b"])
    assert len(drawn.light.axes) == 2 and drawn.dark.axes[1].lines[0].get_color() == DARK.colors["orange"]
    steps = np.array([0.5, 2.0, 8.0])
    drawn = both_themes(plot_step_size_study, steps, [0.8, 0.5, 0.2], [0.8, 0.5, 0.2], [0.1, 0.2, 0.1])
    assert drawn.light.axes[1].get_xscale() == "log"
    drawn = both_themes(plot_mixing, rng.standard_normal((100, 3)), steps, [0.8, 0.5, 0.2], [0.8, 0.5, 0.2],
                        [0.1, 0.2, 0.1], shown=[0, 2])
    assert len(drawn.light.axes) == 4
    drawn = both_themes(plot_densities, np.linspace(0, 1, 5), {"a": np.ones(5), "b": np.ones(5)}, styles={"b": "--"})
    assert drawn.light.axes[0].lines[1].get_linestyle() == "--"


@pytest.mark.parametrize("call, error, match", [
    (lambda: plot_error_vs_samples([1, 2], [1.0], [1.0, 2.0]), ValueError, "the same length"),
    (lambda: plot_running_estimates({}, 1.0), ValueError, "estimates must be a non-empty dict"),
    (lambda: plot_running_estimates({"a": [1.0]}, 0.0, relative=True), ValueError, "truth must be non-zero"),
    (lambda: plot_rejection("r", np.exp, np.exp, 1.0, x_range=(0, 1)), TypeError, "result must be a RejectionResult"),
    (lambda: plot_traces(np.zeros((5, 2)), ["a"]), ValueError, "labels must name each of the 2 chains"),
    (lambda: plot_step_size_study([1, 2], [0.5], [0.5, 0.4], [0.1, 0.2]), ValueError, "the same length"),
    (lambda: plot_step_size_study([0, 2], [0.5, 0.4], [0.5, 0.4], [0.1, 0.2]), ValueError, "steps must be > 0"),
    (lambda: plot_mixing(np.zeros((5, 2)), [1.0, 2.0], [0.5, 0.4], [0.5, 0.4], [0.1, 0.2], shown=[3]), ValueError,
     "shown must list 1, 2, 3 or 6 chain indices"),
    (lambda: plot_mixing(np.zeros((5, 3)), [1.0, 2.0], [0.5, 0.4], [0.5, 0.4], [0.1, 0.2], shown=[0]), ValueError,
     "one column per step size"),
    (lambda: plot_densities([0, 1], {"a": [1.0]}), ValueError, "must have the shape of x"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
    plt.close("all")
