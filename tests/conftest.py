"""Shared fixtures: the project's layout and page execution with a per-session cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlwiki.site.execute import execute_page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


_RUNS: dict = {}


def _run_page(relative_path: str, probe: str | None = None):
    """Execute a page (once per session for each probe) as Quarto would; return the PageRun."""
    key = (relative_path, probe)
    if key not in _RUNS:
        _RUNS[key] = execute_page(ROOT / relative_path, project_root=ROOT, probe=probe)
    return _RUNS[key]


@pytest.fixture(scope="session")
def run_page():
    """``run_page("chapters/x.qmd", probe="{'n': n}")`` -> PageRun (cached per page and probe).

    A page that fails to execute raises PageExecutionError naming the page, cell label and line.
    """
    return _run_page


@pytest.fixture(scope="session")
def schema():
    """Quarto's compiled schema, read where it lives (skips with where-it-looked when absent)."""
    from mlwiki.site.schema import QuartoSchema, SchemaNotFound, find_schema_file

    try:
        return QuartoSchema.load(find_schema_file(ROOT))
    except SchemaNotFound as exc:
        pytest.skip(str(exc))
