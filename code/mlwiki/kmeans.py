"""k-means clustering: k centroids, each the mean of the points nearest to it.

Given unlabelled points, k-means looks for ``k`` centroids that make the *inertia* -- the sum
of squared distances from every point to its nearest centroid -- small.  Lloyd's algorithm
alternates two steps that can only lower the inertia:

1. assign every point to its nearest centroid;
2. move every centroid to the mean of the points assigned to it.

It stops when no assignment changes.  That is a local minimum, not necessarily the best one,
so the search is started ``n_init`` times (from k-means++ seeds) and the lowest inertia kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki._labels import _check_features
from mlwiki.neighbors import squared_distances

__all__ = ["KMeansResult", "kmeans", "kmeans_plus_plus", "lloyd"]


@dataclass(frozen=True)
class KMeansResult:
    """Outcome of a k-means run.

    Attributes
    ----------
    centroids : ndarray of shape (k, n_features)
    labels : ndarray of int64, shape (n_samples,)
        Index of each point's nearest centroid.
    inertia : float
        Sum over points of the squared distance to their centroid.
    n_iter : int
        Assignment steps performed, counting the last one, which changed nothing (as
        scikit-learn's ``KMeans.n_iter_`` does).
    """

    centroids: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int


def kmeans_plus_plus(x, k: int, *, rng) -> np.ndarray:
    """Choose ``k`` initial centroids among the rows of ``x`` by k-means++ seeding.

    The first centroid is a uniformly random point; each next one is a point drawn with
    probability proportional to its squared distance to the nearest centroid chosen so far,
    so the seeds spread out (Arthur and Vassilvitskii, 2007).

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
    k : int
        Number of centroids, 1 <= k <= number of distinct points.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (k, n_features)
    """
    x = _check_features("x", x)
    k = _check_positive_int("k", k)
    rng = _check_rng("rng", rng)
    n_distinct = np.unique(x, axis=0).shape[0]
    if k > n_distinct:
        raise ValueError(f"k must be at most the number of distinct points ({n_distinct}), got k={k}")
    chosen = [int(rng.integers(x.shape[0]))]
    nearest = squared_distances(x, x[chosen])[:, 0]
    for _ in range(1, k):
        # Points already chosen have distance 0, so they are never drawn twice.
        chosen.append(int(rng.choice(x.shape[0], p=nearest / nearest.sum())))
        nearest = np.minimum(nearest, squared_distances(x, x[chosen[-1:]])[:, 0])
    return x[chosen].copy()


def lloyd(x, init, *, max_iter: int = 300) -> KMeansResult:
    """Run Lloyd's algorithm from the given centroids until no assignment changes.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
    init : array-like of shape (k, n_features)
        Starting centroids.
    max_iter : int
        Most iterations, >= 1.

    Returns
    -------
    KMeansResult

    Raises
    ------
    ValueError
        When a cluster loses all its points (its centroid would be the mean of nothing).
    """
    x = _check_features("x", x)
    centroids = _check_features("init", init, n_features=x.shape[1]).copy()
    k = centroids.shape[0]
    if k > x.shape[0]:
        raise ValueError(f"init must have at most one centroid per point ({x.shape[0]}), got {k}")
    max_iter = _check_positive_int("max_iter", max_iter)
    labels = None
    for iteration in range(1, max_iter + 1):
        new_labels = squared_distances(x, centroids).argmin(axis=1)
        if labels is not None and np.array_equal(new_labels, labels):
            break  # nothing moved: the centroids are already the means of their clusters
        labels = new_labels
        counts = np.bincount(labels, minlength=k)
        if np.any(counts == 0):
            empty = int(np.flatnonzero(counts == 0)[0])
            raise ValueError(
                f"init: cluster {empty} has no points after {iteration} assignment step(s); "
                "start from other centroids (e.g. kmeans_plus_plus) or use a smaller k"
            )
        for j in range(k):
            centroids[j] = x[labels == j].mean(axis=0)
    # Assign once more to the final centroids (a no-op after convergence), so that labels and
    # inertia describe the returned centroids even when max_iter stopped the loop early.
    d2 = squared_distances(x, centroids)
    labels = d2.argmin(axis=1)
    inertia = float(d2[np.arange(x.shape[0]), labels].sum())
    return KMeansResult(centroids=centroids, labels=labels.astype(np.int64), inertia=inertia,
                        n_iter=iteration)


def kmeans(x, k: int, *, rng, n_init: int = 10, max_iter: int = 300) -> KMeansResult:
    """Cluster ``x`` into ``k`` groups: the best of ``n_init`` k-means++-seeded Lloyd runs.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
    k : int
        Number of clusters, >= 1 and at most the number of distinct points.
    rng : numpy.random.Generator
        Draws the seeds of every run.
    n_init : int
        Independent runs, >= 1; the one with the lowest inertia is returned.
    max_iter : int
        Most Lloyd iterations per run.

    Returns
    -------
    KMeansResult
    """
    x = _check_features("x", x)
    k = _check_positive_int("k", k)
    rng = _check_rng("rng", rng)
    n_init = _check_positive_int("n_init", n_init)
    best = None
    for _ in range(n_init):
        result = lloyd(x, kmeans_plus_plus(x, k, rng=rng), max_iter=max_iter)
        if best is None or result.inertia < best.inertia:
            best = result
    return best
