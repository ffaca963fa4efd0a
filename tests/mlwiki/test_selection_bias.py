import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from scipy.stats import binom
from sklearn.neighbors import KNeighborsClassifier

from mlwiki.selection_bias import (SelectionOutcome, choose_on_test, choose_on_validation, expected_best_accuracy,
                                   plot_optimism, subset_candidates)
from mlwiki.themes import LIGHT, use_theme


def _independent_models(rng, n_models=20, n_pool=2000, accuracy=0.8):
    return rng.random((n_models, n_pool)) < accuracy


def test_expected_best_accuracy_matches_the_distribution_of_the_maximum():
    n, p, m = 50, 0.7, 8
    k = np.arange(n + 1)
    cdf_max = binom.cdf(k, n, p) ** m
    pmf_max = np.diff(np.append(0.0, cdf_max))
    assert expected_best_accuracy(n, p, m) == pytest.approx((k * pmf_max).sum() / n, abs=1e-12)
    assert expected_best_accuracy(n, p, 1) == pytest.approx(p, abs=1e-12)
    simulated = np.random.default_rng(0).binomial(n, p, size=(200_000, m)).max(axis=1).mean() / n
    assert expected_best_accuracy(n, p, m) == pytest.approx(simulated, abs=1e-3)
    assert expected_best_accuracy(n, 1.0, 5) == 1.0 and expected_best_accuracy(n, 0.0, 5) == 0.0


def test_choosing_on_the_test_set_is_optimistic_and_validation_is_not():
    correct = _independent_models(np.random.default_rng(1))
    flawed = choose_on_test(correct, test_size=50, n_draws=400, rng=np.random.default_rng(2))
    sound = choose_on_validation(correct, validation_size=50, test_size=50, n_draws=400, rng=np.random.default_rng(2))
    predicted = expected_best_accuracy(50, float(correct.mean()), 20) - float(correct.mean())
    assert flawed.mean_optimism == pytest.approx(predicted, abs=4 * flawed.standard_error)
    assert abs(sound.mean_optimism) < 4 * sound.standard_error
    assert isinstance(flawed, SelectionOutcome) and flawed.optimism.shape == (400,)


def test_choose_on_test_replays_by_hand():
    correct = _independent_models(np.random.default_rng(3), n_models=4, n_pool=30)
    outcome = choose_on_test(correct, test_size=10, n_draws=3, rng=np.random.default_rng(4))
    replay = np.random.default_rng(4)
    for draw in range(3):
        order = replay.permutation(30)
        test, rest = order[:10], order[10:]
        best = int(np.argmax(correct[:, test].mean(axis=1)))
        assert outcome.chosen[draw] == best
        assert outcome.reported[draw] == correct[best, test].mean()
        assert outcome.fresh[draw] == correct[best, rest].mean()


def test_subset_candidates_match_scikit_learn():
    rng = np.random.default_rng(5)
    x_train, y_train = rng.normal(size=(80, 3)), rng.integers(0, 3, size=80)
    x_pool, y_pool = rng.normal(size=(40, 3)), rng.integers(0, 3, size=40)
    correct = subset_candidates(x_train, y_train, x_pool, y_pool, n_models=3, subset_size=20, rng=np.random.default_rng(6))
    replay = np.random.default_rng(6)
    for row in correct:
        subset = replay.choice(80, 20, replace=False)
        sk = KNeighborsClassifier(1).fit(x_train[subset], y_train[subset])
        np.testing.assert_array_equal(row, sk.predict(x_pool) == y_pool)


@pytest.mark.parametrize("kwargs, match", [
    ({"test_size": 0}, "test_size"), ({"test_size": 30}, "test_size must leave at least one fresh example"),
    ({"n_draws": 0}, "n_draws"), ({"rng": None}, "rng must be a numpy.random.Generator"),
])
def test_choose_on_test_checks_its_arguments(kwargs, match):
    correct = np.ones((2, 30), dtype=bool)
    args = {"test_size": 5, "n_draws": 2, "rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(ValueError, match=match):
        choose_on_test(correct, **args)


def test_choose_on_validation_and_correct_are_checked():
    with pytest.raises(ValueError, match="validation_size \\+ test_size must leave"):
        choose_on_validation(np.ones((2, 10), dtype=bool), validation_size=5, test_size=5, n_draws=1,
                             rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="correct must be a non-empty boolean array"):
        choose_on_test(np.ones((2, 10)), test_size=2, n_draws=1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="correct must be a non-empty boolean array"):
        choose_on_test(np.ones(10, dtype=bool), test_size=2, n_draws=1, rng=np.random.default_rng(0))


@pytest.mark.parametrize("args, match", [((0, 0.5, 2), "test_size"), ((10, 1.5, 2), "accuracy"),
                                         ((10, "0.5", 2), "accuracy"), ((10, 0.5, 0), "n_models")])
def test_expected_best_accuracy_checks_its_arguments(args, match):
    with pytest.raises(ValueError, match=match):
        expected_best_accuracy(*args)


def test_subset_candidates_checks_its_arguments():
    x, y = np.zeros((5, 2)), np.zeros(5, dtype=int)
    with pytest.raises(ValueError, match=r"subset_size must be at most the number of training examples \(5\)"):
        subset_candidates(x, y, x, y, n_models=2, subset_size=6, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="y_pool must hold integer class labels"):
        subset_candidates(x, y, x, y.astype(float), n_models=2, subset_size=2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="x_pool must have 2 columns"):
        subset_candidates(x, y, np.zeros((5, 3)), y, n_models=2, subset_size=2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="n_models"):
        subset_candidates(x, y, x, y, n_models=0, subset_size=2, rng=np.random.default_rng(0))


def test_plot_optimism_draws_each_protocol_in_the_theme():
    correct = _independent_models(np.random.default_rng(7), n_pool=300)
    outcomes = {"a": choose_on_test(correct, test_size=50, n_draws=30, rng=np.random.default_rng(0)),
                "b": choose_on_validation(correct, validation_size=50, test_size=50, n_draws=30,
                                          rng=np.random.default_rng(0))}
    with use_theme(LIGHT):
        ax = plot_optimism(outcomes, ax=Figure().add_subplot())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[0].startswith("a (mean") and labels[1].startswith("b (mean") and "points" in labels[0]
    with pytest.raises(TypeError, match="outcomes must be"):
        plot_optimism({}, ax=Figure().add_subplot())
