"""Pictures of LIF simulations: the membrane trace with its spikes, and rate against current.

Colours come from the theme being drawn (:mod:`mlwiki.themes`), so each plot works on the
light and the dark page.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.lif.model import LIFResult, _check_params
from mlwiki.lif.theory import firing_rate, rheobase
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = ["plot_membrane", "plot_rate_vs_current", "plot_step_response"]


def _spiking_trace(result, params, peak):
    """Trace with each spike drawn as a jump from threshold to ``peak`` and back to reset.

    The model's V touches ``v_th`` at the spike time and restarts at ``v_reset``; the
    stored samples only show the drop.  Inserting (t_s, v_th), (t_s, peak), (t_s,
    v_reset) at each spike makes every spike visible at its exact time.
    """
    t, v = result.time, result.voltage
    insert_at = np.searchsorted(t, result.spike_times, side="right")
    spikes = result.spike_times
    t_out = np.insert(t, np.repeat(insert_at, 3), np.repeat(spikes, 3))
    extra = np.tile([params.v_th, peak, params.v_reset], spikes.size)
    v_out = np.insert(v, np.repeat(insert_at, 3), extra)
    return t_out, v_out


def plot_membrane(result, params, *, peak=20.0, ax=None):
    """Plot membrane potential over time with the threshold and every spike.

    Parameters
    ----------
    result : LIFResult
    params : LIFParams
        The parameters ``result`` was simulated with (for threshold and reset).
    peak : float
        Height (mV) to which each spike is drawn; purely visual, the LIF model has no
        spike shape.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    _check_result(result)
    params = _check_params(params)
    peak = _check_peak(peak, params)
    ax = _axes(ax)
    theme = current_theme()
    t, v = _spiking_trace(result, params, peak)
    ax.plot(t, v, color=theme.colors["blue"], linewidth=1.2, label="membrane potential $V$")
    ax.axhline(params.v_th, color=theme.foreground, linestyle="--", linewidth=1,
               label=f"threshold $V_{{th}}$ = {params.v_th:g} mV")
    ax.plot(result.spike_times, np.full(result.spike_times.size, peak), "v", color=theme.colors["red"],
            markersize=5, label=f"spikes ({result.spike_times.size})")
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("membrane potential (mV)")
    ax.set_xlim(result.time[0], result.time[-1])
    ax.grid(True)
    ax.legend(loc="upper left", fontsize="small", framealpha=0.9)
    return ax


def plot_rate_vs_current(params, currents, simulated_rates, *, ax=None):
    """Plot simulated firing rates (points) over the closed-form curve, rheobase marked.

    Parameters
    ----------
    params : LIFParams
    currents : array-like of shape (n_currents,)
        Constant currents that were simulated, nA.
    simulated_rates : array-like of shape (n_currents,)
        Rates measured from the simulations, Hz.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    params = _check_params(params)
    currents = _check_finite_array("currents", currents, ndim=1, dtype=float)
    if currents.size == 0:
        raise ValueError("currents must contain at least one current")
    simulated_rates = _check_finite_array("simulated_rates", simulated_rates, ndim=1, dtype=float)
    if np.any(simulated_rates < 0):
        raise ValueError("simulated_rates must be >= 0 (firing rates in Hz)")
    if simulated_rates.shape != currents.shape:
        raise ValueError(
            f"simulated_rates must have shape {currents.shape} like currents, "
            f"got {simulated_rates.shape}"
        )
    ax = _axes(ax)
    theme = current_theme()
    i_min = rheobase(params)
    fine = np.linspace(currents.min(), currents.max(), 800)
    fine = np.union1d(fine, [i_min]) if currents.min() <= i_min <= currents.max() else fine
    ax.plot(fine, firing_rate(params, fine), color=theme.colors["blue"], label="closed form")
    ax.plot(currents, simulated_rates, "o", color=theme.colors["orange"], markersize=5,
            markerfacecolor="none", label="simulation")
    ax.axvline(i_min, color=theme.muted, linestyle=":",
               label=f"rheobase $I_{{min}}$ = {i_min:g} nA")
    ax.set_xlabel("input current $I$ (nA)")
    ax.set_ylabel("firing rate (Hz)")
    ax.grid(True)
    ax.legend(loc="upper left")
    return ax


def plot_step_response(result, params, *, peak=20.0, fig=None):
    """Two stacked panels: the membrane trace with its spikes, and the input current below.

    Parameters
    ----------
    result : LIFResult
        A simulation; its ``current`` (nA per step) is drawn in the lower panel.
    params : LIFParams
        The parameters ``result`` was simulated with; the rheobase is marked on the current.
    peak : float
        Height (mV) of each drawn spike, as in :func:`plot_membrane`.
    fig : matplotlib.figure.Figure, optional
        Figure to draw on (a new one when omitted).

    Returns
    -------
    tuple of matplotlib.axes.Axes
        ``(voltage_axes, current_axes)``.
    """
    _check_result(result)
    params = _check_params(params)
    peak = _check_peak(peak, params)
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(8, 5), layout="constrained")
    theme = current_theme()
    ax_v, ax_i = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    plot_membrane(result, params, peak=peak, ax=ax_v)
    ax_v.set_xlabel("")
    ax_i.step(result.time[:-1], result.current, where="post", color=theme.colors["green"], label="input current")
    ax_i.axhline(rheobase(params), color=theme.muted, linestyle=":", label="rheobase")
    ax_i.legend(loc="upper left", fontsize="small")
    ax_i.set_ylabel("current (nA)")
    ax_i.set_xlabel("time (ms)")
    ax_i.grid(True)
    return ax_v, ax_i


def _check_peak(peak, params):
    peak = float(_check_finite_array("peak", peak, ndim=0, dtype=float))
    if peak <= params.v_th:
        raise ValueError(f"peak must be above the threshold v_th = {params.v_th} mV to show the spikes, got {peak} mV")
    return peak


def _check_result(result):
    if not isinstance(result, LIFResult):
        raise TypeError(f"result must be an LIFResult from simulate(), got {type(result).__name__}")
    return result
