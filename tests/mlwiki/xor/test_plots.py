"""mlwiki.xor.plots: mistakes crossed out, corners moved to the hidden plane, both themes drawn,
bad input named."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from mlwiki import xor
from mlwiki.themes import DARK, LIGHT, both_themes

X, Y = xor.xor_data()
LABELS = Y.ravel()


def test_plot_line_attempt_marks_the_mistakes_in_theme_colours():
    themed = both_themes(xor.plot_line_attempt, X, LABELS, [1.0, 0.0], -0.5)
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax = themed.figures[name].axes[0]
        assert ax.get_title() == "2 points wrong"
        crosses = [c for c in ax.collections if c.get_label() == "misclassified"]
        assert sorted(map(tuple, crosses[0].get_offsets())) == [(0.0, 1.0), (1.0, 1.0)]
        assert matplotlib.colors.to_hex(crosses[0].get_facecolor()[0]) == theme.colors["red"].lower()
        line = ax.lines[0]
        assert matplotlib.colors.to_hex(line.get_color()) == theme.foreground.lower()
    with pytest.raises(ValueError, match="padding must be >= 0"):
        xor.plot_line_attempt(X, LABELS, [1.0, 0.0], -0.5, padding=-1.0)


def test_plot_line_attempts_titles_and_bad_input():
    lines = [([1.0, 1.0], -0.5), ([1.0, 0.0], -0.5)]
    axes = xor.plot_line_attempts(X, LABELS, lines, titles=["OR", "x1"])
    assert [ax.get_title() for ax in axes] == ["OR: 1 point wrong", "x1: 2 points wrong"]
    with pytest.raises(ValueError, match="lines must hold at least one"):
        xor.plot_line_attempts(X, LABELS, [])
    with pytest.raises(ValueError, match=r"lines must hold \(w, b\) pairs"):
        xor.plot_line_attempts(X, LABELS, [[1.0, 1.0, -0.5]])
    with pytest.raises(ValueError, match="titles must name each of the 2 lines"):
        xor.plot_line_attempts(X, LABELS, lines, titles=["only one"])


def test_plot_hand_wired_maps_corners_to_the_hidden_plane(random_network):
    themed = both_themes(xor.plot_hand_wired, xor.hand_wired_network())
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax_in, ax_hidden = themed.figures[name].axes
        points = np.vstack([c.get_offsets() for c in ax_hidden.collections])
        assert sorted(map(tuple, points)) == [(0.0, 1.0), (1.0, 0.0), (1.0, 1.0), (1.0, 1.0)]
        assert [t.get_text() for t in ax_hidden.texts] == ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
        assert all(matplotlib.colors.to_hex(l.get_color()) == theme.foreground.lower() for l in ax_in.lines)
    with pytest.raises(ValueError, match="network must have n_hidden = 2"):
        xor.plot_hand_wired(random_network(3))


def test_plot_network_output_and_loss_curves(random_network):
    net = xor.train(random_network(2, 0), lr=2.0, epochs=800).network
    themed = both_themes(xor.plot_network_output, net)
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax = themed.figures[name].axes[0]
        assert ax.images[0].get_cmap().name == theme.diverging
        assert ax.images[0].get_clim() == (0.0, 1.0)
    losses = np.array([[1.0, 0.5, 0.1], [1.0, 0.6, 0.5]])
    ax = xor.plot_loss_curves(losses, solved=np.array([True, False]), references={"stuck": 0.5})
    labels = [l.get_label() for l in ax.lines]
    assert "solved (1 runs)" in labels and "not solved (1 runs)" in labels and "stuck (0.5)" in labels
    assert ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="losses must be > 0"):
        xor.plot_loss_curves(np.zeros((1, 3)), solved=np.array([True]))
    with pytest.raises(ValueError, match="solved must be a boolean array of shape"):
        xor.plot_loss_curves(losses, solved=np.array([1, 0]))
    with pytest.raises(TypeError, match="references must be a dict"):
        xor.plot_loss_curves(losses, solved=np.array([True, False]), references=[0.5])
