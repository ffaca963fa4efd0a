"""Keep only the last positions of a sequence: where a model's answer is read off."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.nn.layer import Layer, _as_float_batch

__all__ = ["LastPositions"]


class LastPositions(Layer):
    """(batch, T, features) -> (batch, n_positions, features): the last ``n_positions`` steps.

    A decoder-only model predicts the next token at every position, but a task may score
    only some of them (the answer after a prompt).  Dropping the other positions before
    the loss is the same as giving them zero weight in it.  The gradient of the dropped
    positions is zero.

    Parameters
    ----------
    n_positions : int
        How many trailing positions to keep.
    """

    def __init__(self, n_positions: int):
        super().__init__()
        self.n_positions = _check_positive_int("n_positions", n_positions)

    def forward(self, x):
        """x : (batch, T, ...) with T >= n_positions -> x[:, -n_positions:]."""
        x = _as_float_batch("LastPositions", x)
        if x.ndim < 2 or x.shape[1] < self.n_positions:
            raise ValueError(
                f"LastPositions: input x must have shape (batch, T, ...) with T >= {self.n_positions}, "
                f"got {x.shape}"
            )
        self._input_shape = x.shape
        return self._remember_output_shape(x[:, -self.n_positions :])

    def backward(self, output_gradient):
        """Scatter the gradient back to the last positions; the others get zero."""
        grad = self._check_output_gradient(output_gradient)
        full = np.zeros(self._input_shape, dtype=grad.dtype)
        full[:, -self.n_positions :] = grad
        return full

    def __repr__(self) -> str:
        return f"LastPositions({self.n_positions})"
