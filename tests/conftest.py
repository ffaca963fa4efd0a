"""Shared fixtures: the project's layout, and page execution, once per page, two pages at a time."""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from sitetools.execute import PageExecutionError, execute_page

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


# page -> (probe, PageRun or the PageExecutionError it raised)
_RUNS: dict = {}
# page -> the probe of its test module, for every page the collected tests execute
_WANTED: dict[str, str | None] = {}


def _execute(relative_path: str, probe: str | None):
    """Execute a page as Quarto would, in an empty folder (so a page that reads a file of the
    repository fails here, as its notebook would for a reader who downloaded it)."""
    with tempfile.TemporaryDirectory(prefix="page-") as workdir:
        try:
            return execute_page(ROOT / relative_path, project_root=ROOT, probe=probe, workdir=workdir)
        except PageExecutionError as exc:
            return exc


def _chapter_of(test_file: Path) -> str | None:
    """``tests/chapters/test_pca_and_autoencoders.py`` -> ``chapters/pca-and-autoencoders.qmd``."""
    if test_file.parent.name != "chapters" or not test_file.stem.startswith("test_"):
        return None
    page = f"chapters/{test_file.stem.removeprefix('test_').replace('_', '-')}.qmd"
    return page if (ROOT / page).is_file() else None


def pytest_collection_modifyitems(session, config, items):
    """Note which pages the selected tests execute, and with which probe."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        page = callspec.params.get("page") if callspec is not None else None
        if isinstance(page, str) and page.endswith(".qmd"):
            _WANTED.setdefault(page, None)
        chapter = _chapter_of(Path(str(item.fspath)))
        if chapter is not None:
            _WANTED[chapter] = getattr(getattr(item, "module", None), "PROBE", None)


def _prefetch() -> None:
    """Execute every wanted page not yet run, as many at a time as the machine has cores (at most
    two, or ``MLWIKI_PAGE_WORKERS``): each page still gets a fresh kernel of its own."""
    todo = [(page, probe) for page, probe in _WANTED.items() if page not in _RUNS]
    if not todo:
        return
    workers = int(os.environ.get("MLWIKI_PAGE_WORKERS", min(2, os.cpu_count() or 1)))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for (page, probe), run in zip(todo, pool.map(lambda job: _execute(*job), todo)):
            _RUNS[page] = (probe, run)


def _run_page(relative_path: str, probe: str | None = None):
    """Execute a page once per session, as Quarto would, in an empty folder; return the PageRun.

    Each page runs once: its test module's single ``PROBE`` expression is evaluated after the
    last cell, and every other test reuses that run.  On the first call every page the collected
    tests need is executed, two at a time.
    """
    if relative_path not in _RUNS:
        _WANTED.setdefault(relative_path, probe)
        _prefetch()
    cached_probe, run = _RUNS.get(relative_path, (None, None))
    if run is None or (probe is not None and probe != cached_probe):
        if cached_probe is not None and run is not None:
            raise ValueError(
                f"{relative_path} was already executed with another probe; a page has one PROBE, in "
                f"its test module, so that it runs once"
            )
        run = _execute(relative_path, probe)
        _RUNS[relative_path] = (probe, run)
    if isinstance(run, PageExecutionError):
        raise run
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
