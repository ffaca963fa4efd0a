"""The training loop: mini-batches, shuffling, and a per-epoch history."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng

__all__ = ["History", "fit", "accuracy"]


@dataclass
class History:
    """Per-epoch record of a :func:`fit` run (one entry per epoch in each list).

    ``loss`` / ``accuracy`` are averages over the epoch's training batches as they
    were seen during the epoch (Keras-style, no extra pass).  ``val_loss`` /
    ``val_accuracy`` are measured on the validation data after the epoch and stay
    empty without it.  Accuracy lists stay empty when ``metric=None``.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)


def _n_correct(y_pred: np.ndarray, y_true: np.ndarray, *, from_logits: bool) -> int:
    """Count correct predictions.

    Several outputs: the predicted class is the argmax (the same for logits and
    probabilities); ``y_true`` may be one-hot (batch, n_classes) or labels (batch,).
    Sequences, (batch, T, n_classes): every position counts as one prediction; ``y_true``
    is one-hot (batch, T, n_classes) or labels (batch, T).
    One output: class 1 when the probability exceeds 0.5, i.e. when the logit
    exceeds 0; ``y_true`` holds 0/1 of shape (batch,) or (batch, 1).
    """
    if y_pred.ndim >= 2 and y_pred.shape[-1] > 1:
        predicted = y_pred.argmax(axis=-1)
        true = y_true.argmax(axis=-1) if y_true.ndim == y_pred.ndim else y_true
        return int(np.count_nonzero(predicted == true))
    threshold = 0.0 if from_logits else 0.5
    predicted = y_pred.reshape(-1) > threshold
    true = np.asarray(y_true).reshape(-1) > 0.5
    if predicted.shape != true.shape:
        raise ValueError(f"y must hold one 0/1 target per sample, got shape {np.shape(y_true)}")
    return int(np.count_nonzero(predicted == true))


def _n_predictions(y_pred: np.ndarray) -> int:
    """How many predictions ``_n_correct`` judges: one per sample, or per position of a sequence."""
    if y_pred.ndim >= 2 and y_pred.shape[-1] > 1:
        return y_pred.size // y_pred.shape[-1]
    return y_pred.size


def accuracy(model, x, y, *, from_logits: bool = False) -> float:
    """Fraction of samples of ``x`` the model classifies as ``y`` says.

    For sequence outputs (batch, T, n_classes) it is the fraction of positions.

    Parameters
    ----------
    model : Sequential
    x : ndarray of shape (n_samples, ...)
    y : ndarray
        One-hot (n_samples, n_classes) or integer labels (n_samples,) for several
        outputs; 0/1 of shape (n_samples,) or (n_samples, 1) for one output.
    from_logits : bool
        Whether a single output is a logit (threshold 0) or a probability (0.5).
    """
    x, y = np.asarray(x), np.asarray(y)
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must have the same number of samples, got {x.shape[0]} and {y.shape[0]}")
    y_pred = model.predict(x)
    return _n_correct(y_pred, y, from_logits=from_logits) / _n_predictions(y_pred)


def fit(model, loss, optimizer, x, y, *, epochs: int, batch_size: int | None = None, rng,
        x_val=None, y_val=None, metric: str | None = "accuracy") -> History:
    """Train ``model`` in place by gradient descent and return its :class:`History`.

    Parameters
    ----------
    model : Sequential
    loss : a loss object with ``value`` and ``gradient`` (e.g. ``BinaryCrossEntropy``)
    optimizer : an optimizer with ``step(model)`` (e.g. ``Adam``)
    x : ndarray of shape (n_samples, ...)
    y : ndarray of shape (n_samples, n_out)
        Targets in the shape of the model's output.
    epochs : int
        Passes over the training data.
    batch_size : int or None
        None: full batch (one step per epoch, no shuffling); 1: stochastic gradient
        descent; k: mini-batches of k samples (the last one may be smaller).
        With a batch size, samples are reshuffled every epoch using ``rng``.
    rng : numpy.random.Generator
        The only source of randomness (the shuffling).
    x_val, y_val : ndarray, optional
        Validation data, evaluated after every epoch.
    metric : {"accuracy", None}
        Whether to record classification accuracy.
    """
    rng = _check_rng("rng", rng)
    epochs = _check_positive_int("epochs", epochs)
    if batch_size is not None:
        batch_size = _check_positive_int("batch_size", batch_size)
    if metric not in ("accuracy", None):
        raise ValueError(f"metric must be 'accuracy' or None, got {metric!r}")
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim < 1 or y.ndim < 1 or x.shape[0] != y.shape[0] or x.shape[0] == 0:
        raise ValueError(
            f"x and y must have the same non-zero number of samples, got shapes {x.shape} and {y.shape}"
        )
    if (x_val is None) != (y_val is None):
        raise ValueError("x_val and y_val must be given together")
    from_logits = bool(getattr(loss, "from_logits", False))
    n = x.shape[0]
    step = n if batch_size is None else batch_size
    history = History()
    for _ in range(epochs):
        if batch_size is None:
            xs, ys = x, y
        else:
            order = rng.permutation(n)
            xs, ys = x[order], y[order]
        total_loss, n_correct, n_predictions = 0.0, 0, 0
        for start in range(0, n, step):
            xb, yb = xs[start : start + step], ys[start : start + step]
            model.zero_grad()
            y_pred = model.forward(xb)
            if hasattr(loss, "value_and_gradient"):
                value, output_gradient = loss.value_and_gradient(y_pred, yb)
            else:
                value, output_gradient = loss.value(y_pred, yb), loss.gradient(y_pred, yb)
            total_loss += value * xb.shape[0]
            if metric is not None:
                n_correct += _n_correct(y_pred, yb, from_logits=from_logits)
                n_predictions += _n_predictions(y_pred)
            model.backward(output_gradient, input_gradient=False)
            optimizer.step(model)
        history.loss.append(total_loss / n)
        if metric is not None:
            history.accuracy.append(n_correct / n_predictions)
        if x_val is not None:
            y_val_pred = model.predict(x_val)
            history.val_loss.append(loss.value(y_val_pred, y_val))
            if metric is not None:
                history.val_accuracy.append(
                    _n_correct(y_val_pred, np.asarray(y_val), from_logits=from_logits)
                    / _n_predictions(y_val_pred)
                )
    return history
