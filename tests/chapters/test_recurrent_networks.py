"""Claims of chapters/recurrent-networks.qmd, read from the executed page."""

import math

import numpy as np
import pytest

PAGE = "chapters/recurrent-networks.qmd"

PROBE = """{
    'x_shape': list(x.shape), 'states_shape': list(states.shape), 'plain_difference': plain_difference,
    'n_sequences': int(sequences.shape[0]), 'sequence_length': int(sequences.shape[1]),
    'spread_with': spread_with, 'spread_without': spread_without, 'last_step_change': last_step_change,
    'rnn_errors': rnn_errors, 'gru_errors': gru_errors,
    'example_symbols': example_x[0].argmax(axis=1).tolist(), 'example_answer': int(example_answer[0]),
    'example_one_hot_rows': example_x[0].sum(axis=1).tolist(),
    'settings': settings, 'lags': lags,
    'rnn_accuracy': {str(k): v for k, v in rnn_accuracy.items()},
    'rnn_dtype': str(rnn_runs[40].model.layers[0].dtype),
    'rnn_norms': rnn_norms.tolist(), 'spectral_radius': float(spectral_radius),
    'largest_singular_value': float(largest_singular_value), 'rnn_decay': float(rnn_decay),
    'probe': probe.tolist(), 'fresh_params': {k: v.tolist() for k, v in fresh_rnn.params.items()},
    'untrained': {k: v.tolist() for k, v in untrained_norms.items()},
    'gru_zero_decay': float(gru_zero_decay), 'gru_three_decay': float(gru_three_decay),
    'gru_three_norm_40': float(gru_three_norm_40),
    'gru_biases': {'zero': gru_zero.params['bias'].tolist(), 'three': gru_three.params['bias'].tolist()},
    'gru_same_weights': bool(np.array_equal(gru_zero.params['recurrent_weights'], gru_three.params['recurrent_weights'])),
    'gru_three_accuracy': gru_three_accuracy, 'gru_zero_accuracy': gru_zero_accuracy,
    'gru_zero_train_accuracy': gru_zero_train_accuracy, 'trained_gru_norm_40': float(trained_gru_norms[40]),
    'gru_update_biases': [float(run.model.layers[0].update_bias) for run in gru_runs.values()],
    'gru_count': int(gru_count), 'gru_formula': int(gru_formula), 'torch_formula': int(torch_formula),
    'linear_norms': linear_norms.tolist(), 'measured_k': measured_k, 'predicted_k': predicted_k,
    'linear_singular_values': np.linalg.svd(linear_rnn.params['recurrent_weights'], compute_uv=False).tolist(),
    'linear_symmetric': bool(np.allclose(linear_rnn.params['recurrent_weights'], linear_rnn.params['recurrent_weights'].T)),
}"""


@pytest.fixture(scope="module")
def run(run_page):
    return run_page(PAGE, probe=PROBE)


def _alt(run, figure):
    return run.figure(figure).cell.options["fig-alt"]


def test_every_figure_in_both_themes(run):
    for figure in ("fig-unrolled", "fig-recall", "fig-vanishing", "fig-gru-gradients", "fig-gru-recall"):
        assert list(run.figure(figure).images) == ["light", "dark"], figure


def test_shapes_and_plain_loop(run):
    p = run.probe
    assert p["x_shape"] == [4, 6, 8] and p["states_shape"] == [4, 6, 16]
    assert p["plain_difference"] < 1e-12  # printed as 0e+00


def test_pitfall_recurrence_without_input(run):
    p = run.probe
    assert p["n_sequences"] == 500 and p["sequence_length"] == 21
    assert p["spread_with"] > 0.5 and f"{p['spread_with']:.2f}" == "0.73"
    assert p["spread_without"] == 0.0  # "all 500 end in exactly the same state"
    assert 0 < p["last_step_change"] < 1e-6


def test_gradient_checks(run):
    p = run.probe
    assert set(p["rnn_errors"]) == {"input", "input_weights", "recurrent_weights", "bias"}
    assert set(p["gru_errors"]) == {"input", "input_weights", "recurrent_weights", "bias", "recurrent_bias"}
    assert max(p["rnn_errors"].values()) < 1e-8 and max(p["gru_errors"].values()) < 1e-8


def test_task_example_is_one_hot_and_answer_is_first_symbol(run):
    p = run.probe
    assert len(p["example_symbols"]) == 6 and p["example_one_hot_rows"] == [1.0] * 6
    assert p["example_answer"] == p["example_symbols"][0]


def test_rnn_succeeds_at_short_lags_and_fails_at_long_ones(run):
    p = run.probe
    assert p["lags"] == [5, 10, 20, 40]
    assert p["settings"] == {"n_symbols": 8, "n_hidden": 16, "epochs": 20, "lr": 0.005, "n_train": 1024,
                             "batch_size": 32}
    acc = {int(k): v for k, v in p["rnn_accuracy"].items()}
    assert acc[5] == 1.0 and acc[10] == 1.0  # "answers every test sequence correctly"
    assert 0.5 < acc[20] < 0.95
    assert 1 / 8 < acc[40] < 0.4
    alt = _alt(run, "fig-recall")
    assert f"about {acc[20]:.1f} at lag 20 and about {acc[40]:.1f} at lag 40" in alt
    assert "1.0 at lags 5 and 10" in alt and "0.125" in alt
    assert p["rnn_dtype"] == "float32"


