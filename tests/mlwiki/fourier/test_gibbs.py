"""The Gibbs peak against SciPy: sici for the limit, a bounded scalar optimiser for the peak."""

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.special import sici

from mlwiki.fourier import gibbs_limit, gibbs_peak, overshoot_fraction, partial_sum, sine_integral


@pytest.mark.parametrize("z", [0.0, 0.5, np.pi, 7.0, 20.0])
def test_sine_integral_matches_scipy(z):
    assert sine_integral(z) == pytest.approx(sici(z)[0], abs=1e-13)


def test_limit_matches_scipy():
    assert gibbs_limit() == pytest.approx(sici(np.pi)[0] / np.pi - 0.5, abs=1e-15)
    assert gibbs_limit() == pytest.approx(0.0894898722, abs=1e-10)


@pytest.mark.parametrize("n", [1, 3, 10, 40, 200])
def test_peak_matches_optimiser_and_closed_form_position(n):
    position, height = gibbs_peak(n)
    found = minimize_scalar(lambda x: -partial_sum(x, n), bounds=(1e-9, np.pi / n), method="bounded",
                            options={"xatol": 1e-12})
    assert height == pytest.approx(-found.fun, abs=1e-6)
    assert position == pytest.approx(np.pi / (2 * n), abs=np.pi / n / 4000)
    assert overshoot_fraction(n) == pytest.approx((height - 1) / 2)


def test_overshoot_converges_to_the_limit_not_to_zero():
    values = [overshoot_fraction(n) for n in (10, 100, 1000)]
    gaps = [v - gibbs_limit() for v in values]
    assert all(g > 0 for g in gaps) and gaps[0] > gaps[1] > gaps[2]
    assert gaps[2] < 1e-6


@pytest.mark.parametrize("call, message", [
    (lambda: gibbs_peak(0), "n_terms must be > 0"),
    (lambda: gibbs_peak(5, n_grid=2), "n_grid must be at least 3"),
    (lambda: sine_integral(-1.0), r"z must be a number in \[0, 20\]"),
    (lambda: sine_integral(30.0), r"z must be a number in \[0, 20\]"),
    (lambda: sine_integral(1.0, n_nodes=0), "n_nodes must be > 0"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
