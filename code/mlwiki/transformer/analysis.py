"""Why attention divides its scores by sqrt(d_k), measured.

For a query q and a key k whose d_k entries are independent with mean 0 and variance 1,
each product q_i k_i has variance 1, so the dot product q . k, a sum of d_k of them, has
variance d_k: the scores spread out as sqrt(d_k).  Fed to a softmax, widely spread scores
make one weight close to 1 and the others close to 0, and the softmax's gradient
diag(p) - p p^T then vanishes.  Dividing by sqrt(d_k) brings the variance back to 1 for
every d_k.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.nn.activations import softmax

__all__ = ["dot_product_variance", "softmax_saturation", "attention_near"]


def _check_dims(d_ks) -> np.ndarray:
    try:
        d_ks = np.asarray(d_ks)
    except (TypeError, ValueError):
        raise ValueError(f"d_ks must be a 1-D array of positive integers, got {d_ks!r}") from None
    if d_ks.ndim != 1 or d_ks.size == 0 or d_ks.dtype.kind not in "iu" or (d_ks < 1).any():
        raise ValueError(f"d_ks must be a non-empty 1-D array of positive integers, got {d_ks!r}")
    return d_ks


def dot_product_variance(d_ks, *, n_samples: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """Sample variance of q . k and of q . k / sqrt(d_k) for random unit-variance q and k.

    Parameters
    ----------
    d_ks : array-like of int, shape (n_dims,)
        Vector lengths d_k to try.
    n_samples : int
        (q, k) pairs drawn per d_k, entries independent N(0, 1).
    rng : numpy.random.Generator

    Returns
    -------
    unscaled, scaled : ndarray of shape (n_dims,)
        Var(q . k) (close to d_k) and Var(q . k / sqrt(d_k)) (close to 1).
    """
    d_ks = _check_dims(d_ks)
    n_samples = _check_positive_int("n_samples", n_samples)
    rng = _check_rng("rng", rng)
    if n_samples < 2:
        raise ValueError(f"n_samples must be >= 2 for a variance, got {n_samples}")
    unscaled, scaled = [], []
    for d_k in d_ks:
        q = rng.standard_normal((n_samples, d_k))
        k = rng.standard_normal((n_samples, d_k))
        dots = np.einsum("ij,ij->i", q, k)
        unscaled.append(dots.var())
        scaled.append((dots / np.sqrt(d_k)).var())
    return np.array(unscaled), np.array(scaled)


def softmax_saturation(d_ks, *, n_keys: int, n_samples: int, rng) -> dict[str, np.ndarray]:
    """What the softmax makes of unscaled and scaled scores, as d_k grows.

    One query attends to ``n_keys`` keys; all entries are independent N(0, 1).

    Parameters
    ----------
    d_ks : array-like of int, shape (n_dims,)
    n_keys : int
        Keys per query (>= 2).
    n_samples : int
        Queries per d_k.
    rng : numpy.random.Generator

    Returns
    -------
    dict of ndarray, each of shape (n_dims,), averages over the queries
        ``"max_weight_unscaled"``, ``"max_weight_scaled"``: the largest attention weight
        (1 / n_keys for uniform attention, 1 for attention on one key);
        ``"gradient_unscaled"``, ``"gradient_scaled"``: the Frobenius norm of the softmax's
        Jacobian diag(p) - p p^T, which multiplies every gradient flowing back to the
        scores (0 when p is one-hot).
    """
    d_ks = _check_dims(d_ks)
    n_keys = _check_positive_int("n_keys", n_keys)
    n_samples = _check_positive_int("n_samples", n_samples)
    rng = _check_rng("rng", rng)
    if n_keys < 2:
        raise ValueError(f"n_keys must be >= 2, got {n_keys}")
    result = {key: [] for key in ("max_weight_unscaled", "max_weight_scaled",
                                  "gradient_unscaled", "gradient_scaled")}
    eye = np.eye(n_keys)
    for d_k in d_ks:
        q = rng.standard_normal((n_samples, 1, d_k))
        keys = rng.standard_normal((n_samples, n_keys, d_k))
        scores = (q @ keys.transpose(0, 2, 1))[:, 0]  # (n_samples, n_keys)
        for name, factor in (("unscaled", 1.0), ("scaled", 1.0 / np.sqrt(d_k))):
            p = softmax(scores * factor)
            jacobian = p[:, :, None] * eye - p[:, :, None] * p[:, None, :]
            result[f"max_weight_{name}"].append(p.max(axis=1).mean())
            result[f"gradient_{name}"].append(np.linalg.norm(jacobian, axis=(1, 2)).mean())
    return {key: np.array(values) for key, values in result.items()}


def attention_near(weights, query_positions, key_positions, *, radius: int = 0) -> np.ndarray:
    """Mean attention each head puts within ``radius`` of a target key, for given queries.

    Parameters
    ----------
    weights : array-like of shape (batch, n_heads, T_q, T_k)
        Attention weights, e.g. ``MultiHeadAttention.attention_weights``.
    query_positions, key_positions : array-like of int, shape (n_pairs,)
        For each query position (a row), the key position it is expected to read.
    radius : int
        0: the weight on the target key itself; r: the summed weight on keys
        target - r, ..., target + r (those that exist).

    Returns
    -------
    ndarray of shape (n_heads,)
        Averaged over the batch and the query positions.
    """
    weights = np.asarray(weights)
    if weights.ndim != 4 or weights.dtype.kind != "f":
        raise ValueError(f"weights must be a floating array of shape (batch, n_heads, T_q, T_k), "
                         f"got shape {weights.shape} dtype {weights.dtype}")
    rows = np.asarray(query_positions)
    cols = np.asarray(key_positions)
    if rows.ndim != 1 or rows.shape != cols.shape or rows.dtype.kind not in "iu" or cols.dtype.kind not in "iu":
        raise ValueError("query_positions and key_positions must be 1-D integer arrays of the same length, "
                         f"got shapes {rows.shape} and {cols.shape}")
    if rows.size == 0 or rows.min() < 0 or rows.max() >= weights.shape[2] or cols.min() < 0 \
            or cols.max() >= weights.shape[3]:
        raise ValueError(f"positions must be non-empty and inside the {weights.shape[2]} x {weights.shape[3]} "
                         f"weights, got rows {rows.tolist()} and keys {cols.tolist()}")
    radius = _check_positive_int("radius", radius, allow_zero=True)
    total = np.zeros(weights.shape[:2])
    for shift in range(-radius, radius + 1):
        keys = cols + shift
        inside = (keys >= 0) & (keys < weights.shape[3])
        total += weights[:, :, rows[inside], keys[inside]].sum(axis=-1)
    return total.mean(axis=0) / rows.size
