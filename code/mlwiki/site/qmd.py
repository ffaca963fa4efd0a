"""Read a ``.qmd`` page the way Quarto's Jupyter engine reads it.

The rules follow Quarto 1.10's ``quartoMdToJupyter`` (``src/core/jupyter/jupyter.ts``) and the
cell-option parser of its ``notebook.py``:

* Front matter is the first ``---`` ... ``---`` block, where the opening ``---`` is not followed by
  a blank line.
* A code cell starts at a fence matching ``^(\\s*)(```+)\\s*\\{python( *[ ,].*)?\\}\\s*$`` and ends at a
  line of the same indent and exactly as many backticks.  Plain ```` ```python ```` blocks are
  Markdown -- but, as in Quarto, a ```` ```{python} ```` fence nested in one still starts a cell.
* Cell options are the leading lines matching ``^#\\s*\\| ?``, parsed together as YAML, and stripped
  from the code before it runs.
* Inline expressions are `` `{python} expr` `` in Markdown text.

Everything is reported with the page's 1-based line numbers so errors can point into the ``.qmd``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

__all__ = ["Cell", "InlineExpression", "MarkdownChunk", "Page", "PageFormatError", "read_page", "parse_page"]

_FRONT_MATTER_FENCE = re.compile(r"^---\s*$")
_CELL_START = re.compile(r"^(\s*)(```+)\s*\{python( *[ ,].*)?\}\s*$")
_OPTION_LINE = re.compile(r"^#\s*\| ?")
# The same expression Quarto's notebook.py applies to each Markdown cell.
_INLINE = re.compile(r"(?:^|[^`])`\{python\}[ \t]([^`]+)`", re.MULTILINE)


class PageFormatError(ValueError):
    """A page that Quarto could not read: bad front matter, bad cell options, an unclosed cell."""


@dataclass(frozen=True)
class Cell:
    """One executable ```` ```{python} ```` cell.

    Attributes
    ----------
    source : str
        The code Quarto sends to the kernel (option lines stripped).
    options : dict
        The ``#|`` options, parsed as YAML.
    line : int
        1-based line of the opening fence in the ``.qmd``.
    code_line : int
        1-based ``.qmd`` line of the first line of ``source``.
    index : int
        Position among the page's code cells, from 0.
    """

    source: str
    options: dict
    line: int
    code_line: int
    index: int

    @property
    def label(self) -> str | None:
        label = self.options.get("label")
        return None if label is None else str(label)

    @property
    def name(self) -> str:
        """How messages refer to the cell: its label, or its position when it has none."""
        return f"'{self.label}'" if self.label else f"#{self.index + 1} (unlabelled)"


@dataclass(frozen=True)
class InlineExpression:
    """An inline `` `{python} expr` `` and the 1-based ``.qmd`` line it sits on."""

    expression: str
    line: int


@dataclass(frozen=True)
class MarkdownChunk:
    """Markdown between cells: its text, first line, and inline expressions in order."""

    text: str
    line: int
    inline: tuple[InlineExpression, ...]


@dataclass(frozen=True)
class Page:
    """A parsed page: front matter, then Markdown chunks and cells in document order."""

    path: Path
    front_matter: dict
    front_matter_line: int | None
    blocks: tuple  # of MarkdownChunk | Cell, in document order
    cells: tuple[Cell, ...] = field(default=())

    @property
    def inline(self) -> tuple[InlineExpression, ...]:
        return tuple(e for b in self.blocks if isinstance(b, MarkdownChunk) for e in b.inline)


def read_page(path) -> Page:
    """Read and parse the ``.qmd`` file at ``path`` (see :func:`parse_page`)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PageFormatError(f"{path}: not UTF-8 text ({exc})") from None
    return parse_page(text, path)


def parse_page(text: str, path="<page>") -> Page:
    """Split ``text`` into front matter, Markdown chunks and Python cells, as Quarto does.

    Raises
    ------
    PageFormatError
        Naming the file and line, for unparsable front matter or cell options, options that are
        not a mapping, or a cell whose closing fence is missing.
    """
    path = Path(path)
    lines = text.splitlines()
    front_matter: dict = {}
    front_matter_line = None
    blocks: list = []
    cells: list[Cell] = []

    buffer: list[str] = []
    buffer_start = 1
    cell_open: tuple[int, str, int] | None = None  # (fence line, indent, backticks)
    in_front_matter = False

    def flush_markdown(end_line: int) -> None:
        nonlocal buffer, buffer_start
        if buffer and any(s.strip() for s in buffer):
            chunk = "\n".join(buffer)
            blocks.append(MarkdownChunk(chunk, buffer_start, tuple(_inline_expressions(chunk, buffer_start))))
        buffer = []
        buffer_start = end_line + 1

    for number, line in enumerate(lines, start=1):
        if in_front_matter:
            if _FRONT_MATTER_FENCE.match(line):
                front_matter = _load_front_matter(buffer, path, front_matter_line)
                in_front_matter = False
                buffer, buffer_start = [], number + 1
            else:
                buffer.append(line)
            continue
        if cell_open is not None:
            start, indent, ticks = cell_open
            if re.match("^" + re.escape(indent) + "`" * ticks + r"\s*$", line):
                cell = _make_cell(buffer, indent, start, len(cells), path)
                cells.append(cell)
                blocks.append(cell)
                cell_open = None
                buffer, buffer_start = [], number + 1
            else:
                buffer.append(line)
            continue
        next_line = lines[number] if number < len(lines) else ""
        if (
            _FRONT_MATTER_FENCE.match(line)
            and front_matter_line is None
            and next_line.strip() != ""
            and not any(s.strip() for s in buffer)
            and not blocks
        ):
            flush_markdown(number - 1)
            in_front_matter, front_matter_line = True, number
            continue
        # Like Quarto, a cell fence starts a cell even inside a plain ``` block: write
        # ```{{python}} to show a cell without running it.
        match = _CELL_START.match(line)
        if match:
            flush_markdown(number - 1)
            cell_open = (number, match.group(1), len(match.group(2)))
            buffer_start = number + 1
            continue
        buffer.append(line)

    if in_front_matter:
        raise PageFormatError(f"{path}:{front_matter_line}: front matter opened with '---' is never closed")
    if cell_open is not None:
        raise PageFormatError(
            f"{path}:{cell_open[0]}: the ```{{python}} cell opened here has no closing fence "
            f"({'`' * cell_open[2]})"
        )
    flush_markdown(len(lines))
    return Page(path, front_matter, front_matter_line, tuple(blocks), tuple(cells))


