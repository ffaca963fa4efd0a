"""Keep Quarto's frozen page outputs in step with the code and data behind them.

With ``execute: freeze: auto`` Quarto re-executes a page only when the page's own
``.qmd`` changes.  A page that calls ``mlwiki.nn.fit`` keeps showing the figures
of the old code after ``code/mlwiki/nn/training.py`` changes.  This module keys
each page's executed outputs on everything they were computed from:

* the page source;
* every ``mlwiki`` module the page imports, followed transitively through the
  package with an ``ast``-based import graph (relative imports resolved; importing
  ``mlwiki.nn`` or ``from mlwiki import nn`` runs -- and so depends on --
  ``mlwiki/__init__.py`` and ``mlwiki/nn/__init__.py`` and whatever they import);
* every file it ``{{< include >}}``s;
* the execution options Quarto resolves for it from ``_quarto.yml``, ``_metadata.yml`` and its
  front matter (``eval``, ``error``, figure size, dpi and format: :mod:`sitetools.metadata`);
* ``requirements.lock`` (the exact versions of NumPy, Matplotlib, ...), the Python version that
  runs the pages, and the Quarto version (read from ``$QUARTO_SHARE_PATH/version``, which
  Quarto's launcher exports to project scripts, or from ``quarto --version``);
* data files the page reads: listed in its front matter under ``data-files:``
  (project-relative paths), and, detected automatically, string literals in its
  cells that name an existing file under ``assets/`` (relative to the page's
  folder, where Quarto runs the page, or to the project root).

Where the key lives: Quarto stores a page's executed results in
``_freeze/<page path without extension>/execute-results/html.json``.  The key is
written beside it, as ``execute-results/mlwiki-freshness.json``, with the hash of
every dependency (so a report can say *which* one changed) and the hash of the
``html.json`` it vouches for.  Inside ``execute-results/`` it travels with the
results but is never published: Quarto deletes that folder from the page's
``_files`` directory after thawing.

Command line (``python -m sitetools.freshness``, or ``code/sitetools/hooks.py``
from Quarto's project scripts)::

    (no option)  report: list stale pages and why
    --check      exit 1 when any page's executed output is stale
    --refresh    Quarto pre-render hook: delete the freeze entries of the stale
                 pages among those being rendered, so Quarto re-executes exactly those
    --record     Quarto post-render hook: write the key of every rendered page
                 whose results were (re-)executed

The hooks act only on the pages being rendered (:mod:`sitetools.render_files`), so a partial
render (``quarto render chapters/x.qmd``) refreshes and records only that page.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from sitetools.import_graph import closure, imported_modules, module_graph
from sitetools.metadata import page_options
from sitetools.project import FreshnessError, Project, read_project_page
from sitetools.render_files import pages_being_rendered

__all__ = [
    "FreshnessError",
    "Project",
    "PageStatus",
    "quarto_version",
    "page_dependencies",
    "page_status",
    "project_status",
    "refresh",
    "record",
    "affected_pages",
    "main",
]

KEY_FILE = "mlwiki-freshness.json"
# Inputs that are not files, named in keys and reports as these.
OPTIONS_KEY = "(execute options)"
PYTHON_KEY = "(Python version)"
QUARTO_KEY = "(Quarto version)"
DATA_FILES_KEY = "data-files"
_FORMAT = 1
_RESULTS = Path("execute-results") / "html.json"
# Folders Quarto never renders from, plus tool folders.
_SKIP_DIRS = {"node_modules", "venv", "site-packages"}
# IPython magics and shell escapes are not Python: blank them (keeping line numbers).
_MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class PageStatus:
    """Freshness of one page's executed outputs.

    ``reasons`` is empty when the outputs are fresh; otherwise each entry says why
    not (``"never executed"``, ``"changed: code/mlwiki/lif.py"``, ...).
    ``dependencies`` maps project-relative paths to their current SHA-256.
    """

    page: str
    dependencies: dict = field(repr=False)
    reasons: tuple = ()

    @property
    def stale(self) -> bool:
        return bool(self.reasons)


# ------------------------------------------------------------------ dependencies

def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_files(page_path: Path, page, project: Project) -> set[Path]:
    rel = project.rel(page_path)
    declared = page.front_matter.get(DATA_FILES_KEY, [])
    if isinstance(declared, str):
        declared = [declared]
    if not isinstance(declared, list) or not all(isinstance(d, str) for d in declared):
        raise FreshnessError(f"{rel}:{page.front_matter_line or 1}: front matter "
                             f"'{DATA_FILES_KEY}' must be a list of project-relative paths")
    files = set()
    for entry in declared:
        path = (project.root / entry).resolve()
        if not path.is_file():
            raise FreshnessError(f"{rel}:{page.front_matter_line or 1}: '{DATA_FILES_KEY}' "
                                 f"lists {entry}, which is not a file of the project")
        files.add(path)
    assets = (project.root / "assets").resolve()
    for cell in page.cells:
        for literal in re.findall(r"""["']([^"'\n]*assets/[^"'\n]+)["']""", cell.source):
            for base in (page_path.parent, project.root):
                path = (base / literal).resolve()
                if path.is_file() and path.is_relative_to(assets):
                    files.add(path)
    return files


