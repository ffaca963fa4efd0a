"""mlwiki.neuron.training: each SGD step follows the gradient, histories are laid out as documented
and reproducible, and the fast trainer gives the plain one's numbers."""

import numpy as np
import pytest

from mlwiki.neuron import SigmoidNeuron, TrainingHistory, cumulative_error, gradients, train_sgd, train_sgd_many


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_one_sgd_step_follows_the_gradient(data, loss):
    x, targets = data
    start = SigmoidNeuron(np.array([0.2, -0.1]), 0.3)
    history = train_sgd(start, x, targets, lr=0.5, iterations=1, rng=np.random.default_rng(3), loss=loss)
    i = np.random.default_rng(3).integers(x.shape[0], size=1)[0]
    grad_w, grad_b = gradients(start, x[i], targets[i], loss=loss)
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


def test_first_step_below(data):
    x, targets = data
    history = train_sgd(SigmoidNeuron.random(2, rng=np.random.default_rng(2023)), x, targets,
                        lr=0.01, iterations=1000, rng=np.random.default_rng(1))
    level = 2.0
    step = history.first_step_below(level)
    k = int(np.flatnonzero(history.iterations == step)[0])
    assert history.cumulative_error[k] < level and np.all(history.cumulative_error[:k] >= level)
    assert history.first_step_below(0.0) is None
    with pytest.raises(ValueError, match="level"):
        history.first_step_below(np.nan)


def test_jitter_is_the_spread_of_late_changes():
    errors = np.array([5.0, 4.0, 3.0, 2.5, 2.0, 2.2, 2.1, 2.3])
    history = TrainingHistory(np.arange(8) * 100, errors, SigmoidNeuron(np.zeros(2), 0.0))
    assert history.jitter() == pytest.approx(np.std(np.diff(errors[4:])))
    assert TrainingHistory(np.array([0]), np.array([1.0]), SigmoidNeuron(np.zeros(2), 0.0)).jitter() == 0.0


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


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_train_sgd_many_gives_the_plain_runs(data, loss):
    x, targets = data
    starts = [SigmoidNeuron.random(2, rng=np.random.default_rng(seed)) for seed in range(6)]
    many = train_sgd_many(starts, x, targets, lr=0.05, iterations=730, record_every=50, loss=loss,
                          rngs=[np.random.default_rng(40 + k) for k in range(6)])
    for k, start in enumerate(starts):
        plain = train_sgd(start, x, targets, lr=0.05, iterations=730, record_every=50, loss=loss,
                          rng=np.random.default_rng(40 + k))
        np.testing.assert_array_equal(many[k].iterations, plain.iterations)
        np.testing.assert_allclose(many[k].cumulative_error, plain.cumulative_error, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(many[k].neuron.weights, plain.neuron.weights, rtol=1e-10, atol=1e-12)
        assert many[k].neuron.bias == pytest.approx(plain.neuron.bias, rel=1e-10, abs=1e-12)


def test_training_reduces_error_on_average(data):
    x, targets = data
    starts = [SigmoidNeuron.random(2, rng=np.random.default_rng(seed)) for seed in range(10)]
    runs = train_sgd_many(starts, x, targets, lr=0.01, iterations=1000,
                          rngs=[np.random.default_rng(100 + seed) for seed in range(10)])
    initial = np.mean([h.cumulative_error[0] for h in runs])
    final = np.mean([h.cumulative_error[-1] for h in runs])
    assert final < initial - 0.3


# --- bad input: one test per rule ---------------------------------------------------------

GOOD = {"lr": 0.01, "iterations": 10, "record_every": 5}


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"lr": 0.0}, ValueError, "lr must be > 0"),
        ({"lr": -0.1}, ValueError, "lr must be > 0"),
        ({"lr": np.inf}, ValueError, "lr must be finite"),
        ({"lr": "fast"}, ValueError, "lr must be a real number"),
        ({"iterations": 0}, ValueError, "iterations must be > 0"),
        ({"iterations": 10.5}, ValueError, "iterations must be an integer"),
        ({"record_every": 0}, ValueError, "record_every must be > 0"),
        ({"loss": "hinge"}, ValueError, "loss must be one of"),
        ({"x": np.ones((8, 3))}, ValueError, r"x must have shape \(n_samples, 2\)"),
        ({"x": np.ones(8)}, ValueError, "x must have 2 dimension"),
        ({"x": np.zeros((0, 2)), "targets": np.zeros(0)}, ValueError, "x must contain at least one sample"),
        ({"x": np.full((8, 2), np.nan)}, ValueError, "x contains non-finite"),
        ({"targets": np.ones(7)}, ValueError, "targets must have one entry per row"),
        ({"targets": np.full(8, np.nan)}, ValueError, "targets contains non-finite"),
        ({"targets": np.full(8, 2.0)}, ValueError, r"targets must lie in \[0, 1\]"),
        ({"targets": np.ones((8, 1))}, ValueError, "targets must have 1 dimension"),
    ],
)
@pytest.mark.parametrize("trainer", ["train_sgd", "train_sgd_many"])
def test_bad_training_input(data, trainer, kwargs, error, message):
    x, targets = data
    call = {"x": x, "targets": targets} | GOOD | kwargs
    start = SigmoidNeuron(np.zeros(2), 0.0)
    with pytest.raises(error, match=message):
        if trainer == "train_sgd":
            train_sgd(start, rng=np.random.default_rng(0), **call)
        else:
            train_sgd_many([start], rngs=[np.random.default_rng(0)], **call)


def test_bad_rng_and_neuron_arguments(data):
    x, targets = data
    start = SigmoidNeuron(np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        train_sgd(start, x, targets, rng=0, **GOOD)
    with pytest.raises(TypeError, match="neuron must be a SigmoidNeuron"):
        train_sgd((np.ones(2), 0.0), x, targets, rng=np.random.default_rng(0), **GOOD)
    with pytest.raises(ValueError, match="neurons must contain at least one"):
        train_sgd_many([], x, targets, rngs=[], **GOOD)
    with pytest.raises(TypeError, match="neuron must be a SigmoidNeuron"):
        train_sgd_many(["neuron"], x, targets, rngs=[np.random.default_rng(0)], **GOOD)
    with pytest.raises(ValueError, match="neurons must all have the same n_in"):
        train_sgd_many([start, SigmoidNeuron(np.zeros(3), 0.0)], x, targets,
                       rngs=[np.random.default_rng(0)] * 2, **GOOD)
    with pytest.raises(ValueError, match="rngs must hold one generator per neuron"):
        train_sgd_many([start, start], x, targets, rngs=[np.random.default_rng(0)], **GOOD)
    with pytest.raises(ValueError, match="rngs must be a numpy.random.Generator"):
        train_sgd_many([start], x, targets, rngs=[1], **GOOD)
