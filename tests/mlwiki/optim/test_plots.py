"""Optimisation plots: drawn in both themes from the theme's colours; bad input named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from mlwiki.optim import (condition_sweep, gradient_descent, gradient_descent_trace, plot_condition_sweep,  # noqa: E402
                          plot_descent, plot_error_curves, plot_search_traces, quadratic_with_spectrum)
from mlwiki.themes import DARK, LIGHT, both_themes  # noqa: E402


@pytest.fixture(scope="module")
def bowl():
    return quadratic_with_spectrum([1.0, 10.0], [0.0, 0.0])


def test_descent_draws_paths_contours_and_predicted_bounds(bowl):
    runs = {"a": (0.1, gradient_descent(bowl.gradient, [-2.0, 1.0], 0.1, 5)),
            "b": (0.21, gradient_descent(bowl.gradient, [-2.0, 1.0], 0.21, 5))}
    drawn = both_themes(plot_descent, bowl, runs)
    left, right = drawn.light.axes[:2]
    assert left.lines[0].get_color() == LIGHT.colors["blue"]
    assert drawn.dark.axes[0].lines[0].get_color() == DARK.colors["blue"]
    np.testing.assert_allclose(left.lines[0].get_xydata(), runs["a"][1])
    # Right panel: measured then dotted prediction per run.
    predicted = right.lines[1].get_ydata()
    np.testing.assert_allclose(predicted, np.hypot(2, 1) * 0.9 ** np.arange(6))
    assert right.lines[1].get_linestyle() == ":" and right.get_yscale() == "log"


def test_error_curves_mark_only_the_labelled_runs():
    ax = plot_error_curves({"a": [1, 0.1, 0.01], "b": [1, 0.5, 0.25]}, markers=["a"])
    assert ax.lines[0].get_marker() == "o" and ax.lines[1].get_marker() in ("None", None, "")
    plt.close(ax.figure)


def test_condition_sweep_and_search_traces_draw_every_point():
    sweep = condition_sweep([1, 10], factor=1e-3)
    drawn = both_themes(plot_condition_sweep, sweep)
    ax = drawn.light.axes[0]
    assert ax.get_xscale() == "log" and len(ax.lines) == 4
    assert "$10^{-3}$" in ax.get_ylabel()
    bowl = quadratic_with_spectrum([1.0, 2.0], [0.0, 0.0])
    trace = gradient_descent_trace(bowl.excess, bowl.gradient, [1.0, 1.0], 0.5, 20)
    drawn = both_themes(plot_search_traces, {"left": {"gd": trace}, "right": {"gd": trace}})
    assert len(drawn.light.axes) == 2
    assert drawn.dark.axes[1].lines[0].get_color() == DARK.colors["blue"]
    assert min(drawn.light.axes[0].lines[0].get_ydata()) >= 1e-12  # the floor


@pytest.mark.parametrize("call, error, match", [
    (lambda b: plot_descent(quadratic_with_spectrum([1.0], [0.0]), {"a": (0.1, np.zeros((2, 1)))}), ValueError, "2-D Quadratic"),
    (lambda b: plot_descent(b, {}), ValueError, "runs must be a non-empty dict"),
    (lambda b: plot_descent(b, {"a": np.zeros((2, 2))}), ValueError, "must be a pair"),
    (lambda b: plot_descent(b, {"a": (0.1, np.zeros((2, 3)))}), ValueError, r"must have shape \(n, 2\)"),
    (lambda b: plot_error_curves({}), ValueError, "errors must be a non-empty dict"),
    (lambda b: plot_error_curves({"a": [1.0]}, predicted={"b": [1.0]}), ValueError, "predicted has labels that errors lacks"),
    (lambda b: plot_condition_sweep({"a": 1}), TypeError, "sweep must be a ConditionSweep"),
    (lambda b: plot_search_traces({"t": {"a": 1}}), ValueError, "must be a non-empty dict of label -> SearchTrace"),
    (lambda b: plot_search_traces({}), ValueError, "panels must be a non-empty dict"),
])
def test_bad_input_is_named(bowl, call, error, match):
    with pytest.raises(error, match=match):
        call(bowl)
    plt.close("all")
