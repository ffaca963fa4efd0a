"""Model-based search with Optuna's Tree-structured Parzen Estimator (TPE).

Grid and random search choose every configuration before seeing any result.  A
model-based search uses the results so far to choose the next one.  TPE (Bergstra
et al., 2011) splits the finished trials into the best few and the rest, fits a
density to the hyperparameter values of each group, and proposes the candidate whose
ratio good-density / rest-density is largest: values that have so far appeared more
often among good trials than among bad ones.  Until ``n_startup_trials`` trials have
finished it samples at random, because there is nothing to model yet.

This module only connects Optuna's ask-and-tell interface to a
:class:`~mlwiki.tuning.NetworkTuningProblem`; the algorithm is Optuna's.
"""

from __future__ import annotations

import contextlib

from mlwiki._checks import _check_positive_int
from mlwiki.tuning.search import Trial, _check_problem
from mlwiki.tuning.space import _check_space

__all__ = ["tpe_search"]


@contextlib.contextmanager
def _quiet_optuna():
    """Silence Optuna's per-trial log lines, restoring the caller's verbosity afterwards."""
    import optuna

    previous = optuna.logging.get_verbosity()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    try:
        yield
    finally:
        optuna.logging.set_verbosity(previous)


def tpe_search(problem, space, n_trials: int, *, seed: int, n_startup_trials: int = 10) -> list[Trial]:
    """Evaluate ``n_trials`` configurations proposed one at a time by Optuna's TPE sampler.

    Parameters
    ----------
    problem : NetworkTuningProblem
    space : dict[str, Uniform | LogUniform | IntLogUniform]
        Passed to Optuna as the equivalent distributions.
    n_trials : int
    seed : int
        Seeds the sampler: the same seed proposes the same configurations.
    n_startup_trials : int
        Random trials before TPE starts modelling (Optuna's default is 10).

    Returns
    -------
    list of Trial
        In the order Optuna proposed them, each trained ``problem.max_epochs`` epochs.
    """
    import optuna

    problem = _check_problem(problem)
    distributions = {name: dist.to_optuna() for name, dist in _check_space(space).items()}
    n_trials = _check_positive_int("n_trials", n_trials)
    seed = _check_positive_int("seed", seed, allow_zero=True)
    n_startup_trials = _check_positive_int("n_startup_trials", n_startup_trials)
    trials = []
    with _quiet_optuna():
        sampler = optuna.samplers.TPESampler(seed=seed, n_startup_trials=n_startup_trials)
        study = optuna.create_study(direction="maximize", sampler=sampler)
        for _ in range(n_trials):
            asked = study.ask(distributions)          # Optuna proposes a configuration...
            run = problem.evaluate(dict(asked.params))
            score = run.validation_accuracy()
            study.tell(asked, score)                   # ...and learns how it did.
            trials.append(Trial(dict(asked.params), score, run.epochs, run))
    return trials
