"""The tuning problem: deterministic, resumable training runs scored on the validation split."""

import numpy as np
import pytest

from mlwiki import nn
from mlwiki.tuning import NetworkTuningProblem


def test_resuming_gives_exactly_the_network_of_one_long_run(small_problem):
    config = {"lr": 0.01, "width": 16}
    stepwise = small_problem.start(config).train(1).train(2)
    at_once = small_problem.start(config).train(3)
    for a, b in zip(stepwise.model.layers, at_once.model.layers):
        for key in a.params:
            np.testing.assert_array_equal(a.params[key], b.params[key])
    assert stepwise.epochs == at_once.epochs == 3
    assert small_problem.epochs_trained == 6
    assert stepwise.validation_accuracy() == at_once.validation_accuracy()


def test_run_builds_the_stated_network_and_scores_validation_accuracy(small_problem):
    run = small_problem.evaluate({"lr": 0.02, "width": 12})
    dense = [layer for layer in run.model.layers if isinstance(layer, nn.Dense)]
    assert [(d.n_in, d.n_out) for d in dense] == [(64, 12), (12, 10)]
    assert isinstance(run.model.layers[1], nn.ReLU)
    assert run.epochs == small_problem.max_epochs == 3
    assert run.validation_accuracy() == nn.accuracy(run.model, small_problem.x_val, small_problem.y_val)
    assert run.validation_accuracy() > 0.5


def test_all_configurations_share_the_initial_weights_of_the_seed(small_problem):
    a = small_problem.start({"lr": 0.1, "width": 8})
    b = small_problem.start({"lr": 0.001, "width": 8})
    np.testing.assert_array_equal(a.model.layers[0].params["weights"], b.model.layers[0].params["weights"])


@pytest.mark.parametrize("config, message", [
    ({"lr": 0.1}, "config must be a dict with exactly the keys 'lr' and 'width'"),
    ({"lr": -0.1, "width": 4}, r"config\['lr'\] must be a finite number > 0"),
    ({"lr": True, "width": 4}, r"config\['lr'\] must be a finite number > 0"),
    ({"lr": 0.1, "width": 2.5}, r"config\['width'\] must be an integer"),
    ({"lr": 0.1, "width": 0}, r"config\['width'\] must be > 0"),
])
def test_bad_configs(small_problem, config, message):
    with pytest.raises(ValueError, match=message):
        small_problem.start(config)


def test_bad_problem_arguments(digits_splits):
    x_train, y_train, x_val, y_val = digits_splits
    with pytest.raises(ValueError, match="y_train must hold one label per row of x_train"):
        NetworkTuningProblem(x_train, y_train[:-1], x_val, y_val, max_epochs=1, batch_size=8, seed=0)
    with pytest.raises(ValueError, match="x_val must have 64 features"):
        NetworkTuningProblem(x_train, y_train, x_val[:, :10], y_val, max_epochs=1, batch_size=8, seed=0)
    with pytest.raises(ValueError, match="y_val must hold integer class labels"):
        NetworkTuningProblem(x_train, y_train, x_val, y_val + 0.5, max_epochs=1, batch_size=8, seed=0)
    with pytest.raises(ValueError, match="max_epochs must be > 0"):
        NetworkTuningProblem(x_train, y_train, x_val, y_val, max_epochs=0, batch_size=8, seed=0)
    with pytest.raises(ValueError, match="batch_size must be an integer"):
        NetworkTuningProblem(x_train, y_train, x_val, y_val, max_epochs=1, batch_size=None, seed=0)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        NetworkTuningProblem(x_train, y_train, x_val, y_val, max_epochs=1, batch_size=8, seed=-1)
    with pytest.raises(ValueError, match="x_train must have 2 dimension"):
        NetworkTuningProblem(x_train[0], y_train, x_val, y_val, max_epochs=1, batch_size=8, seed=0)
    problem = NetworkTuningProblem(x_train, y_train, x_val, y_val, max_epochs=1, batch_size=8, seed=0)
    with pytest.raises(ValueError, match="n_epochs must be > 0"):
        problem.start({"lr": 0.1, "width": 4}).train(0)
