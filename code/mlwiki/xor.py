"""XOR: the smallest problem no single line can solve, and a two-layer network that can.

The four corners of the unit square, labelled by exclusive-or, are not linearly separable:
every straight line leaves at least one corner on the wrong side. One hidden layer of
sigmoid units bends the boundary enough. The network, its gradients and its training loop
all come from :mod:`mlwiki.nn`; this module only supplies the data, the architecture, the
training recipe and the checks the chapter's claims rest on.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from mlwiki import nn
from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng

__all__ = [
    "xor_data",
    "count_misclassified",
    "fewest_linear_errors",
    "plot_line_attempt",
    "two_layer_perceptron",
    "train_xor",
    "max_target_error",
    "count_solved",
]


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
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype must be a floating dtype, got {dtype}")
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = np.array([[0], [1], [1], [0]], dtype=dtype)
    return x, y


def _check_points(x, y):
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != 2:
        raise ValueError(f"x must have shape (n_samples, 2), got {x.shape}")
    y = _check_finite_array("y", y, dtype=float).reshape(-1)
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


def fewest_linear_errors(x, y, *, n_angles=720) -> int:
    """The fewest misclassified points over a dense sweep of straight lines.

    For each of ``n_angles`` unit normals ``w = (cos t, sin t)``, ``t`` in [0, 2 pi), every
    distinct way of cutting the points' projections ``w . x`` with a threshold is tried (below
    all of them, between each neighbouring pair, above all of them). Both orientations of every
    line are covered because ``t`` goes all the way round.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,) or (n_samples, 1)
        Labels 0 or 1.
    n_angles : int
        Number of line directions tried.

    Returns
    -------
    int
        0 exactly when some swept line separates the classes.
    """
    x, y = _check_points(x, y)
    n_angles = _check_positive_int("n_angles", n_angles)
    angles = np.linspace(0.0, 2.0 * np.pi, n_angles, endpoint=False)
    normals = np.stack([np.cos(angles), np.sin(angles)])  # (2, n_angles)
    projections = np.sort(x @ normals, axis=0)  # (n_samples, n_angles), ascending per direction
    # Thresholds strictly between neighbouring projections, plus one below and one above all.
    # (Equal neighbours give a threshold equal to both, which only repeats another cut.)
    thresholds = np.concatenate(
        [projections[:1] - 1.0, (projections[:-1] + projections[1:]) / 2, projections[-1:] + 1.0]
    )  # (n_samples + 1, n_angles)
    predicted = (x @ normals)[:, None, :] > thresholds[None, :, :]  # (n_samples, n_cuts, n_angles)
    errors = np.sum(predicted != y[:, None, None].astype(bool), axis=0)
    return int(errors.min())


def plot_line_attempt(x, y, w, b, *, padding=0.5, ax=None):
    """Draw one straight-line classifier on labelled 2-D points, crossing out its mistakes.

    The class-1 side (``w . x + b > 0``) is shaded; misclassified points are marked with a
    red cross; the title states how many there are.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,) or (n_samples, 1)
        Labels 0 or 1.
    w : array-like of shape (2,)
        Non-zero normal vector pointing to the class-1 side.
    b : float
        Offset.
    padding : float
        Margin around the points, in input units.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x, y = _check_points(x, y)
    w, b = _check_line(w, b)
    padding = _check_positive("padding", padding, allow_zero=True)
    if ax is None:
        _, ax = plt.subplots()
    lo = x.min(axis=0) - padding
    hi = x.max(axis=0) + padding
    grid_x, grid_y = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 200))
    side = (w[0] * grid_x + w[1] * grid_y + b > 0).astype(float)
    ax.contourf(grid_x, grid_y, side, levels=[-0.5, 0.5, 1.5], colors=["C0", "C1"], alpha=0.2)
    ax.contour(grid_x, grid_y, w[0] * grid_x + w[1] * grid_y + b, levels=[0.0], colors="k", linewidths=1.5)
    wrong = (x @ w + b > 0).astype(int) != y
    for label, marker in ((0, "o"), (1, "s")):
        members = y == label
        ax.scatter(x[members, 0], x[members, 1], s=90, c=f"C{label}", marker=marker, edgecolors="k",
                   label=f"class {label}", zorder=3)
    if np.any(wrong):
        ax.scatter(x[wrong, 0], x[wrong, 1], s=260, marker="x", c="red", linewidths=2.5,
                   label="misclassified", zorder=4)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    n_wrong = int(wrong.sum())
    ax.set_title(f"{n_wrong} point{'s' if n_wrong != 1 else ''} wrong")
    return ax


