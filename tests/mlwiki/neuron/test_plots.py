"""mlwiki.neuron.plots: wrong points ringed in theme colours, the decision line where the output
is 0.5, one legend entry per label, every run's final error drawn, bad input named."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from mlwiki.neuron import SigmoidNeuron, plot_error_curves, plot_final_errors, plot_inputs_and_weights
from mlwiki.themes import DARK, LIGHT, both_themes


def test_plot_inputs_and_weights_marks_wrong_points_in_theme_colours(data):
    x, targets = data
    neuron = SigmoidNeuron(np.array([-0.3, 0.6]), 0.2)
    themed = both_themes(plot_inputs_and_weights, x, targets, neuron)
    wrong = neuron.classify(x) != targets
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax = themed.figures[name].axes[0]
        by_label = {c.get_label(): c for c in ax.collections}
        assert matplotlib.colors.to_hex(by_label["target 0"].get_facecolor()[0]) == theme.colors["blue"].lower()
        assert matplotlib.colors.to_hex(by_label["target 1"].get_facecolor()[0]) == theme.colors["orange"].lower()
        rings = by_label[f"classified wrongly ({int(wrong.sum())})"]
        assert sorted(map(tuple, rings.get_offsets())) == sorted(map(tuple, x[wrong]))
        line = [l for l in ax.lines if l.get_linestyle() == "--"][0]
        assert matplotlib.colors.to_hex(line.get_color()) == theme.foreground.lower()
        xs, ys = line.get_data()
        np.testing.assert_allclose(neuron.weights[0] * xs + neuron.weights[1] * ys + neuron.bias, 0, atol=1e-12)
        assert len([t for t in ax.texts if t.get_text().startswith("p=")]) == len(x)


def test_plot_inputs_and_weights_rejects_bad_input(data):
    x, targets = data
    with pytest.raises(ValueError, match="neuron must have n_in = 2"):
        plot_inputs_and_weights(np.ones((2, 3)), [0, 1], SigmoidNeuron(np.ones(3), 0.0))
    with pytest.raises(ValueError, match="targets must be 0 or 1"):
        plot_inputs_and_weights(x, np.full(8, 0.5), SigmoidNeuron(np.ones(2), 0.0))
    # w = 0: the output is 0.5 everywhere, no line to draw, and no warning.
    ax = plot_inputs_and_weights(x, targets, SigmoidNeuron(np.zeros(2), 0.0))
    assert not [l for l in ax.lines if l.get_linestyle() == "--"]


def test_plot_error_curves_and_final_errors():
    curves = {"one": np.array([3.0, 2.0, 1.9]), "many": np.array([[4.0, 3.0, 2.0], [3.5, 2.5, 2.1]])}
    ax = plot_error_curves(curves, iterations=np.array([0, 100, 200]), references={"baseline": 2.0})
    assert len([l for l in ax.lines if l.get_label() == "many"]) == 1  # one legend entry per label
    assert len(ax.lines) == 1 + 2 + 1
    with pytest.raises(ValueError, match="iterations for 'one' must have shape"):
        plot_error_curves(curves, iterations=np.arange(4))
    with pytest.raises(TypeError, match="curves must be a non-empty dict"):
        plot_error_curves([], iterations=[0])
    with pytest.raises(TypeError, match="references must be a dict"):
        plot_error_curves(curves, iterations=[0, 1, 2], references=[2.0])

    final = {"a": np.array([1.0, 2.0, 3.0]), "b": np.array([1.5, 2.5, 3.5])}
    ax = plot_final_errors(final, highlight=[2], highlight_label="stuck", xlabel="schedule")
    assert ax.get_xlabel() == "schedule"
    medians = [l for l in ax.lines if l.get_linewidth() == 2.2]
    assert [m.get_ydata()[0] for m in medians] == [2.0, 2.5]
    stuck = [c for c in ax.collections if c.get_label() == "stuck"][0]
    assert stuck.get_offsets()[0][1] == 3.0
    with pytest.raises(ValueError, match="highlight must hold run indices"):
        plot_final_errors(final, highlight=[3])
    with pytest.raises(ValueError, match="highlight must hold whole run indices"):
        plot_final_errors(final, highlight=[1.5])
    with pytest.raises(ValueError, match="the same number of runs"):
        plot_final_errors({"a": [1.0], "b": [1.0, 2.0]})
    with pytest.raises(TypeError, match="final_errors must be a non-empty dict"):
        plot_final_errors({})
