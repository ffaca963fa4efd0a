"""Hyperparameter search: search spaces, grid and random search, successive halving, Optuna's TPE.

Everything is chosen on a validation split.  The searches take a
:class:`NetworkTuningProblem` (training and validation data only); the test split is
wrapped in a :class:`SealedTestSet` that answers exactly once, at the end::

    problem = NetworkTuningProblem(x_train, y_train, x_val, y_val, max_epochs=9, batch_size=64, seed=0)
    space = {"lr": LogUniform(1e-4, 1.0), "width": IntLogUniform(8, 128)}
    trials = random_search(problem, space, 16, rng)
    winner = best_trial(trials)
    test_set.evaluate(winner.run.model)
"""

from mlwiki.tuning.halving import HalvingResult, Rung, halving_schedule, successive_halving
from mlwiki.tuning.holdout import SealedTestSet
from mlwiki.tuning.optimism import SelectionOptimism, selection_optimism
from mlwiki.tuning.plots import plot_best_found, plot_grid_and_random_points, plot_search_progress, plot_trials
from mlwiki.tuning.problem import NetworkTuningProblem, TrainingRun
from mlwiki.tuning.search import Trial, best_so_far, best_trial, evaluate_configs, grid_search, random_search
from mlwiki.tuning.space import IntLogUniform, LogUniform, Uniform, grid_configs, sample_configs
from mlwiki.tuning.toy import BEST_X, TOY_SPACE, GridRandomComparison, grid_vs_random, one_relevant_score
from mlwiki.tuning.tpe import tpe_search

__all__ = [
    # search spaces
    "Uniform", "LogUniform", "IntLogUniform", "sample_configs", "grid_configs",
    # the toy landscape
    "one_relevant_score", "TOY_SPACE", "BEST_X", "grid_vs_random", "GridRandomComparison",
    # the problem and its sealed test split
    "NetworkTuningProblem", "TrainingRun", "SealedTestSet", "selection_optimism", "SelectionOptimism",
    # searches
    "Trial", "evaluate_configs", "grid_search", "random_search", "best_trial", "best_so_far",
    "halving_schedule", "successive_halving", "Rung", "HalvingResult", "tpe_search",
    # figures
    "plot_grid_and_random_points", "plot_best_found", "plot_trials", "plot_search_progress",
]
