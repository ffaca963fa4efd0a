"""Quarto's include shortcode, expanded before a page is read, with the origin of every line."""

from __future__ import annotations

import pytest

from sitetools.qmd import PageFormatError


def test_includes_are_expanded_with_their_origins(tmp_path):
    from sitetools.qmd import read_page

    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "chapters" / "_part.qmd").write_text("Part.\n\n{{< include /assets/_deeper.md >}}\n")
    (tmp_path / "assets" / "_deeper.md").write_text("```{python}\nx = 1\n```\n")
    page_path = tmp_path / "chapters" / "page.qmd"
    page_path.write_text("---\ntitle: T\n---\n\n{{< include _part.qmd >}}\n\nAfter.\n")
    page = read_page(page_path)
    assert [p.name for p in page.includes] == ["_part.qmd", "_deeper.md"]
    (cell,) = page.cells
    assert cell.source == "x = 1"
    assert page.where(cell.line) == "assets/_deeper.md:1"
    assert "After." in page.blocks[-1].text


@pytest.mark.parametrize("include, message", [
    ("{{< include missing.qmd >}}", r"page.qmd:1: include of missing.qmd, which does not exist"),
    ("{{< include page.qmd >}}", r"page.qmd:1: circular include of page.qmd"),
])
def test_bad_includes_name_file_and_line(tmp_path, include, message):
    from sitetools.qmd import read_page

    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n")
    (tmp_path / "page.qmd").write_text(include + "\n")
    with pytest.raises(PageFormatError, match=message):
        read_page(tmp_path / "page.qmd")
