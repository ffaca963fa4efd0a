"""Attention-chapter figures: drawn in both themes, data as given, bad input named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki import nn
from mlwiki.themes import DARK, LIGHT, both_themes
from mlwiki.transformer import (
    dot_product_variance,
    plot_attention,
    plot_attention_heads,
    plot_positional_encoding,
    plot_scaling,
    plot_transformer_blocks,
    softmax_saturation,
)


def test_attention_heat_map_blanks_masked_cells_and_annotates_the_rest():
    weights = nn.softmax(np.where(nn.causal_mask(4), np.arange(16.0).reshape(4, 4), -np.inf))
    ax = plot_attention(weights, list("abcd"), list("abcd"), mask=nn.causal_mask(4))
    image = ax.images[0].get_array()
    assert image.mask.sum() == 6
    np.testing.assert_allclose(image.data, weights)
    assert len(ax.texts) == 10
    assert [t.get_text() for t in ax.get_yticklabels()] == list("abcd")
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="query_labels must have 4 entries"):
        plot_attention(weights, list("abc"))
    with pytest.raises(ValueError, match=r"mask must be a boolean array of shape \(4, 4\)"):
        plot_attention(weights, mask=np.ones((4, 4)))
    with pytest.raises(ValueError, match="weights"):
        plot_attention(np.zeros(4))


def test_heads_and_themes():
    weights = np.random.default_rng(0).dirichlet(np.ones(5), size=(2, 5))
    themed = both_themes(plot_attention_heads, weights, list("vwxyz"), list("vwxyz"), highlight=[(4, 0), (3, 1)])
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        fig = themed.figures[name]
        assert matplotlib.colors.to_hex(fig.get_facecolor()) == theme.background
        heads = [ax for ax in fig.axes if ax.get_title().startswith("head")]
        assert [ax.get_title() for ax in heads] == ["head 1", "head 2"]
        np.testing.assert_allclose(heads[1].images[0].get_array().data, weights[1])
        outlines = [p for p in heads[0].patches if p.get_edgecolor()[:3] == matplotlib.colors.to_rgb(theme.colors["red"])]
        assert sorted(p.get_xy() for p in outlines) == [(pytest.approx(-0.42), pytest.approx(3.58)), (pytest.approx(0.58), pytest.approx(2.58))]
    with pytest.raises(ValueError, match="highlight cells must lie inside the 5 x 5 weights"):
        plot_attention(weights[0], highlight=[(5, 0)])
    with pytest.raises(ValueError, match="weights"):
        plot_attention_heads(np.zeros((3, 3)))


def test_scaling_positional_and_block_figures():
    d_ks = np.array([1, 8, 64])
    rng = np.random.default_rng(1)
    unscaled, scaled = dot_product_variance(d_ks, n_samples=100, rng=rng)
    saturation = softmax_saturation(d_ks, n_keys=4, n_samples=50, rng=rng)
    axes = both_themes(plot_scaling, d_ks, unscaled, scaled, saturation, n_keys=4).result
    assert len(axes) == 3
    np.testing.assert_allclose(axes[0].lines[1].get_ydata(), unscaled)
    np.testing.assert_allclose(axes[1].lines[0].get_ydata(), 0.25)
    with pytest.raises(ValueError, match=r"variance_scaled must have one value per d_k \(3\), got 2"):
        plot_scaling(d_ks, unscaled, scaled[:2], saturation, n_keys=4)
    with pytest.raises(ValueError, match="saturation is missing 'gradient_scaled'"):
        plot_scaling(d_ks, unscaled, scaled, {k: v for k, v in saturation.items() if k != "gradient_scaled"}, n_keys=4)
    with pytest.raises(ValueError, match="n_keys"):
        plot_scaling(d_ks, unscaled, scaled, saturation, n_keys=0)
    plt.close("all")
    table = nn.sinusoidal_positional_encoding(10, 6)
    ax = both_themes(plot_positional_encoding, table).result
    np.testing.assert_allclose(ax.images[0].get_array(), table)
    with pytest.raises(ValueError, match="table"):
        plot_positional_encoding(np.zeros(3))
    themed = both_themes(plot_transformer_blocks)
    texts = [t.get_text() for t in themed.result.texts]
    assert sum("Add & LayerNorm" in t for t in texts) == 5  # 2 encoder + 3 decoder sub-layers
    assert any("Cross-attention" in t for t in texts)
    assert sum(t == "LayerNorm" for t in texts) == 2
    plt.close("all")
