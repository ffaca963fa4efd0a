"""Smoke test of the Q-learning reliability benchmark: it runs end to end and ends with its summary line."""

import importlib.util
import re
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "q_learning_seeds.py"


def test_quick_run_prints_summary_line(capsys):
    spec = importlib.util.spec_from_file_location("q_learning_seeds_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.main(["--quick"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    match = re.fullmatch(r"summary: optimal_runs=(\d+)/(\d+)", last)
    assert match, last
    assert int(match.group(2)) == result["seeds"] == 2 and int(match.group(1)) == result["optimal_runs"] <= 2
