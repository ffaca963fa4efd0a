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


def test_one_epoch_gives_the_same_loss_in_both_libraries():
    torch = pytest.importorskip("torch")
    bench = _load_script()
    runs = bench.compare("gru", epochs=1, n_train=96, n_test=32, lag=6, n_symbols=8, n_hidden=6, seed=3,
                         use_torch=True)
    assert runs["mlwiki"]["loss"] == pytest.approx(runs["torch"]["loss"], rel=1e-4)
    assert torch.get_num_threads() >= 1
