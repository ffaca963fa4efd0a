"""The LIF model and its exact simulation, against SciPy's ODE solver with event detection."""

import numpy as np
import pytest
from scipy.integrate import solve_ivp

from mlwiki.lif import LIFParams, simulate, simulate_batch


@pytest.fixture
def params():
    return LIFParams(tau_m=10.0, r_m=10.0, e_l=-65.0, v_th=-50.0, v_reset=-70.0, t_ref=2.0)


def _solve_ivp_reference(params, current, duration, v_init=None):
    """Independent reference: SciPy integrates dV/dt, an event stops it at each threshold crossing.

    ``current`` is a function of time (nA).  Returns the spike times and a function giving V(t).
    """
    v = params.e_l if v_init is None else v_init
    t, spikes, pieces = 0.0, [], []

    def rhs(time, voltage):
        return (-(voltage - params.e_l) + params.r_m * current(time)) / params.tau_m

    def crossing(time, voltage):
        return voltage[0] - params.v_th

    crossing.terminal, crossing.direction = True, 1
    while t < duration:
        solution = solve_ivp(rhs, (t, duration), [v], events=crossing, dense_output=True,
                             rtol=1e-11, atol=1e-11, max_step=0.5)
        pieces.append((t, solution.t[-1], solution.sol))
        if solution.status != 1:
            break
        t_spike = float(solution.t_events[0][0])
        spikes.append(t_spike)
        pieces.append((t_spike, t_spike + params.t_ref, lambda time: np.full_like(np.atleast_1d(time), params.v_reset)))
        t, v = t_spike + params.t_ref, params.v_reset

    def voltage_at(times):
        out = np.full(times.shape, np.nan)
        for start, end, function in pieces:
            inside = (times > start) & (times < end)
            out[inside] = np.ravel(function(times[inside]))
        return out

    return np.array(spikes), voltage_at


@pytest.mark.parametrize("current", [1.6, 2.5, 6.0])
def test_spike_times_and_trace_agree_with_solve_ivp(params, current):
    result = simulate(params, current, duration=200.0, dt=0.1)
    spikes, voltage_at = _solve_ivp_reference(params, lambda t: current, 200.0)
    assert result.spike_times.size == spikes.size > 1
    np.testing.assert_allclose(result.spike_times, spikes, atol=1e-6)
    # Between spikes the sampled trace is the solution itself (points next to a spike are skipped:
    # the reference's piece boundaries sit there).
    far = np.min(np.abs(result.time[:, None] - spikes[None, :]), axis=1) > 0.05
    reference = voltage_at(result.time[far])
    known = ~np.isnan(reference)
    np.testing.assert_allclose(result.voltage[far][known], reference[known], atol=1e-6)


def test_step_current_agrees_with_solve_ivp(params):
    n_steps = 3000
    drive = np.where(np.arange(n_steps) < 1000, 1.2, 2.8)
    result = simulate(params, drive, duration=300.0, dt=0.1)
    spikes, _ = _solve_ivp_reference(params, lambda t: 1.2 if t < 100.0 else 2.8, 300.0)
    assert spikes.min() > 100.0
    np.testing.assert_allclose(result.spike_times, spikes, atol=1e-6)


def test_spike_times_do_not_depend_on_dt(params):
    fine = simulate(params, 2.5, duration=300.0, dt=0.01).spike_times
    coarse = simulate(params, 2.5, duration=300.0, dt=1.0).spike_times
    np.testing.assert_allclose(coarse, fine, atol=1e-9)


def test_batch_matches_single_runs(params):
    currents = np.array([1.0, 2.5, 4.0])
    batch = simulate_batch(params, currents, duration=300.0, dt=0.1)
    for current, result in zip(currents, batch):
        single = simulate(params, current, duration=300.0, dt=0.1)
        np.testing.assert_allclose(result.voltage, single.voltage)
        np.testing.assert_allclose(result.spike_times, single.spike_times)


def test_voltage_relaxes_to_steady_state_below_threshold(params):
    result = simulate(params, 1.0, duration=200.0, dt=0.1)
    assert result.voltage[-1] == pytest.approx(params.e_l + params.r_m * 1.0, abs=1e-6)
    assert np.all(np.diff(result.voltage) >= 0)


def test_time_varying_current_layout_reset_and_refractory_period(params):
    n_steps = 3000
    current = np.where(np.arange(n_steps) < 1000, 1.0, 3.0)
    result = simulate(params, current, duration=300.0, dt=0.1)
    assert result.time.shape == result.voltage.shape == (n_steps + 1,)
    assert result.current.shape == (n_steps,)
    assert result.spike_times.min() > 100.0
    assert np.diff(result.spike_times).min() > params.t_ref
    assert result.voltage.max() < params.v_th


