"""Gradient checking: compare analytic backward passes with central differences.

A backward pass is easy to get subtly wrong and still "train a bit".  Central
differences (f(x + eps) - f(x - eps)) / (2 eps) approximate each partial
derivative with error O(eps^2), so in float64 a correct backward agrees to about
1e-8 in relative terms and a wrong one misses by orders of magnitude.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive, _check_real_array, _check_rng
from mlwiki.nn.layer import Layer

__all__ = ["numerical_gradient", "relative_error", "check_layer_gradients", "check_loss_gradient",
           "difference_errors", "loglog_slope"]


def numerical_gradient(f, x, eps: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of the scalar function ``f`` at ``x``.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a float.
    x : ndarray of any shape
        Point of evaluation (converted to float64; not modified).
    eps : float
        Step size, > 0.

    Returns
    -------
    ndarray of float64, shape of ``x``
        ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)`` for every entry i.
    """
    if not callable(f):
        raise TypeError(f"f must be a function returning a number, got {type(f).__name__}")
    eps = _check_positive("eps", eps)
    x = np.array(_check_real_array("x", x), dtype=np.float64)  # private copy we may perturb
    grad = np.empty_like(x)
    flat, grad_flat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + eps
        f_plus = _scalar(f(x))
        flat[i] = saved - eps
        f_minus = _scalar(f(x))
        flat[i] = saved
        grad_flat[i] = (f_plus - f_minus) / (2 * eps)
    return grad


def _scalar(value) -> float:
    arr = np.asarray(value)
    if arr.size != 1 or arr.dtype.kind not in "fiu":
        raise TypeError(f"f must return a single real number, got {value!r}")
    return float(arr.reshape(()))


def relative_error(analytic, numeric) -> float:
    """||a - n|| / max(||a|| + ||n||, 1e-300): 0 for a perfect match, ~1 for unrelated arrays."""
    a = _check_real_array("analytic", analytic, dtype=np.float64)
    n = _check_real_array("numeric", numeric, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"analytic and numeric must have the same shape, got {a.shape} and {n.shape}")
    scale = max(np.linalg.norm(a) + np.linalg.norm(n), 1e-300)
    return float(np.linalg.norm(a - n) / scale)