def page_dependencies(project: Project, page: str, graph: dict | None = None) -> dict[str, str]:
    """Everything ``page``'s outputs are computed from, with current SHA-256 hashes.

    Parameters
    ----------
    project : Project
    page : str
        Project-relative path of the ``.qmd`` page.
    graph : dict, optional
        :func:`module_graph` of the project (computed when not given).

    Returns
    -------
    dict
        Project-relative path -> hex SHA-256 (``"absent"`` for a missing lock file).

    Raises
    ------
    FreshnessError
        When the page cannot be parsed, a cell is not valid Python, or the page
        imports a package module that does not exist (naming page and line).
    """
    graph = module_graph(project) if graph is None else graph
    page_path = project.root / page
    parsed = read_project_page(page_path, project)
    roots: set[str] = set()
    for cell in parsed.cells:
        code = "\n".join("" if _MAGIC.match(line) else line for line in cell.source.splitlines())
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            line = cell.code_line + (exc.lineno or 1) - 1
            raise FreshnessError(f"{page}:{line}: cell {cell.name} is not valid Python "
                                 f"({exc.msg})") from None
        roots |= imported_modules(tree, None, False, graph, project.package,
                                   lambda n, c=cell: f"{page}:{c.code_line + n - 1}")
    deps = {page: _sha256(page_path)}
    for name in closure(graph, roots):
        path = graph[name]["path"]
        deps[project.rel(path)] = _sha256(path)
    lock = project.lock_file
    deps[project.rel(lock)] = _sha256(lock) if lock.is_file() else "absent"
    for path in _data_files(page_path, parsed, project):
        deps[project.rel(path)] = _sha256(path)
    for path in parsed.includes:
        deps[project.rel(path)] = _sha256(path)
    try:
        options = page_options(project.root, page_path, parsed.front_matter)
    except ValueError as exc:
        raise FreshnessError(str(exc)) from None
    deps[OPTIONS_KEY] = hashlib.sha256(json.dumps(options, sort_keys=True).encode()).hexdigest()
    deps[PYTHON_KEY] = platform.python_version()
    deps[QUARTO_KEY] = quarto_version()
    return dict(sorted(deps.items()))