def _load_front_matter(lines: list[str], path: Path, line: int | None) -> dict:
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        raise PageFormatError(f"{path}:{line}: front matter is not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PageFormatError(f"{path}:{line}: front matter must be a YAML mapping, got {type(data).__name__}")
    return data


def _make_cell(body: list[str], indent: str, fence_line: int, index: int, path: Path) -> Cell:
    # Quarto strips the fence's indent from every line of an indented cell.
    if indent:
        body = [line.replace(indent, "", 1) for line in body]
    option_lines = []
    for line in body:
        match = _OPTION_LINE.match(line)
        if not match:
            break
        # Quarto strips trailing blanks after a colon so "key: " parses as an empty value.
        option_lines.append(re.sub(r":\s+$", ":", line[match.end():]))
    code = body[len(option_lines):]
    options: dict = {}
    if option_lines:
        try:
            parsed = yaml.safe_load("\n".join(option_lines))
        except yaml.YAMLError as exc:
            raise PageFormatError(
                f"{path}:{fence_line}: cell #{index + 1}: its '#|' options are not valid YAML: {exc}"
            ) from None
        if not isinstance(parsed, dict):
            raise PageFormatError(
                f"{path}:{fence_line}: cell #{index + 1}: its '#|' options must be 'key: value' lines, "
                f"got {parsed!r}"
            )
        options = parsed
    return Cell(
        source="\n".join(code),
        options=options,
        line=fence_line,
        code_line=fence_line + 1 + len(option_lines),
        index=index,
    )


def _inline_expressions(chunk: str, first_line: int):
    for match in _INLINE.finditer(chunk):
        line = first_line + chunk.count("\n", 0, match.start(1))
        yield InlineExpression(match.group(1), line)
