"""Show the package's real source in a page, so a chapter never re-types library code."""

from __future__ import annotations

import inspect
import textwrap

__all__ = ["SourceBlock", "show_source"]


class SourceBlock:
    """A fenced Markdown code block that notebooks display as Markdown.

    Jupyter asks an object for ``_repr_markdown_`` when it displays it; Quarto puts that Markdown
    into the page when the cell has ``output: asis``.  ``str()`` gives the same Markdown.
    """

    def __init__(self, markdown: str):
        self.markdown = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown


def show_source(obj, *, language: str = "python") -> SourceBlock:
    """Return ``obj``'s source (function, class, method or module) as a fenced Markdown block.

    Display it as a cell's last expression in a cell with ``#| output: asis``: the reader sees
    highlighted code taken from the installed package at render time.

    Parameters
    ----------
    obj : function, class, method or module
        Anything :func:`inspect.getsource` can read.
    language : str
        The fence's language, for highlighting.

    Raises
    ------
    ValueError
        When ``obj`` has no retrievable source (a builtin, or an object defined in a notebook),
        or ``language`` is not a plain word.
    """
    if not isinstance(language, str) or not language.isidentifier():
        raise ValueError(f"show_source: language must be a plain word such as 'python', got {language!r}")
    try:
        source = inspect.getsource(obj)
    except (OSError, TypeError) as exc:
        raise ValueError(f"show_source: cannot read the source of {obj!r}: {exc}") from None
    source = textwrap.dedent(source).rstrip("\n")
    fence = "`" * max(3, _longest_backtick_run(source) + 1)
    return SourceBlock(f"{fence}{language}\n{source}\n{fence}")


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest
