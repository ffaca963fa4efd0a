"""Which ``mlwiki`` code each page uses, and whether the reading order teaches it first.

A page lists what it teaches in its front matter::

    introduces: [mlwiki.lif, mlwiki.nn.Dense]

(modules -- which cover every public name in them -- or single functions and classes).  Its
cells may then use those, and whatever an earlier page in the sidebar introduced.  The display
helpers every page uses (:mod:`mlwiki.themes`, :mod:`mlwiki.source`) need no introduction.

Uses are found by reading the cells' code (``ast``): ``from mlwiki.lif import simulate``,
``import mlwiki.lif.model`` followed by ``mlwiki.lif.model._integrate``, ``from mlwiki import nn``
followed by ``nn.Dense(...)``.  Each use is resolved to the object it names and reported under
its canonical name (where it is defined: ``mlwiki.nn.dense.Dense``), so re-exports count once.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from dataclasses import dataclass

from sitetools.qmd import Page

__all__ = ["Use", "page_uses", "canonical_name", "resolve", "introduced_names", "reading_order_problems",
           "used_symbols", "EXEMPT_MODULES", "INTRODUCES_KEY"]

INTRODUCES_KEY = "introduces"
PACKAGE = "mlwiki"
# Display helpers (themes, shown source, generic plots and image grids), not ideas: every page
# may call them without an introduction.
EXEMPT_MODULES = ("mlwiki.themes", "mlwiki.source", "mlwiki.plots", "mlwiki.images")
_MAGIC = re.compile(r"^\s*[%!]")


@dataclass(frozen=True)
class Use:
    """One ``mlwiki`` object a page uses: its canonical name, the name written, and the line."""

    name: str
    written: str
    line: int


def resolve(dotted: str):
    """Follow ``dotted`` as Python's import statement does: attributes first, then submodules.

    ``from mlwiki.hmm import viterbi`` gives the package's attribute ``viterbi`` (a function
    re-exported by ``mlwiki/hmm/__init__.py``) even when a submodule of that name exists.

    Returns ``(object, resolved_dotted)``, where ``resolved_dotted`` may be shorter than
    ``dotted`` when a trailing attribute does not exist (it is then dropped).

    Raises
    ------
    LookupError
        When not even the first name after the package resolves.
    """
    parts = dotted.split(".")
    try:
        obj = importlib.import_module(parts[0])
    except ImportError:
        raise LookupError(f"{dotted}: no importable module") from None
    resolved = parts[0]
    for part in parts[1:]:
        if hasattr(obj, part):
            obj = getattr(obj, part)
        elif inspect.ismodule(obj):
            try:
                obj = importlib.import_module(f"{obj.__name__}.{part}")
            except ImportError:
                break
        else:
            break
        resolved += "." + part
    if resolved == PACKAGE and dotted != PACKAGE:
        raise LookupError(f"{dotted} does not exist in the {PACKAGE} package")
    return obj, resolved


def canonical_name(obj, fallback: str) -> str:
    """``module.qualname`` of a function or class (where it is defined); module names as is.

    Methods and attributes reduce to their class; anything else keeps ``fallback``.
    """
    if inspect.ismodule(obj):
        return obj.__name__
    if inspect.ismethod(obj):  # a classmethod read from its class: the function behind it
        obj = obj.__func__
    if inspect.isclass(obj) or inspect.isfunction(obj):
        qualname = obj.__qualname__.split(".")[0]  # a method counts as its class
        return f"{obj.__module__}.{qualname}"
    return fallback


def _attribute_chain(node) -> list[str] | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id] + parts[::-1]
    return None


def page_uses(page: Page) -> list[Use]:
    """Every ``mlwiki`` object the page's cells name, in order, with ``.qmd`` lines.

    Raises
    ------
    ValueError
        For a cell that is not valid Python, or a name that does not exist in ``mlwiki``
        (naming the page and line).
    """
    bindings: dict[str, str] = {}
    uses: list[Use] = []
    for cell in page.cells:
        code = "\n".join("" if _MAGIC.match(line) else line for line in cell.source.splitlines())
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            raise ValueError(f"{page.path}:{cell.code_line + (exc.lineno or 1) - 1}: cell {cell.name} "
                             f"is not valid Python ({exc.msg})") from None
        found: list[tuple[str, int]] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == PACKAGE:
                        if alias.asname:
                            bindings[alias.asname] = alias.name
                        else:
                            bindings[PACKAGE] = PACKAGE
                        found.append((alias.name, node.lineno))
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module \
                    and node.module.split(".")[0] == PACKAGE:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    bindings[alias.asname or alias.name] = target
                    found.append((target, node.lineno))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(getattr(node, "ctx", None), ast.Load):
                chain = _attribute_chain(node)
                if chain and chain[0] in bindings:
                    found.append((".".join([bindings[chain[0]]] + chain[1:]), node.lineno))
        for written, line in sorted(found, key=lambda item: item[1]):
            try:
                obj, resolved = resolve(written)
            except LookupError as exc:
                raise ValueError(f"{page.path}:{cell.code_line + line - 1}: {exc}") from None
            if inspect.ismodule(obj):
                continue  # importing a module uses nothing yet; its attributes are the uses
            uses.append(Use(canonical_name(obj, resolved), written, cell.code_line + line - 1))
    return uses


def _covers(introduced: set[str], name: str) -> bool:
    return any(name == item or name.startswith(item + ".") for item in introduced)


def introduced_names(page: Page) -> list[str]:
    """Canonical names a page's front matter ``introduces`` (modules or objects)."""
    listed = page.front_matter.get(INTRODUCES_KEY) or []
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
        raise ValueError(f"{page.path}: front matter '{INTRODUCES_KEY}' must be a list of dotted names")
    names: list[str] = []
    for item in listed:
        obj, resolved = resolve(item)
        if resolved != item:
            raise ValueError(f"{page.path}: '{INTRODUCES_KEY}' lists {item}, which does not exist")
        names.append(canonical_name(obj, item))
        if inspect.ismodule(obj):
            # A package also covers what it re-exports from modules outside itself.
            names += [canonical_name(getattr(obj, n), f"{item}.{n}") for n in getattr(obj, "__all__", [])]
    return list(dict.fromkeys(names))


