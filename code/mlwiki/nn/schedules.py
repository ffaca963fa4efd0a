"""Learning-rate schedules: the learning rate as a function of the epoch.

A fixed learning rate is a compromise.  Early on, large steps make fast progress;
near a minimum, the noise of mini-batch gradients keeps a large step jittering
around it, and only a smaller step settles lower.  A schedule starts large and
shrinks.  :func:`~mlwiki.nn.fit` calls ``schedule(epoch)`` (epochs counted from 0) at
the start of every epoch and sets the optimizer's ``lr`` to the result.
"""

from __future__ import annotations

import math

from mlwiki._checks import _check_positive, _check_positive_int

__all__ = ["StepDecay", "CosineDecay"]


def _check_epoch(epoch) -> int:
    return _check_positive_int("epoch", epoch, allow_zero=True)


class StepDecay:
    """Multiply the learning rate by ``factor`` every ``every`` epochs.

    ``lr(epoch) = lr * factor ** (epoch // every)``, as ``torch.optim.lr_scheduler.StepLR``.

    Parameters
    ----------
    lr : float
        Learning rate of the first epochs, > 0.
    factor : float
        Multiplier in (0, 1].
    every : int
        Epochs between two drops, >= 1.
    """

    def __init__(self, lr: float, factor: float, every: int):
        self.lr = _check_positive("lr", lr)
        self.factor = _check_positive("factor", factor)
        if self.factor > 1:
            raise ValueError(f"factor must be in (0, 1], got {factor!r}")
        self.every = _check_positive_int("every", every)

    def __call__(self, epoch: int) -> float:
        return self.lr * self.factor ** (_check_epoch(epoch) // self.every)

    def __repr__(self) -> str:
        return f"StepDecay(lr={self.lr}, factor={self.factor}, every={self.every})"


class CosineDecay:
    """Half a cosine from ``lr`` down to ``lr_min`` over ``epochs`` epochs.

    ``lr(epoch) = lr_min + (lr - lr_min) * (1 + cos(pi * epoch / epochs)) / 2``
    (Loshchilov and Hutter, 2017, without restarts; ``torch.optim.lr_scheduler.CosineAnnealingLR``).
    It falls slowly at first, fastest in the middle, and flattens out at the end.

    Parameters
    ----------
    lr : float
        Learning rate at epoch 0, > 0.
    epochs : int
        Length of the decay, >= 1; ``lr_min`` is reached at ``epoch = epochs``.
    lr_min : float
        Final learning rate, >= 0 and <= lr.
    """

    def __init__(self, lr: float, epochs: int, lr_min: float = 0.0):
        self.lr = _check_positive("lr", lr)
        self.epochs = _check_positive_int("epochs", epochs)
        self.lr_min = _check_positive("lr_min", lr_min, allow_zero=True)
        if self.lr_min > self.lr:
            raise ValueError(f"lr_min must not exceed lr ({self.lr}), got {lr_min!r}")

    def __call__(self, epoch: int) -> float:
        progress = min(_check_epoch(epoch), self.epochs) / self.epochs
        return self.lr_min + (self.lr - self.lr_min) * (1 + math.cos(math.pi * progress)) / 2

    def __repr__(self) -> str:
        return f"CosineDecay(lr={self.lr}, epochs={self.epochs}, lr_min={self.lr_min})"
