"""Every page of the site executes as Quarto's Jupyter engine would execute it.

Each page runs once per test session (the ``run_page`` fixture caches it); its figures are
checked here, its claims by ``tests/chapters/test_<page>.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sitetools.checks import site_pages

ROOT = Path(__file__).resolve().parents[2]

PAGES = [str(p.relative_to(ROOT)) for p in site_pages(ROOT)]


@pytest.mark.parametrize("page", PAGES)
def test_page_executes_and_draws_every_figure_in_both_themes(run_page, single_theme_pages, page):
    run = run_page(page)
    # An interactive figure (one Observable JS cell, drawn in the reader's browser) has no Python
    # cell and no images; sitetools.checks.check_figures accepts it, and its page's test checks it.
    interactive = {run.page.divs[i].id for i in range(len(run.page.divs)) if run.page.ojs_in(i)}
    for figure_id in run.figure_ids():
        if figure_id in interactive:
            continue
        cell_run = run.figure(figure_id)
        assert list(cell_run.images) == ["light", "dark"], (
            f"{page}: figure '{figure_id}' (line {cell_run.cell.line}) drew {len(cell_run.figures)} image(s)"
        )
    if page in single_theme_pages:
        return
    for cell_run in run.cells:
        assert not cell_run.figures or cell_run.renderings, (
            f"{page}: cell {cell_run.cell.name} (line {cell_run.cell.line}) drew an image outside a "
            f"two-theme figure div"
        )
