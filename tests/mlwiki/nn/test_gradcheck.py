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


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: nn.numerical_gradient(np.sum, np.zeros(2), eps=0), ValueError, "eps must be > 0"),
        (lambda: nn.numerical_gradient("sum", np.zeros(2)), TypeError, "f must be a function"),
        (lambda: nn.numerical_gradient(np.sum, np.zeros(2) + 1j), TypeError, "x must hold real numbers"),
        (lambda: nn.numerical_gradient(np.sum, [np.nan]), ValueError, "x contains non-finite"),
        (lambda: nn.numerical_gradient(lambda v: v, np.zeros(2)), TypeError, "f must return a single real number"),
        (lambda: nn.relative_error([1.0, 2.0], [1.0]), ValueError, "same shape"),
        (lambda: nn.relative_error([1j], [1.0]), TypeError, "analytic must hold real numbers"),
        (lambda: nn.check_layer_gradients(nn.Tanh(), np.zeros((1, 1)), rng=None), ValueError, "rng"),
        (lambda: nn.check_layer_gradients(np.tanh, np.zeros((1, 1)), rng=np.random.default_rng(0)), TypeError,
         "layer must be a Layer"),
        (lambda: nn.check_layer_gradients(nn.Tanh(), np.zeros((1, 1)), rng=np.random.default_rng(0), eps=-1),
         ValueError, "eps must be > 0"),
        (lambda: nn.check_loss_gradient("mse", np.zeros((1, 1)), np.zeros((1, 1))), TypeError,
         "loss must have value"),
        (lambda: nn.check_loss_gradient(nn.MeanSquaredError(), np.zeros((1, 1)) + 1j, np.zeros((1, 1))), TypeError,
         "y_pred must hold real numbers"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
