"""Execution options resolved through every metadata layer, as Quarto merges them."""

from __future__ import annotations

import pytest

from sitetools.metadata import HTML_DEFAULTS, metadata_files, page_options


def _project(tmp_path, config="project:\n  type: website\n"):
    (tmp_path / "_quarto.yml").write_text(config)
    (tmp_path / "chapters" / "deep").mkdir(parents=True)
    page = tmp_path / "chapters" / "deep" / "page.qmd"
    page.write_text("---\ntitle: T\n---\n")
    return page


def test_defaults_are_quartos_html_defaults(tmp_path):
    assert page_options(tmp_path, _project(tmp_path), {}) == HTML_DEFAULTS
    assert HTML_DEFAULTS["fig-width"] == 7 and HTML_DEFAULTS["fig-format"] == "retina"


def test_layers_merge_in_quartos_order(tmp_path):
    page = _project(tmp_path, "project:\n  type: website\nexecute:\n  eval: false\nfig-width: 9\n"
                              "format:\n  html:\n    fig-height: 2\n")
    (tmp_path / "chapters" / "_metadata.yml").write_text("execute:\n  error: true\nfig-dpi: 72\n")
    (tmp_path / "chapters" / "deep" / "_metadata.yml").write_text("format:\n  html:\n    fig-dpi: 80\n")
    front = {"fig-width": 5, "format": {"html": {"execute": {"eval": True}}}}
    options = page_options(tmp_path, page, front)
    assert options["eval"] is True            # page format block over project top level
    assert options["error"] is True           # chapters/_metadata.yml
    assert options["fig-width"] == 5          # page top level over project top level
    assert options["fig-height"] == 2         # project format block, nothing later overrides
    assert options["fig-dpi"] == 80           # the deeper _metadata.yml wins


def test_a_root_metadata_file_applies_only_to_root_pages(tmp_path):
    page = _project(tmp_path)
    (tmp_path / "_metadata.yml").write_text("fig-dpi: 10\n")
    assert metadata_files(tmp_path, page) == []
    assert metadata_files(tmp_path, tmp_path / "index.qmd") == [tmp_path / "_metadata.yml"]


def test_unreadable_metadata_names_the_file(tmp_path):
    page = _project(tmp_path)
    (tmp_path / "chapters" / "_metadata.yml").write_text("- a list\n")
    with pytest.raises(ValueError, match=r"chapters/_metadata.yml: must be a YAML mapping"):
        page_options(tmp_path, page, {})


def test_execution_keys_count_at_the_top_level_or_under_execute(tmp_path):
    page = _project(tmp_path, "project:\n  type: website\neval: false\nexecute:\n  fig-width: 3\n")
    options = page_options(tmp_path, page, {"execute": False})
    assert options["eval"] is False and options["fig-width"] == 3 and options["enabled"] is False
