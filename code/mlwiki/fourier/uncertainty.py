"""Time and frequency widths of a pulse: squeezing one spreads the other.

The Fourier transform ``G(f) = int g(t) exp(-2 pi i f t) dt`` (``f`` in cycles per unit of
``t``) of a Gaussian pulse ``exp(-t**2 / (2 sigma**2))`` is again a Gaussian, with standard
deviation ``1 / (2 pi sigma)`` in ``f``.  Measured as the standard deviations of the energy
densities ``|g(t)|**2`` and ``|G(f)|**2``, the widths multiply to ``1 / (4 pi)`` whatever
``sigma`` is -- the smallest product any pulse can reach (the Gabor limit).  Here ``G`` is
approximated on a grid by the FFT, ``G(f_k) ~ dt * sum_j g(t_j) exp(-2 pi i f_k t_j)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive

__all__ = ["gaussian_pulse", "spectrum", "rms_width", "TimeBandwidth", "time_bandwidth"]


def gaussian_pulse(t, sigma: float) -> np.ndarray:
    """``exp(-t**2 / (2 sigma**2))``: a pulse of width ``sigma`` centred at 0.

    Parameters
    ----------
    t : array-like
        Times.
    sigma : float
        Width, same unit as ``t`` (> 0).
    """
    t = _check_finite_array("t", t, dtype=float)
    sigma = _check_positive("sigma", sigma)
    return np.exp(-0.5 * (t / sigma) ** 2)


def _check_grid(t) -> tuple[np.ndarray, float]:
    t = _check_finite_array("t", t, ndim=1, dtype=float)
    if t.size < 4:
        raise ValueError(f"t must hold at least 4 equally spaced times, got {t.size}")
    steps = np.diff(t)
    dt = float(steps.mean())
    if dt <= 0 or np.max(np.abs(steps - dt)) > 1e-9 * max(1.0, abs(dt)) * t.size:
        raise ValueError("t must be increasing and equally spaced")
    return t, dt


def spectrum(signal, t) -> tuple[np.ndarray, np.ndarray]:
    """Frequencies and ``|G(f)|`` of a signal sampled at equally spaced times ``t``.

    Parameters
    ----------
    signal : array-like of shape (n,)
    t : array-like of shape (n,)
        Equally spaced, increasing.

    Returns
    -------
    frequencies : ndarray of shape (n,)
        Cycles per unit of ``t``, increasing, from ``-1 / (2 dt)`` up.
    magnitude : ndarray of shape (n,)
        ``|G(f)|`` (same unit as ``signal`` times ``t``).
    """
    t, dt = _check_grid(t)
    signal = _check_finite_array("signal", signal, ndim=1)
    if signal.size != t.size:
        raise ValueError(f"signal must have one value per time ({t.size}), got {signal.size}")
    frequencies = np.fft.fftshift(np.fft.fftfreq(t.size, d=dt))
    # |G| does not depend on where t starts, so the phase factor exp(-2 pi i f t_0) is dropped.
    magnitude = dt * np.abs(np.fft.fftshift(np.fft.fft(signal)))
    return frequencies, magnitude


def rms_width(x, density) -> float:
    """Standard deviation of ``x`` weighted by a non-negative ``density`` (normalised here).

    Parameters
    ----------
    x, density : array-like of shape (n,)

    Returns
    -------
    float
    """
    x = _check_finite_array("x", x, ndim=1, dtype=float)
    density = _check_finite_array("density", density, ndim=1, dtype=float)
    if density.size != x.size:
        raise ValueError(f"density must have one value per x ({x.size}), got {density.size}")
    if np.any(density < 0) or density.sum() <= 0:
        raise ValueError("density must be >= 0 with a positive total")
    weights = density / density.sum()
    mean = weights @ x
    return float(np.sqrt(weights @ (x - mean) ** 2))


@dataclass(frozen=True)
class TimeBandwidth:
    """Widths of a pulse's energy in time and in frequency.

    Attributes
    ----------
    sigma_t : float
        Standard deviation of ``|g(t)|**2``, unit of ``t``.
    sigma_f : float
        Standard deviation of ``|G(f)|**2``, cycles per unit of ``t``.
    product : float
        ``sigma_t * sigma_f``; at least ``1 / (4 pi)``, reached by Gaussians.
    """

    sigma_t: float
    sigma_f: float
    product: float


def time_bandwidth(signal, t) -> TimeBandwidth:
    """Measure a sampled pulse's time width, frequency width and their product.

    Parameters
    ----------
    signal : array-like of shape (n,)
        The pulse, decayed to about zero at both ends of ``t``.
    t : array-like of shape (n,)
        Equally spaced times.

    Returns
    -------
    TimeBandwidth
    """
    frequencies, magnitude = spectrum(signal, t)
    sigma_t = rms_width(t, np.abs(np.asarray(signal, dtype=float)) ** 2)
    sigma_f = rms_width(frequencies, magnitude ** 2)
    return TimeBandwidth(sigma_t, sigma_f, sigma_t * sigma_f)
