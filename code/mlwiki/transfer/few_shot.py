"""Few-shot samples: k labelled examples of every class."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng

__all__ = ["few_shot_indices"]


def few_shot_indices(labels, n_per_class: int, *, rng) -> np.ndarray:
    """Indices of ``n_per_class`` randomly chosen examples of every class.

    Parameters
    ----------
    labels : array-like of int, shape (n_samples,)
    n_per_class : int
        Examples per class (e.g. 1, 3 or 10 "shots").
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of int, shape (n_classes * n_per_class,)
        Grouped by class (class 0 first), without repeats.
    """
    labels = _check_finite_array("labels", labels, ndim=1)
    n_per_class = _check_positive_int("n_per_class", n_per_class)
    rng = _check_rng("rng", rng)
    chosen = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if members.size < n_per_class:
            raise ValueError(f"class {label:g} has only {members.size} examples, fewer than n_per_class={n_per_class}")
        chosen.append(rng.choice(members, size=n_per_class, replace=False))
    return np.concatenate(chosen)
