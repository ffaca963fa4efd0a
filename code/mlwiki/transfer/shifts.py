"""Domain shifts: the same digits, drawn differently.

A network trained on one *domain* (clean scans) meets another at test time (faded,
noisy scans; or pixels shuffled into a different order).  The labels stay the same;
only the inputs change.  Both shifts below are deterministic given their random
generator, so the shifted data is reproducible.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_rng

__all__ = ["fade_and_noise", "permute_pixels", "pixel_permutation"]


def fade_and_noise(x, *, rng, background: float = 0.3, contrast: float = 0.5, noise_std: float = 0.1) -> np.ndarray:
    """Faded, noisy scans: ``background + contrast * x + noise`` for every pixel.

    Parameters
    ----------
    x : ndarray of shape (n_samples, n_pixels)
        Clean images with intensities in [0, 1] (0 = paper, 1 = ink).
    rng : numpy.random.Generator
        Draws the noise.
    background : float
        Intensity the blank paper takes on (>= 0): a grey page instead of a white one.
    contrast : float
        Factor on the ink (> 0); below 1 the strokes fade.
    noise_std : float
        Standard deviation of independent Gaussian noise per pixel (>= 0).

    Returns
    -------
    ndarray of shape (n_samples, n_pixels)
        Not clipped: noise may leave [0, 1] slightly, as a sensor's would.
    """
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    rng = _check_rng("rng", rng)
    background = _check_positive("background", background, allow_zero=True)
    contrast = _check_positive("contrast", contrast)
    noise_std = _check_positive("noise_std", noise_std, allow_zero=True)
    return background + contrast * x + noise_std * rng.standard_normal(x.shape)


def pixel_permutation(n_pixels: int, *, rng) -> np.ndarray:
    """A random reordering of ``n_pixels`` pixel positions (one fixed shuffle for a whole domain)."""
    rng = _check_rng("rng", rng)
    if isinstance(n_pixels, bool) or not isinstance(n_pixels, (int, np.integer)) or n_pixels < 2:
        raise ValueError(f"n_pixels must be an integer >= 2, got {n_pixels!r}")
    return rng.permutation(int(n_pixels))


def permute_pixels(x, permutation) -> np.ndarray:
    """Every image with its pixels moved to new places: ``x[:, permutation]``.

    The same pixels, the same ink, in an order no stroke detector trained on clean
    digits expects.  A network trained from scratch loses nothing by it (a dense layer
    does not care about pixel order); features learned on clean digits are scrambled.

    Parameters
    ----------
    x : ndarray of shape (n_samples, n_pixels)
    permutation : ndarray of int, shape (n_pixels,)
        A permutation of ``0 .. n_pixels - 1`` (see :func:`pixel_permutation`).

    Returns
    -------
    ndarray of shape (n_samples, n_pixels)
    """
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    permutation = np.asarray(permutation)
    if permutation.shape != (x.shape[1],) or not np.array_equal(np.sort(permutation), np.arange(x.shape[1])):
        raise ValueError(f"permutation must be a permutation of 0..{x.shape[1] - 1}, got shape {permutation.shape}")
    return x[:, permutation]
