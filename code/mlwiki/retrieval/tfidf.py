"""TF-IDF retrieval from scratch: find the passages whose words best match a query.

Each passage becomes a vector with one entry per word of the vocabulary:

* the **term frequency** tf(t, d), how often word t occurs in passage d, times
* the **inverse document frequency** idf(t) = ln((1 + n) / (1 + df(t))) + 1, where n is
  the number of passages and df(t) the number containing t (Spärck Jones, 1972).  A word
  found in every passage ("the", "of", "data") gets the smallest weight, a rare one
  ("wine", "olivetti") a large one;

and is scaled to length 1.  The query is turned into a vector the same way, and the
passages are ranked by **cosine similarity**, the dot product of unit vectors.  The
tokenizer and these formulas are scikit-learn's ``TfidfVectorizer`` defaults, so its
matrix serves as the test oracle.
"""

from __future__ import annotations

import re

import numpy as np

from mlwiki._checks import _check_positive_int

__all__ = ["tokenize", "TfidfIndex"]

# scikit-learn's default token_pattern: runs of two or more word characters.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


def tokenize(text: str) -> list[str]:
    """Lower-cased words of two or more letters or digits, in order."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, got {type(text).__name__}")
    return _TOKEN.findall(text.lower())


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


class TfidfIndex:
    """A searchable TF-IDF index over a list of texts.

    Parameters
    ----------
    texts : sequence of str
        The passages, at least one.
    use_idf : bool
        False weighs words by raw counts alone (every word counts the same, however
        common), to show what the idf factor is for.

    Attributes
    ----------
    vocabulary : list of str
        Every word of the texts, sorted; column j of ``vectors`` is ``vocabulary[j]``.
    idf : ndarray, shape (n_terms,)
        Inverse document frequencies (all ones when ``use_idf`` is False).
    vectors : ndarray, shape (n_texts, n_terms)
        Unit-length TF-IDF rows.
    """

    def __init__(self, texts, *, use_idf: bool = True):
        texts = list(texts)
        if not texts or not all(isinstance(t, str) for t in texts):
            raise ValueError("texts must be a non-empty sequence of strings")
        tokens = [tokenize(t) for t in texts]
        self.vocabulary = sorted({word for words in tokens for word in words})
        if not self.vocabulary:
            raise ValueError("texts contain no words of two or more characters")
        self._column = {word: j for j, word in enumerate(self.vocabulary)}
        counts = self._counts(tokens)
        self.use_idf = bool(use_idf)
        document_frequency = np.count_nonzero(counts, axis=0)
        n = len(texts)
        self.idf = np.log((1 + n) / (1 + document_frequency)) + 1 if self.use_idf else np.ones(len(self.vocabulary))
        self.vectors = _unit_rows(counts * self.idf)

    def _counts(self, tokens: list[list[str]]) -> np.ndarray:
        counts = np.zeros((len(tokens), len(self.vocabulary)))
        for i, words in enumerate(tokens):
            for word in words:
                j = self._column.get(word)
                if j is not None:            # words the index has never seen carry no weight
                    counts[i, j] += 1
        return counts

    def transform(self, texts) -> np.ndarray:
        """Unit TF-IDF vectors of new texts (shape (n_texts, n_terms)), using the index's idf."""
        if isinstance(texts, str):
            raise ValueError("texts must be a sequence of strings; wrap a single query in a list")
        return _unit_rows(self._counts([tokenize(t) for t in texts]) * self.idf)

    def similarities(self, query: str) -> np.ndarray:
        """Cosine similarity of ``query`` with every passage, shape (n_texts,)."""
        return self.vectors @ self.transform([query])[0]

    def search(self, query: str, k: int = 3) -> list[tuple[int, float]]:
        """The ``k`` most similar passages as ``(index, similarity)``, best first (ties: lower index)."""
        k = _check_positive_int("k", k)
        scores = self.similarities(query)
        order = np.argsort(-scores, kind="stable")[: min(k, scores.size)]
        return [(int(i), float(scores[i])) for i in order]

    def __repr__(self) -> str:
        return f"TfidfIndex({self.vectors.shape[0]} texts, {len(self.vocabulary)} terms, use_idf={self.use_idf})"
