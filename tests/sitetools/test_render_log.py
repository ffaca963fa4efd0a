"""The render gate fails on every warning Quarto, Pandoc or a Lua filter logs, at any level."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REVIEW = ROOT.parent / "shared" / "render-review"

# The gate runs as a plain script in CI (standard library only): load it from its file.
_spec = importlib.util.spec_from_file_location("_render_log", ROOT / "code" / "sitetools" / "render_log.py")
render_log = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_log)

# Verbatim from a real Quarto 1.10.18 json-stream log (paths shortened): both arrive as INFO.
UNRESOLVED_CROSSREF = (
    '{"msg":"\\u001b[33mWARNING (.../share/filters/main.lua:14840) Unable to resolve crossref '
    '@fig-does-not-exist\\n\\u001b[39m","level":20,"levelName":"INFO","loggerName":"default"}'
)
MISSING_CITATION = (
    '{"msg":"[WARNING] Citeproc: citation no-such-key not found\\n","level":20,"levelName":"INFO",'
    '"loggerName":"default"}'
)
RENDERINGS_MISMATCH = (
    '{"msg":"(W) need 2 cell-output-display for renderings light,dark; got 0\\n","level":20,'
    '"levelName":"INFO","loggerName":"default"}'
)
KERNEL_TCP_NOTE = (
    '{"msg":"[IPKernelApp] WARNING | Kernel is running over TCP without encryption. All communication '
    '(including code and outputs) is sent in plain text and is susceptible to eavesdropping. Use IPC '
    'transport or launch with kernel manager-provisioned CurveZMQ keys to enable transport encryption.\\n",'
    '"level":20,"levelName":"INFO","loggerName":"default"}'
)
CLEAN = [
    '{"msg":"\\nStarting python3 kernel...","level":20,"levelName":"INFO","loggerName":"default"}',
    KERNEL_TCP_NOTE,
    '{"msg":"  Cell 4/9: \'fig-membrane\'..........","level":20,"levelName":"INFO","loggerName":"default"}',
    '{"msg":"Output created: ../_site/chapters/spiking-neuron.html\\n","level":20,"levelName":"INFO",'
    '"loggerName":"default"}',
]


def _record(level_name: str, msg: str) -> str:
    levels = {"DEBUG": 10, "INFO": 20, "WARN": 30, "ERROR": 40, "CRITICAL": 50}
    return json.dumps({"msg": msg, "level": levels[level_name], "levelName": level_name, "loggerName": "default"})


def _gate(tmp_path, lines, capsys):
    log = tmp_path / "render-log.jsonl"
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    status = render_log.main([str(log)])
    return status, capsys.readouterr().out


def test_a_clean_log_with_the_kernels_tcp_note_passes(tmp_path, capsys):
    status, out = _gate(tmp_path, CLEAN, capsys)
    assert status == 0 and out.startswith("render log clean: 4 records")


@pytest.mark.parametrize("record, shown", [
    (UNRESOLVED_CROSSREF, "INFO: WARNING (.../share/filters/main.lua:14840) Unable to resolve crossref @fig-does-not-exist"),
    (MISSING_CITATION, "INFO: [WARNING] Citeproc: citation no-such-key not found"),
    (RENDERINGS_MISMATCH, "INFO: (W) need 2 cell-output-display for renderings light,dark; got 0"),
    (_record("INFO", "ERROR (.../filters/main.lua:12) something broke"), "INFO: ERROR (.../filters/main.lua:12)"),
    (_record("INFO", "(E) a Lua error"), "INFO: (E) a Lua error"),
    (_record("INFO", "[ERROR] Pandoc could not fetch resource x.png"), "INFO: [ERROR] Pandoc"),
    (_record("INFO", "WARN: Unknown option foo"), "INFO: WARN: Unknown option foo"),
    (_record("WARN", "Unable to resolve crossref @fig-x"), "WARN: Unable to resolve crossref @fig-x"),
    (_record("ERROR", "Pandoc failed"), "ERROR: Pandoc failed"),
])
def test_every_kind_of_warning_fails_the_render(tmp_path, capsys, record, shown):
    status, out = _gate(tmp_path, CLEAN + [record], capsys)
    assert status == 1
    assert shown in out
    assert "\x1b" not in out  # colours stripped


@pytest.mark.parametrize("message", [
    "Rendering chapters/a.qmd",
    "the word WARNING inside a sentence is not a mark",
    "   ",
    "[IPKernelApp] WARNING | Debugger warning: It seems that frozen modules are being used",
])
def test_ordinary_info_records_pass(tmp_path, capsys, message):
    status, _ = _gate(tmp_path, CLEAN + [_record("INFO", message)], capsys)
    assert status == 0


def test_no_logged_line_can_start_a_workflow_command(tmp_path, capsys):
    status, out = _gate(tmp_path, [_record("ERROR", "Pandoc failed\n::error::injected")], capsys)
    assert status == 1
    assert not any(line.startswith("::") for line in out.splitlines())


@pytest.mark.parametrize("content", [None, "", "Rendering page 1\n", "[1, 2]\n"])
def test_missing_empty_or_plain_logs_are_refused(tmp_path, content):
    log = tmp_path / "render-log.jsonl"
    if content is not None:
        log.write_text(content, encoding="utf-8")
    assert render_log.main([str(log)]) == 2


@pytest.mark.skipif(not REVIEW.is_dir(), reason="../shared/render-review (real Quarto logs) is not beside the project")
def test_real_quarto_logs(capsys):
    assert render_log.main([str(REVIEW / "full-render.jsonl")]) == 0
    assert render_log.main([str(REVIEW / "warnings-render.jsonl")]) == 1
    out = capsys.readouterr().out
    assert "Unable to resolve crossref @fig-does-not-exist" in out and "citation no-such-key not found" in out
    assert render_log.main([str(REVIEW / "renderings-warning.jsonl")]) == 1
