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

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int, _check_rng

__all__ = ["BigramModel", "BigramScore", "evaluate_bigram"]


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

    def most_likely_next(self, token_id: int, k: int = 3) -> list[tuple[int, float]]:
        """The ``k`` most probable next tokens after ``token_id``, as (id, probability), best first.

        Ties go to the smaller id.
        """
        token_id = int(_check_ids("token_id", [token_id], self.vocab_size, min_length=1)[0])
        k = _check_positive_int("k", k)
        row = self.probabilities()[token_id]
        order = np.lexsort((np.arange(row.size), -row))[:k]
        return [(int(i), float(row[i])) for i in order]

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


@dataclass(frozen=True)
class BigramScore:
    """How well a bigram model trained on one text predicts another, under one tokenization.

    Attributes
    ----------
    vocab_size : int
        Tokens the tokenizer can produce (the model's ``V``).
    n_train_tokens, n_test_tokens : int
        Lengths of the two texts in tokens.
    train_perplexity, test_perplexity : float
        Perplexity per predicted token on each text.
    test_bits_per_character : float
        Total information the model needs for the test text, ``-sum(log2 P)`` over its predicted
        tokens (all but the first), divided by the number of characters those tokens cover.
        Unlike perplexity per token it does not depend on how long the tokens are.
    """

    vocab_size: int
    n_train_tokens: int
    n_test_tokens: int
    train_perplexity: float
    test_perplexity: float
    test_bits_per_character: float


def evaluate_bigram(tokenizer, train_text: str, test_text: str, *, alpha: float = 1.0) -> BigramScore:
    """Tokenize both texts, fit a :class:`BigramModel` on the first and score it on both.

    Parameters
    ----------
    tokenizer : object with ``encode(str) -> list[int]``, ``decode(list[int]) -> str`` and ``vocab_size``
        For example a :class:`~mlwiki.text.bpe.BPETokenizer`.
    train_text, test_text : str
        Each must encode to at least 2 tokens.
    alpha : float
        The model's smoothing pseudo-count.

    Returns
    -------
    BigramScore
    """
    for name in ("encode", "decode", "vocab_size"):
        if not hasattr(tokenizer, name):
            raise TypeError(f"tokenizer must have encode, decode and vocab_size, missing {name!r}")
    for name, text in (("train_text", train_text), ("test_text", test_text)):
        if not isinstance(text, str):
            raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    train_ids, test_ids = tokenizer.encode(train_text), tokenizer.encode(test_text)
    model = BigramModel(tokenizer.vocab_size, alpha=alpha).fit(train_ids)
    test_log_probs = model.log_probs(test_ids)
    predicted_characters = len(test_text) - len(tokenizer.decode(test_ids[:1]))
    return BigramScore(
        vocab_size=int(tokenizer.vocab_size),
        n_train_tokens=len(train_ids),
        n_test_tokens=len(test_ids),
        train_perplexity=model.perplexity(train_ids),
        test_perplexity=float(np.exp(-np.mean(test_log_probs))),
        test_bits_per_character=float(-test_log_probs.sum() / np.log(2) / predicted_characters),
    )
