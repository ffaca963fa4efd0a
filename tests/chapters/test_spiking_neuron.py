"""Claims of chapters/spiking-neuron.qmd, read from the executed page."""

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
}"""


def test_spiking_neuron_claims(run_page):
    run = run_page("chapters/spiking-neuron.qmd", probe=PROBE)
    p = run.probe
    assert len(run.cell("fig-membrane").figures) == 1
    assert len(run.cell("fig-rate-vs-current").figures) == 1

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
