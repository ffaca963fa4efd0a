"""What a forward and a backward pass cost, counted in multiply-adds.

Almost all the arithmetic of a network is in its matrix products (dense layers) and
correlations (convolutions), and those are made of multiply-adds ``s += a * b``:

* a dense layer's forward pass ``x W`` on a batch of B rows costs B n_in n_out;
  its backward pass computes ``x^T G`` (dE/dW) and ``G W^T`` (dE/dx), each again
  B n_in n_out: twice the forward cost;
* a convolution's forward pass costs B C_out H_out W_out C_in k^2, and its backward
  pass computes the kernel gradient and the input gradient at that cost each: twice.

Element-wise layers (activations, pooling, reshaping) do work proportional to the
number of values they pass on, which is listed separately: for layers of any width it
is small next to the products.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki.nn.conv import _ConvLayer
from mlwiki.nn.dense import Dense

__all__ = ["LayerCost", "multiply_adds"]


@dataclass(frozen=True)
class LayerCost:
    """Cost of one layer for one batch.

    Attributes
    ----------
    layer : str
        The layer's repr.
    forward, backward : int
        Multiply-adds of the forward and backward pass (0 for element-wise layers).
    values : int
        Number of values the layer outputs (its element-wise work).
    """

    layer: str
    forward: int
    backward: int
    values: int


def multiply_adds(model, input_shape, *, input_gradient: bool = True) -> list[LayerCost]:
    """Count the multiply-adds of every layer of ``model`` for a batch of ``input_shape``.

    Parameters
    ----------
    model : Sequential
        Its layers are run once on zeros of ``input_shape`` to learn each layer's shapes.
    input_shape : tuple of int
        Shape of the input batch, batch axis first.
    input_gradient : bool
        Whether the first layer computes dE/dx (training does not need it, which saves
        that layer half its backward cost).

    Returns
    -------
    list of LayerCost, one per layer, in order.
    """
    layers = getattr(model, "layers", None)
    if not isinstance(layers, list):
        raise TypeError(f"model must be a Sequential, got {type(model).__name__}")
    try:
        shape = tuple(int(d) for d in input_shape)
    except (TypeError, ValueError):
        raise TypeError(f"input_shape must be a tuple of ints, got {input_shape!r}") from None
    if not shape or min(shape) < 1:
        raise ValueError(f"input_shape must be a non-empty tuple of positive ints, got {input_shape!r}")
    if not isinstance(input_gradient, (bool, np.bool_)):
        raise TypeError(f"input_gradient must be True or False, got {input_gradient!r}")
    x = np.zeros(shape)
    costs = []
    for index, layer in enumerate(layers):
        y = layer.forward(x)
        batch = x.shape[0]
        if isinstance(layer, Dense):
            forward = batch * layer.n_in * layer.n_out
        elif isinstance(layer, _ConvLayer):
            c_out, h_out, w_out = y.shape[1:]
            forward = batch * c_out * h_out * w_out * layer.in_channels * layer.kernel_size**2
        else:
            forward = 0
        # dE/dparams always; dE/dx unless this is the first layer and nobody needs it.
        backward = forward * (2 if (index > 0 or input_gradient) else 1)
        costs.append(LayerCost(repr(layer), int(forward), int(backward), int(y.size)))
        x = y
    return costs