def test_strong_input_several_spikes_per_step():
    params = LIFParams(t_ref=0.0)
    result = simulate(params, 1000.0, duration=10.0, dt=1.0)
    spikes, _ = _solve_ivp_reference(params, lambda t: 1000.0, 10.0)
    assert result.spike_times.size == spikes.size > 100
    np.testing.assert_allclose(result.spike_times, spikes, atol=1e-6)


def test_rest_above_threshold_fires_on_its_own():
    params = LIFParams(e_l=-45.0, v_th=-50.0, v_reset=-65.0)
    result = simulate(params, 0.0, duration=100.0)
    assert result.voltage[0] == params.v_reset and result.spike_times.size > 3


def test_mean_rate_needs_two_spikes(params):
    assert simulate(params, 0.5, duration=50.0).mean_rate == 0.0
    result = simulate(params, 3.0, duration=200.0)
    isi = np.diff(result.spike_times).mean()
    assert result.mean_rate == pytest.approx(1000.0 / isi)


def test_deterministic_and_inputs_not_mutated(params):
    a = simulate(params, 2.2, duration=100.0)
    b = simulate(params, 2.2, duration=100.0)
    np.testing.assert_array_equal(a.voltage, b.voltage)
    np.testing.assert_array_equal(a.spike_times, b.spike_times)
    current = np.full(1000, 2.0)
    result = simulate(params, current, duration=100.0, dt=0.1)
    result.current[:] = 0.0
    assert np.all(current == 2.0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"tau_m": 0.0}, "tau_m must be > 0"),
        ({"tau_m": -1.0}, "tau_m must be > 0"),
        ({"tau_m": np.inf}, "tau_m must be finite"),
        ({"tau_m": "slow"}, "tau_m must be a real number"),
        ({"r_m": 0.0}, "r_m must be > 0"),
        ({"t_ref": -1.0}, "t_ref must be >= 0"),
        ({"v_reset": -50.0}, "v_reset must be below v_th"),
        ({"v_reset": -40.0}, "v_reset must be below v_th"),
        ({"e_l": float("nan")}, "e_l contains non-finite"),
        ({"v_th": "high"}, "v_th must be numeric"),
        ({"v_reset": [1.0, 2.0]}, "v_reset must have 0 dimension"),
    ],
)
def test_bad_params(kwargs, message):
    with pytest.raises(ValueError, match=message):
        LIFParams(**kwargs)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"dt": 0.0}, "dt must be > 0"),
        ({"dt": -0.1}, "dt must be > 0"),
        ({"dt": 2.0}, r"dt must be <= tau_m / 10"),
        ({"duration": 0.0}, "duration must be > 0"),
        ({"duration": 0.01}, "duration must be at least one step"),
        ({"duration": np.nan}, "duration must be finite"),
        ({"current": np.ones(5)}, r"current must be a number or have shape \(n_steps,\)"),
        ({"current": np.ones((1000, 1))}, r"current must be a number or have shape \(n_steps,\)"),
        ({"current": np.nan}, "current contains non-finite"),
        ({"current": "strong"}, "current must be numeric"),
        ({"v_init": -40.0}, "v_init must be below v_th"),
        ({"v_init": np.inf}, "v_init contains non-finite"),
    ],
)
def test_bad_simulate_input(params, kwargs, message):
    call = {"current": 2.0, "duration": 100.0, "dt": 0.1} | kwargs
    with pytest.raises(ValueError, match=message):
        simulate(params, **call)


def test_bad_batch_input_and_params_type(params):
    with pytest.raises(ValueError, match="currents must have 1 dimension"):
        simulate_batch(params, [[1.0, 2.0]], duration=10.0)
    with pytest.raises(ValueError, match="currents must contain at least one current"):
        simulate_batch(params, [], duration=10.0)
    with pytest.raises(ValueError, match="currents contains non-finite"):
        simulate_batch(params, [1.0, np.inf], duration=10.0)
    with pytest.raises(ValueError, match="v_init must be below v_th"):
        simulate_batch(params, [1.0], duration=10.0, v_init=0.0)
    with pytest.raises(TypeError, match="params must be an LIFParams"):
        simulate({"tau_m": 10}, 1.0, duration=10.0)
    with pytest.raises(TypeError, match="params must be an LIFParams"):
        simulate_batch(None, [1.0], duration=10.0)
