"""Residual connection: add a sub-network's output to its own input."""

from __future__ import annotations

import numpy as np

from mlwiki.nn.layer import Layer

__all__ = ["Residual"]


class Residual(Layer):
    """y = x + f(x), where f runs the given layers one after another.

    The identity path carries the input, and the gradient, past the layers untouched:
    dE/dx = dE/dy + dE/dy * df/dx.  Deep stacks of such blocks train where the plain
    stack would not, and each block only has to learn a correction to its input
    (He et al., 2016).  A transformer wraps every sub-layer this way.

    Parameters
    ----------
    layers : sequence of Layer
        The branch f, applied first to last; its output must have the input's shape.

    Attributes
    ----------
    params, grads : dict
        Every parameter of the branch, under ``"<index>.<name>"`` (``"1.qkv_weights"`` is
        the ``qkv_weights`` of the second layer).  They are the branch layers' own arrays,
        not copies: an optimizer stepping the Residual steps the layers.
    """

    def __init__(self, layers):
        super().__init__()
        layers = list(layers)
        if not layers:
            raise ValueError("layers must be a non-empty sequence of Layer objects, got none")
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise ValueError(f"layers[{i}] must be a Layer, got {type(layer).__name__}")
        self.layers = layers
        for i, layer in enumerate(layers):
            for name, value in layer.params.items():
                self.params[f"{i}.{name}"] = value
                self.grads[f"{i}.{name}"] = layer.grads[name]

    def forward(self, x):
        """x -> x + f(x); f must keep the shape."""
        branch = x
        for layer in self.layers:
            branch = layer.forward(branch)
        x = np.asarray(x)
        if branch.shape != x.shape:
            raise ValueError(
                f"Residual: the branch must keep the input's shape {x.shape}, got {branch.shape}"
            )
        return self._remember_output_shape(x + branch)

    def backward(self, output_gradient):
        """dE/dx = dE/dy (identity path) + the branch's backward of dE/dy."""
        grad = self._check_output_gradient(output_gradient)
        branch_grad = grad
        for layer in reversed(self.layers):
            branch_grad = layer.backward(branch_grad)
        return grad + branch_grad

    def zero_grad(self) -> None:
        for layer in self.layers:
            layer.zero_grad()

    def __repr__(self) -> str:
        inner = ", ".join(repr(layer) for layer in self.layers)
        return f"Residual([{inner}])"
