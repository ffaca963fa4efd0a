"""Claims of chapters/fine-tuning-and-transfer.qmd, read from the executed page."""

import math

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

PROBE = """{
    'n_source': int(len(y_source)), 'n_pool': int(len(y_pool)), 'n_test': int(len(y_test)),
    'clean_accuracy': clean_accuracy, 'shifted_accuracy': shifted_accuracy,
    'x_pool_range': [float(x_pool.min()), float(x_pool.max())],
    'faded_residual': float(np.std(x_test - 0.3 - 0.5 * x_test_clean)),
    'frozen_count': list(frozen_count), 'unfrozen_count': list(nn.count_parameters(demo)),
    'faded': {'means': faded_means, 'trainable': faded.trainable, 'total': faded.total,
              'unadapted': faded.unadapted, 'acc': faded.accuracy.tolist(), 'methods': list(faded.methods)},
    'permuted': {'means': permuted_means, 'trainable': permuted.trainable, 'unadapted': permuted.unadapted,
                 'acc': permuted.accuracy.tolist()},
    'permuted_is_permutation': bool(np.array_equal(np.sort(x_test_permuted, axis=1), np.sort(x_test_clean, axis=1))),
    'scratch_beats_all': scratch_beats_all, 'full_gap': full_gap,
    'prompted': {'means': prompted_means, 'trainable': prompted.trainable, 'unadapted': prompted.unadapted},
    'prompt_clean_accuracy': prompt_clean_accuracy,
    'prompt_layer_zero_after_pretraining': bool(np.all(prompt_net.layers[0].params['prompt'] == 0)),
    'passage_texts': [p.text for p in passages], 'passage_sources': [p.source for p in passages],
    'n_words': n_words, 'vocabulary_size': len(index.vocabulary),
    'question': question, 'hits': hits, 'top_contains_answer': top_contains_answer,
    'prompt_text': build_prompt(question, retrieved),
    'raw_hits': raw_hits, 'raw_sources': raw_sources, 'answer_rank_raw': answer_rank_raw,
    'adapter_counts': adapter_counts,
    'inverted': {'means': inverted_means, 'unadapted': inverted.unadapted},
    'inverted_unadapted_direct': nn.accuracy(source_net, 1 - x_test_clean, y_test),
    'wine_hit': wine_hit, 'wine_score': wine_score, 'df': df, 'idf_by_hand': idf_by_hand, 'idf_index': idf_index,
}"""

PAGE = "chapters/fine-tuning-and-transfer.qmd"
TRANSFER = ("last layer", "first layer", "all layers", "adapter")


def _run(run_page):
    return run_page(PAGE, probe=PROBE)


def test_domains_and_the_source_network(run_page):
    p = _run(run_page).probe
    assert p["n_source"] + p["n_pool"] + p["n_test"] == 1797 and p["n_source"] == 899
    assert p["clean_accuracy"] > 0.97 and p["shifted_accuracy"] < 0.35
    # The target images are 0.3 + 0.5 x plus noise of standard deviation 0.1.
    assert abs(p["faded_residual"] - 0.1) < 0.005
    assert p["permuted_is_permutation"]


def test_freezing_counts(run_page):
    p = _run(run_page).probe
    # 64*64+64 + 64*32+32 + 32*10+10 = 4160 + 2080 + 330
    assert p["frozen_count"] == [330, 6570] and p["unfrozen_count"] == [6570, 6570]
    t = p["faded"]["trainable"]
    assert t == {"scratch": 6570, "last layer": 330, "first layer": 4160, "all layers": 6570, "adapter": 1096}
    assert t["adapter"] == 2 * 64 * 8 + 8 + 64
    assert p["faded"]["total"]["adapter"] == 6570 + 1096
    assert p["permuted"]["trainable"] == t


def test_faded_domain_claims(run_page):
    run = _run(run_page)
    p = run.probe
    m = p["faded"]["means"]
    assert f"{p['faded']['unadapted']:.2f}" == "0.33"
    one = [m[k][0] for k in TRANSFER]
    ten = [m[k][2] for k in TRANSFER]
    # Reuse beats scratch at every number of shots; the gap narrows from 1 to 10 shots.
    for j in range(3):
        assert min(m[k][j] for k in TRANSFER) > m["scratch"][j]
    assert min(one) - m["scratch"][0] > min(ten) - m["scratch"][2] > 0
    assert min(one) >= 0.80 and 0.86 <= min(ten) and max(ten) < 0.90
    assert f"{m['scratch'][0]:.2f}" == "0.50" and f"{m['scratch'][2]:.2f}" == "0.80"
    # Adapter and last layer within 0.02 (rounded) of full fine-tuning at 10 shots.
    assert max(m["all layers"][2] - m["adapter"][2], m["all layers"][2] - m["last layer"][2]) < 0.025
    # Every method beats the unadapted network.
    assert min(min(v) for v in m.values()) > p["faded"]["unadapted"]
    alt = run.figure("fig-adaptation").cell.options["fig-alt"]
    assert "unadapted network is at 0.33" in alt and "from 0.50 to 0.80" in alt


