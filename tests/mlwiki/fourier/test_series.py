"""Square wave, closed-form coefficients, partial sums and Parseval error against SciPy's quad."""

import numpy as np
import pytest
from scipy.integrate import quad

from mlwiki.fourier import mean_square_error, partial_sum, partial_sums, sine_coefficient, square_wave


def test_square_wave_levels_and_midpoints():
    x = np.array([0.0, 0.5, np.pi, 4.0, 2 * np.pi, -0.5, 7 * np.pi])
    np.testing.assert_array_equal(square_wave(x), [0.0, 1.0, 0.0, -1.0, 0.0, -1.0, 0.0])
    assert np.sign(np.sin(np.pi)) == 1.0  # why the module does not use sign(sin(x))


def test_coefficients_match_quad():
    for n in range(1, 9):
        integral, _ = quad(lambda x: np.sin(n * x), 0, np.pi)  # f = +1 on (0, pi), odd symmetry doubles
        assert sine_coefficient(n) == pytest.approx(2 / np.pi * integral, abs=1e-12)
        full, _ = quad(lambda x: square_wave(x) * np.sin(n * x), 0, 2 * np.pi, points=[np.pi], limit=200)
        assert sine_coefficient(n) == pytest.approx(full / np.pi, abs=1e-10)


def test_partial_sum_is_the_sum_of_odd_sines():
    x = np.linspace(-3, 3, 17)
    expected = sum(4 / (np.pi * n) * np.sin(n * x) for n in (1, 3, 5, 7))
    np.testing.assert_allclose(partial_sum(x, 4), expected, atol=1e-14)
    table = partial_sums(x, 6)
    assert table.shape == (6, 17)
    for n in range(1, 7):
        np.testing.assert_allclose(table[n - 1], partial_sum(x, n), atol=1e-14)
    assert partial_sum(0.3, 2).shape == ()


def test_mean_square_error_matches_quad():
    for n in (1, 2, 7):
        integral, _ = quad(lambda x: (1.0 - partial_sum(x, n)) ** 2, 0, np.pi, limit=400)
        assert mean_square_error(n) == pytest.approx(integral / np.pi, abs=1e-10)  # odd: both halves equal
    # Parseval's identity: all the terms together carry the mean square, 1.
    assert mean_square_error(200_000) == pytest.approx(0.0, abs=2e-5)
    np.testing.assert_allclose(mean_square_error(np.array([1, 3])), [1 - 8 / np.pi ** 2, 1 - 8 / np.pi ** 2 * (1 + 1 / 9 + 1 / 25)])


@pytest.mark.parametrize("call, message", [
    (lambda: sine_coefficient(0), "n must be whole harmonic numbers >= 1"),
    (lambda: sine_coefficient(1.5), "n must be whole harmonic numbers >= 1"),
    (lambda: partial_sum([0.1], 0), "n_terms must be > 0"),
    (lambda: partial_sum([np.nan], 1), "x contains non-finite"),
    (lambda: partial_sums([[0.1]], 2), "x must have 1 dimension"),
    (lambda: partial_sums([0.1], 2.0), "max_terms must be an integer"),
    (lambda: mean_square_error(0), "n_terms must be whole numbers >= 1"),
    (lambda: square_wave("a"), "x must be numeric"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
