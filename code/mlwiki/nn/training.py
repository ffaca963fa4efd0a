"""The training loop: mini-batches, shuffling, schedules, and a per-epoch history."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng

__all__ = ["History", "fit", "accuracy", "evaluate"]


@dataclass
class History:
    """Per-epoch record of a :func:`fit` run (one entry per epoch in each list).

    ``loss`` / ``accuracy`` are averages over the epoch's training batches as they
    were seen during the epoch (Keras-style, no extra pass): early batches of an epoch
    are scored with older weights than late ones.  ``train_loss`` /
    ``train_accuracy`` (with ``evaluate_train=True``) and ``val_loss`` /
    ``val_accuracy`` (with validation data) are measured after the epoch, with the
    weights it ended with, so the two can be compared epoch by epoch.  ``lr`` is the
    learning rate the epoch used.  Accuracy lists stay empty when ``metric=None``.
    ``best_epoch`` is the index of the epoch with the lowest validation loss, when
    ``fit`` was asked to restore its weights.
    """

    loss: list[float] = field(default_factory=list)
    accuracy: list[float] = field(default_factory=list)
    train_loss: list[float] = field(default_factory=list)
    train_accuracy: list[float] = field(default_factory=list)
    val_loss: list[float] = field(default_factory=list)
    val_accuracy: list[float] = field(default_factory=list)
    lr: list[float] = field(default_factory=list)
    best_epoch: int | None = None


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
        if true.shape != predicted.shape:
            raise ValueError(f"y must be one-hot rows or one label per prediction, got shape {np.shape(y_true)}")
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


def _check_model(model) -> None:
    for method in ("forward", "backward", "predict", "zero_grad", "parameters"):
        if not callable(getattr(model, method, None)):
            raise TypeError(f"model must be a Sequential (it has no {method}() method), got {type(model).__name__}")


def _check_loss(loss) -> None:
    if isinstance(loss, (str, type)) or not all(callable(getattr(loss, m, None)) for m in ("value", "gradient")):
        raise TypeError(
            "loss must be a loss object with value() and gradient() methods, such as "
            f"nn.CategoricalCrossEntropy(from_logits=True), got {loss!r}"
        )


def _check_data(name_x: str, name_y: str, x, y) -> tuple[np.ndarray, np.ndarray]:
    x, y = np.asarray(x), np.asarray(y)
    for name, arr in ((name_x, x), (name_y, y)):
        if arr.dtype.kind not in "fiu":
            raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype}")
    if x.ndim < 1 or y.ndim < 1 or x.shape[0] != y.shape[0] or x.shape[0] == 0:
        raise ValueError(
            f"{name_x} and {name_y} must have the same non-zero number of samples, "
            f"got shapes {x.shape} and {y.shape}"
        )
    return x, y


def _check_flag(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def evaluate(model, loss, x, y, *, from_logits: bool | None = None) -> tuple[float, float]:
    """Loss and accuracy of ``model`` on ``(x, y)``, in evaluation mode (no dropout).

    Parameters
    ----------
    model : Sequential
    loss : loss object (``value`` method)
    x : ndarray of shape (n_samples, ...)
    y : ndarray
        Targets in the shape of the model's output.
    from_logits : bool, optional
        How a single output is thresholded for accuracy; taken from ``loss.from_logits``
        when omitted.

    Returns
    -------
    (float, float)
        The mean loss and the fraction classified correctly.
    """
    _check_model(model)
    _check_loss(loss)
    x, y = _check_data("x", "y", x, y)
    if from_logits is None:
        from_logits = bool(getattr(loss, "from_logits", False))
    y_pred = model.predict(x)
    accuracy = _n_correct(y_pred, y, from_logits=_check_flag("from_logits", from_logits)) / _n_predictions(y_pred)
    return float(loss.value(y_pred, y)), accuracy


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
    _check_model(model)
    from_logits = _check_flag("from_logits", from_logits)
    x, y = _check_data("x", "y", x, y)
    y_pred = model.predict(x)
    return _n_correct(y_pred, y, from_logits=from_logits) / _n_predictions(y_pred)


def fit(model, loss, optimizer, x, y, *, epochs: int, batch_size: int | None = None, rng,
        x_val=None, y_val=None, metric: str | None = "accuracy", evaluate_train: bool = False,
        schedule=None, augment=None, restore_best: bool = False, callback=None) -> History:
    """Train ``model`` in place by gradient descent and return its :class:`History`.

    Parameters
    ----------
    model : Sequential
    loss : a loss object with ``value`` and ``gradient`` (e.g. ``BinaryCrossEntropy()``)
    optimizer : an optimizer with ``step(model)`` (e.g. ``Adam(0.01)``)
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
        The only source of randomness in the loop (shuffling, augmentation).
    x_val, y_val : ndarray, optional
        Validation data, evaluated after every epoch.
    metric : {"accuracy", None}
        Whether to record classification accuracy.
    evaluate_train : bool
        Also measure the loss (and accuracy) on all of ``x`` after every epoch, at the
        same moment as the validation data (``history.train_loss``).
    schedule : callable, optional
        ``schedule(epoch) -> lr``, called at the start of each epoch (from 0); the
        optimizer's ``lr`` is set to its value (see :mod:`mlwiki.nn.schedules`).
    augment : callable, optional
        ``augment(x_batch, rng) -> x_batch`` applied to every training batch before the
        forward pass (e.g. :func:`mlwiki.data.random_shifts`); must keep the shape.
    restore_best : bool
        Early stopping after the fact: at the end, put back the weights of the epoch with
        the lowest validation loss (needs validation data); ``history.best_epoch`` says
        which epoch that was.
    callback : callable, optional
        ``callback(history, model)``, called after every epoch (after the validation
        measurement): to record more per-epoch measurements, or to stop training early by
        returning True (e.g. once the loss has blown up).
    """
    _check_model(model)
    _check_loss(loss)
    if not callable(getattr(optimizer, "step", None)):
        raise TypeError(f"optimizer must have a step(model) method, such as nn.SGD(0.1), got {optimizer!r}")
    rng = _check_rng("rng", rng)
    epochs = _check_positive_int("epochs", epochs)
    if batch_size is not None:
        batch_size = _check_positive_int("batch_size", batch_size)
    if metric not in ("accuracy", None):
        raise ValueError(f"metric must be 'accuracy' or None, got {metric!r}")
    evaluate_train = _check_flag("evaluate_train", evaluate_train)
    restore_best = _check_flag("restore_best", restore_best)
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be a function of the epoch, got {schedule!r}")
    if callback is not None and not callable(callback):
        raise TypeError(f"callback must be a function (history, model) -> bool, got {callback!r}")
    if augment is not None and not callable(augment):
        raise TypeError(f"augment must be a function (x_batch, rng) -> x_batch, got {augment!r}")
    x, y = _check_data("x", "y", x, y)
    if (x_val is None) != (y_val is None):
        raise ValueError("x_val and y_val must be given together")
    if restore_best and x_val is None:
        raise ValueError("restore_best needs validation data: pass x_val and y_val")
    if x_val is not None:
        x_val, y_val = _check_data("x_val", "y_val", x_val, y_val)
        if x_val.shape[1:] != x.shape[1:] or y_val.shape[1:] != y.shape[1:]:
            raise ValueError(
                f"x_val and y_val must have the per-sample shapes of x and y ({x.shape[1:]} and "
                f"{y.shape[1:]}), got {x_val.shape[1:]} and {y_val.shape[1:]}"
            )
    from_logits = bool(getattr(loss, "from_logits", False))
    value_and_gradient = _batch_loss(loss, y)
    n = x.shape[0]
    step = n if batch_size is None else batch_size
    history = History()
    best_weights = None
    for epoch in range(epochs):
        if schedule is not None:
            optimizer.lr = schedule(epoch)
        history.lr.append(float(getattr(optimizer, "lr", np.nan)))
        if batch_size is None:
            xs, ys = x, y
        else:
            order = rng.permutation(n)
            xs, ys = x[order], y[order]
        total_loss, n_correct, n_predictions = 0.0, 0, 0
        for start in range(0, n, step):
            xb, yb = xs[start : start + step], ys[start : start + step]
            if augment is not None:
                xb = _augmented(augment, xb, rng)
            model.zero_grad()
            y_pred = model.forward(xb)
            value, output_gradient = value_and_gradient(y_pred, yb)
            total_loss += value * xb.shape[0]
            if metric is not None:
                n_correct += _n_correct(y_pred, yb, from_logits=from_logits)
                n_predictions += _n_predictions(y_pred)
            model.backward(output_gradient, input_gradient=False)
            optimizer.step(model)
        history.loss.append(total_loss / n)
        if metric is not None:
            history.accuracy.append(n_correct / n_predictions)
        for wanted, data, losses, accuracies in (
            (evaluate_train, (x, y), history.train_loss, history.train_accuracy),
            (x_val is not None, (x_val, y_val), history.val_loss, history.val_accuracy),
        ):
            if wanted:
                y_pred = model.predict(data[0])
                losses.append(loss.value(y_pred, data[1]))
                if metric is not None:
                    accuracies.append(_n_correct(y_pred, data[1], from_logits=from_logits) / _n_predictions(y_pred))
        if restore_best and history.val_loss[-1] == min(history.val_loss):
            history.best_epoch = epoch
            best_weights = [p.copy() for params, _ in model.parameters() for p in params.values()]
        if callback is not None and callback(history, model):
            break
    if restore_best:
        arrays = [p for params, _ in model.parameters() for p in params.values()]
        for array, saved in zip(arrays, best_weights):
            array[...] = saved
    return history


def _batch_loss(loss, y):
    """``(y_pred, y_batch) -> (value, gradient)`` for the training loop.

    The library's losses validate all targets once, here, and then apply their formulas to
    every batch after checking only what a batch can change: the predictions' shape and
    finiteness.  Other loss objects are called through their public methods.
    """
    formulas = getattr(loss, "_value_and_gradient", None)
    checked = getattr(loss, "_checked", None)
    if formulas is None or checked is None:
        if callable(getattr(loss, "value_and_gradient", None)):
            return loss.value_and_gradient
        return lambda y_pred, y_batch: (loss.value(y_pred, y_batch), loss.gradient(y_pred, y_batch))
    # Targets against predictions of the right shape (zeros are valid logits and probabilities).
    checked(np.zeros(y.shape), y)
    needs_probabilities = not getattr(loss, "from_logits", True)  # the cross-entropies without from_logits

    def value_and_gradient(y_pred, y_batch):
        if y_pred.shape != y_batch.shape:
            raise ValueError(f"{type(loss).__name__}: y_true must have the same shape as y_pred {y_pred.shape}, "
                             f"got {y_batch.shape}")
        if not np.isfinite(y_pred).all():
            raise ValueError(f"{type(loss).__name__}: y_pred must be finite (no nan or inf)")
        if needs_probabilities and (y_pred.min() < 0 or y_pred.max() > 1):
            raise ValueError(f"{type(loss).__name__}: y_pred must be probabilities in [0, 1] (or pass "
                             f"from_logits=True), got range [{y_pred.min():.3g}, {y_pred.max():.3g}]")
        return formulas(y_pred, y_batch.astype(y_pred.dtype, copy=False))

    return value_and_gradient


def _augmented(augment, xb, rng):
    out = np.asarray(augment(xb, rng))
    if out.shape != xb.shape:
        raise ValueError(f"augment must return a batch of the shape it was given {xb.shape}, got {out.shape}")
    return out
