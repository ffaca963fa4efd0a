"""Layer normalization: rescale every feature vector to zero mean and unit variance."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype

__all__ = ["LayerNorm"]


class LayerNorm(Layer):
    """Normalize over the last axis, then scale and shift (Ba, Kiros and Hinton, 2016).

    For each feature vector x of length n (one position of one sample)::

        x_hat = (x - mean(x)) / sqrt(var(x) + eps)        (var with 1/n, not 1/(n-1))
        y     = gamma * x_hat + beta

    Unlike batch normalization, nothing is averaged across samples or positions, so a
    sample's output does not depend on the rest of its batch, and training and
    inference compute the same thing.

    Parameters
    ----------
    n_features : int
        Length n of the last axis.
    eps : float
        Added to the variance so a constant vector does not divide by zero (PyTorch's
        default, 1e-5).
    dtype : {numpy.float64, numpy.float32}

    Shapes
    ------
    x : (batch, ..., n_features) -> y of the same shape; ``params["gamma"]`` (starts at
    ones) and ``params["beta"]`` (starts at zeros) are (n_features,).
    """

    def __init__(self, n_features: int, *, eps: float = 1e-5, dtype=np.float64):
        super().__init__()
        self.n_features = _check_positive_int("n_features", n_features)
        self.eps = _check_positive("eps", eps)
        self.dtype = _check_float_dtype(dtype)
        self.params = {
            "gamma": np.ones(self.n_features, dtype=self.dtype),
            "beta": np.zeros(self.n_features, dtype=self.dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    def forward(self, x):
        """x : (batch, ..., n_features) -> normalized, scaled and shifted, same shape."""
        x = _as_float_batch("LayerNorm", x, dtype=self.dtype)
        if x.ndim < 2 or x.shape[-1] != self.n_features:
            raise ValueError(
                f"LayerNorm: input x must have shape (batch, ..., {self.n_features}), got {x.shape}"
            )
        inv_n = 1.0 / self.n_features  # sum * (1/n): the same mean as np.mean, less overhead
        centred = x - x.sum(axis=-1, keepdims=True) * inv_n
        variance = (centred * centred).sum(axis=-1, keepdims=True) * inv_n
        self._inv_std = 1.0 / np.sqrt(variance + self.eps)
        self._x_hat = centred * self._inv_std
        return self._remember_output_shape(self._x_hat * self.params["gamma"] + self.params["beta"])

    def accumulate_parameter_gradients(self, output_gradient) -> None:
        """Add dE/d(gamma) and dE/d(beta) for the last batch (no dE/dx)."""
        grad = self._check_output_gradient(output_gradient).reshape(-1, self.n_features)
        self.grads["gamma"] += np.einsum("ij,ij->j", grad, self._x_hat.reshape(-1, self.n_features))
        self.grads["beta"] += grad.sum(axis=0)

    def backward(self, output_gradient):
        """output_gradient : shape of the output -> dE/dx of the same shape."""
        self.accumulate_parameter_gradients(output_gradient)
        grad_x_hat = np.asarray(output_gradient, dtype=self.dtype) * self.params["gamma"]
        # x_hat depends on x through the mean and the variance as well, which removes the
        # components of the gradient along (1, ..., 1) and along x_hat:
        # dE/dx = (g - mean(g) - x_hat * mean(g * x_hat)) / std,   with g = dE/dx_hat
        inv_n = 1.0 / self.n_features
        return self._inv_std * (
            grad_x_hat
            - grad_x_hat.sum(axis=-1, keepdims=True) * inv_n
            - self._x_hat * ((grad_x_hat * self._x_hat).sum(axis=-1, keepdims=True) * inv_n)
        )

    def __repr__(self) -> str:
        return f"LayerNorm({self.n_features}, eps={self.eps}, dtype={self.dtype.name})"
