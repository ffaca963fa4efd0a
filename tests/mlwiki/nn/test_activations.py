import numpy as np
import pytest
import torch

from mlwiki import nn


@pytest.mark.parametrize("layer", [nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.Softmax()], ids=repr)
def test_input_gradient_matches_central_differences(layer):
    rng = np.random.default_rng(0)
    errors = nn.check_layer_gradients(layer, rng.standard_normal((4, 5)), rng=rng)
    assert errors["input"] < 1e-7
    assert layer.params == {} and layer.grads == {}


def test_values():
    x = np.array([[-2.0, 0.0, 3.0]])
    np.testing.assert_allclose(nn.Sigmoid().forward(x), 1 / (1 + np.exp(-x)))
    np.testing.assert_allclose(nn.Tanh().forward(x), np.tanh(x))
    np.testing.assert_array_equal(nn.ReLU().forward(x), [[0.0, 0.0, 3.0]])
    p = nn.Softmax().forward(x)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0)
    np.testing.assert_allclose(p, np.exp(x) / np.exp(x).sum())


def test_extreme_inputs_give_exact_limits_without_warnings():
    # pytest turns RuntimeWarning (overflow) into an error, so these would fail loudly.
    x = np.array([[-1000.0, 0.0, 1000.0]])
    np.testing.assert_array_equal(nn.Sigmoid().forward(x), [[0.0, 0.5, 1.0]])
    np.testing.assert_array_equal(nn.softmax(x), [[0.0, 0.0, 1.0]])
    assert np.all(np.isfinite(nn.log_softmax(x)))
    np.testing.assert_allclose(nn.log_sigmoid(np.array([-1000.0, 1000.0])), [-1000.0, 0.0])
    for dtype in (np.float32, np.float64):
        big = np.array([[-1000.0, 1000.0]], dtype=dtype)
        assert nn.sigmoid(big).dtype == dtype
        assert np.all(np.isfinite(nn.Sigmoid().forward(big)))


def test_float32_preserved():
    x = np.ones((2, 3), dtype=np.float32)
    for layer in (nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.Softmax()):
        assert layer.forward(x).dtype == np.float32
        assert layer.backward(np.ones((2, 3))).dtype == np.float32


@pytest.mark.parametrize(
    "layer, reference",
    [
        (nn.Sigmoid(), torch.sigmoid),
        (nn.Tanh(), torch.tanh),
        (nn.ReLU(), torch.relu),
        (nn.Softmax(), lambda t: torch.softmax(t, dim=-1)),
    ],
    ids=["Sigmoid", "Tanh", "ReLU", "Softmax"],
)
def test_layers_match_torch_forward_and_backward(layer, reference):
    rng = np.random.default_rng(1)
    x = 3 * rng.standard_normal((4, 6))
    g = rng.standard_normal((4, 6))
    y = layer.forward(x)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    yt = reference(xt)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-14)


def test_stable_functions_match_torch():
    z = np.linspace(-40.0, 40.0, 40).reshape(5, 8)  # (beyond, torch underflows where we do not)
    zt = torch.tensor(z)
    np.testing.assert_allclose(nn.sigmoid(z), torch.sigmoid(zt).numpy(), rtol=1e-12, atol=0)
    np.testing.assert_allclose(nn.log_sigmoid(z), torch.nn.functional.logsigmoid(zt).numpy(), rtol=1e-12)
    np.testing.assert_allclose(nn.softmax(z), torch.softmax(zt, dim=-1).numpy(), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(nn.log_softmax(z), torch.log_softmax(zt, dim=-1).numpy(), rtol=1e-12)


@pytest.mark.parametrize("function", [nn.sigmoid, nn.log_sigmoid, nn.softmax, nn.log_softmax], ids=repr)
@pytest.mark.parametrize(
    "z, error, match",
    [
        (np.array([1.0, np.nan]), ValueError, r"z contains (non-finite|nan or \+inf)"),
        (np.array([1.0, np.inf]), ValueError, r"z contains (non-finite|nan or \+inf)"),
        (np.array([1.0 + 2j]), TypeError, "z must hold real numbers"),
        (np.array(["a"]), TypeError, "z must hold real numbers"),
        (np.array([True]), TypeError, "z must hold real numbers"),
    ],
    ids=["nan", "inf", "complex", "string", "bool"],
)
def test_stable_functions_reject_bad_input(function, z, error, match):
    with pytest.raises(error, match=match):
        function(z)


@pytest.mark.parametrize("function", [nn.softmax, nn.log_softmax], ids=repr)
def test_softmax_needs_an_axis(function):
    with pytest.raises(ValueError, match="at least 1 dimension"):
        function(3.0)


def test_sigmoid_accepts_scalars_and_integers():
    assert nn.sigmoid(0) == 0.5
    assert nn.sigmoid(np.array([0, 0])).dtype == np.float64


@pytest.mark.parametrize("layer", [nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.Softmax()], ids=repr)
@pytest.mark.parametrize(
    "x, error, match",
    [
        (np.array([[np.inf]]), ValueError, "input x contains non-finite"),
        (np.array([[1 + 1j]]), TypeError, "input x must hold real numbers"),
        (np.zeros((0, 2)), ValueError, "input x needs a non-empty batch axis"),
    ],
    ids=["inf", "complex", "empty"],
)
def test_layers_reject_bad_input(layer, x, error, match):
    with pytest.raises(error, match=f"{type(layer).__name__}: {match}"):
        layer.forward(x)


@pytest.mark.parametrize("layer", [nn.Sigmoid(), nn.Tanh(), nn.ReLU(), nn.Softmax()], ids=repr)
def test_layers_reject_bad_output_gradients(layer):
    with pytest.raises(ValueError, match="backward called before forward"):
        type(layer)().backward(np.ones((1, 1)))
    layer.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(2, 3\)"):
        layer.backward(np.ones((3, 2)))
    with pytest.raises(ValueError, match="output_gradient contains non-finite"):
        layer.backward(np.full((2, 3), np.nan))


def test_softmax_gives_masked_entries_zero_weight_and_refuses_rows_with_nothing_left():
    z = np.array([[0.0, -np.inf, 0.0], [1.0, 2.0, -np.inf]])
    p = nn.softmax(z)
    np.testing.assert_allclose(p, [[0.5, 0.0, 0.5], [1 / (1 + np.e), np.e / (1 + np.e), 0.0]])
    assert np.isneginf(nn.log_softmax(z)[0, 1])
    with pytest.raises(ValueError, match="entirely -inf"):
        nn.softmax(np.array([[-np.inf, -np.inf]]))
    with pytest.raises(ValueError, match=r"nan or \+inf"):
        nn.softmax(np.array([[np.inf, 0.0]]))
    with pytest.raises(ValueError, match="non-finite"):
        nn.sigmoid(np.array([-np.inf]))