def two_layer_perceptron(n_hidden=2, *, rng, dtype=np.float64):
    """A 2 -> ``n_hidden`` -> 1 network with sigmoid hidden and output units (biases included).

    Parameters
    ----------
    n_hidden : int
        Width of the hidden layer.
    rng : numpy.random.Generator
        Draws the initial weights.
    dtype : numpy dtype
        Floating dtype of the parameters.

    Returns
    -------
    mlwiki.nn.Sequential
        Maps x of shape (n_samples, 2) to probabilities of shape (n_samples, 1).
    """
    n_hidden = _check_positive_int("n_hidden", n_hidden)
    rng = _check_rng("rng", rng)
    return nn.Sequential([
        nn.Dense(2, n_hidden, rng=rng, dtype=dtype),
        nn.Sigmoid(),
        nn.Dense(n_hidden, 1, rng=rng, dtype=dtype),
        nn.Sigmoid(),
    ])


def train_xor(model, *, epochs, lr, rng):
    """Full-batch gradient descent on the four XOR points with binary cross-entropy.

    Parameters
    ----------
    model : mlwiki.nn.Sequential
        Maps (n_samples, 2) inputs to (n_samples, 1) probabilities; trained in place.
    epochs : int
        Gradient steps (one per epoch: the batch is all four points).
    lr : float
        Learning rate of plain gradient descent.
    rng : numpy.random.Generator
        Passed to :func:`mlwiki.nn.fit` (with one full batch no shuffling matters).

    Returns
    -------
    mlwiki.nn.History
        Loss and accuracy after every epoch.
    """
    epochs = _check_positive_int("epochs", epochs)
    lr = _check_positive("lr", lr)
    rng = _check_rng("rng", rng)
    x, y = xor_data(dtype=np.float64)
    return nn.fit(model, nn.BinaryCrossEntropy(), nn.SGD(lr), x, y, epochs=epochs, rng=rng)


def max_target_error(model) -> float:
    """Largest ``|prediction - label|`` of ``model`` over the four XOR points.

    Below 0.5 means all four are classified correctly; below 0.1 means each prediction is
    also within 0.1 of its label (under 0.1 for class 0, over 0.9 for class 1).
    """
    x, y = xor_data(dtype=np.float64)
    return float(np.max(np.abs(np.asarray(model.predict(x), dtype=float) - y)))


def count_solved(seeds, *, n_hidden=2, epochs, lr, tol=0.1) -> int:
    """Train one fresh network per seed and count those whose every prediction is within ``tol``.

    Parameters
    ----------
    seeds : iterable of int
        Each seeds its own ``numpy.random.default_rng`` (initial weights and training).
    n_hidden, epochs, lr
        As in :func:`two_layer_perceptron` and :func:`train_xor`.
    tol : float
        Largest allowed ``|prediction - label|``, in (0, 0.5].

    Returns
    -------
    int
    """
    tol = _check_positive("tol", tol)
    if tol > 0.5:
        raise ValueError(f"tol must be <= 0.5 (otherwise a wrong class could count as solved), got {tol}")
    solved = 0
    for seed in seeds:
        rng = np.random.default_rng(seed)
        model = two_layer_perceptron(n_hidden, rng=rng)
        train_xor(model, epochs=epochs, lr=lr, rng=rng)
        solved += max_target_error(model) < tol
    return int(solved)
