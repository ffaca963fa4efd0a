"""Fail a CI render when Quarto's log holds any warning or error, whatever level it arrived at.

Quarto has no strict mode: a render that cannot resolve a cross-reference or a citation still
exits 0.  CI therefore renders with a machine-readable log::

    quarto render --log render-log.jsonl --log-format json-stream --log-level info

and runs this module on it (``python3 code/sitetools/render_log.py render-log.jsonl``).  In
``json-stream`` format Quarto writes one JSON object per record and line, with ``msg``, ``level``
(10 debug, 20 info, 30 warn, 40 error, 50 critical) and ``levelName``.

The level alone is not enough: Quarto passes what Pandoc and its Lua filters print on stderr
through as **INFO** records.  A record is a problem when its level is WARN or worse, or when its
message (ANSI colours stripped) carries one of these marks:

* ``WARNING (<file>:<line>)`` / ``ERROR (<file>:<line>)`` -- Quarto's Lua filters, e.g.
  ``WARNING (.../main.lua:14840) Unable to resolve crossref @fig-x``;
* ``(W) ...`` / ``(E) ...`` -- Quarto's Lua ``warn``/``error`` lines, e.g.
  ``(W) need 2 cell-output-display for renderings light,dark; got 0``;
* ``[WARNING] ...`` / ``[ERROR] ...`` -- Pandoc, e.g. ``[WARNING] Citeproc: citation x not found``;
* ``WARN:`` / ``WARNING:`` / ``ERROR:`` at the start of a line -- Quarto's own messages.

Messages from the Jupyter kernel about itself (``[IPKernelApp] WARNING | Kernel is running over
TCP without encryption ...``, printed on every page) are not problems of the site and pass.

Exit status: 0 when the log holds records and none is a problem; 1 when some is; 2 when the log
is missing, empty or not json-stream (so a misconfigured render cannot pass by writing nothing).

Standard library only: CI runs it with the runner's python3.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

__all__ = ["problems_in_log", "is_problem", "main"]

_WARN_LEVEL = 30
_BAD_NAMES = {"WARN", "WARNING", "ERROR", "CRITICAL"}
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_PROBLEM_MARKS = re.compile(
    r"(?m)^\s*(?:"
    r"(?:WARNING|ERROR) \([^)]*\)"   # Lua filters: WARNING (file:line) ...
    r"|\((?:W|E)\) "                 # Lua warn/error lines: (W) ...
    r"|\[(?:WARNING|ERROR)\]"        # Pandoc: [WARNING] ...
    r"|(?:WARN|WARNING|ERROR):"      # Quarto: WARN: / ERROR: ...
    r")"
)
# The kernel's notes about its own transport and debugger: not a problem of the site.
_BENIGN = re.compile(r"^\s*\[IPKernelApp\] WARNING \|")


def is_problem(level_name: str, level, message: str) -> bool:
    """Whether one log record reports a warning or an error of the render."""
    text = _ANSI.sub("", message)
    if not text.strip() or _BENIGN.match(text):
        return False
    if level_name.upper() in _BAD_NAMES:
        return True
    if isinstance(level, (int, float)) and not isinstance(level, bool) and level >= _WARN_LEVEL:
        return True
    return bool(_PROBLEM_MARKS.search(text))


def problems_in_log(text: str) -> tuple[int, list[tuple[str, str]]]:
    """Return ``(n_records, problems)`` for the text of a json-stream log.

    ``problems`` lists ``(levelName, message without ANSI colours)`` for every problem record.

    Raises
    ------
    ValueError
        Naming the line that is not a JSON object with a level.
    """
    n_records = 0
    problems: list[tuple[str, str]] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"line {line_number}: not JSON ({exc.msg}); was the render run with --log-format json-stream?"
            ) from None
        if not isinstance(record, dict) or not ("levelName" in record or "level" in record):
            raise ValueError(f"line {line_number}: expected a JSON object with 'levelName' or 'level', "
                             f"got {line[:80]!r}")
        n_records += 1
        name = str(record.get("levelName", ""))
        message = str(record.get("msg", ""))
        if is_problem(name, record.get("level"), message):
            problems.append((name.upper() or f"level {record.get('level')}", _ANSI.sub("", message)))
    return n_records, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="json-stream log written by quarto --log")
    args = parser.parse_args(argv)

    if not args.log.is_file():
        print(f"render log {args.log} does not exist: did quarto render run with --log?", file=sys.stderr)
        return 2
    try:
        n_records, problems = problems_in_log(args.log.read_text(encoding="utf-8"))
    except ValueError as exc:
        print(f"render log {args.log}: {exc}", file=sys.stderr)
        return 2
    if n_records == 0:
        print(f"render log {args.log} holds no records: was --log-level too high, or did the render "
              f"not start?", file=sys.stderr)
        return 2
    for name, message in problems:
        # Indent continuation lines so no logged text can start a line with "::" and be read
        # by the runner as a workflow command.
        body = "\n    ".join(message.strip().splitlines())
        print(f"{name}: {body}")
    if problems:
        print(f"{len(problems)} warning/error record(s) in {n_records} log records: treating the render "
              f"as failed.", file=sys.stderr)
        return 1
    print(f"render log clean: {n_records} records, no warnings or errors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
