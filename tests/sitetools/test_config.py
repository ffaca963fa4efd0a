"""The site's configuration, navigation, links and figures, checked without Quarto."""

from __future__ import annotations

from pathlib import Path

from sitetools.checks import (check_config, check_exercises, check_figures, check_links, check_navigation,
                              check_reading_order)

ROOT = Path(__file__).resolve().parents[2]



def _report(problems):
    return "\n".join(problems)


def test_quarto_yml_front_matter_and_cell_options_match_quartos_schema(schema):
    problems = check_config(ROOT, schema)
    assert not problems, _report(problems)


def test_sidebar_lists_exactly_the_pages_that_exist():
    problems = check_navigation(ROOT)
    assert not problems, _report(problems)


def test_links_cross_references_and_citations_resolve():
    problems = check_links(ROOT)
    assert not problems, _report(problems)


def test_every_figure_is_drawn_in_both_themes_with_a_caption_and_alt_text():
    problems = check_figures(ROOT)
    assert not problems, _report(problems)


def test_every_exercise_has_a_collapsed_computed_solution():
    problems = check_exercises(ROOT)
    assert not problems, _report(problems)


def test_site_keeps_the_features_readers_expect():
    import yaml

    config = yaml.safe_load((ROOT / "_quarto.yml").read_text())
    website, html = config["website"], config["format"]["html"]
    assert config["project"]["type"] == "website"
    assert website["sidebar"]["style"] == "docked"
    assert website.get("search") is not False
    assert website["bread-crumbs"] is True and website["page-navigation"] is True
    assert set(html["theme"]) == {"light", "dark"} and html["respect-user-color-scheme"] is True
    assert html["code-copy"] is True and html["toc"] is True
    assert config["execute"]["freeze"] == "auto"
    assert (ROOT / config["bibliography"]).is_file()


def test_every_page_uses_only_what_it_or_an_earlier_page_introduced():
    problems = check_reading_order(ROOT)
    assert not problems, _report(problems)


def test_every_chapter_has_exercises_and_each_mathematics_page_three():
    import yaml

    from sitetools.checks import exercises, site_pages
    from sitetools.qmd import read_page

    config = yaml.safe_load((ROOT / "_quarto.yml").read_text())
    mathematics = next(section["contents"] for section in config["website"]["sidebar"]["contents"]
                       if isinstance(section, dict) and section.get("section") == "Mathematics")
    too_few = []
    for path in site_pages(ROOT):
        page = str(path.relative_to(ROOT))
        if not page.startswith("chapters/"):
            continue
        needed = 3 if page in mathematics else 2
        found = len(exercises(read_page(path)))
        if found < needed:
            too_few.append(f"{page}: {found} exercises, needs {needed}")
    assert not too_few, _report(too_few)
