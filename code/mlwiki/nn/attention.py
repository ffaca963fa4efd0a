"""Attention: every position builds its output as a weighted average of value vectors.

The weights come from comparing a *query* vector of the position with the *key* vector of
every position it may look at (Vaswani et al., 2017)::

    Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V

:func:`scaled_dot_product_attention` is that formula, readable and with any number of
leading (batch, head) axes.  :class:`MultiHeadAttention` is the trainable layer: it projects
its input to queries, keys and values, splits them into heads that attend independently,
and projects the concatenated heads back, with a hand-written backward pass.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int, _check_rng
from mlwiki.nn.activations import softmax
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype

__all__ = ["causal_mask", "scaled_dot_product_attention", "MultiHeadAttention"]


def causal_mask(n_positions: int) -> np.ndarray:
    """Which keys each query may attend to in a left-to-right model.

    Parameters
    ----------
    n_positions : int
        Sequence length T.

    Returns
    -------
    ndarray of bool, shape (T, T)
        ``mask[i, j]`` is True where query position i may attend to key position j, that
        is for j <= i (the lower triangle with the diagonal): no position sees the future.
    """
    n_positions = _check_positive_int("n_positions", n_positions)
    return np.tril(np.ones((n_positions, n_positions), dtype=bool))


def scaled_dot_product_attention(q, k, v, mask=None, *, scale: float | None = None):
    """softmax(q k^T * scale) v, with disallowed (query, key) pairs removed by ``mask``.

    Parameters
    ----------
    q : ndarray of shape (..., n_queries, d_k)
        Queries; ``...`` are any leading axes (batch, heads), shared by all three inputs.
    k : ndarray of shape (..., n_keys, d_k)
        Keys, one per position that can be attended to.
    v : ndarray of shape (..., n_keys, d_v)
        Values, the vectors that are averaged.
    mask : ndarray of bool, shape (n_queries, n_keys), optional
        True where a query may attend to a key (see :func:`causal_mask`).  Disallowed
        scores are set to -inf, so their weights are exactly 0.  Every query needs at
        least one allowed key.
    scale : float, optional
        Factor applied to the dot products; default ``1 / sqrt(d_k)``.  ``scale=1.0``
        gives the unscaled dot products (to show why the default is needed).

    Returns
    -------
    output : ndarray of shape (..., n_queries, d_v)
    weights : ndarray of shape (..., n_queries, n_keys)
        The attention weights; each row is >= 0 and sums to 1.
    """
    q, k, v = (np.asarray(a) for a in (q, k, v))
    for name, a in (("q", q), ("k", k), ("v", v)):
        if a.ndim < 2 or a.dtype.kind != "f":
            raise ValueError(f"{name} must be a floating array of shape (..., positions, features), "
                             f"got shape {a.shape} dtype {a.dtype}")
    if q.shape[-1] != k.shape[-1]:
        raise ValueError(f"q and k must have the same last axis d_k, got {q.shape[-1]} and {k.shape[-1]}")
    if k.shape[-2] != v.shape[-2]:
        raise ValueError(f"k and v must have one row per key, got {k.shape[-2]} and {v.shape[-2]}")
    if scale is None:
        scale = 1.0 / np.sqrt(q.shape[-1])
    scale = _check_positive("scale", scale)
    scores = (q @ np.swapaxes(k, -1, -2)) * scale  # (..., n_queries, n_keys)
    if mask is not None:
        mask = np.asarray(mask)
        expected = (q.shape[-2], k.shape[-2])
        if mask.dtype != bool or mask.shape != expected:
            raise ValueError(f"mask must be a boolean array of shape {expected}, "
                             f"got shape {mask.shape} dtype {mask.dtype}")
        if not mask.any(axis=1).all():
            raise ValueError("mask must allow at least one key for every query (a row of False "
                             "would make its softmax 0/0)")
        scores = np.where(mask, scores, -np.inf)
    weights = softmax(scores)
    return weights @ v, weights


class MultiHeadAttention(Layer):
    """Multi-head self-attention with an output projection.

    For an input x of shape (batch, T, d_model)::

        Q, K, V = x W_q + b_q,  x W_k + b_k,  x W_v + b_v        each (batch, T, d_model)
        split each into n_heads heads of d_k = d_model / n_heads features
        head_h  = softmax(Q_h K_h^T / sqrt(d_k) [+ causal mask]) V_h      (batch, T, d_k)
        y       = concat(head_1, ..., head_H) W_o + b_o                   (batch, T, d_model)

    Parameters
    ----------
    d_model : int
        Features per position, in and out.
    n_heads : int
        Number of heads; must divide ``d_model``.
    rng : numpy.random.Generator
        Draws the initial projections from N(0, 1 / d_model) (Xavier for a square
        matrix); biases start at zero.
    dtype : {numpy.float64, numpy.float32}
    causal : bool
        True: position i attends only to positions j <= i (a decoder's masked
        self-attention).  False: every position attends to every position.

    Attributes
    ----------
    params : dict
        ``"qkv_weights"`` (d_model, 3 d_model): W_q, W_k, W_v side by side, so one matrix
        product computes all three (PyTorch's ``in_proj_weight`` is its transpose);
        ``"qkv_bias"`` (3 d_model,); ``"output_weights"`` (d_model, d_model) = W_o;
        ``"output_bias"`` (d_model,).
    attention_weights : ndarray of shape (batch, n_heads, T, T)
        The weights of the last forward pass, for inspection and plotting.
    """

    def __init__(self, d_model: int, n_heads: int, *, rng, dtype=np.float64, causal: bool = False):
        super().__init__()
        self.d_model = _check_positive_int("d_model", d_model)
        self.n_heads = _check_positive_int("n_heads", n_heads)
        if self.d_model % self.n_heads:
            raise ValueError(f"n_heads must divide d_model={self.d_model}, got n_heads={self.n_heads}")
        self.d_k = self.d_model // self.n_heads
        rng = _check_rng("rng", rng)
        self.dtype = _check_float_dtype(dtype)
        if not isinstance(causal, bool):
            raise ValueError(f"causal must be True or False, got {causal!r}")
        self.causal = causal
        std = np.sqrt(1.0 / self.d_model)
        d = self.d_model
        self.params = {
            "qkv_weights": (rng.standard_normal((d, 3 * d)) * std).astype(self.dtype),
            "qkv_bias": np.zeros(3 * d, dtype=self.dtype),
            "output_weights": (rng.standard_normal((d, d)) * std).astype(self.dtype),
            "output_bias": np.zeros(d, dtype=self.dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}
        self._masks: dict[int, np.ndarray] = {}

    def _additive_mask(self, n_positions: int) -> np.ndarray:
        """(T, T) array of 0 (allowed) and -inf (future), cached per length."""
        mask = self._masks.get(n_positions)
        if mask is None:
            allowed = causal_mask(n_positions)
            mask = np.where(allowed, 0.0, -np.inf).astype(self.dtype)
            self._masks[n_positions] = mask
        return mask

    def forward(self, x):
        """x : (batch, T, d_model) -> (batch, T, d_model)."""
        x = _as_float_batch("MultiHeadAttention", x, dtype=self.dtype)
        if x.ndim != 3 or x.shape[2] != self.d_model:
            raise ValueError(
                f"MultiHeadAttention: input x must have shape (batch, T, {self.d_model}), got {x.shape}"
            )
        batch, n_positions, _ = x.shape
        qkv = x @ self.params["qkv_weights"] + self.params["qkv_bias"]  # (batch, T, 3 d_model)
        # (batch, T, 3, heads, d_k) -> (3, batch, heads, T, d_k): one matrix per (sample, head).
        # One contiguous copy here makes every later matrix product faster than on strided views.
        q, k, v = np.ascontiguousarray(
            qkv.reshape(batch, n_positions, 3, self.n_heads, self.d_k).transpose(2, 0, 3, 1, 4))
        scale = 1.0 / np.sqrt(self.d_k)  # a Python float keeps float32 arithmetic in float32
        scores = q @ k.transpose(0, 1, 3, 2)  # (batch, heads, T, T)
        scores *= scale
        if self.causal:
            scores += self._additive_mask(n_positions)
        weights = softmax(scores)
        heads = weights @ v  # (batch, heads, T, d_k)
        concat = heads.transpose(0, 2, 1, 3).reshape(batch, n_positions, self.d_model)
        self._x, self._q, self._k, self._v, self._concat = x, q, k, v, concat
        self.attention_weights = weights
        return self._remember_output_shape(concat @ self.params["output_weights"] + self.params["output_bias"])

    def _gradients(self, output_gradient, *, input_gradient: bool):
        grad = self._check_output_gradient(output_gradient)
        batch, n_positions, d = grad.shape
        grad_rows = grad.reshape(-1, d)
        self.grads["output_weights"] += self._concat.reshape(-1, d).T @ grad_rows
        self.grads["output_bias"] += grad_rows.sum(axis=0)
        d_heads = (grad @ self.params["output_weights"].T).reshape(
            batch, n_positions, self.n_heads, self.d_k).transpose(0, 2, 1, 3)  # (batch, heads, T, d_k)
        weights = self.attention_weights
        d_weights = d_heads @ self._v.transpose(0, 1, 3, 2)  # (batch, heads, T, T)
        d_v = weights.transpose(0, 1, 3, 2) @ d_heads
        # softmax backward, row by row: dS = A * (dA - sum_j dA_j A_j).  Masked entries have
        # A = 0, so they get no gradient without any extra masking.
        d_scores = d_weights
        d_scores -= (d_weights * weights).sum(axis=-1, keepdims=True)
        d_scores *= weights
        d_scores *= 1.0 / np.sqrt(self.d_k)
        d_q = d_scores @ self._k
        d_k = d_scores.transpose(0, 1, 3, 2) @ self._q
        # (3, batch, heads, T, d_k) -> (batch, T, 3, heads, d_k) -> (batch, T, 3 d_model)
        d_qkv = np.stack((d_q, d_k, d_v)).transpose(1, 3, 0, 2, 4).reshape(batch, n_positions, 3 * d)
        d_qkv_rows = d_qkv.reshape(-1, 3 * d)
        self.grads["qkv_weights"] += self._x.reshape(-1, d).T @ d_qkv_rows
        self.grads["qkv_bias"] += d_qkv_rows.sum(axis=0)
        if input_gradient:
            return d_qkv @ self.params["qkv_weights"].T
        return None

    def accumulate_parameter_gradients(self, output_gradient) -> None:
        """Add dE/d(params) for the last batch (no dE/dx)."""
        self._gradients(output_gradient, input_gradient=False)

    def backward(self, output_gradient):
        """output_gradient : (batch, T, d_model) -> dE/dx of shape (batch, T, d_model)."""
        return self._gradients(output_gradient, input_gradient=True)

    def __repr__(self) -> str:
        return (f"MultiHeadAttention(d_model={self.d_model}, n_heads={self.n_heads}, "
                f"causal={self.causal}, dtype={self.dtype.name})")
