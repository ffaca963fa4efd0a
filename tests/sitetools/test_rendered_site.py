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

from sitetools.checks import site_pages
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


SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Render a copy of the project as CI does (so the working tree and its _freeze stay untouched)."""
    copy = tmp_path_factory.mktemp("project") / "site-src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", ".git", "_site", ".quarto", "__pycache__",
                                                              "_quarto-repo.yml"))
    env = dict(os.environ, QUARTO_PYTHON=sys.executable, GITHUB_REPOSITORY="owner/wiki", GITHUB_SHA=SHA,
               QUARTO_PROFILE="repo")
    subprocess.run([sys.executable, str(copy / "code" / "sitetools" / "site_profile.py"), "--project", str(copy)],
                   env=env, check=True)
    log = copy / "render-log.jsonl"
    done = subprocess.run(["quarto", "render", "--log", str(log), "--log-format", "json-stream", "--log-level", "info"],
                          cwd=copy, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"quarto render failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    gate = subprocess.run([sys.executable, str(copy / "code" / "sitetools" / "render_log.py"), str(log)],
                          capture_output=True, text=True)
    assert gate.returncode == 0, gate.stdout + gate.stderr
    return copy / "_site"


def test_rendered_site_has_every_page_search_alt_text_and_no_broken_link(site):
    problems = check_rendered_site(site, PAGES)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_every_figure_shows_a_light_and_a_dark_image_with_its_alt_text(site, page):
    import html as html_lib

    text = (site / expected_html(page)).read_text(encoding="utf-8")
    source = read_page(ROOT / page)
    for index, div in enumerate(source.divs):
        if not (div.id or "").startswith("fig-"):
            continue
        start = text.find(f'id="{div.id}"')
        assert start >= 0, f"{page}: figure {div.id} is missing from the HTML"
        block = text[start:text.index("</figure>", start)]
        assert "light-content" in block and "dark-content" in block, f"{page}: {div.id} lacks a rendering"
        (cell,) = source.cells_in(index)
        alt = html_lib.escape(str(cell.options["fig-alt"]), quote=True)
        assert block.count(f'alt="{alt}"') == 2, f"{page}: {div.id} does not carry its alt text on both images"


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("chapters/")])
def test_every_chapter_offers_its_notebook_and_colab(site, page):
    import json

    html_page = (site / expected_html(page)).read_text(encoding="utf-8")
    notebook_path = Path(expected_html(page)).with_suffix(".ipynb")
    assert f'href="{notebook_path.name}"' in html_page and "Download notebook" in html_page
    assert f"https://colab.research.google.com/github/owner/wiki/blob/gh-pages/{notebook_path.as_posix()}" in html_page
    notebook = json.loads((site / notebook_path).read_text(encoding="utf-8"))
    first = notebook["cells"][0]
    assert first["cell_type"] == "code" and f"git+https://github.com/owner/wiki@{SHA}" in first["source"]
    assert 'content="noindex"' not in html_page  # only previews are hidden from search engines
