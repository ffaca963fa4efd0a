"""Checks of the site's sources that need no Quarto: configuration, navigation, links, references.

Each check returns a list of problems as ``"file:line: what is wrong"`` strings (empty when all is
well), so a test can show every problem at once.

* :func:`check_config` -- ``_quarto.yml``, every front matter and every cell's ``#|`` options
  against Quarto's compiled schema (unknown cell options rejected); pages that run code declare
  ``jupyter: python3``.
* :func:`check_navigation` -- the sidebar lists exactly the pages that exist; page names are
  kebab-case.
* :func:`check_links` -- relative links point at existing files; ``@fig-``/``@tbl-``/``@sec-``/
  ``@eq-`` cross-references resolve within their page (Quarto websites do not resolve them across
  pages); citations name entries of the bibliography.
* :func:`check_figures` -- every figure has a caption and alt text.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from mlwiki.site.qmd import Cell, MarkdownChunk, Page, PageFormatError, read_page
from mlwiki.site.schema import QuartoSchema

__all__ = [
    "site_pages",
    "sidebar_pages",
    "check_config",
    "check_navigation",
    "check_links",
    "check_figures",
    "cells_with_labels",
]

_XREF_KINDS = ("fig", "tbl", "sec", "eq", "lst", "thm", "lem", "def", "exm", "exr", "cor", "prp", "cnj", "rem", "sol")
# @key not preceded by a word character or another @ (so e-mail addresses are not citations).
_CITATION = re.compile(r"(?<![\w@/])@([A-Za-z0-9_][\w:.#$%&\-+?<>~/]*[A-Za-z0-9_])")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)(\{[^}]*\})?")
_ATTR_ID = re.compile(r"\{[^}]*#((?:%s)-[\w-]+)[^}]*\}" % "|".join(_XREF_KINDS))
_FENCED = re.compile(r"^(\s*)(`{3,}|~{3,})")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.qmd$")


def site_pages(root) -> list[Path]:
    """Every page of the site: ``index.qmd`` and the ``.qmd`` files under ``chapters/``."""
    root = Path(root)
    pages = [root / "index.qmd"] if (root / "index.qmd").is_file() else []
    return pages + sorted((root / "chapters").rglob("*.qmd"))


def _config(root) -> dict:
    return yaml.safe_load((Path(root) / "_quarto.yml").read_text(encoding="utf-8")) or {}


def sidebar_pages(config: dict) -> list[str]:
    """The ``.qmd`` paths the sidebar lists, in reading order."""
    found: list[str] = []

    def walk(items):
        for item in items or []:
            if isinstance(item, str):
                found.append(item)
            elif isinstance(item, dict):
                if "href" in item:
                    found.append(item["href"])
                if "file" in item:
                    found.append(item["file"])
                walk(item.get("contents"))

    sidebar = (config.get("website") or {}).get("sidebar") or {}
    for bar in sidebar if isinstance(sidebar, list) else [sidebar]:
        walk(bar.get("contents"))
    return [p for p in found if p.endswith(".qmd")]


def _read(path: Path, root: Path, problems: list[str]) -> Page | None:
    try:
        return read_page(path)
    except PageFormatError as exc:
        problems.append(str(exc).replace(str(root) + "/", ""))
        return None


def _rel(path: Path, root: Path) -> str:
    return str(Path(path).resolve().relative_to(Path(root).resolve()))


def check_config(root, schema: QuartoSchema) -> list[str]:
    """Validate ``_quarto.yml``, front matter and cell options against Quarto's schema."""
    root = Path(root)
    problems = [f"_quarto.yml: {e}" for e in schema.validate(_config(root), "project-config")]
    for path in site_pages(root):
        name = _rel(path, root)
        page = _read(path, root, problems)
        if page is None:
            continue
        line = page.front_matter_line or 1
        problems += [f"{name}:{line}: front matter: {e}" for e in schema.validate(page.front_matter, "front-matter")]
        if page.cells and page.front_matter.get("jupyter") != "python3":
            problems.append(f"{name}:{line}: runs Python cells, so its front matter must say 'jupyter: python3'")
        if not page.front_matter.get("title"):
            problems.append(f"{name}:{line}: front matter has no title")
        for cell in page.cells:
            for error in schema.validate(cell.options, "engine-jupyter", closed=True):
                problems.append(f"{name}:{cell.line}: cell {cell.name}: option {error}")
    return problems


