"""Gradient descent and Newton's method, written as plainly as the update rules.

* Gradient descent: ``w <- w - lr * grad f(w)``.  It needs only the gradient, and a learning
  rate ``lr`` small enough for the curvature (see :mod:`mlwiki.optim.quadratic`).
* Newton's method: ``w <- w - H(w)^{-1} grad f(w)``, with ``H`` the Hessian.  It jumps to the
  minimiser of the local quadratic model of ``f``, so on a quadratic it arrives in one step,
  and near a minimum with a positive definite Hessian the error is roughly squared at every
  step (quadratic convergence).  Far from the minimum it may go anywhere.

Both return every iterate, so a page can plot paths and errors.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int

__all__ = ["gradient_descent", "newton_method", "errors_to", "steps_to_tolerance"]


def _check_callable(name: str, f):
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")
    return f


def _start(w0) -> np.ndarray:
    w0 = _check_finite_array("w0", w0, dtype=float)
    if w0.ndim not in (0, 1) or w0.size == 0:
        raise ValueError(f"w0 must be a number or a non-empty 1-D array, got shape {w0.shape}")
    return np.atleast_1d(w0).copy()


def _as_step(name: str, value, shape) -> np.ndarray:
    value = np.atleast_1d(np.asarray(value, dtype=float))
    if value.shape != shape:
        raise ValueError(f"{name} must return an array of shape {shape}, got {value.shape}")
    return value


def gradient_descent(gradient, w0, lr, n_steps) -> np.ndarray:
    """Run ``n_steps`` steps of ``w <- w - lr * gradient(w)`` from ``w0``.

    Parameters
    ----------
    gradient : callable
        Maps an array of shape (n,) to the gradient, shape (n,).
    w0 : array-like of shape (n,), or a number for n = 1
        Starting point.
    lr : float
        Learning rate (step size), > 0.
    n_steps : int
        Number of updates, > 0.

    Returns
    -------
    ndarray of shape (n_steps + 1, n)
        Every iterate, ``w0`` first.  Stops early (fewer rows) if an iterate becomes non-finite,
        which a learning rate far above the stable range produces.
    """
    gradient = _check_callable("gradient", gradient)
    w = _start(w0)
    lr = _check_positive("lr", lr)
    n_steps = _check_positive_int("n_steps", n_steps)
    iterates = [w.copy()]
    for _ in range(n_steps):
        step = _as_step("gradient", gradient(w), w.shape)
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run is reported, not warned about
            w = w - lr * step
        if not np.all(np.isfinite(w)):
            break
        iterates.append(w.copy())
    return np.array(iterates)


def newton_method(gradient, hessian, w0, n_steps) -> np.ndarray:
    """Run ``n_steps`` steps of ``w <- w - H(w)^{-1} gradient(w)`` (pure Newton, no line search).

    Parameters
    ----------
    gradient : callable
        Maps an array of shape (n,) to the gradient, shape (n,).
    hessian : callable
        Maps an array of shape (n,) to the Hessian, shape (n, n).
    w0 : array-like of shape (n,), or a number for n = 1
    n_steps : int
        Number of updates, > 0.

    Returns
    -------
    ndarray of shape (n_steps + 1, n)
        Every iterate, ``w0`` first; fewer rows if an iterate becomes non-finite.
    """
    gradient = _check_callable("gradient", gradient)
    hessian = _check_callable("hessian", hessian)
    w = _start(w0)
    n_steps = _check_positive_int("n_steps", n_steps)
    iterates = [w.copy()]
    for _ in range(n_steps):
        g = _as_step("gradient", gradient(w), w.shape)
        h = np.atleast_2d(np.asarray(hessian(w), dtype=float))
        if h.shape != (w.size, w.size):
            raise ValueError(f"hessian must return an array of shape ({w.size}, {w.size}), got {h.shape}")
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - np.linalg.solve(h, g)  # solve H p = g rather than forming H^{-1}
        if not np.all(np.isfinite(w)):
            break
        iterates.append(w.copy())
    return np.array(iterates)


def errors_to(iterates, target) -> np.ndarray:
    """Euclidean distance of every iterate from ``target``.

    Parameters
    ----------
    iterates : array-like of shape (n_iterates, n)
    target : array-like of shape (n,)

    Returns
    -------
    ndarray of shape (n_iterates,)
    """
    iterates = _check_finite_array("iterates", iterates, ndim=2, dtype=float)
    target = _check_finite_array("target", target, ndim=1, dtype=float)
    if target.size != iterates.shape[1]:
        raise ValueError(f"target must have {iterates.shape[1]} entries to match iterates, got {target.size}")
    return np.linalg.norm(iterates - target, axis=1)


def steps_to_tolerance(gradient, w0, target, lr, factor, *, max_steps=100_000) -> int:
    """Gradient-descent steps until the distance to ``target`` has shrunk by ``factor``.

    Parameters
    ----------
    gradient : callable
    w0, target : array-like of shape (n,)
        Start and minimiser; ``w0 != target``.
    lr : float
        Learning rate, > 0.
    factor : float
        In (0, 1): stop at the first step ``t`` with ``|w_t - target| <= factor * |w0 - target|``.
    max_steps : int
        Give up after this many steps.

    Returns
    -------
    int
        The number of steps taken.

    Raises
    ------
    ValueError
        When ``max_steps`` pass first (too small a rate, or one that does not converge).
    """
    gradient = _check_callable("gradient", gradient)
    w = _start(w0)
    target = _check_finite_array("target", target, ndim=1, dtype=float)
    if target.shape != w.shape:
        raise ValueError(f"target must have the shape of w0 {w.shape}, got {target.shape}")
    lr = _check_positive("lr", lr)
    factor = _check_positive("factor", factor)
    if factor >= 1:
        raise ValueError(f"factor must be < 1, got {factor!r}")
    max_steps = _check_positive_int("max_steps", max_steps)
    start_error = float(np.linalg.norm(w - target))
    if start_error == 0:
        raise ValueError("w0 must differ from target")
    for step in range(1, max_steps + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - lr * _as_step("gradient", gradient(w), w.shape)
        error = float(np.linalg.norm(w - target))
        if error <= factor * start_error:
            return step
        if not np.isfinite(error):
            break
    raise ValueError(f"the error did not shrink by factor {factor} within {max_steps} steps at lr = {lr}")
