"""A small text corpus that ships with scikit-learn: the descriptions of its datasets.

scikit-learn bundles one reStructuredText description per dataset (iris, wine, digits,
the Olivetti faces, ...), about 5,000 words in all.  They are installed with the
library, so reading them downloads nothing, and the lock file pins their exact text.
:func:`dataset_passages` cuts them into paragraph-sized passages, the unit a retriever
returns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from mlwiki._checks import _check_positive_int

__all__ = ["Passage", "dataset_descriptions", "split_passages", "dataset_passages"]

_DIRECTIVE = re.compile(r"^\s*\.\. ")          # ".. _wine_dataset:", ".. dropdown:: References"
_UNDERLINE = re.compile(r"^\s*([-=~^*+#])\1{3,}\s*$")


@dataclass(frozen=True)
class Passage:
    """A piece of a document: where it comes from and its text."""

    source: str
    text: str

    @property
    def n_words(self) -> int:
        return len(self.text.split())


def dataset_descriptions() -> dict[str, str]:
    """``{dataset name: description text}`` for every description bundled with scikit-learn.

    Names are the file stems (``"wine_data"``, ``"digits"``, ...), in alphabetical order.
    """
    folder = resources.files("sklearn.datasets.descr")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rst")), key=lambda f: f.name)
    return {f.name[: -len(".rst")]: f.read_text(encoding="utf-8") for f in files}


def split_passages(text: str, *, source: str, min_words: int = 30) -> list[Passage]:
    """Cut a document into passages at blank lines, merging short paragraphs with the next.

    reStructuredText directives and heading underlines are dropped; headings, lists and
    tables stay as text.

    Parameters
    ----------
    text : str
    source : str
        Name recorded in every passage.
    min_words : int
        A paragraph shorter than this is joined to the following one (the last passage
        of a document may stay shorter).

    Returns
    -------
    list of Passage
    """
    if not isinstance(text, str) or not isinstance(source, str):
        raise ValueError("text and source must be strings")
    min_words = _check_positive_int("min_words", min_words)
    lines = [line for line in text.splitlines() if not (_DIRECTIVE.match(line) or _UNDERLINE.match(line))]
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", "\n".join(lines))]
    passages, pending = [], ""
    for paragraph in filter(None, paragraphs):
        pending = f"{pending} {paragraph}".strip()
        if len(pending.split()) >= min_words:
            passages.append(Passage(source, pending))
            pending = ""
    if pending:
        passages.append(Passage(source, pending))
    return passages


def dataset_passages(min_words: int = 30) -> list[Passage]:
    """All of scikit-learn's dataset descriptions, cut into passages (see :func:`split_passages`)."""
    return [p for name, text in dataset_descriptions().items()
            for p in split_passages(text, source=name, min_words=min_words)]
