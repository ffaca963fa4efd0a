"""A small English text that ships with every Python: the Zen of Python (``import this``).

Importing the standard module :mod:`this` prints the poem once, to standard output; the
module stores it ROT13-encoded in ``this.s``.  :func:`zen_of_python` imports it with that
print swallowed and returns the decoded text, so a page gets the text and prints nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import io

__all__ = ["zen_of_python"]


def zen_of_python() -> str:
    """The Zen of Python by Tim Peters (PEP 20), as a str of 856 characters, 21 lines.

    Returns
    -------
    str
        Title line, a blank line and the 19 aphorisms, separated by ``"\\n"``, no final newline.
    """
    with contextlib.redirect_stdout(io.StringIO()):  # the first import prints the poem
        import this
    return codecs.decode(this.s, "rot13")
