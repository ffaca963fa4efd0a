"""Downsizing images by averaging blocks of pixels, and blowing them up again.

Averaging each ``f x f`` block of an image and repeating the average over the block is an
orthogonal projection too: onto the images that are constant on every block.  Its subspace
is fixed in advance, whatever the data; PCA's is chosen to fit the data.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int

__all__ = ["downsize", "upsize"]


def downsize(images, factor: int) -> np.ndarray:
    """Average every ``factor x factor`` block of each image.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
        ``height`` and ``width`` must be multiples of ``factor``.
    factor : int
        Block side in pixels (>= 1).

    Returns
    -------
    ndarray of shape (n_images, height // factor, width // factor)
    """
    images = _check_finite_array("images", images, ndim=3, dtype=float)
    factor = _check_positive_int("factor", factor)
    n, height, width = images.shape
    if height % factor or width % factor:
        raise ValueError(f"image height and width must be multiples of factor={factor}, got {height} x {width}")
    return images.reshape(n, height // factor, factor, width // factor, factor).mean(axis=(2, 4))


def upsize(images, factor: int) -> np.ndarray:
    """Repeat every pixel over a ``factor x factor`` block; shape (n_images, height * factor, width * factor)."""
    images = _check_finite_array("images", images, ndim=3, dtype=float)
    factor = _check_positive_int("factor", factor)
    return images.repeat(factor, axis=1).repeat(factor, axis=2)
