import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.neuron import (
    SigmoidNeuron,
    cumulative_error,
    gradients,
    plot_inputs_and_weights,
    sigmoid_derivative,
    train_sgd,
    tutorial_points,
)


@pytest.fixture
def data():
    return tutorial_points()


def _squared_error(weights, bias, x, target):
    z = x @ weights + bias
    return (1.0 / (1.0 + np.exp(-z)) - target) ** 2


def test_tutorial_points():
    x, targets = tutorial_points()
    assert x.shape == (8, 2) and targets.shape == (8,)
    assert x[3].tolist() == [3.0, 4.0]
    assert targets.tolist() == [0, 1, 0, 1, 0, 1, 1, 0]


def test_sigmoid_derivative_matches_finite_differences():
    z = np.linspace(-8, 8, 33)
    eps = 1e-6
    numeric = (1 / (1 + np.exp(-(z + eps))) - 1 / (1 + np.exp(-(z - eps)))) / (2 * eps)
    np.testing.assert_allclose(sigmoid_derivative(z), numeric, rtol=1e-6, atol=1e-12)
    # The derivative takes the pre-activation: feeding it the output instead (as x (1 - x)
    # formulas expect) gives a different number.
    assert sigmoid_derivative(2.0) != pytest.approx(2.0 * (1 - 2.0))


def test_sigmoid_derivative_stable_for_large_inputs():
    values = sigmoid_derivative(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(values, [0.0, 0.25, 0.0])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_finite_differences(data, seed):
    x, targets = data
    rng = np.random.default_rng(seed)
    neuron = SigmoidNeuron.random(2, rng=rng)
    eps = 1e-6
    for xi, ti in zip(x, targets):
        grad_w, grad_b = gradients(neuron, xi, ti)
        w, b = neuron.weights, neuron.bias
        numeric_w = np.array([
            (_squared_error(w + eps * e, b, xi, ti) - _squared_error(w - eps * e, b, xi, ti)) / (2 * eps)
            for e in np.eye(2)
        ])
        numeric_b = (_squared_error(w, b + eps, xi, ti) - _squared_error(w, b - eps, xi, ti)) / (2 * eps)
        np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-5, atol=1e-10)
        assert grad_b == pytest.approx(numeric_b, rel=1e-5, abs=1e-10)


def test_gradient_closed_form(data):
    x, targets = data
    neuron = SigmoidNeuron(np.array([0.5, -0.25]), 0.1)
    p = float(neuron.predict(x[0]))
    grad_w, grad_b = gradients(neuron, x[0], targets[0])
    np.testing.assert_allclose(grad_w, 2 * (p - targets[0]) * p * (1 - p) * x[0])
    assert grad_b == pytest.approx(2 * (p - targets[0]) * p * (1 - p))


def test_cumulative_error_is_sum_of_squares(data):
    x, targets = data
    neuron = SigmoidNeuron(np.array([0.3, -0.2]), 0.05)
    expected = sum(_squared_error(neuron.weights, neuron.bias, xi, ti) for xi, ti in zip(x, targets))
    assert cumulative_error(neuron, x, targets) == pytest.approx(expected)


