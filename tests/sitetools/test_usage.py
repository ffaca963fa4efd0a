"""Finding the mlwiki names a page uses, and holding them to the reading order."""

from __future__ import annotations

import pytest

from sitetools.qmd import parse_page
from sitetools.usage import canonical_name, page_uses, reading_order_problems, resolve


def _page(body: str, introduces: str = "") -> object:
    front = f"introduces: [{introduces}]\n" if introduces else ""
    return parse_page(f"---\ntitle: T\njupyter: python3\n{front}---\n\n{body}", "chapters/p.qmd")


def test_uses_are_resolved_to_where_they_are_defined():
    page = _page(
        "```{python}\nfrom mlwiki import nn\nimport mlwiki.lif.model\nfrom mlwiki.lif import rheobase as rb\n"
        "layer = nn.Dense(2, 3, rng=None)\nmlwiki.lif.model.simulate\nrb\n```\n"
    )
    names = [(use.name, use.written, use.line) for use in page_uses(page)]
    assert names == [
        ("mlwiki.lif.theory.rheobase", "mlwiki.lif.rheobase", 9),
        ("mlwiki.nn.dense.Dense", "mlwiki.nn.Dense", 10),
        ("mlwiki.lif.model.simulate", "mlwiki.lif.model.simulate", 11),
    ]


def test_a_name_missing_from_the_package_names_page_and_line():
    with pytest.raises(ValueError, match=r"chapters/p\.qmd:7: mlwiki\.nope\.x does not exist in the mlwiki package"):
        page_uses(_page("```{python}\nfrom mlwiki.nope import x\n```\n"))


def test_resolve_and_canonical_name():
    obj, resolved = resolve("mlwiki.nn.Dense.forward")
    assert resolved == "mlwiki.nn.Dense.forward"
    assert canonical_name(obj, resolved) == "mlwiki.nn.dense.Dense"  # a method counts as its class
    assert canonical_name(resolve("mlwiki.lif")[0], "mlwiki.lif") == "mlwiki.lif"


def test_reading_order_reports_uses_before_introduction_and_bad_introductions():
    first = _page("```{python}\nfrom mlwiki.lif import LIFParams, rheobase\n```\n", "mlwiki.lif.LIFParams")
    second = _page("```{python}\nfrom mlwiki.lif import rheobase, simulate\nfrom mlwiki.themes import both_themes\n```\n",
                   "mlwiki.lif, mlwiki.lif.LIFParams")
    problems = reading_order_problems([("a.qmd", first), ("b.qmd", second)])
    assert problems == [
        "a.qmd:8: uses mlwiki.lif.rheobase (mlwiki.lif.theory.rheobase), which no page up to here introduces: "
        "add it to this page's 'introduces:' or teach it earlier",
        "b.qmd: introduces mlwiki.lif.LIFParams, which a.qmd already introduced",
        "b.qmd: introduces mlwiki.lif.LIFParams but never uses it",
    ]


def test_a_module_introduction_covers_its_names():
    page = _page("```{python}\nfrom mlwiki.lif import rheobase, simulate\n```\n", "mlwiki.lif")
    assert reading_order_problems([("a.qmd", page)]) == []


def test_a_package_attribute_wins_over_a_submodule_of_the_same_name(tmp_path, monkeypatch):
    package = tmp_path / "shadow_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("from .viterbi import viterbi\n")
    (package / "viterbi.py").write_text("def viterbi():\n    return 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    obj, resolved = resolve("shadow_pkg.viterbi")
    assert callable(obj) and not hasattr(obj, "__path__") and resolved == "shadow_pkg.viterbi"
    assert canonical_name(obj, resolved) == "shadow_pkg.viterbi.viterbi"
