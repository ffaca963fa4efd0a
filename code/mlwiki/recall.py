"""A memory task for recurrent networks: name the first symbol of a sequence, ``lag`` steps later.

Each sequence is ``lag + 1`` symbols drawn uniformly from ``n_symbols``, given one-hot, one per
time step.  After reading all of them the network must say which symbol came *first*: the
answer is due ``lag`` steps after the symbol was shown, and every symbol in between is a
random distractor.  Guessing scores ``1 / n_symbols``.  The lag is the only knob, which makes
the task a clean probe of how far back a recurrent layer can carry information -- and how far
back its training gradient reaches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int, _check_rng
from mlwiki.nn.dense import Dense
from mlwiki.nn.layer import _check_float_dtype
from mlwiki.nn.losses import CategoricalCrossEntropy, one_hot
from mlwiki.nn.optimizers import Adam
from mlwiki.nn.sequential import Sequential
from mlwiki.nn.training import History, accuracy, fit

__all__ = ["recall_data", "RecallRun", "train_recall", "accuracy_by_lag", "plot_accuracy_by_lag"]


def recall_data(n_sequences: int, lag: int, *, n_symbols: int, rng, dtype=np.float64):
    """Random sequences and the symbol each one started with.

    Parameters
    ----------
    n_sequences : int
        How many sequences.
    lag : int
        Steps between the first symbol and the end of the sequence (>= 0); every sequence
        has ``lag + 1`` time steps.
    n_symbols : int
        Alphabet size (>= 2).
    rng : numpy.random.Generator
    dtype : {numpy.float64, numpy.float32}
        dtype of the one-hot inputs.

    Returns
    -------
    x : ndarray of shape (n_sequences, lag + 1, n_symbols)
        One-hot symbols, one per time step.
    labels : ndarray of int64, shape (n_sequences,)
        The first symbol of each sequence.
    """
    n_sequences = _check_positive_int("n_sequences", n_sequences)
    lag = _check_positive_int("lag", lag, allow_zero=True)
    n_symbols = _check_positive_int("n_symbols", n_symbols)
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be at least 2, got {n_symbols}")
    rng = _check_rng("rng", rng)
    dtype = _check_float_dtype(dtype)
    symbols = rng.integers(0, n_symbols, size=(n_sequences, lag + 1))
    return np.eye(n_symbols, dtype=dtype)[symbols], symbols[:, 0].astype(np.int64)


@dataclass
class RecallRun:
    """One trained model on the recall task.

    Attributes
    ----------
    lag : int
    model : Sequential
        The recurrent layer followed by a Dense read-out of its last state (logits).
    history : History
        Per-epoch training loss and accuracy.
    test_accuracy : float
        Fraction of fresh test sequences answered correctly after the last epoch.
    """

    lag: int
    model: Sequential
    history: History
    test_accuracy: float


def train_recall(make_layer, lag: int, *, n_symbols: int, n_hidden: int, rng, epochs: int, lr: float,
                 n_train: int = 1024, n_test: int = 1000, batch_size: int = 32, dtype=np.float32) -> RecallRun:
    """Train ``make_layer(n_symbols, n_hidden, rng=, dtype=)`` + Dense on the task at one lag.

    The model reads the whole sequence and its Dense layer turns the last hidden state into
    ``n_symbols`` logits; training is :func:`~mlwiki.nn.fit` with softmax cross-entropy and
    Adam.

    Parameters
    ----------
    make_layer : callable
        A recurrent layer class such as :class:`~mlwiki.nn.RNN` or :class:`~mlwiki.nn.GRU`
        (or a function with the same signature).
    lag, n_symbols : int
        The task (see :func:`recall_data`).
    n_hidden : int
        Size of the hidden state.
    rng : numpy.random.Generator
        Draws the data, the initial weights and the shuffling, in that order.
    epochs : int
    lr : float
        Adam's learning rate.
    n_train, n_test, batch_size : int
    dtype : {numpy.float32, numpy.float64}

    Returns
    -------
    RecallRun
    """
    rng = _check_rng("rng", rng)
    if not callable(make_layer):
        raise ValueError(f"make_layer must be a recurrent layer class such as nn.RNN, got {make_layer!r}")
    n_hidden = _check_positive_int("n_hidden", n_hidden)
    lr = _check_positive("lr", lr)
    x, labels = recall_data(n_train, lag, n_symbols=n_symbols, rng=rng, dtype=dtype)
    x_test, labels_test = recall_data(n_test, lag, n_symbols=n_symbols, rng=rng, dtype=dtype)
    model = Sequential([make_layer(n_symbols, n_hidden, rng=rng, dtype=dtype),
                        Dense(n_hidden, n_symbols, rng=rng, dtype=dtype)])
    history = fit(model, CategoricalCrossEntropy(from_logits=True), Adam(lr), x, one_hot(labels, n_symbols, dtype=dtype),
                  epochs=epochs, batch_size=batch_size, rng=rng)
    return RecallRun(lag, model, history, accuracy(model, x_test, labels_test))


def accuracy_by_lag(make_layer, lags, *, rng, **settings) -> dict[int, RecallRun]:
    """:func:`train_recall` at every lag, each from its own generator spawned from ``rng``.

    Parameters
    ----------
    make_layer : callable
        See :func:`train_recall`.
    lags : sequence of int
        Distinct lags, each >= 0.
    rng : numpy.random.Generator
        Spawns one independent generator per lag, so each result depends only on ``rng``'s
        seed and its position in ``lags``.
    **settings
        Passed on to :func:`train_recall` (``n_symbols``, ``n_hidden``, ``epochs``, ``lr``, ...).

    Returns
    -------
    dict[int, RecallRun]
        Lag -> its run, in the order of ``lags``.
    """
    rng = _check_rng("rng", rng)
    lags = [_check_positive_int("lags[]", lag, allow_zero=True) for lag in lags]
    if not lags or len(set(lags)) != len(lags):
        raise ValueError(f"lags must be a non-empty sequence of distinct integers, got {lags}")
    return {lag: train_recall(make_layer, lag, rng=child, **settings) for lag, child in zip(lags, rng.spawn(len(lags)))}


def plot_accuracy_by_lag(curves, *, n_symbols: int, ax=None):
    """Test accuracy against lag, one marked line per model, with the guessing level dotted.

    Parameters
    ----------
    curves : dict[str, dict[int, float]]
        Legend label -> {lag: accuracy}.
    n_symbols : int
        Sets the guessing level 1 / n_symbols.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlwiki.plots import _axes  # local: importing this module needs no Matplotlib

    from mlwiki.themes import current_theme

    n_symbols = _check_positive_int("n_symbols", n_symbols)
    if not curves:
        raise ValueError("curves must name at least one model")
    ax = _axes(ax)
    theme = current_theme()
    markers = "os^Dv"
    for i, (name, by_lag) in enumerate(curves.items()):
        lags = sorted(by_lag)
        ax.plot(lags, [by_lag[lag] for lag in lags], marker=markers[i % len(markers)], label=name)
    ax.axhline(1 / n_symbols, color=theme.muted, linestyle=":", label=f"guessing (1/{n_symbols})")
    ax.set_ylim(0, 1.05)
    ax.set_xlabel("lag k (steps from the first symbol to the answer)")
    ax.set_ylabel("test accuracy")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax
