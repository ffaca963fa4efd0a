"""Pictures of Fourier series and transforms: partial sums, coefficients, error, Gibbs, widths.

Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import NullLocator

from mlwiki._checks import _check_finite_array, _check_positive_int
from mlwiki.fourier.gibbs import gibbs_limit
from mlwiki.fourier.series import mean_square_error, partial_sum, sine_coefficient, square_wave
from mlwiki.fourier.uncertainty import gaussian_pulse, spectrum
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = ["plot_partial_sums", "plot_coefficients_and_error", "plot_gibbs", "plot_time_frequency"]

_ORDER = ("blue", "orange", "green", "purple", "red")


def _check_terms(name, values) -> list[int]:
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ValueError(f"{name} must be a sequence of whole numbers >= 1, got {values!r}")
    values = [_check_positive_int(name, v) for v in values]
    if not 1 <= len(values) <= len(_ORDER):
        raise ValueError(f"{name} must hold 1 to {len(_ORDER)} entries, got {len(values)}")
    return values


def plot_partial_sums(n_terms_list, *, periods: float = 1.0, ax=None):
    """The square wave (thin, theme ink) and its partial sums with the given numbers of terms.

    Parameters
    ----------
    n_terms_list : sequence of int
        One to five values of N.
    periods : float
        How many periods to draw, centred on 0.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    n_terms_list = _check_terms("n_terms_list", n_terms_list)
    if isinstance(periods, bool) or not isinstance(periods, (int, float)) or not 0 < periods <= 4:
        raise ValueError(f"periods must be a number in (0, 4], got {periods!r}")
    ax = _axes(ax)
    theme = current_theme()
    x = np.linspace(-np.pi * periods, np.pi * periods, 2001)
    ax.plot(x, square_wave(x), color=theme.foreground, linewidth=1, label="square wave")
    for n_terms, colour in zip(n_terms_list, _ORDER):
        ax.plot(x, partial_sum(x, n_terms), color=theme.colors[colour], linewidth=1.6,
                label=f"N = {n_terms} term{'s' if n_terms > 1 else ''}")
    ax.set_xticks(np.pi * np.arange(-periods, periods + 0.01, 0.5),
                  [_pi_label(k) for k in np.arange(-periods, periods + 0.01, 0.5)])
    ax.set_xlabel("x (radians)")
    ax.set_ylabel("value")
    ax.set_ylim(-1.45, 1.45)
    ax.grid(True, alpha=0.4)
    # Below the axes: inside, it would cover the one-term sine's troughs.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=9, ncol=len(n_terms_list) + 1,
              frameon=False)
    return ax


def _pi_label(k: float) -> str:
    if k == 0:
        return "0"
    if float(k).is_integer():
        return {1: "π", -1: "−π"}.get(int(k), f"{int(k)}π".replace("-", "−"))
    return f"{k:g}π".replace("-", "−")


def plot_coefficients_and_error(harmonics, measured_b, n_terms, measured_mse, *, fig=None):
    """Left: measured ``b_n`` against ``4 / (pi n)``.  Right: mean-square error against N, log-log.

    Parameters
    ----------
    harmonics : array-like of shape (k,), int
        n >= 1.
    measured_b : array-like of shape (k,)
        Numerically recovered sine coefficients.
    n_terms : array-like of shape (m,), int
        N values.
    measured_mse : array-like of shape (m,)
        Numerically measured mean-square errors.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
    """
    harmonics = np.asarray(harmonics)
    measured_b = _check_finite_array("measured_b", measured_b, ndim=1)
    n_terms = np.asarray(n_terms)
    measured_mse = _check_finite_array("measured_mse", measured_mse, ndim=1)
    closed_b = sine_coefficient(harmonics)  # validates harmonics
    closed_mse = mean_square_error(n_terms)  # validates n_terms
    if harmonics.shape != measured_b.shape or n_terms.shape != measured_mse.shape:
        raise ValueError("harmonics/measured_b and n_terms/measured_mse must have matching shapes")
    if fig is None:
        fig = plt.figure(layout="constrained")
    theme = current_theme()
    left, right = fig.subplots(1, 2)
    fine = np.linspace(1, harmonics.max(), 400)
    left.plot(fine, 4 / (np.pi * fine), color=theme.muted, linestyle=":", linewidth=1.2, label="4 / (π n)")
    left.vlines(harmonics, 0, closed_b, color=theme.colors["blue"], linewidth=1.5, label="closed form")
    left.plot(harmonics, measured_b, "o", color=theme.colors["orange"], markersize=5, fillstyle="none",
              markeredgewidth=1.5, label="from samples")
    left.set_xlabel("harmonic n")
    left.set_ylabel("sine coefficient b_n")
    left.grid(True, alpha=0.4)
    left.legend(fontsize=9)
    right.loglog(n_terms, closed_mse, color=theme.colors["blue"], linewidth=2, label="Parseval, closed form")
    right.loglog(n_terms, measured_mse, "o", color=theme.colors["orange"], markersize=5, fillstyle="none",
                 markeredgewidth=1.5, label="measured on samples")
    right.loglog(n_terms, 2 / (np.pi ** 2 * n_terms), color=theme.muted, linestyle=":", label="2 / (π² N)")
    for axis in (right.xaxis, right.yaxis):
        axis.set_minor_locator(NullLocator())  # decades suffice, and unlabelled minor ticks cost layout time
    right.set_xlabel("number of terms N")
    right.set_ylabel("mean-square error")
    right.grid(True, alpha=0.3)
    right.legend(fontsize=9)
    return left, right


