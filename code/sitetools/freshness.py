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
* ``requirements.lock`` (the exact versions of NumPy, Matplotlib, ...);
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

Quarto runs project scripts from the project root and tells them what is being
rendered: ``QUARTO_PROJECT_RENDER_ALL=1`` for a full render, the project-relative
input files (one per line) in ``QUARTO_PROJECT_INPUT_FILES`` (pre-render) and the
output files in ``QUARTO_PROJECT_OUTPUT_FILES`` (post-render), or, when
``QUARTO_USE_FILE_FOR_PROJECT_INPUT_FILES`` / ``..._OUTPUT_FILES`` name a file,
in that file instead.  So a partial render (``quarto render chapters/x.qmd``)
refreshes and records only that page.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitetools.qmd import PageFormatError, read_page

__all__ = [
    "FreshnessError",
    "Project",
    "PageStatus",
    "module_graph",
    "page_dependencies",
    "page_status",
    "project_status",
    "refresh",
    "record",
    "affected_pages",
    "main",
]

KEY_FILE = "mlwiki-freshness.json"
DATA_FILES_KEY = "data-files"
_FORMAT = 1
_RESULTS = Path("execute-results") / "html.json"
# Folders Quarto never renders from, plus tool folders.
_SKIP_DIRS = {"node_modules", "venv", "site-packages"}
# IPython magics and shell escapes are not Python: blank them (keeping line numbers).
_MAGIC = re.compile(r"^\s*[%!]")


class FreshnessError(ValueError):
    """A page or module whose dependencies cannot be worked out (names file and line)."""


@dataclass(frozen=True)
class Project:
    """Where a Quarto project keeps its pages, package, lock file and freezer.

    Parameters
    ----------
    root : path
        Project root (the folder of ``_quarto.yml``).
    package_root : path, optional
        Folder that contains the package directory; default ``root / "code"``.
    package : str
        Name of the package whose imports are followed; default ``"mlwiki"``.
    lock_file : path, optional
        Default ``root / "requirements.lock"``.
    """

    root: Path
    package_root: Path | None = None
    package: str = "mlwiki"
    lock_file: Path | None = None

    def __post_init__(self):
        root = Path(self.root).resolve()
        if not root.is_dir():
            raise ValueError(f"root must be an existing directory, got {self.root!r}")
        if not self.package.isidentifier():
            raise ValueError(f"package must be a Python identifier, got {self.package!r}")
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "package_root",
                           Path(self.package_root).resolve() if self.package_root else root / "code")
        object.__setattr__(self, "lock_file",
                           Path(self.lock_file).resolve() if self.lock_file else root / "requirements.lock")

    @property
    def freeze_dir(self) -> Path:
        return self.root / "_freeze"

    def rel(self, path: Path) -> str:
        """Project-relative POSIX path (how files are named in keys and messages)."""
        path = Path(path).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def freeze_entry(self, page: str) -> Path:
        """``_freeze/<page without extension>``: Quarto's freezer folder of a page."""
        return self.freeze_dir / Path(page).with_suffix("")

    def pages(self) -> list[str]:
        """Project-relative paths of the ``.qmd`` pages that contain Python cells.

        Like Quarto, files and folders whose name starts with ``_`` or ``.`` are not
        pages.  Pages without code cells are not executed, so they have no outputs
        to keep fresh.
        """
        found = []
        for path in sorted(self.root.rglob("*.qmd")):
            parts = path.relative_to(self.root).parts
            if any(p.startswith(("_", ".")) or p in _SKIP_DIRS for p in parts):
                continue
            if _read(path, self).cells:
                found.append(self.rel(path))
        return found


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


# ------------------------------------------------------------------ import graph

def _read(path: Path, project: Project):
    try:
        return read_page(path)
    except PageFormatError as exc:
        raise FreshnessError(f"cannot read page {project.rel(path)}: {exc}") from None


def _module_files(project: Project) -> dict[str, tuple[Path, bool]]:
    """Module name -> (file, is_package) for every module of the package."""
    package_dir = project.package_root / project.package
    modules = {}
    if not (package_dir / "__init__.py").is_file():
        return modules
    for path in sorted(package_dir.rglob("*.py")):
        relative = path.relative_to(project.package_root).with_suffix("")
        if "__pycache__" in relative.parts:
            continue
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        modules[".".join(parts)] = (path, is_package)
    return modules


