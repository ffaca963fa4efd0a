"""Every page as a notebook that runs anywhere: the finishing touches after Quarto renders it.

Quarto itself turns each page into a Jupyter notebook (the ``ipynb`` format in ``_quarto.yml``,
not executed, so the render costs little more) and links it from the page ("Download notebook",
``format-links``).  After the render (:mod:`sitetools.hooks`, post-render) this module:

* puts a first code cell into each notebook that installs the package at the commit the site
  was built from -- ``%pip install "mlwiki @ git+https://github.com/<owner>/<repo>@<commit>"`` --
  so its imports work in Colab, Binder or any Jupyter; a local build installs the local checkout;
* adds "Open in Colab" beside "Download notebook" when the site is built for GitHub Pages:
  Colab opens ``https://colab.research.google.com/github/<owner>/<repo>/blob/gh-pages/<path>``,
  the notebook as published on the ``gh-pages`` branch (previews under ``pr-preview/pr-N/``).

Where the values come from: ``NOTEBOOK_REPOSITORY`` and ``NOTEBOOK_COMMIT`` (the preview build
sets them to the pull request's head), else ``GITHUB_REPOSITORY`` and ``GITHUB_SHA``, else the
local checkout; ``NOTEBOOK_PAGES_PATH`` is the site's folder on ``gh-pages`` (empty for main);
``NOTEBOOK_COLAB=0`` leaves out the Colab link (a fork's preview is never published).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["NotebookSource", "notebook_source", "install_cell", "add_install_cell", "colab_url",
           "add_colab_link", "finish_site", "INSTALL_MARK"]

INSTALL_MARK = "mlwiki-install"
PACKAGE = "mlwiki"
_SHA = re.compile(r"^[0-9a-f]{7,40}$")
_REPOSITORY = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
_PAGES_PATH = re.compile(r"^(?:[a-z0-9-]+/)*$")
_FORMATS_LIST = re.compile(r'(<div class="quarto-alternate-formats">.*?<ul>)(.*?)(</ul>)', re.DOTALL)


@dataclass(frozen=True)
class NotebookSource:
    """Where a notebook gets the package from, and where its published copy lives.

    Attributes
    ----------
    requirement : str
        What ``pip install`` is given (a PEP 508 requirement or a local path).
    repository : str or None
        ``owner/name`` when the site is built for GitHub Pages (enables "Open in Colab").
    pages_path : str
        The site's folder on the ``gh-pages`` branch, ``""`` or ``"pr-preview/pr-N/"``.
    """

    requirement: str
    repository: str | None = None
    pages_path: str = ""


def notebook_source(project: Path, env: dict | None = None) -> NotebookSource:
    """Work out the :class:`NotebookSource` of a build from the environment (see module doc)."""
    env = os.environ if env is None else env
    repository = env.get("NOTEBOOK_REPOSITORY") or env.get("GITHUB_REPOSITORY")
    commit = env.get("NOTEBOOK_COMMIT") or env.get("GITHUB_SHA")
    pages_path = env.get("NOTEBOOK_PAGES_PATH", "")
    if not _PAGES_PATH.match(pages_path):
        raise ValueError(f"NOTEBOOK_PAGES_PATH must be empty or like 'pr-preview/pr-3/', got {pages_path!r}")
    if repository is None:
        return NotebookSource(str(Path(project).resolve()))
    if not _REPOSITORY.match(repository):
        raise ValueError(f"repository must look like owner/name, got {repository!r}")
    if commit is None:
        commit = _git_head(project)
    if commit is None or not _SHA.match(commit):
        raise ValueError(f"commit must be a hexadecimal git SHA, got {commit!r}")
    # Colab opens the published copy: only for the repository whose gh-pages holds the site,
    # and not for a build that will not be published there (NOTEBOOK_COLAB=0: a fork's preview).
    pages_repository = env.get("GITHUB_REPOSITORY") if env.get("NOTEBOOK_COLAB", "1") != "0" else None
    return NotebookSource(f"{PACKAGE} @ git+https://github.com/{repository}@{commit}", pages_repository, pages_path)


def _git_head(project: Path) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True,
                                text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def install_cell(requirement: str) -> dict:
    """The notebook's first cell: install the package the page imports, quietly."""
    source = ("# This page imports the wiki's package, mlwiki: install it (the version the page was built with).\n"
              f'%pip install --quiet "{requirement}"')
    return {"cell_type": "code", "execution_count": None, "id": INSTALL_MARK,
            "metadata": {"tags": [INSTALL_MARK]}, "outputs": [], "source": source}


def add_install_cell(notebook: dict, requirement: str) -> dict:
    """``notebook`` (nbformat 4 JSON) with the install cell first; an older one is replaced."""
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("notebook must be nbformat 4 JSON with a 'cells' list")
    cells = [c for c in notebook["cells"] if INSTALL_MARK not in (c.get("metadata", {}).get("tags") or [])]
    return {**notebook, "cells": [install_cell(requirement)] + cells}


def colab_url(repository: str, notebook_path: str) -> str:
    """Colab's address for a notebook on the repository's ``gh-pages`` branch."""
    if not _REPOSITORY.match(repository):
        raise ValueError(f"repository must look like owner/name, got {repository!r}")
    return f"https://colab.research.google.com/github/{repository}/blob/gh-pages/{notebook_path}"


def add_colab_link(page_html: str, url: str) -> str:
    """Add "Open in Colab" to the page's list of other formats (Quarto's ``format-links``).

    Raises
    ------
    ValueError
        When the page has no list of other formats to add it to.
    """
    match = _FORMATS_LIST.search(page_html)
    if match is None:
        raise ValueError("the page has no 'quarto-alternate-formats' list (format-links)")
    if "colab.research.google.com" in match.group(2):
        return page_html
    item = (f'<li><a href="{html.escape(url, quote=True)}" target="_blank" rel="noopener">'
            f'<i class="bi bi-google"></i>Open in Colab</a></li>')
    return page_html[:match.end(2)] + item + page_html[match.end(2):]


def finish_site(site_dir: Path, source: NotebookSource) -> list[str]:
    """Add the install cell to every notebook of a rendered site, and the Colab links.

    Returns the notebooks finished, relative to ``site_dir``.
    """
    site_dir = Path(site_dir)
    finished = []
    for notebook_file in sorted(site_dir.rglob("*.ipynb")):
        relative = notebook_file.relative_to(site_dir).as_posix()
        if relative.startswith(("site_libs/", "pr-preview/")):
            continue
        notebook = json.loads(notebook_file.read_text(encoding="utf-8"))
        notebook_file.write_text(json.dumps(add_install_cell(notebook, source.requirement), indent=1) + "\n",
                                 encoding="utf-8")
        page = notebook_file.with_suffix(".html")
        if source.repository and page.is_file():
            url = colab_url(source.repository, source.pages_path + relative)
            try:
                linked = add_colab_link(page.read_text(encoding="utf-8"), url)
            except ValueError as exc:
                raise ValueError(f"{page.relative_to(site_dir)}: {exc}") from None
            page.write_text(linked, encoding="utf-8")
        finished.append(relative)
    return finished
