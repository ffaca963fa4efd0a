"""Loss functions: a scalar value for a batch and its gradient with respect to the predictions.

Every loss offers ``value(y_pred, y_true) -> float`` and ``gradient(y_pred, y_true)
-> ndarray`` (the gradient *of that mean*, same shape as ``y_pred``).

The two cross-entropies accept ``from_logits=True``: the network then ends with a
linear layer and the loss applies the sigmoid / softmax itself, in a fused and
stable form.  The fused gradient is simply ``(p - y) / n``, which stays large
when the network is confidently wrong -- whereas a separate Sigmoid layer whose
output has saturated at 0 or 1 multiplies the gradient by p(1-p) ~ 0.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.nn.activations import log_sigmoid, log_softmax, sigmoid, softmax

__all__ = ["MeanSquaredError", "BinaryCrossEntropy", "CategoricalCrossEntropy", "one_hot"]


def one_hot(labels, n_classes: int, *, dtype=np.float64) -> np.ndarray:
    """Integer labels of shape (n_samples,) -> one-hot rows of shape (n_samples, n_classes)."""
    n_classes = _check_positive_int("n_classes", n_classes)
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"labels must be a 1-D integer array, got shape {labels.shape} dtype {labels.dtype}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in [0, {n_classes - 1}] for n_classes={n_classes}, "
            f"got range [{labels.min()}, {labels.max()}]"
        )
    out = np.zeros((labels.size, n_classes), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out


def _pair(name: str, y_pred, y_true) -> tuple[np.ndarray, np.ndarray]:
    """Validate predictions and targets: same shape, batch axis, finite; targets in y_pred's dtype."""
    y_pred = np.asarray(y_pred)
    if y_pred.dtype.kind != "f":
        y_pred = y_pred.astype(np.float64)
    y_true = np.asarray(y_true, dtype=y_pred.dtype)
    if y_pred.shape != y_true.shape:
        raise ValueError(
            f"{name}: y_true must have the same shape as y_pred {y_pred.shape}, got {y_true.shape}"
        )
    if y_pred.ndim < 1 or y_pred.shape[0] == 0:
        raise ValueError(f"{name}: y_pred needs a non-empty batch axis, got shape {y_pred.shape}")
    if not (np.isfinite(y_pred).all() and np.isfinite(y_true).all()):
        raise ValueError(f"{name}: y_pred and y_true must be finite (no nan or inf)")
    return y_pred, y_true


def _check_probabilities(name: str, p: np.ndarray) -> None:
    if p.min() < 0 or p.max() > 1:
        raise ValueError(
            f"{name}: y_pred must be probabilities in [0, 1] (or pass from_logits=True), "
            f"got range [{p.min():.3g}, {p.max():.3g}]"
        )


def _clip(p: np.ndarray) -> np.ndarray:
    """Keep probabilities a hair inside (0, 1) so log() and 1/p stay finite at perfect predictions."""
    eps = np.finfo(p.dtype).eps
    return np.clip(p, eps, 1 - eps)


def _n_rows(y_pred: np.ndarray) -> int:
    """Number of predictions: samples, times positions for (batch, ..., n_classes)."""
    return y_pred.size // y_pred.shape[-1]


class MeanSquaredError:
    """E = mean over all entries of (y_pred - y_true)^2; gradient 2 (y_pred - y_true) / size."""

    def value(self, y_pred, y_true) -> float:
        y_pred, y_true = _pair("MeanSquaredError", y_pred, y_true)
        diff = y_pred - y_true
        return float(np.mean(diff * diff))

    def gradient(self, y_pred, y_true) -> np.ndarray:
        y_pred, y_true = _pair("MeanSquaredError", y_pred, y_true)
        return (2.0 / y_pred.size) * (y_pred - y_true)

    def __repr__(self) -> str:
        return "MeanSquaredError()"


