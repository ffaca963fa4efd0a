"""Claims of chapters/spiking-neuron.qmd, read from the executed page."""

import math

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
    'notes_v_inf': notes_v_inf,
    'notes_v_max': notes_v_max,
    'notes_spikes': notes_spikes,
    'notes_rheobase': notes_rheobase,
    'at_rheobase_spikes': at_rheobase_spikes,
    'rate_at_5': float(predicted_rates[-1]),
    'current_step': float(currents[1] - currents[0]),
    'step_levels': [float(step_current[0]), float(step_current[-1])],
    'leaky_rheobase': leaky_rheobase, 'leaky_rate': float(leaky_rate), 'leaky_simulated': leaky_simulated,
    'ceiling': ceiling, 'current_90': float(current_90), 'current_90_root': float(current_90_root),
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
    # The notes' parameters: steady state -63.5 mV, no spike, 15 nA needed.
    assert abs(p["notes_v_inf"] + 63.5) < 1e-12
    assert p["notes_v_max"] < -63.4
    assert p["notes_spikes"] == 0
    assert abs(p["notes_rheobase"] - 15.0) < 1e-12
    assert p["at_rheobase_spikes"] == 0


def test_spiking_neuron_exercise_solutions(run_page):
    p = run_page("chapters/spiking-neuron.qmd", probe=PROBE).probe
    # R = 5 MOhm: rheobase 15 mV / 5 MOhm = 3 nA; at 4 nA V_inf = -45 mV, T = 2 + 10 ln(20 / 5) ms.
    assert abs(p["leaky_rheobase"] - 3.0) < 1e-12
    assert abs(p["leaky_rate"] - 1000.0 / (2.0 + 10.0 * math.log(4.0))) < 1e-9
    assert abs(p["leaky_simulated"] - p["leaky_rate"]) < 1e-6 * p["leaky_rate"]
    # The ceiling is 1000 / t_ref; the closed-form current for 90 % of it matches a root finder.
    assert p["ceiling"] == 500.0
    assert abs(p["current_90"] - p["current_90_root"]) < 1e-6 * p["current_90"]
