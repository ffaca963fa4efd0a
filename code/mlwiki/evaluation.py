"""Judging a trained classifier: where its predictions go right and wrong.

Accuracy is one number; the *confusion matrix* shows which classes are mistaken for
which.  Entry ``(t, p)`` counts the test examples whose true class is ``t`` and whose
predicted class is ``p``, so the diagonal holds the correct predictions and every
off-diagonal cell is one kind of mistake.  The same module finds the misclassified
examples (to look at them), says how precisely a count of mistakes pins down an error
rate (:func:`binomial_interval`), and reads training curves (when a loss first drops
below a level, where a validation loss bottoms out).
"""

from __future__ import annotations

import numbers

import numpy as np
from matplotlib.colors import LinearSegmentedColormap

from mlwiki._checks import _check_positive_int, _check_real_array
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = [
    "confusion_matrix",
    "misclassified",
    "plot_confusion_matrix",
    "binomial_interval",
    "first_below",
    "best_epoch",
]


def _check_labels(name: str, labels) -> np.ndarray:
    """Return integer class labels as a 1-D int array, or raise naming ``name``."""
    labels = _check_real_array(name, labels, ndim=1)
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
        if y_true.size == 0:
            raise ValueError("y_true and y_pred are empty: give n_classes to get an all-zero matrix")
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
    """Draw a confusion matrix as a heatmap with the count written in every non-empty cell.

    Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`): an
    empty cell has the page's background colour and the largest count the theme's blue,
    so the mistakes stand out on a light and on a dark page alike.

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
    matrix = _check_real_array("matrix", matrix, ndim=2)
    n_classes = matrix.shape[0]
    if matrix.shape != (n_classes, n_classes) or n_classes == 0:
        raise ValueError(f"matrix must be square and non-empty, got shape {matrix.shape}")
    if np.any(matrix < 0) or np.any(matrix != np.round(matrix)):
        raise ValueError("matrix must hold whole-number counts >= 0")
    if class_names is None:
        names = [str(i) for i in range(n_classes)]
    elif isinstance(class_names, str) or not hasattr(class_names, "__iter__"):
        raise TypeError(f"class_names must be a sequence of names, got {class_names!r}")
    else:
        names = [str(name) for name in class_names]
    if len(names) != n_classes:
        raise ValueError(f"class_names must have {n_classes} entries, got {len(names)}")
    theme = current_theme()
    cmap = LinearSegmentedColormap.from_list("counts", [theme.background, theme.colors["blue"]])
    ax = _axes(ax)
    image = ax.imshow(matrix, cmap=cmap, vmin=0, vmax=max(matrix.max(), 1))
    # Background-coloured text on strong cells, ink on faint ones, so every count stays legible.
    threshold = matrix.max() / 2 if matrix.max() > 0 else 1
    for t in range(n_classes):
        for p in range(n_classes):
            count = matrix[t, p]
            if count == 0 and t != p:
                continue  # empty off-diagonal cells stay blank so the mistakes stand out
            ax.text(p, t, f"{count:g}", ha="center", va="center", fontsize=8,
                    color=theme.background if count > threshold else theme.foreground)
    ax.set_xticks(range(n_classes), names)
    ax.set_yticks(range(n_classes), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.figure.colorbar(image, ax=ax, label="number of examples")
    return ax


def binomial_interval(k: int, n: int, *, confidence: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper--Pearson) confidence interval for a rate seen as ``k`` events in ``n`` trials.

    The interval holds every rate ``r`` under which seeing ``k`` or more events (for the
    lower end), or ``k`` or fewer (for the upper end), still has probability at least
    ``(1 - confidence) / 2``.  With few events it is wide: 1 mistake in 45 examples is
    compatible with rates from about 0.06 % to 12 %.

    Parameters
    ----------
    k : int
        Events observed (e.g. mistakes), 0 <= k <= n.
    n : int
        Trials (e.g. test examples), >= 1.
    confidence : float
        Coverage, strictly between 0 and 1.

    Returns
    -------
    (float, float)
        Lower and upper end, in [0, 1].
    """
    from scipy.stats import beta  # local: keep `import mlwiki.evaluation` light

    k = _check_positive_int("k", k, allow_zero=True)
    n = _check_positive_int("n", n)
    if k > n:
        raise ValueError(f"k must not exceed n ({n}), got {k}")
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real):
        raise TypeError(f"confidence must be a number between 0 and 1, got {confidence!r}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence!r}")
    alpha = 1 - float(confidence)
    lower = 0.0 if k == 0 else float(beta.ppf(alpha / 2, k, n - k + 1))
    upper = 1.0 if k == n else float(beta.ppf(1 - alpha / 2, k + 1, n - k))
    return lower, upper


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
    values = _check_real_array("values", values, ndim=1, dtype=float)
    threshold = float(_check_real_array("threshold", threshold, ndim=0, dtype=float))
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
    values = _check_real_array("values", values, ndim=1, dtype=float)
    if values.size == 0:
        raise ValueError("values must not be empty")
    return int(np.argmin(values))
