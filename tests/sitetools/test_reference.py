"""The API reference: every public name documented, linked to and from the pages that use it."""

from __future__ import annotations

import inspect
import json
import logging
import os
import subprocess
from pathlib import Path

import pypandoc
import pytest

from sitetools.reference import USED_ON_FILE, build_reference, public_api, reference_problems

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    logging.getLogger("griffe").addHandler(handler)
    try:
        pages = build_reference(ROOT, out)
    finally:
        logging.getLogger("griffe").removeHandler(handler)
    return out, pages, [r.getMessage() for r in records if r.levelno >= logging.WARNING]


def test_every_public_name_has_an_entry_and_every_use_a_resolving_link(reference):
    out, _, _ = reference
    assert reference_problems(ROOT, out) == []


def test_docstrings_parse_without_warnings(reference):
    _, _, warnings = reference
    assert warnings == [], "\n".join(warnings)


def test_every_public_function_and_class_has_a_docstring():
    missing = [symbol for module in public_api() for symbol in module.symbols
               if _is_code(symbol) and not inspect.getdoc(_resolve(symbol))]
    assert missing == []


def _resolve(symbol: str):
    import importlib

    module, _, name = symbol.rpartition(".")
    while True:
        try:
            obj = importlib.import_module(module)
            break
        except ImportError:
            module, _, outer = module.rpartition(".")
            name = f"{outer}.{name}"
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def _is_code(symbol: str) -> bool:
    obj = _resolve(symbol)
    return inspect.isclass(obj) or inspect.isfunction(obj)


def test_pages_have_titles_orders_and_import_lines(reference):
    out, pages, _ = reference
    assert pages[0].name == "index.qmd" and len(pages) == len(public_api()) + 1
    dense = (out / "nn-dense.qmd").read_text()
    assert dense.startswith('---\ntitle: "mlwiki.nn.dense"\norder: ')
    assert "# Dense { #mlwiki.nn.dense.Dense }" in dense and "`from mlwiki.nn import Dense`" in dense
    assert "Used on: [A neural network from scratch](../neural-network-from-scratch.qmd)" in dense


def test_the_lua_filter_ends_a_page_with_the_package_code_it_uses(reference, tmp_path):
    out, _, _ = reference
    used = json.loads((out / USED_ON_FILE).read_text())
    assert "chapters/spiking-neuron.qmd" in used
    (tmp_path / "chapters" / "reference").mkdir(parents=True)
    (tmp_path / "chapters" / "reference" / USED_ON_FILE).write_text(json.dumps(used))
    (tmp_path / "chapters" / "spiking-neuron.md").write_text("# Spiking neuron\n\nText.\n")
    result = subprocess.run(
        [pypandoc.get_pandoc_path(), "chapters/spiking-neuron.md", "-t", "html",
         "--lua-filter", str(ROOT / "assets" / "package-code-used.lua")],
        cwd=tmp_path, env=dict(os.environ, MLWIKI_PROJECT_DIR=str(tmp_path)), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    html = result.stdout
    assert '<h2 class="unnumbered" id="package-code-used">Package code used on this' in html
    for link in used["chapters/spiking-neuron.qmd"]:
        assert f'href="{link["href"]}"' in html
    (tmp_path / "chapters" / "other.md").write_text("# Other\n")  # uses nothing: unchanged
    other = subprocess.run([pypandoc.get_pandoc_path(), "chapters/other.md", "-t", "html", "--lua-filter",
                            str(ROOT / "assets" / "package-code-used.lua")], cwd=tmp_path,
                           env=dict(os.environ, MLWIKI_PROJECT_DIR=str(tmp_path)), capture_output=True, text=True)
    assert "package-code-used" not in other.stdout
