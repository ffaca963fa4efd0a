"""The dependence figure draws one group of bars per network, in both themes."""

import numpy as np
import pytest

from mlwiki.bayesnet import canonical_structures, plot_dependence, summarise_dependence
from mlwiki.themes import both_themes


def test_dependence_figure():
    rng = np.random.default_rng(0)
    summaries = {k: summarise_dependence(n, "X", "Z", "Y", 2000, rng) for k, n in canonical_structures().items()}
    drawn = both_themes(plot_dependence, summaries)
    ax = drawn.result
    assert [t.get_text() for t in ax.get_xticklabels()] == ["chain", "fork", "collider"]
    assert len(ax.patches) == 9  # three bars per network
    assert set(drawn.figures) == {"light", "dark"}


def test_rejects_other_input():
    with pytest.raises(ValueError, match="summaries must be a non-empty dict"):
        plot_dependence({"chain": 0.3})
