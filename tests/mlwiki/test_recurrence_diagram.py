"""Tests for the folded/unrolled recurrence diagram."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from mlwiki.recurrence_diagram import plot_unrolled
from mlwiki.themes import DARK, LIGHT, both_themes


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(ax):
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize("n_steps", [2, 4, 8])
def test_one_state_and_one_input_box_per_step_plus_the_folded_cell(n_steps):
    ax = plot_unrolled(n_steps)
    texts = _texts(ax)
    states = [t for t in texts if t.startswith("$h_") and t != "$h_0 = 0$"]
    inputs = [t for t in texts if t.startswith("$x_")]
    assert len(states) == n_steps + 1 and len(inputs) == n_steps + 1  # + the folded h_t, x_t
    assert states[-1] == "$h_{T}$" and inputs[-1] == "$x_{T}$"
    assert "$h_0 = 0$" in texts and "read-out" in texts
    assert texts.count("$W_h$") == n_steps + 1 and texts.count("$W_x$") == n_steps + 1
    assert not ax.axison


def test_colours_come_from_the_theme():
    themed = both_themes(plot_unrolled, 3)
    for theme in (LIGHT, DARK):
        ax = themed.figures[theme.name].axes[0]
        edges = {matplotlib.colors.to_hex(p.get_edgecolor()) for p in ax.patches}
        assert edges == {theme.colors["blue"].lower(), theme.colors["orange"].lower(), theme.colors["green"].lower()}
        assert all(matplotlib.colors.to_hex(p.get_facecolor()) == theme.background for p in ax.patches)


def test_bad_input():
    with pytest.raises(ValueError, match="n_steps must be between 2 and 8"):
        plot_unrolled(1)
    with pytest.raises(ValueError, match="n_steps must be between 2 and 8"):
        plot_unrolled(9)
    with pytest.raises(ValueError, match="n_steps"):
        plot_unrolled(2.5)
