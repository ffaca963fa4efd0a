"""Data augmentation for small images: new training examples from transformed old ones.

A transformation is only useful when it keeps the label true.  Shifting a handwritten digit by
a pixel leaves it the same digit; mirroring it left to right does not (a mirrored 3 is no
digit at all, and a mirrored 2 is closer to a 5).

Images are arrays of shape (n, height, width) or (n, 1, height, width); every function returns
the shape it was given.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_rng

__all__ = ["ONE_PIXEL_SHIFTS", "shift", "mirror", "add_shifted_copies", "add_mirrored_copies", "shift_randomly"]

# (down, right) offsets of the four one-pixel moves: right, left, down, up.
ONE_PIXEL_SHIFTS = ((0, 1), (0, -1), (1, 0), (-1, 0))


def _check_images(images) -> tuple[np.ndarray, bool]:
    """Return (n, h, w) float images and whether a channel axis of 1 must be put back."""
    images = _check_finite_array("images", images).astype(np.float64)
    if images.ndim == 4 and images.shape[1] == 1:
        return images[:, 0], True
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, height, width) or (n, 1, height, width), got {images.shape}")
    return images, False


def _restore(images: np.ndarray, channel: bool) -> np.ndarray:
    return images[:, None] if channel else images


def _check_offset(name: str, value, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number of pixels, got {value!r}")
    if abs(value) >= size:
        raise ValueError(f"{name} must be smaller in size than the image ({size} pixels), got {value}")
    return int(value)


def shift(images, dy: int, dx: int) -> np.ndarray:
    """Move every image ``dy`` pixels down and ``dx`` pixels right, filling with 0 (blank paper).

    Pixels pushed over the edge are lost.  Negative offsets move up or left.
    """
    images, channel = _check_images(images)
    dy = _check_offset("dy", dy, images.shape[1])
    dx = _check_offset("dx", dx, images.shape[2])
    height, width = images.shape[1:]
    out = np.zeros_like(images)
    # Destination rows/columns and the source rows/columns that land there.
    out[:, max(dy, 0):height + min(dy, 0), max(dx, 0):width + min(dx, 0)] = \
        images[:, max(-dy, 0):height + min(-dy, 0), max(-dx, 0):width + min(-dx, 0)]
    return _restore(out, channel)


def mirror(images) -> np.ndarray:
    """Flip every image left to right."""
    images, channel = _check_images(images)
    return _restore(images[:, :, ::-1].copy(), channel)


def _check_labels(labels, n_images: int) -> np.ndarray:
    labels = np.asarray(labels)
    if labels.dtype.kind not in "iu":
        raise TypeError(f"labels must hold integer class labels, got dtype {labels.dtype}")
    if labels.shape != (n_images,):
        raise ValueError(f"labels must have shape ({n_images},), one per image, got {labels.shape}")
    return labels


def add_shifted_copies(images, labels, shifts=ONE_PIXEL_SHIFTS):
    """The images followed by one shifted copy of all of them per offset, labels repeated.

    Parameters
    ----------
    images : array of shape (n, h, w) or (n, 1, h, w)
    labels : array of int, shape (n,)
    shifts : sequence of (dy, dx)
        Offsets in pixels; the default is the four one-pixel moves.

    Returns
    -------
    images : array of shape ((1 + len(shifts)) * n, ...)
    labels : array of shape ((1 + len(shifts)) * n,)
    """
    checked, channel = _check_images(images)
    labels = _check_labels(labels, checked.shape[0])
    shifts = list(shifts)
    if not shifts or not all(isinstance(s, (tuple, list)) and len(s) == 2 for s in shifts):
        raise ValueError(f"shifts must be a non-empty sequence of (dy, dx) pairs, got {shifts!r}")
    copies = [checked] + [shift(checked, dy, dx) for dy, dx in shifts]
    return _restore(np.concatenate(copies), channel), np.tile(labels, len(copies))


def add_mirrored_copies(images, labels):
    """The images followed by their mirror images, with the labels unchanged (usually wrong)."""
    checked, channel = _check_images(images)
    labels = _check_labels(labels, checked.shape[0])
    return _restore(np.concatenate([checked, mirror(checked)]), channel), np.tile(labels, 2)


def shift_randomly(images, *, rng, shifts=ONE_PIXEL_SHIFTS):
    """Move each image by one offset drawn at random from ``shifts``.

    Returns
    -------
    moved : array of the input's shape
    choice : ndarray of int64, shape (n,)
        Index into ``shifts`` of each image's offset.
    """
    checked, channel = _check_images(images)
    rng = _check_rng("rng", rng)
    shifts = list(shifts)
    if not shifts:
        raise ValueError("shifts must list at least one (dy, dx) offset")
    choice = rng.integers(len(shifts), size=checked.shape[0])
    moved = np.empty_like(checked)
    for index, (dy, dx) in enumerate(shifts):
        members = choice == index
        moved[members] = shift(checked[members], dy, dx)
    return _restore(moved, channel), choice
