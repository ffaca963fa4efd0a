"""The API reference: generated from the package's docstrings before every render, linked both ways.

quartodoc (a Quarto-native documentation generator, on griffe) writes one reference page per
``mlwiki`` module into ``chapters/reference/`` (git-ignored; Quarto's sidebar lists the folder).
Each public function, class and constant gets an entry with its signature, its numpy-style
docstring, the name to import it by, and "Used on": links to the pages whose cells use it.  The
other direction -- each page ending with "Package code used on this page" -- is written by the
Lua filter ``assets/package-code-used.lua`` from ``chapters/reference/_used-on.json``, which this
module writes beside the pages.

"Used" means what :mod:`sitetools.usage` finds in the cells: a name imported from ``mlwiki`` or
an attribute of an imported module, resolved to where it is defined.

Run by the pre-render hook (:mod:`sitetools.hooks`); by hand: ``python -m sitetools.reference``.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import posixpath
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from sitetools.checks import sidebar_pages
from sitetools.qmd import read_page
from sitetools.usage import used_symbols

__all__ = ["REFERENCE_DIR", "USED_ON_FILE", "ApiModule", "public_api", "page_of", "used_on", "build_reference",
           "reference_problems", "main"]

PACKAGE = "mlwiki"
REFERENCE_DIR = "chapters/reference"
USED_ON_FILE = "_used-on.json"


@dataclass
class ApiModule:
    """One documented module: its name, one-line summary, and public names in ``__all__`` order.

    ``symbols`` maps each canonical name (``mlwiki.nn.dense.Dense``) to the shortest public name
    it can be imported by (``mlwiki.nn.Dense``).
    """

    name: str
    summary: str
    symbols: dict[str, str] = field(default_factory=dict)

    @property
    def page(self) -> str:
        """The reference page's file name, e.g. ``nn-dense.qmd``."""
        return self.name.removeprefix(PACKAGE + ".").replace(".", "-").replace("_", "-") + ".qmd"


def _public_modules() -> list:
    package = importlib.import_module(PACKAGE)
    modules = [package] + [importlib.import_module(info.name)
                           for info in pkgutil.walk_packages(package.__path__, PACKAGE + ".")]
    return [m for m in modules if not any(part.startswith("_") for part in m.__name__.split("."))]


def _is_code(obj) -> bool:
    return inspect.isclass(obj) or inspect.isfunction(obj)


def aliases() -> dict[str, str]:
    """Every importable public name (``mlwiki.tuning.TOY_SPACE``) -> its canonical name.

    Functions and classes are named where they are defined; a constant, by the deepest module
    (not a package) whose ``__all__`` lists it under the same name.
    """
    modules = _public_modules()
    homes: dict[tuple[int, str], str] = {}
    for module in sorted(modules, key=lambda m: m.__name__.count("."), reverse=True):
        if hasattr(module, "__path__"):
            continue
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if not _is_code(obj) and not inspect.ismodule(obj):
                homes.setdefault((id(obj), name), f"{module.__name__}.{name}")
    table = {}
    for module in modules:
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            written = f"{module.__name__}.{name}"
            if _is_code(obj):
                table[written] = f"{obj.__module__}.{obj.__qualname__}"
            elif not inspect.ismodule(obj):
                table[written] = homes.get((id(obj), name), written)
    return table


def public_api() -> list[ApiModule]:
    """Every public module of ``mlwiki`` with the names its ``__all__`` defines (not re-exports).

    Private modules (``_checks``) and packages that only re-export are left out.
    """
    table = aliases()
    shortest: dict[str, str] = {}
    for written, canonical in table.items():
        if canonical not in shortest or len(written) < len(shortest[canonical]):
            shortest[canonical] = written
    api = []
    for module in _public_modules():
        own = {}
        for name in getattr(module, "__all__", []):
            canonical = table.get(f"{module.__name__}.{name}")
            if canonical is not None and canonical.rpartition(".")[0] == module.__name__ \
                    and name != "__version__":
                own[canonical] = shortest[canonical]
            elif canonical is not None and _is_code(getattr(module, name)) and \
                    getattr(module, name).__module__ == module.__name__:
                own[canonical] = shortest[canonical]  # a nested name such as a method's class
        if own:
            summary = (inspect.getdoc(module) or "").split("\n\n")[0].replace("\n", " ").strip()
            api.append(ApiModule(module.__name__, summary, own))
    return api


def page_of(api: list[ApiModule]) -> dict[str, str]:
    """Canonical name -> ``<reference page>#<anchor>`` relative to the reference folder."""
    return {symbol: f"{module.page}#{symbol}" for module in api for symbol in module.symbols}


def _site_pages(root: Path) -> list[tuple[str, object]]:
    config = yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8")) or {}
    pages = []
    for relative in sidebar_pages(config):
        if relative.startswith(REFERENCE_DIR + "/") or not (root / relative).is_file():
            continue
        pages.append((relative, read_page(root / relative, project_root=root)))
    return pages


