"""Principal component analysis, in three small pieces.

* :mod:`mlwiki.pca.decomposition` -- PCA from the covariance matrix: fit, project, reconstruct;
* :mod:`mlwiki.pca.resize` -- downsizing images by block averages (a fixed projection, for contrast);
* :mod:`mlwiki.pca.plots` -- explained variance, components as images, reconstructions, error curves.
"""

from mlwiki.pca.decomposition import PCA, fit_pca
from mlwiki.pca.plots import plot_components, plot_curves_with_reference, plot_explained_variance, plot_image_rows
from mlwiki.pca.resize import downsize, upsize

__all__ = [
    "PCA", "fit_pca",
    "downsize", "upsize",
    "plot_explained_variance", "plot_components", "plot_image_rows", "plot_curves_with_reference",
]
