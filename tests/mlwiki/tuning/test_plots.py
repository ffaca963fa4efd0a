"""The tuning figures draw in both themes and show what they are given."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.themes import both_themes
from mlwiki.tuning import (TOY_SPACE, Trial, grid_configs, grid_vs_random, plot_best_found,
                           plot_grid_and_random_points, plot_search_progress, plot_trials, sample_configs)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _trials(n, seed):
    rng = np.random.default_rng(seed)
    return [Trial({"lr": float(10 ** rng.uniform(-4, 0)), "width": int(rng.integers(8, 129))},
                  float(rng.random()), int(rng.integers(1, 10))) for _ in range(n)]


def test_grid_and_random_points_panels():
    grid, rand = grid_configs(TOY_SPACE, 3), sample_configs(TOY_SPACE, 9, np.random.default_rng(0))
    figures = both_themes(plot_grid_and_random_points, grid, rand)
    fig = figures.light
    assert len(fig.axes) == 4
    assert fig.axes[0].get_title() == "grid: 9 trials, 3 values of x"
    assert fig.axes[1].get_title() == "random: 9 trials, 9 values of x"


def test_best_found_lines():
    comparison = grid_vs_random([2, 3], n_repeats=20, rng=np.random.default_rng(1))
    ax = both_themes(plot_best_found, comparison).result
    assert [line.get_label() for line in ax.lines] == ["random, median", "grid"]
    np.testing.assert_allclose(ax.lines[1].get_ydata(), comparison.grid_best)
    with pytest.raises(ValueError, match="comparison must be a GridRandomComparison"):
        plot_best_found({"grid": [1]})


def test_trials_and_progress():
    fig = both_themes(plot_trials, {"a": _trials(5, 0), "b": _trials(7, 1)}).light
    assert [ax.get_title() for ax in fig.axes[:2]] == ["a (5)", "b (7)"]
    assert fig.axes[0].get_xscale() == "log"
    with pytest.raises(ValueError, match="searches must be a non-empty dict"):
        plot_trials({})
    ax = both_themes(plot_search_progress, {"random": [_trials(4, 2), _trials(4, 3)]},
                     points={"grid": [(10, 0.9)]}).result
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["random", "grid"]
    np.testing.assert_allclose(ax.lines[-1].get_ydata(), [0.1])
    with pytest.raises(ValueError, match="curves must be a dict"):
        plot_search_progress([1, 2])
