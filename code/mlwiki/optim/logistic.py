"""The L2-regularised logistic-regression loss with its gradient and Hessian: a smooth, convex,
non-quadratic test problem for Newton's method.

With inputs ``x_i`` (rows of ``X``), labels ``y_i`` in {0, 1}, scores ``z_i = x_i . w`` and
``sigma`` the logistic function,

    L(w) = 1/n sum_i [log(1 + exp(z_i)) - y_i z_i] + l2/2 ||w||^2,
    grad L(w) = 1/n X^T (sigma(z) - y) + l2 w,
    H(w) = 1/n X^T diag(sigma(z) (1 - sigma(z))) X + l2 I.

The bracket is the binary cross-entropy of the probability ``sigma(z_i)`` written in terms of the
score, computed with ``logaddexp`` so that no score overflows.  With ``l2 > 0`` the Hessian is
positive definite everywhere and the minimiser is unique.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive
from mlwiki.nn.activations import sigmoid

__all__ = ["LogisticLoss"]


@dataclass(frozen=True)
class LogisticLoss:
    """Mean logistic loss of a linear classifier on fixed data, plus ``l2/2 ||w||^2``.

    Attributes
    ----------
    x : ndarray of shape (n_samples, n_features)
        Inputs (include a column of ones for a bias).
    y : ndarray of shape (n_samples,)
        Labels, 0 or 1.
    l2 : float
        Regularisation strength, >= 0.
    """

    x: np.ndarray
    y: np.ndarray
    l2: float = 0.0

    def __post_init__(self):
        x = _check_finite_array("x", self.x, ndim=2, dtype=float)
        y = _check_finite_array("y", self.y, ndim=1, dtype=float)
        if x.shape[0] == 0 or x.shape[1] == 0:
            raise ValueError(f"x must have at least one row and one column, got shape {x.shape}")
        if y.size != x.shape[0]:
            raise ValueError(f"y must have one label per row of x ({x.shape[0]}), got {y.size}")
        if not np.all((y == 0) | (y == 1)):
            raise ValueError(f"y must hold labels 0 or 1, got {np.unique(y).tolist()}")
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)
        object.__setattr__(self, "l2", _check_positive("l2", self.l2, allow_zero=True))

    def _check_w(self, w) -> np.ndarray:
        w = _check_finite_array("w", w, ndim=1, dtype=float)
        if w.size != self.x.shape[1]:
            raise ValueError(f"w must have {self.x.shape[1]} entries (one per column of x), got {w.size}")
        return w

    def value(self, w) -> float:
        """``L(w)``."""
        w = self._check_w(w)
        z = self.x @ w
        return float(np.mean(np.logaddexp(0.0, z) - self.y * z) + 0.5 * self.l2 * (w @ w))

    def gradient(self, w) -> np.ndarray:
        """``grad L(w)``, shape (n_features,)."""
        w = self._check_w(w)
        return self.x.T @ (sigmoid(self.x @ w) - self.y) / self.y.size + self.l2 * w

    def hessian(self, w) -> np.ndarray:
        """``H(w)``, shape (n_features, n_features), symmetric positive semi-definite (definite if l2 > 0)."""
        w = self._check_w(w)
        p = sigmoid(self.x @ w)
        weights = p * (1.0 - p) / self.y.size
        return (self.x * weights[:, None]).T @ self.x + self.l2 * np.eye(self.x.shape[1])
