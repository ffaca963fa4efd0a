"""Max pooling: keep the largest value of each pool_size x pool_size window."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlwiki._checks import _check_positive_int
from mlwiki.nn.layer import Layer, _as_float_batch

__all__ = ["MaxPool2D"]


class MaxPool2D(Layer):
    """Max over spatial windows, channel by channel.

    Parameters
    ----------
    pool_size : int
        Side of the square window.
    stride : int or None
        Step between windows; None means ``pool_size`` (non-overlapping windows).
        Rows/columns that do not fill a whole window at the border are dropped.

    Shapes
    ------
    x : (batch, C, H, W) -> y : (batch, C, (H - pool_size) // stride + 1, (W - pool_size) // stride + 1)

    Backward routes each output gradient to the single input that won its window
    (the first one on ties); every other input gets zero.
    """

    def __init__(self, pool_size: int = 2, stride: int | None = None):
        super().__init__()
        self.pool_size = _check_positive_int("pool_size", pool_size)
        self.stride = self.pool_size if stride is None else _check_positive_int("stride", stride)
        self._index_cache: dict[tuple, np.ndarray] = {}

    def _window_starts(self, shape: tuple, out_hw: tuple) -> np.ndarray:
        """Flat index into x of each window's top-left corner, shape (N, C, H_out, W_out); cached per shape."""
        base = self._index_cache.get(shape)
        if base is None:
            n, c, h, w = shape
            h_out, w_out = out_hw
            rows = np.arange(h_out)[:, None] * self.stride * w
            cols = np.arange(w_out)[None, :] * self.stride
            planes = np.arange(n * c).reshape(n, c, 1, 1) * (h * w)
            base = planes + rows + cols
            self._index_cache = {shape: base}  # keep only the latest shape
        return base

    def forward(self, x):
        """x : (batch, C, H, W) -> (batch, C, H_out, W_out)."""
        x = _as_float_batch("MaxPool2D", x)
        if x.ndim != 4:
            raise ValueError(f"MaxPool2D: input x must have shape (batch, C, H, W), got {x.shape}")
        p, s = self.pool_size, self.stride
        if p > x.shape[2] or p > x.shape[3]:
            raise ValueError(f"MaxPool2D: pool_size {p} is larger than the input's H x W {x.shape[2:]}")
        windows = sliding_window_view(x, (p, p), axis=(2, 3))[:, :, ::s, ::s]
        windows = windows.reshape(windows.shape[:4] + (p * p,))  # (N, C, H_out, W_out, p*p), a copy
        winner = windows.argmax(axis=-1)
        # offset of each window position a relative to the window's corner, in flat x indices
        offsets = (np.arange(p * p) // p) * x.shape[3] + np.arange(p * p) % p
        self._winner_index = self._window_starts(x.shape, windows.shape[2:4]) + offsets[winner]
        self._input_shape = x.shape
        return self._remember_output_shape(np.take_along_axis(windows, winner[..., None], axis=-1)[..., 0])

    def backward(self, output_gradient):
        """output_gradient : (batch, C, H_out, W_out) -> dE/dx of shape (batch, C, H, W)."""
        grad = self._check_output_gradient(output_gradient)
        dx = np.zeros(int(np.prod(self._input_shape)), dtype=grad.dtype)
        if self.stride >= self.pool_size:
            dx[self._winner_index.ravel()] = grad.ravel()  # windows are disjoint: indices unique
        else:
            np.add.at(dx, self._winner_index.ravel(), grad.ravel())  # overlaps: one input may win twice
        return dx.reshape(self._input_shape)

    def __repr__(self) -> str:
        return f"MaxPool2D(pool_size={self.pool_size}, stride={self.stride})"
