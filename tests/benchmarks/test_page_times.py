"""Smoke test of the page-timing benchmark on the smallest page (timings are not asserted)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_script():
    spec = importlib.util.spec_from_file_location("_page_times", ROOT / "benchmarks" / "page_times.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_page_times_prints_a_summary_line(capsys):
    script = _load_script()
    assert script.sidebar_order()[0] == "index.qmd"
    result = script.main(["index.qmd"])
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"summary: pages=1 total_seconds=\S+ wall_seconds=\S+ slowest=index\.qmd slowest_seconds=\S+", last)
    assert set(result["seconds"]) == {"index.qmd"} and result["total"] >= 0
