"""Claims of chapters/attention-and-transformers.qmd, read from the executed page."""

import math

import numpy as np
import pytest
import torch
from scipy.special import softmax as scipy_softmax

PROBE = """{
    'words': words, 'x': x.tolist(), 'w_q': w_q.tolist(), 'w_k': w_k.tolist(), 'w_v': w_v.tolist(),
    'weights': weights.tolist(), 'output': output.tolist(),
    'row_sum_error': row_sum_error, 'future_weight': future_weight, 'n_masked': n_masked,
    'last_row_best': last_row_best,
    'd_ks': d_ks.tolist(), 'variance_unscaled': variance_unscaled.tolist(),
    'variance_scaled': variance_scaled.tolist(), 'variance_ratio': variance_ratio.tolist(),
    'saturation': {k: v.tolist() for k, v in saturation.items()},
    'max_weight_big': max_weight_big, 'max_weight_big_scaled': max_weight_big_scaled,
    'gradient_ratio': gradient_ratio,
    'q_512': q_512.tolist(), 'k_512': k_512.tolist(),
    'top_unscaled': top_unscaled, 'top_scaled': top_scaled, 'rest_unscaled': rest_unscaled,
    'keys_above_1pct': list(keys_above_1pct),
    'mha_shapes': [list(s) for s in mha_shapes], 'mha_parameters': int(mha_parameters),
    'cat_gap': cat_gap, 'equivariance_gap': equivariance_gap, 'causal_gap': causal_gap,
    'pe': pe.tolist(), 'offset_spread': offset_spread, 'shift_error': shift_error,
    'decoder_states': decoder_states.tolist(), 'cross_weights': cross_weights.tolist(),
    'cross_shape': list(cross_shape), 'cross_min_visible': cross_min_visible,
    'visible_wrong': visible_wrong.tolist(), 'visible_right': visible_right.tolist(),
    'example': example, 'answer': answer, 'test_overlap': int(test_overlap),
    'x_train': x_train.tolist(), 'y_train': y_train.tolist(), 'x_test': x_test.tolist(), 'y_test': y_test.tolist(),
    'no_attention_accuracy': no_attention_accuracy, 'n_parameters': int(n_parameters),
    'layer_names': [type(layer).__name__ for layer in model.layers],
    'worst_errors': worst_errors,
    'history': {'accuracy': history.accuracy, 'val_accuracy': history.val_accuracy, 'loss': history.loss},
    'forced_accuracy': forced_accuracy, 'exact_strings': exact_strings, 'generated': generated.tolist(),
    'learned': learned.tolist(), 'tokens': tokens, 'example_hits': example_hits.tolist(),
    'mirror_weight': mirror_weight.tolist(), 'near_mirror': near_mirror.tolist(),
    'mirror_weight_first': mirror_weight_first.tolist(), 'best_is_mirror': best_is_mirror,
    'all_weights_mean': all_weights.mean(axis=0).tolist(),
    'encoder_layer_parameters': int(encoder_layer_parameters), 'attention_share': int(attention_share),
    'one_head_parameters': int(one_head_parameters),
    'score_variance': score_variance, 'scaled_variance': scaled_variance,
    'mask_4': mask_4.tolist(), 'allowed_12': allowed_12, 'removed_fraction_12': float(removed_fraction_12),
    'removed_fraction_1000': float(removed_fraction_1000),
}"""

PAGE = "chapters/attention-and-transformers.qmd"
FIGURES = ("fig-sentence-attention", "fig-scaling", "fig-positional", "fig-blocks", "fig-training",
           "fig-learned-attention")
LENGTH = 6


def _run(run_page):
    return run_page(PAGE, probe=PROBE)


def _alt(run, figure):
    return run.figure(figure).cell.options["fig-alt"]


def test_every_figure_is_drawn_in_both_themes(run_page):
    run = _run(run_page)
    for figure in FIGURES:
        assert list(run.figure(figure).images) == ["light", "dark"], figure


def test_sentence_attention_against_torch(run_page):
    run = _run(run_page)
    p = run.probe
    x, w_q, w_k, w_v = (np.array(p[key]) for key in ("x", "w_q", "w_k", "w_v"))
    allowed = torch.from_numpy(np.tril(np.ones((6, 6), dtype=bool)))
    q, k, v = (torch.from_numpy(x @ w) for w in (w_q, w_k, w_v))
    expected = torch.nn.functional.scaled_dot_product_attention(q, k, v, attn_mask=allowed).numpy()
    np.testing.assert_allclose(p["output"], expected, rtol=1e-12, atol=1e-14)
    weights = np.array(p["weights"])
    expected_weights = scipy_softmax(np.where(allowed.numpy(), (x @ w_q) @ (x @ w_k).T / 2.0, -np.inf), axis=1)
    np.testing.assert_allclose(weights, expected_weights, rtol=1e-12, atol=1e-15)
    assert p["row_sum_error"] < 1e-12 and p["future_weight"] == 0.0
    assert p["n_masked"] == 15 == int((weights == 0).sum())
    assert weights[0, 0] == 1.0
    assert p["last_row_best"] == p["words"][int(weights[-1].argmax())]
    alt = _alt(run, "fig-sentence-attention")
    assert "the 15 cells above the diagonal are blank" in alt and "weight 1.00" in alt


