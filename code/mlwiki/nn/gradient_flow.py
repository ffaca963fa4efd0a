"""How large the gradients are in each layer of a deep network.

Backpropagation multiplies the gradient, layer after layer, by ``W^T`` and by the
activation's derivative.  The sigmoid's derivative is at most 1/4, so through a stack of
sigmoid layers the gradient of the early layers shrinks roughly geometrically: the
*vanishing gradient* problem.  :func:`weight_gradient_norms` measures it for any
network; :func:`dense_stack` builds the deep, equal-width networks to measure.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.nn.activations import ReLU, Sigmoid, Tanh
from mlwiki.nn.dense import Dense
from mlwiki.nn.sequential import Sequential
from mlwiki.nn.training import _check_data, _check_loss, _check_model

__all__ = ["dense_stack", "weight_gradient_norms"]

_ACTIVATIONS = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": ReLU}


def dense_stack(n_in: int, width: int, n_hidden: int, n_out: int, activation: str, *, rng,
                init: str = "xavier") -> Sequential:
    """``n_hidden`` dense layers of ``width`` units, each followed by ``activation``, then a linear output.

    Parameters
    ----------
    n_in, width, n_out : int
        Input features, hidden units per layer, outputs.
    n_hidden : int
        Number of hidden layers (the network has ``n_hidden + 1`` dense layers).
    activation : {"sigmoid", "tanh", "relu"}
    rng : numpy.random.Generator
    init : {"xavier", "he"}
        Initialisation of every dense layer.
    """
    n_in, width = _check_positive_int("n_in", n_in), _check_positive_int("width", width)
    n_hidden, n_out = _check_positive_int("n_hidden", n_hidden), _check_positive_int("n_out", n_out)
    if not isinstance(activation, str) or activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    rng = _check_rng("rng", rng)
    layers = []
    for index in range(n_hidden):
        layers += [Dense(n_in if index == 0 else width, width, rng=rng, init=init), _ACTIVATIONS[activation]()]
    layers.append(Dense(width, n_out, rng=rng, init=init))
    return Sequential(layers)


def weight_gradient_norms(model, loss, x, y) -> np.ndarray:
    """Euclidean norm of dE/dW for every dense layer's weights, first layer first.

    One forward and backward pass of the mean loss over all of ``(x, y)``; the model's
    accumulated gradients are overwritten.

    Returns
    -------
    ndarray of shape (n_dense_layers,)
    """
    _check_model(model)
    _check_loss(loss)
    x, y = _check_data("x", "y", x, y)
    model.zero_grad()
    y_pred = model.forward(x)
    model.backward(loss.gradient(y_pred, y), input_gradient=False)
    return np.array([np.linalg.norm(layer.grads["weights"]) for layer in model.layers if isinstance(layer, Dense)])
