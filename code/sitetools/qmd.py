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
* ``{{< include file >}}`` lines are replaced by the file's text before anything else, as
  Quarto's ``expandIncludes`` does (paths relative to the page, ``/`` for the project root;
  nested includes resolve against the page too); messages name the included file and line.
* Pandoc fenced divs (``::: {#fig-x .class key="v"}`` ... ``:::``) are tracked outside code
  blocks, so checks can ask which figure or exercise a cell belongs to.

Everything is reported with the page's 1-based line numbers so errors can point into the ``.qmd``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from sitetools.includes import expand_includes, read_text
from sitetools.includes import project_root as _project_root
from sitetools.page_model import Cell, Div, InlineExpression, MarkdownChunk, OjsCell, Page, PageFormatError

__all__ = ["Cell", "OjsCell", "Div", "InlineExpression", "MarkdownChunk", "Page", "PageFormatError", "read_page", "parse_page",
           "parse_attributes", "expand_includes"]

_FRONT_MATTER_FENCE = re.compile(r"^---\s*$")
_CELL_START = re.compile(r"^(\s*)(```+)\s*\{python( *[ ,].*)?\}\s*$")
_OPTION_LINE = re.compile(r"^#\s*\| ?")
# The same expression Quarto's notebook.py applies to each Markdown cell.
_INLINE = re.compile(r"(?:^|[^`])`\{python\}[ \t]([^`]+)`", re.MULTILINE)
# Pandoc: an opening div fence carries attributes (braced, or one bare class word); a line of
# colons alone closes the innermost div.
_DIV_OPEN = re.compile(r"^\s*(:{3,})\s*(\{[^}]*\}|[^\s{}:]+)\s*:*\s*$")
_DIV_CLOSE = re.compile(r"^\s*:{3,}\s*$")
_CODE_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
# Observable JS cells: run in the reader's browser, not by the Jupyter kernel; options are
# `//|` lines (Quarto's comment character for ojs).
_OJS_START = re.compile(r"^(\s*)(```+)\s*\{ojs( *[ ,].*)?\}\s*$")
_OJS_OPTION = re.compile(r"^//\s*\| ?")
_ATTRIBUTE = re.compile(r"""#([^\s}]+)|\.([^\s}=]+)|([\w-]+)=("[^"]*"|'[^']*'|[^\s}]+)""")


def read_page(path, project_root=None) -> Page:
    """Read and parse the ``.qmd`` file at ``path``, includes expanded (see :func:`parse_page`)."""
    path = Path(path)
    text = read_text(path, str(path))
    root = Path(project_root).resolve() if project_root else _project_root(path.resolve())
    lines, origins, included = expand_includes(text, path, root)
    page = parse_page("\n".join(lines), path, origins=origins)
    return dataclasses.replace(page, includes=tuple(included))


def parse_page(text: str, path="<page>", *, origins=None) -> Page:
    """Split ``text`` into front matter, Markdown chunks and Python cells, as Quarto does.

    Raises
    ------
    PageFormatError
        Naming the file and line, for unparsable front matter or cell options, options that are
        not a mapping, or a cell whose closing fence is missing.
    """
    path = Path(path)
    lines = text.splitlines()
    origins = tuple(origins) if origins else tuple((str(path), n) for n in range(1, len(lines) + 1))

    def where(line: int) -> str:
        name, original = origins[line - 1] if 1 <= line <= len(origins) else (str(path), line)
        return f"{name}:{original}"

    front_matter: dict = {}
    front_matter_line = None
    blocks: list = []
    cells: list[Cell] = []

    buffer: list[str] = []
    buffer_start = 1
    cell_open: tuple[int, str, int] | None = None  # (fence line, indent, backticks)
    in_front_matter = False
    divs: list[dict] = []
    div_stack: list[int] = []
    code_fence: str | None = None  # the fence of a plain (non-cell) code block we are inside
    ojs_open: int | None = None  # the line of an open ```{ojs} block
    ojs_cells: list[OjsCell] = []

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
                front_matter = _load_front_matter(buffer, where(front_matter_line))
                in_front_matter = False
                buffer, buffer_start = [], number + 1
            else:
                buffer.append(line)
            continue
        if cell_open is not None:
            start, indent, ticks = cell_open
            if re.match("^" + re.escape(indent) + "`" * ticks + r"\s*$", line):
                cell = _make_cell(buffer, indent, start, len(cells), where(start), number, tuple(div_stack))
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
        fence = _CODE_FENCE.match(line)
        if code_fence is not None:
            if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(code_fence) \
                    and line.strip() == fence.group(1):
                code_fence = None
                if ojs_open is not None:
                    ojs_cells.append(_make_ojs_cell(ojs_open, lines[ojs_open:number - 1], number,
                                                    tuple(div_stack), where(ojs_open)))
                    ojs_open = None
            continue
        if fence:
            code_fence = fence.group(1)
            if _OJS_START.match(line):
                ojs_open = number
            continue
        opening = _DIV_OPEN.match(line)
        if opening:
            divs.append({"attributes": parse_attributes(opening.group(2)), "line": number,
                         "parent": div_stack[-1] if div_stack else None})
            div_stack.append(len(divs) - 1)
        elif _DIV_CLOSE.match(line):
            if not div_stack:
                raise PageFormatError(f"{where(number)}: ':::' closes a fenced div that was never opened")
            divs[div_stack.pop()]["end_line"] = number

    if in_front_matter:
        raise PageFormatError(f"{where(front_matter_line)}: front matter opened with '---' is never closed")
    if cell_open is not None:
        raise PageFormatError(
            f"{where(cell_open[0])}: the ```{{python}} cell opened here has no closing fence "
            f"({'`' * cell_open[2]})"
        )
    if div_stack:
        opened = divs[div_stack[-1]]["line"]
        raise PageFormatError(f"{where(opened)}: the fenced div opened here ('::: {{...}}') is never closed")
    flush_markdown(len(lines))
    page_divs = tuple(
        Div(d["attributes"][0], d["attributes"][1], d["attributes"][2], d["line"], d["end_line"], d["parent"])
        for d in divs
    )
    return Page(path, front_matter, front_matter_line, tuple(blocks), tuple(cells), page_divs, tuple(lines), origins,
                ojs_cells=tuple(ojs_cells))


def parse_attributes(text: str) -> tuple[str | None, tuple[str, ...], dict]:
    """``{#id .class key="value"}`` (or a bare ``class``) -> ``(id, classes, attributes)``."""
    text = text.strip()
    if not text.startswith("{"):
        return None, (text,), {}
    identifier, classes, attributes = None, [], {}
    for match in _ATTRIBUTE.finditer(text[1:-1]):
        if match.group(1):
            identifier = match.group(1)
        elif match.group(2):
            classes.append(match.group(2))
        else:
            value = match.group(4)
            if value[:1] in "\"'" and value[-1:] == value[:1]:
                value = value[1:-1]
            attributes[match.group(3)] = value
    return identifier, tuple(classes), attributes


def _load_front_matter(lines: list[str], location: str) -> dict:
    try:
        data = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        raise PageFormatError(f"{location}: front matter is not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PageFormatError(f"{location}: front matter must be a YAML mapping, got {type(data).__name__}")
    return data


def _make_ojs_cell(fence_line: int, body: list[str], end_line: int, divs: tuple[int, ...], location: str) -> OjsCell:
    option_lines = []
    for line in body:
        match = _OJS_OPTION.match(line)
        if not match:
            break
        option_lines.append(re.sub(r":\s+$", ":", line[match.end():]))
    options: dict = {}
    if option_lines:
        try:
            parsed = yaml.safe_load("\n".join(option_lines))
        except yaml.YAMLError as exc:
            raise PageFormatError(f"{location}: ojs cell: its '//|' options are not valid YAML: {exc}") from None
        if not isinstance(parsed, dict):
            raise PageFormatError(f"{location}: ojs cell: its '//|' options must be 'key: value' lines, got {parsed!r}")
        options = parsed
    return OjsCell("\n".join(body[len(option_lines):]), options, fence_line, end_line, divs)


def _make_cell(body: list[str], indent: str, fence_line: int, index: int, location: str,
               end_line: int, divs: tuple[int, ...]) -> Cell:
    # Quarto strips the fence's indent from every line of an indented cell.
    if indent:
        body = [line.replace(indent, "", 1) for line in body]
    # Quarto drops a cell's leading blank lines before it looks for '#|' options
    # (notebook.py strips the cell source), so options after a blank line still count.
    leading_blank = 0
    while leading_blank < len(body) and not body[leading_blank].strip():
        leading_blank += 1
    body = body[leading_blank:]
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
                f"{location}: cell #{index + 1}: its '#|' options are not valid YAML: {exc}"
            ) from None
        if not isinstance(parsed, dict):
            raise PageFormatError(
                f"{location}: cell #{index + 1}: its '#|' options must be 'key: value' lines, "
                f"got {parsed!r}"
            )
        options = parsed
    return Cell(
        source="\n".join(code),
        options=options,
        line=fence_line,
        code_line=fence_line + 1 + leading_blank + len(option_lines),
        index=index,
        end_line=end_line,
        divs=divs,
    )


def _inline_expressions(chunk: str, first_line: int):
    for match in _INLINE.finditer(chunk):
        line = first_line + chunk.count("\n", 0, match.start(1))
        yield InlineExpression(match.group(1), line)
