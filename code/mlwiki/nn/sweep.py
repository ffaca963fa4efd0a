"""Learning-rate sweeps: train the same network at several learning rates and compare fairly.

A training method (a batch size, an optimizer) has its own best learning rate, so two
methods compared at one shared learning rate may differ only because that rate suits
one of them better.  :func:`learning_rate_sweep` trains the same initial network, with
the same shuffling, once per learning rate, records the training loss after every
epoch (measured on all the training data, with the epoch's final weights), and stops a
run as *diverged* once its loss is no longer finite or exceeds ``divergence`` times the
starting loss.  Comparing methods each at its own best learning rate removes that
confound.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int
from mlwiki.nn.training import _check_data, _check_loss, _check_model, evaluate, fit

__all__ = ["SweepResult", "learning_rate_sweep"]


@dataclass
class SweepResult:
    """Outcome of :func:`learning_rate_sweep`.

    Attributes
    ----------
    lrs : ndarray of shape (n_lrs,)
        The learning rates tried, in the order given.
    losses : list of ndarray
        Per learning rate, the training loss before training and after every epoch
        (``epochs + 1`` entries; fewer for a run that diverged).
    diverged : ndarray of bool, shape (n_lrs,)
    steps_per_epoch : int
        Gradient steps in one epoch (``ceil(n_samples / batch_size)``).
    """

    lrs: np.ndarray
    losses: list
    diverged: np.ndarray
    steps_per_epoch: int

    def after(self, epoch: int) -> np.ndarray:
        """Loss after ``epoch`` epochs at every learning rate; inf where the run diverged (or stopped) before."""
        epoch = _check_positive_int("epoch", epoch, allow_zero=True)
        return np.array([curve[epoch] if len(curve) > epoch and not diverged else np.inf
                         for curve, diverged in zip(self.losses, self.diverged)])

    @property
    def final(self) -> np.ndarray:
        """Loss after the last epoch per learning rate; inf for runs that diverged."""
        return np.array([np.inf if d else curve[-1] for d, curve in zip(self.diverged, self.losses)])

    @property
    def best_index(self) -> int:
        """Index of the learning rate with the lowest final loss."""
        return int(np.argmin(self.final))

    @property
    def best_lr(self) -> float:
        return float(self.lrs[self.best_index])

    @property
    def best_losses(self) -> np.ndarray:
        """The loss curve (``epochs + 1`` entries) at the best learning rate."""
        return self.losses[self.best_index]


def learning_rate_sweep(build_model, loss, build_optimizer, x, y, *, lrs, epochs: int,
                        batch_size: int | None = None, seed: int = 0, divergence: float = 10.0) -> SweepResult:
    """Train a fresh copy of the same network once per learning rate.

    Parameters
    ----------
    build_model : callable
        ``build_model() -> Sequential``; must return the same initial weights every call.
    loss : loss object
    build_optimizer : callable
        ``build_optimizer(lr) -> optimizer``, e.g. ``nn.SGD`` or ``lambda lr: nn.Momentum(lr, 0.9)``.
    x, y : ndarray
        Training data.
    lrs : sequence of float
        Learning rates to try, each > 0.
    epochs : int
        Epochs per run.
    batch_size : int or None
        As for :func:`~mlwiki.nn.fit`.
    seed : int
        Seed of the shuffling generator, the same for every run.
    divergence : float
        A run stops as diverged when its loss exceeds ``divergence`` times the starting
        loss (or is not finite), > 1.

    Returns
    -------
    SweepResult
    """
    if not callable(build_model) or not callable(build_optimizer):
        raise TypeError("build_model and build_optimizer must be functions (build_model(), build_optimizer(lr))")
    _check_loss(loss)
    x, y = _check_data("x", "y", x, y)
    if isinstance(lrs, (str, bytes)) or not hasattr(lrs, "__iter__"):
        raise TypeError(f"lrs must be a sequence of learning rates, got {lrs!r}")
    lrs = np.array([_check_positive("lrs entry", lr) for lr in lrs])
    if lrs.size == 0:
        raise ValueError("lrs must hold at least one learning rate")
    epochs = _check_positive_int("epochs", epochs)
    if batch_size is not None:
        batch_size = _check_positive_int("batch_size", batch_size)
    seed = _check_positive_int("seed", seed, allow_zero=True)
    divergence = _check_positive("divergence", divergence)
    if divergence <= 1:
        raise ValueError(f"divergence must be > 1, got {divergence!r}")
    full_batch = batch_size is None or batch_size >= x.shape[0]
    losses, diverged = [], []
    for lr in lrs:
        model = build_model()
        _check_model(model)
        start = evaluate(model, loss, x, y)[0]
        limit = divergence * start

        def blown_up(history, model=None):
            latest = history.loss[-1] if full_batch else history.train_loss[-1]
            return not np.isfinite(latest) or latest > limit

        try:
            with np.errstate(over="ignore", invalid="ignore"):
                # Full batch: the loss fit records before each step is the loss after the
                # previous epoch, so no extra evaluation pass is needed.
                history = fit(model, loss, build_optimizer(float(lr)), x, y, epochs=epochs, batch_size=batch_size,
                              rng=np.random.default_rng(seed), evaluate_train=not full_batch, metric=None,
                              callback=blown_up)
        except ValueError as exc:
            if "non-finite" not in str(exc):
                raise
            losses.append(np.array([start, np.inf]))  # weights or outputs became inf or nan
            diverged.append(True)
            continue
        if full_batch:
            # history.loss[k] was measured before step k + 1, i.e. after epoch k
            with np.errstate(over="ignore", invalid="ignore"):
                curve = history.loss + [_final_loss(model, loss, x, y)]
        else:
            curve = [start] + history.train_loss
        curve = np.array(curve)
        blew = bool(not np.all(np.isfinite(curve)) or curve.max() > limit)
        losses.append(curve)
        diverged.append(blew)
    steps = int(np.ceil(x.shape[0] / (batch_size or x.shape[0])))
    return SweepResult(lrs=lrs, losses=losses, diverged=np.array(diverged), steps_per_epoch=steps)


def _final_loss(model, loss, x, y) -> float:
    try:
        return evaluate(model, loss, x, y)[0]
    except ValueError as exc:
        if "non-finite" not in str(exc):
            raise
        return np.inf
