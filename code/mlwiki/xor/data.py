"""The XOR data, and how many of its points a straight line gets wrong.

The four corners of the unit square, labelled by exclusive-or (1 where exactly one input is 1),
are not linearly separable: every straight line ``w . x + b = 0`` leaves at least one corner on
the wrong side.  :func:`count_misclassified` counts a line's mistakes on any labelled 2-D points.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array

__all__ = ["xor_data", "count_misclassified"]


def xor_data(dtype=np.float64):
    """The four XOR inputs and their labels.

    Parameters
    ----------
    dtype : numpy dtype
        Floating dtype of both arrays.

    Returns
    -------
    x : ndarray of shape (4, 2)
        The corners (0, 0), (0, 1), (1, 0), (1, 1).
    y : ndarray of shape (4, 1)
        ``x_1 XOR x_2``: 0, 1, 1, 0 (a column, matching a one-output network).
    """
    try:
        dtype = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"dtype must be a NumPy floating dtype, got {dtype!r}") from exc
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype must be a floating dtype, got {dtype}")
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = np.array([[0], [1], [1], [0]], dtype=dtype)
    return x, y


def _targets():
    x, y = xor_data()
    return x, y.ravel()


def _check_points(x, y):
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != 2 or x.shape[0] == 0:
        raise ValueError(f"x must have shape (n_samples, 2) with n_samples >= 1, got {x.shape}")
    y = _check_finite_array("y", y, dtype=float)
    if y.ndim not in (1, 2) or (y.ndim == 2 and y.shape[1] != 1):
        raise ValueError(f"y must have shape (n_samples,) or (n_samples, 1), got {y.shape}")
    y = y.reshape(-1)
    if y.size != x.shape[0]:
        raise ValueError(f"y must hold one label per row of x ({x.shape[0]}), got {y.size}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must contain only 0 and 1, got {np.unique(y).tolist()}")
    return x, y.astype(int)


def _check_line(w, b):
    w = _check_finite_array("w", w, ndim=1, dtype=float)
    if w.shape != (2,) or not np.any(w != 0):
        raise ValueError(f"w must be a non-zero vector of shape (2,), got {w.tolist()}")
    b = float(_check_finite_array("b", b, ndim=0, dtype=float))
    return w, b


def count_misclassified(x, y, w, b) -> int:
    """How many points the line ``w . x + b = 0`` puts on the wrong side.

    The line predicts class 1 where ``w . x + b > 0`` and class 0 elsewhere.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,) or (n_samples, 1)
        Labels 0 or 1.
    w : array-like of shape (2,)
        Normal vector of the line (non-zero); it points towards the class-1 side.
    b : float
        Offset.

    Returns
    -------
    int
    """
    x, y = _check_points(x, y)
    w, b = _check_line(w, b)
    predicted = (x @ w + b > 0).astype(int)
    return int(np.sum(predicted != y))