def used_on(root: Path) -> tuple[dict[str, list[str]], dict[str, str]]:
    """``(canonical name -> pages using it, page -> title)`` for the sidebar's pages, in order."""
    pages = _site_pages(Path(root))
    titles = {name: str(page.front_matter.get("title") or name) for name, page in pages}
    table = aliases()
    usage: dict[str, list[str]] = {}
    for symbol, using in used_symbols(pages).items():
        merged = usage.setdefault(table.get(symbol, symbol), [])
        merged += [page for page in using if page not in merged]
    return usage, titles


def _layout(api: list[ApiModule]) -> list[dict]:
    sections: dict[str, list] = {}
    for module in api:
        area = module.name.split(".")[1] if module.name.count(".") > 1 else ""
        sections.setdefault(area, []).append({
            "kind": "page",
            "path": module.page.removesuffix(".qmd"),
            "summary": {"name": module.name, "desc": module.summary},
            "contents": [symbol.removeprefix(PACKAGE + ".") for symbol in module.symbols],
        })
    return [{"title": f"{PACKAGE}.{area}" if area else PACKAGE, "contents": pages}
            for area, pages in sections.items()]


def build_reference(root: Path, out: Path | None = None) -> list[Path]:
    """Write the reference pages and the used-on map; return the pages written.

    Parameters
    ----------
    root : Path
        The project root.
    out : Path, optional
        Folder to write into (default ``root / chapters/reference``); emptied first.
    """
    from quartodoc import Builder

    from sitetools.reference_renderer import UsedOnRenderer

    root = Path(root).resolve()
    out = (root / REFERENCE_DIR) if out is None else Path(out).resolve()
    api = public_api()
    usage, titles = used_on(root)
    public = {symbol: name for module in api for symbol, name in module.symbols.items()}
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    builder = Builder(package=PACKAGE, sections=_layout(api), dir=str(out), title="API reference",
                      renderer=UsedOnRenderer(public, usage, titles, REFERENCE_DIR), parser="numpy")
    builder.out_inventory = str(out / "_objects.json")
    builder.build()
    written = _add_front_matter(out, api)
    anchors = page_of(api)
    used_on_page: dict[str, list[dict]] = {}
    for symbol, pages in usage.items():
        if symbol not in anchors:
            continue
        for page in pages:
            used_on_page.setdefault(page, []).append({
                "name": next(m.symbols[symbol] for m in api if symbol in m.symbols),
                "href": posixpath.relpath(f"{REFERENCE_DIR}/{anchors[symbol]}", posixpath.dirname(page) or "."),
            })
    (out / USED_ON_FILE).write_text(json.dumps(used_on_page, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return written


def _add_front_matter(out: Path, api: list[ApiModule]) -> list[Path]:
    """Give each generated page a title and a sidebar order (quartodoc writes a bare heading)."""
    written = []
    index = out / "index.qmd"
    text = index.read_text(encoding="utf-8").split("\n", 1)[1]
    intro = ("Every public function, class and constant of the `mlwiki` package, from its docstrings, "
             "with the pages that use it.")
    index.write_text(f'---\ntitle: "API reference"\norder: 0\n---\n\n{intro}\n{text}', encoding="utf-8")
    written.append(index)
    for order, module in enumerate(api, start=1):
        page = out / module.page
        body = page.read_text(encoding="utf-8").split("\n", 1)[1]  # drop quartodoc's "# mlwiki.x"
        page.write_text(f'---\ntitle: "{module.name}"\norder: {order}\n---\n{body}', encoding="utf-8")
        written.append(page)
    return written


def reference_problems(root: Path, out: Path) -> list[str]:
    """What a reference built into ``out`` leaves undocumented or unlinked."""
    root = Path(root).resolve()
    api = public_api()
    anchors = page_of(api)
    problems = []
    for module in api:
        text = (out / module.page).read_text(encoding="utf-8")
        for symbol in module.symbols:
            if f"{{ #{symbol} }}" not in text:
                problems.append(f"{module.page}: no entry for {symbol}")
    usage, _ = used_on(root)
    for symbol, pages in usage.items():
        if symbol in anchors:
            continue
        module, _, name = symbol.rpartition(".")
        if name.startswith("_") and any(m.name == module for m in api):
            continue  # a private helper a page shows, in a documented module
        problems.append(f"{', '.join(pages)}: uses {symbol}, which the reference does not document")
    used_on_page = json.loads((out / USED_ON_FILE).read_text(encoding="utf-8"))
    for page, links in used_on_page.items():
        for link in links:
            file, _, anchor = link["href"].partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), file))
            inside = posixpath.relpath(target, REFERENCE_DIR)
            target_file = out / inside
            if inside.startswith("..") or not target_file.is_file() or \
                    f"{{ #{anchor} }}" not in target_file.read_text(encoding="utf-8"):
                problems.append(f"{page}: link {link['href']} does not resolve")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitetools.reference", description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project root")
    args = parser.parse_args(argv)
    try:
        written = build_reference(args.project)
    except (ValueError, LookupError, ImportError) as exc:
        print(f"reference: {exc}", file=sys.stderr)
        return 1
    print(f"reference: {len(written)} pages in {REFERENCE_DIR}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
