"""Smoke test of the backward-cost benchmark: it runs end to end and ends with the summary line."""

import importlib.util
import re
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "backward_cost.py"
SUMMARY = re.compile(r"^summary: mlp_ratio=(\S+) wide_ratio=(\S+) cnn_ratio=(\S+)$")


def test_quick_run_prints_summary_line(capsys):
    spec = importlib.util.spec_from_file_location("backward_cost_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.main(["--quick"])
    lines = capsys.readouterr().out.strip().splitlines()
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    assert len(results) == 3 and all(ratio > 0 for ratio in results.values())
    assert "counted" in lines[0] and lines[1].split()[-1] == "2.00"  # the counted ratio of the MLP
