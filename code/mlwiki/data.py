"""Datasets for the chapters: the 8x8 digits that ship with scikit-learn, MNIST from local
files, a stratified split, and random shifts of images (data augmentation).

Nothing here downloads anything.
"""

from __future__ import annotations

import gzip
import importlib.util
import numbers
from pathlib import Path

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_real_array, _check_rng

__all__ = ["load_digits", "stratified_split", "load_mnist", "shift_images", "random_shifts", "plot_digits"]


def _check_dtype(dtype) -> np.dtype:
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64, got {dtype!r}") from None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64, got {dt}")
    return dt


def load_digits(*, dtype=np.float64) -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 8x8 handwritten digits of scikit-learn (UCI optical digits, test part).

    Read straight from the file scikit-learn ships (``sklearn/datasets/data/digits.csv.gz``,
    one image per row: 64 intensities 0..16, then the label), the same data as
    ``sklearn.datasets.load_digits``, without importing ``sklearn.datasets``, which takes
    seconds.

    Returns
    -------
    images : ndarray of shape (1797, 1, 8, 8)
        Ink intensity scaled from the original 0..16 to [0, 1], channel axis included.
    labels : ndarray of shape (1797,), int64
        Digit 0..9.
    """
    dtype = _check_dtype(dtype)
    table = np.loadtxt(_digits_file(), delimiter=",")
    images = (table[:, :-1] / 16.0).astype(dtype).reshape(-1, 1, 8, 8)
    return images, table[:, -1].astype(np.int64)


def _digits_file() -> Path:
    """Where scikit-learn keeps the digits table, found without importing scikit-learn."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("load_digits needs scikit-learn installed (it ships the digits data)")
    for location in spec.submodule_search_locations:
        path = Path(location) / "datasets" / "data" / "digits.csv.gz"
        if path.is_file():
            return path
    raise FileNotFoundError("scikit-learn is installed but its digits.csv.gz was not found")


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

    Raises
    ------
    TypeError
        When ``y`` does not hold integers or ``test_fraction`` is not a number.
    ValueError
        When the shapes disagree, ``test_fraction`` is outside (0, 1), or one of the two
        parts would be empty.
    """
    rng = _check_rng("rng", rng)
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, numbers.Real):
        raise TypeError(f"test_fraction must be a number strictly between 0 and 1, got {test_fraction!r}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be a number strictly between 0 and 1, got {test_fraction!r}")
    x, y = np.asarray(x), np.asarray(y)
    if y.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if y.ndim != 1 or x.ndim < 1 or x.shape[0] != y.shape[0]:
        raise ValueError(
            f"y must have shape (n_samples,) matching x's first axis, got x {x.shape} and y {y.shape}"
        )
    is_test = np.zeros(y.size, dtype=bool)
    for label in np.unique(y):
        members = np.flatnonzero(y == label)
        n_test = int(round(test_fraction * members.size))
        is_test[rng.choice(members, size=n_test, replace=False)] = True
    if is_test.all() or not is_test.any():
        raise ValueError(
            f"test_fraction {test_fraction!r} of {y.size} samples leaves one part empty; "
            "use more samples or a fraction further from 0 and 1"
        )
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
    if not isinstance(directory, (str, Path)) and not hasattr(directory, "__fspath__"):
        raise TypeError(f"directory must be a path (str or pathlib.Path), got {type(directory).__name__}")
    dtype = _check_dtype(dtype)
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(f"directory {directory} does not exist (it should hold the four MNIST files)")
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


def shift_images(images, rows: int, cols: int) -> np.ndarray:
    """Move every image by ``rows`` pixels down and ``cols`` pixels right, filling with 0.

    Negative values move up / left; pixels pushed over the border are lost.

    Parameters
    ----------
    images : ndarray of shape (n_images, channels, height, width)
    rows, cols : int
        The move, each smaller than the image in absolute value.

    Returns
    -------
    ndarray of the shape and dtype of ``images``
    """
    images = _check_real_array("images", images, ndim=4)
    height, width = images.shape[2:]
    for name, value, size in (("rows", rows, height), ("cols", cols, width)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be an integer, got {value!r}")
        if abs(value) >= size:
            raise ValueError(f"{name} must be smaller than the image size {size} in absolute value, got {value}")
    moved = np.zeros_like(images)
    target = (slice(max(rows, 0), height + min(rows, 0)), slice(max(cols, 0), width + min(cols, 0)))
    source = (slice(max(-rows, 0), height + min(-rows, 0)), slice(max(-cols, 0), width + min(-cols, 0)))
    moved[:, :, target[0], target[1]] = images[:, :, source[0], source[1]]
    return moved


def random_shifts(images, rng, *, max_shift: int = 1) -> np.ndarray:
    """Move every image by a random whole number of pixels, filling the uncovered border with 0.

    A digit moved by a pixel is still the same digit.  Training on randomly moved copies
    (fresh moves every time a batch is drawn) shows a network that the label does not
    depend on the exact position: the simplest *data augmentation*.

    Parameters
    ----------
    images : ndarray of shape (n_images, channels, height, width)
        Real pixel values.
    rng : numpy.random.Generator
        Draws each image's vertical and horizontal shift, uniformly from
        ``-max_shift .. max_shift`` (all channels of an image move together).
    max_shift : int
        Largest move in pixels along each axis, >= 0 and smaller than height and width.

    Returns
    -------
    ndarray of the shape and dtype of ``images``
    """
    images = _check_real_array("images", images, ndim=4)
    rng = _check_rng("rng", rng)
    max_shift = _check_positive_int("max_shift", max_shift, allow_zero=True)
    n, _, height, width = images.shape
    if max_shift >= min(height, width):
        raise ValueError(f"max_shift must be smaller than the image size {height} x {width}, got {max_shift}")
    m = max_shift
    padded = np.pad(images, ((0, 0), (0, 0), (m, m), (m, m)))
    shifts = rng.integers(-m, m + 1, size=(n, 2))
    # Image i, moved down by dy and right by dx, is the window of its padded copy whose top-left
    # corner is (m - dy, m - dx): one fancy-indexing gather for the whole batch.
    rows = (m - shifts[:, 0])[:, None] + np.arange(height)[None, :]  # (n, height)
    cols = (m - shifts[:, 1])[:, None] + np.arange(width)[None, :]  # (n, width)
    batch = np.arange(n)[:, None, None, None]
    channels = np.arange(images.shape[1])[None, :, None, None]
    return padded[batch, channels, rows[:, None, :, None], cols[:, None, None, :]]


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