def quarto_version() -> str:
    """The version of the Quarto running this render (``"none"`` when there is none)."""
    share = os.environ.get("QUARTO_SHARE_PATH")
    if share and (Path(share) / "version").is_file():
        return (Path(share) / "version").read_text(encoding="utf-8").strip()
    quarto = shutil.which("quarto")
    if quarto is None:
        return "none"
    try:
        result = subprocess.run([quarto, "--version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    return result.stdout.strip() or "unknown"


def _key(deps: dict[str, str]) -> str:
    text = "".join(f"{path}\0{digest}\n" for path, digest in sorted(deps.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def _key_file(project: Project, page: str) -> Path:
    return project.freeze_entry(page) / "execute-results" / KEY_FILE


def _results_file(project: Project, page: str) -> Path:
    return project.freeze_entry(page) / _RESULTS


# ---------------------------------------------------------------------- status

def page_status(project: Project, page: str, graph: dict | None = None) -> PageStatus:
    """Compare ``page``'s recorded key with its current dependencies."""
    deps = page_dependencies(project, page, graph)
    results = _results_file(project, page)
    if not results.is_file():
        return PageStatus(page, deps, ("never executed (no frozen results)",))
    key_file = _key_file(project, page)
    if not key_file.is_file():
        return PageStatus(page, deps, ("frozen results have no freshness record",))
    try:
        recorded = json.loads(key_file.read_text(encoding="utf-8"))
        old = dict(recorded["dependencies"])
        results_digest = recorded["execute_results"]
    except (ValueError, KeyError, TypeError):
        return PageStatus(page, deps, (f"unreadable freshness record {project.rel(key_file)}",))
    reasons = []
    for path in sorted(set(old) | set(deps)):
        if path not in old:
            reasons.append(f"new dependency: {path}")
        elif path not in deps:
            reasons.append(f"no longer a dependency: {path}")
        elif old[path] != deps[path]:
            reasons.append(f"changed: {path}")
    if results_digest != _sha256(results):
        reasons.append("frozen results changed after they were recorded")
    return PageStatus(page, deps, tuple(reasons))


def project_status(project: Project, pages: list[str] | None = None) -> list[PageStatus]:
    """:func:`page_status` of ``pages`` (default: every page with code cells)."""
    graph = module_graph(project)
    return [page_status(project, page, graph)
            for page in (project.pages() if pages is None else pages)]


def refresh(project: Project, pages: list[str] | None = None) -> list[PageStatus]:
    """Delete the freeze entries of the stale pages among ``pages``; return those pages.

    Quarto then finds no frozen results for exactly these pages and re-executes
    them; fresh pages keep their results.
    """
    stale = [status for status in project_status(project, pages) if status.stale]
    for status in stale:
        entry = project.freeze_entry(status.page)
        if entry.is_dir():
            shutil.rmtree(entry)
    return stale


def record(project: Project, pages: list[str] | None = None) -> list[str]:
    """Write the key of every page among ``pages`` whose results were (re-)executed.

    A page counts as executed when it has frozen results and either no key yet
    (its entry was refreshed, or it is new) or a key recorded for other results.
    Returns the pages recorded.
    """
    graph = module_graph(project)
    written = []
    for page in project.pages() if pages is None else pages:
        results = _results_file(project, page)
        if not results.is_file():
            continue
        key_file = _key_file(project, page)
        digest = _sha256(results)
        if key_file.is_file():
            try:
                if json.loads(key_file.read_text(encoding="utf-8")).get("execute_results") == digest:
                    continue
            except (ValueError, AttributeError):
                pass  # an unreadable record is replaced
        deps = page_dependencies(project, page, graph)
        key_file.write_text(json.dumps({
            "format": _FORMAT, "page": page, "key": _key(deps),
            "execute_results": digest, "dependencies": deps,
        }, indent=2) + "\n", encoding="utf-8")
        written.append(page)
    return written


def affected_pages(project_root, changed_files: list[str]) -> list[str]:
    """Pages whose current dependencies include any of ``changed_files``.

    ``changed_files`` are project-relative paths (e.g. from ``git diff
    --name-only``).  Used to list the pages a pull request changes.
    """
    project = Project(project_root)
    changed = set(changed_files)
    graph = module_graph(project)
    return [page for page in project.pages()
            if changed & set(page_dependencies(project, page, graph))]


# -------------------------------------------------------------------------- CLI

def _describe(status: PageStatus) -> str:
    return f"{status.page}: " + "; ".join(status.reasons)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m sitetools.freshness",
        description="Report, check, refresh or record the freshness of frozen page outputs.")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="exit 1 if any page is stale")
    mode.add_argument("--refresh", action="store_true",
                      help="pre-render: invalidate stale pages being rendered")
    mode.add_argument("--record", action="store_true",
                      help="post-render: record keys of re-executed pages")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project root")
    parser.add_argument("--package-root", type=Path, help="folder holding the package")
    parser.add_argument("--package", default="mlwiki")
    args = parser.parse_args(argv)

    try:
        project = Project(args.project, args.package_root, args.package)
        if args.refresh:
            stale = refresh(project, pages_being_rendered(project, "refresh"))
            for status in stale:
                print(f"freshness: re-executing {_describe(status)}")
            return 0
        if args.record:
            for page in record(project, pages_being_rendered(project, "record")):
                print(f"freshness: recorded {page}")
            return 0
        statuses = project_status(project)
    except (FreshnessError, ValueError) as exc:
        print(f"freshness: {exc}", file=sys.stderr)
        return 2
    stale = [status for status in statuses if status.stale]
    for status in stale:
        print(f"stale {_describe(status)}")
    print(f"{len(stale)} of {len(statuses)} executed pages stale")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
