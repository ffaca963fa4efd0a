"""tpe_search is Optuna's TPE: the same seed proposes what a plain Optuna study proposes."""

import numpy as np
import optuna
import pytest

from mlwiki.tuning import IntLogUniform, LogUniform, tpe_search

SPACE = {"lr": LogUniform(1e-3, 0.3), "width": IntLogUniform(4, 16)}


def test_proposals_match_a_plain_optuna_study(small_problem):
    trials = tpe_search(small_problem, SPACE, 6, seed=3, n_startup_trials=3)
    scores = {(t.config["lr"], t.config["width"]): t.score for t in trials}

    def objective(trial):
        lr = trial.suggest_float("lr", 1e-3, 0.3, log=True)
        width = trial.suggest_int("width", 4, 16, log=True)
        return small_problem.evaluate({"lr": lr, "width": width}).validation_accuracy()

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize",
                                sampler=optuna.samplers.TPESampler(seed=3, n_startup_trials=3))
    study.optimize(objective, n_trials=6)
    assert [(t.params["lr"], t.params["width"]) for t in study.trials] == [
        (t.config["lr"], t.config["width"]) for t in trials]
    assert [t.value for t in study.trials] == [scores[(t.params["lr"], t.params["width"])] for t in study.trials]
    assert all(t.epochs == small_problem.max_epochs for t in trials)


def test_verbosity_is_restored():
    optuna.logging.set_verbosity(optuna.logging.INFO)

    class Problem:
        max_epochs = 1

        def start(self, config):
            return self.evaluate(config)

        def evaluate(self, config):
            class Run:
                epochs = 1

                def validation_accuracy(self_inner):
                    return -abs(np.log10(config["lr"]) + 2)

            return Run()

    trials = tpe_search(Problem(), {"lr": LogUniform(1e-4, 1.0)}, 30, seed=0, n_startup_trials=5)
    assert optuna.logging.get_verbosity() == optuna.logging.INFO
    # On this one-dimensional bowl TPE's later proposals crowd around lr = 1e-2: a uniform draw of
    # log10(lr) on [-4, 0] lies a median distance of 1 decade from -2.
    later = np.log10([t.config["lr"] for t in trials[15:]])
    assert np.median(np.abs(later + 2)) < 0.6
    assert min(np.abs(later + 2)) < 0.02
    optuna.logging.set_verbosity(optuna.logging.WARNING)


def test_bad_arguments(small_problem):
    with pytest.raises(ValueError, match="problem must be a NetworkTuningProblem"):
        tpe_search("problem", SPACE, 3, seed=0)
    with pytest.raises(ValueError, match="n_trials must be > 0"):
        tpe_search(small_problem, SPACE, 0, seed=0)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        tpe_search(small_problem, SPACE, 2, seed=-1)
    with pytest.raises(ValueError, match="n_startup_trials must be an integer"):
        tpe_search(small_problem, SPACE, 2, seed=0, n_startup_trials=None)
    with pytest.raises(ValueError, match="space must be a non-empty dict"):
        tpe_search(small_problem, {}, 2, seed=0)
