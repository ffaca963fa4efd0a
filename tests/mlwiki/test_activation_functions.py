import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
import torch
from matplotlib.figure import Figure

from mlwiki import activation_functions as act
from mlwiki.nn import ReLU, Sigmoid, Tanh, sigmoid, softmax
from mlwiki.themes import LIGHT, use_theme

Z = np.linspace(-6.0, 6.0, 241)


def _torch_grad(f, z):
    t = torch.tensor(z, dtype=torch.float64, requires_grad=True)
    f(t).sum().backward()
    return f(t).detach().numpy(), t.grad.numpy()


@pytest.mark.parametrize("ours, derivative, theirs", [
    (sigmoid, act.sigmoid_derivative, torch.sigmoid),
    (np.tanh, act.tanh_derivative, torch.tanh),
    (act.relu, act.relu_derivative, torch.relu),
])
def test_functions_and_derivatives_match_pytorch(ours, derivative, theirs):
    values, grads = _torch_grad(theirs, Z)
    np.testing.assert_allclose(ours(Z), values, atol=1e-15)
    np.testing.assert_allclose(derivative(Z), grads, atol=1e-15)


def test_step_matches_heaviside_with_zero_at_zero_and_has_zero_slope():
    np.testing.assert_array_equal(act.step(Z), np.heaviside(Z, 0.0))
    assert act.step(np.array(0.0)) == 0.0
    np.testing.assert_array_equal(act.step_derivative(Z), 0.0)


def test_derivatives_agree_with_the_layers_backward():
    for layer, derivative in ((Sigmoid(), act.sigmoid_derivative), (Tanh(), act.tanh_derivative),
                              (ReLU(), act.relu_derivative)):
        batch = Z[None, :]
        layer.forward(batch)
        np.testing.assert_allclose(layer.backward(np.ones_like(batch))[0], derivative(Z), atol=1e-15)


def test_softmax_jacobian_matches_pytorch():
    z = np.array([2.0, 1.0, 0.1, -3.0])
    theirs = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, dim=0), torch.tensor(z))
    np.testing.assert_allclose(act.softmax_jacobian(z), theirs.numpy(), atol=1e-15)
    np.testing.assert_allclose(act.softmax_jacobian(z).sum(axis=0), 0.0, atol=1e-15)
    # Huge scores stay finite (the stable softmax underneath).
    assert np.all(np.isfinite(act.softmax_jacobian(np.array([1000.0, -1000.0]))))


def test_error_along_weight_matches_a_direct_loop():
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 0.0, 0.0, 1.0])
    values = np.linspace(-2, 2, 9)
    errors = act.error_along_weight(sigmoid, x, y, np.array([0.3, 0.7]), -0.4, index=1, values=values)
    direct = [((sigmoid(x @ np.array([0.3, v]) - 0.4) - y) ** 2).sum() for v in values]
    np.testing.assert_allclose(errors, direct)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"activation": "step"}, TypeError, "activation must be a function"),
    ({"index": 2}, ValueError, "index must be an integer from 0 to 1"),
    ({"index": True}, ValueError, "index"),
    ({"weights": np.ones(3)}, ValueError, "weights must have one entry per column of x"),
    ({"y": np.ones(3)}, ValueError, "y must have one target per row of x"),
    ({"values": np.ones((2, 2))}, ValueError, "values"),
    ({"bias": np.nan}, ValueError, "bias"),
])
def test_error_along_weight_checks_its_arguments(kwargs, error, match):
    args = {"activation": act.step, "x": np.zeros((4, 2)), "y": np.zeros(4), "weights": np.ones(2),
            "bias": 0.0, "index": 0, "values": np.linspace(0, 1, 3)} | kwargs
    activation, x, y, weights, bias = (args.pop(k) for k in ("activation", "x", "y", "weights", "bias"))
    with pytest.raises(error, match=match):
        act.error_along_weight(activation, x, y, weights, bias, **args)


@pytest.mark.parametrize("function", [act.step, act.step_derivative, act.sigmoid_derivative, act.tanh_derivative,
                                      act.relu, act.relu_derivative])
def test_elementwise_functions_reject_bad_input(function):
    with pytest.raises(ValueError, match="z"):
        function(np.array([np.nan]))
    with pytest.raises(ValueError, match="z"):
        function(["a"])


def test_softmax_jacobian_rejects_bad_input():
    with pytest.raises(ValueError, match="z must have 1 dimension"):
        act.softmax_jacobian(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="z must hold at least one score"):
        act.softmax_jacobian(np.zeros(0))


def test_plots_draw_in_the_theme_and_check_their_input():
    with use_theme(LIGHT):
        axes = act.plot_activations(Z, fig=Figure())
        assert len(axes) == 5 and axes[1].lines[0].get_color() == LIGHT.colors["blue"]
        ax_out, ax_err = act.plot_along_weight(Z, {"a": Z, "b": Z}, {"a": Z, "b": Z}, fig=Figure())
        assert ax_out.lines[1].get_color() == ax_err.lines[1].get_color()
    # The step's jump is broken, not drawn as a vertical line.
    assert np.isnan(axes[0].lines[0].get_ydata()).sum() == 1
    with pytest.raises(ValueError, match="z must be an increasing"):
        act.plot_activations(Z[::-1], fig=Figure())
    with pytest.raises(TypeError, match="outputs and errors must be dicts"):
        act.plot_along_weight(Z, {"a": Z}, {"b": Z}, fig=Figure())
    assert softmax(np.array([[0.0, 0.0]])).tolist() == [[0.5, 0.5]]