def _jacobian_norms(probe, params):
    """||dh_T/dh_{T-k}||_2 from the product of one-step Jacobians diag(1 - h_t^2) W_h^T, mean over sequences."""
    w_x, w_h, b = (np.array(params[k]) for k in ("input_weights", "recurrent_weights", "bias"))
    probe = np.array(probe)
    n_steps = probe.shape[1]
    norms = np.zeros(n_steps)
    for sequence in probe:
        h, states = np.zeros(w_h.shape[0]), []
        for x_t in sequence:
            h = np.tanh(x_t @ w_x + h @ w_h + b)
            states.append(h)
        jacobian = np.eye(w_h.shape[0])
        for k in range(n_steps):
            norms[k] += np.linalg.norm(jacobian, 2) / len(probe)
            jacobian = jacobian @ (np.diag(1 - states[n_steps - 1 - k] ** 2) @ w_h.T)
    return norms


def test_vanishing_gradient_measurement(run):
    p = run.probe
    norms = np.array(p["rnn_norms"])
    np.testing.assert_allclose(norms, _jacobian_norms(p["probe"], p["fresh_params"]), rtol=1e-8)
    w_h = np.array(p["fresh_params"]["recurrent_weights"])
    rho = np.abs(np.linalg.eigvals(w_h)).max()
    assert p["spectral_radius"] == pytest.approx(rho)
    assert p["largest_singular_value"] == pytest.approx(np.linalg.norm(w_h, 2)) and p["largest_singular_value"] > 1
    # "falls by a factor of about 0.56 per step, close to the spectral radius 0.57"
    assert abs(p["rnn_decay"] - rho) < 0.05
    assert norms.size == 41 and norms[0] == pytest.approx(1.0)
    # "nearly straight" on the log axis: the per-step factor over any 5 steps stays near the mean
    local = (norms[15:41] / norms[10:36]) ** (1 / 5)
    assert np.all(np.abs(local - p["rnn_decay"]) < 0.1)
    alt = _alt(run, "fig-vanishing")
    assert f"about {norms[40]:.0e} at k = 40" in alt
    # the orange rho^k line runs slightly below the measured curve and the two meet near k = 40
    ratio = norms / rho ** np.arange(41)
    assert np.all(ratio[1:36] >= 1) and np.all(ratio < 3) and np.all(np.abs(ratio[36:] - 1) < 0.1)


def test_gated_layer_starts_with_a_longer_memory(run):
    p = run.probe
    assert p["gru_same_weights"]
    assert p["gru_biases"]["zero"] == [0.0] * 48
    assert p["gru_biases"]["three"] == [0.0] * 16 + [3.0] * 16 + [0.0] * 16
    # the numbers quoted before the measurement
    assert f"{0.5 ** 40:.0e}" == "9e-13" and round(math.log10(0.5 ** 40)) == -12
    sigma3 = 1 / (1 + math.exp(-3))
    assert f"{sigma3:.2f}" == "0.95" and f"{sigma3 ** 40:.2f}" == "0.14"
    untrained = {k: np.array(v) for k, v in p["untrained"].items()}
    assert list(untrained) == ["RNN", "GRU, $b_z = 0$", "GRU, $b_z = 3$"]
    # b_z = 0 is no better than the RNN, b_z = 3 keeps the gradient
    assert abs(p["gru_zero_decay"] - p["rnn_decay"]) < 0.1 and p["gru_zero_decay"] < 0.7
    assert p["gru_three_decay"] > 0.9
    assert untrained["RNN"][40] < 1e-8 and untrained["GRU, $b_z = 0$"][40] < 1e-8
    alt = _alt(run, "fig-gru-gradients")
    assert f"still about {p['gru_three_norm_40']:.1f} at k = 40" in alt
    assert "below 1e-8 at k = 40" in alt


def test_gru_solves_the_long_lag_that_the_rnn_cannot(run):
    p = run.probe
    acc40 = p["rnn_accuracy"]["40"]
    assert p["gru_update_biases"] == [3.0, 0.0]
    assert p["gru_three_accuracy"] > 0.95 > acc40
    assert p["gru_zero_accuracy"] < 0.2  # failed, like the RNN
    # "learnt some training sequences by heart": clearly above chance in training, not in testing
    assert p["gru_zero_train_accuracy"] > p["gru_zero_accuracy"] + 0.1
    assert p["trained_gru_norm_40"] > 1  # "holds on to what it saw first"
    alt = _alt(run, "fig-gru-recall")
    assert f"about {acc40:.1f} at lag 40" in alt
    assert f"at about {p['gru_three_accuracy']:.2f}" in alt and f"at about {p['gru_zero_accuracy']:.2f}" in alt
    assert abs(p["gru_zero_accuracy"] - 1 / 8) < 0.05  # "on the dotted guessing line"


def test_exercise_gru_parameters_against_pytorch(run):
    torch = pytest.importorskip("torch")
    p = run.probe
    torch_count = sum(t.numel() for t in torch.nn.GRU(8, 16).parameters())
    assert p["torch_formula"] == torch_count == 1248
    assert p["gru_count"] == p["gru_formula"] == torch_count - 2 * 16


def test_exercise_linear_decay(run):
    p = run.probe
    assert p["linear_symmetric"] and max(p["linear_singular_values"]) == pytest.approx(0.9)
    norms = np.array(p["linear_norms"])
    np.testing.assert_allclose(norms, 0.9 ** np.arange(81), rtol=1e-9)
    first_below = next(k for k in range(1000) if 0.9 ** k < 1e-3)
    assert p["measured_k"] == p["predicted_k"] == first_below == 66
