import gzip

import numpy as np
import pytest

from mlwiki.data import load_digits, load_mnist, random_shifts, shift_images, stratified_split


def test_load_digits_equals_scikit_learn():
    from sklearn.datasets import load_digits as sklearn_digits

    bunch = sklearn_digits()
    images, labels = load_digits()
    np.testing.assert_array_equal(images[:, 0], bunch.images / 16.0)
    np.testing.assert_array_equal(labels, bunch.target)


def test_load_digits():
    images, labels = load_digits()
    assert images.shape == (1797, 1, 8, 8) and images.dtype == np.float64
    assert labels.shape == (1797,) and set(np.unique(labels)) == set(range(10))
    assert images.min() == 0.0 and images.max() == 1.0
    assert load_digits(dtype=np.float32)[0].dtype == np.float32


def test_stratified_split_keeps_class_proportions_and_is_reproducible():
    images, labels = load_digits()
    parts = stratified_split(images, labels, test_fraction=0.25, rng=np.random.default_rng(0))
    x_train, x_test, y_train, y_test = parts
    assert x_train.shape[0] + x_test.shape[0] == 1797
    assert x_test.shape[0] == pytest.approx(0.25 * 1797, abs=10)
    for digit in range(10):
        share = np.mean(y_test == digit) / np.mean(labels == digit)
        assert share == pytest.approx(1.0, abs=0.05)
    again = stratified_split(images, labels, test_fraction=0.25, rng=np.random.default_rng(0))
    for a, b in zip(parts, again):
        np.testing.assert_array_equal(a, b)
    other = stratified_split(images, labels, test_fraction=0.25, rng=np.random.default_rng(1))
    assert not np.array_equal(other[3], y_test)


@pytest.mark.parametrize("fraction, error", [(0, ValueError), (1, ValueError), (-0.1, ValueError), (1.5, ValueError),
                                             ("0.2", TypeError), (True, TypeError), (None, TypeError)])
def test_stratified_split_bad_fraction(fraction, error):
    with pytest.raises(error, match="test_fraction must be a number strictly between 0 and 1"):
        stratified_split(np.zeros((4, 1)), np.array([0, 0, 1, 1]), test_fraction=fraction,
                         rng=np.random.default_rng(0))


