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
from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    end_line : int
        1-based line of the closing fence.
    divs : tuple of int
        Indices into ``Page.divs`` of the fenced divs around the cell, outermost first.
    """

    source: str
    options: dict
    line: int
    code_line: int
    index: int
    end_line: int = 0
    divs: tuple[int, ...] = ()

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
class OjsCell:
    """An Observable JS cell (```` ```{ojs} ````): part of the Markdown for the Jupyter engine.

    Quarto's OJS handler runs it in the reader's browser, so the executor never does.

    Attributes
    ----------
    source : str
        Its code, ``//|`` option lines removed.
    options : dict
        The ``//|`` options, parsed as YAML.
    line, end_line : int
        1-based lines of the opening and closing fences.
    divs : tuple of int
        Indices into ``Page.divs`` of the fenced divs around it.
    """

    source: str
    options: dict
    line: int
    end_line: int
    divs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Div:
    """A Pandoc fenced div: ``::: {#id .class key="value"}`` ... ``:::``.

    Attributes
    ----------
    id : str or None
    classes : tuple of str
    attributes : dict[str, str]
    line, end_line : int
        1-based lines of the opening and closing fences.
    parent : int or None
        Index in ``Page.divs`` of the enclosing div.
    """

    id: str | None
    classes: tuple[str, ...]
    attributes: dict
    line: int
    end_line: int
    parent: int | None


@dataclass(frozen=True)
class Page:
    """A parsed page: front matter, then Markdown chunks and cells in document order."""

    path: Path
    front_matter: dict
    front_matter_line: int | None
    blocks: tuple  # of MarkdownChunk | Cell, in document order
    cells: tuple[Cell, ...] = field(default=())
    divs: tuple[Div, ...] = field(default=())
    lines: tuple[str, ...] = field(default=(), repr=False)
    origins: tuple[tuple[str, int], ...] = field(default=(), repr=False)
    includes: tuple[Path, ...] = field(default=())
    ojs_cells: tuple[OjsCell, ...] = field(default=())

    def where(self, line: int) -> str:
        """``file:line`` of a line of the expanded page (an included file names itself)."""
        if self.origins and 1 <= line <= len(self.origins):
            name, original = self.origins[line - 1]
            return f"{name}:{original}"
        return f"{self.path}:{line}"

    @property
    def inline(self) -> tuple[InlineExpression, ...]:
        return tuple(e for b in self.blocks if isinstance(b, MarkdownChunk) for e in b.inline)

    def cells_in(self, div_index: int) -> tuple[Cell, ...]:
        """The Python cells anywhere inside ``divs[div_index]``."""
        return tuple(c for c in self.cells if div_index in c.divs)

    def ojs_in(self, div_index: int) -> tuple[OjsCell, ...]:
        """The Observable JS cells anywhere inside ``divs[div_index]``."""
        return tuple(c for c in self.ojs_cells if div_index in c.divs)

    def text_between(self, first_line: int, last_line: int) -> str:
        """The page's source lines ``first_line`` .. ``last_line`` (1-based, inclusive)."""
        return "\n".join(self.lines[first_line - 1:last_line])

    def div_tail(self, div_index: int) -> str:
        """The Markdown between a div's last cell (or its opening fence) and its closing fence.

        For a figure div this is the caption; Quarto takes the div's last paragraph.
        """
        div = self.divs[div_index]
        cells = sorted(self.cells_in(div_index) + self.ojs_in(div_index), key=lambda c: c.end_line)
        start = (cells[-1].end_line if cells else div.line) + 1
        return self.text_between(start, div.end_line - 1).strip()


_INCLUDE = re.compile(r"^\s*\{\{< (?!/\*)(.+?)(?<!\*/) >\}\}\s*$")
_NO_SHORTCODES = re.compile(r"\s*```\s*\{\s*shortcodes\s*=\s*false\s*\}")


def _read_text(path: Path, shown: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PageFormatError(f"{shown}: not UTF-8 text ({exc})") from None


def _project_root(path: Path) -> Path:
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
            walk(_read_text(file, file_shown), file_shown, chain + (file,))
            # Quarto appends a blank line after the included text.
            lines_out.append("")
            origins.append((shown, number))

    walk(text, shown_page, (path.resolve(),))
    return lines_out, origins, included


def read_page(path, project_root=None) -> Page:
    """Read and parse the ``.qmd`` file at ``path``, includes expanded (see :func:`parse_page`)."""
    path = Path(path)
    text = _read_text(path, str(path))
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
