"""Successive halving: schedule and survivors held against scikit-learn's HalvingGridSearchCV."""

import numpy as np
import pytest
from sklearn.base import BaseEstimator
from sklearn.experimental import enable_halving_search_cv  # noqa: F401  (makes the class importable)
from sklearn.model_selection import HalvingGridSearchCV

from mlwiki.tuning import halving_schedule, sample_configs, successive_halving
from mlwiki.tuning.space import LogUniform


def _score(x, epochs):
    """A deterministic 'validation score' whose ranking changes with the epochs (no ties)."""
    return float((np.sin(13.0 * x + 0.7 * epochs) + 2.0 * x * np.log1p(epochs)) % 1.0)


class _Scored(BaseEstimator):
    def __init__(self, x=0.0, epochs=1):
        self.x = x
        self.epochs = epochs

    def fit(self, features, target):
        return self

    def score(self, features, target):
        return _score(self.x, self.epochs)


class _FakeRun:
    def __init__(self, problem, config):
        self.problem, self.config, self.epochs = problem, config, 0

    def train(self, n_epochs):
        self.epochs += n_epochs
        self.problem.epochs_trained += n_epochs
        return self

    def validation_accuracy(self):
        return _score(self.config["x"], self.epochs)


class _FakeProblem:
    def __init__(self, max_epochs):
        self.max_epochs, self.epochs_trained = max_epochs, 0

    def start(self, config):
        return _FakeRun(self, config)

    def evaluate(self, config):
        return self.start(config).train(self.max_epochs)


def _sklearn_halving(xs, min_epochs, max_epochs, factor):
    search = HalvingGridSearchCV(_Scored(), {"x": list(xs)}, resource="epochs", min_resources=min_epochs,
                                 max_resources=max_epochs, factor=factor, cv=[(np.arange(2), np.arange(2, 4))],
                                 refit=False)
    return search.fit(np.zeros((4, 1)), np.array([0, 1, 0, 1]))


@pytest.mark.parametrize("n, min_epochs, max_epochs, factor", [
    (60, 1, 9, 3), (45, 1, 9, 3), (81, 1, 27, 3), (10, 1, 100, 2), (100, 2, 16, 2), (7, 1, 1, 3), (30, 3, 40, 4),
])
def test_schedule_and_survivors_match_scikit_learn(n, min_epochs, max_epochs, factor):
    xs = np.linspace(0.05, 0.95, n)
    reference = _sklearn_halving(xs, min_epochs, max_epochs, factor)
    schedule = halving_schedule(n, min_epochs, max_epochs, factor)
    assert [c for c, _ in schedule] == reference.n_candidates_
    assert [e for _, e in schedule] == reference.n_resources_

    problem = _FakeProblem(max_epochs)
    result = successive_halving(problem, [{"x": x} for x in xs], min_epochs=min_epochs, factor=factor)
    iterations = np.asarray(reference.cv_results_["iter"])
    evaluated = np.array([p["x"] for p in reference.cv_results_["params"]])
    for i, rung in enumerate(result.rungs):
        assert sorted(xs[rung.indices]) == sorted(evaluated[iterations == i])
        assert rung.epochs == reference.n_resources_[i]
    assert result.best.config["x"] == reference.best_params_["x"]
    # Resumed runs pay only the epochs they add; the problem's meter agrees.
    expected = sum(c * (e - prev) for (c, e), prev in zip(schedule, [0] + [e for _, e in schedule[:-1]]))
    assert result.epochs_trained == problem.epochs_trained == expected
    assert sum(t.epochs for t in result.trials) == expected


def test_docstring_example_and_full_training_cost():
    assert halving_schedule(60, 1, 9, 3) == [(60, 1), (20, 3), (7, 9)]
    result = successive_halving(_FakeProblem(9), [{"x": x} for x in np.linspace(0, 1, 60)], min_epochs=1)
    assert result.epochs_trained == 142 < 60 * 9
    assert len(result.trials) == 60 and max(t.epochs for t in result.trials) == 9


def test_ties_keep_the_configuration_listed_first():
    class Flat(_FakeProblem):
        def start(self, config):
            run = _FakeRun(self, config)
            run.validation_accuracy = lambda: 0.5
            return run

    result = successive_halving(Flat(9), [{"x": i} for i in range(9)], min_epochs=1, factor=3)
    assert result.rungs[1].indices == [0, 1, 2] and result.best.config == {"x": 0}


def test_on_the_real_problem_survivors_resume(small_problem):
    configs = sample_configs({"lr": LogUniform(1e-3, 0.3)}, 9, np.random.default_rng(0))
    configs = [dict(c, width=8) for c in configs]
    result = successive_halving(small_problem, configs, min_epochs=1, factor=3)
    assert [(len(r.indices), r.epochs) for r in result.rungs] == [(9, 1), (3, 3)]
    assert result.epochs_trained == small_problem.epochs_trained == 9 + 3 * 2
    assert result.best.run.epochs == 3


@pytest.mark.parametrize("args, message", [
    ((0, 1, 9, 3), "n_configs must be > 0"),
    ((9, 0, 9, 3), "min_epochs must be > 0"),
    ((9, 10, 9, 3), "min_epochs must be <= max_epochs"),
    ((9, 1, 9, 1), "factor must be >= 2"),
    ((9, 1, 9, 2.5), "factor must be an integer"),
])
def test_bad_schedule_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        halving_schedule(*args)


def test_bad_halving_arguments():
    with pytest.raises(ValueError, match="problem must be a NetworkTuningProblem"):
        successive_halving(None, [{"x": 1}], min_epochs=1)
    with pytest.raises(ValueError, match="n_configs must be > 0"):
        successive_halving(_FakeProblem(9), [], min_epochs=1)
