"""LIF plots: every spike marked, both themes drawn, bad input named."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.lif import LIFParams, plot_membrane, plot_rate_vs_current, plot_step_response, simulate, simulate_batch
from mlwiki.themes import DARK, LIGHT, both_themes


@pytest.fixture
def params():
    return LIFParams(tau_m=10.0, r_m=10.0, e_l=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=2.0)


def test_plots_return_axes_and_mark_every_spike(params):
    result = simulate(params, 2.5, duration=100.0)
    ax = plot_membrane(result, params)
    markers = [line for line in ax.lines if line.get_marker() == "v"]
    assert len(markers) == 1
    np.testing.assert_allclose(markers[0].get_xdata(), result.spike_times)
    trace = ax.lines[0]
    assert np.max(trace.get_ydata()) == pytest.approx(20.0)
    plt.close(ax.figure)

    currents = np.linspace(0, 4, 9)
    rates = [r.mean_rate for r in simulate_batch(params, currents, duration=500.0)]
    fig, ax2 = plt.subplots()
    assert plot_rate_vs_current(params, currents, rates, ax=ax2) is ax2
    with pytest.raises(ValueError, match="simulated_rates"):
        plot_rate_vs_current(params, currents, rates[:-1], ax=ax2)
    plt.close(fig)


def test_step_response_draws_voltage_and_current_panels_in_both_themes(params):
    current = np.where(np.arange(1000) < 500, 1.0, 2.5)
    result = simulate(params, current, duration=100.0)
    themed = both_themes(plot_step_response, result, params)
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        fig = themed.figures[name]
        ax_v, ax_i = fig.axes
        assert matplotlib.colors.to_hex(fig.get_facecolor()) == theme.background
        assert matplotlib.colors.to_hex(ax_v.lines[0].get_color()) == theme.colors["blue"].lower()
        np.testing.assert_allclose(ax_i.lines[0].get_ydata(), current)
    with pytest.raises(TypeError, match="result must be an LIFResult"):
        plot_step_response("trace", params)


def test_plots_reject_bad_input(params):
    result = simulate(params, 2.5, duration=50.0)
    with pytest.raises(ValueError, match="peak must be above the threshold"):
        plot_membrane(result, params, peak=-60.0)
    with pytest.raises(ValueError, match="peak contains non-finite"):
        plot_step_response(result, params, peak=np.nan)
    with pytest.raises(TypeError, match="params must be an LIFParams"):
        plot_membrane(result, "params")
    with pytest.raises(TypeError, match="result must be an LIFResult"):
        plot_membrane(result.voltage, params)
    with pytest.raises(ValueError, match="currents must contain at least one"):
        plot_rate_vs_current(params, [], [])
    with pytest.raises(ValueError, match="simulated_rates must be >= 0"):
        plot_rate_vs_current(params, [1.0, 2.0], [0.0, -1.0])
    with pytest.raises(ValueError, match="currents contains non-finite"):
        plot_rate_vs_current(params, [1.0, np.nan], [0.0, 1.0])
    with pytest.raises(TypeError, match="params must be an LIFParams"):
        plot_rate_vs_current(None, [1.0], [0.0])