def test_predict_shapes_and_stability():
    neuron = SigmoidNeuron(np.array([1000.0, -1000.0]), 0.0)
    out = neuron.predict(np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert out.shape == (2,)
    np.testing.assert_allclose(out, [1.0, 0.0])
    assert np.ndim(neuron.predict(np.array([1.0, 0.0]))) == 0
    np.testing.assert_array_equal(neuron.classify(np.array([[1.0, 0.0], [0.0, 1.0]])), [1, 0])


def test_one_sgd_step_follows_the_gradient(data):
    x, targets = data
    start = SigmoidNeuron(np.array([0.2, -0.1]), 0.3)
    history = train_sgd(start, x, targets, lr=0.5, iterations=1, rng=np.random.default_rng(3))
    i = np.random.default_rng(3).integers(x.shape[0], size=1)[0]
    grad_w, grad_b = gradients(start, x[i], targets[i])
    np.testing.assert_allclose(history.neuron.weights, start.weights - 0.5 * grad_w)
    assert history.neuron.bias == pytest.approx(start.bias - 0.5 * grad_b)


def test_history_layout_and_no_mutation(data):
    x, targets = data
    x_before, t_before = x.copy(), targets.copy()
    start = SigmoidNeuron.random(2, rng=np.random.default_rng(0))
    weights_before = start.weights.copy()
    history = train_sgd(start, x, targets, lr=0.01, iterations=1000, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(history.iterations, np.arange(0, 1001, 100))
    assert history.cumulative_error.shape == (11,)
    assert history.cumulative_error[0] == pytest.approx(cumulative_error(start, x, targets))
    assert history.cumulative_error[-1] == pytest.approx(cumulative_error(history.neuron, x, targets))
    np.testing.assert_array_equal(start.weights, weights_before)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(targets, t_before)
    with pytest.raises(ValueError):
        start.weights[0] = 5.0  # read-only


def test_record_every_not_dividing_iterations(data):
    x, targets = data
    start = SigmoidNeuron.random(2, rng=np.random.default_rng(0))
    history = train_sgd(start, x, targets, lr=0.01, iterations=250, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(history.iterations, [0, 100, 200])


def test_deterministic(data):
    x, targets = data
    runs = [
        train_sgd(SigmoidNeuron.random(2, rng=np.random.default_rng(5)), x, targets,
                  lr=0.01, iterations=500, rng=np.random.default_rng(6))
        for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0].cumulative_error, runs[1].cumulative_error)
    np.testing.assert_array_equal(runs[0].neuron.weights, runs[1].neuron.weights)


def test_training_reduces_error_on_average(data):
    x, targets = data
    initial, final = [], []
    for seed in range(10):
        start = SigmoidNeuron.random(2, rng=np.random.default_rng(seed))
        history = train_sgd(start, x, targets, lr=0.01, iterations=1000, rng=np.random.default_rng(100 + seed))
        initial.append(history.cumulative_error[0])
        final.append(history.cumulative_error[-1])
    assert np.mean(final) < np.mean(initial) - 0.3


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": -0.1}, "lr"),
        ({"iterations": 0}, "iterations"),
        ({"iterations": 10.5}, "iterations"),
        ({"record_every": 0}, "record_every"),
        ({"rng": 0}, "rng"),
        ({"x": np.ones((8, 3))}, "x"),
        ({"x": np.ones(8)}, "x"),
        ({"targets": np.ones(7)}, "targets"),
        ({"targets": np.full(8, np.nan)}, "targets"),
        ({"neuron": (np.ones(2), 0.0)}, "neuron"),
    ],
)
def test_bad_training_input(data, kwargs, name):
    x, targets = data
    call = {
        "neuron": SigmoidNeuron(np.zeros(2), 0.0), "x": x, "targets": targets,
        "lr": 0.01, "iterations": 10, "rng": np.random.default_rng(0),
    } | kwargs
    neuron = call.pop("neuron")
    x_arg, t_arg = call.pop("x"), call.pop("targets")
    with pytest.raises(ValueError, match=name):
        train_sgd(neuron, x_arg, t_arg, **call)


def test_bad_neuron_input():
    with pytest.raises(ValueError, match="weights"):
        SigmoidNeuron(np.array([np.inf, 0.0]), 0.0)
    with pytest.raises(ValueError, match="weights"):
        SigmoidNeuron(np.ones((2, 2)), 0.0)
    with pytest.raises(ValueError, match="bias"):
        SigmoidNeuron(np.ones(2), [1.0, 2.0])
    with pytest.raises(ValueError, match="n_in"):
        SigmoidNeuron.random(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng"):
        SigmoidNeuron.random(2, rng=None)
    with pytest.raises(ValueError, match="x"):
        SigmoidNeuron(np.ones(2), 0.0).predict(np.ones(3))
    with pytest.raises(ValueError, match="x"):
        gradients(SigmoidNeuron(np.ones(2), 0.0), np.ones((2, 2)), 1.0)


def test_plot_inputs_and_weights(data):
    x, targets = data
    neuron = SigmoidNeuron(np.array([-0.3, 0.6]), 0.2)
    ax = plot_inputs_and_weights(x, targets, neuron)
    # Two scatter groups (one per class), the arrow, and the decision line.
    assert len(ax.collections) == 2
    line = [l for l in ax.lines if l.get_linestyle() == "--"][0]
    xs, ys = line.get_data()
    np.testing.assert_allclose(neuron.weights[0] * xs + neuron.weights[1] * ys + neuron.bias, 0, atol=1e-12)
    assert len(ax.texts) == 1  # the weight arrow
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="n_in"):
        plot_inputs_and_weights(np.ones((2, 3)), [0, 1], SigmoidNeuron(np.ones(3), 0.0))
