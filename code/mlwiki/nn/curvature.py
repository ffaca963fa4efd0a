"""Curvature of the loss: the largest eigenvalue of its Hessian, and the learning rate it allows.

Near a point w, the loss is approximately quadratic, E(w + d) ~ E(w) + g.d + d.H d / 2,
with H the Hessian (the matrix of second derivatives).  Along an eigenvector of H
with eigenvalue lambda, one gradient-descent step multiplies the distance to the
minimum of that quadratic by (1 - lr * lambda).  It shrinks only if |1 - lr lambda| < 1,
so a step with ``lr > 2 / lambda_max`` makes the steepest direction grow instead of
shrink: training diverges along it.

The Hessian of a network has one row per parameter, far too many to build, but
:func:`hessian_vector_product` gets ``H v`` from two gradients (a central difference
of the gradient along v), and power iteration needs nothing else.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int, _check_rng
from mlwiki.nn.training import _check_data, _check_loss, _check_model

__all__ = ["flat_gradient", "hessian_vector_product", "largest_hessian_eigenvalue"]


def _param_arrays(model) -> list[np.ndarray]:
    return [p for params, _ in model.parameters() for p in params.values()]


def _full_gradient(model, loss, x, y, arrays) -> np.ndarray:
    model.zero_grad()
    y_pred = model.forward(x)
    model.backward(loss.gradient(y_pred, y), input_gradient=False)
    grads = [g for _, grads in model.parameters() for g in grads.values()]
    return np.concatenate([g.ravel() for g in grads]).astype(np.float64)


def flat_gradient(model, loss, x, y) -> np.ndarray:
    """Gradient of the mean loss over all of ``(x, y)`` w.r.t. every parameter, as one vector.

    Parameters are taken in the order of ``model.parameters()``, each array flattened.
    The model's accumulated gradients are overwritten.
    """
    _check_model(model)
    _check_loss(loss)
    x, y = _check_data("x", "y", x, y)
    return _full_gradient(model, loss, x, y, _param_arrays(model))


def _shift(arrays, direction: np.ndarray, step: float) -> None:
    """Add ``step * direction`` (a flat vector) to the parameter arrays, in place."""
    offset = 0
    for array in arrays:
        size = array.size
        array += (step * direction[offset : offset + size]).reshape(array.shape).astype(array.dtype)
        offset += size


def hessian_vector_product(model, loss, x, y, v, *, eps: float = 1e-5) -> np.ndarray:
    """H v for the Hessian H of the mean loss on ``(x, y)``, by a central difference of gradients.

    ``H v ~ (grad E(w + eps u) - grad E(w - eps u)) / (2 eps) * ||v||`` with ``u = v / ||v||``;
    the error is O(eps^2).  The parameters are restored afterwards.

    Parameters
    ----------
    model : Sequential (float64 parameters recommended)
    loss : loss object
    x, y : ndarray
        The data the loss averages over (one full batch).
    v : ndarray of shape (n_parameters,)
        Direction, in the layout of :func:`flat_gradient`.
    eps : float
        Step of the difference, > 0.
    """
    _check_model(model)
    _check_loss(loss)
    x, y = _check_data("x", "y", x, y)
    eps = _check_positive("eps", eps)
    arrays = _param_arrays(model)
    n_params = sum(a.size for a in arrays)
    v = np.asarray(v)
    if v.dtype.kind not in "fiu":
        raise TypeError(f"v must hold real numbers, got dtype {v.dtype}")
    if v.shape != (n_params,):
        raise ValueError(f"v must have shape ({n_params},), one entry per parameter, got {v.shape}")
    norm = float(np.linalg.norm(v))
    if not np.isfinite(norm) or norm == 0:
        raise ValueError("v must be a finite, non-zero vector")
    return _hvp(model, loss, x, y, arrays, v / norm, eps) * norm


def _hvp(model, loss, x, y, arrays, unit, eps):
    saved = [a.copy() for a in arrays]
    try:
        _shift(arrays, unit, eps)
        plus = _full_gradient(model, loss, x, y, arrays)
        for a, s in zip(arrays, saved):
            a[...] = s
        _shift(arrays, unit, -eps)
        minus = _full_gradient(model, loss, x, y, arrays)
    finally:
        for a, s in zip(arrays, saved):
            a[...] = s
    return (plus - minus) / (2 * eps)


def largest_hessian_eigenvalue(model, loss, x, y, *, rng, n_iterations: int = 100, tol: float = 1e-6,
                               eps: float = 1e-5) -> float:
    """Largest eigenvalue (in magnitude) of the Hessian of the mean loss, by power iteration.

    Starting from a random unit vector ``u``, repeat ``u <- H u / ||H u||``; the Rayleigh
    quotient ``u.H u`` converges to the eigenvalue of largest magnitude (at a rate set by
    the gap to the next one).  Near a minimum, and in practice at a network's usual
    starting point, that is the largest positive eigenvalue, lambda_max.

    Parameters
    ----------
    model, loss, x, y
        As for :func:`hessian_vector_product`.
    rng : numpy.random.Generator
        Draws the starting vector.
    n_iterations : int
        Most Hessian-vector products to compute.
    tol : float
        Stop when the estimate changes by less than ``tol`` relative to its size.
    eps : float
        Step of the gradient difference.

    Returns
    -------
    float
        The eigenvalue estimate (units: loss per parameter-unit squared).
    """
    _check_model(model)
    _check_loss(loss)
    x, y = _check_data("x", "y", x, y)
    rng = _check_rng("rng", rng)
    n_iterations = _check_positive_int("n_iterations", n_iterations)
    tol = _check_positive("tol", tol)
    eps = _check_positive("eps", eps)
    arrays = _param_arrays(model)
    u = rng.standard_normal(sum(a.size for a in arrays))
    u /= np.linalg.norm(u)
    estimate = np.nan
    for _ in range(n_iterations):
        hu = _hvp(model, loss, x, y, arrays, u, eps)
        new_estimate = float(u @ hu)
        norm = float(np.linalg.norm(hu))
        if norm == 0:
            return 0.0
        u = hu / norm
        if np.isfinite(estimate) and abs(new_estimate - estimate) <= tol * abs(new_estimate):
            return new_estimate
        estimate = new_estimate
    return estimate