def test_which_layers_pitfall(run_page):
    p = _run(run_page).probe
    for domain in ("faded", "permuted"):
        m = p[domain]["means"]
        assert all(first > last for first, last in zip(m["first layer"], m["last layer"]))
    perm = p["permuted"]["means"]
    assert min(a - b for a, b in zip(perm["first layer"], perm["last layer"])) > 0.25   # "a wide margin"


def test_permuted_domain_claims(run_page):
    run = _run(run_page)
    p = run.probe
    m = p["permuted"]["means"]
    assert p["permuted"]["unadapted"] < 0.1 and f"{p['permuted']['unadapted']:.2f}" == "0.07"
    assert p["scratch_beats_all"]
    for j in range(3):
        assert m["scratch"][j] >= max(m[k][j] for k in TRANSFER)
    assert p["full_gap"][0] > 0.1 and 0 < p["full_gap"][2] < 0.02
    assert max(m["last layer"]) < 0.45
    alt = run.figure("fig-adaptation").cell.options["fig-alt"]
    assert f"from {m['scratch'][0]:.2f} to {m['scratch'][2]:.2f}" in alt
    assert f"the adapter reaches {m['adapter'][2]:.2f}" in alt
    assert m["scratch"][2] - max(m["all layers"][2], m["first layer"][2]) < 0.03    # "approach it"


def test_prompt_tuning_claims(run_page):
    p = _run(run_page).probe
    q = p["prompted"]
    assert q["trainable"] == {"soft prompt": 16, "last layer": 330}
    assert p["prompt_layer_zero_after_pretraining"]
    assert p["prompt_clean_accuracy"] > 0.96
    assert q["unadapted"] > p["shifted_accuracy"] + 0.2        # "far from" the first network's
    # 16 numbers lift the faded accuracy well above the unadapted network, close to the last layer.
    assert min(q["means"]["soft prompt"]) > q["unadapted"] + 0.15
    assert max(abs(a - b) for a, b in zip(q["means"]["soft prompt"], q["means"]["last layer"])) < 0.03


def test_retrieval_matches_scikit_learn(run_page):
    p = _run(run_page).probe
    texts = p["passage_texts"]
    assert len(texts) == 97 and p["n_words"] == sum(len(t.split()) for t in texts) == 5163
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(texts)
    assert p["vocabulary_size"] == len(vectorizer.vocabulary_) == 1670
    sims = (matrix @ vectorizer.transform([p["question"]]).T).toarray().ravel()
    order = np.argsort(-sims, kind="stable")
    assert [i for i, _ in p["hits"]] == order[:3].tolist()
    np.testing.assert_allclose([s for _, s in p["hits"]], sims[order[:3]], atol=1e-12)
    assert p["top_contains_answer"] and p["passage_sources"][p["hits"][0][0]] == "breast_cancer"
    # The prompt: instruction, three numbered passages with sources, the question, an open answer.
    prompt = p["prompt_text"]
    assert prompt.count("\n[") == 3 and "[1] (breast_cancer)" in prompt
    assert prompt.endswith(f"Question: {p['question']}\nAnswer:")
    # Raw counts: scikit-learn without idf (use_idf=False) ranks the same wrong passages.
    raw = TfidfVectorizer(use_idf=False)
    raw_sims = (raw.fit_transform(texts) @ raw.transform([p["question"]]).T).toarray().ravel()
    raw_order = np.argsort(-raw_sims, kind="stable")
    assert [i for i, _ in p["raw_hits"]] == raw_order[:3].tolist()
    assert "breast_cancer" not in p["raw_sources"]
    assert p["answer_rank_raw"] == int(np.flatnonzero(raw_order == p["hits"][0][0])[0]) + 1 > 10


def test_exercise_solutions(run_page):
    p = _run(run_page).probe
    assert {int(b): n for b, n in p["adapter_counts"].items()} == {2: 322, 8: 1096}
    assert 129 * 2 + 64 == 322 and 129 * 8 + 64 == 1096
    # Inverted digits: the unadapted score equals a direct evaluation, below chance; scratch wins.
    inv = p["inverted"]
    assert inv["unadapted"] == p["inverted_unadapted_direct"] < 0.1
    assert inv["means"]["scratch"][0] > inv["means"]["all layers"][0] + 0.2
    # idf by hand against scikit-learn's idf_ and its ranking of the wine question.
    vectorizer = TfidfVectorizer()
    matrix = vectorizer.fit_transform(p["passage_texts"])
    for word in ("the", "wines"):
        expected = vectorizer.idf_[vectorizer.vocabulary_[word]]
        assert abs(p["idf_by_hand"][word] - expected) < 1e-12 and abs(p["idf_index"][word] - expected) < 1e-12
        assert abs(expected - (math.log(98 / (1 + p["df"][word])) + 1)) < 1e-12
    sims = (matrix @ vectorizer.transform(["Which region were the wines grown in?"]).T).toarray().ravel()
    assert p["wine_hit"] == int(np.argmax(sims)) and abs(p["wine_score"] - sims.max()) < 1e-12
    assert p["passage_sources"][p["wine_hit"]] == "wine_data"
