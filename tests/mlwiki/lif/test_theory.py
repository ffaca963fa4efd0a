"""What the LIF equation predicts without simulating: the rheobase and the firing rate."""

import numpy as np
import pytest

from mlwiki.lif import LIFParams, firing_rate, rheobase, simulate, simulate_batch


@pytest.fixture
def params():
    return LIFParams(tau_m=10.0, r_m=10.0, e_l=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=2.0)


def test_rheobase_value(params):
    assert rheobase(params) == pytest.approx((-50.0 + 65.0) / 10.0)
    assert rheobase(LIFParams(r_m=1.0)) == pytest.approx(15.0)


def test_just_below_and_at_rheobase_never_fires(params):
    i_min = rheobase(params)
    for current in (i_min * (1 - 1e-3), i_min):
        result = simulate(params, current, duration=2000.0, dt=0.5)
        assert result.spike_times.size == 0
        assert result.voltage.max() < params.v_th
    assert firing_rate(params, i_min) == 0.0


def test_just_above_rheobase_fires_over_long_run(params):
    current = rheobase(params) * (1 + 1e-3)
    result = simulate(params, current, duration=2000.0, dt=0.5)
    assert result.spike_times.size >= 2
    assert result.mean_rate == pytest.approx(firing_rate(params, current), rel=1e-9)


def test_simulated_rate_matches_closed_form(params):
    currents = np.linspace(0.0, 6.0, 25)
    results = simulate_batch(params, currents, duration=1000.0, dt=0.5)
    simulated = np.array([r.mean_rate for r in results])
    expected = firing_rate(params, currents)
    below = currents <= rheobase(params)
    assert np.all(simulated[below] == 0.0) and np.all(expected[below] == 0.0)
    assert np.all(expected[~below] > 0)
    np.testing.assert_allclose(simulated[~below], expected[~below], rtol=1e-9)


def test_closed_form_period_by_hand(params):
    # I = 3 nA: V_inf = -35 mV; from -70 to -50: ln(35 / 15); plus 2 ms refractory.
    period = 2.0 + 10.0 * np.log(35.0 / 15.0)
    assert firing_rate(params, 3.0) == pytest.approx(1000.0 / period)


def test_rate_approaches_the_refractory_ceiling(params):
    rates = firing_rate(params, np.array([10.0, 100.0, 1e4]))
    assert np.all(np.diff(rates) > 0) and rates[-1] < 1000.0 / params.t_ref
    assert rates[-1] == pytest.approx(1000.0 / params.t_ref, rel=1e-3)


def test_firing_rate_keeps_shape_and_type(params):
    assert isinstance(firing_rate(params, 2.0), float)
    assert firing_rate(params, np.ones((2, 3)) * 2.0).shape == (2, 3)


def test_bad_theory_input(params):
    with pytest.raises(ValueError, match="current contains non-finite"):
        firing_rate(params, [1.0, np.inf])
    with pytest.raises(ValueError, match="current must be numeric"):
        firing_rate(params, "two")
    with pytest.raises(TypeError, match="params must be an LIFParams"):
        firing_rate("params", 1.0)
    with pytest.raises(TypeError, match="params must be an LIFParams"):
        rheobase(None)
