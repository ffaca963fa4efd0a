"""The source checks find what they promise to find, on scratch projects."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitetools.checks import check_exercises, check_figures, check_links, check_navigation, sidebar_pages

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
    tmp_path.mkdir(parents=True, exist_ok=True)
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
    problems = check_figures(root)
    assert problems[0].startswith("chapters/one.qmd:6: cell label 'fig-a' is a cross-reference label")
    assert problems[1].startswith("chapters/one.qmd:6: cell 'fig-a': 'fig-cap' is lost with renderings")
    assert problems[2:] == [
        "chapters/one.qmd:12: image plain.png has no alt text (add fig-alt=\"...\")",
        "chapters/one.qmd:14: image fig.png has no alt text (add fig-alt=\"...\")",
    ]


GOOD_FIGURE = """\
::: {#fig-good}

```{python}
#| label: good-plot
#| renderings: [light, dark]
#| fig-alt: "A line."
x = 1
```

A caption.

:::
"""


def test_a_figure_div_around_a_cell_drawn_in_both_themes_passes(tmp_path):
    assert check_figures(_project(tmp_path, GOOD_FIGURE)) == []


@pytest.mark.parametrize(
    "change, message",
    [
        (("#| renderings: [light, dark]\n", ""), "needs '#| renderings: [light, dark]'"),
        (("#| fig-alt: \"A line.\"\n", ""), "has no fig-alt"),
        (("#| label: good-plot\n", ""), "its cell has no label"),
        (("A caption.\n", ""), "has no caption"),
        (("x = 1\n```\n", "x = 1\n```\n\n```{python}\ny = 2\n```\n"), "exactly one Python cell, found 2"),
    ],
)
def test_figure_div_problems_are_named(tmp_path, change, message):
    problems = check_figures(_project(tmp_path, GOOD_FIGURE.replace(*change)))
    assert len(problems) == 1 and message in problems[0] and "figure 'fig-good'" in problems[0]


def test_renderings_outside_a_figure_div_is_reported(tmp_path):
    page = "```{python}\n#| label: loose\n#| renderings: [light, dark]\nx = 1\n```\n"
    (problem,) = check_figures(_project(tmp_path, page))
    assert "has renderings but is not inside a '::: {#fig-...}' div" in problem


GOOD_EXERCISE = """\
::: {#exr-one}
## A question

What is six times seven?
:::

::: {.callout-tip collapse="true"}
## Solution

```{python}
#| label: solution-one
answer = 6 * 7
```

It is `{python} answer`.
:::
"""


def test_an_exercise_with_a_collapsed_computed_solution_passes(tmp_path):
    assert check_exercises(_project(tmp_path, GOOD_EXERCISE)) == []


@pytest.mark.parametrize(
    "change, message",
    [
        (("## A question\n", ""), "has no title"),
        ((":::\n\n::: {.callout-tip", ":::\n\nInterlude.\n\n::: {.callout-tip"), "must be followed directly by its solution"),
        (('collapse="true"', 'collapse="false"'), "must be a collapsed callout"),
        (("## Solution", "## Answer"), "must be titled 'Solution'"),
        (("```{python}\n#| label: solution-one\nanswer = 6 * 7\n```\n\nIt is `{python} answer`.", "It is 42."),
         "computes nothing"),
    ],
)
def test_exercise_problems_are_named(tmp_path, change, message):
    problems = check_exercises(_project(tmp_path, GOOD_EXERCISE.replace(*change)))
    assert len(problems) == 1 and message in problems[0], problems


OJS_FIGURE = """\
```{python}
#| label: data
ojs_define(terms=[1, 3, 5])
```

::: {#fig-interactive}

```{ojs}
//| echo: false
viewof n = Inputs.range([1, 3], {step: 1})
```

A caption for the interactive figure.

:::
"""


def test_an_interactive_figure_is_one_ojs_cell_with_a_caption(tmp_path):
    assert check_figures(_project(tmp_path / "good", OJS_FIGURE)) == []
    (problem,) = check_figures(_project(tmp_path / "bad", OJS_FIGURE.replace("A caption for the interactive figure.\n", "")))
    assert "figure 'fig-interactive' has no caption" in problem


def test_ojs_cell_options_are_validated(tmp_path, schema):
    from sitetools.checks import check_config

    root = _project(tmp_path, OJS_FIGURE.replace("//| echo: false", "//| echo: false\n//| no-such-option: 1"))
    problems = [p for p in check_config(root, schema) if "ojs cell" in p]
    assert len(problems) == 1 and "no-such-option" in problems[0]


def test_a_table_cell_keeps_its_cross_reference_label(tmp_path):
    page = "```{python}\n#| label: tbl-sizes\n#| tbl-cap: Sizes\nprint('| a |\\n|---|\\n| 1 |')\n```\n"
    assert check_figures(_project(tmp_path, page)) == []
    with_renderings = page.replace("#| tbl-cap: Sizes\n", "#| tbl-cap: Sizes\n#| renderings: [light, dark]\n")
    problems = check_figures(_project(tmp_path / "r", with_renderings))
    assert any("cell label 'tbl-sizes' is a cross-reference label" in p for p in problems)


def test_links_into_the_generated_reference_are_checked_against_the_package(tmp_path):
    root = _project(tmp_path, "See [the reference](reference/index.qmd), [Dense](reference/nn-dense.qmd#x) "
                              "and [a module that does not exist](reference/nn-nothing.qmd).\n")
    assert check_links(root) == ["chapters/one.qmd:6: link to reference/nn-nothing.qmd, which does not exist"]


def test_every_cell_needs_a_label_used_once(tmp_path, schema):
    from sitetools.checks import check_config

    page = ("```{python}\n#| label: a\nx = 1\n```\n\n```{python}\ny = 2\n```\n\n"
            "```{python}\n#| label: a\nz = 3\n```\n")
    problems = [p for p in check_config(_project(tmp_path, page), schema) if p.startswith("chapters/one.qmd")]
    assert problems == [
        "chapters/one.qmd:11: cell #2 (unlabelled) has no '#| label:' (Quarto's progress and the "
        "executor's errors name cells by their labels)",
        "chapters/one.qmd:15: cell label 'a' is used twice on the page",
    ]
