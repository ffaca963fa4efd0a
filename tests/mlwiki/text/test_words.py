"""Word index (the behaviour of Keras 2's Tokenizer) and the lossless word split."""

import numpy as np
import pytest

from mlwiki.text import KERAS_FILTERS, build_word_index, pre_tokenize, text_to_words, zen_of_python


def test_text_to_words_lowercases_strips_punctuation_and_keeps_apostrophes():
    assert text_to_words("Heyo world!") == ["heyo", "world"]
    assert text_to_words("It's  a\tbad--idea.\n") == ["it's", "a", "bad", "idea"]
    assert text_to_words("Keep Case", lower=False) == ["Keep", "Case"]
    assert text_to_words("a,b", filters="") == ["a,b"]
    assert "'" not in KERAS_FILTERS and "\n" in KERAS_FILTERS


def test_word_index_numbers_words_by_frequency_from_one():
    # The classic example: 'world' occurs twice, the rest once, in order of first appearance.
    assert build_word_index(["Heyo world!", "Goodbye cruel world"]) == {
        "world": 1, "heyo": 2, "goodbye": 3, "cruel": 4,
    }


def test_word_index_breaks_ties_by_first_appearance_across_documents():
    index = build_word_index(["b a", "c a b", "d"])
    assert index == {"b": 1, "a": 2, "c": 3, "d": 4}
    assert list(index.values()) == [1, 2, 3, 4]
    assert build_word_index([]) == {}


def test_word_index_counts_match_a_direct_count():
    zen = zen_of_python()
    index = build_word_index(zen.split("\n"))
    words = text_to_words(zen)
    counts = {w: words.count(w) for w in set(words)}
    ranked = list(index)
    assert set(ranked) == set(words)
    assert all(counts[a] >= counts[b] for a, b in zip(ranked, ranked[1:]))
    first_seen = {w: words.index(w) for w in set(words)}
    for a, b in zip(ranked, ranked[1:]):
        if counts[a] == counts[b]:
            assert first_seen[a] < first_seen[b]


def test_pre_tokenize_is_lossless_and_attaches_the_space_to_the_word():
    assert pre_tokenize("Beautiful is better than ugly.") == ["Beautiful", " is", " better", " than", " ugly", "."]
    assert pre_tokenize("one-- and  two\n\nthree") == ["one", "--", " and", "  ", "two", "\n\n", "three"]
    assert pre_tokenize("") == []
    rng = np.random.default_rng(0)
    alphabet = list("ab _-.!\n\té—😀1")
    for _ in range(200):
        text = "".join(rng.choice(alphabet, size=int(rng.integers(0, 30))))
        pieces = pre_tokenize(text)
        assert "".join(pieces) == text
        assert all(pieces)
    zen = zen_of_python()
    assert "".join(pre_tokenize(zen)) == zen


@pytest.mark.parametrize("call, match", [
    (lambda: text_to_words(b"bytes"), "text must be a str"),
    (lambda: text_to_words("a", filters=None), "filters must be a str"),
    (lambda: text_to_words("a", lower="yes"), "lower must be True or False"),
    (lambda: build_word_index("Heyo world"), "texts must be a sequence of str"),
    (lambda: build_word_index(3), "texts must be a sequence of str"),
    (lambda: build_word_index(["ok", 3]), r"texts\[1\] must be a str"),
    (lambda: pre_tokenize(None), "text must be a str"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(TypeError, match=match):
        call()