def _prefixes(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def _imported_modules(tree: ast.AST, importer: str | None, importer_is_package: bool,
                      known, package: str, where) -> set[str]:
    """Package modules that executing ``tree`` imports (directly).

    ``where(line)`` formats a location for error messages; ``known`` is the set of
    module names that exist.
    """
    found: set[str] = set()

    def need(name: str, line: int) -> None:
        for prefix in _prefixes(name):
            if prefix not in known:
                raise FreshnessError(
                    f"{where(line)}: imports {name}, but {prefix} is not a module of "
                    f"the {package} package")
            found.add(prefix)

    def ours(name: str) -> bool:
        return name == package or name.startswith(package + ".")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if ours(alias.name):
                    need(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if importer is None:
                    continue  # a relative import in a page does not reach the package
                base_parts = importer.split(".")
                if not importer_is_package:
                    base_parts = base_parts[:-1]
                if node.level - 1 >= len(base_parts):
                    raise FreshnessError(f"{where(node.lineno)}: relative import goes "
                                         f"above the {package} package")
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
                if not ours(base):
                    continue
            need(base, node.lineno)
            for alias in node.names:
                # `from mlwiki import nn` imports the subpackage; `from mlwiki.lif
                # import simulate` only reads an attribute of an imported module.
                candidate = f"{base}.{alias.name}"
                if alias.name != "*" and candidate in known:
                    found.add(candidate)
    return found


def module_graph(project: Project) -> dict[str, dict]:
    """The package's import graph.

    Returns
    -------
    dict
        Module name -> ``{"path": Path, "imports": set of module names}``, for every
        module under ``project.package_root / project.package``.

    Raises
    ------
    FreshnessError
        For a module that is not valid Python or that imports a package module
        that does not exist (naming the file and line).
    """
    files = _module_files(project)
    graph = {}
    for name, (path, is_package) in files.items():
        rel = project.rel(path)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        except SyntaxError as exc:
            raise FreshnessError(f"{rel}:{exc.lineno}: not valid Python ({exc.msg})") from None
        imports = _imported_modules(tree, name, is_package, files, project.package,
                                    lambda line, rel=rel: f"{rel}:{line}")
        graph[name] = {"path": path, "imports": imports - {name}}
    return graph


def _closure(graph: dict, roots: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name]["imports"])
    return seen


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
    parsed = _read(page_path, project)
    roots: set[str] = set()
    for cell in parsed.cells:
        code = "\n".join("" if _MAGIC.match(line) else line for line in cell.source.splitlines())
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            line = cell.code_line + (exc.lineno or 1) - 1
            raise FreshnessError(f"{page}:{line}: cell {cell.name} is not valid Python "
                                 f"({exc.msg})") from None
        roots |= _imported_modules(tree, None, False, graph, project.package,
                                   lambda n, c=cell: f"{page}:{c.code_line + n - 1}")
    deps = {page: _sha256(page_path)}
    for name in _closure(graph, roots):
        path = graph[name]["path"]
        deps[project.rel(path)] = _sha256(path)
    lock = project.lock_file
    deps[project.rel(lock)] = _sha256(lock) if lock.is_file() else "absent"
    for path in _data_files(page_path, parsed, project):
        deps[project.rel(path)] = _sha256(path)
    return dict(sorted(deps.items()))


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


# ------------------------------------------------------------------------ hooks

def _listed_files(variable: str) -> list[str] | None:
    """Files Quarto passed to a project script (None when it passed none)."""
    file_variable = f"QUARTO_USE_FILE_FOR_{variable.removeprefix('QUARTO_')}"
    if os.environ.get(file_variable):
        text = Path(os.environ[file_variable]).read_text(encoding="utf-8")
    elif variable in os.environ:
        text = os.environ[variable]
    else:
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _output_dir(project: Project) -> str:
    config = project.root / "_quarto.yml"
    if config.is_file():
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        out = (data.get("project") or {}).get("output-dir")
        if out:
            return Path(out).as_posix().strip("/")
    return ""


def _pages_being_rendered(project: Project, hook: str) -> list[str] | None:
    """The pages of the current render, or None for all of them."""
    if os.environ.get("QUARTO_PROJECT_RENDER_ALL") == "1":
        return None
    if hook == "refresh":
        inputs = _listed_files("QUARTO_PROJECT_INPUT_FILES")
        if inputs is None:
            return None
        candidates = [Path(p).as_posix() for p in inputs]
    else:
        outputs = _listed_files("QUARTO_PROJECT_OUTPUT_FILES")
        if outputs is None:
            return None
        prefix = _output_dir(project)
        candidates = []
        for output in outputs:
            path = Path(output).as_posix()
            if prefix and path.startswith(prefix + "/"):
                path = path[len(prefix) + 1:]
            candidates.append(str(Path(path).with_suffix(".qmd").as_posix()))
    pages = set(project.pages())
    return [page for page in candidates if page in pages]


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
            stale = refresh(project, _pages_being_rendered(project, "refresh"))
            for status in stale:
                print(f"freshness: re-executing {_describe(status)}")
            return 0
        if args.record:
            for page in record(project, _pages_being_rendered(project, "record")):
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
