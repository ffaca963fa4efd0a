"""Pictures of PCA: variance per component, components as images, reconstructions, error curves.

Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`); greyscale
images use its ``ink_on_paper`` colormap and signed ones its ``diverging`` colormap.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int
from mlwiki.images import plot_image_grid, tile_images
from mlwiki.pca.decomposition import PCA
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = ["plot_explained_variance", "plot_components", "plot_image_rows", "plot_curves_with_reference"]


def plot_explained_variance(pca, *, fractions=(0.9, 0.95), ax=None):
    """Share of variance per component (bars) and kept by the first k (line), with thresholds.

    Parameters
    ----------
    pca : PCA
    fractions : sequence of float
        Each in (0, 1]; drawn as a dotted level with the ``k`` that first reaches it.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(pca, PCA):
        raise TypeError(f"pca must be a PCA (from fit_pca), got {type(pca).__name__}")
    if isinstance(fractions, (str, bytes)) or not hasattr(fractions, "__iter__"):
        raise ValueError(f"fractions must be a sequence of numbers in (0, 1], got {fractions!r}")
    fractions = list(fractions)
    ks = [pca.n_components_for(f) for f in fractions]  # validates each fraction
    ax = _axes(ax)
    theme = current_theme()
    k = np.arange(1, pca.n_features + 1)
    ratio = pca.explained_variance_ratio
    ax.bar(k, ratio, color=theme.colors["orange"], width=0.8, label="share of one component")
    ax.plot(k, np.cumsum(ratio), color=theme.colors["blue"], linewidth=2, label="kept by the first k")
    # Labels at the right end, where the curve has levelled off above them: the highest
    # fraction's label above its line, the others below theirs, so neighbours do not collide.
    top = max(fractions)
    for fraction, k_needed in zip(fractions, ks):
        ax.axhline(fraction, color=theme.muted, linestyle=":", linewidth=1)
        ax.plot([k_needed], [np.cumsum(ratio)[k_needed - 1]], "o", color=theme.colors["blue"])
        ax.annotate(f"{float(fraction):.0%} at k = {k_needed}", (pca.n_features, fraction),
                    xytext=(0, 2 if fraction == top else -2), textcoords="offset points",
                    ha="right", va="bottom" if fraction == top else "top", color=theme.foreground, fontsize=9)
    ax.set_xlabel("number of components k")
    ax.set_ylabel("share of the total variance")
    ax.set_xlim(0, pca.n_features + 1)
    ax.set_ylim(0, 1.05)
    ax.grid(True, alpha=0.4)
    ax.legend(loc="center right")
    return ax


def plot_components(pca, n: int, *, image_shape=(8, 8), ax=None):
    """The first ``n`` principal components drawn as images on one signed colour scale.

    Parameters
    ----------
    pca : PCA
    n : int
        How many components (1 .. n_features).
    image_shape : (int, int)
        Height and width whose product is ``n_features``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(pca, PCA):
        raise TypeError(f"pca must be a PCA (from fit_pca), got {type(pca).__name__}")
    n = pca._check_k(n)
    if not isinstance(image_shape, (tuple, list)) or len(image_shape) != 2:
        raise ValueError(f"image_shape must be a pair (height, width), got {image_shape!r}")
    height, width = (_check_positive_int("image_shape", v) for v in image_shape)
    if height * width != pca.n_features:
        raise ValueError(f"image_shape {tuple(image_shape)} must multiply to n_features = {pca.n_features}")
    images = pca.components[:n].reshape(n, height, width)
    titles = [f"PC {i + 1}" for i in range(n)]
    return plot_image_grid(images, n_cols=n, titles=titles, symmetric=True, cmap=current_theme().diverging,
                           colorbar=True, ax=ax)


def plot_image_rows(rows, *, ax=None):
    """Several versions of the same images side by side: one column per version.

    Parameters
    ----------
    rows : dict[str, array-like of shape (n_images, height, width)]
        Column title -> the images of that version, all of one shape; every entry must have
        the same number of images.  Each row of the figure is one image across the versions.
        Values are drawn on the scale 0 (paper) to 1 (ink); values outside are clipped.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(rows, dict) or not rows:
        raise ValueError("rows must be a non-empty dict of column title -> images")
    versions = [_check_finite_array(f"rows[{title!r}]", images, ndim=3, dtype=float) for title, images in rows.items()]
    if len({v.shape for v in versions}) != 1:
        raise ValueError(f"every entry of rows must have the same shape, got {[v.shape for v in versions]}")
    _, height, width = versions[0].shape
    grid = np.stack(versions, axis=1).reshape(-1, height, width)  # image-major: one figure row per image
    gap = 2
    mosaic = tile_images(np.clip(grid, 0.0, 1.0), n_cols=len(rows), gap=gap)
    ax = _axes(ax)
    theme = current_theme()
    ax.imshow(mosaic, cmap=theme.ink_on_paper, vmin=0.0, vmax=1.0, interpolation="nearest")
    for column, title in enumerate(rows):
        ax.text(column * (width + gap) + (width - 1) / 2, -1.0, title, ha="center", va="bottom",
                fontsize=9, color=theme.foreground)
    ax.set_ylim(mosaic.shape[0] - 0.5, -0.5 - 0.3 * height)  # room above the first row for the titles
    ax.set_axis_off()
    return ax


def plot_curves_with_reference(curves, *, x, reference, reference_label, xlabel, ylabel, logy=False, ax=None):
    """Named curves against shared x values, with one dashed horizontal reference line.

    Parameters
    ----------
    curves : dict[str, array-like of shape (n_points,)]
    x : array-like of shape (n_points,)
    reference : float
        Height of the reference line (e.g. PCA's error, or the error of doing nothing).
    reference_label : str
    xlabel, ylabel : str
    logy : bool
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(curves, dict) or not curves:
        raise ValueError("curves must be a non-empty dict of label -> values")
    x = _check_finite_array("x", x, ndim=1, dtype=float)
    reference = float(_check_finite_array("reference", reference, ndim=0))
    ax = _axes(ax)
    theme = current_theme()
    colours = [theme.colors[c] for c in ("blue", "orange", "green", "red", "purple")]
    for i, (label, values) in enumerate(curves.items()):
        values = _check_finite_array(f"curves[{label!r}]", values, ndim=1, dtype=float)
        if values.shape != x.shape:
            raise ValueError(f"curves[{label!r}] must have one value per x ({x.size}), got {values.size}")
        ax.plot(x, values, color=colours[i % len(colours)], linewidth=2, label=label)
    ax.axhline(reference, color=theme.foreground, linestyle="--", linewidth=1.2, label=reference_label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    ax.grid(True, alpha=0.4)
    ax.legend()
    return ax
