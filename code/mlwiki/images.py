"""Showing many small images at once: digits, learned kernels, feature maps.

All images are laid into one *mosaic* array with blank (NaN) gutters between them and
drawn with a single ``imshow`` on one Axes.  That keeps the plotting contract of the
rest of the package (one ``ax`` in, the same ``ax`` out) and gives every tile the same
pixel scale, so a reader can compare them directly.
"""

from __future__ import annotations

import math

import numpy as np

from mlwiki._checks import _check_positive_int, _check_real_array
from mlwiki.plots import _axes, _figure
from mlwiki.themes import current_theme

__all__ = ["tile_images", "plot_image_grid", "plot_kernels_and_maps"]


def _grid_shape(n_images: int, n_cols) -> tuple[int, int]:
    if n_cols is None:
        n_cols = math.ceil(math.sqrt(n_images))
    n_cols = _check_positive_int("n_cols", n_cols)
    n_cols = min(n_cols, n_images)
    return math.ceil(n_images / n_cols), n_cols


def tile_images(images, *, n_cols=None, gap=1):
    """Lay equally sized 2-D images out row by row in one array.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
        The images, in reading order (left to right, then top to bottom).
    n_cols : int, optional
        Tiles per row; about ``sqrt(n_images)`` when omitted.
    gap : int
        Blank pixels between neighbouring tiles (>= 0).

    Returns
    -------
    ndarray of float, shape (n_rows * (height + gap) - gap, n_cols * (width + gap) - gap)
        The mosaic; gutters and unused trailing cells are NaN, which ``imshow`` leaves
        transparent.
    """
    images = _check_real_array("images", images, ndim=3, dtype=float)
    n_images, height, width = images.shape
    if n_images == 0 or height == 0 or width == 0:
        raise ValueError(f"images must hold at least one non-empty image, got shape {images.shape}")
    gap = _check_positive_int("gap", gap, allow_zero=True)
    n_rows, n_cols = _grid_shape(n_images, n_cols)
    mosaic = np.full((n_rows * (height + gap) - gap, n_cols * (width + gap) - gap), np.nan)
    for index, image in enumerate(images):
        row, col = divmod(index, n_cols)
        top, left = row * (height + gap), col * (width + gap)
        mosaic[top:top + height, left:left + width] = image
    return mosaic


