"""Shared pieces of the single-neuron tests: the tutorial's eight points, no figure left open."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from mlwiki.neuron import tutorial_points


@pytest.fixture
def data():
    return tutorial_points()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
