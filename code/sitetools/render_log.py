"""Fail a CI render when Quarto logged any warning or error.

Quarto has no strict mode: a render that warns about a broken cross-reference or a
missing file still exits 0.  CI therefore renders with a machine-readable log::

    quarto render --log render-log.jsonl --log-format json-stream --log-level info

and runs this script on it.  In ``json-stream`` format Quarto writes one JSON object
per log record and line (``JSON.stringify`` of a Deno ``LogRecord``), with the
fields ``msg``, ``level`` (10 debug, 20 info, 30 warn, 40 error, 50 critical) and
``levelName`` (``DEBUG``/``INFO``/``WARN``/``ERROR``/``CRITICAL``).

Exit status: 0 when the log holds records and none is WARN or worse; 1 when some
record is WARN or worse; 2 when the log is missing, empty or not json-stream (so a
misconfigured render cannot pass the check by writing nothing).

Standard library only: it runs in CI before or without the project's venv.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# Deno's std/log numeric levels; names are checked as well because a record's
# ``levelName`` is what Quarto's own tests inspect.
_WARN_LEVEL = 30
_BAD_NAMES = {"WARN", "WARNING", "ERROR", "CRITICAL"}


def problems_in_log(text: str) -> tuple[int, list[tuple[str, str]]]:
    """Return ``(n_records, problems)`` for the text of a json-stream log.

    ``problems`` lists ``(levelName, msg)`` for every record at WARN or above whose
    message is not blank.  Raises ValueError naming the line that is not a JSON
    object with a level.
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
                f"line {line_number}: not JSON ({exc.msg}); was the render run "
                "with --log-format json-stream?"
            ) from None
        if not isinstance(record, dict) or not (
            "levelName" in record or "level" in record
        ):
            raise ValueError(
                f"line {line_number}: expected a JSON object with 'levelName' or "
                f"'level', got {line[:80]!r}"
            )
        n_records += 1
        name = str(record.get("levelName", "")).upper()
        level = record.get("level")
        is_bad = name in _BAD_NAMES or (
            isinstance(level, (int, float)) and not isinstance(level, bool)
            and level >= _WARN_LEVEL
        )
        message = str(record.get("msg", ""))
        if is_bad and message.strip():
            problems.append((name or f"level {level}", message))
    return n_records, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log", type=Path, help="json-stream log written by quarto --log")
    args = parser.parse_args(argv)

    if not args.log.is_file():
        print(f"render log {args.log} does not exist: did quarto render run "
              "with --log?", file=sys.stderr)
        return 2
    try:
        n_records, problems = problems_in_log(args.log.read_text(encoding="utf-8"))
    except ValueError as exc:
        print(f"render log {args.log}: {exc}", file=sys.stderr)
        return 2
    if n_records == 0:
        print(f"render log {args.log} holds no records: was --log-level too "
              "high, or did the render not start?", file=sys.stderr)
        return 2
    for name, message in problems:
        # Indent continuation lines so no logged text can start a line with
        # "::" and be read by the runner as a workflow command.
        body = "\n    ".join(message.splitlines())
        print(f"{name}: {body}")
    if problems:
        print(f"{len(problems)} warning/error record(s) in {n_records} log "
              "records: treating the render as failed.", file=sys.stderr)
        return 1
    print(f"render log clean: {n_records} records, no warnings or errors.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
