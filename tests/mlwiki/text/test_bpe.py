"""Byte-pair encoding against a brute-force reference and Hugging Face's tokenizers library."""

import json

import numpy as np
import pytest

from mlwiki.text import WORD_PATTERN, BPETokenizer, count_pairs, merge_pair, pre_tokenize, train_bpe, zen_of_python


def _reference_merges(text, n_merges, min_count=2):
    """Brute force on the whole text, as strings: no distinct-word bookkeeping, no ids.

    Every word occurrence is its own list of one-character strings (ASCII text). Each step
    recounts every adjacent pair in every occurrence.  Ties go to the pair whose tokens were
    created first: single bytes rank by code, merged tokens after them in creation order.
    """
    occurrences = [list(word) for word in pre_tokenize(text)]
    rank = {chr(b): b for b in range(256)}
    merges = []
    for _ in range(n_merges):
        counts = {}
        for tokens in occurrences:
            for i in range(len(tokens) - 1):
                pair = (tokens[i], tokens[i + 1])
                counts[pair] = counts.get(pair, 0) + 1
        if not counts:
            break
        top = max(counts.values())
        if top < min_count:
            break
        best = min((p for p, c in counts.items() if c == top), key=lambda p: (rank[p[0]], rank[p[1]]))
        merges.append(best)
        rank[best[0] + best[1]] = 256 + len(merges) - 1
        for tokens in occurrences:
            i = 0
            while i < len(tokens) - 1:
                if (tokens[i], tokens[i + 1]) == best:
                    tokens[i:i + 2] = [best[0] + best[1]]
                i += 1
    return merges


def _as_strings(tokenizer):
    return [(tokenizer.token_bytes(a).decode(), tokenizer.token_bytes(b).decode()) for a, b in tokenizer.merges]


def test_wikipedia_example_aaabdaaabac():
    tokenizer = train_bpe("aaabdaaabac", 10)
    assert _as_strings(tokenizer) == [("a", "a"), ("a", "b"), ("aa", "ab")]
    assert tokenizer.tokens("aaabdaaabac") == ["aaab", "d", "aaab", "a", "c"]
    assert tokenizer.n_tokens == (11, 9, 7, 5)
    assert tokenizer.merge_counts == (4, 2, 2)


@pytest.mark.parametrize("min_count", [2, 1])
def test_merges_match_brute_force_reference_on_the_zen(min_count):
    zen = zen_of_python()
    tokenizer = train_bpe(zen, 400, min_count=min_count)
    assert _as_strings(tokenizer) == _reference_merges(zen, 400, min_count)


def test_merges_match_brute_force_reference_on_random_texts():
    rng = np.random.default_rng(1)
    for _ in range(30):
        text = "".join(rng.choice(list("aab  bc.\n"), size=int(rng.integers(5, 80))))
        assert _as_strings(train_bpe(text, 30, min_count=1)) == _reference_merges(text, 30, 1)


@pytest.mark.parametrize("min_count", [2, 1])
def test_merges_and_tokens_match_hugging_face_tokenizers(min_count):
    tokenizers = pytest.importorskip("tokenizers")
    zen = zen_of_python()
    mine = train_bpe(zen, 1000, min_count=min_count)
    theirs = tokenizers.Tokenizer(tokenizers.models.BPE())
    theirs.pre_tokenizer = tokenizers.pre_tokenizers.Split(tokenizers.Regex(WORD_PATTERN), behavior="isolated")
    # Their vocabulary starts from the characters of the text, ours from all 256 bytes:
    # allow as many merges as ours learned, plus room to show they stop at the same point.
    trainer = tokenizers.trainers.BpeTrainer(
        vocab_size=len(set(zen)) + len(mine.merges) + 100, min_frequency=min_count, show_progress=False
    )
    theirs.train_from_iterator([zen], trainer)
    their_merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m)
                    for m in json.loads(theirs.to_str())["model"]["merges"]]
    assert their_merges == _as_strings(mine)
    sentence = "Beautiful is better than ugly, explicitly."
    assert theirs.encode(zen).tokens == mine.tokens(zen)
    assert theirs.encode(sentence).tokens == mine.tokens(sentence)


