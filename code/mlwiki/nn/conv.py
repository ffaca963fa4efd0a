"""2-D convolution (strictly: cross-correlation), from the single-channel idea to a batched layer.

For one input channel x (H, W) and one kernel k (kh, kw) the *valid*
cross-correlation slides k over x without leaving it:

    y[i, j] = sum_{a, b} x[i + a, j + b] * k[a, b],    y : (H - kh + 1, W - kw + 1)

and the *full* cross-correlation first pads x with kh - 1 / kw - 1 zeros on every
side, so every partial overlap counts.  A convolutional layer sums such
correlations over input channels, once per output channel, adds a bias, and may
skip positions (``stride``) or pad the input (``padding``).

Backward pass, for dE/dy = g:

* dE/dK[co, c] = valid correlation of the input channel c with g[co];
* dE/db[co]    = sum of g[co];
* dE/dx[c]     = sum over co of the *full* correlation of g[co] with the kernel
  K[co, c] rotated by 180 degrees (a "transposed convolution"; with stride s,
  g is first dilated by inserting s - 1 zeros between its entries).

:class:`~mlwiki.nn.PlainConv2D` (module ``conv_plain``) computes these formulas as they
read, with loops over samples and channel pairs.  :class:`Conv2D`, the layer the
networks use, computes the same numbers for a whole batch with one matrix product each
("im2col": every C_in x k x k input patch becomes one column of a matrix), no
Python loop over samples or pixels.  Which input entry lands where in that matrix
depends only on the shapes, so it is worked out once (by sliding windows over an
array of *indices*) and cached; each batch then needs a single ``np.take``.  The
batch axis is stored last internally, so each index fetches a run of N numbers.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlwiki._checks import _check_positive_int, _check_real_array, _check_rng
from mlwiki.nn.initialization import init_std
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype, _check_init

__all__ = ["Conv2D", "correlate2d_valid", "correlate2d_full", "conv_output_size"]


def conv_output_size(n: int, kernel_size: int, stride: int = 1, padding: int = 0) -> int:
    """Output length along one axis: floor((n + 2 padding - kernel_size) / stride) + 1.

    Raises ValueError when the kernel does not fit in the padded input.
    """
    n = _check_positive_int("n", n)
    kernel_size = _check_positive_int("kernel_size", kernel_size)
    stride = _check_positive_int("stride", stride)
    padding = _check_positive_int("padding", padding, allow_zero=True)
    if kernel_size > n + 2 * padding:
        raise ValueError(
            f"kernel_size {kernel_size} is larger than the padded input "
            f"({n} + 2 * padding {padding} = {n + 2 * padding})"
        )
    return (n + 2 * padding - kernel_size) // stride + 1


def correlate2d_valid(x, k) -> np.ndarray:
    """Valid cross-correlation of a 2-D array x (H, W) with a kernel k (kh, kw).

    Returns an array of shape (H - kh + 1, W - kw + 1) with
    ``y[i, j] = sum(x[i:i + kh, j:j + kw] * k)``.
    """
    x = _check_real_array("x", x, ndim=2)
    k = _check_real_array("k", k, ndim=2)
    if k.size == 0:
        raise ValueError(f"k must not be empty, got shape {k.shape}")
    if k.shape[0] > x.shape[0] or k.shape[1] > x.shape[1]:
        raise ValueError(f"k of shape {k.shape} must fit inside x of shape {x.shape}")
    # windows[i, j] is the kh x kw patch of x whose top-left corner is (i, j)
    windows = sliding_window_view(x, k.shape)
    return np.einsum("ijab,ab->ij", windows, k)


def correlate2d_full(x, k) -> np.ndarray:
    """Full cross-correlation: x zero-padded by (kh - 1, kw - 1) on each side, then valid.

    Returns an array of shape (H + kh - 1, W + kw - 1).
    """
    x = _check_real_array("x", x, ndim=2)
    k = _check_real_array("k", k, ndim=2)
    if k.size == 0 or x.size == 0:
        raise ValueError(f"x and k must not be empty, got shapes {x.shape} and {k.shape}")
    padded = np.pad(x, ((k.shape[0] - 1,) * 2, (k.shape[1] - 1,) * 2))
    return correlate2d_valid(padded, k)


def _im2col_index(c: int, h: int, w: int, k: int, stride: int, padding: int) -> np.ndarray:
    """Gather index for the forward patches of a (C, H, W) input, shape (C k k, H_out W_out).

    Entry [q, r] is the flat index into the sample (C*H*W) of the q-th value of the
    patch under output pixel r, or the sentinel C*H*W for a padding zero.  Computed
    once per input shape by running the sliding-window code on an array of indices
    instead of data.
    """
    canvas = np.full((c, h + 2 * padding, w + 2 * padding), c * h * w, dtype=np.intp)
    canvas[:, padding : padding + h, padding : padding + w] = np.arange(c * h * w).reshape(c, h, w)
    windows = sliding_window_view(canvas, (k, k), axis=(1, 2))[:, ::stride, ::stride]  # (C, H_out, W_out, k, k)
    return windows.transpose(0, 3, 4, 1, 2).reshape(c * k * k, -1)


def _transposed_index(c_out: int, h_out: int, w_out: int, h: int, w: int, k: int, stride: int,
                      padding: int) -> np.ndarray:
    """Gather index for the input gradient, shape (C_out k k, H W), into a flat (C_out, H_out, W_out).

    The output gradient is dilated by the stride (s - 1 zeros between entries) and
    bordered by k - 1 zeros -- every zero is the sentinel -- and then cut into k x k
    windows, keeping only the windows that land on the unpadded input.
    """
    sentinel = c_out * h_out * w_out
    canvas = np.full((c_out, h + 2 * padding + k - 1, w + 2 * padding + k - 1), sentinel, dtype=np.intp)
    rows = slice(k - 1, k - 1 + (h_out - 1) * stride + 1, stride)
    cols = slice(k - 1, k - 1 + (w_out - 1) * stride + 1, stride)
    canvas[:, rows, cols] = np.arange(sentinel).reshape(c_out, h_out, w_out)
    windows = sliding_window_view(canvas, (k, k), axis=(1, 2))[:, padding : padding + h, padding : padding + w]
    return windows.transpose(0, 3, 4, 1, 2).reshape(c_out * k * k, h * w)


def _gather(x: np.ndarray, index: np.ndarray) -> np.ndarray:
    """Patches of a batch ``x`` (N, C, H, W) picked by ``index`` -> (*index.shape, N).

    The batch goes *last*: each index then fetches N neighbouring numbers at once,
    several times faster than fetching single numbers.  Index value C*H*W (the
    sentinel) reads a row of zeros.
    """
    n = x.shape[0]
    source = np.empty((x[0].size + 1, n), dtype=x.dtype)
    # Copy straight into the buffer; free of reshuffling when x is already stored
    # sample-last, as this module's own outputs are.
    np.copyto(source[:-1].reshape(x.shape[1:] + (n,)), x.transpose(1, 2, 3, 0))
    source[-1] = 0
    return np.take(source, index, axis=0)


def _samples_first(array: np.ndarray, shape: tuple) -> np.ndarray:
    """A (C, H, W, N)-ordered result, viewed as the public (N, C, H, W) layout (no copy)."""
    return array.reshape(shape[1:] + shape[:1]).transpose(3, 0, 1, 2)


class _ConvLayer(Layer):
    """Parameters, checks and shapes shared by :class:`Conv2D` and :class:`~mlwiki.nn.PlainConv2D`."""

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, *, stride: int = 1,
                 padding: int = 0, rng, dtype=np.float64, init: str = "he"):
        super().__init__()
        self.in_channels = _check_positive_int("in_channels", in_channels)
        self.out_channels = _check_positive_int("out_channels", out_channels)
        self.kernel_size = _check_positive_int("kernel_size", kernel_size)
        self.stride = _check_positive_int("stride", stride)
        self.padding = _check_positive_int("padding", padding, allow_zero=True)
        rng = _check_rng("rng", rng)
        self.dtype = _check_float_dtype(dtype)
        self.init = _check_init(init, ("he", "xavier"))
        k = self.kernel_size
        std = init_std(self.in_channels * k * k, self.out_channels * k * k, self.init)
        shape = (self.out_channels, self.in_channels, k, k)
        self.params = {
            "weights": (rng.standard_normal(shape) * std).astype(self.dtype),
            "bias": np.zeros(self.out_channels, dtype=self.dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    def _checked_input(self, x) -> tuple[np.ndarray, int, int]:
        """The input as a float batch of the layer's dtype, and the output's H_out, W_out."""
        name = type(self).__name__
        x = _as_float_batch(name, x, dtype=self.dtype)
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(f"{name}: input x must have shape (batch, {self.in_channels}, H, W), got {x.shape}")
        k, s, p = self.kernel_size, self.stride, self.padding
        h, w = x.shape[2:]
        if k > h + 2 * p or k > w + 2 * p:
            raise ValueError(
                f"{name}: kernel_size {k} is larger than the padded input ({h} x {w} plus padding {p} on each side)"
            )
        return x, (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.in_channels}, {self.out_channels}, {self.kernel_size}, "
            f"stride={self.stride}, padding={self.padding}, dtype={self.dtype.name})"
        )


class Conv2D(_ConvLayer):
    """Batched 2-D convolution layer (cross-correlation, as in every deep-learning library).

    Computes exactly what :class:`~mlwiki.nn.PlainConv2D` computes with loops, as a few
    matrix products over the whole batch (see the module docstring).

    Parameters
    ----------
    in_channels, out_channels : int
        C_in and C_out.
    kernel_size : int
        Side k of the square kernels.
    stride : int
        Step between neighbouring output positions.
    padding : int
        Zeros added on each side of both spatial axes.
    rng : numpy.random.Generator
        Source of the initial kernels (biases start at zero).
    dtype : {numpy.float64, numpy.float32}
    init : {"he", "xavier"}
        Kernel variance 2 / fan_in ("he", for ReLU networks) or
        2 / (fan_in + fan_out) ("xavier"), with fan_in = C_in k^2 and
        fan_out = C_out k^2.

    Shapes
    ------
    x : (batch, C_in, H, W) -> y : (batch, C_out, H_out, W_out) with
    H_out = conv_output_size(H, k, stride, padding) (same for W);
    ``params["weights"]`` : (C_out, C_in, k, k), ``params["bias"]`` : (C_out,).
    """

    def __init__(self, in_channels: int, out_channels: int, kernel_size: int, *, stride: int = 1,
                 padding: int = 0, rng, dtype=np.float64, init: str = "he"):
        super().__init__(in_channels, out_channels, kernel_size, stride=stride, padding=padding, rng=rng,
                         dtype=dtype, init=init)
        self._index_cache: dict[tuple, np.ndarray] = {}

    def forward(self, x):
        """x : (batch, C_in, H, W) -> (batch, C_out, H_out, W_out)."""
        x, h_out, w_out = self._checked_input(x)
        k, s, p = self.kernel_size, self.stride, self.padding
        h, w = x.shape[2:]
        index = self._cached_index("im2col", x.shape[1:], _im2col_index, self.in_channels, h, w, k, s, p)
        self._input_shape = x.shape
        # im2col: column (r, n) holds the C_in x k x k patch under output pixel r of sample n,
        # so every output value is one kernel row times one column.  Storing the batch last
        # makes both the gather and the product below single fast calls.
        self._cols = _gather(x, index).reshape(index.shape[0], -1)  # (C_in k k, H_out W_out N)
        kernels = self.params["weights"].reshape(self.out_channels, -1)  # (C_out, C_in k k)
        y = kernels @ self._cols + self.params["bias"][:, None]  # (C_out, H_out W_out N)
        return self._remember_output_shape(_samples_first(y, (x.shape[0], self.out_channels, h_out, w_out)))

    def accumulate_parameter_gradients(self, output_gradient) -> np.ndarray:
        """Add dE/dK and dE/db for the last batch to ``grads``; return the checked gradient."""
        grad = self._check_output_gradient(output_gradient)
        # One row per output channel, columns ordered (output pixel, sample) like self._cols;
        # free of copying when grad is stored sample-last, as Conv2D/MaxPool2D outputs are.
        grad_rows = grad.transpose(1, 2, 3, 0).reshape(self.out_channels, -1)
        # dE/dK[o, q] = sum over pixels and samples of g[o] times patch entry q: the valid
        # correlation of the input with g, for all channel pairs in one product.
        self.grads["weights"] += (grad_rows @ self._cols.T).reshape(self.params["weights"].shape)
        self.grads["bias"] += grad_rows.sum(axis=1)
        return grad

    def backward(self, output_gradient):
        """output_gradient : (batch, C_out, H_out, W_out) -> dE/dx of shape (batch, C_in, H, W)."""
        grad = self.accumulate_parameter_gradients(output_gradient)
        _, c_out, h_out, w_out = grad.shape
        _, c_in, h, w = self._input_shape
        k, s, p = self.kernel_size, self.stride, self.padding
        # dE/dx: full correlation of g with the 180-degree-rotated kernels (g dilated by
        # the stride first) -- again a gather of patches and one matrix product.
        index = self._cached_index("transposed", (c_out, h_out, w_out, h, w), _transposed_index,
                                   c_out, h_out, w_out, h, w, k, s, p)
        rows = _gather(grad, index).reshape(index.shape[0], -1)  # (C_out k k, H W N)
        rotated = self.params["weights"][:, :, ::-1, ::-1]  # (C_out, C_in, k, k)
        flipped = rotated.transpose(1, 0, 2, 3).reshape(c_in, c_out * k * k)
        return _samples_first(flipped @ rows, self._input_shape)

    def _cached_index(self, kind: str, key: tuple, build, *args) -> np.ndarray:
        """Gather indices depend only on the per-sample shape: build once, reuse every batch."""
        entry = self._index_cache.get((kind, key))
        if entry is None:
            entry = self._index_cache[(kind, key)] = build(*args)
        return entry
