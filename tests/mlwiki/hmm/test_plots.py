"""HMM figures draw in both themes and refuse mismatched input."""

import numpy as np
import pytest

from mlwiki.hmm import dishonest_casino, forward, forward_unscaled, plot_decoding, plot_underflow, posteriors, viterbi
from mlwiki.themes import DARK, both_themes


def _decoded(n=80):
    casino = dishonest_casino()
    z, x = casino.sample(n, np.random.default_rng(0))
    return x, z, forward(casino, x).filtered[:, 1], posteriors(casino, x)[:, 1], viterbi(casino, x)[0]


def test_decoding_figure_in_both_themes():
    drawn = both_themes(plot_decoding, *_decoded(), symbol_labels=list("123456"), highlight_symbol=5)
    assert set(drawn.figures) == {"light", "dark"}
    top, bottom = drawn.result
    assert bottom.get_ylim() == (-0.05, 1.05) and len(top.get_yticks()) == 6
    dark_lines = drawn.dark.axes[1].get_lines()
    assert dark_lines[0].get_color() == DARK.colors["blue"]


def test_decoding_rejects_mismatched_lengths():
    x, z, f, s, p = _decoded()
    with pytest.raises(ValueError, match="smoothed must have 80 entries"):
        plot_decoding(x, z, f, s[:-1], p)


def test_underflow_figure_marks_the_first_zero():
    casino = dishonest_casino()
    _, x = casino.sample(700, np.random.default_rng(1))
    raw = forward_unscaled(casino, x).sum(axis=1)
    scaled = np.cumsum(np.log(forward(casino, x).scales))
    ax = both_themes(plot_underflow, np.arange(1, 701), raw, scaled).result
    first_zero = int(np.argmax(raw == 0.0)) + 1
    assert any(f"T = {first_zero} on" in t.get_text() for t in ax.texts)
    with pytest.raises(ValueError, match="equal sizes"):
        plot_underflow(np.arange(3), raw[:3], scaled[:2])