def reading_order_problems(pages: list[tuple[str, Page]]) -> list[str]:
    """Problems with the reading order: uses before introduction, and bad introductions.

    Parameters
    ----------
    pages : list of (project-relative path, Page)
        In sidebar order.
    """
    problems: list[str] = []
    introduced: set[str] = set()
    where: dict[str, str] = {}
    for name, page in pages:
        try:
            mine = introduced_names(page)
            uses = page_uses(page)
        except ValueError as exc:
            problems.append(str(exc).replace(str(page.path), name, 1))
            continue
        own = set(mine)
        for item in page.front_matter.get(INTRODUCES_KEY) or []:
            obj, _ = resolve(item)
            key = canonical_name(obj, item)
            if key in where:
                problems.append(f"{name}: introduces {item}, which {where[key]} already introduced")
            if not any(_covers({key}, use.name) for use in uses):
                problems.append(f"{name}: introduces {item} but never uses it")
        reported = set()
        for use in uses:
            if use.name.startswith(EXEMPT_MODULES) or use.name == PACKAGE or use.name in reported:
                continue
            if not _covers(introduced | own, use.name):
                reported.add(use.name)
                problems.append(
                    f"{name}:{use.line}: uses {use.written} ({use.name}), which no page up to here "
                    f"introduces: add it to this page's '{INTRODUCES_KEY}:' or teach it earlier"
                )
        for item in mine:
            where.setdefault(item, name)
        introduced |= own
    return problems


def used_symbols(pages: list[tuple[str, Page]]) -> dict[str, list[str]]:
    """Canonical name -> the pages (in order) whose cells use it."""
    used: dict[str, list[str]] = {}
    for name, page in pages:
        for use in page_uses(page):
            pages_using = used.setdefault(use.name, [])
            if name not in pages_using:
                pages_using.append(name)
    return used
