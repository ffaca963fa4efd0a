"""Show the package's real source in a page, so a chapter never re-types library code."""

from __future__ import annotations

import inspect
import textwrap

from IPython.display import Markdown

__all__ = ["show_source"]


def show_source(obj, *, language: str = "python") -> Markdown:
    """Return ``obj``'s source (function, class, method or module) as a fenced Markdown block.

    Display it as a cell's last expression: Quarto renders ``text/markdown`` output as Markdown,
    so the reader sees highlighted code taken from the installed package at render time.

    Raises
    ------
    ValueError
        When ``obj`` has no retrievable source (a builtin, or an object defined in a notebook).
    """
    try:
        source = inspect.getsource(obj)
    except (OSError, TypeError) as exc:
        raise ValueError(f"show_source: cannot read the source of {obj!r}: {exc}") from None
    source = textwrap.dedent(source).rstrip("\n")
    fence = "`" * max(3, _longest_backtick_run(source) + 1)
    return Markdown(f"{fence}{language}\n{source}\n{fence}")


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    return longest
