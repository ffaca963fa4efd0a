"""mlwiki.neuron.optimum: the lowest error is a true minimum, below every trained neuron's."""

import numpy as np
import pytest

from mlwiki.neuron import SigmoidNeuron, cumulative_error, gradients, lowest_cumulative_error, train_sgd


def test_lowest_cumulative_error_is_a_minimum(data):
    x, targets = data
    error, neuron = lowest_cumulative_error(x, targets, rng=np.random.default_rng(0), n_starts=10)
    assert error == pytest.approx(cumulative_error(neuron, x, targets))
    # Stationary: the summed gradient vanishes ...
    total = sum(np.append(*gradients(neuron, xi, ti)) for xi, ti in zip(x, targets))
    assert np.abs(total).max() < 1e-5
    # ... and no neuron on a grid around it, nor any trained one, does better.
    grid = np.linspace(-1, 1, 9)
    for dw1 in grid:
        for dw2 in grid:
            for db in grid:
                other = SigmoidNeuron(neuron.weights + [dw1, dw2], neuron.bias + db)
                assert cumulative_error(other, x, targets) >= error - 1e-12
    trained = train_sgd(SigmoidNeuron.random(2, rng=np.random.default_rng(3)), x, targets, lr=0.05,
                        iterations=5000, rng=np.random.default_rng(4))
    assert trained.cumulative_error.min() >= error - 1e-9


def test_lowest_cumulative_error_on_separable_data_goes_to_zero():
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    error, neuron = lowest_cumulative_error(x, [0, 0, 1, 1], rng=np.random.default_rng(0), n_starts=3)
    assert error < 1e-3 and neuron.classify(x).tolist() == [0, 0, 1, 1]


# --- bad input: one test per rule ---------------------------------------------------------


def test_bad_lowest_cumulative_error_arguments(data):
    x, targets = data
    with pytest.raises(ValueError, match="n_starts must be > 0"):
        lowest_cumulative_error(x, targets, rng=np.random.default_rng(0), n_starts=0)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        lowest_cumulative_error(x, targets, rng=0)
    with pytest.raises(ValueError, match="x must have 2 dimension"):
        lowest_cumulative_error(x[0], targets, rng=np.random.default_rng(0))
