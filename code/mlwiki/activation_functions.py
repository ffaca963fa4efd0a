"""Plain activation functions and their derivatives, side by side.

An artificial neuron computes a weighted sum ``z = w . x + b`` and passes it through an
*activation function*.  This module collects the common ones with their derivatives, as
plain NumPy functions of ``z`` (any shape, element-wise):

========  ===========================  =====================  ================================
name      f(z)                         range                  f'(z)
========  ===========================  =====================  ================================
step      1 if z > 0 else 0            {0, 1}                 0 for z != 0 (undefined at 0)
sigmoid   1 / (1 + e^(-z))             (0, 1)                 f(z) (1 - f(z))
tanh      (e^z - e^-z) / (e^z + e^-z)  (-1, 1)                1 - f(z)^2
ReLU      max(z, 0)                    [0, inf)               1 if z > 0 else 0 (undefined at 0)
========  ===========================  =====================  ================================

The sigmoid and the softmax themselves are the numerically stable versions in
:mod:`mlwiki.nn.activations`; this module reuses them.  The softmax maps a vector of scores to
probabilities, so its derivative is a matrix, :func:`softmax_jacobian`.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.nn.activations import sigmoid, softmax

__all__ = ["step", "step_derivative", "sigmoid_derivative", "tanh_derivative", "relu", "relu_derivative",
           "softmax_jacobian", "error_along_weight", "plot_activations", "plot_along_weight"]


def _as_array(name: str, z) -> np.ndarray:
    return _check_finite_array(name, z).astype(np.float64, copy=False)


def step(z) -> np.ndarray:
    """Heaviside step: 1.0 where ``z > 0``, 0.0 elsewhere (0 at ``z = 0``, like the perceptron)."""
    z = _as_array("z", z)
    return (z > 0).astype(np.float64)


def step_derivative(z) -> np.ndarray:
    """Derivative of :func:`step`: 0 everywhere it exists.

    At ``z = 0`` the step jumps and has no derivative; 0 is returned there too, which is what
    any gradient-based learner would see.
    """
    return np.zeros_like(_as_array("z", z))


def sigmoid_derivative(z) -> np.ndarray:
    """d sigmoid / dz = sigmoid(z) (1 - sigmoid(z)), at most 1/4 (at z = 0)."""
    s = sigmoid(_as_array("z", z))
    return s * (1.0 - s)


def tanh_derivative(z) -> np.ndarray:
    """d tanh / dz = 1 - tanh(z)^2, at most 1 (at z = 0)."""
    t = np.tanh(_as_array("z", z))
    return 1.0 - t * t


def relu(z) -> np.ndarray:
    """Rectified linear unit, max(z, 0)."""
    return np.maximum(_as_array("z", z), 0.0)


def relu_derivative(z) -> np.ndarray:
    """1.0 where ``z > 0``, 0.0 elsewhere (the kink at 0 gets 0, as in :class:`mlwiki.nn.ReLU`)."""
    return (_as_array("z", z) > 0).astype(np.float64)


def softmax_jacobian(z) -> np.ndarray:
    """Matrix of derivatives of the softmax of one score vector.

    Parameters
    ----------
    z : array-like of shape (n_classes,)

    Returns
    -------
    ndarray of shape (n_classes, n_classes)
        Entry ``[i, j]`` is ``d p_i / d z_j = p_i (delta_ij - p_j)``: ``diag(p) - p p^T``.
        Every column sums to 0, because the probabilities always sum to 1.
    """
    z = _check_finite_array("z", z, ndim=1).astype(np.float64)
    if z.size == 0:
        raise ValueError("z must hold at least one score, got an empty array")
    p = softmax(z)
    return np.diag(p) - np.outer(p, p)


def error_along_weight(activation, x, y, weights, bias, *, index: int, values) -> np.ndarray:
    """Sum of squared errors of one neuron as a single weight sweeps through ``values``.

    Parameters
    ----------
    activation : callable
        Element-wise activation such as :func:`step` or :func:`mlwiki.nn.sigmoid`.
    x : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
        Targets.
    weights : array-like of shape (n_features,)
        The other weights, held fixed.
    bias : float
    index : int
        Which weight to sweep, ``0 <= index < n_features``.
    values : array-like of shape (n_values,)
        The values it takes.

    Returns
    -------
    ndarray of shape (n_values,)
        ``sum_i (activation(w . x_i + b) - y_i)^2`` with ``w[index]`` set to each value.
    """
    if not callable(activation):
        raise TypeError(f"activation must be a function of z, got {type(activation).__name__}")
    x = _check_finite_array("x", x, ndim=2).astype(np.float64)
    y = _check_finite_array("y", y, ndim=1).astype(np.float64)
    if y.shape[0] != x.shape[0]:
        raise ValueError(f"y must have one target per row of x ({x.shape[0]}), got {y.shape[0]}")
    weights = _check_finite_array("weights", weights, ndim=1).astype(np.float64)
    if weights.shape[0] != x.shape[1]:
        raise ValueError(f"weights must have one entry per column of x ({x.shape[1]}), got {weights.shape[0]}")
    bias = float(_check_finite_array("bias", bias, ndim=0))
    if isinstance(index, bool) or not isinstance(index, (int, np.integer)) or not 0 <= index < x.shape[1]:
        raise ValueError(f"index must be an integer from 0 to {x.shape[1] - 1}, got {index!r}")
    values = _check_finite_array("values", values, ndim=1).astype(np.float64)
    # One row of weights per swept value: (n_values, n_features).
    sweep = np.tile(weights, (values.size, 1))
    sweep[:, index] = values
    outputs = np.asarray(activation(sweep @ x.T + bias))             # (n_values, n_samples)
    return ((outputs - y) ** 2).sum(axis=1)


def plot_activations(z, *, fig=None):
    """One panel per activation: step, sigmoid, tanh, ReLU and a two-class softmax.

    Each panel draws the function (solid) and its derivative (dashed) against ``z``.  The
    softmax panel shows both outputs of ``softmax((z, 0))``, which sum to 1; the first equals
    ``sigmoid(z)``.

    Parameters
    ----------
    z : array-like of shape (n_points,)
        Increasing pre-activation values.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    ndarray of matplotlib.axes.Axes, shape (5,)
    """
    import matplotlib.pyplot as plt  # local: the functions above need no Matplotlib

    from mlwiki.themes import current_theme

    z = _check_finite_array("z", z, ndim=1).astype(np.float64)
    if z.size < 2 or np.any(np.diff(z) <= 0):
        raise ValueError("z must be an increasing 1-D array of at least two values")
    if fig is None:
        fig = plt.figure(figsize=(12, 3), layout="constrained")
    theme = current_theme()
    colour, derivative_colour = theme.colors["blue"], theme.colors["orange"]
    axes = fig.subplots(1, 5, sharex=True)
    pairs = [(r"step", step(z), step_derivative(z)),
             (r"sigmoid $\sigma$", sigmoid(z), sigmoid_derivative(z)),
             (r"tanh", np.tanh(z), tanh_derivative(z)),
             (r"ReLU", relu(z), relu_derivative(z))]
    for ax, (title, values, slope) in zip(axes, pairs):
        # The step and the ReLU's derivative jump at 0: break the line there instead of
        # drawing a vertical segment that is not part of the function.
        ax.plot(z, _break_jumps(values), color=colour, label="f(z)")
        ax.plot(z, _break_jumps(slope), color=derivative_colour, linestyle="--", label="f'(z)")
        ax.set_title(title)
    two = softmax(np.column_stack([z, np.zeros_like(z)]))
    axes[4].plot(z, two[:, 0], color=colour, label=r"$p_1$")
    axes[4].plot(z, two[:, 1], color=theme.colors["green"], label=r"$p_2$")
    axes[4].plot(z, two[:, 0] * (1 - two[:, 0]), color=derivative_colour, linestyle="--",
                 label=r"$\partial p_1 / \partial z$")
    axes[4].set_title(r"softmax$((z, 0))$")
    axes[4].legend(loc="center right", fontsize="small")
    axes[0].legend(loc="upper left", fontsize="small")
    for ax in axes:
        ax.axhline(0, color=theme.muted, linewidth=0.6)
        ax.axvline(0, color=theme.muted, linewidth=0.6)
        ax.set_xlabel("$z$")
        ax.grid(True, alpha=0.3)
    return axes


def _break_jumps(values: np.ndarray) -> np.ndarray:
    """Insert NaN where consecutive samples jump by more than a quarter of the range."""
    out = values.astype(np.float64).copy()
    span = float(np.ptp(values)) or 1.0
    jumps = np.flatnonzero(np.abs(np.diff(values)) > 0.25 * span)
    out[jumps] = np.nan
    return out


def plot_along_weight(values, outputs, errors, *, xlabel="weight $w_1$", fig=None):
    """Two panels against one weight: a neuron's output for one input, and its total error.

    Parameters
    ----------
    values : array-like of shape (n_values,)
        The swept weight.
    outputs, errors : dict[str, array-like of shape (n_values,)]
        Label -> output (left panel) and label -> sum of squared errors (right panel); the
        same labels in both, in the same order, so each keeps its colour.
    xlabel : str
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
    """
    import matplotlib.pyplot as plt

    values = _check_finite_array("values", values, ndim=1).astype(np.float64)
    if not isinstance(outputs, dict) or not isinstance(errors, dict) or list(outputs) != list(errors):
        raise TypeError("outputs and errors must be dicts with the same labels in the same order")
    if fig is None:
        fig = plt.figure(figsize=(10, 3.8), layout="constrained")
    ax_out, ax_err = fig.subplots(1, 2, sharex=True)
    for name in outputs:
        line, = ax_out.plot(values, _break_jumps(np.asarray(outputs[name], dtype=float)), label=name)
        ax_err.plot(values, np.asarray(errors[name], dtype=float), color=line.get_color(), label=name)
    ax_out.set_ylabel("output for one input")
    ax_err.set_ylabel("sum of squared errors")
    for ax in (ax_out, ax_err):
        ax.set_xlabel(xlabel)
        ax.grid(True, alpha=0.3)
        ax.legend(loc="best", fontsize="small")
    return ax_out, ax_err