def test_scaling_experiment(run_page):
    run = _run(run_page)
    p = run.probe
    d_ks = np.array(p["d_ks"])
    assert d_ks[0] == 1 and d_ks[-1] == 1024
    ratio = np.array(p["variance_unscaled"]) / d_ks
    np.testing.assert_allclose(ratio, p["variance_ratio"])
    assert 0.9 < min(ratio) and max(ratio) < 1.1  # Var(q.k) = d_k
    assert all(0.9 < v < 1.1 for v in p["variance_scaled"])
    s = {key: np.array(v) for key, v in p["saturation"].items()}
    # alt text: variance "to about 1000", max weight "from about 0.2 to 0.96", scaled "between 0.2 and 0.25",
    # Jacobian: scaled "near 0.3", unscaled "to about 0.06"
    alt = _alt(run, "fig-scaling")
    assert 900 < p["variance_unscaled"][-1] < 1150 and "to about 1000" in alt
    assert round(s["max_weight_unscaled"][0], 1) == 0.2 and round(s["max_weight_unscaled"][-1], 2) == 0.96
    assert "from about 0.2 to 0.96" in alt
    assert np.all((s["max_weight_scaled"] > 0.195) & (s["max_weight_scaled"] < 0.255))
    assert "between 0.2 and 0.25" in alt
    assert np.all(np.abs(s["gradient_scaled"] - 0.3) < 0.02)
    assert round(s["gradient_unscaled"][-1], 2) == 0.06 and "about 0.06 at d_k = 1024" in alt
    assert np.all(np.diff(s["max_weight_unscaled"]) > 0)  # climbs
    assert np.all(np.diff(s["gradient_unscaled"][4:]) < 0)  # "from d_k = 16 on it falls steadily"
    assert np.all(s["gradient_unscaled"][:4] >= s["gradient_scaled"][:4] - 1e-12)  # "for d_k <= 8 ... not smaller"
    assert p["max_weight_big"] == s["max_weight_unscaled"][-1]
    assert p["gradient_ratio"] == pytest.approx(s["gradient_scaled"][-1] / s["gradient_unscaled"][-1])
    assert p["gradient_ratio"] > 4


def test_pitfall_unscaled_attention(run_page):
    p = _run(run_page).probe
    q, k = np.array(p["q_512"]), np.array(p["k_512"])
    unscaled = scipy_softmax(q @ k.T, axis=1)
    scaled = scipy_softmax(q @ k.T / math.sqrt(512), axis=1)
    assert p["top_unscaled"] == pytest.approx(unscaled.max(), rel=1e-12)
    assert p["rest_unscaled"] == pytest.approx(1 - unscaled.max(), rel=1e-3, abs=1e-15)
    assert p["rest_unscaled"] < 1e-3
    assert p["top_scaled"] == pytest.approx(scaled.max(), rel=1e-12)
    assert p["keys_above_1pct"] == [int((unscaled > 0.01).sum()), int((scaled > 0.01).sum())]
    assert p["keys_above_1pct"][0] == 1 and p["keys_above_1pct"][1] > 8


def test_multi_head_permutation_and_positional_encoding(run_page):
    p = _run(run_page).probe
    assert p["mha_shapes"] == [[1, 6, 8], [1, 2, 6, 6]]
    assert p["mha_parameters"] == 4 * 8**2 + 4 * 8 == 288
    assert p["cat_gap"] < 1e-12 and p["equivariance_gap"] < 1e-12 and p["causal_gap"] < 1e-12
    pe = np.array(p["pe"])
    assert pe.shape == (50, 32)
    for pos in (0, 7, 49):
        for i in range(16):
            angle = pos / 10000 ** (2 * i / 32)
            assert pe[pos, 2 * i] == pytest.approx(math.sin(angle), abs=1e-12)
            assert pe[pos, 2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-12)
    assert p["offset_spread"] < 1e-12 and p["shift_error"] < 1e-9
    # alt text: the last columns barely change, sine near 0 and cosine near 1; the first alternate rapidly
    assert np.abs(pe[:, 30]).max() < 0.01 and pe[:, 31].min() > 0.99
    assert np.count_nonzero(np.diff(np.sign(pe[1:, 0]))) > 10


def test_cross_attention_and_its_pitfall(run_page):
    p = _run(run_page).probe
    cross = np.array(p["cross_weights"])
    assert p["cross_shape"] == [4, 6] == list(cross.shape)
    np.testing.assert_allclose(cross.sum(axis=1), 1.0)
    assert p["cross_min_visible"] == 6 and p["visible_right"] == [6, 6, 6, 6]
    assert p["visible_wrong"] == [1, 2, 3, 4]


