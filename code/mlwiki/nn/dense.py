"""Fully connected (dense) layer: ``y = x @ W + b``."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.nn.initialization import init_std
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype, _check_init

__all__ = ["Dense"]


class Dense(Layer):
    """Affine map from ``n_in`` to ``n_out`` features.

    Parameters
    ----------
    n_in, n_out : int
        Input and output feature counts.
    rng : numpy.random.Generator
        Source of the random initial weights (biases start at zero).
    dtype : {numpy.float64, numpy.float32}
        dtype of the parameters; inputs are cast to it.
    init : {"xavier", "he"}
        ``"xavier"`` draws weights from N(0, 2 / (n_in + n_out)) (suits tanh and
        sigmoid); ``"he"`` from N(0, 2 / n_in) (suits ReLU).  Both keep the
        variance of activations roughly constant from layer to layer
        (see :mod:`mlwiki.nn.initialization`).

    Shapes
    ------
    x : (batch, n_in) -> y : (batch, n_out); ``params["weights"]`` is
    (n_in, n_out), ``params["bias"]`` is (n_out,).  Extra axes between the batch
    and the features are kept: (batch, T, n_in) -> (batch, T, n_out) applies the
    same map at every position of a sequence (as ``torch.nn.Linear`` does).
    """

    def __init__(self, n_in: int, n_out: int, *, rng, dtype=np.float64, init: str = "xavier"):
        super().__init__()
        self.n_in = _check_positive_int("n_in", n_in)
        self.n_out = _check_positive_int("n_out", n_out)
        rng = _check_rng("rng", rng)
        self.dtype = _check_float_dtype(dtype)
        self.init = _check_init(init, ("xavier", "he"))
        weights = rng.standard_normal((self.n_in, self.n_out)) * init_std(self.n_in, self.n_out, self.init)
        self.params = {
            "weights": weights.astype(self.dtype),
            "bias": np.zeros(self.n_out, dtype=self.dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    def forward(self, x):
        """x : (batch, n_in) -> (batch, n_out), or (batch, ..., n_in) -> (batch, ..., n_out)."""
        x = _as_float_batch("Dense", x, dtype=self.dtype)
        if x.ndim < 2 or x.shape[-1] != self.n_in:
            raise ValueError(
                f"Dense: input x must have shape (batch, {self.n_in}), got {x.shape} "
                f"(extra axes before the features are allowed: (batch, ..., {self.n_in}))"
            )
        self._x = x
        return self._remember_output_shape(x @ self.params["weights"] + self.params["bias"])

    def accumulate_parameter_gradients(self, output_gradient) -> np.ndarray:
        """Add dE/dW and dE/db for the last batch to ``grads``; return the checked gradient."""
        grad = self._check_output_gradient(output_gradient)
        if grad.ndim > 2:
            self._accumulate_sequence_gradients(grad)
            return grad
        self.grads["weights"] += self._x.T @ grad  # dE/dW = x^T G
        self.grads["bias"] += grad.sum(axis=0)  # dE/db = G summed over the batch
        return grad

    def _accumulate_sequence_gradients(self, grad) -> None:
        """Sequences (batch, T, n_out): every position is one more row of the same map."""
        rows = grad.reshape(-1, self.n_out)
        self.grads["weights"] += self._x.reshape(-1, self.n_in).T @ rows
        self.grads["bias"] += rows.sum(axis=0)

    def backward(self, output_gradient):
        """output_gradient G : (batch, ..., n_out) -> dE/dx = G W^T of shape (batch, ..., n_in)."""
        grad = self.accumulate_parameter_gradients(output_gradient)
        return grad @ self.params["weights"].T

    def __repr__(self) -> str:
        return f"Dense({self.n_in}, {self.n_out}, init={self.init!r}, dtype={self.dtype.name})"
