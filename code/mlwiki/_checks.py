"""Argument checks shared by the teaching modules.

Each check raises :class:`ValueError` naming the parameter, what was expected and
what was given, so bad input never surfaces as a traceback from deep inside NumPy.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__: list[str] = []


def _check_positive(name: str, value, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return value


def _check_positive_int(name: str, value, *, allow_zero: bool = False) -> int:
    """Return ``value`` as an int after checking it is a whole number > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    value = int(value)
    if value < 0 or (value == 0 and not allow_zero):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{name} must be {bound}, got {value!r}")
    return value


def _check_finite_array(name: str, x, *, ndim: int | None = None, dtype=None) -> np.ndarray:
    """Return ``x`` as an array after checking its rank and that every entry is finite."""
    try:
        arr = np.asarray(x, dtype=dtype)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric array-like: {exc}") from None
    if not np.issubdtype(arr.dtype, np.number):
        raise ValueError(f"{name} must be numeric, got dtype {arr.dtype}")
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains non-finite values (nan or inf)")
    return arr


def _check_rng(name: str, rng) -> np.random.Generator:
    """Insist on an explicit :class:`numpy.random.Generator` so every run is reproducible."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"{name} must be a numpy.random.Generator (e.g. numpy.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng


def _check_real_array(name: str, x, *, ndim: int | None = None, dtype=None) -> np.ndarray:
    """Return ``x`` as an array of finite real numbers, checking its rank.

    Unlike :func:`_check_finite_array`, the element type is checked *before* any cast:
    complex, boolean and non-numeric input raises :class:`TypeError` instead of being
    silently converted (a complex array cast to float loses its imaginary part).
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from None
    if arr.dtype.kind not in "fiu":
        what = {"c": "complex", "b": "boolean"}.get(arr.dtype.kind, str(arr.dtype))
        raise TypeError(f"{name} must hold real numbers (float or int), got {what} values")
    if dtype is not None:
        arr = arr.astype(dtype)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains non-finite values (nan or inf)")
    return arr
