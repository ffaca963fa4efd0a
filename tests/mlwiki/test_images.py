import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.images import plot_image_grid, plot_kernels_and_maps, tile_images
from mlwiki.themes import DARK, LIGHT, use_theme


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
    assert shown.get_cmap().name == LIGHT.diverging
    plt.close(fig)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_plot_image_grid_takes_its_colormaps_from_the_theme(theme):
    with use_theme(theme):
        fig, (a, b) = plt.subplots(1, 2)
        plot_image_grid(np.ones((2, 3, 3)), ax=a)
        plot_image_grid(np.ones((2, 3, 3)), symmetric=True, ax=b)
    assert a.get_images()[0].get_cmap().name == theme.ink_on_paper
    assert b.get_images()[0].get_cmap().name == theme.diverging
    plt.close(fig)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"titles": ["a", "b"]}, ValueError, "titles must have one entry per image"),
        ({"titles": "abc"}, TypeError, "titles must be a sequence of strings"),
        ({"symmetric": "yes"}, TypeError, "symmetric must be True or False"),
        ({"colorbar": 1}, TypeError, "colorbar must be True or False"),
        ({"cmap": 3}, TypeError, "cmap must be a colormap name"),
        ({"n_cols": 0}, ValueError, "n_cols must be > 0"),
        ({"images": np.ones((3, 2, 2)) * 1j}, TypeError, "images must hold real numbers"),
        ({"images": np.ones((0, 2, 2))}, ValueError, "at least one non-empty image"),
    ],
)
def test_plot_image_grid_rejects_bad_arguments(kwargs, error, match):
    arguments = {"images": np.ones((3, 2, 2))} | kwargs
    with pytest.raises(error, match=match):
        plot_image_grid(arguments.pop("images"), **arguments)


def test_plot_kernels_and_maps_draws_three_panels_with_two_colour_bars():
    rng = np.random.default_rng(1)
    fig = plt.figure(layout="constrained")
    axes = plot_kernels_and_maps(rng.standard_normal((16, 3, 3)), rng.uniform(size=(8, 8)),
                                 rng.standard_normal((16, 8, 8)), titles=("k", "x", "m"), fig=fig)
    assert set(axes) == {"kernels", "image", "maps"}
    assert [axes[name].get_title() for name in ("kernels", "image", "maps")] == ["k", "x", "m"]
    colour_bars = [ax for ax in fig.axes if ax.get_label() == "<colorbar>"]
    assert len(colour_bars) == 2
    assert {cb.get_ylabel() for cb in colour_bars} == {"weight", "map value"}
    plt.close(fig)


@pytest.mark.parametrize(
    "kernels, image, maps, kwargs, error, match",
    [
        (np.ones((4, 3, 3)), np.ones((8, 8)), np.ones((3, 8, 8)), {}, ValueError, "one map per kernel"),
        (np.ones((4, 3, 3)), np.ones((1, 8, 8)), np.ones((4, 8, 8)), {}, ValueError, "image must have 2 dimension"),
        (np.ones((4, 3, 3)), np.ones((8, 8)), np.ones((4, 8, 8)), {"titles": ("a", "b")}, TypeError, "three strings"),
        (np.ones((4, 3, 3)) * 1j, np.ones((8, 8)), np.ones((4, 8, 8)), {}, TypeError, "kernels must hold real"),
    ],
)
def test_plot_kernels_and_maps_rejects_bad_arguments(kernels, image, maps, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_kernels_and_maps(kernels, image, maps, **kwargs)


def test_drawing_targets_must_be_axes_or_figures():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_image_grid(np.ones((1, 2, 2)), ax=plt.figure())
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plot_kernels_and_maps(np.ones((2, 3, 3)), np.ones((4, 4)), np.ones((2, 4, 4)), fig="figure")
    plt.close("all")