def check_navigation(root) -> list[str]:
    """The sidebar lists every page exactly once, lists nothing that is missing; names are kebab-case."""
    root = Path(root)
    listed = sidebar_pages(_config(root))
    existing = [_rel(p, root) for p in site_pages(root)]
    problems = []
    for page in sorted(set(listed)):
        if listed.count(page) > 1:
            problems.append(f"_quarto.yml: sidebar lists {page} {listed.count(page)} times")
    problems += [f"_quarto.yml: sidebar lists {p}, which does not exist" for p in listed if p not in existing]
    problems += [f"{p}: page exists but the sidebar does not list it" for p in existing if p not in listed]
    problems += [
        f"{p}: page file names are kebab-case with no number prefix (e.g. my-topic.qmd)"
        for p in existing
        if not _KEBAB.match(Path(p).name) or re.match(r"^\d", Path(p).name)
    ]
    return problems


def _markdown_lines(page: Page):
    """(line number, text) of Markdown outside fenced code blocks."""
    for block in page.blocks:
        if not isinstance(block, MarkdownChunk):
            continue
        fence = None
        for offset, text in enumerate(block.text.split("\n")):
            match = _FENCED.match(text)
            if fence is None and match:
                fence = match.group(2)[0] * len(match.group(2))
                continue
            if fence is not None:
                if text.strip().startswith(fence) and text.strip().strip(fence[0]) == "":
                    fence = None
                continue
            yield block.line + offset, re.sub(r"`[^`]*`", "", text)  # inline code is not prose


def _bibliography_keys(root: Path, config: dict, page: Page) -> set[str] | None:
    files = page.front_matter.get("bibliography") or config.get("bibliography")
    if not files:
        return None
    keys: set[str] = set()
    for name in [files] if isinstance(files, str) else files:
        text = (root / name).read_text(encoding="utf-8") if (root / name).is_file() else ""
        keys |= set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", text))
    return keys


def check_links(root) -> list[str]:
    """Relative links resolve to files; cross-references resolve within their page; citations exist."""
    root = Path(root)
    config = _config(root)
    problems: list[str] = []
    for path in site_pages(root):
        name = _rel(path, root)
        page = _read(path, root, problems)
        if page is None:
            continue
        labels = {c.label for c in page.cells if c.label}
        lines = list(_markdown_lines(page))
        for _, text in lines:
            labels |= set(_ATTR_ID.findall(text))
        bib = _bibliography_keys(root, config, page)
        for number, text in lines:
            for target in _LINK.findall(text) + [m[1] for m in _IMAGE.findall(text)]:
                if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                    continue  # external URL, mailto:, or an in-page anchor
                file_part = target.split("#", 1)[0]
                resolved = (root / file_part.lstrip("/")) if file_part.startswith("/") else (path.parent / file_part)
                if resolved.suffix == ".html":
                    resolved = resolved.with_suffix(".qmd")
                if not resolved.exists():
                    problems.append(f"{name}:{number}: link to {target}, which does not exist")
            for key in _CITATION.findall(text):
                kind = key.split("-", 1)[0]
                if kind in _XREF_KINDS and "-" in key:
                    if key not in labels:
                        problems.append(
                            f"{name}:{number}: cross-reference @{key} has no target in this page "
                            f"(Quarto websites resolve cross-references only within a page)"
                        )
                elif bib is not None and key not in bib:
                    problems.append(f"{name}:{number}: citation @{key} is not in the bibliography")
    return problems


def check_figures(root) -> list[str]:
    """Every ``fig-`` cell and figure image has a caption and alt text; images have alt text."""
    root = Path(root)
    problems: list[str] = []
    for path in site_pages(root):
        name = _rel(path, root)
        page = _read(path, root, problems)
        if page is None:
            continue
        for cell in page.cells:
            if cell.label and cell.label.startswith("fig-"):
                for option in ("fig-cap", "fig-alt"):
                    if not str(cell.options.get(option) or "").strip():
                        problems.append(f"{name}:{cell.line}: figure cell '{cell.label}' has no {option}")
        for number, text in _markdown_lines(page):
            for alt, target, attrs in _IMAGE.findall(text):
                has_alt = "fig-alt=" in (attrs or "") or (alt.strip() and "#fig-" not in (attrs or ""))
                if not has_alt:
                    problems.append(f"{name}:{number}: image {target} has no alt text (add fig-alt=\"...\")")
    return problems


def cells_with_labels(page: Page, prefix: str) -> list[Cell]:
    """The page's cells whose label starts with ``prefix`` (e.g. ``"fig-"``)."""
    return [c for c in page.cells if c.label and c.label.startswith(prefix)]
