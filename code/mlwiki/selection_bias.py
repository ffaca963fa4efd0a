"""Why a score used to choose a model overstates how good the chosen model is.

Try several candidate models, keep the one with the best test score, and report that score:
the report is too high on average.  Each test score is the model's real accuracy plus luck
(which examples happened to be in the test set), and picking the maximum picks the luckiest.
Scoring the chosen model once more, on examples that played no part in the choice, removes
the bias.  That is what a separate *validation* set is for: choose on it, then report on a
test set nobody has looked at.

The functions work on a matrix ``correct`` of shape (n_models, n_pool): whether each
candidate model labels each example of a pool correctly.  Every *draw* splits the pool at
random into the sets a protocol needs; the examples left over are the *fresh* set, on which the
chosen model's score is unbiased.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import binom

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki._labels import _check_class_labels, _check_features
from mlwiki.neighbors import KNearestNeighbors

__all__ = ["SelectionOutcome", "subset_candidates", "choose_on_test", "choose_on_validation",
           "expected_best_accuracy", "plot_optimism"]


@dataclass(frozen=True)
class SelectionOutcome:
    """What happened in each draw of a selection protocol.

    Attributes
    ----------
    chosen : ndarray of int64, shape (n_draws,)
        Index of the model chosen.
    reported : ndarray, shape (n_draws,)
        The chosen model's accuracy on the test set, the number a report would quote.
    fresh : ndarray, shape (n_draws,)
        Its accuracy on the fresh examples, which played no part in the draw.
    """

    chosen: np.ndarray
    reported: np.ndarray
    fresh: np.ndarray

    @property
    def optimism(self) -> np.ndarray:
        """Reported minus fresh accuracy, per draw."""
        return self.reported - self.fresh

    @property
    def mean_optimism(self) -> float:
        return float(self.optimism.mean())

    @property
    def standard_error(self) -> float:
        """Standard error of :attr:`mean_optimism` (draws treated as independent)."""
        return float(self.optimism.std(ddof=1) / np.sqrt(self.optimism.size))


def subset_candidates(x_train, y_train, x_pool, y_pool, *, n_models: int, subset_size: int, rng):
    """Equally good candidate models: nearest neighbours on different random training subsets.

    Each candidate is a 1-nearest-neighbour classifier that keeps a different random
    ``subset_size`` of the training examples -- like training one model several times with
    different random seeds.  None is better by design; their scores differ by luck.

    Parameters
    ----------
    x_train : array-like of shape (n_train, n_features)
    y_train : array-like of int, shape (n_train,)
    x_pool : array-like of shape (n_pool, n_features)
        The examples every candidate is scored on.
    y_pool : array-like of int, shape (n_pool,)
    n_models : int
        How many candidates, >= 1.
    subset_size : int
        Training examples each candidate keeps, 1 .. n_train.
    rng : numpy.random.Generator
        Chooses each candidate's subset.

    Returns
    -------
    correct : ndarray of bool, shape (n_models, n_pool)
        Whether each candidate labels each pool example correctly.
    """
    x_train = _check_features("x_train", x_train)
    y_train = _check_class_labels("y_train", y_train, n_samples=x_train.shape[0], per="row of x_train")
    x_pool = _check_features("x_pool", x_pool, n_features=x_train.shape[1])
    y_pool = _check_class_labels("y_pool", y_pool, n_samples=x_pool.shape[0], per="row of x_pool")
    n_models = _check_positive_int("n_models", n_models)
    subset_size = _check_positive_int("subset_size", subset_size)
    if subset_size > x_train.shape[0]:
        raise ValueError(f"subset_size must be at most the number of training examples ({x_train.shape[0]}), "
                         f"got {subset_size}")
    rng = _check_rng("rng", rng)
    subsets = [rng.choice(x_train.shape[0], subset_size, replace=False) for _ in range(n_models)]
    return np.array([KNearestNeighbors(1).fit(x_train[s], y_train[s]).predict(x_pool) == y_pool for s in subsets])


def _check_correct(correct) -> np.ndarray:
    correct = np.asarray(correct)
    if correct.dtype != bool or correct.ndim != 2 or 0 in correct.shape:
        raise ValueError(f"correct must be a non-empty boolean array of shape (n_models, n_pool), "
                         f"got dtype {correct.dtype}, shape {correct.shape}")
    return correct


def _check_sizes(n_pool: int, **sizes) -> dict:
    checked = {name: _check_positive_int(name, value) for name, value in sizes.items()}
    if sum(checked.values()) >= n_pool:
        names = " + ".join(checked)
        raise ValueError(f"{names} must leave at least one fresh example of the {n_pool} in the pool, "
                         f"got {sum(checked.values())}")
    return checked


def choose_on_test(correct, *, test_size: int, n_draws: int, rng) -> SelectionOutcome:
    """The flawed protocol: keep the model with the best test score and report that score.

    In each draw a random ``test_size`` examples form the test set; the model with the most
    correct answers there is chosen (the first, on ties) and its test accuracy reported.  The
    remaining examples measure its accuracy afresh.
    """
    correct = _check_correct(correct)
    _check_sizes(correct.shape[1], test_size=test_size)
    n_draws = _check_positive_int("n_draws", n_draws)
    rng = _check_rng("rng", rng)
    chosen = np.empty(n_draws, dtype=np.int64)
    reported, fresh = np.empty(n_draws), np.empty(n_draws)
    for draw in range(n_draws):
        order = rng.permutation(correct.shape[1])
        test, rest = order[:test_size], order[test_size:]
        scores = correct[:, test].mean(axis=1)
        chosen[draw] = scores.argmax()
        reported[draw] = scores[chosen[draw]]
        fresh[draw] = correct[chosen[draw], rest].mean()
    return SelectionOutcome(chosen=chosen, reported=reported, fresh=fresh)


def choose_on_validation(correct, *, validation_size: int, test_size: int, n_draws: int, rng) -> SelectionOutcome:
    """The sound protocol: choose on a validation set, report on a separate test set.

    In each draw the pool is split into a validation set, a test set and the fresh rest.  The
    model with the best validation score is chosen and its *test* accuracy reported.
    """
    correct = _check_correct(correct)
    _check_sizes(correct.shape[1], validation_size=validation_size, test_size=test_size)
    n_draws = _check_positive_int("n_draws", n_draws)
    rng = _check_rng("rng", rng)
    chosen = np.empty(n_draws, dtype=np.int64)
    reported, fresh = np.empty(n_draws), np.empty(n_draws)
    for draw in range(n_draws):
        order = rng.permutation(correct.shape[1])
        validation = order[:validation_size]
        test = order[validation_size:validation_size + test_size]
        rest = order[validation_size + test_size:]
        chosen[draw] = correct[:, validation].mean(axis=1).argmax()
        reported[draw] = correct[chosen[draw], test].mean()
        fresh[draw] = correct[chosen[draw], rest].mean()
    return SelectionOutcome(chosen=chosen, reported=reported, fresh=fresh)


def expected_best_accuracy(test_size: int, accuracy: float, n_models: int) -> float:
    """Expected best test accuracy of ``n_models`` equally good models with independent errors.

    Each model's number of correct answers on ``test_size`` examples is Binomial(n, p), so
    ``P(best <= k) = F(k)^m`` with ``F`` the binomial distribution function, and
    ``E[best] = sum_{k=1}^{n} P(best >= k) = sum_{k=1}^{n} (1 - F(k - 1)^m)``.

    Parameters
    ----------
    test_size : int
        Test examples ``n``, >= 1.
    accuracy : float
        Every model's true accuracy ``p``, in [0, 1].
    n_models : int
        Models compared ``m``, >= 1.

    Returns
    -------
    float
        ``E[best correct] / n``; minus ``accuracy`` this is the expected optimism.
    """
    n = _check_positive_int("test_size", test_size)
    m = _check_positive_int("n_models", n_models)
    if isinstance(accuracy, bool) or not isinstance(accuracy, (int, float, np.floating)) or not 0 <= accuracy <= 1:
        raise ValueError(f"accuracy must be a number in [0, 1], got {accuracy!r}")
    k = np.arange(1, n + 1)
    return float((1.0 - binom.cdf(k - 1, n, float(accuracy)) ** m).sum() / n)


def plot_optimism(outcomes, *, ax=None):
    """Histograms of reported minus fresh accuracy, one per protocol, with their means.

    Parameters
    ----------
    outcomes : dict[str, SelectionOutcome]
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlwiki.plots import _axes  # local: importing this module needs no Matplotlib

    from mlwiki.themes import current_theme

    if not isinstance(outcomes, dict) or not outcomes or \
            not all(isinstance(o, SelectionOutcome) for o in outcomes.values()):
        raise TypeError("outcomes must be a non-empty dict of name -> SelectionOutcome")
    ax = _axes(ax)
    theme = current_theme()
    all_values = np.concatenate([o.optimism for o in outcomes.values()])
    bins = np.linspace(all_values.min(), all_values.max(), 31)
    for colour, (name, outcome) in zip(("blue", "orange", "green", "red", "purple"), outcomes.items()):
        # A light fill plus a solid outline keeps both histograms readable where they overlap.
        ax.hist(outcome.optimism, bins=bins, color=theme.colors[colour], alpha=0.25, histtype="stepfilled")
        mean_points = round(100 * outcome.mean_optimism, 1) + 0.0      # + 0.0 turns -0.0 into 0.0
        ax.hist(outcome.optimism, bins=bins, color=theme.colors[colour], linewidth=1.8, histtype="step",
                label=f"{name} (mean {mean_points:+.1f} points)")
        ax.axvline(outcome.mean_optimism, color=theme.colors[colour], linewidth=2, linestyle="--")
    ax.axvline(0.0, color=theme.foreground, linestyle=":", linewidth=1)
    ax.set_xlabel("reported accuracy minus accuracy on fresh examples")
    ax.set_ylabel("draws")
    ax.legend(loc="upper left", fontsize="small")
    ax.grid(True, alpha=0.3)
    return ax
