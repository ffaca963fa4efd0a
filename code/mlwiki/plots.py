"""Generic plotting helpers shared by several chapters.

Every helper draws on ``ax`` (a new figure's Axes when ``ax`` is None) and returns the Axes;
none of them shows or saves anything.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int

__all__ = ["plot_curves", "plot_decision_regions"]


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_curves(curves, *, x=None, xlabel="epoch", ylabel="loss", logy=False, ax=None):
    """Plot several named 1-D curves on shared axes.

    Parameters
    ----------
    curves : dict[str, array-like of shape (n_points,)]
        Legend label -> values.
    x : array-like of shape (n_points,) or dict[str, array-like], optional
        Horizontal positions (shared, or per curve); ``0, 1, ...`` when omitted.
    xlabel, ylabel : str
        Axis labels (state units).
    logy : bool
        Logarithmic vertical axis, for losses spanning decades.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        xs = x.get(name) if isinstance(x, dict) else x
        xs = np.arange(values.size) if xs is None else np.asarray(xs)
        ax.plot(xs, values, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend()
    ax.grid(True, alpha=0.3)
    return ax


def plot_decision_regions(predict, x, y, *, threshold=0.5, padding=0.5, resolution=200, ax=None):
    """Shade the region each class wins under a classifier and draw the labelled points on top.

    Parameters
    ----------
    predict : callable
        Maps an array of shape (n_points, 2) to scores of shape (n_points,) or (n_points, 1)
        (binary: class 1 where score > ``threshold``) or (n_points, n_classes) (class = argmax).
    x : array-like of shape (n_samples, 2)
        The points to draw; the plotted square spans their range plus ``padding`` on each side.
    y : array-like of shape (n_samples,) or (n_samples, 1)
        Integer class labels 0, 1, ...
    threshold : float
        Decision threshold for binary scores: 0.5 for probabilities, 0 for logits.
    padding : float
        Margin (in input units) added around the points' bounding box, >= 0.
    resolution : int
        Grid points per axis at which ``predict`` is evaluated, >= 2.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not callable(predict):
        raise ValueError(f"predict must be callable, got {type(predict).__name__}")
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != 2:
        raise ValueError(f"x must have shape (n_samples, 2), got {x.shape}")
    labels = _check_finite_array("y", y).reshape(-1)
    if labels.size != x.shape[0]:
        raise ValueError(f"y must hold one label per row of x ({x.shape[0]}), got {labels.size}")
    if np.any(labels < 0) or np.any(labels != np.round(labels)):
        raise ValueError(f"y must hold integer class labels >= 0, got {np.unique(labels).tolist()}")
    labels = labels.astype(int)
    padding = _check_positive("padding", padding, allow_zero=True)
    resolution = _check_positive_int("resolution", resolution)
    if resolution < 2:
        raise ValueError(f"resolution must be >= 2, got {resolution}")
    threshold = float(_check_finite_array("threshold", threshold, ndim=0))

    lo = x.min(axis=0) - padding
    hi = x.max(axis=0) + padding
    grid_x, grid_y = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    scores = np.asarray(predict(grid), dtype=float)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.ndim != 2 or scores.shape[0] != grid.shape[0]:
        raise ValueError(
            f"predict must return one score row per input point ({grid.shape[0]}), got shape {scores.shape}"
        )
    if not np.all(np.isfinite(scores)):
        raise ValueError("predict returned non-finite scores (nan or inf)")

    binary = scores.shape[1] == 1
    predicted = (scores[:, 0] > threshold).astype(int) if binary else scores.argmax(axis=1)
    n_classes = max(2 if binary else scores.shape[1], int(labels.max()) + 1)
    colours = [f"C{k % 10}" for k in range(n_classes)]
    markers = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]

    ax = _axes(ax)
    ax.contourf(grid_x, grid_y, predicted.reshape(grid_x.shape),
                levels=np.arange(n_classes + 1) - 0.5, colors=colours, alpha=0.25)
    # The boundary itself: the score's threshold level set (smooth) for binary scores,
    # the edges between argmax classes otherwise. Skip it when one class wins everywhere.
    if np.unique(predicted).size > 1:
        if binary:
            ax.contour(grid_x, grid_y, scores[:, 0].reshape(grid_x.shape), levels=[threshold],
                       colors="k", linewidths=1.5)
        else:
            ax.contour(grid_x, grid_y, predicted.reshape(grid_x.shape),
                       levels=np.arange(1, n_classes) - 0.5, colors="k", linewidths=1.0)
    for k in np.unique(labels):
        members = labels == k
        ax.scatter(x[members, 0], x[members, 1], s=90, c=colours[k], marker=markers[k % len(markers)],
                   edgecolors="k", linewidths=1.0, label=f"class {k}", zorder=3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    ax.legend(loc="upper right", framealpha=0.9)
    return ax
