"""Element-wise activations (and softmax) as layers, plus their stable formulas.

The pure functions :func:`sigmoid`, :func:`log_sigmoid`, :func:`softmax` and
:func:`log_softmax` are written so that inputs of +/-1000 give exact 0/1 limits
instead of overflow warnings, nan or inf; the losses reuse them.
"""

from __future__ import annotations

import numpy as np

from mlwiki.nn.layer import Layer, _all_finite, _as_float_batch

__all__ = ["Sigmoid", "Tanh", "ReLU", "Softmax", "sigmoid", "log_sigmoid", "softmax", "log_softmax"]


def _real(name: str, z, *, min_ndim: int = 0, masked: bool = False) -> np.ndarray:
    """``z`` as a float array after checking it holds finite real numbers (ints become float64).

    ``masked``: for the softmaxes, -inf is allowed too -- a masked entry, whose weight is 0 --
    as long as every row keeps at least one finite entry.
    """
    arr = np.asarray(z)
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"{name}: z must hold real numbers, got dtype {arr.dtype}")
    if arr.ndim < min_ndim:
        raise ValueError(f"{name}: z must have at least {min_ndim} dimension(s), got shape {arr.shape}")
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    if _all_finite(arr):
        return arr
    if not masked:
        raise ValueError(f"{name}: z contains non-finite values (nan or inf)")
    if np.isnan(arr).any() or np.isposinf(arr).any():
        raise ValueError(f"{name}: z contains nan or +inf (only -inf, a masked entry, is allowed)")
    if np.isneginf(arr).all(axis=-1).any():
        raise ValueError(f"{name}: a row of z is entirely -inf (every entry masked): its softmax is 0/0")
    return arr


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-z)), element-wise, without overflow.

    ``exp`` only ever sees ``-|z|`` (<= 0), so it cannot overflow: for z >= 0 we use
    1 / (1 + e^{-z}); for z < 0 the equal form e^{z} / (1 + e^{z}).
    """
    return _sigmoid(_real("sigmoid", z))


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log(sigmoid(z)) = -softplus(-z) = min(z, 0) - log(1 + e^{-|z|}), stable for any z."""
    return _log_sigmoid(_real("log_sigmoid", z))


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis; shifting by the row maximum keeps exp() <= 1.

    An entry of -inf (a masked position, as in causal attention) gets weight exactly 0.
    """
    return _softmax(_real("softmax", z, min_ndim=1, masked=True))


def log_softmax(z: np.ndarray) -> np.ndarray:
    """log(softmax(z)) over the last axis via the log-sum-exp trick (never log(0))."""
    return _log_softmax(_real("log_softmax", z, min_ndim=1, masked=True))


# The formulas themselves, for callers that have already checked their input (layers, losses).

def _sigmoid(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(e.dtype, copy=False)


def _log_sigmoid(z):
    return np.minimum(z, 0) - np.log1p(np.exp(-np.abs(z)))


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


class _Elementwise(Layer):
    """Shared plumbing: check and cache the input, apply ``_f``; backward multiplies by ``_df``."""

    def forward(self, x):
        x = _as_float_batch(type(self).__name__, x)
        self._x = x
        self._y = self._f(x)
        return self._remember_output_shape(self._y)

    def backward(self, output_gradient):
        grad = self._check_output_gradient(output_gradient)
        return grad * self._df()


class Sigmoid(_Elementwise):
    """y = 1 / (1 + e^{-x}); dy/dx = y (1 - y).  Any shape with a batch axis."""

    def _f(self, x):
        return _sigmoid(x)

    def _df(self):
        return self._y * (1 - self._y)


class Tanh(_Elementwise):
    """y = tanh(x); dy/dx = 1 - y^2.  Any shape with a batch axis."""

    def _f(self, x):
        return np.tanh(x)

    def _df(self):
        return 1 - self._y * self._y


class ReLU(_Elementwise):
    """y = max(x, 0); dy/dx = 1 where x > 0 else 0.  Any shape with a batch axis."""

    def _f(self, x):
        return np.maximum(x, 0)

    def _df(self):
        # A boolean mask: multiplying by it keeps the gradient's dtype (True -> 1, False -> 0).
        return self._x > 0


class Softmax(Layer):
    """Softmax over the last axis: y_i = e^{x_i} / sum_j e^{x_j}.

    x : (batch, ..., n_classes) -> y of the same shape, rows summing to 1.
    The Jacobian is diag(y) - y y^T, so backward needs no matrix:
    dE/dx = y * (g - sum(g * y)) with g = dE/dy.
    For training, prefer a linear output with
    ``CategoricalCrossEntropy(from_logits=True)``: same model, better gradients.
    """

    def forward(self, x):
        x = _as_float_batch("Softmax", x)
        self._y = _softmax(x)
        return self._remember_output_shape(self._y)

    def backward(self, output_gradient):
        grad = self._check_output_gradient(output_gradient)
        y = self._y
        return y * (grad - (grad * y).sum(axis=-1, keepdims=True))
