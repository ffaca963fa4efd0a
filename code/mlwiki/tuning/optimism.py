"""How much a score is inflated when the same data both chooses a model and measures it.

Pick the best of many models by their accuracy on some data, and that accuracy is
the maximum of many noisy measurements: it favours the model whose errors happened
to miss that particular data.  :func:`selection_optimism` measures the effect without
touching a test set: it splits the *validation* data in two random halves, chooses
the best model on one half and scores the chosen model on both, many times over.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng

__all__ = ["selection_optimism", "SelectionOptimism"]


@dataclass(frozen=True)
class SelectionOptimism:
    """Scores of the chosen model over many random half-splits.

    Attributes
    ----------
    selected : ndarray, shape (n_splits,)
        Accuracy of the chosen model on the half it was chosen on.
    fresh : ndarray, shape (n_splits,)
        Accuracy of the same model on the other half.
    """

    selected: np.ndarray
    fresh: np.ndarray

    @property
    def mean_inflation(self) -> float:
        """Average of ``selected - fresh``: how much choosing on the data flatters the score."""
        return float(np.mean(self.selected - self.fresh))

    @property
    def fraction_inflated(self) -> float:
        """Share of splits in which the chosen-on half gave the higher score."""
        return float(np.mean(self.selected > self.fresh))


def selection_optimism(models, x, y, *, n_splits: int, rng) -> SelectionOptimism:
    """Choose the most accurate of ``models`` on a random half of ``(x, y)``; score it on both halves.

    Parameters
    ----------
    models : sequence of models with ``predict(x) -> scores of shape (n_samples, n_classes)``
        The candidates (e.g. every network a search trained).
    x : ndarray of shape (n_samples, ...)
    y : ndarray of shape (n_samples,)
        Integer class labels.  ``n_samples`` must be at least 2.
    n_splits : int
        Random half-splits to average over.
    rng : numpy.random.Generator

    Returns
    -------
    SelectionOptimism
        Ties in the choosing half go to the model listed first.
    """
    models = list(models)
    if not models or not all(hasattr(m, "predict") for m in models):
        raise ValueError("models must be a non-empty sequence of models with predict()")
    x = _check_finite_array("x", x, dtype=float)
    y = _check_finite_array("y", y, ndim=1)
    if x.ndim < 1 or x.shape[0] != y.size or y.size < 2:
        raise ValueError(f"x and y must hold the same number (>= 2) of samples, got {x.shape} and {y.shape}")
    n_splits = _check_positive_int("n_splits", n_splits)
    rng = _check_rng("rng", rng)
    # correct[m, i]: did model m classify sample i correctly?  Computed once; splits only re-index it.
    correct = np.array([np.asarray(m.predict(x)).argmax(axis=1) == y for m in models], dtype=float)
    half = y.size // 2
    selected, fresh = np.empty(n_splits), np.empty(n_splits)
    for s in range(n_splits):
        order = rng.permutation(y.size)
        choose, other = order[:half], order[half:]
        choosing_scores = correct[:, choose].mean(axis=1)
        winner = int(np.argmax(choosing_scores))
        selected[s] = choosing_scores[winner]
        fresh[s] = correct[winner, other].mean()
    return SelectionOptimism(selected, fresh)
