"""Judging a trained classifier: where its predictions go right and wrong.

Accuracy is one number; the *confusion matrix* shows which classes are mistaken for
which.  Entry ``(t, p)`` counts the test examples whose true class is ``t`` and whose
predicted class is ``p``, so the diagonal holds the correct predictions and every
off-diagonal cell is one kind of mistake.  The same module finds the misclassified
examples (to look at them) and reads training curves (when a loss first drops below a
level, where a validation loss bottoms out).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int

__all__ = [
    "confusion_matrix",
    "misclassified",
    "plot_confusion_matrix",
    "first_below",
    "best_epoch",
]


def _check_labels(name: str, labels) -> np.ndarray:
    """Return integer class labels as a 1-D int array, or raise naming ``name``."""
    labels = _check_finite_array(name, labels, ndim=1)
    if labels.size and not np.all(labels == np.round(labels)):
        raise ValueError(f"{name} must hold whole-number class labels, got non-integers")
    labels = labels.astype(np.int64)
    if labels.size and labels.min() < 0:
        raise ValueError(f"{name} must hold class labels >= 0, got {int(labels.min())}")
    return labels


def _check_pair(y_true, y_pred) -> tuple[np.ndarray, np.ndarray]:
    y_true = _check_labels("y_true", y_true)
    y_pred = _check_labels("y_pred", y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_pred must have the same shape as y_true {y_true.shape}, got {y_pred.shape}"
        )
    return y_true, y_pred


def confusion_matrix(y_true, y_pred, *, n_classes=None) -> np.ndarray:
    """Count how often each true class is predicted as each class.

    Parameters
    ----------
    y_true : array-like of int, shape (n_samples,)
        True class labels in ``0 .. n_classes - 1``.
    y_pred : array-like of int, shape (n_samples,)
        Predicted class labels, same range.
    n_classes : int, optional
        Number of classes; ``max(label) + 1`` over both arrays when omitted.

    Returns
    -------
    ndarray of int64, shape (n_classes, n_classes)
        Entry ``[t, p]`` is the number of examples of true class ``t`` predicted as ``p``.
        Rows sum to the class counts of ``y_true``; the trace is the number correct.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    seen = int(max(y_true.max(initial=-1), y_pred.max(initial=-1))) + 1
    if n_classes is None:
        n_classes = max(seen, 1)
    n_classes = _check_positive_int("n_classes", n_classes)
    if seen > n_classes:
        raise ValueError(f"n_classes must exceed every label (largest is {seen - 1}), got {n_classes}")
    # One bincount over the flattened (true, predicted) pair index counts every cell at once.
    flat = np.bincount(y_true * n_classes + y_pred, minlength=n_classes * n_classes)
    return flat.reshape(n_classes, n_classes)


def misclassified(y_true, y_pred) -> np.ndarray:
    """Indices of the examples whose prediction differs from the true label.

    Parameters
    ----------
    y_true, y_pred : array-like of int, shape (n_samples,)

    Returns
    -------
    ndarray of int64, shape (n_wrong,)
        Increasing indices ``i`` with ``y_pred[i] != y_true[i]``.
    """
    y_true, y_pred = _check_pair(y_true, y_pred)
    return np.flatnonzero(y_true != y_pred)


def plot_confusion_matrix(matrix, *, class_names=None, ax=None):
    """Draw a confusion matrix as a heatmap with the count written in every cell.

    Parameters
    ----------
    matrix : array-like of int, shape (n_classes, n_classes)
        Counts as returned by :func:`confusion_matrix` (rows: true, columns: predicted).
    class_names : sequence of str, optional
        Tick labels, ``0 .. n_classes - 1`` when omitted.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    matrix = _check_finite_array("matrix", matrix, ndim=2)
    n_classes = matrix.shape[0]
    if matrix.shape != (n_classes, n_classes) or n_classes == 0:
        raise ValueError(f"matrix must be square and non-empty, got shape {matrix.shape}")
    if np.any(matrix < 0):
        raise ValueError("matrix must hold counts >= 0")
    names = [str(i) for i in range(n_classes)] if class_names is None else list(map(str, class_names))
    if len(names) != n_classes:
        raise ValueError(f"class_names must have {n_classes} entries, got {len(names)}")
    if ax is None:
        _, ax = plt.subplots()
    image = ax.imshow(matrix, cmap="Blues", vmin=0)
    # Dark text on light cells, light text on dark cells, so every count stays legible.
    threshold = matrix.max() / 2 if matrix.max() > 0 else 1
    for t in range(n_classes):
        for p in range(n_classes):
            count = matrix[t, p]
            if count == 0 and t != p:
                continue  # empty off-diagonal cells stay blank so the mistakes stand out
            ax.text(p, t, f"{count:g}", ha="center", va="center", fontsize=8,
                    color="white" if count > threshold else "black")
    ax.set_xticks(range(n_classes), names)
    ax.set_yticks(range(n_classes), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.figure.colorbar(image, ax=ax, label="number of examples")
    return ax


def first_below(values, threshold) -> int | None:
    """Index of the first entry strictly below ``threshold``, or None if there is none.

    Parameters
    ----------
    values : array-like of shape (n_points,)
        A curve, e.g. the training loss per epoch (index 0 = first epoch).
    threshold : float
        Level to reach.

    Returns
    -------
    int or None
    """
    values = _check_finite_array("values", values, ndim=1, dtype=float)
    threshold = float(_check_finite_array("threshold", threshold, ndim=0, dtype=float))
    hits = np.flatnonzero(values < threshold)
    return int(hits[0]) if hits.size else None


def best_epoch(values) -> int:
    """Index of the smallest entry of a curve (the first one on ties).

    Parameters
    ----------
    values : array-like of shape (n_points,)
        E.g. the validation loss per epoch; must not be empty.

    Returns
    -------
    int
    """
    values = _check_finite_array("values", values, ndim=1, dtype=float)
    if values.size == 0:
        raise ValueError("values must not be empty")
    return int(np.argmin(values))
