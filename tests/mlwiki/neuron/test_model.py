"""mlwiki.neuron.model: the neuron's output and its gradients against finite differences and PyTorch."""

import numpy as np
import pytest
import torch

from mlwiki.neuron import SigmoidNeuron, cumulative_error, gradients, sigmoid_derivative


def _loss(weights, bias, x, target, loss="squared_error"):
    p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    if loss == "squared_error":
        return (p - target) ** 2
    return -(target * np.log(p) + (1 - target) * np.log(1 - p))


def test_predict_is_the_logistic_function_and_stable():
    neuron = SigmoidNeuron(np.array([1.0]), 0.0)
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(neuron.predict(z[:, None]), 1 / (1 + np.exp(-z)), rtol=1e-12)
    np.testing.assert_allclose(neuron.predict(np.array([[-1000.0], [1000.0]])), [0.0, 1.0])


def test_sigmoid_derivative_matches_finite_differences():
    z = np.linspace(-8, 8, 33)
    eps = 1e-6
    numeric = (1 / (1 + np.exp(-(z + eps))) - 1 / (1 + np.exp(-(z - eps)))) / (2 * eps)
    np.testing.assert_allclose(sigmoid_derivative(z), numeric, rtol=1e-6, atol=1e-12)
    # The derivative takes the pre-activation: feeding it the output instead (as x (1 - x)
    # formulas expect) gives a different number.
    assert sigmoid_derivative(2.0) != pytest.approx(2.0 * (1 - 2.0))
    np.testing.assert_allclose(sigmoid_derivative(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.25, 0.0])


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_finite_differences(data, seed, loss):
    x, targets = data
    neuron = SigmoidNeuron.random(2, rng=np.random.default_rng(seed))
    eps = 1e-6
    w, b = neuron.weights, neuron.bias
    for xi, ti in zip(x, targets):
        grad_w, grad_b = gradients(neuron, xi, ti, loss=loss)
        numeric_w = np.array([
            (_loss(w + eps * e, b, xi, ti, loss) - _loss(w - eps * e, b, xi, ti, loss)) / (2 * eps)
            for e in np.eye(2)
        ])
        numeric_b = (_loss(w, b + eps, xi, ti, loss) - _loss(w, b - eps, xi, ti, loss)) / (2 * eps)
        np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-5, atol=1e-9)
        assert grad_b == pytest.approx(numeric_b, rel=1e-5, abs=1e-9)


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_gradients_match_pytorch_autograd(data, loss):
    x, targets = data
    neuron = SigmoidNeuron(np.array([0.7, -1.3]), 0.4)
    for xi, ti in zip(x, targets):
        w = torch.tensor(neuron.weights, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(neuron.bias, dtype=torch.float64, requires_grad=True)
        p = torch.sigmoid(torch.dot(torch.tensor(xi), w) + b)
        t = torch.tensor(ti, dtype=torch.float64)
        value = (p - t) ** 2 if loss == "squared_error" else torch.nn.functional.binary_cross_entropy(p, t)
        value.backward()
        grad_w, grad_b = gradients(neuron, xi, ti, loss=loss)
        np.testing.assert_allclose(grad_w, w.grad.numpy(), rtol=1e-12, atol=1e-15)
        assert grad_b == pytest.approx(b.grad.item(), rel=1e-12, abs=1e-15)


def test_cross_entropy_gradient_does_not_vanish_when_saturated():
    neuron = SigmoidNeuron(np.array([-10.0, -10.0]), 0.0)  # p ~ 0 at (1, 1)
    squared, _ = gradients(neuron, [1.0, 1.0], 1.0)
    cross_entropy, _ = gradients(neuron, [1.0, 1.0], 1.0, loss="cross_entropy")
    assert np.abs(squared).max() < 1e-7 and np.abs(cross_entropy).min() > 0.99


def test_cumulative_error_is_sum_of_squares(data):
    x, targets = data
    neuron = SigmoidNeuron(np.array([0.3, -0.2]), 0.05)
    expected = sum(_loss(neuron.weights, neuron.bias, xi, ti) for xi, ti in zip(x, targets))
    assert cumulative_error(neuron, x, targets) == pytest.approx(expected)


def test_predict_shapes_and_stability():
    neuron = SigmoidNeuron(np.array([1000.0, -1000.0]), 0.0)
    out = neuron.predict(np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert out.shape == (2,)
    np.testing.assert_allclose(out, [1.0, 0.0])
    assert np.ndim(neuron.predict(np.array([1.0, 0.0]))) == 0
    np.testing.assert_array_equal(neuron.classify(np.array([[1.0, 0.0], [0.0, 1.0]])), [1, 0])


# --- bad input: one test per rule ---------------------------------------------------------


def test_bad_neuron_construction_and_prediction():
    with pytest.raises(ValueError, match="weights contains non-finite"):
        SigmoidNeuron(np.array([np.inf, 0.0]), 0.0)
    with pytest.raises(ValueError, match="weights must have 1 dimension"):
        SigmoidNeuron(np.ones((2, 2)), 0.0)
    with pytest.raises(ValueError, match="weights must have at least one entry"):
        SigmoidNeuron(np.ones(0), 0.0)
    with pytest.raises(ValueError, match="bias must have 0 dimension"):
        SigmoidNeuron(np.ones(2), [1.0, 2.0])
    with pytest.raises(ValueError, match="bias contains non-finite"):
        SigmoidNeuron(np.ones(2), np.nan)
    with pytest.raises(ValueError, match="n_in must be > 0"):
        SigmoidNeuron.random(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        SigmoidNeuron.random(2, rng=None)
    with pytest.raises(ValueError, match=r"x must have shape \(n_in,\) or \(n_samples, n_in\)"):
        SigmoidNeuron(np.ones(2), 0.0).predict(np.ones(3))
    with pytest.raises(ValueError, match="z contains non-finite"):
        sigmoid_derivative(np.nan)
    with pytest.raises(ValueError, match="z must be numeric"):
        sigmoid_derivative("zero")


def test_bad_gradient_and_error_arguments(data):
    x, targets = data
    neuron = SigmoidNeuron(np.ones(2), 0.0)
    with pytest.raises(ValueError, match="x must have 1 dimension"):
        gradients(neuron, np.ones((2, 2)), 1.0)
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples, 2\)"):
        gradients(neuron, np.ones(3), 1.0)
    with pytest.raises(ValueError, match=r"targets must lie in \[0, 1\]"):
        gradients(neuron, np.ones(2), 1.5)
    with pytest.raises(ValueError, match="loss must be one of"):
        gradients(neuron, np.ones(2), 1.0, loss="squared")
    with pytest.raises(ValueError, match="target must be numeric"):
        gradients(neuron, np.ones(2), "one")
    with pytest.raises(ValueError, match="target must have 0 dimension"):
        gradients(neuron, np.ones(2), [1.0, 0.0])
    with pytest.raises(TypeError, match="neuron must be a SigmoidNeuron"):
        cumulative_error("neuron", x, targets)
