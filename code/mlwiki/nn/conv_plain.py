"""A convolutional layer written as its formulas read: loops over samples and channel pairs.

Every output channel j of sample n is its bias plus the sum, over input channels i,
of the valid cross-correlation of the (zero-padded) input channel with the kernel
K[j, i]; a stride s keeps every s-th position.  The backward pass uses the three
results derived in the chapter on convolutional networks:

* dE/dK[j, i] = valid correlation of the padded input channel i with the output
  gradient G[j] (dilated by the stride);
* dE/dB[j]    = sum of all entries of G[j];
* dE/dX[i]    = sum over j of the full correlation of the dilated G[j] with
  K[j, i] rotated by 180 degrees, with the padding cut off again.

This is slow (one small NumPy call per sample and channel pair) but easy to check
against the mathematics.  :class:`~mlwiki.nn.Conv2D` computes exactly the same
numbers with a few large matrix products; the tests hold the two equal.
"""

from __future__ import annotations

import numpy as np

from mlwiki.nn.conv import _ConvLayer, correlate2d_full, correlate2d_valid

__all__ = ["PlainConv2D"]


def _dilate(g: np.ndarray, stride: int, shape: tuple[int, int]) -> np.ndarray:
    """Put the entries of g on every ``stride``-th position of a zero array of ``shape``.

    ``shape`` is the output size at stride 1; positions the stride skipped stay zero.
    """
    out = np.zeros(shape, dtype=g.dtype)
    out[: g.shape[0] * stride : stride, : g.shape[1] * stride : stride] = g
    return out


class PlainConv2D(_ConvLayer):
    """The same layer as :class:`~mlwiki.nn.Conv2D` (same parameters, same results), in loops.

    Parameters, shapes and initialisation are those of :class:`~mlwiki.nn.Conv2D`.
    """

    def forward(self, x):
        """x : (batch, C_in, H, W) -> (batch, C_out, H_out, W_out)."""
        x, h_out, w_out = self._checked_input(x)
        p, s = self.padding, self.stride
        self._padded = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
        kernels, bias = self.params["weights"], self.params["bias"]
        y = np.zeros((x.shape[0], self.out_channels, h_out, w_out), dtype=self.dtype)
        for n, sample in enumerate(self._padded):
            for j in range(self.out_channels):
                total = sum(correlate2d_valid(sample[i], kernels[j, i]) for i in range(self.in_channels))
                y[n, j] = total[::s, ::s] + bias[j]  # a stride keeps every s-th position
        return self._remember_output_shape(y)

    def backward(self, output_gradient):
        """output_gradient : (batch, C_out, H_out, W_out) -> dE/dx of shape (batch, C_in, H, W)."""
        grad = self._check_output_gradient(output_gradient)
        kernels, k, p = self.params["weights"], self.kernel_size, self.padding
        height, width = self._padded.shape[2:]
        stride_1_shape = (height - k + 1, width - k + 1)
        dx_padded = np.zeros_like(self._padded)
        for n, sample in enumerate(self._padded):
            for j in range(self.out_channels):
                g = _dilate(grad[n, j], self.stride, stride_1_shape)
                self.grads["bias"][j] += g.sum()
                for i in range(self.in_channels):
                    self.grads["weights"][j, i] += correlate2d_valid(sample[i], g)
                    dx_padded[n, i] += correlate2d_full(g, np.rot90(kernels[j, i], 2))
        return dx_padded[:, :, p : height - p, p : width - p]
