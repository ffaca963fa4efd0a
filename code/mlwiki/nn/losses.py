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
from mlwiki.nn.activations import _log_sigmoid, _log_softmax, _sigmoid, _softmax
from mlwiki.nn.layer import _all_finite, _check_float_dtype

__all__ = ["MeanSquaredError", "BinaryCrossEntropy", "CategoricalCrossEntropy", "one_hot"]


def one_hot(labels, n_classes: int, *, dtype=np.float64) -> np.ndarray:
    """Integer labels of shape (n_samples,) -> one-hot rows of shape (n_samples, n_classes).

    Row ``i`` is all zeros except a 1 in column ``labels[i]``: the target distribution that
    puts all probability on the true class.
    """
    n_classes = _check_positive_int("n_classes", n_classes)
    dtype = _check_float_dtype(dtype)
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must be integers, got dtype {labels.dtype}")
    if labels.ndim != 1:
        raise ValueError(f"labels must be a 1-D array of class indices, got shape {labels.shape}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(
            f"labels must lie in [0, {n_classes - 1}] for n_classes={n_classes}, "
            f"got range [{labels.min()}, {labels.max()}]"
        )
    out = np.zeros((labels.size, n_classes), dtype=dtype)
    out[np.arange(labels.size), labels] = 1
    return out


def _real_array(loss_name: str, name: str, values) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"{loss_name}: {name} must hold real numbers, got dtype {arr.dtype}")
    return arr


def _pair(name: str, y_pred, y_true) -> tuple[np.ndarray, np.ndarray]:
    """Validate predictions and targets: real, same shape, batch axis, finite; targets in y_pred's dtype."""
    y_pred = _real_array(name, "y_pred", y_pred)
    y_true = _real_array(name, "y_true", y_true)
    if y_pred.dtype.kind != "f":
        y_pred = y_pred.astype(np.float64)
    y_true = y_true.astype(y_pred.dtype, copy=False)
    if y_pred.shape != y_true.shape:
        raise ValueError(
            f"{name}: y_true must have the same shape as y_pred {y_pred.shape}, got {y_true.shape}"
        )
    if y_pred.ndim < 1 or y_pred.shape[0] == 0:
        raise ValueError(f"{name}: y_pred needs a non-empty batch axis, got shape {y_pred.shape}")
    if not _all_finite(y_pred):
        raise ValueError(f"{name}: y_pred must be finite (no nan or inf)")
    if not _all_finite(y_true):
        raise ValueError(f"{name}: y_true must be finite (no nan or inf)")
    return y_pred, y_true


def _check_probabilities(name: str, which: str, p: np.ndarray, hint: str = "") -> None:
    if p.min() < 0 or p.max() > 1:
        raise ValueError(
            f"{name}: {which} must be probabilities in [0, 1]{hint}, got range [{p.min():.3g}, {p.max():.3g}]"
        )


def _check_from_logits(from_logits) -> bool:
    if not isinstance(from_logits, (bool, np.bool_)):
        raise TypeError(f"from_logits must be True or False, got {from_logits!r}")
    return bool(from_logits)


def _clip(p: np.ndarray) -> np.ndarray:
    """Keep probabilities a hair inside (0, 1) so log() and 1/p stay finite at perfect predictions."""
    eps = np.finfo(p.dtype).eps
    return np.clip(p, eps, 1 - eps)


def _n_rows(y_pred: np.ndarray) -> int:
    """Number of predictions: samples, times positions for (batch, ..., n_classes)."""
    return y_pred.size // y_pred.shape[-1]


class _Loss:
    """Shared interface: ``value``, ``gradient`` and both at once for a training step.

    Each loss supplies ``_checked`` (validation, returning float arrays) and the formulas
    ``_value`` and ``_gradient``, which trust their input; :func:`~mlwiki.nn.fit`
    validates the targets once and then uses the formulas directly on every batch.
    """

    def value(self, y_pred, y_true) -> float:
        """The loss, averaged as the class describes."""
        return self._value(*self._checked(y_pred, y_true))

    def gradient(self, y_pred, y_true) -> np.ndarray:
        """dE/d(y_pred), same shape as ``y_pred``."""
        return self._gradient(*self._checked(y_pred, y_true))

    def value_and_gradient(self, y_pred, y_true) -> tuple[float, np.ndarray]:
        """``(value(...), gradient(...))``, as a training step needs both."""
        return self._value_and_gradient(*self._checked(y_pred, y_true))

    def _value_and_gradient(self, y_pred, y_true) -> tuple[float, np.ndarray]:
        return self._value(y_pred, y_true), self._gradient(y_pred, y_true)


