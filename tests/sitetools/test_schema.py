"""The schema validator follows Quarto's rules on real Quarto option ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitetools.schema import SchemaNotFound, find_schema_file

ROOT = Path(__file__).resolve().parents[2]



def test_valid_cell_options_pass(schema):
    options = {"label": "fig-x", "fig-cap": "A", "fig-alt": "B", "echo": False, "eval": True, "output": "asis"}
    assert schema.validate(options, "engine-jupyter", closed=True) == []


def test_misspelt_cell_option_is_rejected_by_name(schema):
    errors = schema.validate({"label": "fig-x", "fig-altt": "B"}, "engine-jupyter", closed=True)
    assert [e.where for e in errors] == ["fig-altt"]
    assert "unknown option 'fig-altt'" in str(errors[0])


def test_wrong_type_is_reported_with_its_path(schema):
    errors = schema.validate({"website": {"sidebar": {"style": "dockd"}}}, "project-config")
    assert any(e.where == "website.sidebar.style" and "docked" in e.message for e in errors)


def test_closed_object_rejects_unknown_field(schema):
    errors = schema.validate({"website": {"titel": "Wiki"}, "project": {"typo": "website"}}, "project-config")
    assert {e.where for e in errors} == {"website.titel", "project.typo"}, errors


def test_front_matter_accepts_dates_and_kernel(schema):
    import datetime

    front = {"title": "T", "date": datetime.date(2026, 1, 2), "jupyter": "python3"}
    assert schema.validate(front, "front-matter") == []


def test_boolean_is_not_a_number(schema):
    errors = schema.validate({"fig-width": True}, "front-matter")
    assert any(e.where == "fig-width" for e in errors)


def test_missing_schema_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setenv("QUARTO_SCHEMA", str(tmp_path / "nope.json"))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SchemaNotFound, match="nope.json"):
        find_schema_file(tmp_path / "project")
