import numpy as np
import pytest

from mlwiki import nn


def test_numerical_gradient_of_known_function():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    grad = nn.numerical_gradient(lambda v: np.sum(v**3), x)
    np.testing.assert_allclose(grad, 3 * x**2, rtol=1e-8)
    assert x[0, 0] == 1.0  # the input is not modified


def test_gradcheck_catches_a_wrong_backward():
    class BadTanh(nn.Tanh):
        def backward(self, output_gradient):
            return output_gradient * (1 - self._y)  # forgot the square

    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    assert nn.check_layer_gradients(BadTanh(), x, rng=rng)["input"] > 1e-2
    assert nn.check_layer_gradients(nn.Tanh(), x, rng=rng)["input"] < 1e-8


def test_relative_error():
    assert nn.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert nn.relative_error([0.0], [0.0]) == 0.0
    assert nn.relative_error([1.0], [-1.0]) == pytest.approx(1.0)


def test_bad_arguments():
    with pytest.raises(ValueError, match="eps"):
        nn.numerical_gradient(np.sum, np.zeros(2), eps=0)
    with pytest.raises(ValueError, match="rng"):
        nn.check_layer_gradients(nn.Tanh(), np.zeros((1, 1)), rng=None)


def test_parameter_only_check_for_integer_inputs():
    rng = np.random.default_rng(3)
    layer = nn.Embedding(5, 3, rng=rng)
    errors = nn.check_layer_gradients(layer, rng.integers(0, 5, size=(2, 4)), rng=rng, input_gradient=False)
    assert list(errors) == ["weights"] and errors["weights"] < 1e-8
    with pytest.raises(ValueError, match="input_gradient must be True or False"):
        nn.check_layer_gradients(nn.Tanh(), np.zeros((1, 1)), rng=rng, input_gradient="no")
