"""The source checks find what they promise to find, on scratch projects."""

from __future__ import annotations

from pathlib import Path

from mlwiki.site.checks import check_figures, check_links, check_navigation, sidebar_pages

CONFIG = """\
project:
  type: website
bibliography: refs.bib
website:
  sidebar:
    contents:
      - index.qmd
      - section: Part
        contents:
          - chapters/one.qmd
          - chapters/missing.qmd
"""


def _project(tmp_path: Path, one: str) -> Path:
    (tmp_path / "_quarto.yml").write_text(CONFIG)
    (tmp_path / "refs.bib").write_text("@book{known2020,\n  title = {K}\n}\n")
    (tmp_path / "index.qmd").write_text("---\ntitle: Home\n---\n\nSee [one](chapters/one.qmd).\n")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "one.qmd").write_text("---\ntitle: One\njupyter: python3\n---\n\n" + one)
    (tmp_path / "chapters" / "Two_Page.qmd").write_text("---\ntitle: Two\n---\n")
    return tmp_path


def test_sidebar_pages_in_order():
    import yaml

    assert sidebar_pages(yaml.safe_load(CONFIG)) == ["index.qmd", "chapters/one.qmd", "chapters/missing.qmd"]


def test_navigation_reports_missing_unlisted_and_badly_named_pages(tmp_path):
    problems = check_navigation(_project(tmp_path, ""))
    assert problems == [
        "_quarto.yml: sidebar lists chapters/missing.qmd, which does not exist",
        "chapters/Two_Page.qmd: page exists but the sidebar does not list it",
        "chapters/Two_Page.qmd: page file names are kebab-case with no number prefix (e.g. my-topic.qmd)",
    ]


def test_links_xrefs_and_citations(tmp_path):
    root = _project(
        tmp_path,
        "```{python}\n#| label: fig-a\nx = 1\n```\n\n"
        "As @fig-a shows, and @fig-b does not [@known2020; @unknown2021].\n"
        "Go [home](../index.qmd), [nowhere](gone.qmd), [out](https://example.org), mail a@b.org.\n"
        "```python\n@decorator_in_code_block_is_not_a_citation\n```\n"
        "![A cat](cat.png)\n",
    )
    assert check_links(root) == [
        "chapters/one.qmd:11: cross-reference @fig-b has no target in this page "
        "(Quarto websites resolve cross-references only within a page)",
        "chapters/one.qmd:11: citation @unknown2021 is not in the bibliography",
        "chapters/one.qmd:12: link to gone.qmd, which does not exist",
        "chapters/one.qmd:16: link to cat.png, which does not exist",
    ]


def test_figures_need_caption_and_alt_text(tmp_path):
    root = _project(
        tmp_path,
        "```{python}\n#| label: fig-a\n#| fig-cap: A\nx = 1\n```\n\n"
        "![](plain.png)\n\n![Caption](fig.png){#fig-x}\n\n![Caption](ok.png){#fig-y fig-alt=\"described\"}\n",
    )
    assert check_figures(root) == [
        "chapters/one.qmd:6: figure cell 'fig-a' has no fig-alt",
        "chapters/one.qmd:12: image plain.png has no alt text (add fig-alt=\"...\")",
        "chapters/one.qmd:14: image fig.png has no alt text (add fig-alt=\"...\")",
    ]
