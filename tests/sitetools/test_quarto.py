"""`make site` finds Quarto, or installs the pinned one, or says what to install."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sitetools import quarto


def _fake_quarto(folder: Path, version: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    executable = folder / "quarto"
    executable.write_text(f"#!/bin/sh\necho {version}\n")
    executable.chmod(0o755)
    return executable


@pytest.fixture
def no_quarto_on_path(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))


def test_the_pinned_quarto_on_path_is_used(tmp_path, monkeypatch):
    _fake_quarto(tmp_path / "bin", "1.10.18")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    lines = []
    assert quarto.ensure_quarto("1.10.18", tmp_path / "venv", say=lines.append) == 0
    assert lines == [f"Quarto 1.10.18: {tmp_path / 'bin' / 'quarto'}"]


def test_another_version_is_used_with_a_note(tmp_path, monkeypatch):
    _fake_quarto(tmp_path / "bin", "1.9.2")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    lines = []
    assert quarto.ensure_quarto("1.10.18", tmp_path / "venv", say=lines.append) == 0
    assert "Quarto 1.9.2" in lines[0] and "validated against 1.10.18" in lines[0]


def test_without_quarto_the_pinned_package_is_installed_into_the_venv(tmp_path, no_quarto_on_path):
    venv, calls, lines = tmp_path / "venv", [], []

    def pip(command, check):
        calls.append(command)
        _fake_quarto(venv / "bin", "1.10.18")  # what quarto-cli's console script provides
        return subprocess.CompletedProcess(command, 0)

    assert quarto.ensure_quarto("1.10.18", venv, say=lines.append, run=pip) == 0
    assert calls == [[str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps",
                      "quarto-cli==1.10.18"]]
    assert lines[0].startswith("Quarto is not on PATH: installing quarto-cli==1.10.18")
    assert lines[-1] == f"Quarto 1.10.18: {venv / 'bin' / 'quarto'}"


def test_a_failed_install_ends_in_one_line_saying_what_to_install(tmp_path, no_quarto_on_path):
    lines = []
    failing = lambda command, check: subprocess.CompletedProcess(command, 1)  # noqa: E731
    assert quarto.ensure_quarto("1.10.18", tmp_path / "venv", say=lines.append, run=failing) == 1
    assert lines[-1] == ("Could not install Quarto 1.10.18 automatically (no connection to GitHub?). "
                         "Install Quarto 1.10.18 from https://quarto.org/docs/download/ and run the command again.")


def test_a_malformed_version_is_refused(tmp_path):
    with pytest.raises(ValueError, match="version must look like 1.10.18"):
        quarto.ensure_quarto("latest", tmp_path)


def test_the_makefile_pins_the_version_ci_installs():
    root = Path(__file__).resolve().parents[2]
    makefile = (root / "Makefile").read_text()
    workflow = (root / ".github" / "workflows" / "test.yml").read_text()
    pinned = makefile.split("QUARTO_VERSION = ", 1)[1].split()[0]
    assert f'version: "{pinned}"' in workflow
    assert "sitetools.quarto --ensure $(QUARTO_VERSION)" in makefile
