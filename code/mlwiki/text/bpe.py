"""Byte-pair encoding (BPE): a sub-word vocabulary learned by merging frequent neighbours.

Training starts from the UTF-8 bytes of a text -- 256 possible tokens, enough to spell any
string -- and repeats one step: find the pair of adjacent tokens that occurs most often and
give it a new token of its own, replacing every occurrence.  Each merge shortens the text by
the number of times it applies and adds one token to the vocabulary.  Merges never cross the
boundaries that :func:`~mlwiki.text.words.pre_tokenize` draws, so a token never spans two
words (Sennrich, Haddow and Birch, 2016; the byte-level start is GPT-2's, Radford et al., 2019).

Encoding new text replays the merges; decoding joins the tokens' bytes, so
``decode(encode(text)) == text`` for every string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlwiki._checks import _check_positive_int
from mlwiki.text.words import _check_text, pre_tokenize

__all__ = ["BPETokenizer", "train_bpe", "count_pairs", "merge_pair"]

_N_BYTES = 256


def count_pairs(words, weights) -> dict[tuple[int, int], int]:
    """How often each pair of adjacent tokens occurs, each word counted ``weight`` times.

    Parameters
    ----------
    words : sequence of list of int
        Each distinct word of the text as its current tokens.
    weights : sequence of int
        How many times each word occurs in the text.

    Returns
    -------
    dict[(int, int), int]
        Pair -> count.  Overlapping pairs all count: ``[7, 7, 7]`` holds ``(7, 7)`` twice.
    """
    counts: dict[tuple[int, int], int] = {}
    for tokens, weight in zip(words, weights):
        for pair in zip(tokens, tokens[1:]):
            counts[pair] = counts.get(pair, 0) + weight
    return counts


def merge_pair(tokens, pair, new_id) -> list[int]:
    """Replace every occurrence of ``pair`` in ``tokens`` by ``new_id``, scanning left to right.

    Parameters
    ----------
    tokens : list of int
    pair : (int, int)
    new_id : int

    Returns
    -------
    list of int
        A new list; ``[7, 7, 7]`` with pair ``(7, 7)`` gives ``[new_id, 7]``.
    """
    merged, i = [], 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i] == pair[0] and tokens[i + 1] == pair[1]:
            merged.append(new_id)
            i += 2
        else:
            merged.append(tokens[i])
            i += 1
    return merged


@dataclass(frozen=True)
class BPETokenizer:
    """A trained byte-pair encoding.

    Token ids 0-255 are the bytes; merge ``m`` (counting from 0) creates token ``256 + m``.

    Attributes
    ----------
    merges : tuple of (int, int)
        The merged pairs, in training order.
    merge_counts : tuple of int
        How often each pair occurred in the training text when it was merged.
    n_tokens : tuple of int
        Length of the training text in tokens before any merge and after each one
        (``len(merges) + 1`` entries).
    """

    merges: tuple[tuple[int, int], ...]
    merge_counts: tuple[int, ...] = ()
    n_tokens: tuple[int, ...] = ()
    _vocab: tuple[bytes, ...] = field(init=False, repr=False, compare=False)
    _ranks: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        merges = tuple(tuple(pair) for pair in self.merges)
        vocab = [bytes([b]) for b in range(_N_BYTES)]
        for m, pair in enumerate(merges):
            if len(pair) != 2 or not all(isinstance(t, int) and 0 <= t < _N_BYTES + m for t in pair):
                raise ValueError(
                    f"merges[{m}] must be a pair of token ids below {_N_BYTES + m}, got {pair!r}"
                )
            vocab.append(vocab[pair[0]] + vocab[pair[1]])
        if self.merge_counts and len(self.merge_counts) != len(merges):
            raise ValueError(f"merge_counts must have one entry per merge ({len(merges)}), got {len(self.merge_counts)}")
        if self.n_tokens and len(self.n_tokens) != len(merges) + 1:
            raise ValueError(f"n_tokens must have len(merges) + 1 = {len(merges) + 1} entries, got {len(self.n_tokens)}")
        object.__setattr__(self, "merges", merges)
        object.__setattr__(self, "_vocab", tuple(vocab))
        object.__setattr__(self, "_ranks", {pair: m for m, pair in enumerate(merges)})

    @property
    def vocab_size(self) -> int:
        """256 bytes plus one token per merge."""
        return len(self._vocab)

    def token_bytes(self, token_id: int) -> bytes:
        """The bytes token ``token_id`` stands for."""
        if isinstance(token_id, bool) or not isinstance(token_id, int) or not 0 <= token_id < self.vocab_size:
            raise ValueError(f"token_id must be an int in [0, {self.vocab_size - 1}], got {token_id!r}")
        return self._vocab[token_id]

    def truncated(self, n_merges: int) -> "BPETokenizer":
        """The tokenizer training would have produced had it stopped after ``n_merges`` merges.

        Training is greedy, so its first ``n_merges`` merges do not depend on how many follow.
        """
        n_merges = _check_positive_int("n_merges", n_merges, allow_zero=True)
        if n_merges > len(self.merges):
            raise ValueError(f"n_merges must be at most {len(self.merges)} (the merges learned), got {n_merges}")
        return BPETokenizer(self.merges[:n_merges], self.merge_counts[:n_merges], self.n_tokens[: n_merges + 1])

    def _encode_word(self, word: str) -> list[int]:
        tokens = list(word.encode("utf-8"))
        # Apply the earliest-learned merge present, again and again.  This gives the same
        # tokens as replaying every merge in training order, without scanning for the
        # merges that cannot apply.
        while len(tokens) > 1:
            pair = min(zip(tokens, tokens[1:]), key=lambda p: self._ranks.get(p, len(self._ranks)))
            if pair not in self._ranks:
                break
            tokens = merge_pair(tokens, pair, _N_BYTES + self._ranks[pair])
        return tokens

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``: its pre-tokenized words, each encoded on its own."""
        cache: dict[str, list[int]] = {}
        ids: list[int] = []
        for word in pre_tokenize(_check_text("text", text)):
            if word not in cache:
                cache[word] = self._encode_word(word)
            ids.extend(cache[word])
        return ids

    def decode(self, ids) -> str:
        """The text whose tokens are ``ids`` (raises ValueError if the bytes are not UTF-8)."""
        if isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
            raise TypeError(f"ids must be a sequence of token ids, got {type(ids).__name__}")
        data = b"".join(self.token_bytes(i) for i in ids)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError(f"ids do not decode to UTF-8 text: {exc}") from None

    def token_str(self, token_id: int) -> str:
        """Token ``token_id`` as text; a token holding part of a multi-byte character shows its
        bytes in hex instead, e.g. ``"<e2><80>"``."""
        data = self.token_bytes(token_id)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return "".join(f"<{byte:02x}>" for byte in data)

    def tokens(self, text: str) -> list[str]:
        """``text`` cut into its tokens, each shown by :meth:`token_str`."""
        return [self.token_str(i) for i in self.encode(text)]


