"""Argument checks for the classic learners: feature matrices and integer class labels.

Like :mod:`mlwiki._checks`, every check names the parameter, what was expected and what was
given, so a mistake surfaces as a clear message instead of a traceback from inside NumPy.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array

__all__: list[str] = []


def _check_features(name: str, x, *, n_features: int | None = None) -> np.ndarray:
    """Return ``x`` as a float array of shape (n_samples, n_features), at least one row."""
    # Booleans and strings are refused here too ("must be numeric").
    x = _check_finite_array(name, x, ndim=2).astype(np.float64, copy=False)
    if x.shape[0] == 0 or x.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got shape {x.shape}")
    if n_features is not None and x.shape[1] != n_features:
        raise ValueError(f"{name} must have {n_features} columns (features), as in training; got {x.shape[1]}")
    return x


def _check_class_labels(name: str, y, *, n_samples: int | None = None, per: str = "row of x") -> np.ndarray:
    """Return ``y`` as an int64 array of shape (n_samples,) holding class labels >= 0.

    Labels must already be integers (an integer dtype): a float such as 1.0 is more often a
    regression target passed by mistake than a class, so it is refused rather than rounded.
    """
    y = np.asarray(y)
    if y.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class labels (an integer dtype), got dtype {y.dtype}")
    if y.ndim != 1:
        raise ValueError(f"{name} must have shape (n_samples,), got shape {y.shape}")
    if n_samples is not None and y.shape[0] != n_samples:
        raise ValueError(f"{name} must hold one label per {per} ({n_samples}), got {y.shape[0]}")
    if y.size and y.min() < 0:
        raise ValueError(f"{name} must hold class labels >= 0, got {int(y.min())}")
    return y.astype(np.int64, copy=False)