def plot_image_grid(images, *, n_cols=None, titles=None, symmetric=False, cmap=None,
                    colorbar=False, colorbar_label=None, ax=None):
    """Draw small images side by side on one Axes, optionally captioned.

    Parameters
    ----------
    images : array-like of shape (n_images, height, width)
        Pixel values; all tiles share one colour scale.
    n_cols : int, optional
        Tiles per row; about ``sqrt(n_images)`` when omitted.
    titles : sequence of str, optional
        One short caption per image, written in the gutter above it.
    symmetric : bool
        Centre the colour scale on zero (``-m .. m`` with ``m = max |pixel|``) and use the
        theme's diverging colormap -- right for learned kernels, where the sign matters.
    cmap : str, optional
        Colormap; by default the theme's ``ink_on_paper`` (dark ink on a light page, light
        ink on a dark one), or its ``diverging`` map when ``symmetric``.
    colorbar : bool
        Add a colour bar showing the shared scale.
    colorbar_label : str, optional
        Label of that colour bar.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure's when None.

    Returns
    -------
    matplotlib.axes.Axes
    """
    images = _check_real_array("images", images, ndim=3, dtype=float)
    n_images, height, width = images.shape
    if n_images == 0 or height == 0 or width == 0:
        raise ValueError(f"images must hold at least one non-empty image, got shape {images.shape}")
    if titles is not None:
        if isinstance(titles, str) or not hasattr(titles, "__iter__"):
            raise TypeError(f"titles must be a sequence of strings, got {titles!r}")
        titles = [str(t) for t in titles]
        if len(titles) != n_images:
            raise ValueError(f"titles must have one entry per image ({n_images}), got {len(titles)}")
    for name, flag in (("symmetric", symmetric), ("colorbar", colorbar)):
        if not isinstance(flag, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {flag!r}")
    if cmap is not None and not isinstance(cmap, str):
        raise TypeError(f"cmap must be a colormap name, got {cmap!r}")
    theme = current_theme()
    # Captions need a taller gutter than the one-pixel separator between bare tiles.
    gap = max(1, round(0.45 * height)) if titles is not None else 1
    mosaic = tile_images(images, n_cols=n_cols, gap=gap)
    _, n_cols = _grid_shape(n_images, n_cols)
    if titles is not None:
        # Extra blank band on top so the first row's captions have room too.
        mosaic = np.vstack([np.full((gap, mosaic.shape[1]), np.nan), mosaic])
    if symmetric:
        limit = float(np.max(np.abs(images))) or 1.0
        vmin, vmax = -limit, limit
        cmap = cmap or theme.diverging
    else:
        vmin, vmax = float(images.min()), float(images.max())
        cmap = cmap or theme.ink_on_paper
    ax = _axes(ax)
    image = ax.imshow(mosaic, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    if titles is not None:
        fontsize = 8 if n_cols <= 8 else 6
        for index, title in enumerate(titles):
            row, col = divmod(index, n_cols)
            top = gap + row * (height + gap)
            ax.text(col * (width + gap) + (width - 1) / 2, top - 0.9, title,
                    ha="center", va="bottom", fontsize=fontsize)
    ax.set_axis_off()
    if colorbar:
        ax.figure.colorbar(image, ax=ax, shrink=0.8, label=colorbar_label)
    return ax


def plot_kernels_and_maps(kernels, image, feature_maps, *, n_cols: int = 8,
                          titles=("kernels", "input", "feature maps"), fig=None):
    """Learned kernels above the feature maps they make from one image, each with a colour bar.

    Three panels: the kernels (one shared scale centred on zero), the input image, and
    the feature maps (another shared scale centred on zero), kernel ``i`` above map ``i``.

    Parameters
    ----------
    kernels : array-like of shape (n_kernels, k, k)
    image : array-like of shape (height, width)
        The input the maps were computed from.
    feature_maps : array-like of shape (n_kernels, height_out, width_out)
    n_cols : int
        Kernels (and maps) per row.
    titles : (str, str, str)
        Titles of the kernel, image and map panels.
    fig : matplotlib.figure.Figure, optional
        Figure to lay the panels out on (a new one when None).

    Returns
    -------
    dict[str, matplotlib.axes.Axes]
        Keys ``"kernels"``, ``"image"``, ``"maps"``.
    """
    kernels = _check_real_array("kernels", kernels, ndim=3, dtype=float)
    image = _check_real_array("image", image, ndim=2, dtype=float)
    feature_maps = _check_real_array("feature_maps", feature_maps, ndim=3, dtype=float)
    if kernels.shape[0] != feature_maps.shape[0]:
        raise ValueError(
            f"feature_maps must hold one map per kernel ({kernels.shape[0]}), got {feature_maps.shape[0]}"
        )
    n_cols = _check_positive_int("n_cols", n_cols)
    if isinstance(titles, str) or len(titles) != 3 or not all(isinstance(t, str) for t in titles):
        raise TypeError(f"titles must be three strings (kernels, image, maps), got {titles!r}")
    fig = _figure(fig)
    # Row heights in proportion to the two mosaics' height-to-width ratios, so that neither
    # panel gets empty space above and below its tiles.
    kernel_mosaic = tile_images(kernels, n_cols=n_cols)
    map_mosaic = tile_images(feature_maps, n_cols=n_cols)
    axes = fig.subplot_mosaic([["blank", "kernels"], ["image", "maps"]], width_ratios=[1, 5],
                              height_ratios=[kernel_mosaic.shape[0] / kernel_mosaic.shape[1],
                                             map_mosaic.shape[0] / map_mosaic.shape[1]])
    axes["blank"].set_axis_off()
    plot_image_grid(kernels, n_cols=n_cols, symmetric=True, colorbar=True, colorbar_label="weight",
                    ax=axes["kernels"])
    plot_image_grid(image[None], ax=axes["image"])
    plot_image_grid(feature_maps, n_cols=n_cols, symmetric=True, colorbar=True, colorbar_label="map value",
                    ax=axes["maps"])
    for name, title in zip(("kernels", "image", "maps"), titles):
        axes[name].set_title(title, fontsize=10)
    return {name: axes[name] for name in ("kernels", "image", "maps")}
