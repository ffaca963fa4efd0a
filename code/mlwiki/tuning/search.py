"""Grid search and random search: try configurations, keep the one the validation split likes best.

Both spend the same thing -- one full training run per configuration -- and differ
only in *which* configurations they try.  A k x k grid tries k values of each
hyperparameter, each k times; random search tries a new value of every
hyperparameter in every trial.  When only some hyperparameters matter, the grid
wastes most of its trials repeating the same values of the ones that do (Bergstra &
Bengio, 2012).

Each search returns a list of :class:`Trial` in the order they were run.
:func:`best_trial` picks by validation score alone; the test split is not an argument
of anything here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.tuning.space import grid_configs, sample_configs

__all__ = ["Trial", "grid_search", "random_search", "evaluate_configs", "best_trial", "best_so_far"]


@dataclass(frozen=True)
class Trial:
    """One evaluated configuration.

    Attributes
    ----------
    config : dict
        Hyperparameter values.
    score : float
        Validation accuracy (higher is better).
    epochs : int
        Training epochs this configuration received.
    run : TrainingRun
        The trained network, kept so the winner need not be retrained.
    """

    config: dict
    score: float
    epochs: int
    run: object = None


def _check_problem(problem):
    if not (hasattr(problem, "evaluate") and hasattr(problem, "start")):
        raise ValueError(f"problem must be a NetworkTuningProblem (with start and evaluate), "
                         f"got {type(problem).__name__}")
    return problem


def evaluate_configs(problem, configs) -> list[Trial]:
    """Train every configuration in ``configs`` fully and score it on the validation split.

    Parameters
    ----------
    problem : NetworkTuningProblem
    configs : list of dict

    Returns
    -------
    list of Trial
        In the order of ``configs``; each spent ``problem.max_epochs`` epochs.
    """
    problem = _check_problem(problem)
    configs = list(configs)
    if not configs:
        raise ValueError("configs must hold at least one configuration")
    trials = []
    for config in configs:
        run = problem.evaluate(config)
        trials.append(Trial(dict(config), run.validation_accuracy(), run.epochs, run))
    return trials


def grid_search(problem, space, points_per_dim) -> list[Trial]:
    """Evaluate every point of a grid over ``space`` (see :func:`~mlwiki.tuning.grid_configs`).

    Parameters
    ----------
    problem : NetworkTuningProblem
    space : dict[str, range]
    points_per_dim : int or dict[str, int]

    Returns
    -------
    list of Trial
    """
    return evaluate_configs(problem, grid_configs(space, points_per_dim))


def random_search(problem, space, n_trials: int, rng) -> list[Trial]:
    """Evaluate ``n_trials`` configurations drawn independently from ``space``.

    Parameters
    ----------
    problem : NetworkTuningProblem
    space : dict[str, range]
    n_trials : int
    rng : numpy.random.Generator
        Draws the configurations.

    Returns
    -------
    list of Trial
    """
    return evaluate_configs(problem, sample_configs(space, n_trials, rng))


def _check_trials(trials) -> list[Trial]:
    trials = list(trials)
    if not trials or not all(isinstance(t, Trial) for t in trials):
        raise ValueError("trials must be a non-empty list of Trial")
    return trials


def best_trial(trials) -> Trial:
    """The trial with the highest validation score (the earliest one on ties).

    Parameters
    ----------
    trials : list of Trial

    Returns
    -------
    Trial
    """
    trials = _check_trials(trials)
    return trials[int(np.argmax([t.score for t in trials]))]


def best_so_far(trials) -> tuple[np.ndarray, np.ndarray]:
    """The best validation score found after each trial, against the epochs spent so far.

    Parameters
    ----------
    trials : list of Trial
        In the order they were run.

    Returns
    -------
    epochs : ndarray of int, shape (n_trials,)
        Cumulative training epochs after each trial.
    best : ndarray of float, shape (n_trials,)
        Running maximum of the scores.
    """
    trials = _check_trials(trials)
    epochs = np.cumsum([_check_positive_int("trial.epochs", t.epochs) for t in trials])
    return epochs, np.maximum.accumulate([t.score for t in trials])
