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
* :func:`check_figures` -- every figure is a ``::: {#fig-...}`` div around one cell drawn in both
  themes (``renderings: [light, dark]``), with alt text and a caption.
* :func:`check_exercises` -- every exercise is followed by a collapsed, computed solution.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from sitetools.qmd import MarkdownChunk, Page, PageFormatError, read_page
from sitetools.schema import QuartoSchema

__all__ = [
    "site_pages",
    "sidebar_pages",
    "check_config",
    "check_navigation",
    "check_links",
    "check_figures",
    "check_exercises",
    "check_reading_order",
    "exercises",
    "figure_problems",
    "exercise_problems",
]

_XREF_KINDS = ("fig", "tbl", "sec", "eq", "lst", "thm", "lem", "def", "exm", "exr", "cor", "prp", "cnj", "rem", "sol")
# @key not preceded by a word character or another @ (so e-mail addresses are not citations).
_CITATION = re.compile(r"(?<![\w@/])@([A-Za-z0-9_][\w:.#$%&\-+?<>~/]*[A-Za-z0-9_])")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)[^)]*\)(\{[^}]*\})?")
_ATTR_ID = re.compile(r"\{[^}]*#((?:%s)-[\w-]+)[^}]*\}" % "|".join(_XREF_KINDS))
_FENCED = re.compile(r"^(\s*)(`{3,}|~{3,})")
_KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.qmd$")


GENERATED_DIR = "chapters/reference"


def site_pages(root) -> list[Path]:
    """Every written page of the site: ``index.qmd`` and the ``.qmd`` files under ``chapters/``.

    The API reference (``chapters/reference/``) is generated at render time and not included.
    """
    root = Path(root)
    pages = [root / "index.qmd"] if (root / "index.qmd").is_file() else []
    generated = root / GENERATED_DIR
    return pages + sorted(p for p in (root / "chapters").rglob("*.qmd") if generated not in p.parents)


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
        labels: list[str] = []
        for cell in page.cells:
            for error in schema.validate(cell.options, "engine-jupyter", closed=True):
                problems.append(f"{name}:{cell.line}: cell {cell.name}: option {error}")
            if not cell.label:
                problems.append(f"{name}:{cell.line}: cell {cell.name} has no '#| label:' (Quarto's progress "
                                f"and the executor's errors name cells by their labels)")
            elif cell.label in labels:
                problems.append(f"{name}:{cell.line}: cell label '{cell.label}' is used twice on the page")
            labels.append(cell.label or "")
        # Quarto validates an ojs cell's options against the document engine's cell schema.
        for cell in page.ojs_cells:
            for error in schema.validate(cell.options, "engine-jupyter", closed=True):
                problems.append(f"{name}:{cell.line}: ojs cell: option {error}")
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


def _is_generated_reference_page(root: Path, resolved: Path) -> bool:
    """A link into the API reference, which is generated at render time: its index, or the page
    of a module the reference documents."""
    folder = (root / GENERATED_DIR).resolve()
    resolved = resolved.resolve()
    if resolved.parent != folder:
        return False
    from sitetools.reference import public_api  # imports mlwiki: only when a page links the reference

    return resolved.name == "index.qmd" or resolved.name in {module.page for module in public_api()}


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
                if _is_generated_reference_page(root, resolved):
                    continue
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


RENDERINGS = ["light", "dark"]


def figure_problems(page: Page, name: str) -> list[str]:
    """Problems with the figures of one page (see :func:`check_figures`)."""
    problems = []
    for cell in page.cells:
        kind = cell.label.split("-", 1)[0] if cell.label and "-" in cell.label else ""
        # A figure must be drawn in both themes, which Quarto 1.10 cannot do for a cell labelled
        # fig-...; any cross-reference label breaks renderings. (A tbl- cell is fine.)
        if kind == "fig" or (kind in _XREF_KINDS and "renderings" in cell.options):
            problems.append(
                f"{name}:{cell.line}: cell label '{cell.label}' is a cross-reference label; Quarto "
                f"1.10 cannot combine those with renderings: put the cell in a "
                f"'::: {{#{cell.label}}}' div and give it a plain label"
            )
        for option in ("fig-cap", "fig-subcap"):
            if option in cell.options:
                problems.append(f"{name}:{cell.line}: cell {cell.name}: '{option}' is lost with renderings; "
                                f"write the caption as the last paragraph of the figure div")
        in_figure = any((page.divs[i].id or "").startswith("fig-") for i in cell.divs)
        if "renderings" in cell.options and not in_figure:
            problems.append(f"{name}:{cell.line}: cell {cell.name} has renderings but is not inside a "
                            f"'::: {{#fig-...}}' div (every figure has a label and a caption)")
    for index, div in enumerate(page.divs):
        if not (div.id or "").startswith("fig-"):
            continue
        cells = page.cells_in(index)
        where = f"{name}:{div.line}: figure '{div.id}'"
        if not cells and page.ojs_in(index):
            # An interactive figure, drawn by Observable JS in the reader's browser (it follows
            # the theme through CSS colours): one OJS cell and a caption.
            if len(page.ojs_in(index)) != 1:
                problems.append(f"{where} must hold exactly one ojs cell, found {len(page.ojs_in(index))}")
            if not page.div_tail(index):
                problems.append(f"{where} has no caption: end the div with a paragraph after the cell")
            continue
        if len(cells) != 1:
            if not cells and _has_image(page, div):
                continue  # a static image figure: its alt text is checked below
            problems.append(f"{where} must hold exactly one Python cell, found {len(cells)}")
            continue
        cell = cells[0]
        if cell.options.get("renderings") != RENDERINGS:
            problems.append(f"{where}: its cell {cell.name} needs '#| renderings: [light, dark]' "
                            f"(draw it with mlwiki.themes.both_themes)")
        if not str(cell.options.get("fig-alt") or "").strip():
            problems.append(f"{where}: its cell {cell.name} has no fig-alt (alt text for both renderings)")
        if not cell.label:
            problems.append(f"{where}: its cell has no label (give it a plain one, e.g. '{div.id[4:]}-plot')")
        if not page.div_tail(index):
            problems.append(f"{where} has no caption: end the div with a paragraph after the cell")
    return problems


