"""Smoke test of the RNN/GRU benchmark script: it runs end to end and ends with the summary line."""

import importlib.util
import math
import re
from pathlib import Path

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "rnn_vs_torch.py"
SUMMARY = re.compile(r"^summary: rnn_speedup_vs_torch=(\S+) gru_speedup_vs_torch=(\S+)$")


def _load_script():
    spec = importlib.util.spec_from_file_location("rnn_vs_torch_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_prints_summary_line(capsys):
    result = _load_script().main(["--quick", "--epochs", "1", "--no-torch"])
    lines = capsys.readouterr().out.strip().splitlines()
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    assert all(math.isnan(float(v)) for v in match.groups())  # torch skipped
    assert math.isnan(result["rnn_speedup_vs_torch"]) and math.isnan(result["gru_speedup_vs_torch"])
    for kind in ("rnn", "gru"):
        run = result["results"][kind]["mlwiki"]
        assert len(run["times"]) == 1 and run["times"][0] > 0 and 0 <= run["accuracy"] <= 1
    assert any(line.startswith("RNN mlwiki") for line in lines) and any(line.startswith("GRU mlwiki") for line in lines)


def test_torch_copy_computes_the_same_model():
    torch = pytest.importorskip("torch")
    bench = _load_script()
    rng = np.random.default_rng(0)
    x = np.eye(8, dtype=np.float32)[rng.integers(0, 8, (5, 7))]
    for kind in ("rnn", "gru"):
        model = bench.make_model(kind, n_symbols=8, n_hidden=6, seed=1)
        with torch.no_grad():
            logits = bench.torch_model(model)(torch.from_numpy(x)).numpy()
        np.testing.assert_allclose(model.forward(x), logits, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kind", ["rnn", "gru"])
def test_both_libraries_train_the_same_model(kind):
    torch = pytest.importorskip("torch")
    bench = _load_script()
    torch.set_num_threads(1)
    runs = bench.compare(kind, epochs=2, n_train=96, n_test=32, lag=6, n_symbols=8, n_hidden=6, seed=3,
                         use_torch=True)
    # Same initial weights, batches and optimizer: the epoch losses agree to float32 rounding.
    np.testing.assert_allclose(runs["mlwiki"]["losses"], runs["torch"]["losses"], rtol=1e-4)
    # PyTorch's duplicate biases are held fixed, so it trains as many numbers as mlwiki.
    model = bench.make_model(kind, n_symbols=8, n_hidden=6, seed=4)
    net = bench.torch_model(model)
    trained = sum(p.numel() for p in bench.trainable(net))
    frozen_by_hook = 2 * 6 if kind == "gru" else 0
    assert trained - frozen_by_hook == model.n_parameters()


@pytest.mark.parametrize("kind", ["rnn", "gru"])
def test_parameters_stay_equal_after_an_epoch_of_training(kind):
    torch = pytest.importorskip("torch")
    bench = _load_script()
    from mlwiki import nn
    from mlwiki.recall import recall_data

    x, labels = recall_data(64, 5, n_symbols=8, rng=np.random.default_rng(5), dtype=np.float32)
    model = bench.make_model(kind, n_symbols=8, n_hidden=6, seed=6)
    net = bench.torch_model(model)
    bench.mlwiki_epoch(model, nn.Adam(bench.ADAM_LR), x, nn.one_hot(labels, 8, dtype=np.float32),
                       np.random.default_rng(7))
    bench.torch_epoch(torch, net, torch.optim.Adam(bench.trainable(net), lr=bench.ADAM_LR),
                      torch.from_numpy(x), torch.from_numpy(labels), np.random.default_rng(7))
    recurrent, dense = model.layers
    rnn = net.recurrent
    bias = (rnn.bias_ih_l0 + rnn.bias_hh_l0).detach().numpy()
    if kind == "gru":  # b_hn is not part of the sum: it sits inside the reset gate's product
        np.testing.assert_allclose(recurrent.params["recurrent_bias"], rnn.bias_hh_l0.detach().numpy()[12:], atol=1e-6)
        bias[12:] = rnn.bias_ih_l0.detach().numpy()[12:]
    np.testing.assert_allclose(recurrent.params["bias"], bias, atol=1e-6)
    np.testing.assert_allclose(recurrent.params["input_weights"], rnn.weight_ih_l0.detach().numpy().T, atol=1e-6)
    np.testing.assert_allclose(recurrent.params["recurrent_weights"], rnn.weight_hh_l0.detach().numpy().T, atol=1e-6)
    np.testing.assert_allclose(dense.params["weights"], net.readout.weight.detach().numpy().T, atol=1e-6)