def test_task_and_no_attention_baseline(run_page):
    p = _run(run_page).probe
    x_train, y_train, x_test = np.array(p["x_train"]), np.array(p["y_train"]), np.array(p["x_test"])
    alphabet = list("abcdefgh") + ["|"]
    assert p["example"] == "".join(alphabet[t] for t in x_train[0])
    assert p["answer"] == p["example"][:LENGTH][::-1]
    assert x_train.shape == (1600, 12) and x_test.shape == (1000, 12)
    seen = {tuple(s) for s in x_train[:, :LENGTH]}
    assert p["test_overlap"] == sum(tuple(s) in seen for s in x_test[:, :LENGTH])
    np.testing.assert_array_equal(y_train, x_train[:, :LENGTH][:, ::-1])
    assert abs(p["no_attention_accuracy"] - 1 / 8) < 0.03  # "close to the chance level 1/8"


def test_model_and_gradient_checks(run_page):
    p = _run(run_page).probe
    assert p["layer_names"] == ["Embedding", "PositionalEncoding", "Residual", "Residual", "LastPositions",
                                "LayerNorm", "Dense"]
    d, ff, vocab = 32, 64, 9
    expected = vocab * d + (2 * d + 4 * d * d + 4 * d) + (2 * d + d * ff + ff + ff * d + d) + 2 * d + d * vocab + vocab
    assert p["n_parameters"] == expected == 9193
    assert len(p["worst_errors"]) == 9 and max(p["worst_errors"].values()) < 1e-7


def test_training_reaches_near_perfect_accuracy(run_page):
    run = _run(run_page)
    p = run.probe
    acc, val = p["history"]["accuracy"], p["history"]["val_accuracy"]
    assert len(acc) == len(val) == 6
    # alt text of fig-training
    alt = _alt(run, "fig-training")
    assert f"training accuracy is {acc[0]:.2f} and held-out accuracy {val[0]:.2f}" in alt
    assert val[1] > 0.95 and min(acc[2:] + val[2:]) > 0.98 and val[-1] == 1.0
    assert val[0] > acc[0] and val[1] > acc[1]  # caption: held-out accuracy "runs ahead early on"
    assert p["forced_accuracy"] >= 0.99995  # printed as 100.00%
    generated, y_test = np.array(p["generated"]), np.array(p["y_test"])
    assert p["exact_strings"] == np.mean(np.all(generated == y_test, axis=1))
    assert p["exact_strings"] == 1.0  # "every held-out string is reversed correctly"


def test_learned_attention(run_page):
    run = _run(run_page)
    p = run.probe
    learned = np.array(p["learned"])
    rows = np.arange(LENGTH, 2 * LENGTH)
    mirror = 2 * LENGTH - 1 - rows
    best = learned[:, rows].argmax(axis=-1)
    hits = (best == mirror).sum(axis=1)
    assert hits.tolist() == p["example_hits"] == [5, 4]  # alt text: "5 of these 6 rows", "in 4 rows"
    alt = _alt(run, "fig-learned-attention")
    assert "outlined one in 5 of these 6 rows" in alt and "on the outline in 4 rows and next to it" in alt
    assert np.all(np.abs(best[1] - mirror)[best[1] != mirror] == 1)  # head 2 misses land next to it
    mean = np.array(p["all_weights_mean"])  # (heads, 12, 12), averaged over the held-out strings
    on_mirror = mean[:, rows, mirror]
    np.testing.assert_allclose(p["mirror_weight"], on_mirror.mean(axis=1), rtol=1e-5)
    near = on_mirror + mean[:, rows, mirror + 1] + np.where(mirror >= 1, mean[:, rows, np.maximum(mirror - 1, 0)], 0)
    np.testing.assert_allclose(p["near_mirror"], near.mean(axis=1), rtol=1e-5)
    np.testing.assert_allclose(p["mirror_weight_first"], on_mirror[:, 0], rtol=1e-5)
    assert on_mirror[0].argmax() == 0  # "the separator row is the sharpest" for head 1
    assert p["mirror_weight"][0] > p["mirror_weight"][1] > 0.3
    assert 0.5 < p["best_is_mirror"] < 1.0  # "only ... of the answer rows", yet every string is right


def test_exercise_solutions(run_page):
    p = _run(run_page).probe
    d, ff = 512, 2048
    formula = (4 * d * d + 4 * d) + (2 * d * ff + ff + d) + 2 * 2 * d
    assert p["encoder_layer_parameters"] == formula == 3_152_384
    reference = torch.nn.TransformerEncoderLayer(d, 8, ff)
    assert sum(t.numel() for t in reference.parameters()) == formula
    assert p["attention_share"] == p["one_head_parameters"] == 4 * d * d + 4 * d
    assert sum(t.numel() for t in torch.nn.MultiheadAttention(d, 1).parameters()) == p["one_head_parameters"]
    assert abs(p["score_variance"] - 16 * 4 * 1) < 2 and abs(p["scaled_variance"] - 1) < 0.03
    np.testing.assert_array_equal(p["mask_4"], np.tril(np.ones((4, 4), dtype=int)))
    assert p["allowed_12"] == 12 * 13 // 2 == 78
    assert p["removed_fraction_12"] == pytest.approx(11 / 24)
    assert p["removed_fraction_1000"] == pytest.approx(999 / 2000)
