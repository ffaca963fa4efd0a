"""The fine-tuning figures draw in both themes."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.themes import both_themes
from mlwiki.transfer import AdaptationResults, plot_adaptation, plot_domains


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_domains_share_one_intensity_scale():
    clean = np.random.default_rng(0).random((3, 64))
    fig = both_themes(plot_domains, {"clean": clean, "faded": 0.3 + 0.5 * clean}).light
    limits = [ax.images[0].get_clim() for ax in fig.axes]
    assert limits[0] == limits[1] == (float(clean.min()), float(max(clean.max(), (0.3 + 0.5 * clean).max())))
    with pytest.raises(ValueError, match="must hold images of 64 pixels"):
        plot_domains({"x": np.zeros((2, 10))})
    with pytest.raises(ValueError, match="domains must be a non-empty dict"):
        plot_domains({})


def test_adaptation_panels_and_legend():
    acc = np.random.default_rng(1).random((2, 3, 2))
    result = AdaptationResults(("scratch", "adapter"), (1, 3, 10), acc, {"scratch": 10, "adapter": 2},
                               {"scratch": 10, "adapter": 12}, 0.2)
    fig = both_themes(plot_adaptation, {"a": result, "b": result}).light
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == ["not adapted", "scratch (10)", "adapter (2)"]
    with pytest.raises(ValueError, match="results must be a non-empty dict"):
        plot_adaptation({"a": acc})
