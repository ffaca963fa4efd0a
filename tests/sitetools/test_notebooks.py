"""Each page's notebook installs the package it imports; pages link it to Colab when published."""

from __future__ import annotations

import json

import pytest
from packaging.requirements import Requirement

from sitetools.notebooks import (INSTALL_MARK, NotebookSource, add_colab_link, add_install_cell, colab_url,
                                 finish_site, notebook_source)

SHA = "0123456789abcdef0123456789abcdef01234567"
# The markup Quarto 1.10.18 writes for format-links inside the table of contents
# (processAlternateFormatLinks in src/format/html/format-html-bootstrap.ts).
PAGE = (
    '<nav id="TOC" role="doc-toc"><h2 id="toc-title">On this page</h2><ul><li>x</li></ul>'
    '<div class="quarto-alternate-formats"><h2>Other Formats</h2><ul><li><a href="page.ipynb" '
    'download="page.ipynb"><i class="bi bi-journal-code"></i>Download notebook</a></li></ul></div></nav>'
)


def test_ci_builds_install_the_built_commit_and_link_colab(tmp_path):
    source = notebook_source(tmp_path, {"GITHUB_REPOSITORY": "owner/wiki", "GITHUB_SHA": SHA})
    assert source == NotebookSource(f"mlwiki @ git+https://github.com/owner/wiki@{SHA}", "owner/wiki", "")
    requirement = Requirement(source.requirement)  # a valid PEP 508 direct reference
    assert requirement.name == "mlwiki" and requirement.url.endswith(f"@{SHA}")


def test_a_preview_installs_the_pull_requests_head_and_lives_under_its_folder(tmp_path):
    env = {"GITHUB_REPOSITORY": "owner/wiki", "GITHUB_SHA": "f" * 40, "NOTEBOOK_REPOSITORY": "fork/wiki",
           "NOTEBOOK_COMMIT": SHA, "NOTEBOOK_PAGES_PATH": "pr-preview/pr-4/"}
    source = notebook_source(tmp_path, env)
    assert source.requirement == f"mlwiki @ git+https://github.com/fork/wiki@{SHA}"
    assert (source.repository, source.pages_path) == ("owner/wiki", "pr-preview/pr-4/")
    assert notebook_source(tmp_path, {**env, "NOTEBOOK_COLAB": "0"}).repository is None  # a fork: not published


def test_a_local_build_installs_the_local_checkout_and_links_no_colab(tmp_path):
    assert notebook_source(tmp_path, {}) == NotebookSource(str(tmp_path.resolve()))


@pytest.mark.parametrize("env, message", [
    ({"GITHUB_REPOSITORY": "not a repo", "GITHUB_SHA": SHA}, "repository must look like owner/name"),
    ({"GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": "main"}, "commit must be a hexadecimal git SHA"),
    ({"NOTEBOOK_PAGES_PATH": "../escape/"}, "NOTEBOOK_PAGES_PATH must be empty"),
])
def test_bad_values_are_named(tmp_path, env, message):
    with pytest.raises(ValueError, match=message):
        notebook_source(tmp_path, env)


def test_the_install_cell_comes_first_once():
    notebook = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
        {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": "import mlwiki"}]}
    once = add_install_cell(notebook, "mlwiki @ git+https://github.com/o/r@abc1234")
    twice = add_install_cell(once, "mlwiki @ git+https://github.com/o/r@def5678")
    assert [c["cell_type"] for c in twice["cells"]] == ["code", "markdown", "code"]
    assert twice["cells"][0]["metadata"]["tags"] == [INSTALL_MARK]
    assert '%pip install --quiet "mlwiki @ git+https://github.com/o/r@def5678"' in twice["cells"][0]["source"]
    with pytest.raises(ValueError, match="nbformat 4 JSON"):
        add_install_cell({"cells": "no"}, "x")


def test_colab_link_joins_the_other_formats():
    url = colab_url("owner/wiki", "pr-preview/pr-4/chapters/page.ipynb")
    assert url == "https://colab.research.google.com/github/owner/wiki/blob/gh-pages/pr-preview/pr-4/chapters/page.ipynb"
    linked = add_colab_link(PAGE, url)
    assert linked.count("<li>") == PAGE.count("<li>") + 1
    assert f'<a href="{url}" target="_blank" rel="noopener"><i class="bi bi-google"></i>Open in Colab</a></li></ul></div>' in linked
    assert add_colab_link(linked, url) == linked  # once only
    with pytest.raises(ValueError, match="no 'quarto-alternate-formats' list"):
        add_colab_link("<html></html>", url)


def test_finish_site_writes_every_notebook_and_page(tmp_path):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "page.html").write_text(PAGE)
    (tmp_path / "chapters" / "page.ipynb").write_text(json.dumps({"nbformat": 4, "metadata": {}, "cells": []}))
    source = NotebookSource("mlwiki @ git+https://github.com/o/w@abc1234", "o/w", "")
    assert finish_site(tmp_path, source) == ["chapters/page.ipynb"]
    notebook = json.loads((tmp_path / "chapters" / "page.ipynb").read_text())
    assert notebook["cells"][0]["id"] == INSTALL_MARK
    assert "https://colab.research.google.com/github/o/w/blob/gh-pages/chapters/page.ipynb" in (
        tmp_path / "chapters" / "page.html").read_text()
    (tmp_path / "chapters" / "page.html").write_text("<p>no format links</p>")
    with pytest.raises(ValueError, match=r"chapters/page.html: the page has no"):
        finish_site(tmp_path, source)
