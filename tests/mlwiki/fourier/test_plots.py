"""Fourier figures draw in both themes and refuse bad input."""

import numpy as np
import pytest

from mlwiki.fourier import (mean_square_error, plot_coefficients_and_error, plot_gibbs, plot_partial_sums,
                            plot_time_frequency, sine_coefficient)
from mlwiki.themes import DARK, LIGHT, both_themes


def test_partial_sums_figure():
    drawn = both_themes(plot_partial_sums, [1, 5])
    lines = drawn.dark.axes[0].get_lines()
    assert lines[0].get_color() == DARK.foreground and lines[1].get_color() == DARK.colors["blue"]
    assert drawn.light.axes[0].get_lines()[0].get_color() == LIGHT.foreground
    with pytest.raises(ValueError, match="n_terms_list must hold 1 to 5"):
        plot_partial_sums([1, 2, 3, 4, 5, 6])
    with pytest.raises(ValueError, match="periods"):
        plot_partial_sums([1], periods=0)


def test_coefficients_and_error_figure():
    n = np.arange(1, 11)
    left, right = both_themes(plot_coefficients_and_error, n, sine_coefficient(n), n, mean_square_error(n)).result
    assert right.get_xscale() == "log" and right.get_yscale() == "log"
    with pytest.raises(ValueError, match="matching shapes"):
        plot_coefficients_and_error(n, sine_coefficient(n)[:-1], n, mean_square_error(n))


def test_gibbs_and_time_frequency_figures():
    left, right = both_themes(plot_gibbs, [5, 20], np.array([1, 10]), np.array([0.13, 0.09])).result
    assert right.get_xscale() == "log"
    with pytest.raises(ValueError, match="equal sizes"):
        plot_gibbs([5], np.array([1, 10]), np.array([0.1]))
    t = np.arange(-10, 10, 0.01)
    left, right = both_themes(plot_time_frequency, [0.5, 1.0], t).result
    assert len(left.get_lines()) == 2 and len(right.get_lines()) == 2
    with pytest.raises(ValueError, match="sigmas must be a sequence"):
        plot_time_frequency(0.5, t)
