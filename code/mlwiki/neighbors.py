"""k-nearest neighbours: a classifier that keeps its training data and votes.

Training is only remembering: :meth:`KNearestNeighbors.fit` stores the examples.  To classify a
new point it finds the ``k`` stored examples closest to it (Euclidean distance) and returns
the label most of them carry.  Nothing is summarised, so the model grows with the training set:
it is the standard example of a *non-parametric* model.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki._labels import _check_class_labels, _check_features

__all__ = ["KNearestNeighbors", "squared_distances"]


def squared_distances(a, b) -> np.ndarray:
    """Squared Euclidean distance between every row of ``a`` and every row of ``b``.

    Parameters
    ----------
    a : array-like of shape (n_a, n_features)
    b : array-like of shape (n_b, n_features)

    Returns
    -------
    ndarray of shape (n_a, n_b)
        Entry ``[i, j]`` is ``sum_f (a[i, f] - b[j, f])**2``, never negative.
    """
    a = _check_features("a", a)
    b = _check_features("b", b, n_features=a.shape[1])
    # |a - b|^2 = |a|^2 - 2 a.b + |b|^2 needs one matrix product instead of an
    # (n_a, n_b, n_features) array of differences.  Rounding can push an exact 0 slightly
    # below zero, hence the clip.
    d2 = (a * a).sum(axis=1)[:, None] - 2.0 * (a @ b.T) + (b * b).sum(axis=1)[None, :]
    return np.maximum(d2, 0.0)


class KNearestNeighbors:
    """Classify a point by a majority vote among its ``k`` nearest training examples.

    Parameters
    ----------
    k : int
        Number of neighbours that vote, >= 1 and at most the number of training examples.

    Notes
    -----
    Ties are broken deterministically: among equally distant training examples the one stored
    first counts as nearer, and a tied vote goes to the smallest label (scikit-learn's
    ``KNeighborsClassifier`` also gives tied votes to the smallest label).
    """

    def __init__(self, k: int = 5):
        self.k = _check_positive_int("k", k)
        self._x = None
        self._y = None

    def fit(self, x, y) -> "KNearestNeighbors":
        """Store the training examples; nothing else is computed.

        Parameters
        ----------
        x : array-like of shape (n_samples, n_features)
        y : array-like of int, shape (n_samples,)
            Class labels >= 0.

        Returns
        -------
        KNearestNeighbors
            ``self``, so that ``KNearestNeighbors(3).fit(x, y).predict(x_new)`` works.
        """
        x = _check_features("x", x)
        y = _check_class_labels("y", y, n_samples=x.shape[0])
        if self.k > x.shape[0]:
            raise ValueError(f"k must be at most the number of training examples ({x.shape[0]}), got k={self.k}")
        self._x, self._y = x.copy(), y.copy()
        return self

    def _check_fitted(self):
        if self._x is None:
            raise RuntimeError("KNearestNeighbors: call fit(x, y) before predicting")

    def neighbors(self, x) -> np.ndarray:
        """Indices of the ``k`` nearest training examples of each row of ``x``, nearest first.

        Returns
        -------
        ndarray of int, shape (n_queries, k)
        """
        self._check_fitted()
        x = _check_features("x", x, n_features=self._x.shape[1])
        d2 = squared_distances(x, self._x)
        if self.k == 1:
            # argmin returns the first of equal minima: the same answer as the stable sort
            # below, without sorting every row.
            return d2.argmin(axis=1)[:, None]
        # A stable sort keeps equally distant examples in storage order: ties are reproducible.
        return np.argsort(d2, axis=1, kind="stable")[:, : self.k]

    def predict(self, x) -> np.ndarray:
        """Majority label among the ``k`` nearest training examples of each row of ``x``.

        Parameters
        ----------
        x : array-like of shape (n_queries, n_features)

        Returns
        -------
        ndarray of int64, shape (n_queries,)
        """
        neighbour_labels = self._y[self.neighbors(x)]          # (n_queries, k)
        # votes[:, c] counts how many of each query's k neighbours carry label c.
        votes = np.stack([(neighbour_labels == c).sum(axis=1) for c in range(self._y.max() + 1)], axis=1)
        return votes.argmax(axis=1)                             # a tie goes to the smallest label

    @property
    def n_stored_numbers(self) -> int:
        """How many numbers the fitted model keeps: every training feature value and label."""
        self._check_fitted()
        return int(self._x.size + self._y.size)
