"""Ready-made architectures shared by the chapters and the benchmark."""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.nn.activations import ReLU
from mlwiki.nn.attention import MultiHeadAttention
from mlwiki.nn.conv import Conv2D
from mlwiki.nn.dense import Dense
from mlwiki.nn.embedding import Embedding
from mlwiki.nn.normalization import LayerNorm
from mlwiki.nn.pooling import MaxPool2D
from mlwiki.nn.positional import PositionalEncoding
from mlwiki.nn.reshape import Flatten
from mlwiki.nn.residual import Residual
from mlwiki.nn.sequential import Sequential
from mlwiki.nn.slicing import LastPositions

__all__ = ["digits_cnn", "digits_mlp", "tiny_transformer"]


def digits_cnn(rng, dtype=np.float64) -> Sequential:
    """Small CNN for the 8x8 handwritten digits: (batch, 1, 8, 8) -> 10 logits.

    Layers and per-sample shapes::

        Conv2D(1, 16, 3, padding=1)   (1, 8, 8)  -> (16, 8, 8)
        ReLU, MaxPool2D(2)                       -> (16, 4, 4)
        Conv2D(16, 32, 3, padding=1)             -> (32, 4, 4)
        ReLU, MaxPool2D(2)                       -> (32, 2, 2)
        Flatten                                  -> (128,)
        Dense(128, 10)                           -> (10,)  logits

    6,090 parameters.  Train it with ``CategoricalCrossEntropy(from_logits=True)``;
    Adam(0.005) at batch size 32 reaches about 98% test accuracy on a 25% held-out
    split within 8 epochs (see ``benchmarks/cnn_digits.py``).  (Half the channels
    trains too, but hovers around 96-97% depending on the seed.)

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws every initial weight.
    dtype : {numpy.float64, numpy.float32}
    """
    rng = _check_rng("rng", rng)
    return Sequential([
        Conv2D(1, 16, 3, padding=1, rng=rng, dtype=dtype),
        ReLU(),
        MaxPool2D(2),
        Conv2D(16, 32, 3, padding=1, rng=rng, dtype=dtype),
        ReLU(),
        MaxPool2D(2),
        Flatten(),
        Dense(128, 10, rng=rng, dtype=dtype),
    ])


def digits_mlp(rng, n_hidden: int = 81, dtype=np.float64) -> Sequential:
    """A dense network for the same 8x8 digits: (batch, 1, 8, 8) -> 10 logits.

    Flatten (64 pixels), Dense(64, n_hidden) with He initialisation, ReLU,
    Dense(n_hidden, 10).  With the default 81 hidden units it has 6,085 parameters,
    about as many as :func:`digits_cnn` (6,090), so the two can be compared at equal
    size: what differs is only how the weights are arranged.

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws every initial weight.
    n_hidden : int
        Hidden units, >= 1.
    dtype : {numpy.float64, numpy.float32}
    """
    rng = _check_rng("rng", rng)
    n_hidden = _check_positive_int("n_hidden", n_hidden)
    return Sequential([
        Flatten(),
        Dense(64, n_hidden, rng=rng, dtype=dtype, init="he"),
        ReLU(),
        Dense(n_hidden, 10, rng=rng, dtype=dtype),
    ])


def tiny_transformer(n_tokens: int, *, max_positions: int, d_model: int = 32, n_heads: int = 2,
                     d_ff: int = 64, n_layers: int = 2, n_outputs: int | None = None,
                     rng, dtype=np.float64) -> Sequential:
    """A small decoder-only (GPT-style) transformer: token ids -> next-token logits.

    Layers, for ids of shape (batch, T)::

        Embedding(n_tokens, d_model)                       -> (batch, T, d_model)
        PositionalEncoding(max_positions, d_model)         (sinusoidal, added)
        n_layers times, pre-norm blocks:
            Residual([LayerNorm, MultiHeadAttention(causal=True)])     x + MHA(LN(x))
            Residual([LayerNorm, Dense(d_model, d_ff), ReLU, Dense(d_ff, d_model)])
        LastPositions(n_outputs)      only when n_outputs is given -> (batch, n_outputs, d_model)
        LayerNorm(d_model)            the final norm a pre-norm stack needs
        Dense(d_model, n_tokens)                           -> logits (batch, ..., n_tokens)

    Train it with ``CategoricalCrossEntropy(from_logits=True)`` on one-hot next tokens.

    Parameters
    ----------
    n_tokens : int
        Vocabulary size, for the input ids and the output logits.
    max_positions : int
        Longest input sequence.
    d_model, n_heads, d_ff, n_layers : int
        Width, heads per attention layer (must divide d_model), hidden width of the
        position-wise feed-forward network, number of blocks.
    n_outputs : int, optional
        Keep only the predictions of the last ``n_outputs`` positions.
    rng : numpy.random.Generator
        Draws every initial weight.
    dtype : {numpy.float64, numpy.float32}
    """
    rng = _check_rng("rng", rng)
    n_layers = _check_positive_int("n_layers", n_layers)
    d_ff = _check_positive_int("d_ff", d_ff)
    max_positions = _check_positive_int("max_positions", max_positions)
    if n_outputs is not None:
        n_outputs = _check_positive_int("n_outputs", n_outputs)
        if n_outputs > max_positions:
            raise ValueError(f"n_outputs must be <= max_positions={max_positions}, got {n_outputs}")
    layers = [
        Embedding(n_tokens, d_model, rng=rng, dtype=dtype),
        PositionalEncoding(max_positions, d_model, dtype=dtype),
    ]
    for _ in range(n_layers):
        layers.append(Residual([
            LayerNorm(d_model, dtype=dtype),
            MultiHeadAttention(d_model, n_heads, rng=rng, dtype=dtype, causal=True),
        ]))
        layers.append(Residual([
            LayerNorm(d_model, dtype=dtype),
            Dense(d_model, d_ff, rng=rng, dtype=dtype, init="he"),
            ReLU(),
            Dense(d_ff, d_model, rng=rng, dtype=dtype),
        ]))
    if n_outputs is not None:
        layers.append(LastPositions(n_outputs))
    layers += [LayerNorm(d_model, dtype=dtype), Dense(d_model, n_tokens, rng=rng, dtype=dtype)]
    return Sequential(layers)
