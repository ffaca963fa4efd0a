"""How well do clusters found without labels agree with labels hidden from the clustering?

Both measures start from the *contingency table*: entry ``[c, t]`` counts the points put in
cluster ``c`` whose hidden label is ``t``.

* **Purity**: give every cluster the label most of its points carry and count how many points
  that labels correctly.  Easy to read, but it rewards many small clusters (one point per
  cluster scores 1.0).
* **Adjusted Rand index** (Hubert and Arabie, 1985): over all pairs of points, how often the
  two groupings agree on "same group" versus "different groups", rescaled so that identical
  groupings score 1 and groupings that agree no more than chance score 0 on average.
"""

from __future__ import annotations

import numpy as np

from mlwiki._labels import _check_class_labels

__all__ = ["contingency_table", "purity", "adjusted_rand_index"]


def _pair(clusters, labels) -> tuple[np.ndarray, np.ndarray]:
    clusters = _check_class_labels("clusters", clusters)
    labels = _check_class_labels("labels", labels, n_samples=clusters.shape[0], per="entry of clusters")
    if clusters.size == 0:
        raise ValueError("clusters must hold at least one point, got none")
    return clusters, labels


def contingency_table(clusters, labels) -> np.ndarray:
    """Count points per (cluster, label) pair.

    Parameters
    ----------
    clusters : array-like of int, shape (n_samples,)
        Cluster index of each point, >= 0.
    labels : array-like of int, shape (n_samples,)
        Hidden class label of each point, >= 0.

    Returns
    -------
    ndarray of int64, shape (max(clusters) + 1, max(labels) + 1)
    """
    clusters, labels = _pair(clusters, labels)
    table = np.zeros((clusters.max() + 1, labels.max() + 1), dtype=np.int64)
    np.add.at(table, (clusters, labels), 1)
    return table


def purity(clusters, labels) -> float:
    """Share of points whose label is the most common label of their cluster, in (0, 1]."""
    table = contingency_table(clusters, labels)
    return float(table.max(axis=1).sum() / table.sum())


def _pairs(counts: np.ndarray) -> float:
    """Number of unordered pairs within groups of the given sizes: sum of n (n - 1) / 2."""
    counts = counts.astype(np.float64)
    return float((counts * (counts - 1) / 2).sum())


def adjusted_rand_index(clusters, labels) -> float:
    """Adjusted Rand index between a clustering and the hidden labels, at most 1.

    With ``a`` the pairs together in both groupings, ``b`` and ``c`` the pairs together in
    the clustering and in the labels, and ``N`` all pairs, the index is
    ``(a - b c / N) / ((b + c) / 2 - b c / N)``: the agreement above what chance would give,
    divided by its largest possible value.  It is 1 for identical groupings (up to renaming
    the clusters) and 0 on average for a random clustering.
    """
    table = contingency_table(clusters, labels)
    n = table.sum()
    together_both = _pairs(table.ravel())
    together_clusters = _pairs(table.sum(axis=1))
    together_labels = _pairs(table.sum(axis=0))
    all_pairs = n * (n - 1) / 2
    expected = together_clusters * together_labels / all_pairs if all_pairs else 0.0
    largest = (together_clusters + together_labels) / 2
    if largest == expected:  # both groupings trivial (one group, or all singletons): they agree
        return 1.0
    return float((together_both - expected) / (largest - expected))
