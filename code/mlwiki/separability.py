"""Linear separability: can one straight line (hyperplane) split two classes?

A labelled set ``{(x_i, y_i)}`` with ``y_i`` in {0, 1} is linearly separable when some
``w, b`` satisfy ``s_i (w . x_i + b) >= 1`` for every point, where ``s_i = 2 y_i - 1``
is the label as a sign.  Scaling ``w, b`` turns any strict separation into that margin
form, so separability is exactly feasibility of a linear program -- which we hand to
``scipy.optimize.linprog`` instead of guessing lines.

When the answer is no, :func:`fewest_linear_errors` says how close a line can come: the
fewest points any straight line in the plane puts on the wrong side, found by trying every
essentially different line (there are only finitely many for finitely many points).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from mlwiki._checks import _check_finite_array

__all__ = ["separating_hyperplane", "is_linearly_separable", "fewest_linear_errors"]


def _check_labelled_points(x, y, *, n_features=None):
    """x as a float (n_samples, n_features) array, y as 0/1 ints of shape (n_samples,)."""
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[0] == 0:
        raise ValueError("x must contain at least one point, got shape (0, ...)")
    if n_features is not None and x.shape[1] != n_features:
        raise ValueError(f"x must have shape (n_samples, {n_features}), got {x.shape}")
    y = _check_finite_array("y", y, ndim=1)
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y must have one label per row of x ({x.shape[0]}), got {y.shape[0]}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must contain only 0 and 1, got values {np.unique(y).tolist()}")
    return x, y.astype(int)


def separating_hyperplane(x, y):
    """Find a separating hyperplane for binary labels, or ``None`` when none exists.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
        Points (at least one).
    y : array-like of shape (n_samples,)
        Labels, each 0 or 1.

    Returns
    -------
    (w, b) : tuple of ndarray of shape (n_features,) and float, or None
        A hyperplane with ``(2 y_i - 1) (w . x_i + b) >= 1`` for every point.
    """
    x, y = _check_labelled_points(x, y)
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
    """Whether one hyperplane puts every label-1 point on one side and every label-0 point on the other.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Labels, each 0 or 1.

    Returns
    -------
    bool
    """
    return separating_hyperplane(x, y) is not None


def fewest_linear_errors(x, y) -> int:
    """The fewest points that any straight line in the plane misclassifies.

    A line ``w . x + b = 0`` calls class 1 the side where ``w . x + b > 0``.  The result is
    exact: sliding a line along a fixed normal ``w`` changes its verdicts only when it
    passes a point, so for one ``w`` it suffices to try a threshold below all projections
    ``w . x_i``, one between each neighbouring pair, and one above all.  Turning ``w``
    changes the *order* of the projections only where ``w`` is perpendicular to the segment
    joining two points; between two such critical directions every ``w`` gives the same
    splits.  Trying one ``w`` inside each of those arcs (of the full circle, so both
    orientations of each line are covered) therefore tries every split a line can make.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
        Points in the plane (at least one).
    y : array-like of shape (n_samples,)
        Labels, each 0 or 1.

    Returns
    -------
    int
        0 exactly when the points are linearly separable.
    """
    x, y = _check_labelled_points(x, y, n_features=2)
    normals = _one_normal_per_arc(x)  # (n_directions, 2)
    projections = x @ normals.T  # (n_samples, n_directions)
    order = np.argsort(projections, axis=0, kind="stable")
    sorted_labels = y[order]  # labels in increasing projection, per direction
    sorted_proj = np.take_along_axis(projections, order, axis=0)
    # Cutting after the k smallest projections: those k are called 0, the rest 1.
    ones_below = np.vstack([np.zeros((1, normals.shape[0]), dtype=int), np.cumsum(sorted_labels, axis=0)])
    k = np.arange(x.shape[0] + 1)[:, None]
    zeros_above = (x.shape[0] - k) - (ones_below[-1] - ones_below)
    errors = ones_below + zeros_above  # (n_samples + 1, n_directions)
    # A cut between two equal projections cannot be made; leave those out.
    tied = np.zeros_like(errors, dtype=bool)
    tied[1:-1] = sorted_proj[1:] == sorted_proj[:-1]
    return int(errors[~tied].min())


def _one_normal_per_arc(x):
    """Unit normals, one strictly inside each arc between critical directions of the circle."""
    differences = (x[None, :, :] - x[:, None, :]).reshape(-1, 2)
    differences = differences[np.any(differences != 0, axis=1)]
    # w is critical when perpendicular to a difference d: at angle(d) +- pi/2.
    angles = np.arctan2(differences[:, 1], differences[:, 0])
    critical = np.sort(np.mod(np.concatenate([angles + np.pi / 2, angles - np.pi / 2]), 2 * np.pi))
    # The same direction computed from different pairs can differ in the last bits: merge
    # those, so that no arc is a sliver of rounding error.
    if critical.size:
        critical = critical[np.append(True, np.diff(critical) > 1e-9)]
    if critical.size == 0:  # all points coincide: every direction is the same
        midpoints = np.array([0.0])
    else:
        following = np.append(critical[1:], critical[0] + 2 * np.pi)
        midpoints = (critical + following) / 2
    return np.column_stack([np.cos(midpoints), np.sin(midpoints)])
