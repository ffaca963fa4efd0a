"""Turning inputs into numbers a model can use.

* **Quantities** (pixel intensities, lengths) are already numbers; :func:`scale_to_unit`
  only changes their unit so they lie in [0, 1].
* **Categories** (a colour, a character) are names.  :func:`ordinal_codes` numbers them
  0, 1, 2, ... in a chosen order, which silently claims an order and equal spacing;
  :func:`one_hot_columns` gives each category its own 0/1 column instead.
* :func:`design_matrix` puts columns side by side behind a column of ones (the intercept) for
  a linear model, which is where the *dummy-variable trap* appears: an intercept plus one
  column for *every* category makes the columns linearly dependent.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive
from mlwiki.nn.losses import one_hot

__all__ = ["scale_to_unit", "character_codes", "ordinal_codes", "one_hot_columns", "design_matrix", "least_squares"]


def scale_to_unit(values, max_value) -> np.ndarray:
    """Divide quantities that range from 0 to ``max_value`` by ``max_value``.

    Parameters
    ----------
    values : array-like of numbers, any shape
        Each in ``[0, max_value]`` (e.g. 8-bit pixels 0..255, or the digits' 0..16).
    max_value : float
        The largest possible value, > 0.

    Returns
    -------
    ndarray of float64, same shape, in [0, 1]
    """
    max_value = _check_positive("max_value", max_value)
    values = _check_finite_array("values", values).astype(np.float64)
    if values.size and (values.min() < 0 or values.max() > max_value):
        raise ValueError(f"values must lie in [0, max_value={max_value:g}], got [{values.min():g}, {values.max():g}]")
    return values / max_value


def character_codes(text: str) -> np.ndarray:
    """The ASCII code of each character of ``text`` (e.g. ``" "`` -> 32, ``"#"`` -> 35).

    Raises
    ------
    ValueError
        For a character outside ASCII (code above 127).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    codes = np.array([ord(c) for c in text], dtype=np.int64)
    if codes.size and codes.max() > 127:
        bad = text[int(np.argmax(codes > 127))]
        raise ValueError(f"text must be ASCII (codes 0..127), got {bad!r} (code {ord(bad)})")
    return codes


def _check_categories(values, categories) -> tuple[np.ndarray, list]:
    categories = list(categories)
    if not categories:
        raise ValueError("categories must list at least one category")
    if len(set(categories)) != len(categories):
        raise ValueError(f"categories must not repeat, got {categories!r}")
    values = list(values) if not isinstance(values, str) else None
    if values is None:
        raise TypeError("values must be a sequence of categories, not one string")
    position = {category: index for index, category in enumerate(categories)}
    unknown = [v for v in values if v not in position]
    if unknown:
        raise ValueError(f"values contain {unknown[0]!r}, which is not among categories {categories!r}")
    return np.array([position[v] for v in values], dtype=np.int64), categories


def ordinal_codes(values, categories) -> np.ndarray:
    """Number each value by its category's position in ``categories``: 0, 1, 2, ...

    Parameters
    ----------
    values : sequence
        One category per example.
    categories : sequence
        The possible categories, in the order that gives them their numbers.

    Returns
    -------
    ndarray of int64, shape (n_values,)
    """
    codes, _ = _check_categories(values, categories)
    return codes


def one_hot_columns(values, categories, *, drop_first: bool = False) -> np.ndarray:
    """One 0/1 column per category (a *dummy variable*), optionally without the first.

    Parameters
    ----------
    values : sequence
        One category per example.
    categories : sequence
        The possible categories, in column order.
    drop_first : bool
        Leave out the first category's column.  The first category is then the one with all
        zeros, the *reference*; with an intercept in the model this avoids the dummy-variable
        trap.

    Returns
    -------
    ndarray of float64, shape (n_values, n_categories) or (n_values, n_categories - 1)
    """
    if not isinstance(drop_first, bool):
        raise TypeError(f"drop_first must be True or False, got {drop_first!r}")
    codes, categories = _check_categories(values, categories)
    columns = one_hot(codes, len(categories))
    return columns[:, 1:] if drop_first else columns


def design_matrix(*columns, intercept: bool = True) -> np.ndarray:
    """Place feature columns side by side, behind a column of ones when ``intercept``.

    Parameters
    ----------
    *columns : array-like of shape (n_samples,) or (n_samples, k)
        Blocks of columns, all with the same number of rows.
    intercept : bool
        Start with a column of ones, so a linear model gets a constant term.

    Returns
    -------
    ndarray of float64, shape (n_samples, intercept + total columns)
    """
    if not isinstance(intercept, bool):
        raise TypeError(f"intercept must be True or False, got {intercept!r}")
    if not columns:
        raise ValueError("design_matrix needs at least one block of columns")
    blocks = []
    for index, block in enumerate(columns):
        block = _check_finite_array(f"columns[{index}]", block).astype(np.float64)
        if block.ndim == 1:
            block = block[:, None]
        if block.ndim != 2:
            raise ValueError(f"columns[{index}] must be 1-D or 2-D, got shape {block.shape}")
        if blocks and block.shape[0] != blocks[0].shape[0]:
            raise ValueError(f"columns[{index}] has {block.shape[0]} rows, the first block {blocks[0].shape[0]}")
        blocks.append(block)
    if intercept:
        blocks.insert(0, np.ones((blocks[0].shape[0], 1)))
    return np.hstack(blocks)


def least_squares(design, targets) -> tuple[np.ndarray, float]:
    """Fit a linear model by least squares: the coefficients and the mean squared error.

    Parameters
    ----------
    design : array-like of shape (n_samples, n_columns)
        E.g. from :func:`design_matrix`.
    targets : array-like of shape (n_samples,)

    Returns
    -------
    coefficients : ndarray of shape (n_columns,)
        When the columns are linearly dependent infinitely many coefficient vectors fit
        equally well; this is the shortest of them (NumPy's ``lstsq``).
    mse : float
        Mean squared difference between ``design @ coefficients`` and ``targets``.
    """
    design = _check_finite_array("design", design, ndim=2).astype(np.float64)
    targets = _check_finite_array("targets", targets, ndim=1).astype(np.float64)
    if targets.shape[0] != design.shape[0]:
        raise ValueError(f"targets must have one value per row of design ({design.shape[0]}), got {targets.shape[0]}")
    coefficients, *_ = np.linalg.lstsq(design, targets, rcond=None)
    return coefficients, float(np.mean((design @ coefficients - targets) ** 2))
