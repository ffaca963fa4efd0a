"""Gradients of the scalar functions machine learning differentiates most, next to the functions.

Convention: the gradient of a scalar ``f`` with respect to an array ``x`` has the shape of ``x``,
and its entry ``(i, j)`` is the partial derivative of ``f`` with respect to ``x[i, j]``.  With that
convention the first-order expansion reads ``f(x + h) = f(x) + sum(gradient * h) + O(|h|^2)``.

Each function comes with its gradient:

===========================  ==============================  ===========================
function                      formula                         gradient
===========================  ==============================  ===========================
:func:`linear`                ``a^T w``                       ``a``
:func:`quadratic_form`        ``w^T A w``                     ``(A + A^T) w``
:func:`trace_product`         ``tr(A X)``                     ``A^T``
:func:`squared_error`         ``||X w - y||^2``               ``2 X^T (X w - y)``
:func:`log_abs_det`           ``log |det X|``                 ``X^{-T}``
===========================  ==============================  ===========================

The variable comes first in every signature, so ``lambda w: quadratic_form(w, a)`` is the
function of ``w`` alone that a numerical gradient needs.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array

__all__ = [
    "linear", "linear_gradient",
    "quadratic_form", "quadratic_form_gradient",
    "trace_product", "trace_product_gradient",
    "squared_error", "squared_error_gradient",
    "log_abs_det", "log_abs_det_gradient",
]


def _vector_and_matching(w, other, other_name: str, *, square: bool):
    """``w`` as a 1-D float array and ``other`` as a vector (square=False) or square matrix of matching size."""
    w = _check_finite_array("w", w, ndim=1, dtype=float)
    if square:
        other = _check_finite_array(other_name, other, ndim=2, dtype=float)
        if other.shape != (w.size, w.size):
            raise ValueError(f"{other_name} must have shape ({w.size}, {w.size}) to match w, got {other.shape}")
    else:
        other = _check_finite_array(other_name, other, ndim=1, dtype=float)
        if other.shape != w.shape:
            raise ValueError(f"{other_name} must have the shape of w {w.shape}, got {other.shape}")
    return w, other


def linear(w, a) -> float:
    """``a^T w``: the score of a linear model with weights ``w`` on the input ``a``.

    Parameters
    ----------
    w, a : array-like of shape (n,)

    Returns
    -------
    float
    """
    w, a = _vector_and_matching(w, a, "a", square=False)
    return float(a @ w)


def linear_gradient(w, a) -> np.ndarray:
    """Gradient of ``a^T w`` with respect to ``w``: ``a`` (shape (n,)), whatever ``w`` is."""
    _, a = _vector_and_matching(w, a, "a", square=False)
    return a.copy()


def quadratic_form(w, a) -> float:
    """``w^T A w`` for a square matrix ``A`` (not necessarily symmetric).

    Parameters
    ----------
    w : array-like of shape (n,)
    a : array-like of shape (n, n)

    Returns
    -------
    float
    """
    w, a = _vector_and_matching(w, a, "a", square=True)
    return float(w @ a @ w)


def quadratic_form_gradient(w, a) -> np.ndarray:
    """Gradient of ``w^T A w``: ``(A + A^T) w``, shape (n,).

    ``w`` appears twice in ``sum_ij w_i A_ij w_j``; differentiating the first factor gives ``A w``
    and the second ``A^T w``.  Only for a symmetric ``A`` is this ``2 A w``.
    """
    w, a = _vector_and_matching(w, a, "a", square=True)
    return (a + a.T) @ w


def _matrix_and_partner(x, a, *, x_name: str = "x", a_name: str = "a"):
    x = _check_finite_array(x_name, x, ndim=2, dtype=float)
    a = _check_finite_array(a_name, a, ndim=2, dtype=float)
    if a.shape != x.shape[::-1]:
        raise ValueError(f"{a_name} must have shape {x.shape[::-1]} so that {a_name} @ {x_name} is square, "
                         f"got {a.shape}")
    return x, a


def trace_product(x, a) -> float:
    """``tr(A X)``: the sum of the diagonal of the product.

    Parameters
    ----------
    x : array-like of shape (m, n)
    a : array-like of shape (n, m)

    Returns
    -------
    float
        ``sum_ij A_ij X_ji``.
    """
    x, a = _matrix_and_partner(x, a)
    return float(np.sum(a * x.T))  # the trace without forming the (n, n) product


def trace_product_gradient(x, a) -> np.ndarray:
    """Gradient of ``tr(A X)`` with respect to ``X``: ``A^T``, shape (m, n) like ``X``.

    ``tr(A X) = sum_ij A_ij X_ji``, so the entry ``X_ji`` is multiplied by ``A_ij``: the
    derivative with respect to ``X_ji`` sits at ``(j, i)``, which is the transpose of ``A``.
    """
    _, a = _matrix_and_partner(x, a)
    return a.T.copy()


def _least_squares_arguments(w, x, y):
    w = _check_finite_array("w", w, ndim=1, dtype=float)
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    y = _check_finite_array("y", y, ndim=1, dtype=float)
    if x.shape[1] != w.size:
        raise ValueError(f"x must have {w.size} columns to match w, got shape {x.shape}")
    if y.size != x.shape[0]:
        raise ValueError(f"y must have one entry per row of x ({x.shape[0]}), got {y.size}")
    return w, x, y


def squared_error(w, x, y) -> float:
    """``||X w - y||^2``: the sum of squared residuals of a linear model.

    Parameters
    ----------
    w : array-like of shape (n_features,)
        Weights.
    x : array-like of shape (n_samples, n_features)
        Inputs, one example per row.
    y : array-like of shape (n_samples,)
        Targets.

    Returns
    -------
    float
    """
    w, x, y = _least_squares_arguments(w, x, y)
    residual = x @ w - y
    return float(residual @ residual)


def squared_error_gradient(w, x, y) -> np.ndarray:
    """Gradient of ``||X w - y||^2`` with respect to ``w``: ``2 X^T (X w - y)``, shape (n_features,).

    The chain rule through the residual ``r = X w - y``: ``d||r||^2/dr = 2 r`` and ``dr/dw = X``.
    """
    w, x, y = _least_squares_arguments(w, x, y)
    return 2.0 * x.T @ (x @ w - y)


def _square_invertible(x):
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[0] != x.shape[1] or x.size == 0:
        raise ValueError(f"x must be a non-empty square matrix, got shape {x.shape}")
    sign, log_magnitude = np.linalg.slogdet(x)
    if sign == 0 or not np.isfinite(log_magnitude):
        raise ValueError("x must be invertible (its determinant is 0)")
    return x, float(log_magnitude)


def log_abs_det(x) -> float:
    """``log |det X|`` for an invertible square matrix (``log det X`` when the determinant is positive).

    Computed from an LU factorisation (:func:`numpy.linalg.slogdet`), never from ``det`` itself,
    which over- or underflows for large matrices long before its logarithm does.

    Parameters
    ----------
    x : array-like of shape (n, n)

    Returns
    -------
    float
    """
    return _square_invertible(x)[1]


def log_abs_det_gradient(x) -> np.ndarray:
    """Gradient of ``log |det X|``: ``X^{-T}`` (the transposed inverse), shape (n, n).

    Expanding the determinant along row ``i`` gives ``d det X / d X_ij = C_ij``, the cofactor, and
    ``C^T = det(X) X^{-1}``; dividing by ``det X`` leaves ``(X^{-1})^T``.  For a symmetric ``X``
    it is ``X^{-1}``.
    """
    x, _ = _square_invertible(x)
    return np.linalg.inv(x).T
