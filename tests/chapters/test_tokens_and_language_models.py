"""Claims of chapters/tokens-and-language-models.qmd, read from the executed page."""

import math

PROBE = """{
    'scaled': scaled, 'scaled_gap': [scaled_gap[('#', '-')], scaled_gap[('-', '_')]],
    'one_hot_gaps': [float(np.linalg.norm(one_hot[a] - one_hot[b])) for a in symbols for b in symbols if a != b],
    'word_index': word_index, 'heyo_ids': heyo_ids, 'heyo_decoded': heyo_decoded,
    'zen': zen, 'n_lines': len(lines), 'train_index_size': len(train_index),
    'held_out_words': held_out_words, 'unknown_words': unknown_words, 'unseen_characters': unseen_characters,
    'pre_tokenized_line': pre_tokenize(lines[2]),
    'n_merges': len(bpe.merges), 'vocab_size': bpe.vocab_size, 'n_tokens': list(bpe.n_tokens),
    'merge_counts': list(bpe.merge_counts), 'first_merges': first_merges,
    'spaced_first': spaced_first, 'better_merge': better_merge,
    'merge_tokens': [bpe.token_str(256 + m) for m in range(len(bpe.merges))],
    'n_words': len(words), 'sentence': sentence, 'sentence_tokens': bpe.tokens(sentence),
    'window': window, 'chars_in_window': chars_in_window, 'vocab_sizes': vocab_sizes,
    'token_counts': {name: len(toks) for name, toks in zen_tokens.items()},
    'window_rows': {name: ''.join(toks) for name, toks in rows.items()}, 'first': first,
    'train_merges': len(train_bpe_tokenizer.merges),
    'chars_per_token_train': chars_per_token_train, 'chars_per_token_held_out': chars_per_token_held_out,
    'alpha': alpha, 'lm_vocab': model.vocab_size, 'after_better': after_better,
    'better_counts': int(model.counts[better].sum()),
    'better_than_counts': int(model.counts[better, train_bpe_tokenizer.encode(' than')[0]]),
    'n_train_ids': len(train_ids), 'train_perplexity': train_perplexity, 'held_out_perplexity': held_out_perplexity,
    'scores': {n: [s.vocab_size, s.n_test_tokens, s.test_perplexity, s.test_bits_per_character] for n, s in scores.items()},
    'perplexity_ratio': perplexity_ratio,
    'exercise_index': exercise_index, 'mat_sat': mat_sat, 'small_merges': small_merges, 'small_tokens': small_tokens,
    'merges_for_400': merges_for_400, 'tokens_at_400': tokens_at_400, 'fewest_tokens': fewest_tokens,
    'len_at_97': len(bpe.truncated(merges_for_400 - 1).encode(zen)), 'len_at_98': len(bpe.truncated(merges_for_400).encode(zen)),
}"""

PAGE = "chapters/tokens-and-language-models.qmd"