def train_bpe(text: str, n_merges: int, *, min_count: int = 2) -> BPETokenizer:
    """Learn up to ``n_merges`` merges from ``text``.

    Parameters
    ----------
    text : str
        The training text.
    n_merges : int
        Most merges to learn (>= 0); the vocabulary then has at most ``256 + n_merges`` tokens.
    min_count : int
        Stop early once no pair occurs at least this often (>= 1).  With the default 2 a merge
        always shortens the text by at least two tokens.

    Returns
    -------
    BPETokenizer

    Notes
    -----
    The most frequent pair wins; between equally frequent pairs the one with the smaller ids
    wins (first token, then second), the rule Hugging Face's ``tokenizers`` library uses.
    """
    text = _check_text("text", text)
    n_merges = _check_positive_int("n_merges", n_merges, allow_zero=True)
    min_count = _check_positive_int("min_count", min_count)
    # Each distinct word once, with how often it occurs: a merge is applied per word, not per occurrence.
    word_counts: dict[str, int] = {}
    for word in pre_tokenize(text):
        word_counts[word] = word_counts.get(word, 0) + 1
    words = [list(word.encode("utf-8")) for word in word_counts]
    weights = list(word_counts.values())

    merges, merge_counts = [], []
    n_tokens = [sum(len(tokens) * w for tokens, w in zip(words, weights))]
    for m in range(n_merges):
        pairs = count_pairs(words, weights)
        if not pairs:
            break
        best = max(pairs, key=lambda pair: (pairs[pair], -pair[0], -pair[1]))
        if pairs[best] < min_count:
            break
        words = [merge_pair(tokens, best, _N_BYTES + m) for tokens in words]
        merges.append(best)
        merge_counts.append(pairs[best])
        n_tokens.append(sum(len(tokens) * w for tokens, w in zip(words, weights)))
    return BPETokenizer(tuple(merges), tuple(merge_counts), tuple(n_tokens))
