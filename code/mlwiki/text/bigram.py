"""A bigram language model: the next token's probability given only the token before it.

A language model assigns a probability to every possible next token.  The simplest one that
looks at context at all counts, in a training sequence, how often token ``b`` follows token
``a``, and predicts

    P(b | a) = (count(a, b) + alpha) / (count(a) + alpha * V),

where ``V`` is the vocabulary size and ``alpha > 0`` (additive, or Laplace, smoothing when
``alpha = 1``) keeps a pair never seen in training from getting probability zero.  The quality
of a model on a sequence is its *perplexity*, ``exp`` of the mean negative log-probability of
each token given the one before: a model that spreads its bets uniformly over ``V`` tokens
has perplexity ``V``; one that always predicts the right token with certainty has 1.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int, _check_rng

__all__ = ["BigramModel"]


def _check_ids(name: str, ids, vocab_size: int, *, min_length: int) -> np.ndarray:
    try:
        arr = np.asarray(ids)
    except (TypeError, ValueError) as exc:  # pragma: no cover - ragged input
        raise ValueError(f"{name} must be a sequence of token ids: {exc}") from None
    if arr.ndim != 1 or (arr.size and not np.issubdtype(arr.dtype, np.integer)):
        raise ValueError(f"{name} must be a 1-D sequence of integer token ids, got shape {arr.shape} dtype {arr.dtype}")
    if arr.size < min_length:
        raise ValueError(f"{name} must hold at least {min_length} tokens, got {arr.size}")
    if arr.size and (arr.min() < 0 or arr.max() >= vocab_size):
        raise ValueError(f"{name} must hold ids in [0, {vocab_size - 1}], got range [{arr.min()}, {arr.max()}]")
    return arr.astype(np.int64)


class BigramModel:
    """Next-token probabilities from counted pairs of neighbouring tokens.

    Parameters
    ----------
    vocab_size : int
        Number of distinct token ids ``V``; ids run from 0 to ``V - 1``.
    alpha : float
        Pseudo-count added to every pair (> 0).

    Attributes
    ----------
    counts : ndarray of shape (V, V), int64
        ``counts[a, b]``: how often ``b`` followed ``a`` in the training ids.
    """

    def __init__(self, vocab_size: int, *, alpha: float = 1.0):
        self.vocab_size = _check_positive_int("vocab_size", vocab_size)
        self.alpha = _check_positive("alpha", alpha)
        self.counts = np.zeros((self.vocab_size, self.vocab_size), dtype=np.int64)

    def fit(self, ids) -> "BigramModel":
        """Count the neighbouring pairs of ``ids`` (at least 2 tokens); returns the model."""
        ids = _check_ids("ids", ids, self.vocab_size, min_length=2)
        self.counts = np.zeros((self.vocab_size, self.vocab_size), dtype=np.int64)
        np.add.at(self.counts, (ids[:-1], ids[1:]), 1)
        return self

    def probabilities(self) -> np.ndarray:
        """Row ``a`` holds P(next | a) over all V tokens; shape (V, V), rows sum to 1."""
        smoothed = self.counts + self.alpha
        return smoothed / smoothed.sum(axis=1, keepdims=True)

    def log_probs(self, ids) -> np.ndarray:
        """Natural-log probability of each token of ``ids`` after the first; shape (len - 1,)."""
        ids = _check_ids("ids", ids, self.vocab_size, min_length=2)
        previous, following = ids[:-1], ids[1:]
        row_totals = self.counts.sum(axis=1)
        numerator = self.counts[previous, following] + self.alpha
        return np.log(numerator) - np.log(row_totals[previous] + self.alpha * self.vocab_size)

    def perplexity(self, ids) -> float:
        """exp(mean negative log-probability per predicted token) on ``ids``."""
        return float(np.exp(-np.mean(self.log_probs(ids))))

    def sample(self, first: int, n_tokens: int, *, rng) -> list[int]:
        """Generate ``n_tokens`` ids after ``first``, each drawn from P(next | previous).

        Returns the ``n_tokens + 1`` ids, ``first`` included.
        """
        first = _check_ids("first", [first], self.vocab_size, min_length=1)[0]
        n_tokens = _check_positive_int("n_tokens", n_tokens, allow_zero=True)
        rng = _check_rng("rng", rng)
        probs = self.probabilities()
        ids = [int(first)]
        for _ in range(n_tokens):
            ids.append(int(rng.choice(self.vocab_size, p=probs[ids[-1]])))
        return ids