def check_layer_gradients(layer, x, *, rng, eps: float = 1e-6, input_gradient: bool = True) -> dict[str, float]:
    """Relative error of a layer's backward pass for the input and every parameter.

    Uses the scalar test loss ``E = sum(layer.forward(x) * r)`` with a fixed random
    ``r`` (so dE/dy = r exercises every output).  The layer should be float64.
    Side effect: the layer's gradients are reset and left holding dE/d(params).

    Parameters
    ----------
    layer : Layer
    x : ndarray of shape (batch, ...)
        Input batch, float64 (or, with ``input_gradient=False``, whatever the layer
        takes, e.g. integer token ids).
    rng : numpy.random.Generator
        Draws the projection ``r``.
    input_gradient : bool
        False for layers whose input has no gradient (an Embedding's token ids): only
        the parameters are checked, through ``accumulate_parameter_gradients``.

    Returns
    -------
    dict[str, float]
        ``{"input": err, "<param name>": err, ...}`` (no ``"input"`` when
        ``input_gradient`` is False).
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"layer must be a Layer, got {type(layer).__name__}")
    rng = _check_rng("rng", rng)
    if not isinstance(input_gradient, bool):
        raise ValueError(f"input_gradient must be True or False, got {input_gradient!r}")
    eps = _check_positive("eps", eps)
    x = _check_real_array("x", x)
    # Token ids keep their integer type: they index an embedding and have no gradient.
    x = np.array(x, dtype=np.float64) if input_gradient else np.array(x)
    r = rng.standard_normal(np.shape(layer.forward(x)))

    layer.zero_grad()
    layer.forward(x)
    errors = {}
    if input_gradient:
        analytic_input = layer.backward(r)
        numeric_input = numerical_gradient(lambda v: np.sum(layer.forward(v) * r), x, eps)
        errors["input"] = relative_error(analytic_input, numeric_input)
    else:
        layer.accumulate_parameter_gradients(r)
    for name, param in layer.params.items():
        analytic = layer.grads[name].copy()
        original = param.copy()

        def loss_at(value, param=param):
            param[...] = value
            return np.sum(layer.forward(x) * r)

        numeric = numerical_gradient(loss_at, original, eps)
        param[...] = original
        errors[name] = relative_error(analytic, numeric)
    return errors


def check_loss_gradient(loss, y_pred, y_true, *, eps: float = 1e-6) -> float:
    """Relative error between ``loss.gradient`` and central differences of ``loss.value``."""
    if not all(callable(getattr(loss, m, None)) for m in ("value", "gradient")):
        raise TypeError(f"loss must have value() and gradient() methods, got {loss!r}")
    eps = _check_positive("eps", eps)
    y_pred = _check_real_array("y_pred", y_pred, dtype=np.float64)
    y_true = _check_real_array("y_true", y_true, dtype=np.float64)
    numeric = numerical_gradient(lambda p: loss.value(p, y_true), y_pred, eps)
    return relative_error(loss.gradient(y_pred, y_true), numeric)


def difference_errors(f, derivative, points, steps) -> dict[str, np.ndarray]:
    """Median relative error of forward and central differences of ``f``, per step size.

    Parameters
    ----------
    f, derivative : callable
        An element-wise function and its exact derivative (NumPy arrays in, arrays out).
    points : array-like of shape (n_points,)
        Where the derivative is estimated; ``derivative`` must not vanish there.
    steps : array-like of shape (n_steps,)
        Step sizes h, each > 0.

    Returns
    -------
    dict
        ``"forward"`` and ``"central"``: arrays of shape (n_steps,) holding, for every h,
        the median over the points of ``|estimate - exact| / |exact|`` for
        ``(f(x + h) - f(x)) / h`` and ``(f(x + h) - f(x - h)) / (2 h)``.
    """
    if not callable(f) or not callable(derivative):
        raise TypeError("f and derivative must be functions")
    points = _check_real_array("points", points, ndim=1, dtype=np.float64)
    steps = _check_real_array("steps", steps, ndim=1, dtype=np.float64)
    if points.size == 0 or steps.size == 0:
        raise ValueError("points and steps must not be empty")
    if np.any(steps <= 0):
        raise ValueError("steps must all be > 0")
    exact = np.asarray(derivative(points), dtype=np.float64)
    if np.any(exact == 0):
        raise ValueError("derivative must not vanish at the points (the error is relative to it)")
    x, h = points[None, :], steps[:, None]  # every step against every point
    forward = (f(x + h) - f(x)) / h
    central = (f(x + h) - f(x - h)) / (2 * h)
    return {name: np.median(np.abs(estimate - exact) / np.abs(exact), axis=1)
            for name, estimate in (("forward", forward), ("central", central))}


def loglog_slope(x, y, low: float, high: float) -> float:
    """Slope of log10(y) against log10(x), fitted by least squares over ``low <= x <= high``.

    A power law ``y = c x^k`` has slope ``k``.
    """
    x = _check_real_array("x", x, ndim=1, dtype=np.float64)
    y = _check_real_array("y", y, ndim=1, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same shape, got {x.shape} and {y.shape}")
    low = float(_check_real_array("low", low, ndim=0))
    high = float(_check_real_array("high", high, ndim=0))
    inside = (x >= low) & (x <= high)
    if inside.sum() < 2 or np.any(x[inside] <= 0) or np.any(y[inside] <= 0):
        raise ValueError("need at least two positive points with low <= x <= high")
    return float(np.polyfit(np.log10(x[inside]), np.log10(y[inside]), 1)[0])
