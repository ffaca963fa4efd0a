"""Coefficients from samples: the explicit sums against NumPy's FFT and the closed form."""

import numpy as np
import pytest

from mlwiki.fourier import fourier_coefficients, mean_over_period, sample_grid, sine_coefficient, square_wave


def test_grid_covers_one_period_without_the_endpoint():
    x = sample_grid(8)
    np.testing.assert_allclose(x, 2 * np.pi * np.arange(8) / 8)
    np.testing.assert_allclose(sample_grid(4, offset=0.5), 2 * np.pi * (np.arange(4) + 0.5) / 4)


def test_matches_numpy_fft():
    rng = np.random.default_rng(0)
    samples = rng.normal(size=64)
    a, b = fourier_coefficients(samples, n_max=20)
    spectrum = np.fft.rfft(samples)
    np.testing.assert_allclose(a, 2 / 64 * spectrum.real[:21], atol=1e-12)
    np.testing.assert_allclose(b, -2 / 64 * spectrum.imag[:21], atol=1e-12)


def test_exact_for_trigonometric_polynomials():
    x = sample_grid(32)
    a, b = fourier_coefficients(3.0 + 2 * np.cos(x) - 0.5 * np.sin(4 * x) + np.cos(7 * x), n_max=10)
    expected_a = np.zeros(11)
    expected_a[[0, 1, 7]] = [6.0, 2.0, 1.0]
    expected_b = np.zeros(11)
    expected_b[4] = -0.5
    np.testing.assert_allclose(a, expected_a, atol=1e-13)
    np.testing.assert_allclose(b, expected_b, atol=1e-13)


def test_square_wave_coefficients_converge_to_closed_form():
    errors = []
    for m in (512, 2048, 8192):
        _, b = fourier_coefficients(square_wave(sample_grid(m)), n_max=15)
        errors.append(np.max(np.abs(b[1:] - sine_coefficient(np.arange(1, 16)))))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-5
    assert errors[0] / errors[1] == pytest.approx(16, rel=0.05)  # second order in the spacing


def test_mean_over_period_is_the_average():
    assert mean_over_period([1.0, 2.0, 3.0, 6.0]) == 3.0


@pytest.mark.parametrize("call, message", [
    (lambda: sample_grid(1), "n_samples must be at least 2"),
    (lambda: sample_grid(4, offset=1.0), r"offset must be a number in \[0, 1\)"),
    (lambda: sample_grid(4, offset=True), r"offset must be a number in \[0, 1\)"),
    (lambda: fourier_coefficients(np.zeros(8), n_max=4), "n_max must be below n_samples / 2 = 4"),
    (lambda: fourier_coefficients(np.zeros((2, 8)), n_max=1), "samples must have 1 dimension"),
    (lambda: fourier_coefficients(np.zeros(8), n_max=0), "n_max must be > 0"),
    (lambda: mean_over_period([]), "samples must not be empty"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