@pytest.mark.parametrize(
    "x, y, kwargs, error, match",
    [
        (np.zeros((4, 1)), np.array([0, 1, 1]), {}, ValueError, "y must have shape"),
        (np.zeros((4, 1)), np.array([[0, 1], [1, 0]]), {}, ValueError, "y must have shape"),
        (np.zeros((4, 1)), np.array([0.0, 1.0, 1.0, 0.0]), {}, TypeError, "y must hold integer class labels"),
        (np.zeros((4, 1)), np.array([0, 0, 1, 1]), {"test_fraction": 0.1}, ValueError, "leaves one part empty"),
        (np.zeros((4, 1)), np.array([0, 0, 1, 1]), {"rng": 1}, ValueError, "rng must be a numpy.random.Generator"),
    ],
)
def test_stratified_split_bad_input(x, y, kwargs, error, match):
    arguments = {"rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(error, match=match):
        stratified_split(x, y, **arguments)


def test_load_digits_bad_dtype():
    with pytest.raises(TypeError, match="dtype must be numpy.float32 or numpy.float64"):
        load_digits(dtype=np.int64)


def test_random_shifts_move_whole_images_by_at_most_max_shift():
    rng = np.random.default_rng(0)
    images = rng.uniform(size=(200, 2, 6, 7))
    moved = random_shifts(images, np.random.default_rng(1), max_shift=2)
    assert moved.shape == images.shape and moved.dtype == images.dtype
    seen = set()
    for original, shifted in zip(images, moved):
        # find the one shift that reproduces the result, zero-filled at the border
        matches = []
        for dy in range(-2, 3):
            for dx in range(-2, 3):
                expected = np.zeros_like(original)
                expected[:, max(dy, 0):6 + min(dy, 0), max(dx, 0):7 + min(dx, 0)] = \
                    original[:, max(-dy, 0):6 + min(-dy, 0), max(-dx, 0):7 + min(-dx, 0)]
                if np.array_equal(expected, shifted):
                    matches.append((dy, dx))
        assert len(matches) == 1
        seen.add(matches[0])
    assert len(seen) == 25  # every shift in -2..2 x -2..2 occurs
    np.testing.assert_array_equal(random_shifts(images, np.random.default_rng(1), max_shift=0), images)


@pytest.mark.parametrize(
    "images, kwargs, error, match",
    [
        (np.zeros((2, 8, 8)), {}, ValueError, "images must have 4 dimension"),
        (np.zeros((2, 1, 8, 8)) + 1j, {}, TypeError, "images must hold real numbers"),
        (np.full((1, 1, 8, 8), np.nan), {}, ValueError, "images contains non-finite"),
        (np.zeros((2, 1, 8, 8)), {"max_shift": -1}, ValueError, "max_shift must be >= 0"),
        (np.zeros((2, 1, 8, 8)), {"max_shift": 8}, ValueError, "max_shift must be smaller than the image size"),
        (np.zeros((2, 1, 8, 8)), {"rng": None}, ValueError, "rng must be a numpy.random.Generator"),
    ],
)
def test_random_shifts_bad_input(images, kwargs, error, match):
    arguments = {"rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(error, match=match):
        random_shifts(images, arguments.pop("rng"), **arguments)


def _write_idx(path, array, *, compress):
    header = bytes([0, 0, 0x08, array.ndim]) + np.array(array.shape, dtype=">u4").tobytes()
    payload = header + array.astype(np.uint8).tobytes()
    opener = gzip.open if compress else open
    with opener(path, "wb") as handle:
        handle.write(payload)


def test_load_mnist_reads_idx_files(tmp_path):
    rng = np.random.default_rng(0)
    train_images = rng.integers(0, 256, size=(3, 28, 28))
    test_images = rng.integers(0, 256, size=(2, 28, 28))
    _write_idx(tmp_path / "train-images-idx3-ubyte.gz", train_images, compress=True)
    _write_idx(tmp_path / "train-labels-idx1-ubyte.gz", np.array([5, 0, 4]), compress=True)
    _write_idx(tmp_path / "t10k-images-idx3-ubyte", test_images, compress=False)
    _write_idx(tmp_path / "t10k-labels-idx1-ubyte", np.array([7, 2]), compress=False)
    (x_train, y_train), (x_test, y_test) = load_mnist(tmp_path)
    assert x_train.shape == (3, 1, 28, 28) and x_test.shape == (2, 1, 28, 28)
    np.testing.assert_allclose(x_train[:, 0] * 255, train_images)
    np.testing.assert_array_equal(y_train, [5, 0, 4])
    np.testing.assert_array_equal(y_test, [7, 2])
    assert load_mnist(tmp_path, dtype=np.float32)[0][0].dtype == np.float32


def test_load_mnist_missing_files_message(tmp_path):
    with pytest.raises(FileNotFoundError, match="train-images-idx3-ubyte") as info:
        load_mnist(tmp_path)
    assert str(tmp_path) in str(info.value) and "t10k-labels-idx1-ubyte" in str(info.value)


def test_load_mnist_rejects_corrupt_file(tmp_path):
    for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                 "t10k-labels-idx1-ubyte"):
        (tmp_path / name).write_bytes(b"\x01\x02\x03\x04")
    with pytest.raises(ValueError, match="magic number"):
        load_mnist(tmp_path)


def test_plot_digits_draws_ink_on_paper_in_each_theme():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from mlwiki.data import plot_digits
    from mlwiki.themes import DARK, LIGHT, use_theme

    images, labels = load_digits()
    for theme in (LIGHT, DARK):
        with use_theme(theme):
            ax = Figure().add_subplot()
            plot_digits(images[:6], titles=[str(v) for v in labels[:6]], n_cols=3, ax=ax)
        assert ax.images[0].get_cmap().name == theme.ink_on_paper
        assert [t.get_text() for t in ax.texts] == [str(v) for v in labels[:6]]
    with use_theme(LIGHT):
        ax = plot_digits(images[:4, 0], ax=Figure().add_subplot())   # (n, 8, 8) works too
    assert ax.images[0].get_array().shape == (17, 17)
    with pytest.raises(ValueError, match="images must have shape"):
        plot_digits(np.zeros((2, 3)), ax=Figure().add_subplot())


def test_load_mnist_bad_arguments(tmp_path):
    with pytest.raises(TypeError, match="directory must be a path"):
        load_mnist(42)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_mnist(tmp_path / "missing")
    with pytest.raises(TypeError, match="dtype must be numpy.float32 or numpy.float64"):
        load_mnist(tmp_path, dtype=np.uint8)


def test_shift_images_moves_every_image_and_fills_with_zeros():
    images = np.arange(2 * 1 * 3 * 4, dtype=float).reshape(2, 1, 3, 4) + 1
    right = shift_images(images, 0, 1)
    np.testing.assert_array_equal(right[:, :, :, 1:], images[:, :, :, :-1])
    assert np.all(right[:, :, :, 0] == 0)
    up_left = shift_images(images, -1, -2)
    np.testing.assert_array_equal(up_left[:, :, :-1, :-2], images[:, :, 1:, 2:])
    assert np.all(up_left[:, :, -1, :] == 0) and np.all(up_left[:, :, :, -2:] == 0)
    np.testing.assert_array_equal(shift_images(images, 0, 0), images)
    # a random shift of one image equals the fixed shift it drew
    moved = random_shifts(images[:1], np.random.default_rng(3), max_shift=1)
    assert any(np.array_equal(moved, shift_images(images[:1], r, c)) for r in (-1, 0, 1) for c in (-1, 0, 1))


@pytest.mark.parametrize(
    "rows, cols, error, match",
    [(3, 0, ValueError, "rows must be smaller"), (0, -4, ValueError, "cols must be smaller"),
     (0.5, 0, TypeError, "rows must be an integer"), (0, True, TypeError, "cols must be an integer")],
)
def test_shift_images_bad_arguments(rows, cols, error, match):
    with pytest.raises(error, match=match):
        shift_images(np.zeros((1, 1, 3, 4)), rows, cols)
