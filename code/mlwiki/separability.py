"""Linear separability: can one straight line (hyperplane) split two classes?

A labelled set ``{(x_i, y_i)}`` with ``y_i`` in {0, 1} is linearly separable when some
``w, b`` satisfy ``s_i (w . x_i + b) >= 1`` for every point, where ``s_i = 2 y_i - 1``
is the label as a sign.  Scaling ``w, b`` turns any strict separation into that margin
form, so separability is exactly feasibility of a linear program -- which we hand to
``scipy.optimize.linprog`` instead of guessing lines.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from mlwiki._checks import _check_finite_array

__all__ = ["separating_hyperplane", "is_linearly_separable"]


def separating_hyperplane(x, y):
    """Find a separating hyperplane for binary labels, or ``None`` when none exists.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
        Points.
    y : array-like of shape (n_samples,)
        Labels, each 0 or 1.

    Returns
    -------
    (w, b) : tuple of ndarray of shape (n_features,) and float, or None
        A hyperplane with ``(2 y_i - 1) (w . x_i + b) >= 1`` for every point.
    """
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    y = _check_finite_array("y", y, ndim=1)
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y must have one label per row of x ({x.shape[0]}), got {y.shape[0]}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must contain only 0 and 1, got values {np.unique(y).tolist()}")
    signs = 2.0 * y - 1.0
    n_features = x.shape[1]
    # Variables (w_1..w_d, b); constraint -s_i (w . x_i + b) <= -1.
    a_ub = -signs[:, None] * np.hstack([x, np.ones((x.shape[0], 1))])
    b_ub = -np.ones(x.shape[0])
    result = linprog(
        c=np.zeros(n_features + 1),
        A_ub=a_ub,
        b_ub=b_ub,
        bounds=[(None, None)] * (n_features + 1),
        method="highs",
    )
    if result.status == 2:  # infeasible: no hyperplane exists
        return None
    if result.status != 0:
        raise RuntimeError(f"linprog failed: {result.message}")
    return result.x[:n_features], float(result.x[n_features])


def is_linearly_separable(x, y) -> bool:
    """Whether one hyperplane puts every label-1 point on one side and every label-0 point on the other."""
    return separating_hyperplane(x, y) is not None
