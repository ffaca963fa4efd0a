"""Reversing a sequence of symbols: a task no model can solve without attention.

Each example is a random string of ``length`` symbols, a separator, and the string reversed.
A decoder-only model reads it left to right and, after the separator, predicts each symbol
of the reversal from what came before.  The symbol to produce at an output position is
the input symbol at the mirrored position, so the model has to *look it up*: an output
position's own token (the previous answer symbol) says nothing about it.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng

__all__ = ["reversal_data", "greedy_decode"]


def reversal_data(n_samples: int, length: int, n_symbols: int, *, rng) -> tuple[np.ndarray, np.ndarray]:
    """Random examples of the reversal task, as model inputs and targets.

    Symbols are the ids 0 to ``n_symbols - 1``; the separator is id ``n_symbols``, so the
    vocabulary has ``n_symbols + 1`` tokens.  For the string s_1 ... s_L::

        inputs  = s_1 ... s_L  SEP  s_L ... s_2      (2L tokens: the answer, shifted right)
        targets =                   s_L ... s_2 s_1  (L tokens: the next token at each of the
                                                      last L input positions)

    Parameters
    ----------
    n_samples : int
        Number of examples.
    length : int
        Symbols per string, L >= 2.
    n_symbols : int
        Alphabet size, >= 2.
    rng : numpy.random.Generator
        Draws the strings (uniform and independent symbols).

    Returns
    -------
    inputs : ndarray of int64, shape (n_samples, 2 L)
    targets : ndarray of int64, shape (n_samples, L)
    """
    n_samples = _check_positive_int("n_samples", n_samples)
    length = _check_positive_int("length", length)
    n_symbols = _check_positive_int("n_symbols", n_symbols)
    rng = _check_rng("rng", rng)
    if length < 2:
        raise ValueError(f"length must be >= 2, got {length}")
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be >= 2, got {n_symbols}")
    strings = rng.integers(0, n_symbols, size=(n_samples, length))
    reversed_strings = strings[:, ::-1]
    separator = np.full((n_samples, 1), n_symbols)
    inputs = np.concatenate([strings, separator, reversed_strings[:, :-1]], axis=1)
    return inputs.astype(np.int64), np.ascontiguousarray(reversed_strings, dtype=np.int64)


def greedy_decode(model, prompts, n_steps: int) -> np.ndarray:
    """Let the model write ``n_steps`` tokens after each prompt, feeding back its own output.

    At every step the whole sequence so far goes through the model and the most likely
    next token (the argmax of the logits at the last position) is appended.  Unlike the
    teacher-forced predictions of training, a mistake here is fed back and can cause more.

    Parameters
    ----------
    model : Sequential
        Maps ids (batch, T) to logits (batch, ..., n_tokens) whose last position predicts
        the token after position T - 1.
    prompts : ndarray of int, shape (batch, T0)
        E.g. the string and the separator.
    n_steps : int
        Tokens to generate.

    Returns
    -------
    ndarray of int64, shape (batch, n_steps)
        The generated tokens.
    """
    prompts = np.asarray(prompts)
    if prompts.ndim != 2 or prompts.dtype.kind not in "iu" or prompts.size == 0:
        raise ValueError(f"prompts must be a non-empty (batch, T) array of token ids, "
                         f"got shape {prompts.shape} dtype {prompts.dtype}")
    n_steps = _check_positive_int("n_steps", n_steps)
    sequence = prompts.astype(np.int64)
    for _ in range(n_steps):
        logits = model.predict(sequence)
        next_token = logits[:, -1].argmax(axis=-1)
        sequence = np.concatenate([sequence, next_token[:, None]], axis=1)
    return sequence[:, prompts.shape[1]:]
