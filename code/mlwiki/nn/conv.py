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

The layer computes all of this for a whole batch with one matrix product each
("im2col": every k x k input patch becomes one row of a matrix), no Python loop
over samples or pixels.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype

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
    x = _check_finite_array("x", x, ndim=2)
    k = _check_finite_array("k", k, ndim=2)
    if k.shape[0] > x.shape[0] or k.shape[1] > x.shape[1]:
        raise ValueError(f"k of shape {k.shape} must fit inside x of shape {x.shape}")
    # windows[i, j] is the kh x kw patch of x whose top-left corner is (i, j)
    windows = sliding_window_view(x, k.shape)
    return np.einsum("ijab,ab->ij", windows, k)


def correlate2d_full(x, k) -> np.ndarray:
    """Full cross-correlation: x zero-padded by (kh - 1, kw - 1) on each side, then valid.

    Returns an array of shape (H + kh - 1, W + kw - 1).
    """
    x = _check_finite_array("x", x, ndim=2)
    k = _check_finite_array("k", k, ndim=2)
    padded = np.pad(x, ((k.shape[0] - 1,) * 2, (k.shape[1] - 1,) * 2))
    return correlate2d_valid(padded, k)


def _patches(x_padded: np.ndarray, kernel_size: int, stride: int) -> np.ndarray:
    """im2col: (N, C, Hp, Wp) -> (N, H_out, W_out, C * k * k), one flattened patch per output pixel."""
    windows = sliding_window_view(x_padded, (kernel_size, kernel_size), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]  # (N, C, H_out, W_out, k, k), a view
    n, c, h_out, w_out = windows.shape[:4]
    # One copy into a contiguous matrix so that the product below is a single BLAS call.
    return windows.transpose(0, 2, 3, 1, 4, 5).reshape(n, h_out, w_out, c * kernel_size * kernel_size)


class Conv2D(Layer):
    """Batched 2-D convolution layer (cross-correlation, as in every deep-learning library).

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
        super().__init__()
        self.in_channels = _check_positive_int("in_channels", in_channels)
        self.out_channels = _check_positive_int("out_channels", out_channels)
        self.kernel_size = _check_positive_int("kernel_size", kernel_size)
        self.stride = _check_positive_int("stride", stride)
        self.padding = _check_positive_int("padding", padding, allow_zero=True)
        rng = _check_rng("rng", rng)
        self.dtype = _check_float_dtype(dtype)
        fan_in = self.in_channels * self.kernel_size**2
        fan_out = self.out_channels * self.kernel_size**2
        if init == "he":
            std = np.sqrt(2.0 / fan_in)
        elif init == "xavier":
            std = np.sqrt(2.0 / (fan_in + fan_out))
        else:
            raise ValueError(f"init must be 'he' or 'xavier', got {init!r}")
        self.init = init
        shape = (self.out_channels, self.in_channels, self.kernel_size, self.kernel_size)
        self.params = {
            "weights": (rng.standard_normal(shape) * std).astype(self.dtype),
            "bias": np.zeros(self.out_channels, dtype=self.dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    def _pad(self, x: np.ndarray, extra: int = 0) -> np.ndarray:
        p = self.padding
        if p == 0:
            return x
        n, c, h, w = x.shape
        # Writing into a zero array is cheaper than np.pad for these small inputs.
        padded = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=x.dtype)
        padded[:, :, p : p + h, p : p + w] = x
        return padded

    def forward(self, x):
        """x : (batch, C_in, H, W) -> (batch, C_out, H_out, W_out)."""
        x = _as_float_batch("Conv2D", x, dtype=self.dtype)
        if x.ndim != 4 or x.shape[1] != self.in_channels:
            raise ValueError(
                f"Conv2D: input x must have shape (batch, {self.in_channels}, H, W), got {x.shape}"
            )
        k, s, p = self.kernel_size, self.stride, self.padding
        h, w = x.shape[2:]
        if k > h + 2 * p or k > w + 2 * p:
            raise ValueError(
                f"Conv2D: kernel_size {k} is larger than the padded input "
                f"({h} x {w} plus padding {p} on each side)"
            )
        self._input_shape = x.shape
        self._cols = _patches(self._pad(x), k, s)  # (N, H_out, W_out, C_in k k)
        kernels = self.params["weights"].reshape(self.out_channels, -1)  # (C_out, C_in k k)
        y = self._cols @ kernels.T + self.params["bias"]  # (N, H_out, W_out, C_out)
        return self._remember_output_shape(y.transpose(0, 3, 1, 2))

    def backward(self, output_gradient):
        """output_gradient : (batch, C_out, H_out, W_out) -> dE/dx of shape (batch, C_in, H, W)."""
        grad = self._check_output_gradient(output_gradient)
        n, c_out, h_out, w_out = grad.shape
        k, s, p = self.kernel_size, self.stride, self.padding
        grad_rows = grad.transpose(0, 2, 3, 1).reshape(-1, c_out)  # (N H_out W_out, C_out)
        cols = self._cols.reshape(grad_rows.shape[0], -1)
        self.grads["weights"] += (grad_rows.T @ cols).reshape(self.params["weights"].shape)
        self.grads["bias"] += grad_rows.sum(axis=0)

        # Input gradient as a full correlation of g with the 180-degree-rotated kernels:
        # dilate g by the stride, pad it by k - 1, and correlate with stride 1.
        _, c_in, h, w = self._input_shape
        hp, wp = h + 2 * p, w + 2 * p
        spread = np.zeros((n, c_out, hp + k - 1, wp + k - 1), dtype=grad.dtype)
        spread[:, :, k - 1 : k - 1 + (h_out - 1) * s + 1 : s, k - 1 : k - 1 + (w_out - 1) * s + 1 : s] = grad
        # only the windows that land on the unpadded input matter
        windows = sliding_window_view(spread, (k, k), axis=(2, 3))[:, :, p : p + h, p : p + w]
        rows = windows.transpose(0, 2, 3, 1, 4, 5).reshape(n, h, w, c_out * k * k)
        rotated = self.params["weights"][:, :, ::-1, ::-1]  # (C_out, C_in, k, k)
        flipped = rotated.transpose(0, 2, 3, 1).reshape(c_out * k * k, c_in)
        return (rows @ flipped).transpose(0, 3, 1, 2)

    def __repr__(self) -> str:
        return (
            f"Conv2D({self.in_channels}, {self.out_channels}, {self.kernel_size}, stride={self.stride}, "
            f"padding={self.padding}, dtype={self.dtype.name})"
        )
