"""Gradient descent on the two-layer XOR network, one run or many at once, and what it learned.

:func:`train` takes one gradient step on all points at once per epoch; :func:`train_many` runs
many networks side by side as arrays, with the same arithmetic and the same results.
:func:`max_target_error` tells whether a trained network solved the task, and
:func:`pinned_corners` where a stuck one sits at an output of 0.5.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int
from mlwiki.neuron.model import _sigmoid
from mlwiki.xor.data import _targets
from mlwiki.xor.network import TwoLayerNetwork, _check_data, _check_network, _gradients, squared_error

__all__ = ["TrainingRun", "train", "train_many", "max_target_error", "pinned_corners"]


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train` returns.

    Attributes
    ----------
    loss : ndarray of shape (epochs + 1,)
        :func:`squared_error` before training and after every epoch.
    network : TwoLayerNetwork
        The trained network (the one passed in is left unchanged).
    """

    loss: np.ndarray
    network: TwoLayerNetwork


def train(network, *, lr, epochs, x=None, targets=None) -> TrainingRun:
    """Gradient descent on :func:`squared_error`: one step per epoch on all points at once.

    Parameters
    ----------
    network : TwoLayerNetwork
        Starting point, with sigmoid units; not modified.
    lr : float
        Learning rate (> 0).
    epochs : int
        Number of steps (> 0).
    x, targets
        As in :func:`gradients`; the XOR corners by default.

    Returns
    -------
    TrainingRun
    """
    network = _check_network(network, trainable=True)
    lr = _check_positive("lr", lr)
    epochs = _check_positive_int("epochs", epochs)
    x, targets = _check_data(x, targets)
    w1, b1, w2, b2 = (network.hidden_weights.copy(), network.hidden_bias.copy(),
                      network.output_weights.copy(), network.output_bias)
    losses = []
    for _ in range(epochs):
        losses.append(float(np.sum((_sigmoid(_sigmoid(x @ w1 + b1) @ w2 + b2) - targets) ** 2)))
        g_w1, g_b1, g_w2, g_b2 = _gradients(w1, b1, w2, b2, x, targets)
        w1, b1, w2, b2 = w1 - lr * g_w1, b1 - lr * g_b1, w2 - lr * g_w2, b2 - lr * g_b2
    trained = TwoLayerNetwork(w1, b1, w2, b2)
    losses.append(squared_error(trained, x, targets))
    return TrainingRun(np.array(losses), trained)


def train_many(networks, *, lr, epochs, x=None, targets=None) -> list[TrainingRun]:
    """:func:`train` for many networks at once; the same runs, faster.

    All networks take their gradient steps together, as arrays with a leading "run" axis,
    instead of one Python loop per network.  The arithmetic is the same as in
    :func:`mlwiki.xor.network._gradients`; the tests check the results agree with :func:`train`.

    Parameters
    ----------
    networks : sequence of TwoLayerNetwork
        At least one, all with sigmoid units and the same ``n_hidden``.
    lr, epochs, x, targets
        As in :func:`train`.

    Returns
    -------
    list of TrainingRun
        One per network, in order.
    """
    networks = [networks] if isinstance(networks, TwoLayerNetwork) else list(networks)
    if not networks:
        raise ValueError("networks must contain at least one TwoLayerNetwork")
    for network in networks:
        _check_network(network, trainable=True)
    if len({n.n_hidden for n in networks}) != 1:
        raise ValueError(f"networks must all have the same n_hidden, got {sorted({n.n_hidden for n in networks})}")
    lr = _check_positive("lr", lr)
    epochs = _check_positive_int("epochs", epochs)
    x, targets = _check_data(x, targets)

    w1 = np.stack([n.hidden_weights for n in networks])  # (R, 2, H)
    b1 = np.stack([n.hidden_bias for n in networks])[:, None, :]  # (R, 1, H)
    w2 = np.stack([n.output_weights for n in networks])[:, :, None]  # (R, H, 1)
    b2 = np.array([n.output_bias for n in networks])[:, None, None]  # (R, 1, 1)
    t = targets[None, :, None]  # (1, n, 1)
    x_t = x.T  # (2, n)
    losses = np.empty((len(networks), epochs + 1))
    for epoch in range(epochs + 1):
        h = _sigmoid(x @ w1 + b1)  # (R, n, H)
        y = _sigmoid(h @ w2 + b2)  # (R, n, 1)
        losses[:, epoch] = np.sum((y - t) ** 2, axis=(1, 2))
        if epoch == epochs:
            break
        d_out = 2.0 * (y - t) * y * (1.0 - y)  # (R, n, 1)
        d_hidden = d_out * np.swapaxes(w2, 1, 2) * h * (1.0 - h)  # (R, n, H)
        w2 = w2 - lr * (np.swapaxes(h, 1, 2) @ d_out)
        b2 = b2 - lr * d_out.sum(axis=1, keepdims=True)
        w1 = w1 - lr * (x_t @ d_hidden)
        b1 = b1 - lr * d_hidden.sum(axis=1, keepdims=True)
    return [
        TrainingRun(losses[r], TwoLayerNetwork(w1[r], b1[r, 0], w2[r, :, 0], float(b2[r, 0, 0])))
        for r in range(len(networks))
    ]


def pinned_corners(network, *, tol=0.01):
    """Which of the four XOR corners the network's output sits at 0.5 (within ``tol``).

    Returns
    -------
    ndarray of bool, shape (4,)
        For the corners (0, 0), (0, 1), (1, 0), (1, 1).
    """
    network = _check_network(network)
    tol = _check_positive("tol", tol)
    x, _ = _targets()
    return np.abs(network.predict(x) - 0.5) < tol


def max_target_error(network, x=None, targets=None) -> float:
    """Largest ``|y_i - t_i|`` over the points (the four XOR corners by default).

    Below 0.5 means every point is classified correctly; below 0.1 means each output is
    also within 0.1 of its target.
    """
    network = _check_network(network)
    x, targets = _check_data(x, targets)
    return float(np.max(np.abs(network.predict(x) - targets)))
