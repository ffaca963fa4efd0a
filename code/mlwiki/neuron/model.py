"""One sigmoid neuron, its error, and the gradient of that error by the chain rule.

The neuron maps an input ``x`` of ``n_in`` features to ``p = sigmoid(w . x + b)``.
For one sample with target ``t`` the squared error is ``E = (p - t)^2`` and the chain rule
gives::

    dE/dp = 2 (p - t)
    dp/dz = sigmoid(z) (1 - sigmoid(z)) = p (1 - p)      with z = w . x + b
    dz/dw = x,  dz/db = 1
    => dE/dw = 2 (p - t) p (1 - p) x,   dE/db = 2 (p - t) p (1 - p)

The factor ``p (1 - p)`` is tiny when the neuron is saturated (``p`` near 0 or 1), so a
neuron that starts out confidently wrong barely moves.  The cross-entropy
``E = -[t ln p + (1 - t) ln(1 - p)]`` has ``dE/dp = (p - t) / (p (1 - p))``, which cancels
that factor: ``dE/dz = p - t``.  Both losses are available (``loss="squared_error"`` or
``"cross_entropy"``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng

__all__ = ["LOSSES", "sigmoid_derivative", "SigmoidNeuron", "gradients", "cumulative_error"]

LOSSES = ("squared_error", "cross_entropy")


def _sigmoid(z):
    """The logistic function ``1 / (1 + exp(-z))`` on an unchecked float array, without overflow.

    SciPy's ``expit`` evaluates it stably for any ``z`` (``exp`` never sees a large positive
    argument), in one pass, which matters inside loops that call it thousands of times.
    """
    return expit(z)


def sigmoid_derivative(z):
    """Derivative of the sigmoid at the pre-activation ``z``: ``sigmoid(z) (1 - sigmoid(z))``.

    Note the argument is ``z``, not the output ``sigmoid(z)``; ``p (1 - p)`` is the same
    number written in terms of the output.

    Parameters
    ----------
    z : float or array-like of any shape

    Returns
    -------
    float or ndarray of the same shape, in (0, 0.25]
    """
    s = _sigmoid(_check_finite_array("z", z, dtype=float))
    out = s * (1.0 - s)
    return float(out) if np.ndim(out) == 0 else out


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
        return _sigmoid(self.pre_activation(x))

    def classify(self, x):
        """Class 1 where the output exceeds 0.5 (i.e. ``z > 0``), else 0; ints of shape (n_samples,)."""
        return (self.pre_activation(x) > 0).astype(int)


def _check_neuron(neuron):
    if not isinstance(neuron, SigmoidNeuron):
        raise TypeError(f"neuron must be a SigmoidNeuron, got {type(neuron).__name__}")
    return neuron


def _check_data(n_in, x, targets):
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != n_in:
        raise ValueError(f"x must have shape (n_samples, {n_in}), got {x.shape}")
    if x.shape[0] == 0:
        raise ValueError("x must contain at least one sample")
    targets = _check_finite_array("targets", targets, ndim=1, dtype=float)
    if targets.shape[0] != x.shape[0]:
        raise ValueError(f"targets must have one entry per row of x ({x.shape[0]}), got {targets.shape[0]}")
    if np.any((targets < 0) | (targets > 1)):
        raise ValueError(f"targets must lie in [0, 1] (outputs of a sigmoid), got {np.unique(targets).tolist()}")
    return x, targets


def _check_loss(loss):
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    return loss


def gradients(neuron, x, target, *, loss="squared_error"):
    """Gradient of the loss on ONE sample with respect to the weights and the bias.

    Parameters
    ----------
    neuron : SigmoidNeuron
    x : array-like of shape (n_in,)
    target : float
        In [0, 1].
    loss : {"squared_error", "cross_entropy"}

    Returns
    -------
    grad_weights : ndarray of shape (n_in,)
        ``2 (p - t) p (1 - p) x`` for squared error, ``(p - t) x`` for cross-entropy.
    grad_bias : float
        The same without the factor ``x``.
    """
    neuron = _check_neuron(neuron)
    x = _check_finite_array("x", x, ndim=1, dtype=float)
    target = _check_finite_array("target", target, ndim=0, dtype=float)
    x, targets = _check_data(neuron.n_in, x[None, :], target[None])
    loss = _check_loss(loss)
    return _gradient(neuron.weights, neuron.bias, x[0], targets[0], loss)


def _gradient(weights, bias, x, target, loss="squared_error"):
    """(dE/dw, dE/db) for one sample, on unchecked arrays (shared by gradients and train_sgd)."""
    z = float(x @ weights + bias)
    # Stable scalar sigmoid: exp only ever sees -|z|.  (Plain floats: this runs once per
    # SGD step, where NumPy's per-call overhead would dominate.)
    e = math.exp(-abs(z))
    p = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
    if loss == "squared_error":
        # E = (p - t)^2:  dE/dz = dE/dp * dp/dz = 2 (p - t) * p (1 - p)
        delta = 2.0 * (p - target) * p * (1.0 - p)
    else:
        # E = -[t ln p + (1 - t) ln(1 - p)]:  dE/dp = (p - t) / (p (1 - p)), so dE/dz = p - t
        delta = p - target
    return delta * x, delta


def cumulative_error(neuron, x, targets) -> float:
    """Squared error summed over all samples: ``sum_i (p_i - t_i)^2``.

    x : array-like of shape (n_samples, n_in); targets : array-like of shape (n_samples,).
    """
    neuron = _check_neuron(neuron)
    x, targets = _check_data(neuron.n_in, x, targets)
    return _sum_squared_error(neuron.weights, neuron.bias, x, targets)


def _sum_squared_error(weights, bias, x, targets) -> float:
    return float(np.sum((_sigmoid(x @ weights + bias) - targets) ** 2))
