"""Smoke test of the CNN benchmark script: it runs end to end and ends with the summary line."""

import importlib.util
import math
import re
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "cnn_digits.py"
SUMMARY = re.compile(
    r"^summary: speedup_vs_reference_f64=(\S+) speedup_vs_reference_f32=(\S+) "
    r"speedup_vs_torch_f32=(\S+) accuracy=(\S+)$"
)


def _load_script():
    spec = importlib.util.spec_from_file_location("cnn_digits_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quick_run_prints_summary_line(capsys):
    result = _load_script().main(["--quick", "--epochs", "1", "--no-torch"])
    lines = capsys.readouterr().out.strip().splitlines()
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    f64, f32, vs_torch, acc = (float(v) for v in match.groups())
    assert f64 > 0 and f32 > 0 and 0 <= acc <= 1
    assert math.isnan(vs_torch)  # torch skipped
    assert abs(result["accuracy"] - acc) < 1e-4
    assert any(line.startswith("reference (per sample)") for line in lines)
