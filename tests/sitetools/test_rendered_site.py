"""The rendered website, checked where Quarto is installed (the GitHub test workflow has it).

Elsewhere these tests skip: install Quarto (https://quarto.org/docs/get-started/, or
``pip install quarto-cli`` where GitHub downloads work) and run ``make test`` again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitetools.checks import cells_with_labels, site_pages
from sitetools.qmd import read_page
from sitetools.rendered import check_rendered_site, expected_html

ROOT = Path(__file__).resolve().parents[2]
PAGES = [str(p.relative_to(ROOT)) for p in site_pages(ROOT)]

pytestmark = [
    pytest.mark.quarto,
    pytest.mark.skipif(
        shutil.which("quarto") is None,
        reason="quarto is not on PATH: install Quarto (https://quarto.org/docs/get-started/) to "
        "render the site and check its HTML; the GitHub test workflow does",
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Render a copy of the project (so the working tree and its _freeze stay untouched)."""
    copy = tmp_path_factory.mktemp("project") / "site-src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "_site", ".quarto", "__pycache__"))
    env = dict(os.environ, QUARTO_PYTHON=sys.executable)
    done = subprocess.run(["quarto", "render"], cwd=copy, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"quarto render failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return copy / "_site"


def test_rendered_site_has_every_page_search_alt_text_and_no_broken_link(site):
    problems = check_rendered_site(site, PAGES)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_every_figure_cell_is_embedded_with_its_alt_text(site, page):
    html = (site / expected_html(page)).read_text(encoding="utf-8")
    for cell in cells_with_labels(read_page(ROOT / page), "fig-"):
        assert f'id="{cell.label}"' in html, f"{page}: figure {cell.label} is missing from the HTML"
        alt = str(cell.options["fig-alt"]).split("\n")[0][:40]
        assert alt.replace('"', "&quot;")[:20] in html or alt[:20] in html, f"{page}: alt text of {cell.label} not in HTML"
