"""Reading pages with Quarto's fence, front-matter and option rules."""

from __future__ import annotations

import pytest

from sitetools.qmd import Cell, MarkdownChunk, PageFormatError, parse_page

PAGE = """\
---
title: T
jupyter: python3
---

Intro with `{python} answer` inline.

```{python}
#| label: fig-one
#| fig-cap: "One"
answer = 42
```

```python
print("plain block: not a cell")
```

```` markdown
```{{python}}
escaped: shown, not run
```
````

  ```{python}
  #| echo: false
  indented = True
  ```
"""


def test_cells_options_and_lines_follow_quarto():
    page = parse_page(PAGE, "p.qmd")
    assert page.front_matter == {"title": "T", "jupyter": "python3"}
    assert [c.label for c in page.cells] == ["fig-one", None]
    first, second = page.cells
    assert first.options == {"label": "fig-one", "fig-cap": "One"}
    assert first.source == "answer = 42"
    assert (first.line, first.code_line) == (8, 11)
    assert second.source == "indented = True" and second.options == {"echo": False}
    assert [(e.expression, e.line) for e in page.inline] == [("answer", 6)]


def test_blocks_keep_document_order():
    kinds = [type(b) for b in parse_page(PAGE, "p.qmd").blocks]
    assert kinds == [MarkdownChunk, Cell, MarkdownChunk, Cell]


def test_python_fence_inside_a_plain_block_still_starts_a_cell_as_in_quarto():
    page = parse_page("````markdown\n```{python}\nx = 1\n```\n````\n", "p.qmd")
    assert [c.source for c in page.cells] == ["x = 1"]


def test_option_line_spacing_variants_are_options():
    page = parse_page("```{python}\n#|label: a\n# | echo: false\nx = 1\n```\n", "p.qmd")
    assert page.cells[0].options == {"label": "a", "echo": False}


def test_unclosed_cell_names_file_and_line():
    with pytest.raises(PageFormatError, match=r"p.qmd:3: the ```\{python\} cell opened here has no closing fence"):
        parse_page("# T\n\n```{python}\nx = 1\n", "p.qmd")


def test_bad_option_yaml_names_file_line_and_cell():
    with pytest.raises(PageFormatError, match=r"p.qmd:1: cell #1: its '#\|' options are not valid YAML"):
        parse_page("```{python}\n#| label: [unclosed\nx = 1\n```\n", "p.qmd")


def test_non_mapping_options_are_rejected():
    with pytest.raises(PageFormatError, match="must be 'key: value' lines"):
        parse_page("```{python}\n#| just text\nx = 1\n```\n", "p.qmd")


def test_bad_front_matter_names_file_and_line():
    with pytest.raises(PageFormatError, match=r"p.qmd:1: front matter is not valid YAML"):
        parse_page("---\ntitle: [oops\n---\n", "p.qmd")


def test_horizontal_rule_after_blank_line_is_not_front_matter():
    page = parse_page("---\n\ntext\n", "p.qmd")
    assert page.front_matter == {} and page.front_matter_line is None


def test_fenced_divs_hold_their_cells():
    page = parse_page(
        "::: {#fig-a .wide key=\"v\"}\n\n```{python}\nx = 1\n```\n\nCaption.\n\n:::\n\n"
        "```` markdown\n::: not-a-div\n````\n"
    )
    (div,) = page.divs
    assert (div.id, div.classes, div.attributes, div.line, div.end_line) == ("fig-a", ("wide",), {"key": "v"}, 1, 9)
    assert page.cells[0].divs == (0,)
    assert page.div_tail(0) == "Caption."


def test_an_unclosed_div_is_named():
    with pytest.raises(PageFormatError, match=r"<page>:1: the fenced div opened here"):
        parse_page("::: {.callout-tip}\ntext\n")
