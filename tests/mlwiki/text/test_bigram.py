"""Bigram model: probabilities from counts, perplexity, sampling, scoring a tokenization."""

import math
from collections import Counter

import numpy as np
import pytest

from mlwiki.text import BigramModel, evaluate_bigram, train_bpe, zen_of_python


def test_probabilities_are_smoothed_counts():
    ids = [0, 1, 2, 1, 2, 0, 1]
    model = BigramModel(4, alpha=0.5).fit(ids)
    pairs = Counter(zip(ids, ids[1:]))
    firsts = Counter(ids[:-1])
    probs = model.probabilities()
    for a in range(4):
        for b in range(4):
            assert probs[a, b] == pytest.approx((pairs[(a, b)] + 0.5) / (firsts[a] + 0.5 * 4))
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    expected = [math.log(probs[a, b]) for a, b in zip(ids, ids[1:])]
    np.testing.assert_allclose(model.log_probs(ids), expected)
    assert model.perplexity(ids) == pytest.approx(math.exp(-np.mean(expected)))


def test_perplexity_limits():
    # Huge smoothing: every next token equally likely, perplexity = vocabulary size.
    assert BigramModel(10, alpha=1e12).fit([1, 2, 3]).perplexity([4, 5, 6, 7]) == pytest.approx(10.0)
    # Tiny smoothing on a deterministic sequence: the model is (almost) always right.
    model = BigramModel(3, alpha=1e-9).fit([0, 1, 2] * 20)
    assert model.perplexity([0, 1, 2, 0]) == pytest.approx(1.0, abs=1e-6)


def test_most_likely_next_and_sampling():
    model = BigramModel(3, alpha=1e-9).fit([0, 1, 2] * 20)
    assert [t for t, _ in model.most_likely_next(0, k=2)] == [1, 0]  # tie between 0 and 2: smaller id
    assert model.most_likely_next(2)[0][0] == 0
    assert model.sample(0, 6, rng=np.random.default_rng(0)) == [0, 1, 2, 0, 1, 2, 0]
    fair = BigramModel(2, alpha=1.0).fit([0, 0])
    a = fair.sample(1, 50, rng=np.random.default_rng(3))
    assert a == fair.sample(1, 50, rng=np.random.default_rng(3))
    assert len(a) == 51 and set(a) == {0, 1}


def test_evaluate_bigram_matches_a_direct_computation():
    zen = zen_of_python()
    lines = zen.split("\n")
    train, test = "\n".join(lines[:17]) + "\n", "\n".join(lines[17:])
    tokenizer = train_bpe(train, 30)
    score = evaluate_bigram(tokenizer, train, test, alpha=0.01)
    train_ids, test_ids = tokenizer.encode(train), tokenizer.encode(test)
    model = BigramModel(tokenizer.vocab_size, alpha=0.01).fit(train_ids)
    assert score.vocab_size == 286 and score.n_train_tokens == len(train_ids) and score.n_test_tokens == len(test_ids)
    assert score.train_perplexity == pytest.approx(model.perplexity(train_ids))
    assert score.test_perplexity == pytest.approx(model.perplexity(test_ids))
    bits = -sum(math.log2(model.probabilities()[a, b]) for a, b in zip(test_ids, test_ids[1:]))
    chars = sum(len(tokenizer.token_bytes(t)) for t in test_ids[1:])  # ASCII: one byte per character
    assert score.test_bits_per_character == pytest.approx(bits / chars)


@pytest.mark.parametrize("call, error, match", [
    (lambda: BigramModel(0), ValueError, "vocab_size must be > 0"),
    (lambda: BigramModel(3, alpha=0), ValueError, "alpha must be > 0"),
    (lambda: BigramModel(3).fit([0]), ValueError, "at least 2 tokens"),
    (lambda: BigramModel(3).fit([0, 3]), ValueError, r"ids in \[0, 2\]"),
    (lambda: BigramModel(3).fit([[0, 1]]), ValueError, "1-D sequence of integer"),
    (lambda: BigramModel(3).fit([0.0, 1.0]), ValueError, "1-D sequence of integer"),
    (lambda: BigramModel(3).log_probs([1]), ValueError, "at least 2 tokens"),
    (lambda: BigramModel(3).most_likely_next(5), ValueError, "token_id must hold ids"),
    (lambda: BigramModel(3).most_likely_next(1, k=0), ValueError, "k must be > 0"),
    (lambda: BigramModel(3).sample(0, 2, rng=0), ValueError, "rng must be a numpy.random.Generator"),
    (lambda: BigramModel(3).sample(0, -1, rng=np.random.default_rng()), ValueError, "n_tokens must be >= 0"),
    (lambda: evaluate_bigram(object(), "ab", "ab"), TypeError, "tokenizer must have encode"),
    (lambda: evaluate_bigram(train_bpe("ab", 1), b"ab", "ab"), TypeError, "train_text must be a str"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
