"""Rosenblatt's perceptron: a threshold unit and its mistake-driven learning rule.

The unit outputs 1 when the weighted sum of its inputs exceeds a threshold ``theta`` and 0
otherwise.  Writing the bias ``b = -theta`` turns the test into ``w . x + b > 0``.

The learning rule visits the examples one at a time.  With the label as a sign,
``s = 2 y - 1`` (+1 or -1), an example is a *mistake* when it does not lie strictly on its
own side of the line, ``s (w . x + b) <= 0``; the rule then moves the line towards it::

    w <- w + lr * s * x,    b <- b + lr * s

Correct examples change nothing.  Counting a point *on* the line as a mistake for either class
is what the convergence theorem needs, and it is what scikit-learn's ``Perceptron`` does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki._labels import _check_features
from mlwiki.separability import separating_hyperplane

__all__ = ["GATES", "logic_gate", "PerceptronRun", "perceptron_output", "train_perceptron",
           "margin_and_radius", "mistake_bound", "plot_mistakes"]

GATES = ("AND", "OR", "NAND", "XOR")
_TRUTH_TABLES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The four inputs of a two-input logic gate and its outputs.

    Parameters
    ----------
    name : str
        One of ``GATES``: ``"AND"``, ``"OR"``, ``"NAND"``, ``"XOR"`` (any letter case).

    Returns
    -------
    x : ndarray of shape (4, 2)
        The inputs (0, 0), (0, 1), (1, 0), (1, 1), as floats.
    y : ndarray of int64, shape (4,)
        The gate's output for each input.
    """
    if not isinstance(name, str) or name.upper() not in _TRUTH_TABLES:
        raise ValueError(f"name must be one of {', '.join(GATES)}, got {name!r}")
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    return x, np.array(_TRUTH_TABLES[name.upper()], dtype=np.int64)


def _check_binary_labels(y, n_samples: int) -> np.ndarray:
    y = np.asarray(y)
    if y.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer labels 0 and 1 (an integer dtype), got dtype {y.dtype}")
    if y.shape != (n_samples,):
        raise ValueError(f"y must have shape ({n_samples},), one label per row of x, got {y.shape}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must contain only 0 and 1, got values {np.unique(y).tolist()}")
    return y.astype(np.int64)


def perceptron_output(x, weights, bias) -> np.ndarray:
    """The threshold unit: 1 where ``x @ weights + bias > 0``, else 0.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
    weights : array-like of shape (n_features,)
    bias : float
        Minus the threshold.

    Returns
    -------
    ndarray of int64, shape (n_samples,)
    """
    x = _check_features("x", x)
    weights = _check_finite_array("weights", weights, ndim=1)
    if weights.shape[0] != x.shape[1]:
        raise ValueError(f"weights must have one entry per column of x ({x.shape[1]}), got {weights.shape[0]}")
    bias = float(_check_finite_array("bias", bias, ndim=0))
    return (x @ weights + bias > 0).astype(np.int64)


@dataclass(frozen=True)
class PerceptronRun:
    """Result of :func:`train_perceptron`.

    Attributes
    ----------
    weights : ndarray of shape (n_features,)
    bias : float
    mistakes_per_epoch : ndarray of int64, shape (epochs,)
        Updates made during each pass over the data.
    n_updates : int
        All updates, the sum of ``mistakes_per_epoch``.
    history : ndarray of shape (epochs + 1, n_features + 1)
        Weights followed by the bias: at the start and after each epoch.
    """

    weights: np.ndarray
    bias: float
    mistakes_per_epoch: np.ndarray
    n_updates: int
    history: np.ndarray

    @property
    def converged(self) -> bool:
        """Whether some pass made no mistake (every example strictly on its own side)."""
        return bool(np.any(self.mistakes_per_epoch == 0))

    @property
    def first_clean_epoch(self) -> int | None:
        """The first epoch (counting from 1) without a mistake, or None."""
        clean = np.flatnonzero(self.mistakes_per_epoch == 0)
        return int(clean[0]) + 1 if clean.size else None


def _one_epoch(x, signs, weights, bias, lr):
    """One pass of the learning rule over the examples in the given order.

    ``signs`` holds each label as +1 (class 1) or -1 (class 0).  Returns the new weights and
    bias and the number of mistakes (updates) made.
    """
    mistakes = 0
    for x_i, s_i in zip(x, signs):
        if s_i * (x_i @ weights + bias) <= 0:     # not strictly on its own side: a mistake
            weights = weights + lr * s_i * x_i    # move the line towards the example
            bias = bias + lr * s_i
            mistakes += 1
    return weights, bias, mistakes


