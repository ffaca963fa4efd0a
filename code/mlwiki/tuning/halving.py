"""Successive halving: stop the hopeless trials early and give their epochs to the promising ones.

Start many configurations with a small budget, keep the best ``1/factor`` of them,
give the survivors ``factor`` times as many epochs, and repeat (Jamieson & Talwalkar,
2016; the schedule is that of scikit-learn's ``HalvingGridSearchCV``).  A bad learning
rate usually shows after one epoch, so most of the training a plain search spends on
it is wasted.  Runs here are *resumed*, not restarted: a survivor trained 1 epoch in
the first rung trains 2 more to reach 3, so a configuration costs only the epochs it
finally reaches.

With 60 configurations, ``factor=3`` and epochs 1 -> 3 -> 9, the rungs hold 60, 20
and 7 configurations and cost 60 * 1 + 20 * 2 + 7 * 6 = 142 epochs; training all 60 for
9 epochs would cost 540.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.tuning.search import Trial, _check_problem

__all__ = ["halving_schedule", "successive_halving", "Rung", "HalvingResult"]


def _floor_log(n: int, base: int) -> int:
    """Largest k with base**k <= n, in exact integer arithmetic (math.log rounds)."""
    k = 0
    while base ** (k + 1) <= n:
        k += 1
    return k


def halving_schedule(n_configs: int, min_epochs: int, max_epochs: int, factor: int = 3) -> list[tuple[int, int]]:
    """How many configurations each rung trains, and to how many epochs.

    Rung i trains ``ceil(n_configs / factor**i)`` configurations to
    ``min_epochs * factor**i`` epochs.  There are as many rungs as both limits allow:
    no more than it takes to get below ``factor`` configurations, and none that
    would exceed ``max_epochs``.

    Parameters
    ----------
    n_configs : int
        Configurations in the first rung.
    min_epochs, max_epochs : int
        Epochs of the first rung, and the most any configuration may get.
    factor : int
        Keep the best ``1/factor`` at each rung and multiply the epochs by it (>= 2).

    Returns
    -------
    list of (n_configs, epochs)
        One pair per rung.
    """
    n_configs = _check_positive_int("n_configs", n_configs)
    min_epochs = _check_positive_int("min_epochs", min_epochs)
    max_epochs = _check_positive_int("max_epochs", max_epochs)
    factor = _check_positive_int("factor", factor)
    if factor < 2:
        raise ValueError(f"factor must be >= 2, got {factor}")
    if min_epochs > max_epochs:
        raise ValueError(f"min_epochs must be <= max_epochs, got {min_epochs} > {max_epochs}")
    n_rungs = 1 + min(_floor_log(n_configs, factor), _floor_log(max_epochs // min_epochs, factor))
    schedule, n = [], n_configs
    for i in range(n_rungs):
        schedule.append((n, min(min_epochs * factor**i, max_epochs)))
        n = math.ceil(n / factor)
    return schedule


@dataclass(frozen=True)
class Rung:
    """One round of successive halving.

    Attributes
    ----------
    epochs : int
        Epochs every configuration of this rung has been trained for.
    indices : list of int
        Which configurations (positions in the input list) took part.
    scores : list of float
        Their validation accuracies, in the same order.
    """

    epochs: int
    indices: list
    scores: list


@dataclass(frozen=True)
class HalvingResult:
    """What :func:`successive_halving` did.

    Attributes
    ----------
    rungs : list of Rung
    trials : list of Trial
        One per configuration, with the score and epochs of the last rung it reached.
    best : Trial
        The best configuration of the last rung.
    epochs_trained : int
        Epochs trained in total.
    """

    rungs: list
    trials: list
    best: Trial
    epochs_trained: int


def successive_halving(problem, configs, *, min_epochs: int, factor: int = 3) -> HalvingResult:
    """Run successive halving over ``configs`` on ``problem``, resuming the survivors.

    Parameters
    ----------
    problem : NetworkTuningProblem
        Supplies the runs; its ``max_epochs`` caps the last rung.
    configs : list of dict
        The candidate configurations (e.g. from :func:`~mlwiki.tuning.sample_configs`).
    min_epochs : int
        Epochs of the first rung.
    factor : int
        Elimination rate and epoch multiplier (>= 2).

    Returns
    -------
    HalvingResult
        Survivors are the best ``ceil(n / factor)`` by validation accuracy; ties go to
        the configuration listed first.
    """
    problem = _check_problem(problem)
    configs = list(configs)
    schedule = halving_schedule(len(configs), min_epochs, problem.max_epochs, factor)
    runs = [problem.start(config) for config in configs]
    last_score = {}
    rungs, alive, spent = [], list(range(len(configs))), 0
    for n_alive, epochs in schedule:
        scores = []
        for index in alive:
            run = runs[index]
            spent += epochs - run.epochs
            run.train(epochs - run.epochs)
            scores.append(run.validation_accuracy())
            last_score[index] = scores[-1]
        rungs.append(Rung(epochs, list(alive), scores))
        # Best first; a stable sort keeps the earlier configuration ahead on ties.
        order = np.argsort(-np.asarray(scores), kind="stable")[: math.ceil(n_alive / factor)]
        alive = [alive[j] for j in sorted(order)]
    trials = [Trial(dict(configs[i]), last_score[i], runs[i].epochs, runs[i]) for i in range(len(configs))]
    final = rungs[-1]
    winner = final.indices[int(np.argmax(final.scores))]
    return HalvingResult(rungs, trials, trials[winner], spent)