def test_round_trip_is_lossless_for_any_text():
    zen = zen_of_python()
    tokenizer = train_bpe(zen, 1000)
    assert tokenizer.decode(tokenizer.encode(zen)) == zen
    rng = np.random.default_rng(2)
    alphabet = list("Beautiful ugly.\n—é😀中")
    for _ in range(100):
        text = "".join(rng.choice(alphabet, size=int(rng.integers(0, 40))))
        assert tokenizer.decode(tokenizer.encode(text)) == text
    assert tokenizer.encode("") == [] and tokenizer.decode([]) == ""


def test_training_record_matches_encoding_and_truncation():
    zen = zen_of_python()
    tokenizer = train_bpe(zen, 1000)
    assert len(tokenizer.n_tokens) == len(tokenizer.merges) + 1
    assert tokenizer.n_tokens[0] == len(zen.encode("utf-8"))
    for n in (0, 1, 10, 50, len(tokenizer.merges)):
        short = tokenizer.truncated(n)
        assert short == train_bpe(zen, n)
        assert len(short.encode(zen)) == tokenizer.n_tokens[n]
        assert short.vocab_size == 256 + n
    # Each merge shortens the text by at least min_count tokens, never by more than its count.
    drops = np.diff(tokenizer.n_tokens) * -1
    assert np.all(drops >= 2) and np.all(drops <= np.array(tokenizer.merge_counts))


def test_encode_equals_replaying_every_merge_in_training_order():
    zen = zen_of_python()
    tokenizer = train_bpe(zen[:500], 1000)  # the rest of the text is new to it
    for word in set(pre_tokenize(zen)):
        tokens = list(word.encode("utf-8"))
        for m, pair in enumerate(tokenizer.merges):
            tokens = merge_pair(tokens, pair, 256 + m)
        assert tokenizer.encode(word) == tokens


def test_count_pairs_and_merge_pair():
    assert count_pairs([[7, 7, 7], [1, 2]], [1, 3]) == {(7, 7): 2, (1, 2): 3}
    assert merge_pair([7, 7, 7], (7, 7), 300) == [300, 7]
    assert merge_pair([1, 2, 1, 2, 3], (1, 2), 256) == [256, 256, 3]
    assert merge_pair([], (1, 2), 256) == []


def test_token_display_and_sizes():
    tokenizer = train_bpe("ab ab ab", 10)
    assert tokenizer.vocab_size == 256 + len(tokenizer.merges)
    assert tokenizer.token_bytes(97) == b"a"
    assert tokenizer.token_str(0xE2) == "<e2>"
    assert tokenizer.tokens("—") == ["<e2>", "<80>", "<94>"]
    assert train_bpe("abc", 10).merges == ()  # no pair occurs twice


@pytest.mark.parametrize("call, error, match", [
    (lambda: train_bpe(b"abc", 3), TypeError, "text must be a str"),
    (lambda: train_bpe("abc", -1), ValueError, "n_merges must be >= 0"),
    (lambda: train_bpe("abc", 2.5), ValueError, "n_merges must be an integer"),
    (lambda: train_bpe("abc", 2, min_count=0), ValueError, "min_count must be > 0"),
    (lambda: BPETokenizer(((97, 300),)), ValueError, r"merges\[0\] must be a pair of token ids below 256"),
    (lambda: BPETokenizer(((97,),)), ValueError, r"merges\[0\] must be a pair"),
    (lambda: BPETokenizer(((97, 98),), merge_counts=(1, 2)), ValueError, "merge_counts must have one entry per merge"),
    (lambda: BPETokenizer(((97, 98),), n_tokens=(3,)), ValueError, "n_tokens must have"),
    (lambda: train_bpe("ab ab", 5).token_bytes(400), ValueError, "token_id must be an int"),
    (lambda: train_bpe("ab ab", 5).decode([0xE2]), ValueError, "do not decode to UTF-8"),
    (lambda: train_bpe("ab ab", 5).truncated(50), ValueError, "n_merges must be at most"),
    (lambda: train_bpe("ab ab", 5).encode(3), TypeError, "text must be a str"),
    (lambda: train_bpe("ab ab", 5).decode(5), TypeError, "ids must be a sequence of token ids"),
    (lambda: train_bpe("ab ab", 5).decode("ab"), TypeError, "ids must be a sequence of token ids"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