def plot_gibbs(zoom_terms, n_terms, overshoots, *, fig=None):
    """Left: partial sums just right of the jump.  Right: measured overshoot against N, with its limit.

    Parameters
    ----------
    zoom_terms : sequence of int
        One to five values of N for the zoomed panel.
    n_terms : array-like of shape (m,), int
    overshoots : array-like of shape (m,)
        Overshoot as a fraction of the jump, for each N.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
    """
    zoom_terms = _check_terms("zoom_terms", zoom_terms)
    n_terms = _check_finite_array("n_terms", n_terms, ndim=1)
    overshoots = _check_finite_array("overshoots", overshoots, ndim=1)
    if n_terms.shape != overshoots.shape:
        raise ValueError(f"n_terms and overshoots must have equal sizes, got {n_terms.size} and {overshoots.size}")
    if fig is None:
        fig = plt.figure(layout="constrained")
    theme = current_theme()
    left, right = fig.subplots(1, 2)
    limit = gibbs_limit()
    x = np.linspace(0.0, 0.8, 1601)
    left.axhline(1.0, color=theme.foreground, linewidth=1, label="square wave")
    left.axhline(1.0 + 2 * limit, color=theme.muted, linestyle=":", linewidth=1.2,
                 label=f"limit of the peak, {1 + 2 * limit:.4f}")
    for n, colour in zip(zoom_terms, _ORDER):
        left.plot(x, partial_sum(x, n), color=theme.colors[colour], linewidth=1.4, label=f"N = {n}")
    left.set_xlim(0, 0.8)
    left.set_ylim(0.75, 1.25)
    left.set_xlabel("x (radians), right of the jump at 0")
    left.set_ylabel("partial sum")
    left.grid(True, alpha=0.4)
    left.legend(fontsize=8, loc="lower right")
    right.semilogx(n_terms, 100 * overshoots, "o-", color=theme.colors["orange"], markersize=4,
                   label="measured peak")
    right.axhline(100 * limit, color=theme.colors["blue"], linestyle="--", linewidth=1.5,
                  label=f"Si(π)/π − 1/2 = {100 * limit:.2f} %")
    right.xaxis.set_minor_locator(NullLocator())
    right.set_xlabel("number of terms N")
    right.set_ylabel("overshoot, % of the jump")
    right.set_ylim(0, 15)
    right.grid(True, alpha=0.3)
    right.legend(fontsize=9, loc="lower right")
    return left, right


def plot_time_frequency(sigmas, t, *, fig=None):
    """Left: Gaussian pulses of the given widths.  Right: the magnitudes of their spectra.

    Parameters
    ----------
    sigmas : sequence of float
        One to five pulse widths (unit of ``t``).
    t : array-like of shape (n,)
        Equally spaced times, wide enough for every pulse to decay.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
    """
    if isinstance(sigmas, (str, bytes)) or not hasattr(sigmas, "__iter__") or not 1 <= len(list(sigmas)) <= 5:
        raise ValueError(f"sigmas must be a sequence of 1 to 5 widths, got {sigmas!r}")
    sigmas = list(sigmas)
    t = _check_finite_array("t", t, ndim=1)
    if fig is None:
        fig = plt.figure(layout="constrained")
    theme = current_theme()
    left, right = fig.subplots(1, 2)
    t_max, f_max = 4 * max(sigmas), 2 / (np.pi * min(sigmas))
    shown_t = np.abs(t) <= t_max  # draw only what is in view: the grids are long
    for sigma, colour in zip(sigmas, _ORDER):
        pulse = gaussian_pulse(t, sigma)
        frequencies, magnitude = spectrum(pulse, t)
        shown_f = np.abs(frequencies) <= f_max
        label = f"σ = {sigma:g}"
        left.plot(t[shown_t], pulse[shown_t], color=theme.colors[colour], linewidth=1.6, label=label)
        right.plot(frequencies[shown_f], magnitude[shown_f] / magnitude.max(), color=theme.colors[colour],
                   linewidth=1.6, label=label)
    left.set_xlim(-t_max, t_max)
    right.set_xlim(-f_max, f_max)
    left.set_xlabel("time t (s)")
    left.set_ylabel("pulse g(t)")
    right.set_xlabel("frequency f (Hz)")
    right.set_ylabel("|G(f)|, scaled to peak 1")
    for ax in (left, right):
        ax.grid(True, alpha=0.4)
        ax.legend(fontsize=9)
    return left, right
