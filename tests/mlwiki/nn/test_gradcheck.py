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


def test_parameter_only_check_for_integer_inputs():
    rng = np.random.default_rng(3)
    layer = nn.Embedding(5, 3, rng=rng)
    errors = nn.check_layer_gradients(layer, rng.integers(0, 5, size=(2, 4)), rng=rng, input_gradient=False)
    assert list(errors) == ["weights"] and errors["weights"] < 1e-8
    with pytest.raises(ValueError, match="input_gradient must be True or False"):
        nn.check_layer_gradients(nn.Tanh(), np.zeros((1, 1)), rng=rng, input_gradient="no")


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


def test_difference_errors_have_the_predicted_orders():
    steps = np.logspace(-4, -1, 7)
    errors = nn.difference_errors(np.sin, np.cos, np.linspace(0.1, 1.0, 5), steps)
    assert set(errors) == {"forward", "central"}
    assert nn.loglog_slope(steps, errors["forward"], 1e-4, 1e-1) == pytest.approx(1.0, abs=0.05)
    assert nn.loglog_slope(steps, errors["central"], 1e-4, 1e-1) == pytest.approx(2.0, abs=0.05)
    # one entry by hand: the forward difference of sin at the points, for h = 0.1
    points = np.linspace(0.1, 1.0, 5)
    by_hand = np.median(np.abs((np.sin(points + 0.1) - np.sin(points)) / 0.1 - np.cos(points)) / np.cos(points))
    assert errors["forward"][-1] == pytest.approx(by_hand)


def test_loglog_slope_of_a_power_law():
    x = np.logspace(0, 3, 10)
    assert nn.loglog_slope(x, 5 * x**-1.5, 1, 1000) == pytest.approx(-1.5)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: nn.difference_errors("sin", np.cos, [1.0], [0.1]), TypeError, "f and derivative must be functions"),
        (lambda: nn.difference_errors(np.sin, np.cos, [], [0.1]), ValueError, "must not be empty"),
        (lambda: nn.difference_errors(np.sin, np.cos, [1.0], [0.0]), ValueError, "steps must all be > 0"),
        (lambda: nn.difference_errors(np.sin, lambda v: 0 * v, [1.0], [0.1]), ValueError, "must not vanish"),
        (lambda: nn.difference_errors(np.sin, np.cos, [[1.0]], [0.1]), ValueError, "points must have 1 dimension"),
        (lambda: nn.loglog_slope([1.0, 2.0], [1.0], 0, 3), ValueError, "same shape"),
        (lambda: nn.loglog_slope([1.0, 2.0], [1.0, 2.0], 5, 6), ValueError, "at least two positive points"),
        (lambda: nn.loglog_slope([1.0, 2.0], [1.0, -2.0], 0, 3), ValueError, "at least two positive points"),
        (lambda: nn.loglog_slope([1.0, 2.0], [1.0, 2.0], "low", 3), TypeError, "low must hold real numbers"),
    ],
)
def test_difference_helpers_reject_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