class MeanSquaredError(_Loss):
    """E = mean over all entries of (y_pred - y_true)^2; gradient 2 (y_pred - y_true) / size."""

    def _checked(self, y_pred, y_true):
        return _pair("MeanSquaredError", y_pred, y_true)

    def _value(self, y_pred, y_true) -> float:
        diff = y_pred - y_true
        return float(np.mean(diff * diff))

    def _gradient(self, y_pred, y_true) -> np.ndarray:
        return (2.0 / y_pred.size) * (y_pred - y_true)

    def __repr__(self) -> str:
        return "MeanSquaredError()"


class BinaryCrossEntropy(_Loss):
    """E = -mean[y log p + (1 - y) log(1 - p)] over all entries (targets y in [0, 1]).

    Targets must lie in [0, 1] (0/1 labels, or soft labels): outside that range the formula is
    no longer a cross-entropy and can even turn negative, so such targets are refused.

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
        self.from_logits = _check_from_logits(from_logits)

    def _checked(self, y_pred, y_true):
        y_pred, y_true = _pair("BinaryCrossEntropy", y_pred, y_true)
        _check_probabilities("BinaryCrossEntropy", "y_true", y_true, " (0/1 labels or soft labels)")
        if not self.from_logits:
            _check_probabilities("BinaryCrossEntropy", "y_pred", y_pred, " (or pass from_logits=True)")
        return y_pred, y_true

    def _value(self, y_pred, y_true) -> float:
        if self.from_logits:
            # -[y log s(z) + (1-y) log s(-z)]
            losses = -(y_true * _log_sigmoid(y_pred) + (1 - y_true) * _log_sigmoid(-y_pred))
        else:
            p = _clip(y_pred)
            losses = -(y_true * np.log(p) + (1 - y_true) * np.log1p(-p))
        return float(np.mean(losses))

    def _gradient(self, y_pred, y_true) -> np.ndarray:
        if self.from_logits:
            return (_sigmoid(y_pred) - y_true) / y_pred.size
        p = _clip(y_pred)
        return (p - y_true) / (p * (1 - p)) / y_pred.size

    def __repr__(self) -> str:
        return f"BinaryCrossEntropy(from_logits={self.from_logits})"


class CategoricalCrossEntropy(_Loss):
    """E = -mean over the batch of sum_k y_k log p_k, for one-hot (or soft) targets.

    y_pred, y_true : (batch, n_classes), or (batch, ..., n_classes) for one prediction
    per position of a sequence; the mean then runs over every (sample, position) row,
    as in ``torch.nn.CrossEntropyLoss``.  Every target row must be a probability
    distribution (entries in [0, 1] summing to 1), such as a row of :func:`one_hot`.

    Parameters
    ----------
    from_logits : bool
        False: ``y_pred`` holds probabilities (e.g. a Softmax output), clipped away
        from 0.  True: ``y_pred`` holds logits z, p = softmax(z) is applied inside
        via log-sum-exp, and the gradient is (softmax(z) - y) / batch.
    """

    def __init__(self, from_logits: bool = False):
        self.from_logits = _check_from_logits(from_logits)

    def _checked(self, y_pred, y_true):
        name = "CategoricalCrossEntropy"
        y_pred, y_true = _pair(name, y_pred, y_true)
        if y_pred.ndim < 2:
            raise ValueError(f"{name}: y_pred must have shape (batch, n_classes) or (batch, ..., n_classes), "
                             f"got {y_pred.shape}")
        _check_probabilities(name, "y_true", y_true, " (e.g. one-hot rows)")
        tolerance = 1e-4 if y_true.dtype == np.float32 else 1e-8
        sums = y_true.sum(axis=-1)
        if np.abs(sums - 1).max() > tolerance:
            worst = sums.flat[np.abs(sums - 1).argmax()]
            raise ValueError(f"{name}: every row of y_true must sum to 1 (a distribution over the "
                             f"classes), got a row summing to {worst:.6g}")
        if not self.from_logits:
            _check_probabilities(name, "y_pred", y_pred, " (or pass from_logits=True)")
        return y_pred, y_true

    def _value(self, y_pred, y_true) -> float:
        log_p = _log_softmax(y_pred) if self.from_logits else np.log(_clip(y_pred))
        return float(-(y_true * log_p).sum() / _n_rows(y_pred))

    def _gradient(self, y_pred, y_true) -> np.ndarray:
        batch = _n_rows(y_pred)
        if self.from_logits:
            return (_softmax(y_pred) - y_true) / batch
        return -y_true / _clip(y_pred) / batch

    def _value_and_gradient(self, y_pred, y_true) -> tuple[float, np.ndarray]:
        if not self.from_logits:
            return self._value(y_pred, y_true), self._gradient(y_pred, y_true)
        batch = _n_rows(y_pred)  # samples, or (sample, position) rows for sequences
        log_p = _log_softmax(y_pred)  # one softmax for both
        return float(-(y_true * log_p).sum() / batch), (np.exp(log_p) - y_true) / batch

    def __repr__(self) -> str:
        return f"CategoricalCrossEntropy(from_logits={self.from_logits})"
