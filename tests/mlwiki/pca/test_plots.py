"""PCA plots: drawn in both themes from the theme's colours, bad input named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.pca import fit_pca, plot_components, plot_curves_with_reference, plot_explained_variance, plot_image_rows
from mlwiki.themes import DARK, LIGHT, both_themes


@pytest.fixture(scope="module")
def pca():
    rng = np.random.default_rng(0)
    return fit_pca(rng.standard_normal((50, 16)) * np.linspace(3, 0.1, 16))


def test_explained_variance_bars_line_and_marks(pca):
    ax = plot_explained_variance(pca, fractions=(0.5, 0.9))
    assert len(ax.patches) == 16
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.cumsum(pca.explained_variance_ratio))
    assert [t.get_text() for t in ax.texts] == [f"50% at k = {pca.n_components_for(0.5)}",
                                                f"90% at k = {pca.n_components_for(0.9)}"]
    plt.close(ax.figure)
    drawn = both_themes(plot_explained_variance, pca)
    assert drawn.light.axes[0].lines[0].get_color() == LIGHT.colors["blue"]
    assert drawn.dark.axes[0].lines[0].get_color() == DARK.colors["blue"]


def test_components_and_image_rows_use_the_theme_colormaps(pca):
    drawn = both_themes(plot_components, pca, 4, image_shape=(4, 4))
    assert drawn.light.axes[0].images[0].get_cmap().name == LIGHT.diverging
    images = np.random.default_rng(1).random((3, 4, 4))
    drawn = both_themes(plot_image_rows, {"a": images, "b": images * 0.5})
    assert drawn.light.axes[0].images[0].get_cmap().name == LIGHT.ink_on_paper
    assert drawn.dark.axes[0].images[0].get_cmap().name == DARK.ink_on_paper
    assert [t.get_text() for t in drawn.light.axes[0].texts] == ["a", "b"]
    assert drawn.light.axes[0].images[0].get_array().shape == (3 * 4 + 2 * 2, 2 * 4 + 2)


def test_curves_with_reference():
    ax = plot_curves_with_reference({"a": [3, 2, 1], "b": [1, 1, 1]}, x=[1, 2, 3], reference=1.5,
                                    reference_label="ref", xlabel="k", ylabel="error", logy=True)
    assert len(ax.lines) == 3 and ax.lines[2].get_ydata()[0] == 1.5 and ax.get_yscale() == "log"
    plt.close(ax.figure)


@pytest.mark.parametrize("call, error, match", [
    (lambda p: plot_explained_variance("pca"), TypeError, "pca must be a PCA"),
    (lambda p: plot_explained_variance(p, fractions=(2.0,)), ValueError, "fraction must be"),
    (lambda p: plot_components("pca", 3), TypeError, "pca must be a PCA"),
    (lambda p: plot_components(p, 20, image_shape=(4, 4)), ValueError, "k must be at most"),
    (lambda p: plot_components(p, 2, image_shape=(4, 5)), ValueError, "must multiply to n_features = 16"),
    (lambda p: plot_components(p, 2, image_shape=16), ValueError, r"image_shape must be a pair"),
    (lambda p: plot_explained_variance(p, fractions=0.9), ValueError, "fractions must be a sequence"),
    (lambda p: plot_image_rows({}), ValueError, "rows must be a non-empty dict"),
    (lambda p: plot_image_rows({"a": np.ones((2, 4, 4)), "b": np.ones((3, 4, 4))}), ValueError, "same shape"),
    (lambda p: plot_curves_with_reference({}, x=[1], reference=1, reference_label="r", xlabel="", ylabel=""),
     ValueError, "curves must be a non-empty dict"),
    (lambda p: plot_curves_with_reference({"a": [1, 2]}, x=[1], reference=1, reference_label="r", xlabel="", ylabel=""),
     ValueError, r"curves\['a'\] must have one value per x"),
])
def test_bad_input_is_named(pca, call, error, match):
    with pytest.raises(error, match=match):
        call(pca)
    plt.close("all")
