import numpy as np
import pytest

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


def test_bad_input():
    with pytest.raises(ValueError, match="Tanh: input x contains non-finite"):
        nn.Tanh().forward(np.array([[np.inf]]))
    with pytest.raises(ValueError, match="backward called before forward"):
        nn.ReLU().backward(np.ones((1, 1)))
