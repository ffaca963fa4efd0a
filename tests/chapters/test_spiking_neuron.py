"""Claims of chapters/spiking-neuron.qmd, read from the executed page."""

import math

from scipy.optimize import brentq

PROBE = """{
    'i_min': float(i_min),
    'n_spikes': n_spikes,
    'spike_times': sim.spike_times.tolist(),
    'v_max_silent': v_max_silent,
    'v_th': params.v_th,
    'expected_silent_v': params.e_l + 0.8 * params.r_m * i_min,
    'max_rel_err': max_rel_err,
    'silent_agree': silent_agree,
    'n_silent': int((~fires).sum()),
    'n_firing': int(fires.sum()),
    'currents': currents.tolist(),
    'drive_as_written': drive_as_written, 'drive_in_microamps': drive_in_microamps,
    'v_inf_as_written': v_inf_as_written, 'v_inf_in_microamps': v_inf_in_microamps,
    'rate_in_microamps': float(rate_in_microamps), 'small_r_t_ref': small_r.t_ref,
    'below_v_max': below_v_max, 'below_spikes': below_spikes, 'below_rheobase': below_rheobase,
    'above_spikes': above_spikes, 'at_rheobase_spikes': at_rheobase_spikes,
    'rate_at_5': float(predicted_rates[-1]),
    'current_step': float(currents[1] - currents[0]),
    'step_levels': [float(step_current[0]), float(step_current[-1])],
    'leaky_rheobase': leaky_rheobase, 'leaky_rate': float(leaky_rate), 'leaky_simulated': leaky_simulated,
    'ceiling': ceiling, 'current_90': float(current_90), 'rate_90': float(rate_90),
    'rate_90_simulated': float(rate_90_simulated),
}"""


def test_spiking_neuron_claims(run_page):
    run = run_page("chapters/spiking-neuron.qmd", probe=PROBE)
    p = run.probe
    membrane_alt = run.figure("fig-membrane").cell.options["fig-alt"]
    rate_alt = run.figure("fig-rate-vs-current").cell.options["fig-alt"]
    # What the alt texts state, computed.
    assert f"near {p['v_max_silent']:.0f} mV" in membrane_alt
    assert f"from {p['step_levels'][0]:.1f} nA to {p['step_levels'][1]:.1f} nA" in membrane_alt
    assert f"rheobase of {p['i_min']:.1f} nA" in membrane_alt and f"rheobase of {p['i_min']:.1f} nA" in rate_alt
    assert f"about {round(p['rate_at_5'], -1):.0f} Hz at 5 nA" in rate_alt
    assert f"steps of {p['current_step']:.1f} nA" in rate_alt

    # Rheobase (V_th - E_L) / R = 15 mV / 10 MOhm.
    assert abs(p["i_min"] - 1.5) < 1e-12
    # The membrane figure shows silence below the rheobase, then spikes after the 100 ms step.
    assert p["n_spikes"] > 10
    assert min(p["spike_times"]) > 100.0
    assert p["v_max_silent"] < p["v_th"]
    assert abs(p["v_max_silent"] - p["expected_silent_v"]) < 0.01
    # Simulated and closed-form rates agree to rounding; silent currents agree on 0 Hz.
    assert p["max_rel_err"] < 1e-12
    assert p["silent_agree"]
    assert p["n_silent"] > 0 and p["n_firing"] > 0
    assert p["n_silent"] + p["n_firing"] == len(p["currents"])


def test_spiking_neuron_pitfalls(run_page):
    p = run_page("chapters/spiking-neuron.qmd", probe=PROBE).probe
    # Units: 1 MOhm x 1.5 nA = 1.5 mV; 1 MOhm x 1.5 uA = 1500 mV, a factor of 1000.
    assert p["drive_as_written"] == 1.5 and p["drive_in_microamps"] == 1500.0
    assert p["v_inf_as_written"] == -63.5 and p["v_inf_in_microamps"] == 1435.0
    # Taken at its word the neuron fires at 95 % of 1000 / t_ref: T = t_ref + tau ln(1500 / 1485).
    period = p["small_r_t_ref"] + 10.0 * math.log(1500.0 / 1485.0)
    assert abs(p["rate_in_microamps"] - 1000.0 / period) < 1e-9
    assert round(p["rate_in_microamps"] * p["small_r_t_ref"] / 1000.0, 2) == 0.95
    # The steady state below threshold: never above -63.5 mV, no spike; 15 nA needed.
    assert p["below_v_max"] < -63.49 and p["below_v_max"] <= -63.5 + 1e-9
    assert p["below_spikes"] == 0
    assert abs(p["below_rheobase"] - 15.0) < 1e-12
    assert p["above_spikes"] >= 1
    assert p["at_rheobase_spikes"] == 0


def test_spiking_neuron_exercise_solutions(run_page):
    p = run_page("chapters/spiking-neuron.qmd", probe=PROBE).probe
    # R = 5 MOhm: rheobase 15 mV / 5 MOhm = 3 nA; at 4 nA V_inf = -45 mV, T = 2 + 10 ln(20 / 5) ms.
    assert abs(p["leaky_rheobase"] - 3.0) < 1e-12
    assert abs(p["leaky_rate"] - 1000.0 / (2.0 + 10.0 * math.log(4.0))) < 1e-9
    assert abs(p["leaky_simulated"] - p["leaky_rate"]) < 1e-6 * p["leaky_rate"]
    # The ceiling is 1000 / t_ref; the closed-form current for 90 % of it matches a root finder.
    assert p["ceiling"] == 500.0
    # Independently: SciPy's root finder on the period formula gives the same current.
    period = lambda i: 2.0 + 10.0 * math.log((-65.0 + 10.0 * i + 65.0) / (-65.0 + 10.0 * i + 50.0))
    root = brentq(lambda i: 1000.0 / period(i) - 0.9 * 500.0, 1.6, 1e4)
    assert abs(p["current_90"] - root) < 1e-6 * root
    assert abs(p["rate_90"] - 450.0) < 1e-9 and abs(p["rate_90_simulated"] - 450.0) < 1e-6
