"""The import graph of the package the pages use, read with ``ast`` (nothing is imported).

A page that runs ``from mlwiki import nn`` depends on ``mlwiki/__init__.py``,
``mlwiki/nn/__init__.py`` and everything those import, transitively; relative imports are
resolved against the importing module.
"""

from __future__ import annotations

import ast
from pathlib import Path

from sitetools.project import FreshnessError, Project

__all__ = ["module_graph", "imported_modules", "closure"]


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


def imported_modules(tree: ast.AST, importer: str | None, importer_is_package: bool,
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
        imports = imported_modules(tree, name, is_package, files, project.package,
                                    lambda line, rel=rel: f"{rel}:{line}")
        graph[name] = {"path": path, "imports": imports - {name}}
    return graph


def closure(graph: dict, roots: set[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name]["imports"])
    return seen
