"""The thing being tuned: a small network trained on a training split, scored on a validation split.

A :class:`NetworkTuningProblem` holds the training and validation data -- and
nothing else: the test split never enters a search.  ``problem.start(config)``
builds a network for one configuration (``{"lr": ..., "width": ...}``) and returns a
:class:`TrainingRun`, which can be trained a few epochs at a time and scored on the
validation split in between.  Every epoch any run trains is added to
``problem.epochs_trained``, the meter the searches are compared by.

Training is deterministic: every run starts from ``default_rng(seed)`` for its
initial weights and its own ``default_rng(seed + 1)`` for shuffling, so all
configurations share the same random numbers, and training 1 epoch then 2 more
gives exactly the network that training 3 epochs in one go gives.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int
from mlwiki.nn.activations import ReLU
from mlwiki.nn.dense import Dense
from mlwiki.nn.losses import CategoricalCrossEntropy, one_hot
from mlwiki.nn.optimizers import Adam
from mlwiki.nn.sequential import Sequential
from mlwiki.nn.training import accuracy, fit

__all__ = ["NetworkTuningProblem", "TrainingRun"]


def _check_split(name: str, x, y) -> tuple[np.ndarray, np.ndarray]:
    x = _check_finite_array(f"x_{name}", x, ndim=2, dtype=float)
    y = _check_finite_array(f"y_{name}", y, ndim=1)
    if y.size != x.shape[0] or y.size == 0:
        raise ValueError(f"y_{name} must hold one label per row of x_{name} ({x.shape[0]}), got {y.size}")
    if np.any(y != np.round(y)) or np.any(y < 0):
        raise ValueError(f"y_{name} must hold integer class labels >= 0")
    return x, y.astype(np.int64)


def _check_config(config) -> dict:
    if not isinstance(config, dict) or set(config) != {"lr", "width"}:
        raise ValueError(f"config must be a dict with exactly the keys 'lr' and 'width', got {config!r}")
    lr, width = config["lr"], config["width"]
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not 0 < lr < np.inf:
        raise ValueError(f"config['lr'] must be a finite number > 0, got {lr!r}")
    _check_positive_int("config['width']", width)
    return config


class TrainingRun:
    """One configuration's network, trained epoch by epoch; made by :meth:`NetworkTuningProblem.start`.

    Attributes
    ----------
    config : dict
        ``{"lr": float, "width": int}``.
    model : Sequential
        ``Dense(n_features, width) -> ReLU -> Dense(width, n_classes)`` (10 logits for digits).
    epochs : int
        Epochs trained so far.
    """

    def __init__(self, problem: NetworkTuningProblem, config: dict):
        self._problem = problem
        self.config = dict(config)
        init = np.random.default_rng(problem.seed)
        n_features, width = problem.x_train.shape[1], int(config["width"])
        self.model = Sequential([
            Dense(n_features, width, rng=init, init="he"), ReLU(), Dense(width, problem.n_classes, rng=init),
        ])
        self._optimizer = Adam(float(config["lr"]))
        self._shuffle = np.random.default_rng(problem.seed + 1)
        self.epochs = 0

    def train(self, n_epochs: int) -> TrainingRun:
        """Continue training for ``n_epochs`` more epochs (mini-batches, Adam); returns self."""
        n_epochs = _check_positive_int("n_epochs", n_epochs)
        p = self._problem
        fit(self.model, p.loss, self._optimizer, p.x_train, p.targets_train, epochs=n_epochs,
            batch_size=p.batch_size, rng=self._shuffle, metric=None)
        self.epochs += n_epochs
        p.epochs_trained += n_epochs
        return self

    def validation_accuracy(self) -> float:
        """Fraction of the validation split the network classifies correctly."""
        return accuracy(self.model, self._problem.x_val, self._problem.y_val)

    def __repr__(self) -> str:
        return f"TrainingRun({self.config}, epochs={self.epochs})"


class NetworkTuningProblem:
    """Tune a one-hidden-layer ReLU network's learning rate and width on a validation split.

    Parameters
    ----------
    x_train, x_val : ndarray of shape (n, n_features)
    y_train, y_val : ndarray of shape (n,)
        Integer class labels.
    max_epochs : int
        Epochs of a full training run (what a grid or random search spends per trial).
    batch_size : int
        Mini-batch size of every run.
    seed : int
        Seeds every run's initial weights and shuffling (the same for all configurations).

    Attributes
    ----------
    epochs_trained : int
        Total epochs trained by all runs started so far: the cost of a search.
    """

    loss = CategoricalCrossEntropy(from_logits=True)

    def __init__(self, x_train, y_train, x_val, y_val, *, max_epochs: int, batch_size: int, seed: int):
        self.x_train, self.y_train = _check_split("train", x_train, y_train)
        self.x_val, self.y_val = _check_split("val", x_val, y_val)
        if self.x_val.shape[1] != self.x_train.shape[1]:
            raise ValueError(f"x_val must have {self.x_train.shape[1]} features like x_train, "
                             f"got {self.x_val.shape[1]}")
        self.max_epochs = _check_positive_int("max_epochs", max_epochs)
        self.batch_size = _check_positive_int("batch_size", batch_size)
        self.seed = _check_positive_int("seed", seed, allow_zero=True)
        self.n_classes = int(max(self.y_train.max(), self.y_val.max())) + 1
        self.targets_train = one_hot(self.y_train, self.n_classes)
        self.epochs_trained = 0

    def start(self, config) -> TrainingRun:
        """A fresh, untrained run for ``config`` (``{"lr": float > 0, "width": int > 0}``)."""
        return TrainingRun(self, _check_config(config))

    def evaluate(self, config) -> TrainingRun:
        """Train ``config`` for ``max_epochs`` and return the finished run."""
        return self.start(config).train(self.max_epochs)

    def __repr__(self) -> str:
        return (f"NetworkTuningProblem(train={len(self.y_train)}, val={len(self.y_val)}, "
                f"max_epochs={self.max_epochs}, batch_size={self.batch_size}, seed={self.seed})")
