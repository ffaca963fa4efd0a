"""Quarto's ``{{< include file >}}`` shortcode, expanded before a page is read.

As Quarto's ``expandIncludes`` (``src/core/handlers/base.ts`` and ``include-standalone.ts``): a
line that is only the shortcode is replaced by the file's text followed by a blank line; paths
are relative to the page (``/`` for the project root), nested includes resolve against the page
too, a circular include is an error, and a code block marked ``{shortcodes=false}`` is left alone.
"""

from __future__ import annotations

import re
from pathlib import Path

from sitetools.page_model import PageFormatError

__all__ = ["expand_includes", "read_text", "project_root"]

_INCLUDE = re.compile(r"^\s*\{\{< (?!/\*)(.+?)(?<!\*/) >\}\}\s*$")
_NO_SHORTCODES = re.compile(r"\s*```\s*\{\s*shortcodes\s*=\s*false\s*\}")


def read_text(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PageFormatError(f"{shown}: not UTF-8 text ({exc})") from None


def project_root(path: Path) -> Path:
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "_quarto.yml").is_file():
            return folder
    return path.parent


def expand_includes(text: str, path: Path, root: Path) -> tuple[list[str], list[tuple[str, int]], list[Path]]:
    """Replace ``{{< include file >}}`` lines by the file's lines, recursively.

    Returns the expanded lines, the ``(file, line)`` each came from, and the included files.
    """
    page_dir = path.parent
    shown_page = str(path)
    lines_out: list[str] = []
    origins: list[tuple[str, int]] = []
    included: list[Path] = []

    def resolve(target: str) -> Path:
        return (root / target.lstrip("/")).resolve() if target.startswith("/") else (page_dir / target).resolve()

    def walk(source_text: str, shown: str, chain: tuple[Path, ...]) -> None:
        skip = bool(_NO_SHORTCODES.search(source_text))
        source_lines = source_text.splitlines()
        for number, line in enumerate(source_lines, start=1):
            match = None if skip else _INCLUDE.match(line)
            name = match.group(1).split() if match else None
            if not name or name[0].lower() != "include":
                lines_out.append(line)
                origins.append((shown, number))
                continue
            if len(name) < 2:
                raise PageFormatError(f"{shown}:{number}: include needs a file name: {{{{< include FILE >}}}}")
            target = name[1].strip("\"'")
            file = resolve(target)
            if file in chain:
                raise PageFormatError(f"{shown}:{number}: circular include of {target}")
            if not file.is_file():
                raise PageFormatError(f"{shown}:{number}: include of {target}, which does not exist ({file})")
            included.append(file)
            try:
                file_shown = str(file.relative_to(root))
            except ValueError:
                file_shown = str(file)
            walk(read_text(file, file_shown), file_shown, chain + (file,))
            # Quarto appends a blank line after the included text.
            lines_out.append("")
            origins.append((shown, number))

    walk(text, shown_page, (path.resolve(),))
    return lines_out, origins, included
