"""Smoke test: the combined sequence benchmark runs both parts and ends with the summary line the
issue asks for (speeds are not asserted: they belong to the benchmark, not to tests)."""

import importlib.util
import math
import re
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "sequence_models.py"
SUMMARY = re.compile(r"^summary: rnn_speedup_vs_torch=(\S+) transformer_speedup_vs_torch=(\S+) "
                     r"transformer_accuracy=(\S+)$")


def test_quick_run_prints_the_combined_summary_line(capsys):
    spec = importlib.util.spec_from_file_location("sequence_models_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.main(["--quick", "--no-torch"])
    match = SUMMARY.match(capsys.readouterr().out.strip().splitlines()[-1])
    assert match is not None
    assert math.isnan(float(match.group(1))) and math.isnan(float(match.group(2)))  # torch skipped
    assert 0.0 <= float(match.group(3)) <= 1.0 and result["transformer_accuracy"] == float(match.group(3))
