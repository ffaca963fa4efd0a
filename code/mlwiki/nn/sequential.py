"""A stack of layers applied one after another, trained as one model."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.nn.layer import Layer

__all__ = ["Sequential"]


class Sequential:
    """Compose layers: forward runs them in order, backward in reverse.

    Parameters
    ----------
    layers : sequence of Layer
        Applied first to last.  The model owns no parameters of its own.
    """

    def __init__(self, layers):
        if isinstance(layers, Layer) or not hasattr(layers, "__iter__"):
            raise TypeError(f"layers must be a list of Layer objects, got {type(layers).__name__}")
        layers = list(layers)
        if not layers:
            raise ValueError("layers must be a non-empty sequence of Layer objects, got none")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(f"layers[{i}] must be a Layer, got {type(layer).__name__}")
        self.layers = layers

    def forward(self, x) -> np.ndarray:
        """Output of the last layer for the batch ``x``; each layer caches what backward needs."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    __call__ = forward

    def backward(self, output_gradient, *, input_gradient: bool = True) -> np.ndarray | None:
        """Back-propagate dE/d(output) through every layer; returns dE/d(input).

        Accumulates each layer's parameter gradients (see :meth:`zero_grad`).
        With ``input_gradient=False`` (what training uses) the first layer only
        accumulates its parameter gradients and None is returned.
        """
        if not isinstance(input_gradient, (bool, np.bool_)):
            raise TypeError(f"input_gradient must be True or False, got {input_gradient!r}")
        grad = output_gradient
        for layer in reversed(self.layers[1:]):
            grad = layer.backward(grad)
        if input_gradient:
            return self.layers[0].backward(grad)
        self.layers[0].accumulate_parameter_gradients(grad)
        return None

    def predict(self, x, *, batch_size: int | None = 256) -> np.ndarray:
        """Forward pass in evaluation mode over ``x`` in chunks of ``batch_size`` rows.

        Every layer's ``training`` flag is off during the call (dropout passes its input
        through) and restored afterwards.  ``batch_size`` None runs all rows at once;
        chunks keep memory bounded for large inputs.
        """
        if batch_size is not None:
            batch_size = _check_positive_int("batch_size", batch_size)
        x = np.asarray(x)
        if x.ndim < 1:
            raise ValueError(f"x must have a batch axis, got a scalar of shape {x.shape}")
        modes = [layer.training for layer in self.layers]
        try:
            for layer in self.layers:
                layer.training = False
            if batch_size is None or x.shape[0] <= batch_size:
                return self.forward(x)
            parts = [self.forward(x[i : i + batch_size]) for i in range(0, x.shape[0], batch_size)]
            return np.concatenate(parts, axis=0)
        finally:
            for layer, mode in zip(self.layers, modes):
                layer.training = mode

    def parameters(self) -> list[tuple[dict, dict]]:
        """``(params, grads)`` dict pairs of every layer that has parameters, in order."""
        return [pair for layer in self.layers for pair in layer.parameters()]

    def zero_grad(self) -> None:
        """Reset every layer's accumulated gradients to zero."""
        for layer in self.layers:
            layer.zero_grad()

    def n_parameters(self) -> int:
        """Total number of trainable scalars."""
        return sum(p.size for params, _ in self.parameters() for p in params.values())

    def __repr__(self) -> str:
        inner = ",\n".join(f"    {layer!r}" for layer in self.layers)
        return f"Sequential([\n{inner},\n])"
