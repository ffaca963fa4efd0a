"""Token embedding: a learned vector for every symbol of a vocabulary."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.nn.layer import Layer, _check_float_dtype

__all__ = ["Embedding"]


class Embedding(Layer):
    """Look up one learned row of a table per token id.

    Equivalent to multiplying a one-hot vector by the table, without building the
    one-hot vectors: row ``ids[b, t]`` of ``params["weights"]`` becomes ``y[b, t]``.

    Parameters
    ----------
    n_tokens : int
        Vocabulary size; token ids run from 0 to ``n_tokens - 1``.
    d_model : int
        Length of each embedding vector.
    rng : numpy.random.Generator
        Draws the initial table from N(0, 1), as ``torch.nn.Embedding`` does.
    dtype : {numpy.float64, numpy.float32}

    Shapes
    ------
    ids : (batch, n_positions) integers -> y : (batch, n_positions, d_model);
    ``params["weights"]`` is (n_tokens, d_model).

    Token ids are not differentiable: :meth:`backward` accumulates dE/d(table) and
    returns None, so an Embedding is the first layer of a model.
    """

    def __init__(self, n_tokens: int, d_model: int, *, rng, dtype=np.float64):
        super().__init__()
        self.n_tokens = _check_positive_int("n_tokens", n_tokens)
        self.d_model = _check_positive_int("d_model", d_model)
        rng = _check_rng("rng", rng)
        self.dtype = _check_float_dtype(dtype)
        self.params = {"weights": rng.standard_normal((self.n_tokens, self.d_model)).astype(self.dtype)}
        self.grads = {"weights": np.zeros_like(self.params["weights"])}

    def forward(self, ids):
        """ids : (batch, n_positions) ints in [0, n_tokens) -> (batch, n_positions, d_model)."""
        ids = np.asarray(ids)
        if ids.dtype.kind not in "iu":
            raise ValueError(f"Embedding: input ids must be integer token ids, got dtype {ids.dtype}")
        if ids.ndim != 2 or ids.shape[0] == 0 or ids.shape[1] == 0:
            raise ValueError(f"Embedding: input ids must have shape (batch, n_positions), got {ids.shape}")
        if ids.min() < 0 or ids.max() >= self.n_tokens:
            raise ValueError(
                f"Embedding: token ids must lie in [0, {self.n_tokens - 1}], "
                f"got range [{ids.min()}, {ids.max()}]"
            )
        self._ids = ids
        return self._remember_output_shape(self.params["weights"][ids])

    def accumulate_parameter_gradients(self, output_gradient) -> None:
        """Add dE/d(table) for the last batch: each row collects the gradients of its tokens."""
        grad = self._check_output_gradient(output_gradient).reshape(-1, self.d_model)
        # A token that occurs several times adds several gradients to its row; a plain
        # grads[ids] += grad would keep only one of them.  Sorting the positions by token
        # puts each token's gradients next to each other, and np.add.reduceat sums every
        # run in one call (the same sum as np.add.at(grads, ids, grad), about 8x faster).
        ids = self._ids.reshape(-1)
        order = np.argsort(ids, kind="stable")
        sorted_ids = ids[order]
        run_starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
        self.grads["weights"][sorted_ids[run_starts]] += np.add.reduceat(grad[order], run_starts, axis=0)

    def backward(self, output_gradient) -> None:
        """Accumulate dE/d(table); token ids have no gradient, so return None."""
        self.accumulate_parameter_gradients(output_gradient)
        return None

    def __repr__(self) -> str:
        return f"Embedding({self.n_tokens}, {self.d_model}, dtype={self.dtype.name})"
