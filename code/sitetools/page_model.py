"""What a page is made of, as read from its ``.qmd``: cells, Markdown, fenced divs, the page."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["PageFormatError", "Cell", "InlineExpression", "MarkdownChunk", "OjsCell", "Div", "Page"]


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
