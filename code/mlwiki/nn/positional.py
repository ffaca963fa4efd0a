"""Sinusoidal positional encodings: tell attention where each token is.

Self-attention compares every position with every other and averages what it finds; nothing
in that computation depends on the order of the positions.  Adding a position-dependent
vector to every token embedding gives the model that order back.  Vaswani et al. (2017)
use fixed sinusoids of geometrically spaced wavelengths::

    PE[pos, 2i]     = sin(pos / 10000^(2i / d_model))
    PE[pos, 2i + 1] = cos(pos / 10000^(2i / d_model))      i = 0, 1, ..., d_model/2 - 1
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype

__all__ = ["sinusoidal_positional_encoding", "PositionalEncoding"]


def sinusoidal_positional_encoding(n_positions: int, d_model: int, *, base: float = 10000.0) -> np.ndarray:
    """The table of sinusoidal encodings of positions 0 to n_positions - 1.

    Parameters
    ----------
    n_positions : int
        Number of positions (rows).
    d_model : int
        Features per position; even, since dimensions come in (sin, cos) pairs.
    base : float
        10000 in the paper: the wavelengths run geometrically from 2 pi (pair 0) to
        almost ``2 pi * base`` (the last pair), in positions.

    Returns
    -------
    ndarray of float64, shape (n_positions, d_model)
        Row ``pos``; column ``2i`` holds sin(pos * w_i) and column ``2i + 1`` holds
        cos(pos * w_i), with angular frequency w_i = base^(-2i / d_model) (radians per position).
    """
    n_positions = _check_positive_int("n_positions", n_positions)
    d_model = _check_positive_int("d_model", d_model)
    if d_model % 2:
        raise ValueError(f"d_model must be even (sin, cos pairs), got {d_model}")
    if not (isinstance(base, (int, float)) and not isinstance(base, bool) and base > 1):
        raise ValueError(f"base must be a number > 1, got {base!r}")
    pair = np.arange(d_model // 2)  # i
    frequencies = float(base) ** (-2.0 * pair / d_model)  # w_i = 1 / base^(2i / d_model)
    angles = np.arange(n_positions)[:, None] * frequencies[None, :]  # (n_positions, d_model/2)
    table = np.empty((n_positions, d_model))
    table[:, 0::2] = np.sin(angles)
    table[:, 1::2] = np.cos(angles)
    return table


class PositionalEncoding(Layer):
    """Add the sinusoidal encoding of each position to the input (no parameters).

    Parameters
    ----------
    max_positions : int
        Longest sequence the layer accepts.
    d_model : int
        Features per position (even).
    dtype : {numpy.float64, numpy.float32}

    Shapes
    ------
    x : (batch, T, d_model) with T <= max_positions -> x + PE[:T], same shape.
    The gradient passes through unchanged.
    """

    def __init__(self, max_positions: int, d_model: int, *, dtype=np.float64):
        super().__init__()
        self.max_positions = _check_positive_int("max_positions", max_positions)
        self.d_model = _check_positive_int("d_model", d_model)
        self.dtype = _check_float_dtype(dtype)
        self.table = sinusoidal_positional_encoding(self.max_positions, self.d_model).astype(self.dtype)

    def forward(self, x):
        """x : (batch, T, d_model) -> x + PE[:T]."""
        x = _as_float_batch("PositionalEncoding", x, dtype=self.dtype)
        if x.ndim != 3 or x.shape[2] != self.d_model or x.shape[1] > self.max_positions:
            raise ValueError(
                f"PositionalEncoding: input x must have shape (batch, T, {self.d_model}) with "
                f"T <= {self.max_positions}, got {x.shape}"
            )
        return self._remember_output_shape(x + self.table[: x.shape[1]])

    def backward(self, output_gradient):
        """d(x + PE)/dx is the identity: the gradient passes through."""
        return self._check_output_gradient(output_gradient)

    def __repr__(self) -> str:
        return f"PositionalEncoding({self.max_positions}, {self.d_model}, dtype={self.dtype.name})"
