"""Datasets for the chapters: the 8x8 digits that ship with scikit-learn, and MNIST from local files.

Nothing here downloads anything.
"""

from __future__ import annotations

import gzip
import numbers
from pathlib import Path

import numpy as np

from mlwiki._checks import _check_finite_array, _check_rng

__all__ = ["load_digits", "stratified_split", "load_mnist", "plot_digits"]


def load_digits(*, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 8x8 handwritten digits of scikit-learn (UCI optical digits, test part).

    Returns
    -------
    images : ndarray of shape (1797, 1, 8, 8)
        Ink intensity scaled from the original 0..16 to [0, 1], channel axis included.
    labels : ndarray of shape (1797,), int64
        Digit 0..9.
    """
    from sklearn.datasets import load_digits as _sklearn_digits  # local: keep `import mlwiki` light

    bunch = _sklearn_digits()
    images = (bunch.images / 16.0).astype(dtype)[:, None, :, :]
    return images, bunch.target.astype(np.int64)


def stratified_split(x, y, *, test_fraction: float = 0.25, rng):
    """Split ``x``/``y`` into train and test parts with each class in the same proportion.

    Parameters
    ----------
    x : ndarray of shape (n_samples, ...)
    y : ndarray of shape (n_samples,)
        Integer class labels; every class is split separately, rounding its test
        count to the nearest integer.
    test_fraction : float
        Share of each class held out, strictly between 0 and 1.
    rng : numpy.random.Generator
        Decides which samples go where (same seed, same split).

    Returns
    -------
    x_train, x_test, y_train, y_test : ndarray
        Both parts keep the original sample order.
    """
    rng = _check_rng("rng", rng)
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real) or not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, got {test_fraction!r}")
    x, y = np.asarray(x), np.asarray(y)
    if y.ndim != 1 or x.shape[0] != y.shape[0]:
        raise ValueError(
            f"y must have shape (n_samples,) matching x's first axis, got x {x.shape} and y {y.shape}"
        )
    is_test = np.zeros(y.size, dtype=bool)
    for label in np.unique(y):
        members = np.flatnonzero(y == label)
        n_test = int(round(test_fraction * members.size))
        is_test[rng.choice(members, size=n_test, replace=False)] = True
    return x[~is_test], x[is_test], y[~is_test], y[is_test]


_MNIST_FILES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def _read_idx(path: Path) -> np.ndarray:
    """Read one IDX file (big-endian header: 0, 0, type code, n_dims, then the sizes)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as handle:
        data = handle.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 0x08:
        raise ValueError(f"{path} is not an unsigned-byte IDX file (bad magic number)")
    n_dims = data[3]
    header_end = 4 + 4 * n_dims
    shape = tuple(int(d) for d in np.frombuffer(data[4:header_end], dtype=">u4"))
    values = np.frombuffer(data[header_end:], dtype=np.uint8)
    if values.size != int(np.prod(shape)):
        raise ValueError(f"{path}: header promises shape {shape} but the file holds {values.size} values")
    return values.reshape(shape)


def load_mnist(directory, *, dtype=np.float64):
    """Load MNIST from the four original IDX files in ``directory`` (plain or ``.gz``).

    Returns
    -------
    (x_train, y_train), (x_test, y_test)
        Images of shape (n, 1, 28, 28) scaled to [0, 1] in ``dtype``; labels int64
        of shape (n,).

    Raises
    ------
    FileNotFoundError
        Naming the directory and the expected file names when any file is missing.
        The files are never downloaded.
    """
    directory = Path(directory)
    paths = {}
    for key, name in _MNIST_FILES.items():
        found = [directory / n for n in (name, name + ".gz") if (directory / n).is_file()]
        if not found:
            expected = ", ".join(f"{n}[.gz]" for n in _MNIST_FILES.values())
            raise FileNotFoundError(
                f"MNIST file {name}[.gz] not found in {directory}; expected the files {expected} "
                "(nothing is downloaded: place them there yourself)"
            )
        paths[key] = found[0]
    arrays = {key: _read_idx(path) for key, path in paths.items()}
    for part in ("train", "test"):
        images, labels = arrays[f"{part}_images"], arrays[f"{part}_labels"]
        if images.ndim != 3 or labels.ndim != 1 or images.shape[0] != labels.shape[0]:
            raise ValueError(
                f"MNIST {part} files disagree: images {images.shape}, labels {labels.shape}"
            )

    def images(key):
        return (arrays[key] / 255.0).astype(dtype)[:, None, :, :]

    return (
        (images("train_images"), arrays["train_labels"].astype(np.int64)),
        (images("test_images"), arrays["test_labels"].astype(np.int64)),
    )


def plot_digits(images, *, titles=None, n_cols=None, ax=None):
    """Draw small greyscale images (digits, centroids) as ink on paper in the current theme.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width) or (n_images, 1, height, width)
        Ink intensities; all tiles share one scale from the smallest to the largest value.
    titles : sequence of str, optional
        One short caption per image.
    n_cols : int, optional
        Tiles per row; about ``sqrt(n_images)`` when omitted.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlwiki.images import plot_image_grid  # local: keep `import mlwiki.data` free of Matplotlib
    from mlwiki.themes import current_theme

    images = _check_finite_array("images", images)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]
    if images.ndim != 3:
        raise ValueError(f"images must have shape (n, height, width) or (n, 1, height, width), got {images.shape}")
    # Dark ink on a light page, light ink on a dark page: the theme's greyscale map.
    return plot_image_grid(images, titles=titles, n_cols=n_cols, cmap=current_theme().ink_on_paper, ax=ax)
