"""What executing a page returns: each cell's outputs, inline values, figures, the probe."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

from sitetools.qmd import Cell, Page

__all__ = ["PageExecutionError", "CellRun", "PageRun"]


class PageExecutionError(RuntimeError):
    """A page failed the way ``quarto render`` would fail on it, with a pointer into the ``.qmd``."""


@dataclass
class CellRun:
    """One executed cell: the parsed cell and the outputs the kernel sent back (nbformat dicts)."""

    cell: Cell
    outputs: list
    evaluated: bool
    seconds: float = 0.0  # wall-clock time the kernel took for the cell

    @property
    def figures(self) -> list[bytes]:
        """PNG images the cell displayed, decoded."""
        return [
            base64.b64decode(out["data"]["image/png"])
            for out in self.outputs
            if out.get("output_type") in ("display_data", "execute_result") and "image/png" in out.get("data", {})
        ]

    @property
    def renderings(self) -> list[str] | None:
        """The cell's ``renderings`` option (e.g. ``["light", "dark"]``), or None."""
        value = self.cell.options.get("renderings")
        return [str(v) for v in value] if isinstance(value, list) else None

    @property
    def images(self) -> dict[str, bytes]:
        """Rendering name -> PNG, for a cell with ``renderings`` (its images in that order)."""
        names = self.renderings or []
        return dict(zip(names, self.figures))

    @property
    def text(self) -> str:
        """Everything textual the cell produced (streams, plain/markdown/html results, errors)."""
        parts = []
        for out in self.outputs:
            kind = out.get("output_type")
            if kind == "stream":
                parts.append(out["text"])
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                if any(mime.startswith("image/") for mime in data):
                    continue  # a figure: its text/plain is only "<Figure size ...>"
                for mime in ("text/markdown", "text/html", "text/plain"):
                    if mime in data:
                        parts.append(str(data[mime]))
                        break
            elif kind == "error":
                parts.append(f"{out['ename']}: {out['evalue']}")
        return "".join(parts)


@dataclass
class PageRun:
    """The result of executing one page.

    Attributes
    ----------
    page : Page
    cells : list[CellRun]
        In document order, including cells that were not evaluated.
    inline : list[tuple[str, str]]
        ``(expression, value as text)`` for every inline expression, in document order.
    probe : object
        The JSON-decoded value of the ``probe`` expression, or None when none was given.
    seconds : float
        Wall-clock execution time, kernel start included.
    """

    page: Page
    cells: list[CellRun] = field(default_factory=list)
    inline: list[tuple[str, str]] = field(default_factory=list)
    probe: object = None
    seconds: float = 0.0

    def cell(self, label: str) -> CellRun:
        for run in self.cells:
            if run.cell.label == label:
                return run
        raise KeyError(f"{self.page.path}: no cell labelled {label!r}")

    def figure(self, figure_id: str) -> CellRun:
        """The run of the cell inside the figure div ``::: {#figure_id}``."""
        for index, div in enumerate(self.page.divs):
            if div.id == figure_id:
                cells = [run for run in self.cells if index in run.cell.divs]
                if len(cells) == 1:
                    return cells[0]
                raise KeyError(f"{self.page.path}: figure {figure_id!r} holds {len(cells)} cells, not one")
        raise KeyError(f"{self.page.path}: no figure div '::: {{#{figure_id}}}'")

    def figure_ids(self) -> list[str]:
        """The ids of the page's figure divs drawn by a Python cell, in order.

        An interactive figure (one Observable JS cell, drawn in the reader's browser) has no
        Python cell and no image, and is left out.
        """
        return [div.id for index, div in enumerate(self.page.divs)
                if (div.id or "").startswith("fig-") and self.page.cells_in(index)]

    def text_outputs(self) -> list[str]:
        """Every text output and inline value in order: what must not change between runs."""
        return [run.text for run in self.cells] + [value for _, value in self.inline]
