"""Multinomial logistic regression: one weight vector and one bias per class, fixed in number.

For an input ``x`` with ``d`` features the model computes one score per class,
``z_c = w_c . x + b_c``, and turns the scores into probabilities with the softmax,
``p_c = exp(z_c) / sum_j exp(z_j)``.  Fitting chooses the weights that make the probabilities
of the true labels large: it minimises the mean cross-entropy ``-mean_i log p_{y_i}(x_i)`` plus
a small penalty ``(l2 / 2) * sum(W**2)`` that keeps the weights finite when the classes can be
separated perfectly.  The objective is convex and smooth, so SciPy's L-BFGS quasi-Newton
method finds its unique minimum from its exact gradient.

However many examples it is fitted on, the model keeps ``(d + 1) * n_classes`` numbers: it is
the standard example of a *parametric* model.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import minimize

from mlwiki._checks import _check_positive, _check_positive_int
from mlwiki._labels import _check_class_labels, _check_features
from mlwiki.nn.activations import log_softmax, softmax

__all__ = ["LogisticRegression"]


def _objective(params: np.ndarray, x: np.ndarray, targets: np.ndarray, l2: float):
    """Penalised mean cross-entropy and its gradient for the flattened ``(W, b)``.

    ``x`` is (n, d), ``targets`` one-hot (n, n_classes); ``params`` holds W (d, n_classes)
    row by row, then b (n_classes,).
    """
    n, d = x.shape
    n_classes = targets.shape[1]
    weights = params[: d * n_classes].reshape(d, n_classes)
    bias = params[d * n_classes:]
    scores = x @ weights + bias                                   # (n, n_classes)
    loss = -(targets * log_softmax(scores)).sum() / n + 0.5 * l2 * (weights * weights).sum()
    # d(mean cross-entropy)/d(scores) = (softmax - one-hot) / n: the same simple form as the
    # single sigmoid neuron's (p - t), one column per class.
    delta = (softmax(scores) - targets) / n
    grad_w = x.T @ delta + l2 * weights
    grad_b = delta.sum(axis=0)
    return loss, np.concatenate([grad_w.ravel(), grad_b])


class LogisticRegression:
    """Softmax (multinomial logistic) regression fitted by L-BFGS.

    Parameters
    ----------
    l2 : float
        Strength of the penalty ``(l2 / 2) * sum(W**2)`` on the weights (not the biases), >= 0.
        scikit-learn's ``LogisticRegression(C=...)`` minimises the same objective with
        ``l2 = 1 / (C * n_samples)``.
    max_iter : int
        Most L-BFGS iterations, >= 1.
    tol : float
        L-BFGS stops when every gradient component is below ``tol`` in size, > 0.

    Attributes
    ----------
    weights : ndarray of shape (n_features, n_classes)
    bias : ndarray of shape (n_classes,)
        Centred to sum to zero (adding one constant to every bias changes no probability).
    n_iter : int
        L-BFGS iterations used.  All three are set by :meth:`fit`.
    """

    def __init__(self, l2: float = 1e-3, *, max_iter: int = 1000, tol: float = 1e-5):
        self.l2 = _check_positive("l2", l2, allow_zero=True)
        self.max_iter = _check_positive_int("max_iter", max_iter)
        self.tol = _check_positive("tol", tol)
        self.weights = None
        self.bias = None
        self.n_iter = 0

    def fit(self, x, y) -> "LogisticRegression":
        """Fit the weights to labelled examples.

        Parameters
        ----------
        x : array-like of shape (n_samples, n_features)
        y : array-like of int, shape (n_samples,)
            Class labels ``0 .. n_classes - 1``; ``n_classes`` is the largest label plus one.

        Returns
        -------
        LogisticRegression
            ``self``.
        """
        x = _check_features("x", x)
        y = _check_class_labels("y", y, n_samples=x.shape[0])
        n_classes = int(y.max()) + 1
        if n_classes < 2:
            raise ValueError(f"y must contain at least two classes (labels 0 and 1 or more), got only {y.max()}")
        targets = np.zeros((y.size, n_classes))
        targets[np.arange(y.size), y] = 1.0
        d = x.shape[1]
        result = minimize(_objective, np.zeros((d + 1) * n_classes), args=(x, targets, self.l2),
                          jac=True, method="L-BFGS-B",
                          # A tiny ftol leaves the gradient test (gtol) in charge of stopping.
                          options={"maxiter": self.max_iter, "gtol": self.tol,
                                   "ftol": 64 * np.finfo(float).eps, "maxcor": 20})
        params = result.x
        self.weights = params[: d * n_classes].reshape(d, n_classes).copy()
        bias = params[d * n_classes:]
        self.bias = bias - bias.mean()
        self.n_iter = int(result.nit)
        return self

    def _check_fitted(self):
        if self.weights is None:
            raise RuntimeError("LogisticRegression: call fit(x, y) before predicting")

    def scores(self, x) -> np.ndarray:
        """Class scores ``x @ W + b`` of shape (n_samples, n_classes)."""
        self._check_fitted()
        x = _check_features("x", x, n_features=self.weights.shape[0])
        return x @ self.weights + self.bias

    def predict_proba(self, x) -> np.ndarray:
        """Class probabilities (softmax of the scores), shape (n_samples, n_classes), rows sum to 1."""
        return softmax(self.scores(x))

    def predict(self, x) -> np.ndarray:
        """The most probable class of each row of ``x``, shape (n_samples,), int64."""
        return self.scores(x).argmax(axis=1).astype(np.int64)

    @property
    def n_stored_numbers(self) -> int:
        """How many numbers the fitted model keeps: its weights and biases, ``(d + 1) * n_classes``."""
        self._check_fitted()
        return int(self.weights.size + self.bias.size)
