"""Tokenization plots: drawn in both themes, one box per token, bad input named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.text import BPETokenizer, plot_merge_curve, plot_token_boxes, train_bpe, zen_of_python
from mlwiki.themes import DARK, LIGHT, both_themes


def test_merge_curve_draws_the_training_record_and_references():
    zen = zen_of_python()
    tokenizer = train_bpe(zen, 1000)
    ax = plot_merge_curve(tokenizer, n_characters=len(zen), n_words=198)
    curve = ax.lines[0]
    np.testing.assert_array_equal(curve.get_ydata(), tokenizer.n_tokens)
    assert [line.get_ydata()[0] for line in ax.lines[1:]] == [len(zen), 198]
    plt.close(ax.figure)
    drawn = both_themes(plot_merge_curve, tokenizer, n_characters=len(zen), n_words=198)
    assert drawn.light.axes[0].lines[0].get_color() == LIGHT.colors["blue"]
    assert drawn.dark.axes[0].lines[0].get_color() == DARK.colors["blue"]


def test_token_boxes_one_box_per_token_and_visible_white_space():
    rows = {"a": ["The", " Zen", "\n"], "b": ["T", "h", "e"]}
    ax = plot_token_boxes(rows)
    assert len(ax.patches) == 6
    texts = [t.get_text() for t in ax.texts]
    assert "·" in texts and "↵" in texts and "a" in texts
    plt.close(ax.figure)
    drawn = both_themes(plot_token_boxes, rows)
    assert drawn.dark.axes[0].texts[0].get_color() == DARK.foreground


@pytest.mark.parametrize("call, error, match", [
    (lambda: plot_merge_curve("x", n_characters=5, n_words=2), TypeError, "tokenizer must be a BPETokenizer"),
    (lambda: plot_merge_curve(BPETokenizer(()), n_characters=5, n_words=2), ValueError, "no training record"),
    (lambda: plot_merge_curve(train_bpe("ab ab", 3), n_characters=0, n_words=2), ValueError, "n_characters must be > 0"),
    (lambda: plot_token_boxes({}), ValueError, "rows must be a non-empty dict"),
    (lambda: plot_token_boxes({"a": "abc"}), ValueError, r"rows\['a'\] must be a sequence"),
    (lambda: plot_token_boxes({"a": ["x", ""]}), ValueError, r"rows\['a'\] must be a sequence"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
    plt.close("all")
