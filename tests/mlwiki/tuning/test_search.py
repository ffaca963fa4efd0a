"""Grid and random search, best_trial and best_so_far."""

import numpy as np
import pytest

from mlwiki.tuning import (IntLogUniform, LogUniform, Trial, best_so_far, best_trial, evaluate_configs,
                           grid_configs, grid_search, random_search, sample_configs)

SPACE = {"lr": LogUniform(1e-3, 0.3), "width": IntLogUniform(4, 16)}


def test_grid_search_trains_every_grid_point_fully(small_problem):
    trials = grid_search(small_problem, SPACE, 2)
    assert [t.config for t in trials] == grid_configs(SPACE, 2)
    assert all(t.epochs == 3 and t.run.epochs == 3 for t in trials)
    assert small_problem.epochs_trained == 4 * 3
    assert [t.score for t in trials] == [t.run.validation_accuracy() for t in trials]


def test_random_search_evaluates_the_sampled_configurations(small_problem):
    trials = random_search(small_problem, SPACE, 3, np.random.default_rng(5))
    assert [t.config for t in trials] == sample_configs(SPACE, 3, np.random.default_rng(5))
    again = random_search(small_problem, SPACE, 3, np.random.default_rng(5))
    assert [t.score for t in trials] == [t.score for t in again]


def test_best_trial_takes_the_highest_score_and_the_first_on_ties():
    trials = [Trial({"a": 0}, 0.5, 1), Trial({"a": 1}, 0.9, 1), Trial({"a": 2}, 0.9, 1)]
    assert best_trial(trials).config == {"a": 1}


def test_best_so_far_is_the_running_maximum_against_cumulative_epochs():
    trials = [Trial({}, 0.3, 2), Trial({}, 0.2, 2), Trial({}, 0.7, 3), Trial({}, 0.5, 1)]
    epochs, best = best_so_far(trials)
    assert epochs.tolist() == [2, 4, 7, 8]
    assert best.tolist() == [0.3, 0.3, 0.7, 0.7]


def test_bad_arguments(small_problem):
    with pytest.raises(ValueError, match="trials must be a non-empty list of Trial"):
        best_trial([])
    with pytest.raises(ValueError, match="trials must be a non-empty list of Trial"):
        best_so_far([0.5])
    with pytest.raises(ValueError, match="problem must be a NetworkTuningProblem"):
        grid_search(object(), SPACE, 2)
    with pytest.raises(ValueError, match="configs must hold at least one configuration"):
        evaluate_configs(small_problem, [])
    with pytest.raises(ValueError, match="n_configs must be > 0"):
        random_search(small_problem, SPACE, 0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="trial.epochs must be > 0"):
        best_so_far([Trial({}, 0.5, 0)])
