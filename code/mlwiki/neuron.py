"""One sigmoid neuron trained by stochastic gradient descent on squared error.

The neuron maps an input ``x`` of ``n_in`` features to ``p = sigmoid(w . x + b)``.
For one sample with target ``t`` the error is ``(p - t)^2`` and the chain rule gives::

    dE/dp = 2 (p - t)
    dp/dz = sigmoid(z) (1 - sigmoid(z)) = p (1 - p)      with z = w . x + b
    dz/dw = x,  dz/db = 1
    => dE/dw = 2 (p - t) p (1 - p) x,   dE/db = 2 (p - t) p (1 - p)

Stochastic gradient descent picks one sample at random (with replacement) per
iteration and steps against that sample's gradient.  :func:`train_sgd` records the
*cumulative* squared error, summed over all samples, every ``record_every`` steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki.nn.activations import sigmoid

__all__ = [
    "SigmoidNeuron",
    "TrainingHistory",
    "tutorial_points",
    "sigmoid_derivative",
    "gradients",
    "cumulative_error",
    "train_sgd",
    "plot_inputs_and_weights",
]


def tutorial_points():
    """The eight labelled 2-D points of the single-neuron tutorial.

    Returns
    -------
    x : ndarray of shape (8, 2)
        Inputs.
    targets : ndarray of shape (8,)
        Targets, 0 or 1 (as floats).
    """
    x = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]], dtype=float)
    targets = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)
    return x, targets


def sigmoid_derivative(z):
    """Derivative of the sigmoid at the pre-activation ``z``: ``sigmoid(z) (1 - sigmoid(z))``.

    Note the argument is ``z``, not the output ``sigmoid(z)``; ``p (1 - p)`` is the same
    number written in terms of the output.
    """
    s = sigmoid(np.asarray(z, dtype=float))
    return s * (1.0 - s)


@dataclass(frozen=True)
class SigmoidNeuron:
    """A single neuron ``p = sigmoid(w . x + b)``; immutable, so training returns a new one.

    Attributes
    ----------
    weights : ndarray of shape (n_in,)
        Read-only copy of the weights.
    bias : float
    """

    weights: np.ndarray
    bias: float

    def __post_init__(self):
        weights = _check_finite_array("weights", self.weights, ndim=1, dtype=float).copy()
        if weights.size == 0:
            raise ValueError("weights must have at least one entry")
        weights.flags.writeable = False
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "bias", float(_check_finite_array("bias", self.bias, ndim=0, dtype=float)))

    @classmethod
    def random(cls, n_in=2, *, rng):
        """Weights and bias drawn from a standard normal distribution, as in the tutorial."""
        n_in = _check_positive_int("n_in", n_in)
        rng = _check_rng("rng", rng)
        return cls(rng.standard_normal(n_in), rng.standard_normal())

    @property
    def n_in(self) -> int:
        return self.weights.size

    def _inputs(self, x):
        x = _check_finite_array("x", x, dtype=float)
        if x.ndim not in (1, 2) or x.shape[-1] != self.n_in:
            raise ValueError(f"x must have shape (n_in,) or (n_samples, n_in) with n_in = {self.n_in}, got {x.shape}")
        return x

    def pre_activation(self, x):
        """``z = x . w + b``: x of shape (n_in,) or (n_samples, n_in) -> float or (n_samples,)."""
        return self._inputs(x) @ self.weights + self.bias

    def predict(self, x):
        """Output ``sigmoid(z)`` in (0, 1): x of shape (n_in,) or (n_samples, n_in) -> float or (n_samples,)."""
        return sigmoid(self.pre_activation(x))

    def classify(self, x):
        """Class 1 where the output exceeds 0.5 (i.e. ``z > 0``), else 0; ints of shape (n_samples,)."""
        return (self.pre_activation(x) > 0).astype(int)


def _check_data(neuron, x, targets):
    if not isinstance(neuron, SigmoidNeuron):
        raise ValueError(f"neuron must be a SigmoidNeuron, got {type(neuron).__name__}")
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != neuron.n_in:
        raise ValueError(f"x must have shape (n_samples, {neuron.n_in}), got {x.shape}")
    targets = _check_finite_array("targets", targets, ndim=1, dtype=float)
    if targets.shape[0] != x.shape[0]:
        raise ValueError(f"targets must have one entry per row of x ({x.shape[0]}), got {targets.shape[0]}")
    if x.shape[0] == 0:
        raise ValueError("x must contain at least one sample")
    return x, targets


def gradients(neuron, x, target):
    """Gradient of the squared error ``(p - t)^2`` of ONE sample.

    Parameters
    ----------
    neuron : SigmoidNeuron
    x : array-like of shape (n_in,)
    target : float

    Returns
    -------
    grad_weights : ndarray of shape (n_in,)
        ``2 (p - t) p (1 - p) x``.
    grad_bias : float
        ``2 (p - t) p (1 - p)``.
    """
    x, targets = _check_data(neuron, np.atleast_2d(x), np.atleast_1d(target))
    if x.shape[0] != 1:
        raise ValueError(f"x must be a single sample of shape ({neuron.n_in},), got {x.shape}")
    return _gradient(neuron.weights, neuron.bias, x[0], targets[0])


def _gradient(weights, bias, x, target):
    """(dE/dw, dE/db) for one sample, on unchecked arrays (shared by gradients and train_sgd)."""
    z = float(x @ weights + bias)
    # Stable scalar sigmoid: exp only ever sees -|z|.  (Plain floats: this runs once per
    # SGD step, where NumPy's per-call overhead would dominate.)
    e = math.exp(-abs(z))
    p = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
    delta = 2.0 * (p - float(target)) * p * (1.0 - p)  # dE/dz; p (1 - p) = sigmoid_derivative(z)
    return delta * x, delta


def cumulative_error(neuron, x, targets) -> float:
    """Squared error summed over all samples: ``sum_i (p_i - t_i)^2``.

    x : array-like of shape (n_samples, n_in); targets : array-like of shape (n_samples,).
    """
    x, targets = _check_data(neuron, x, targets)
    return float(np.sum((neuron.predict(x) - targets) ** 2))


def _sum_squared_error(weights, bias, x, targets) -> float:
    return float(np.sum((sigmoid(x @ weights + bias) - targets) ** 2))


@dataclass(frozen=True)
class TrainingHistory:
    """What :func:`train_sgd` returns.

    Attributes
    ----------
    iterations : ndarray of shape (n_records,)
        Number of SGD steps taken when each error was recorded (0, record_every, ...).
    cumulative_error : ndarray of shape (n_records,)
        Squared error summed over all samples at those moments.
    neuron : SigmoidNeuron
        The trained neuron (the one passed in is left unchanged).
    """

    iterations: np.ndarray
    cumulative_error: np.ndarray
    neuron: SigmoidNeuron


def train_sgd(neuron, x, targets, *, lr, iterations, rng, record_every=100) -> TrainingHistory:
    """Stochastic gradient descent on squared error, one random sample per step.

    Each step draws a sample index uniformly with replacement from ``rng`` and moves
    the weights and bias by ``-lr`` times that sample's gradient.  The cumulative error
    is recorded before the first step and after every ``record_every`` steps.  (The
    tutorial this follows recorded just *after* steps 0, 100, ..., so its curve is
    shifted by one step and lacks the starting value.)

    Parameters
    ----------
    neuron : SigmoidNeuron
        Starting point; not modified (a new neuron is returned in the history).
    x : array-like of shape (n_samples, n_in)
    targets : array-like of shape (n_samples,)
    lr : float
        Learning rate (> 0).
    iterations : int
        Number of SGD steps (> 0).
    rng : numpy.random.Generator
        Source of the sample order.
    record_every : int
        Steps between error records (> 0).

    Returns
    -------
    TrainingHistory
    """
    x, targets = _check_data(neuron, x, targets)
    lr = _check_positive("lr", lr)
    iterations = _check_positive_int("iterations", iterations)
    record_every = _check_positive_int("record_every", record_every)
    rng = _check_rng("rng", rng)

    # The loop works on plain arrays: inputs were checked once above, and rebuilding a
    # validated SigmoidNeuron every step would cost more than the step itself.
    weights, bias = neuron.weights.copy(), neuron.bias
    picks = rng.integers(x.shape[0], size=iterations)
    recorded_at, errors = [0], [_sum_squared_error(weights, bias, x, targets)]
    for step, i in enumerate(picks, start=1):
        grad_w, grad_b = _gradient(weights, bias, x[i], targets[i])
        weights = weights - lr * grad_w
        bias = bias - lr * grad_b
        if step % record_every == 0:
            recorded_at.append(step)
            errors.append(_sum_squared_error(weights, bias, x, targets))
    current = SigmoidNeuron(weights, bias)
    return TrainingHistory(np.array(recorded_at), np.array(errors), current)


def _decision_line(weights, bias, xlim, ylim):
    """Two points of the line ``w . x + b = 0`` spanning the box (solved for the better-conditioned coordinate)."""
    w1, w2 = weights
    if abs(w2) >= abs(w1):
        xs = np.array(xlim, dtype=float)
        ys = -(w1 * xs + bias) / w2
    else:
        ys = np.array(ylim, dtype=float)
        xs = -(w2 * ys + bias) / w1
    return xs, ys


def plot_inputs_and_weights(x, targets, neuron, *, ax=None):
    """Plot 2-D inputs by class, the weight vector as an arrow from the origin, and the decision line.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
    targets : array-like of shape (n_samples,)
        0 or 1.
    neuron : SigmoidNeuron
        With ``n_in == 2``.  Its decision line ``w . x + b = 0`` is where the output is 0.5;
        the weight vector is perpendicular to it and points towards class 1.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x, targets = _check_data(neuron, x, targets)
    if neuron.n_in != 2:
        raise ValueError(f"neuron must have n_in = 2 to be drawn in the plane, got {neuron.n_in}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 5))
    w = neuron.weights
    for label, colour, marker in ((0, "C3", "o"), (1, "C2", "s")):
        chosen = targets == label
        ax.scatter(x[chosen, 0], x[chosen, 1], color=colour, marker=marker, s=60,
                   edgecolor="black", zorder=3, label=f"target {label}")
    points = np.vstack([x, [0.0, 0.0], w])
    pad = 0.6
    xlim = (points[:, 0].min() - pad, points[:, 0].max() + pad)
    ylim = (points[:, 1].min() - pad, points[:, 1].max() + pad)
    ax.annotate("", xy=tuple(w), xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": "C0", "linewidth": 2})
    ax.plot([], [], color="C0", linewidth=2, label=f"weights w = ({w[0]:.2f}, {w[1]:.2f})")
    xs, ys = _decision_line(w, neuron.bias, xlim, ylim)
    ax.plot(xs, ys, color="black", linestyle="--", label="decision line w·x + b = 0")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("input $x_1$")
    ax.set_ylabel("input $x_2$")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    return ax
