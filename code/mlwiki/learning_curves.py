"""Learning curves: what a model does as its training set grows.

:func:`learning_curve` fits a fresh model on larger and larger training sets and records two
things at each size: its accuracy on a fixed test set, and how many numbers the fitted model
keeps.  Accuracy shows how much the extra data helps; the count separates a *parametric*
model (the same count at every size) from a *non-parametric* one (a count that grows with the
data).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki._labels import _check_class_labels, _check_features

__all__ = ["LearningCurve", "nested_stratified_order", "learning_curve", "plot_learning_curves"]


@dataclass(frozen=True)
class LearningCurve:
    """Accuracy and model size of one kind of model at several training-set sizes.

    Attributes
    ----------
    sizes : ndarray of int, shape (n_sizes,)
        Training-set sizes, increasing.
    accuracy : ndarray of shape (n_repeats, n_sizes)
        Test accuracy of each fit (one row per random draw of the training examples).
    stored_numbers : ndarray of int, shape (n_repeats, n_sizes)
        Numbers each fitted model keeps (its ``n_stored_numbers``).
    """

    sizes: np.ndarray
    accuracy: np.ndarray
    stored_numbers: np.ndarray

    @property
    def mean_accuracy(self) -> np.ndarray:
        """Test accuracy averaged over the repeats, shape (n_sizes,)."""
        return self.accuracy.mean(axis=0)


def nested_stratified_order(y, *, rng) -> np.ndarray:
    """A random order of the examples in which every prefix holds the classes in turn.

    Each class's examples are shuffled, then the classes take turns (one example of class 0,
    one of class 1, ...).  The first ``n`` indices therefore form a training set with the
    classes as equally represented as possible, and each such set contains every smaller one.

    Parameters
    ----------
    y : array-like of int, shape (n_samples,)
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of int64, shape (n_samples,)
        A permutation of ``0 .. n_samples - 1``.
    """
    y = _check_class_labels("y", y)
    rng = _check_rng("rng", rng)
    queues = [rng.permutation(np.flatnonzero(y == label)) for label in np.unique(y)]
    # Position of each example in its class's queue; sorting by (position, class) deals them out.
    rank = np.empty(y.size, dtype=np.int64)
    turn = np.empty(y.size, dtype=np.int64)
    for class_index, queue in enumerate(queues):
        rank[queue] = np.arange(queue.size)
        turn[queue] = class_index
    return np.lexsort((turn, rank)).astype(np.int64)


def learning_curve(make_model, x_train, y_train, x_test, y_test, *, sizes, rng, n_repeats: int = 1) -> LearningCurve:
    """Fit ``make_model()`` on growing class-balanced subsets of the training data.

    Parameters
    ----------
    make_model : callable
        Returns a fresh, unfitted model with ``fit(x, y)``, ``predict(x)`` and
        ``n_stored_numbers`` (e.g. ``lambda: KNearestNeighbors(3)``).
    x_train : array-like of shape (n_train, n_features)
    y_train : array-like of int, shape (n_train,)
    x_test : array-like of shape (n_test, n_features)
    y_test : array-like of int, shape (n_test,)
    sizes : sequence of int
        Training-set sizes, each between 1 and ``n_train``.
    rng : numpy.random.Generator
        Draws the examples of every repeat.
    n_repeats : int
        Independent draws per size, >= 1.

    Returns
    -------
    LearningCurve
    """
    if not callable(make_model):
        raise TypeError(f"make_model must be callable (returning a new model), got {type(make_model).__name__}")
    x_train = _check_features("x_train", x_train)
    y_train = _check_class_labels("y_train", y_train, n_samples=x_train.shape[0])
    x_test = _check_features("x_test", x_test, n_features=x_train.shape[1])
    y_test = _check_class_labels("y_test", y_test, n_samples=x_test.shape[0])
    rng = _check_rng("rng", rng)
    n_repeats = _check_positive_int("n_repeats", n_repeats)
    sizes = np.asarray(sizes)
    if sizes.ndim != 1 or sizes.size == 0 or sizes.dtype.kind not in "iu":
        raise ValueError(f"sizes must be a non-empty 1-D sequence of integers, got {sizes!r}")
    if sizes.min() < 1 or sizes.max() > x_train.shape[0] or np.any(np.diff(sizes) <= 0):
        raise ValueError(f"sizes must increase strictly from >= 1 to <= n_train ({x_train.shape[0]}), got {sizes.tolist()}")

    accuracy = np.empty((n_repeats, sizes.size))
    stored = np.empty((n_repeats, sizes.size), dtype=np.int64)
    for repeat in range(n_repeats):
        order = nested_stratified_order(y_train, rng=rng)
        for column, n in enumerate(sizes):
            chosen = order[:n]
            model = make_model().fit(x_train[chosen], y_train[chosen])
            accuracy[repeat, column] = np.mean(model.predict(x_test) == y_test)
            stored[repeat, column] = model.n_stored_numbers
    return LearningCurve(sizes=sizes.astype(np.int64), accuracy=accuracy, stored_numbers=stored)


def plot_learning_curves(curves, *, fig=None):
    """Two panels against training-set size: test accuracy, and numbers each model keeps.

    Parameters
    ----------
    curves : dict[str, LearningCurve]
        Legend label -> curve; each gets one palette colour in both panels.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
        (accuracy panel, stored-numbers panel).
    """
    import matplotlib.pyplot as plt  # local: the computations above need no Matplotlib

    if not isinstance(curves, dict) or not curves or not all(isinstance(c, LearningCurve) for c in curves.values()):
        raise TypeError("curves must be a non-empty dict of name -> LearningCurve")
    if fig is None:
        fig = plt.figure(figsize=(10, 4), layout="constrained")
    ax_acc, ax_size = fig.subplots(1, 2)
    for name, curve in curves.items():
        line, = ax_acc.plot(curve.sizes, curve.mean_accuracy, marker="o", label=name)
        if curve.accuracy.shape[0] > 1:
            ax_acc.fill_between(curve.sizes, curve.accuracy.min(axis=0), curve.accuracy.max(axis=0),
                                color=line.get_color(), alpha=0.2, linewidth=0)
        ax_size.plot(curve.sizes, curve.stored_numbers[0], marker="o", color=line.get_color(), label=name)
    ax_acc.set_xscale("log")
    ax_acc.set_xlabel("training examples $n$")
    ax_acc.set_ylabel("test accuracy")
    ax_acc.legend(loc="lower right")
    ax_size.set_xscale("log")
    ax_size.set_yscale("log")
    ax_size.set_xlabel("training examples $n$")
    ax_size.set_ylabel("numbers the fitted model keeps")
    for ax in (ax_acc, ax_size):
        ax.grid(True, alpha=0.3)
    return ax_acc, ax_size