def _has_image(page: Page, div) -> bool:
    return bool(_IMAGE.search(page.text_between(div.line, div.end_line)))


def check_figures(root) -> list[str]:
    """Every figure is drawn in both themes, labelled, captioned and described.

    A figure is a fenced div ``::: {#fig-name}`` around one cell with ``#| renderings: [light,
    dark]``, a plain ``label`` and ``fig-alt``, followed by the caption as the div's last
    paragraph (Quarto 1.10 loses captions and warns when ``renderings`` meets a ``fig-`` cell
    label).  Images in Markdown need alt text.
    """
    root = Path(root)
    problems: list[str] = []
    for path in site_pages(root):
        name = _rel(path, root)
        page = _read(path, root, problems)
        if page is None:
            continue
        problems += figure_problems(page, name)
        for number, text in _markdown_lines(page):
            for alt, target, attrs in _IMAGE.findall(text):
                has_alt = "fig-alt=" in (attrs or "") or (alt.strip() and "#fig-" not in (attrs or ""))
                if not has_alt:
                    problems.append(f"{name}:{number}: image {target} has no alt text (add fig-alt=\"...\")")
    return problems


def exercises(page: Page) -> list[tuple[int, int | None]]:
    """``(exercise div index, solution div index or None)`` for every ``#exr-`` div of a page.

    The solution is the collapsed callout that directly follows the exercise.
    """
    found = []
    for index, div in enumerate(page.divs):
        if not (div.id or "").startswith("exr-"):
            continue
        solution = None
        for later in range(index + 1, len(page.divs)):
            candidate = page.divs[later]
            if candidate.parent == div.parent and candidate.line > div.end_line:
                between = page.text_between(div.end_line + 1, candidate.line - 1)
                if not between.strip():
                    solution = later
                break
        found.append((index, solution))
    return found


def _title(page: Page, div) -> str:
    if div.attributes.get("title"):
        return div.attributes["title"]
    for line in page.text_between(div.line + 1, div.end_line - 1).splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip() if line.lstrip().startswith("#") else ""
    return ""


def exercise_problems(page: Page, name: str) -> list[str]:
    """Problems with the exercises of one page (see :func:`check_exercises`)."""
    problems = []
    for exercise, solution in exercises(page):
        div = page.divs[exercise]
        where = f"{name}:{div.line}: exercise '{div.id}'"
        if not _title(page, div):
            problems.append(f"{where} has no title: start it with a '## Title' line")
        if solution is None:
            problems.append(f"{where} must be followed directly by its solution, a "
                            f"'::: {{.callout-tip collapse=\"true\"}}' div titled '## Solution'")
            continue
        sol = page.divs[solution]
        sol_where = f"{name}:{sol.line}: solution of '{div.id}'"
        if not any(c.startswith("callout") for c in sol.classes) or sol.attributes.get("collapse") != "true":
            problems.append(f"{sol_where} must be a collapsed callout: "
                            f"'::: {{.callout-tip collapse=\"true\"}}'")
        if not _title(page, sol).startswith("Solution"):
            problems.append(f"{sol_where} must be titled 'Solution' (a '## Solution' first line)")
        body = page.text_between(sol.line, sol.end_line)
        if not page.cells_in(solution) and "`{python}" not in body:
            problems.append(f"{sol_where} computes nothing: its numbers must come from a cell or an "
                            f"inline expression, so the page's test can assert them")
    return problems


def check_exercises(root) -> list[str]:
    """Every ``::: {#exr-...}`` exercise has a title and is directly followed by a collapsed
    ``Solution`` callout whose numbers come from executed code."""
    root = Path(root)
    problems: list[str] = []
    for path in site_pages(root):
        page = _read(path, root, problems)
        if page is not None:
            problems += exercise_problems(page, _rel(path, root))
    return problems


def check_reading_order(root) -> list[str]:
    """Every ``mlwiki`` name a page uses was introduced on that page or an earlier one.

    See :mod:`sitetools.usage`: pages list what they teach under ``introduces:`` in their
    front matter; the sidebar's order is the reading order.
    """
    from sitetools.usage import reading_order_problems

    root = Path(root)
    problems: list[str] = []
    pages = []
    for relative in sidebar_pages(_config(root)):
        page = _read(root / relative, root, problems)
        if page is not None:
            pages.append((relative, page))
    return problems + reading_order_problems(pages)