def test_token_ids_are_names_pitfall(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    assert [round(p["scaled"][s], 2) for s in "#-_"] == [0.28, 0.35, 0.75]
    assert [round(g, 2) for g in p["scaled_gap"]] == [0.08, 0.39]
    assert p["scaled"]["_"] / p["scaled"]["-"] > 2  # "more than twice as much hyphen"
    assert all(abs(g - math.sqrt(2)) < 1e-12 for g in p["one_hot_gaps"])


def test_word_index_reproduces_the_keras_example(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    assert p["word_index"] == {"world": 1, "heyo": 2, "goodbye": 3, "cruel": 4}
    assert list(p["word_index"].values()) == [1, 2, 3, 4]
    assert p["heyo_ids"] == [2, 1] and p["heyo_decoded"] == "heyo world"


def test_what_a_word_vocabulary_cannot_do(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    zen = p["zen"]
    assert len(zen) == 856 and p["n_lines"] == 21
    assert p["train_index_size"] == 66
    assert len(p["held_out_words"]) == 43 and len(p["unknown_words"]) == 25
    assert f"{25 / 43:.0%}" == "58%"
    for word in ("implementation", "explain", "namespaces"):
        assert word in p["unknown_words"]
    assert p["unseen_characters"] == ["!", "*"]
    assert p["pre_tokenized_line"] == ["Beautiful", " is", " better", " than", " ugly", "."]


def test_bpe_training_claims(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    assert p["n_merges"] == 111 < 1000 and p["vocab_size"] == 256 + 111
    n_tokens = p["n_tokens"]
    assert n_tokens[0] == 856 and n_tokens[-1] == 374
    assert n_tokens[0] - n_tokens[1] == 21 and n_tokens[-2] - n_tokens[-1] == 2
    assert f"{856 / 374:.2f}" == "2.29"
    assert p["n_words"] == 198 and n_tokens[-1] > p["n_words"]
    # Training stopped because no pair occurs twice any more (it was allowed 1,000 merges).
    assert p["merge_counts"][-1] >= 2
    # Table: the first ten merges; seven new tokens start with a space; ' better' is merge 18.
    assert [row[3] for row in p["first_merges"]] == [
        " t", " i", " b", " th", "er", " be", "le", "ou", " is", " o"]
    assert [row[1] + row[2] for row in p["first_merges"]] == [row[3] for row in p["first_merges"]]
    assert p["spaced_first"] == 7
    assert p["zen"].count(" better") == 8
    assert p["merge_tokens"].index(" better") + 1 == p["better_merge"] == 18
    # Caption: the first merges remove the most tokens.
    drops = [a - b for a, b in zip(n_tokens, n_tokens[1:])]
    assert drops[0] == max(drops) and all(a >= b for a, b in zip(p["merge_counts"], p["merge_counts"][1:]))
    assert sum(drops[:5]) > sum(drops[-5:])


def test_round_trip_and_unseen_sentence(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    tokens = p["sentence_tokens"]
    assert len(p["sentence"]) == 53 and len(tokens) == 30
    assert " better" in tokens and " than" in tokens
    assert " tokens" not in tokens and "tokens" not in tokens and "".join(tokens[6:10]) == " tokens"
    assert "<e2>" in tokens and "<c3>" in tokens  # the dash and the ï as bytes


def test_context_window_claims(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    zen = p["zen"]
    assert p["window"] == 128
    assert p["chars_in_window"] == {"BPE, 0 merges": 128, "BPE, 25 merges": 221, "BPE, 50 merges": 245,
                                    "BPE, 111 merges": 285, "words": 583}
    assert p["token_counts"]["BPE, 0 merges"] == 856 and p["token_counts"]["words"] == 198
    assert p["vocab_sizes"]["BPE, 0 merges"] == 256 and p["vocab_sizes"]["words"] == 103
    # Alt text of fig-window: what the first 16 tokens cover.
    rows = p["window_rows"]
    assert p["first"] == 16
    assert rows["BPE, 0 merges"] == "The Zen of Pytho"
    assert rows["BPE, 25 merges"] == "The Zen of Python,"
    assert rows["BPE, 111 merges"] == "The Zen of Python, by T"
    assert rows["words"] == "The Zen of Python, by Tim Peters\n\nBeautiful is better than ugly.\n"
    assert zen.startswith(rows["words"])
    # Held-out compression: 85 merges from the first 17 lines, worse on the last 4.
    assert p["train_merges"] == 85
    assert round(p["chars_per_token_train"], 2) == 2.13 and round(p["chars_per_token_held_out"], 2) == 1.58


def test_context_window_figure_alt_text(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    merges_alt = run.figure("fig-merges").cell.options["fig-alt"]
    window_alt = run.figure("fig-window").cell.options["fig-alt"]
    assert "0 to 111" in merges_alt and "starts at 856" in merges_alt and "ends at 374" in merges_alt
    assert "words at 198" in merges_alt
    assert round(p["n_tokens"][20], -1) == 640 and "to about 640 tokens" in merges_alt
    assert (856 - p["n_tokens"][20]) / 20 > (p["n_tokens"][20] - 374) / (111 - 20)  # fastest over the first 20
    for text in ("'The Zen of Pytho'", "'The Zen of Python,'", "'The Zen of Python, by T'",
                 "'Beautiful is better than ugly.'"):
        assert text in window_alt
    for fig in ("fig-merges", "fig-window"):
        assert list(run.figure(fig).images) == ["light", "dark"]


def test_bigram_model_claims(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    alpha, vocab = p["alpha"], p["lm_vocab"]
    assert alpha == 0.01 and vocab == 341
    (first, p_than), (second, p_other), (third, p_third) = p["after_better"]
    assert first == " than" and [second, third] == ["\x00", "\x01"] and p_third == p_other
    assert p["better_counts"] == p["better_than_counts"] == 7
    assert abs(p_than - (7 + alpha) / (7 + alpha * vocab)) < 1e-12 and round(p_than, 2) == 0.67
    assert abs(p_other - alpha / (7 + alpha * vocab)) < 1e-12 and round(p_other, 4) == 0.0010
    assert round(p["train_perplexity"], 1) == 5.9 and round(p["held_out_perplexity"], 1) == 209.7
    assert p["train_perplexity"] < p["held_out_perplexity"] < vocab
    assert p["n_train_ids"] - 1 == 290


def test_per_token_perplexity_pitfall(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    scores = {int(n): s for n, s in p["scores"].items()}
    assert list(scores) == [0, 25, 50, 85]
    perplexities = [s[2] for s in scores.values()]
    bits = [s[3] for s in scores.values()]
    assert all(a < b for a, b in zip(perplexities, perplexities[1:]))  # longer tokens, higher perplexity
    assert round(p["perplexity_ratio"], 1) == 8.5 and abs(p["perplexity_ratio"] - perplexities[-1] / perplexities[0]) < 1e-12
    assert round(max(bits) - min(bits), 2) == 0.39 and round(sum(bits) / 4, 1) == 4.8
    assert bits[0] == min(bits)  # "if anything, the byte-level one does best"
    assert max(bits) < 8.0
    # For bytes (one ASCII character per token) bits per character is just log2 of the perplexity.
    assert scores[0][1] == 237 and abs(bits[0] - math.log2(perplexities[0])) < 1e-9


def test_exercise_solutions(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    assert p["exercise_index"] == {"the": 1, "sat": 2, "cat": 3, "dog": 4, "on": 5, "mat": 6}
    assert p["mat_sat"] == [1, 6, 2]
    assert [tuple(m) for m in p["small_merges"]] == [("a", "a"), ("a", "b"), ("aa", "ab")]
    assert p["small_tokens"] == ["aaab", "d", "aaab", "a", "c"]
    # The window exercise, checked by encoding rather than from the training record.
    assert p["merges_for_400"] == 98 and p["tokens_at_400"] == p["len_at_98"] == 400 and p["len_at_97"] > 400
    assert p["fewest_tokens"] == 374 and p["n_words"] == 198 > 150
