"""Grid against random search on a landscape where one of two hyperparameters does nothing.

:func:`one_relevant_score` is a stand-in for a validation score: a bump in the first
hyperparameter ``x`` (best at ``x = 0.3``) and no dependence at all on the second,
``y``.  Both live in [0, 1].  A k x k grid spends k**2 trials but tries only k values
of ``x``; k**2 random trials try k**2 values of ``x``.  :func:`grid_vs_random`
measures both effects for several budgets, over many random seeds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.tuning.space import Uniform, grid_configs, sample_configs

__all__ = ["one_relevant_score", "TOY_SPACE", "BEST_X", "grid_vs_random", "GridRandomComparison"]

BEST_X = 0.3     # where the score peaks
_WIDTH = 0.08    # standard deviation of the bump, in units of x

#: The toy search space: both hyperparameters uniform on [0, 1].
TOY_SPACE = {"x": Uniform(0.0, 1.0), "y": Uniform(0.0, 1.0)}


def one_relevant_score(x, y):
    """Score in (0, 1] that depends on ``x`` only: ``exp(-(x - 0.3)**2 / (2 * 0.08**2))``.

    Parameters
    ----------
    x, y : float or array-like
        Hyperparameter values in [0, 1] (broadcast together).  ``y`` is ignored,
        except for the shape of the result.

    Returns
    -------
    ndarray (or float)
        1 at ``x = 0.3``, falling to about 0.5 at ``x = 0.3 +/- 0.094``.
    """
    x, y = np.broadcast_arrays(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise ValueError("x and y must be finite")
    score = np.exp(-0.5 * ((x - BEST_X) / _WIDTH) ** 2)
    return score if score.ndim else float(score)


@dataclass(frozen=True)
class GridRandomComparison:
    """Results of :func:`grid_vs_random`, one entry per budget.

    Attributes
    ----------
    n_trials : ndarray of int, shape (n_budgets,)
        Trials per search, k**2.
    grid_distinct_x, random_distinct_x : ndarray of int, shape (n_budgets,)
        Distinct values of the relevant hyperparameter each search tried (random:
        the smallest count over all seeds).
    grid_best : ndarray, shape (n_budgets,)
        Best score on the k x k grid.
    random_best : ndarray, shape (n_budgets, n_repeats)
        Best score of each random search.
    """

    n_trials: np.ndarray
    grid_distinct_x: np.ndarray
    random_distinct_x: np.ndarray
    grid_best: np.ndarray
    random_best: np.ndarray

    @property
    def random_median(self) -> np.ndarray:
        """Median best score of random search for each budget."""
        return np.median(self.random_best, axis=1)

    @property
    def random_wins(self) -> np.ndarray:
        """Fraction of random searches that found a better score than the grid, per budget."""
        return (self.random_best > self.grid_best[:, None]).mean(axis=1)


def _best_and_distinct(configs) -> tuple[float, int]:
    xs = np.array([c["x"] for c in configs])
    ys = np.array([c["y"] for c in configs])
    return float(one_relevant_score(xs, ys).max()), int(np.unique(xs).size)


def grid_vs_random(points_per_dim, *, n_repeats: int, rng) -> GridRandomComparison:
    """Best score found by a k x k grid and by k**2 random trials, for each k.

    Parameters
    ----------
    points_per_dim : sequence of int
        Values of k (>= 2); the budget is k**2 trials.
    n_repeats : int
        Random searches per budget (each with fresh draws from ``rng``).
    rng : numpy.random.Generator

    Returns
    -------
    GridRandomComparison
    """
    ks = [int(k) for k in points_per_dim]
    if not ks:
        raise ValueError("points_per_dim must hold at least one grid size")
    for k in ks:
        _check_positive_int("points_per_dim", k)
        if k < 2:
            raise ValueError(f"points_per_dim must hold sizes >= 2, got {k}")
    n_repeats = _check_positive_int("n_repeats", n_repeats)
    rng = _check_rng("rng", rng)
    grid_best, grid_distinct, random_best, random_distinct = [], [], [], []
    for k in ks:
        best, distinct = _best_and_distinct(grid_configs(TOY_SPACE, k))
        grid_best.append(best)
        grid_distinct.append(distinct)
        runs = [_best_and_distinct(sample_configs(TOY_SPACE, k * k, rng)) for _ in range(n_repeats)]
        random_best.append([b for b, _ in runs])
        random_distinct.append(min(d for _, d in runs))
    return GridRandomComparison(np.array([k * k for k in ks]), np.array(grid_distinct),
                                np.array(random_distinct), np.array(grid_best), np.array(random_best))
