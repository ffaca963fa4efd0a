"""Soft prompt: a learned vector prepended to every input of a frozen network.

Prompt tuning (Lester et al., 2021) keeps a pretrained model fixed and learns only a
few input vectors placed in front of the real input.  In a language model those
vectors sit where token embeddings would; here, for a network whose input is a
feature vector, :class:`SoftPrompt` puts ``n_prompt`` learned numbers in front of
each sample's features.  The network after it must have been built for the longer
input (its first layer takes ``n_prompt + n_features`` numbers).
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype

__all__ = ["SoftPrompt"]


class SoftPrompt(Layer):
    """Prepend the same learned vector to every sample: (batch, n) -> (batch, n_prompt + n).

    Parameters
    ----------
    n_prompt : int
        Length of the prompt vector.
    dtype : {numpy.float64, numpy.float32}

    Notes
    -----
    ``params["prompt"]`` (shape (n_prompt,)) starts at zero, so a network trained with a
    zero prompt sees exactly its training input until the prompt is tuned.  Its gradient
    is the sum over the batch of dE/d(output) in the first ``n_prompt`` columns.
    """

    def __init__(self, n_prompt: int, *, dtype=np.float64):
        super().__init__()
        self.n_prompt = _check_positive_int("n_prompt", n_prompt)
        self.dtype = _check_float_dtype(dtype)
        self.params = {"prompt": np.zeros(self.n_prompt, dtype=self.dtype)}
        self.grads = {"prompt": np.zeros(self.n_prompt, dtype=self.dtype)}

    def forward(self, x):
        """x : (batch, n_features) -> (batch, n_prompt + n_features), prompt first."""
        x = _as_float_batch("SoftPrompt", x, dtype=self.dtype, ndim=2)
        prompt = np.broadcast_to(self.params["prompt"], (x.shape[0], self.n_prompt))
        return self._remember_output_shape(np.concatenate([prompt, x], axis=1))

    def accumulate_parameter_gradients(self, output_gradient) -> None:
        """Add dE/d(prompt), summed over the batch, to ``grads["prompt"]``."""
        grad = self._check_output_gradient(output_gradient)
        self.grads["prompt"] += grad[:, : self.n_prompt].sum(axis=0)

    def backward(self, output_gradient):
        """output_gradient : (batch, n_prompt + n_features) -> dE/dx, its last n_features columns."""
        self.accumulate_parameter_gradients(output_gradient)
        return np.array(np.asarray(output_gradient, dtype=self.dtype)[:, self.n_prompt :])

    def __repr__(self) -> str:
        return f"SoftPrompt({self.n_prompt}, dtype={self.dtype.name})"
