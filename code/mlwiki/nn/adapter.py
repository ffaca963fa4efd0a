"""Adapter: a small residual bottleneck inserted into a frozen network (Houlsby et al., 2019).

``y = x + relu(x @ W_down + b_down) @ W_up + b_up``.  The input of ``n_features``
is squeezed to ``n_bottleneck`` numbers and expanded back, and the result is *added*
to the input.  ``W_up`` and ``b_up`` start at zero, so a freshly inserted adapter is
exactly the identity: the pretrained network computes what it did before, and
training moves it away from there only as far as the data asks.  Its parameter
count, ``2 * n_features * n_bottleneck + n_bottleneck + n_features``, is small next to a
dense layer of the same width.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype

__all__ = ["Adapter"]


class Adapter(Layer):
    """Residual bottleneck layer, the identity at initialisation.

    Parameters
    ----------
    n_features : int
        Width of the input and the output.
    n_bottleneck : int
        Width of the hidden bottleneck (usually much smaller than ``n_features``).
    rng : numpy.random.Generator
        Draws ``W_down`` from N(0, 2 / n_features) (He initialisation, for the ReLU).
    dtype : {numpy.float64, numpy.float32}

    Shapes
    ------
    x : (batch, n_features) -> y : (batch, n_features).  ``params``: ``down_weights``
    (n_features, n_bottleneck), ``down_bias`` (n_bottleneck,), ``up_weights``
    (n_bottleneck, n_features), ``up_bias`` (n_features,).
    """

    def __init__(self, n_features: int, n_bottleneck: int, *, rng, dtype=np.float64):
        super().__init__()
        self.n_features = _check_positive_int("n_features", n_features)
        self.n_bottleneck = _check_positive_int("n_bottleneck", n_bottleneck)
        rng = _check_rng("rng", rng)
        self.dtype = _check_float_dtype(dtype)
        std = np.sqrt(2.0 / self.n_features)
        self.params = {
            "down_weights": (rng.standard_normal((self.n_features, self.n_bottleneck)) * std).astype(self.dtype),
            "down_bias": np.zeros(self.n_bottleneck, dtype=self.dtype),
            # Zero up-projection: the adapter starts as the identity map.
            "up_weights": np.zeros((self.n_bottleneck, self.n_features), dtype=self.dtype),
            "up_bias": np.zeros(self.n_features, dtype=self.dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    def forward(self, x):
        """x : (batch, n_features) -> x + relu(x W_down + b_down) W_up + b_up."""
        x = _as_float_batch("Adapter", x, dtype=self.dtype)
        if x.ndim != 2 or x.shape[1] != self.n_features:
            raise ValueError(f"Adapter: input x must have shape (batch, {self.n_features}), got {x.shape}")
        self._x = x
        self._hidden = np.maximum(x @ self.params["down_weights"] + self.params["down_bias"], 0)
        y = x + self._hidden @ self.params["up_weights"] + self.params["up_bias"]
        return self._remember_output_shape(y)

    def _hidden_gradient(self, grad: np.ndarray) -> np.ndarray:
        """Accumulate all parameter gradients; return dE/d(bottleneck pre-activation)."""
        p, g = self.params, self.grads
        g["up_weights"] += self._hidden.T @ grad
        g["up_bias"] += grad.sum(axis=0)
        # The ReLU passes gradient only where its input was positive (= where the output is).
        hidden_gradient = (grad @ p["up_weights"].T) * (self._hidden > 0)
        g["down_weights"] += self._x.T @ hidden_gradient
        g["down_bias"] += hidden_gradient.sum(axis=0)
        return hidden_gradient

    def accumulate_parameter_gradients(self, output_gradient) -> None:
        """Add dE/d(every parameter) for the last batch to ``grads`` (no dE/dx)."""
        self._hidden_gradient(self._check_output_gradient(output_gradient))

    def backward(self, output_gradient):
        """output_gradient : (batch, n_features) -> dE/dx, the skip path plus the bottleneck path."""
        grad = self._check_output_gradient(output_gradient)
        hidden_gradient = self._hidden_gradient(grad)
        return grad + hidden_gradient @ self.params["down_weights"].T

    def __repr__(self) -> str:
        return f"Adapter({self.n_features}, {self.n_bottleneck}, dtype={self.dtype.name})"
