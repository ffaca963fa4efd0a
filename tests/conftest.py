"""Shared fixtures: the project's layout and page execution with a per-session cache."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from sitetools.execute import execute_page

ROOT = Path(__file__).resolve().parents[1]

@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


_RUNS: dict = {}


def _run_page(relative_path: str, probe: str | None = None):
    """Execute a page once per session, as Quarto would, in an empty folder; return the PageRun.

    Each page runs once: its test module's single ``PROBE`` expression is evaluated after the
    last cell, and every other test reuses that run.  The page runs in a fresh temporary folder
    rather than its own, so a page that reads a file of the repository fails here, as its
    notebook would for a reader who downloaded it.
    """
    cached = _RUNS.get(relative_path)
    if cached is not None and (probe is None or probe == cached[0]):
        return cached[1]
    if cached is not None and cached[0] is not None:
        raise ValueError(
            f"{relative_path} was already executed with another probe; a page has one PROBE, in "
            f"its test module, so that it runs once"
        )
    with tempfile.TemporaryDirectory(prefix="page-") as workdir:
        run = execute_page(ROOT / relative_path, project_root=ROOT, probe=probe, workdir=workdir)
    _RUNS[relative_path] = (probe, run)
    return run


@pytest.fixture(scope="session")
def run_page():
    """``run_page("chapters/x.qmd", probe=PROBE)`` -> PageRun, executed once per session.

    A page that fails to execute raises PageExecutionError naming the page, cell label and line.
    """
    return _run_page


@pytest.fixture(scope="session")
def schema():
    """Quarto's compiled schema, read where it lives (skips with where-it-looked when absent)."""
    from sitetools.schema import QuartoSchema, SchemaNotFound, find_schema_file

    try:
        return QuartoSchema.load(find_schema_file(ROOT))
    except SchemaNotFound as exc:
        pytest.skip(str(exc))
