"""Words as tokens: a frequency-ranked word index, and a lossless split of text into words.

Two different ideas of "word" live here, and the difference matters:

* :func:`text_to_words` / :func:`build_word_index` normalise the text first (lower-case it,
  turn punctuation into spaces) and then split on spaces -- the behaviour of the word-level
  ``Tokenizer`` of Keras 2.  Normalising throws information away: ``"World!"`` and
  ``"world"`` become the same word, and the text cannot be rebuilt from its words.
* :func:`pre_tokenize` cuts the text into words, runs of punctuation and runs of white space
  *without* changing anything, so joining the pieces gives the text back exactly.  Byte-pair
  encoding (:mod:`mlwiki.text.bpe`) starts from these pieces.
"""

from __future__ import annotations

import re

__all__ = ["KERAS_FILTERS", "text_to_words", "build_word_index", "WORD_PATTERN", "pre_tokenize"]

#: The characters Keras 2's ``Tokenizer`` replaced by spaces by default: ASCII punctuation
#: except the apostrophe, plus tab and newline.
KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'

#: A word with the space in front of it, a run of punctuation with its space, or a run of
#: white space.  Every character of a text falls into exactly one match.
WORD_PATTERN = r" ?\w+| ?[^\w\s]+|\s+"
_WORD_RE = re.compile(WORD_PATTERN)


def _check_text(name: str, text) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    return text


def text_to_words(text: str, *, filters: str = KERAS_FILTERS, lower: bool = True) -> list[str]:
    """Split ``text`` into normalised words.

    Lower-cases the text (when ``lower``), replaces every character of ``filters`` by a space,
    splits on spaces and drops the empty strings that runs of spaces leave.

    Parameters
    ----------
    text : str
    filters : str
        Characters treated as separators (default: :data:`KERAS_FILTERS`).
    lower : bool
        Whether to lower-case first.

    Returns
    -------
    list of str
        The words in order of appearance.
    """
    text = _check_text("text", text)
    filters = _check_text("filters", filters)
    if not isinstance(lower, bool):
        raise TypeError(f"lower must be True or False, got {lower!r}")
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({char: " " for char in filters}))
    return [word for word in text.split(" ") if word]


def build_word_index(texts, *, filters: str = KERAS_FILTERS, lower: bool = True) -> dict[str, int]:
    """Number the distinct words of ``texts`` by frequency: 1 for the most frequent.

    Words are counted over all texts with :func:`text_to_words`.  Index 0 is left free (for
    padding, by convention).  Words with equal counts keep the order in which they first
    appeared, because Python's sort is stable.

    Parameters
    ----------
    texts : sequence of str
        The documents (a single str is refused: it is not a list of documents).
    filters, lower
        As in :func:`text_to_words`.

    Returns
    -------
    dict[str, int]
        Word -> index ``1, 2, ...``, in index order.
    """
    if isinstance(texts, str) or not hasattr(texts, "__iter__"):
        raise TypeError(f"texts must be a sequence of str (one per document), got {type(texts).__name__}")
    counts: dict[str, int] = {}  # insertion order = order of first appearance
    for i, text in enumerate(texts):
        for word in text_to_words(_check_text(f"texts[{i}]", text), filters=filters, lower=lower):
            counts[word] = counts.get(word, 0) + 1
    ranked = sorted(counts, key=lambda word: counts[word], reverse=True)  # stable: ties keep first appearance
    return {word: index for index, word in enumerate(ranked, start=1)}


def pre_tokenize(text: str) -> list[str]:
    """Cut ``text`` into words, punctuation runs and white-space runs, losing nothing.

    Each word or punctuation run carries the single space in front of it (``" better"``), so
    a space is not a token of its own between words.  ``"".join(pre_tokenize(text)) == text``
    for every string.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
        Non-empty pieces in order (:data:`WORD_PATTERN`).
    """
    return _WORD_RE.findall(_check_text("text", text))