def train_perceptron(x, y, *, epochs: int = 20, lr: float = 1.0, rng=None) -> PerceptronRun:
    """Run the perceptron learning rule for ``epochs`` passes, starting from zero weights.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
    y : array-like of int, shape (n_samples,)
        Labels 0 and 1.
    epochs : int
        Passes over the data, >= 1.  After a pass without mistakes nothing changes any more.
    lr : float
        Learning rate, > 0.  Starting from zero it only scales the weights and bias, so the
        sequence of mistakes is the same for every ``lr``.
    rng : numpy.random.Generator, optional
        When given, the examples are visited in a fresh random order each epoch; when None,
        in their stored order.

    Returns
    -------
    PerceptronRun
    """
    x = _check_features("x", x)
    y = _check_binary_labels(y, x.shape[0])
    epochs = _check_positive_int("epochs", epochs)
    lr = _check_positive("lr", lr)
    if rng is not None:
        rng = _check_rng("rng", rng)
    signs = 2.0 * y - 1.0
    weights, bias = np.zeros(x.shape[1]), 0.0
    mistakes = np.zeros(epochs, dtype=np.int64)
    history = np.zeros((epochs + 1, x.shape[1] + 1))
    for epoch in range(epochs):
        order = rng.permutation(x.shape[0]) if rng is not None else np.arange(x.shape[0])
        weights, bias, mistakes[epoch] = _one_epoch(x[order], signs[order], weights, bias, lr)
        history[epoch + 1] = np.append(weights, bias)
    return PerceptronRun(weights=weights, bias=float(bias), mistakes_per_epoch=mistakes,
                         n_updates=int(mistakes.sum()), history=history)


def margin_and_radius(x, y) -> tuple[float, float]:
    """The quantities of the perceptron convergence theorem, for inputs with a bias input of 1.

    Each input is extended to ``x~ = (x, 1)`` so that the bias is one more weight.  The radius
    is ``R = max_i |x~_i|``.  The margin ``gamma`` is the largest ``min_i s_i u . x~_i`` over
    unit vectors ``u``: how far the best separating hyperplane through the origin (in the
    extended space) stays from the nearest example.  It is found as ``1 / |v|`` for the
    shortest ``v`` with ``s_i v . x~_i >= 1`` for all ``i`` (a small quadratic programme).

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
    y : array-like of int, shape (n_samples,)
        Labels 0 and 1; the two classes must be linearly separable.

    Returns
    -------
    gamma, radius : float

    Raises
    ------
    ValueError
        When no hyperplane separates the classes (there is no positive margin).
    """
    x = _check_features("x", x)
    y = _check_binary_labels(y, x.shape[0])
    start = separating_hyperplane(x, y)
    if start is None:
        raise ValueError("x, y: the classes are not linearly separable, so there is no margin (gamma)")
    extended = np.hstack([x, np.ones((x.shape[0], 1))])
    signed = (2.0 * y - 1.0)[:, None] * extended
    result = minimize(lambda v: v @ v, np.append(*start), jac=lambda v: 2 * v, method="SLSQP",
                      constraints=[{"type": "ineq", "fun": lambda v: signed @ v - 1.0, "jac": lambda v: signed}],
                      options={"ftol": 1e-14, "maxiter": 1000})
    if not result.success:
        raise RuntimeError(f"margin: the quadratic programme failed: {result.message}")
    v = result.x
    gamma = float(np.min(signed @ v) / np.linalg.norm(v))
    radius = float(np.max(np.linalg.norm(extended, axis=1)))
    return gamma, radius


def mistake_bound(x, y) -> float:
    """Novikoff's bound ``(R / gamma)**2`` on the updates of :func:`train_perceptron` from zero."""
    gamma, radius = margin_and_radius(x, y)
    return (radius / gamma) ** 2


def plot_mistakes(runs, *, ax=None):
    """Mistakes per epoch of several perceptron runs on one Axes.

    Each run gets its own colour, line style and marker, so runs with identical curves stay
    distinguishable (the later one is drawn over the earlier one, dashed).

    Parameters
    ----------
    runs : dict[str, PerceptronRun]
        Legend label -> run.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlwiki.plots import _axes  # local: importing this module needs no Matplotlib
    from matplotlib.ticker import MaxNLocator

    if not isinstance(runs, dict) or not runs or not all(isinstance(r, PerceptronRun) for r in runs.values()):
        raise TypeError("runs must be a non-empty dict of name -> PerceptronRun")
    ax = _axes(ax)
    styles = [("-", "o"), ("--", "s"), (":", "^"), ("-.", "D"), ((0, (5, 1, 1, 1)), "v")]
    for index, (name, run) in enumerate(runs.items()):
        line_style, marker = styles[index % len(styles)]
        epochs = np.arange(1, run.mistakes_per_epoch.size + 1)
        ax.plot(epochs, run.mistakes_per_epoch, linestyle=line_style, marker=marker, markersize=4,
                linewidth=1.8, label=name)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel("mistakes in the epoch")
    ax.legend(loc="center right")
    ax.grid(True, alpha=0.3)
    return ax
