"""The LIF model and its exact simulation, against an independent forward-Euler reference."""

import numpy as np
import pytest

from mlwiki.lif import LIFParams, firing_rate, rheobase, simulate, simulate_batch


@pytest.fixture
def params():
    return LIFParams(tau_m=10.0, r_m=10.0, e_l=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=2.0)


def _forward_euler_spikes(params, current, duration, dt):
    """Independent reference: plain forward Euler with grid-rounded spikes (tiny dt)."""
    v, free_from, spikes = params.e_l, -np.inf, []
    for k in range(int(round(duration / dt))):
        t = (k + 1) * dt
        if t <= free_from:
            continue
        v += dt / params.tau_m * (-(v - params.e_l) + params.r_m * current)
        if v >= params.v_th:
            spikes.append(t)
            v = params.v_reset
            free_from = t + params.t_ref
    return np.array(spikes)


def test_rheobase_value(params):
    assert rheobase(params) == pytest.approx((-50.0 + 65.0) / 10.0)


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
    results = simulate_batch(params, currents, duration=1000.0, dt=0.1)
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


def test_batch_matches_single_runs(params):
    currents = np.array([1.0, 2.5, 4.0])
    batch = simulate_batch(params, currents, duration=300.0, dt=0.1)
    for current, result in zip(currents, batch):
        single = simulate(params, current, duration=300.0, dt=0.1)
        np.testing.assert_allclose(result.voltage, single.voltage)
        np.testing.assert_allclose(result.spike_times, single.spike_times)


def test_spike_times_agree_with_forward_euler_reference(params):
    exact = simulate(params, 2.5, duration=200.0, dt=0.1).spike_times
    reference = _forward_euler_spikes(params, 2.5, duration=200.0, dt=0.001)
    assert exact.size == reference.size > 5
    # Forward Euler with dt = 1 us drifts by O(dt) per interval.
    np.testing.assert_allclose(exact, reference, atol=0.05)


def test_voltage_relaxes_to_steady_state_below_threshold(params):
    result = simulate(params, 1.0, duration=200.0, dt=0.1)
    assert result.voltage[-1] == pytest.approx(params.e_l + params.r_m * 1.0, abs=1e-6)
    assert np.all(np.diff(result.voltage) >= 0)


def test_notes_parameters_never_spike():
    # The notes' setting: R = 1 MOhm, 1.5 nA, leak at -65 mV: steady state -63.5 mV.
    notes = LIFParams(tau_m=10.0, r_m=1.0, e_l=-65.0, v_th=-50.0, v_reset=-65.0, t_ref=0.0)
    result = simulate(notes, 1.5, duration=100.0, dt=0.1)
    assert result.spike_times.size == 0
    assert result.voltage.max() == pytest.approx(-63.5, abs=1e-3)
    assert rheobase(notes) == pytest.approx(15.0)


def test_time_varying_current_step(params):
    n_steps = 3000
    current = np.where(np.arange(n_steps) < 1000, 1.0, 3.0)
    result = simulate(params, current, duration=300.0, dt=0.1)
    assert result.time.shape == result.voltage.shape == (n_steps + 1,)
    assert result.spike_times.size > 0
    assert result.spike_times.min() > 100.0
    # Refractory period respected and reset applied.
    assert np.diff(result.spike_times).min() > params.t_ref
    assert result.voltage.max() < params.v_th


def test_strong_input_several_spikes_per_step():
    params = LIFParams(t_ref=0.0)
    current = 1000.0
    result = simulate(params, current, duration=10.0, dt=1.0)
    assert result.mean_rate == pytest.approx(firing_rate(params, current), rel=1e-9)
    assert result.spike_times.size > 10 * 10


def test_deterministic(params):
    a = simulate(params, 2.2, duration=100.0)
    b = simulate(params, 2.2, duration=100.0)
    np.testing.assert_array_equal(a.voltage, b.voltage)
    np.testing.assert_array_equal(a.spike_times, b.spike_times)


def test_inputs_not_mutated(params):
    current = np.full(1000, 2.0)
    result = simulate(params, current, duration=100.0, dt=0.1)
    result.current[:] = 0.0
    assert np.all(current == 2.0)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"tau_m": 0.0}, "tau_m"),
        ({"tau_m": -1.0}, "tau_m"),
        ({"r_m": 0.0}, "r_m"),
        ({"t_ref": -1.0}, "t_ref"),
        ({"v_reset": -50.0}, "v_reset"),
        ({"v_reset": -40.0}, "v_reset"),
        ({"e_l": float("nan")}, "e_l"),
        ({"v_th": "high"}, "v_th"),
    ],
)
def test_bad_params(kwargs, name):
    with pytest.raises(ValueError, match=name):
        LIFParams(**kwargs)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"dt": 0.0}, "dt"),
        ({"dt": -0.1}, "dt"),
        ({"dt": 2.0}, "dt"),  # not << tau_m = 10 ms
        ({"duration": 0.0}, "duration"),
        ({"duration": 0.01}, "duration"),
        ({"current": np.ones(5)}, "current"),
        ({"current": np.nan}, "current"),
        ({"v_init": -40.0}, "v_init"),
    ],
)
def test_bad_simulate_input(params, kwargs, name):
    call = {"current": 2.0, "duration": 100.0, "dt": 0.1} | kwargs
    with pytest.raises(ValueError, match=name):
        simulate(params, **call)


def test_bad_batch_and_params_type(params):
    with pytest.raises(ValueError, match="currents"):
        simulate_batch(params, [[1.0, 2.0]], duration=10.0)
    with pytest.raises(ValueError, match="currents"):
        simulate_batch(params, [], duration=10.0)
    with pytest.raises(ValueError, match="params"):
        simulate({"tau_m": 10}, 1.0, duration=10.0)
    with pytest.raises(ValueError, match="current"):
        firing_rate(params, [1.0, np.inf])
