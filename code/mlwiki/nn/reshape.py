"""Layers that only change the per-sample shape: :class:`Flatten` and :class:`Reshape`."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.nn.layer import Layer, _as_float_batch

__all__ = ["Flatten", "Reshape"]


class Flatten(Layer):
    """(batch, d1, d2, ...) -> (batch, d1 * d2 * ...); backward restores the shape."""

    def forward(self, x):
        x = _as_float_batch("Flatten", x)
        self._input_shape = x.shape
        return self._remember_output_shape(x.reshape(x.shape[0], -1))

    def backward(self, output_gradient):
        return self._check_output_gradient(output_gradient).reshape(self._input_shape)


class Reshape(Layer):
    """Reshape every sample to ``out_shape`` (the batch axis is kept).

    Parameters
    ----------
    out_shape : tuple of int
        Per-sample output shape, e.g. ``(1, 8, 8)`` to turn (batch, 64) into
        (batch, 1, 8, 8).  Its size must equal the per-sample input size.
    """

    def __init__(self, out_shape):
        super().__init__()
        if isinstance(out_shape, (str, bytes)) or not hasattr(out_shape, "__iter__"):
            raise TypeError(f"out_shape must be a tuple of positive ints, got {out_shape!r}")
        out_shape = tuple(out_shape)
        if not out_shape:
            raise ValueError("out_shape must have at least one entry, got ()")
        self.out_shape = tuple(_check_positive_int("out_shape entry", d) for d in out_shape)

    def forward(self, x):
        x = _as_float_batch("Reshape", x)
        per_sample = int(np.prod(x.shape[1:]))
        if per_sample != int(np.prod(self.out_shape)):
            raise ValueError(
                f"Reshape: input x with per-sample shape {x.shape[1:]} ({per_sample} values) "
                f"cannot be reshaped to {self.out_shape}"
            )
        self._input_shape = x.shape
        return self._remember_output_shape(x.reshape((x.shape[0],) + self.out_shape))

    def backward(self, output_gradient):
        return self._check_output_gradient(output_gradient).reshape(self._input_shape)

    def __repr__(self) -> str:
        return f"Reshape({self.out_shape})"
