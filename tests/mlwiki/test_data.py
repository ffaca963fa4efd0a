import gzip

import numpy as np
import pytest

from mlwiki.data import load_digits, load_mnist, stratified_split


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


@pytest.mark.parametrize("fraction", [0, 1, -0.1, 1.5, "0.2", True])
def test_stratified_split_bad_fraction(fraction):
    with pytest.raises(ValueError, match="test_fraction"):
        stratified_split(np.zeros((4, 1)), np.array([0, 0, 1, 1]), test_fraction=fraction,
                         rng=np.random.default_rng(0))


def test_stratified_split_bad_shapes():
    with pytest.raises(ValueError, match="y must have shape"):
        stratified_split(np.zeros((4, 1)), np.array([0, 1, 1]), rng=np.random.default_rng(0))


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
