"""Pulse widths: the FFT spectrum against the continuous transform integrated by SciPy."""

import numpy as np
import pytest
from scipy.integrate import quad

from mlwiki.fourier import gaussian_pulse, rms_width, spectrum, time_bandwidth


def test_spectrum_matches_the_continuous_transform():
    t = np.arange(-30.0, 30.0, 0.01)
    frequencies, magnitude = spectrum(gaussian_pulse(t, 0.7), t)
    for f in (0.0, 0.2, 0.5):
        k = int(np.argmin(np.abs(frequencies - f)))
        continuous, _ = quad(lambda s: np.exp(-0.5 * (s / 0.7) ** 2) * np.cos(2 * np.pi * frequencies[k] * s),
                             -np.inf, np.inf)
        assert magnitude[k] == pytest.approx(abs(continuous), abs=1e-9)
    assert np.all(np.diff(frequencies) > 0)


@pytest.mark.parametrize("sigma", [0.3, 1.0, 3.0])
def test_gaussian_reaches_the_gabor_limit(sigma):
    t = np.arange(-50.0, 50.0, 0.01)
    widths = time_bandwidth(gaussian_pulse(t, sigma), t)
    assert widths.sigma_t == pytest.approx(sigma / np.sqrt(2), rel=1e-9)
    assert widths.sigma_f == pytest.approx(1 / (2 * np.sqrt(2) * np.pi * sigma), rel=1e-6)
    assert widths.product == pytest.approx(1 / (4 * np.pi), rel=1e-6)


def test_other_pulses_are_wider_than_the_limit():
    t = np.arange(-40.0, 40.0, 0.005)
    assert time_bandwidth(np.exp(-np.abs(t)), t).product > 1.4 / (4 * np.pi)


def test_rms_width_is_a_weighted_standard_deviation():
    x = np.array([-1.0, 0.0, 1.0, 2.0])
    w = np.array([1.0, 2.0, 1.0, 0.0])
    assert rms_width(x, w) == pytest.approx(np.sqrt(np.cov(x, aweights=w, bias=True)))


@pytest.mark.parametrize("call, message", [
    (lambda: gaussian_pulse([0.0], 0.0), "sigma must be > 0"),
    (lambda: spectrum([1, 2, 3], [0, 1, 2]), "t must hold at least 4"),
    (lambda: spectrum([1, 2, 3, 4], [0, 1, 3, 4]), "equally spaced"),
    (lambda: spectrum([1, 2, 3], [0, 1, 2, 3]), "signal must have one value per time"),
    (lambda: rms_width([0, 1], [1.0]), "density must have one value per x"),
    (lambda: rms_width([0, 1], [-1.0, 2.0]), "density must be >= 0"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
