"""Fourier series and transforms, in small readable pieces.

* :mod:`mlwiki.fourier.series` -- the square wave, its coefficients, partial sums, and the
  mean-square error by Parseval's identity;
* :mod:`mlwiki.fourier.coefficients` -- coefficients of any periodic function from samples;
* :mod:`mlwiki.fourier.gibbs` -- the overshoot next to a jump and its limit;
* :mod:`mlwiki.fourier.uncertainty` -- widths of a pulse in time and in frequency;
* :mod:`mlwiki.fourier.plots` -- the figures.
"""

from mlwiki.fourier.coefficients import fourier_coefficients, mean_over_period, sample_grid
from mlwiki.fourier.gibbs import gibbs_limit, gibbs_peak, overshoot_fraction, sine_integral
from mlwiki.fourier.plots import plot_coefficients_and_error, plot_gibbs, plot_partial_sums, plot_time_frequency
from mlwiki.fourier.series import mean_square_error, partial_sum, partial_sums, sine_coefficient, square_wave
from mlwiki.fourier.uncertainty import TimeBandwidth, gaussian_pulse, rms_width, spectrum, time_bandwidth

__all__ = [
    "square_wave", "sine_coefficient", "partial_sum", "partial_sums", "mean_square_error",
    "sample_grid", "fourier_coefficients", "mean_over_period",
    "gibbs_peak", "overshoot_fraction", "sine_integral", "gibbs_limit",
    "gaussian_pulse", "spectrum", "rms_width", "TimeBandwidth", "time_bandwidth",
    "plot_partial_sums", "plot_coefficients_and_error", "plot_gibbs", "plot_time_frequency",
]
