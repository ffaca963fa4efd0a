"""Every page of the site executes as Quarto's Jupyter engine would execute it, reproducibly."""

from __future__ import annotations

import pytest

from pathlib import Path

from mlwiki.site.checks import cells_with_labels, site_pages
from mlwiki.site.execute import execute_page

ROOT = Path(__file__).resolve().parents[2]

PAGES = [str(p.relative_to(ROOT)) for p in site_pages(ROOT)]


@pytest.mark.parametrize("page", PAGES)
def test_page_executes_and_every_figure_cell_draws_a_figure(run_page, page):
    run = run_page(page)
    for cell in cells_with_labels(run.page, "fig-"):
        cell_run = run.cell(cell.label)
        assert not cell_run.evaluated or cell_run.figures, (
            f"{page}: cell '{cell.label}' (line {cell.line}) has a fig- label but produced no figure"
        )


@pytest.mark.parametrize("page", PAGES)
def test_page_gives_identical_outputs_when_executed_twice(run_page, page):
    first = run_page(page)
    second = execute_page(ROOT / page, project_root=ROOT)
    assert second.text_outputs() == first.text_outputs(), f"{page}: text outputs differ between two executions"
    for a, b in zip(first.cells, second.cells):
        assert a.figures == b.figures, f"{page}: cell {a.cell.name} (line {a.cell.line}) drew a different figure"
