import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.images import plot_image_grid, tile_images


def test_tile_images_places_each_image_in_reading_order():
    images = np.arange(5 * 2 * 3, dtype=float).reshape(5, 2, 3)
    mosaic = tile_images(images, n_cols=2, gap=1)
    assert mosaic.shape == (3 * 3 - 1, 2 * 4 - 1)
    np.testing.assert_array_equal(mosaic[0:2, 0:3], images[0])
    np.testing.assert_array_equal(mosaic[0:2, 4:7], images[1])
    np.testing.assert_array_equal(mosaic[3:5, 0:3], images[2])
    np.testing.assert_array_equal(mosaic[6:8, 0:3], images[4])
    # gutters and the unused last cell are blank
    assert np.all(np.isnan(mosaic[2, :]))
    assert np.all(np.isnan(mosaic[:, 3]))
    assert np.all(np.isnan(mosaic[6:8, 4:7]))
    assert np.count_nonzero(~np.isnan(mosaic)) == images.size


def test_tile_images_default_grid_is_roughly_square_and_gap_zero_is_dense():
    images = np.ones((9, 4, 4))
    assert tile_images(images, gap=0).shape == (12, 12)
    assert tile_images(images[:1], n_cols=5, gap=0).shape == (4, 4)


@pytest.mark.parametrize(
    "images, kwargs, match",
    [
        (np.ones((2, 3)), {}, "images"),
        (np.ones((0, 3, 3)), {}, "images"),
        (np.full((1, 2, 2), np.inf), {}, "images"),
        (np.ones((2, 3, 3)), {"n_cols": 0}, "n_cols"),
        (np.ones((2, 3, 3)), {"gap": -1}, "gap"),
    ],
)
def test_tile_images_rejects_bad_input(images, kwargs, match):
    with pytest.raises(ValueError, match=match):
        tile_images(images, **kwargs)


def test_plot_image_grid_captions_every_tile():
    rng = np.random.default_rng(0)
    images = rng.random((6, 8, 8))
    ax = plot_image_grid(images, n_cols=3, titles=[f"t{i}" for i in range(6)])
    assert [t.get_text() for t in ax.texts] == [f"t{i}" for i in range(6)]
    (shown,) = ax.get_images()
    # every pixel of every image appears once in the drawn mosaic
    assert np.count_nonzero(~np.isnan(shown.get_array().filled(np.nan))) == images.size
    plt.close(ax.figure)


def test_plot_image_grid_symmetric_scale_is_centred_on_zero():
    fig, ax = plt.subplots()
    kernels = np.array([[[-2.0, 1.0], [0.5, 0.0]], [[1.0, 1.0], [1.0, 1.0]]])
    assert plot_image_grid(kernels, symmetric=True, colorbar=True, ax=ax) is ax
    (shown,) = ax.get_images()
    assert shown.get_clim() == (-2.0, 2.0)
    assert shown.get_cmap().name == "RdBu_r"
    plt.close(fig)


def test_plot_image_grid_needs_one_title_per_image():
    with pytest.raises(ValueError, match="titles"):
        plot_image_grid(np.ones((3, 2, 2)), titles=["a", "b"])
