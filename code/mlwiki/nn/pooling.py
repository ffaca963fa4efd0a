"""Max pooling: keep the largest value of each pool_size x pool_size window."""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlwiki._checks import _check_positive_int
from mlwiki.nn.layer import Layer, _as_float_batch

__all__ = ["MaxPool2D"]


def _window_index(c: int, h: int, w: int, pool_size: int, stride: int) -> np.ndarray:
    """Flat indices into a (C, H, W) sample of every window, shape (pool_size**2, C * H_out * W_out).

    Row q lists, for every window, its q-th member (row-major inside the window).
    Built once per input shape by sliding the window over an array of indices.
    """
    indices = np.arange(c * h * w).reshape(c, h, w)
    windows = sliding_window_view(indices, (pool_size, pool_size), axis=(1, 2))[:, ::stride, ::stride]
    return windows.reshape(-1, pool_size * pool_size).T.copy()


def _source_index(window_index: np.ndarray, n_inputs: int) -> np.ndarray:
    """Invert a non-overlapping window index: for each of the ``n_inputs`` sample entries,
    its flat position in ``window_index``, or ``window_index.size`` (a zero slot) when no
    window covers it (border rows/columns dropped by the pooling)."""
    source = np.full(n_inputs, window_index.size, dtype=np.intp)
    source[window_index.ravel()] = np.arange(window_index.size)
    return source


def _first_winner(windows: np.ndarray, maxima: np.ndarray) -> np.ndarray:
    """Boolean (p*p, n_windows, N): True only at the first member equal to its window's maximum.

    A tie (e.g. a window of ReLU zeros) must send the gradient to one input only.
    A loop over the p*p window members is faster here than any cumulative NumPy call.
    """
    winner = windows == maxima[None]
    taken = winner[0].copy()
    for q in range(1, windows.shape[0]):
        winner[q] &= ~taken
        taken |= winner[q]
    return winner


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
    (the first one in row-major order on ties); every other input gets zero.
    """

    def __init__(self, pool_size: int = 2, stride: int | None = None):
        super().__init__()
        self.pool_size = _check_positive_int("pool_size", pool_size)
        self.stride = self.pool_size if stride is None else _check_positive_int("stride", stride)
        self._index_cache: dict[tuple, np.ndarray] = {}

    def forward(self, x):
        """x : (batch, C, H, W) -> (batch, C, H_out, W_out)."""
        x = _as_float_batch("MaxPool2D", x)
        if x.ndim != 4:
            raise ValueError(f"MaxPool2D: input x must have shape (batch, C, H, W), got {x.shape}")
        p, s = self.pool_size, self.stride
        n, c, h, w = x.shape
        if p > h or p > w:
            raise ValueError(f"MaxPool2D: pool_size {p} is larger than the input's H x W {(h, w)}")
        key = ("windows", x.shape[1:])
        index = self._index_cache.get(key)
        if index is None:
            index = self._index_cache[key] = _window_index(c, h, w, p, s)
        # windows[q, j, n]: q-th member of window j of sample n.  The batch goes last so
        # that each index fetches N neighbouring numbers (see conv._gather), and the max
        # over the short first axis runs as element-wise maxima of long rows.
        source = x.transpose(1, 2, 3, 0).reshape(-1, n)  # (C H W, N); free if stored sample-last
        windows = np.take(source, index, axis=0)  # (p*p, n_windows, N)
        y = windows.max(axis=0)  # (n_windows, N)
        self._windows, self._y, self._index, self._input_shape = windows, y, index, x.shape
        out_shape = (c, (h - p) // s + 1, (w - p) // s + 1, n)
        return self._remember_output_shape(y.reshape(out_shape).transpose(3, 0, 1, 2))

    def backward(self, output_gradient):
        """output_gradient : (batch, C, H_out, W_out) -> dE/dx of shape (batch, C, H, W)."""
        grad = self._check_output_gradient(output_gradient)
        n = grad.shape[0]
        grad_rows = grad.transpose(1, 2, 3, 0).reshape(-1, n)  # (n_windows, N)
        winner = _first_winner(self._windows, self._y)  # (p*p, n_windows, N)
        n_inputs = int(np.prod(self._input_shape[1:]))
        if self.stride >= self.pool_size:
            # Disjoint windows: every input reads its gradient from at most one window slot
            # (slot p*p*n_windows, kept at zero, for inputs that no window covers).
            key = ("source", self._input_shape[1:])
            source = self._index_cache.get(key)
            if source is None:
                source = self._index_cache[key] = _source_index(self._index, n_inputs)
            flat = np.empty((winner.shape[0] * winner.shape[1] + 1, n), dtype=grad.dtype)
            # gradient only where the maximum was, written straight into the buffer
            np.multiply(winner, grad_rows[None], out=flat[:-1].reshape(winner.shape))
            flat[-1] = 0
            dx = np.take(flat, source, axis=0)  # (C H W, N)
        else:
            dx = np.zeros((n_inputs, n), dtype=grad.dtype)
            np.add.at(dx, self._index, winner * grad_rows[None])  # overlapping windows add up
        _, c, h, w = self._input_shape
        return dx.reshape(c, h, w, n).transpose(3, 0, 1, 2)

    def __repr__(self) -> str:
        return f"MaxPool2D(pool_size={self.pool_size}, stride={self.stride})"
