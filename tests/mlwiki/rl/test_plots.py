"""Reinforcement-learning figures: what they draw, theme colours, and bad input named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex

from mlwiki.rl import (plot_gradient_check, plot_lake, plot_lakes, plot_learning_curves,
                       plot_reach_probability, value_iteration)
from mlwiki.themes import DARK, LIGHT, both_themes

DESC = ["SFFF", "FHFH", "FFFH", "HFFG"]


def test_plot_lake_draws_values_and_one_arrow_per_frozen_tile(lake, lake_mdp):
    result = value_iteration(lake_mdp, 0.99)
    ax = plot_lake(lake.unwrapped.desc, result.values, result.policy)
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("hole") == 4 and texts.count("goal") == 1 and "S" in texts
    assert f"{result.values[0]:.2f}" in texts
    quiver = ax.collections[-1]
    assert len(quiver.U) == 11
    # Arrow directions follow the actions: left at the start (dx < 0), down left of the goal (dy > 0).
    np.testing.assert_allclose([quiver.U[0], quiver.V[0]], [-0.56, 0.0])
    frozen = [s for s in range(16) if DESC[s // 4][s % 4] in "SF"]
    assert quiver.V[frozen.index(14)] > 0
    plt.close(ax.figure)


def test_plot_lake_uses_theme_colours():
    values = np.linspace(0, 1, 16)
    themed = both_themes(plot_lake, DESC, values, np.zeros(16, dtype=int))
    for theme in (LIGHT, DARK):
        ax = themed.figures[theme.name].axes[0]
        inks = {to_hex(c) for c in ax.collections[-1].get_facecolors()}
        assert inks <= {to_hex(theme.background), to_hex(theme.foreground)}
        hole = next(t for t in ax.texts if t.get_text() == "hole")
        assert to_hex(hole.get_color()) == to_hex(theme.colors["blue"])


def test_plot_lakes_and_without_policy():
    fig = plt.figure()
    axes = plot_lakes(DESC, [dict(values=np.zeros(16), title="a"), dict(values=np.ones(16), colorbar=False)], fig=fig)
    assert len(axes) == 2 and axes[0].get_title() == "a"
    assert not any(type(c).__name__ == "Quiver" for c in axes[0].collections)
    plt.close(fig)


def test_reach_and_curves_resolve_theme_colours():
    exact = {"a": np.array([0.0, 0.1, 0.2]), "b": np.array([0.0, 0.0, 0.05])}
    themed = both_themes(plot_reach_probability, exact, {"a": ([1, 2], [0.1, 0.21])})
    for theme in (LIGHT, DARK):
        ax = themed.figures[theme.name].axes[0]
        assert ax.get_yscale() == "log"
        colours = [to_hex(line.get_color()) for line in ax.lines]
        assert colours[:3] == [to_hex(theme.palette[0])] * 2 + [to_hex(theme.palette[1])]
    ax = plot_learning_curves([1, 2, 3], {"J": [0.1, 0.5, 0.6]}, optimum=0.59)
    assert ax.lines[-1].get_ydata()[0] == 0.59 and ax.lines[-1].get_linestyle() == "--"
    plt.close(ax.figure)


def test_gradient_check_plot():
    exact = np.array([[0.1, -0.2], [0.0, 0.3]])
    ax = plot_gradient_check(exact, {"x": (exact, np.full((2, 2), 0.01)), "y": (2 * exact, np.zeros((2, 2)))})
    assert len(ax.containers) == 2
    np.testing.assert_allclose(ax.lines[-1].get_xdata(), [-0.4, 0.6])
    plt.close(ax.figure)


def test_argument_validation():
    with pytest.raises(ValueError, match="desc"):
        plot_lake(["SF", "F"], np.zeros(3))
    with pytest.raises(ValueError, match="values"):
        plot_lake(DESC, np.zeros(15))
    with pytest.raises(ValueError, match="policy"):
        plot_lake(DESC, np.zeros(16), np.full(16, 4))
    with pytest.raises(ValueError, match="policy"):
        plot_lake(DESC, np.zeros(16), np.zeros(16))
    with pytest.raises(ValueError, match="panels"):
        plot_lakes(DESC, [])
    with pytest.raises(ValueError, match="exact"):
        plot_reach_probability({})
    with pytest.raises(ValueError, match="simulated"):
        plot_reach_probability({"a": [0.1]}, {"b": ([0], [0.1])})
    with pytest.raises(ValueError, match="curves"):
        plot_learning_curves([1, 2], {})
    with pytest.raises(ValueError, match="x"):
        plot_learning_curves([1, np.nan], {"a": [1, 2]})
    with pytest.raises(ValueError, match="shape of x"):
        plot_learning_curves([1, 2], {"a": [1, 2, 3]})
    with pytest.raises(ValueError, match="optimum"):
        plot_learning_curves([1, 2], {"a": [1, 2]}, optimum=[1, 2])
    with pytest.raises(ValueError, match="estimates"):
        plot_gradient_check([1.0], {})
    with pytest.raises(ValueError, match="match"):
        plot_gradient_check([1.0, 2.0], {"a": ([1.0], [0.1])})
    plt.close("all")
