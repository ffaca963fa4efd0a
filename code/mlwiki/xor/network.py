"""The two-layer network for XOR, its squared error, and that error's gradient by the chain rule.

Two lines combined separate XOR, which is what a network with one hidden layer computes::

    h = f(x W1 + b1)          hidden layer: n_hidden units, each one line through the plane
    y = f(h . w2 + b2)        output unit: one line through the hidden units' outputs

with ``f`` a threshold (``step``: 1 where its input is > 0, else 0) or the sigmoid.  This module
holds the network, its squared error ``E = sum_i (y_i - t_i)^2`` and that error's gradient
written out by the chain rule for exactly this network, with a finite-difference check of it.
(The general method -- backpropagation through any stack of layers -- comes later in the wiki;
nothing here uses it.)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki.neuron.model import _sigmoid
from mlwiki.xor.data import _check_points, _targets

__all__ = ["ACTIVATIONS", "TwoLayerNetwork", "squared_error", "gradients", "gradient_check"]

ACTIVATIONS = ("sigmoid", "step")


def _activate(z, activation):
    if activation == "step":
        return (z > 0).astype(float)
    return _sigmoid(z)


@dataclass(frozen=True)
class TwoLayerNetwork:
    """``2 -> n_hidden -> 1``: ``h = f(x W1 + b1)``, ``y = f(h . w2 + b2)``; immutable.

    Attributes
    ----------
    hidden_weights : ndarray of shape (2, n_hidden)
        Column ``j`` holds hidden unit ``j``'s two input weights.
    hidden_bias : ndarray of shape (n_hidden,)
    output_weights : ndarray of shape (n_hidden,)
    output_bias : float
    activation : {"sigmoid", "step"}
        ``f`` of every unit: the sigmoid, or the threshold ``1 if z > 0 else 0``.
    """

    hidden_weights: np.ndarray
    hidden_bias: np.ndarray
    output_weights: np.ndarray
    output_bias: float
    activation: str = "sigmoid"

    def __post_init__(self):
        w1 = _check_finite_array("hidden_weights", self.hidden_weights, ndim=2, dtype=float).copy()
        if w1.shape[0] != 2 or w1.shape[1] == 0:
            raise ValueError(f"hidden_weights must have shape (2, n_hidden) with n_hidden >= 1, got {w1.shape}")
        n_hidden = w1.shape[1]
        b1 = _check_finite_array("hidden_bias", self.hidden_bias, ndim=1, dtype=float).copy()
        if b1.shape != (n_hidden,):
            raise ValueError(f"hidden_bias must have shape ({n_hidden},), got {b1.shape}")
        w2 = _check_finite_array("output_weights", self.output_weights, ndim=1, dtype=float).copy()
        if w2.shape != (n_hidden,):
            raise ValueError(f"output_weights must have shape ({n_hidden},), got {w2.shape}")
        b2 = float(_check_finite_array("output_bias", self.output_bias, ndim=0, dtype=float))
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")
        for name, value in (("hidden_weights", w1), ("hidden_bias", b1), ("output_weights", w2)):
            value.flags.writeable = False
            object.__setattr__(self, name, value)
        object.__setattr__(self, "output_bias", b2)

    @classmethod
    def random(cls, n_hidden=2, *, rng):
        """Every weight and bias drawn from a standard normal distribution (sigmoid units).

        Drawn in the order hidden weights, hidden biases, output weights, output bias.
        """
        n_hidden = _check_positive_int("n_hidden", n_hidden)
        rng = _check_rng("rng", rng)
        return cls(rng.standard_normal((2, n_hidden)), rng.standard_normal(n_hidden),
                   rng.standard_normal(n_hidden), rng.standard_normal())

    @property
    def n_hidden(self) -> int:
        return self.hidden_weights.shape[1]

    def _inputs(self, x):
        x = _check_finite_array("x", x, dtype=float)
        if x.ndim != 2 or x.shape[1] != 2:
            raise ValueError(f"x must have shape (n_samples, 2), got {x.shape}")
        return x

    def hidden(self, x):
        """Hidden-unit outputs ``h``: x of shape (n_samples, 2) -> (n_samples, n_hidden)."""
        return _activate(self._inputs(x) @ self.hidden_weights + self.hidden_bias, self.activation)

    def predict(self, x):
        """Network output ``y``: x of shape (n_samples, 2) -> (n_samples,), in [0, 1]."""
        return _activate(self.hidden(x) @ self.output_weights + self.output_bias, self.activation)

    def classify(self, x):
        """Class 1 where the output exceeds 0.5, else 0: ints of shape (n_samples,)."""
        return (self.predict(x) > 0.5).astype(int)


def _check_network(network, *, trainable=False):
    if not isinstance(network, TwoLayerNetwork):
        raise TypeError(f"network must be a TwoLayerNetwork, got {type(network).__name__}")
    if trainable and network.activation != "sigmoid":
        raise ValueError("network must use sigmoid units to be trained: a threshold has no useful gradient")
    return network


def _check_data(x, targets):
    if x is None and targets is None:
        return _targets()
    if x is None or targets is None:
        raise ValueError("x and targets must be given together (or both left out for the XOR corners)")
    x, targets = _check_points(x, targets)
    return x, targets.astype(float)


def squared_error(network, x=None, targets=None) -> float:
    """``E = sum_i (y_i - t_i)^2`` over the points (the four XOR corners by default).

    Parameters
    ----------
    network : TwoLayerNetwork
    x : array-like of shape (n_samples, 2), optional
    targets : array-like of shape (n_samples,), optional
        0 or 1.

    Returns
    -------
    float
    """
    network = _check_network(network)
    x, targets = _check_data(x, targets)
    return float(np.sum((network.predict(x) - targets) ** 2))


def gradients(network, x=None, targets=None):
    """Gradient of :func:`squared_error` with respect to every weight and bias.

    Parameters
    ----------
    network : TwoLayerNetwork
        With sigmoid units.
    x : array-like of shape (n_samples, 2), optional
    targets : array-like of shape (n_samples,), optional
        The four XOR corners and their labels when both are left out.

    Returns
    -------
    grad_hidden_weights : ndarray of shape (2, n_hidden)
    grad_hidden_bias : ndarray of shape (n_hidden,)
    grad_output_weights : ndarray of shape (n_hidden,)
    grad_output_bias : float
    """
    network = _check_network(network, trainable=True)
    x, targets = _check_data(x, targets)
    return _gradients(network.hidden_weights, network.hidden_bias, network.output_weights,
                      network.output_bias, x, targets)


def _gradients(w1, b1, w2, b2, x, targets):
    """The chain rule for E = sum_i (y_i - t_i)^2, written out for this one network."""
    # Forward pass, keeping what the chain rule needs.
    h = _sigmoid(x @ w1 + b1)  # (n, H): hidden outputs
    y = _sigmoid(h @ w2 + b2)  # (n,): network outputs
    # Output unit: z_out = h . w2 + b2 and y = sigmoid(z_out), as for the single neuron:
    # dE/dz_out = dE/dy * dy/dz_out = 2 (y - t) * y (1 - y).
    d_out = 2.0 * (y - targets) * y * (1.0 - y)  # (n,)
    grad_w2 = h.T @ d_out  # dz_out/dw2 = h, summed over the points
    grad_b2 = float(d_out.sum())  # dz_out/db2 = 1
    # Hidden unit j: z_out depends on h_j through w2[j], and h_j = sigmoid(z_j), so
    # dE/dz_j = dE/dz_out * w2[j] * h_j (1 - h_j).
    d_hidden = d_out[:, None] * w2[None, :] * h * (1.0 - h)  # (n, H)
    grad_w1 = x.T @ d_hidden  # dz_j/dW1[:, j] = x
    grad_b1 = d_hidden.sum(axis=0)  # dz_j/db1[j] = 1
    return grad_w1, grad_b1, grad_w2, grad_b2


def _parameters(network):
    return [network.hidden_weights, network.hidden_bias, network.output_weights,
            np.array(network.output_bias)]


def gradient_check(network, x=None, targets=None, *, eps=1e-6) -> float:
    """Largest relative difference between :func:`gradients` and central finite differences.

    Every weight and bias is nudged by ``+eps`` and ``-eps`` in turn and the slope of
    :func:`squared_error`, ``(E(+) - E(-)) / (2 eps)``, is compared with the chain-rule
    gradient: ``|g - slope| / max(|g|, |slope|, 1e-12)``, maximised over all parameters.

    Parameters
    ----------
    network : TwoLayerNetwork
        With sigmoid units.
    x, targets
        As in :func:`gradients`.
    eps : float
        Nudge (> 0).

    Returns
    -------
    float
        Around 1e-8 or smaller when the gradient is right.
    """
    network = _check_network(network, trainable=True)
    x, targets = _check_data(x, targets)
    eps = _check_positive("eps", eps)
    analytic = [np.asarray(g, dtype=float) for g in gradients(network, x, targets)]
    worst = 0.0
    for k, parameter in enumerate(_parameters(network)):
        for index in np.ndindex(parameter.shape):
            slopes = []
            for sign in (1.0, -1.0):
                nudged = [p.copy() for p in _parameters(network)]
                nudged[k][index] += sign * eps
                moved = TwoLayerNetwork(nudged[0], nudged[1], nudged[2], float(nudged[3]))
                slopes.append(float(np.sum((moved.predict(x) - targets) ** 2)))
            slope = (slopes[0] - slopes[1]) / (2 * eps)
            g = float(analytic[k][index])
            worst = max(worst, abs(g - slope) / max(abs(g), abs(slope), 1e-12))
    return worst