class BinaryCrossEntropy:
    """E = -mean[y log p + (1 - y) log(1 - p)] over all entries (targets y in [0, 1]).

    Parameters
    ----------
    from_logits : bool
        False: ``y_pred`` holds probabilities p (e.g. a Sigmoid output); they are
        clipped to [eps, 1 - eps] so perfect predictions give a finite loss.
        True: ``y_pred`` holds logits z with p = sigmoid(z); the loss is computed as
        softplus(z) - y z (exact for any z) and the gradient is (sigmoid(z) - y) / size,
        where ``size`` is the batch size when there is one output per sample.
    """

    def __init__(self, from_logits: bool = False):
        self.from_logits = bool(from_logits)

    def value(self, y_pred, y_true) -> float:
        y_pred, y_true = _pair("BinaryCrossEntropy", y_pred, y_true)
        if self.from_logits:
            # -[y log s(z) + (1-y) log s(-z)]
            losses = -(y_true * log_sigmoid(y_pred) + (1 - y_true) * log_sigmoid(-y_pred))
        else:
            _check_probabilities("BinaryCrossEntropy", y_pred)
            p = _clip(y_pred)
            losses = -(y_true * np.log(p) + (1 - y_true) * np.log1p(-p))
        return float(np.mean(losses))

    def gradient(self, y_pred, y_true) -> np.ndarray:
        y_pred, y_true = _pair("BinaryCrossEntropy", y_pred, y_true)
        if self.from_logits:
            return (sigmoid(y_pred) - y_true) / y_pred.size
        _check_probabilities("BinaryCrossEntropy", y_pred)
        p = _clip(y_pred)
        return (p - y_true) / (p * (1 - p)) / y_pred.size

    def __repr__(self) -> str:
        return f"BinaryCrossEntropy(from_logits={self.from_logits})"


class CategoricalCrossEntropy:
    """E = -mean over the batch of sum_k y_k log p_k, for one-hot (or soft) targets.

    y_pred, y_true : (batch, n_classes), or (batch, ..., n_classes) for one prediction
    per position of a sequence; the mean then runs over every (sample, position) row,
    as in ``torch.nn.CrossEntropyLoss``.

    Parameters
    ----------
    from_logits : bool
        False: ``y_pred`` holds probabilities (e.g. a Softmax output), clipped away
        from 0.  True: ``y_pred`` holds logits z, p = softmax(z) is applied inside
        via log-sum-exp, and the gradient is (softmax(z) - y) / batch.
    """

    def __init__(self, from_logits: bool = False):
        self.from_logits = bool(from_logits)

    def _checked(self, y_pred, y_true):
        y_pred, y_true = _pair("CategoricalCrossEntropy", y_pred, y_true)
        if y_pred.ndim < 2:
            raise ValueError(
                "CategoricalCrossEntropy: y_pred must have shape (batch, n_classes) "
                f"or (batch, ..., n_classes), got {y_pred.shape}"
            )
        if not self.from_logits:
            _check_probabilities("CategoricalCrossEntropy", y_pred)
        return y_pred, y_true

    def value(self, y_pred, y_true) -> float:
        y_pred, y_true = self._checked(y_pred, y_true)
        log_p = log_softmax(y_pred) if self.from_logits else np.log(_clip(y_pred))
        return float(-(y_true * log_p).sum() / _n_rows(y_pred))

    def gradient(self, y_pred, y_true) -> np.ndarray:
        y_pred, y_true = self._checked(y_pred, y_true)
        batch = _n_rows(y_pred)
        if self.from_logits:
            return (softmax(y_pred) - y_true) / batch
        return -y_true / _clip(y_pred) / batch

    def value_and_gradient(self, y_pred, y_true) -> tuple[float, np.ndarray]:
        """``(value(...), gradient(...))`` sharing one softmax, as a training step needs both."""
        if not self.from_logits:
            return self.value(y_pred, y_true), self.gradient(y_pred, y_true)
        y_pred, y_true = self._checked(y_pred, y_true)
        batch = _n_rows(y_pred)
        log_p = log_softmax(y_pred)
        value = float(-(y_true * log_p).sum() / batch)
        return value, (np.exp(log_p) - y_true) / batch

    def __repr__(self) -> str:
        return f"CategoricalCrossEntropy(from_logits={self.from_logits})"
