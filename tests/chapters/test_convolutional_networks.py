"""Claims of chapters/convolutional-networks.qmd, read from the executed page."""

import numpy as np
import torch
from scipy import signal
from scipy.stats import binomtest

PROBE = """{
    'x': x.tolist(), 'k': k.tolist(),
    'valid': valid.tolist(), 'full': full.tolist(), 'valid_convolution': valid_convolution.tolist(),
    'top_left': top_left, 'entries_that_differ': entries_that_differ,
    'size_rows': [list(map(int, row)) for row in size_rows], 'sizes_agree': sizes_agree, 'naive_wrong': int(naive_wrong),
    'conv_errors': conv_errors, 'worst_conv_error': worst_conv_error, 'fast_vs_plain': fast_vs_plain,
    'x_pool': x_pool[0, 0].tolist(), 'pooled': pooled[0, 0].tolist(),
    'g_pool': g_pool[0, 0].tolist(), 'dx_pool': dx_pool[0, 0].tolist(),
    'n_params': int(n_params), 'n_dense_params': int(n_dense_params), 'epochs': epochs,
    'test_accuracy': test_accuracy, 'dense_accuracy': dense_accuracy,
    'moved_accuracy': moved_accuracy, 'dense_moved_accuracy': dense_moved_accuracy,
    'n_test': int(len(y_test)), 'n_train': int(len(y_train)), 'dtype': str(x_train.dtype),
    'matrix': matrix.tolist(), 'n_wrong': n_wrong, 'largest_confusion': largest_confusion,
    'error_interval': list(error_interval), 'pair_interval': list(pair_interval), 'per_class': per_class,
    'never_interval': list(never_interval),
    'diagonal': [diagonal_low, diagonal_high],
    'y_test': y_test.tolist(), 'predicted': predicted.tolist(), 'dense_predicted': dense_predicted.tolist(),
    'wrong': wrong.tolist(), 'shown': shown.tolist(), 'n_kernels': n_kernels,
    'first_kernels': first_kernels.tolist(), 'feature_maps': feature_maps.tolist(), 'sample': sample.tolist(),
    'size_formula': list(size_formula), 'size_layers': list(size_layers),
    'conv_params': int(conv_params), 'dense_count': int(dense_count),
    'hand_result': hand_result.tolist(), 'symmetric': symmetric,
}"""

PAGE = "chapters/convolutional-networks.qmd"


def _page(run_page):
    return run_page(PAGE, probe=PROBE)


def test_figures_in_both_themes(run_page):
    run = _page(run_page)
    for figure in ("fig-confusion", "fig-kernels", "fig-misclassified"):
        assert list(run.figure(figure).images) == ["light", "dark"], figure


def test_correlations_match_scipy_and_the_pitfall(run_page):
    p = _page(run_page).probe
    x, k = np.array(p["x"]), np.array(p["k"])
    np.testing.assert_allclose(p["valid"], signal.correlate2d(x, k, mode="valid"), atol=1e-12)
    np.testing.assert_allclose(p["full"], signal.correlate2d(x, k, mode="full"), atol=1e-12)
    # cross-correlation with the rotated kernel is true convolution
    np.testing.assert_allclose(p["valid_convolution"], signal.convolve2d(x, k, mode="valid"), atol=1e-12)
    differ = int(np.sum(np.array(p["valid_convolution"]) != np.array(p["valid"])))
    assert p["entries_that_differ"] == differ > 0
    assert np.shape(p["valid"]) == (3, 3) and np.shape(p["full"]) == (5, 5)
    assert p["top_left"] == p["valid"][0][0]


def test_output_size_table(run_page):
    p = _page(run_page).probe
    assert p["sizes_agree"]
    for n, k, s, pad, formula, measured, naive in p["size_rows"]:
        assert formula == (n + 2 * pad - k) // s + 1 == measured
        assert naive == n - k + 1
        assert (naive == measured) == (s == 1 and pad == 0)  # right only without stride and padding
    assert p["naive_wrong"] == sum(row[6] != row[5] for row in p["size_rows"]) == 5
    # "same" padding row, and the floor example (n = 8 and n = 9 agree)
    assert p["size_rows"][1][4] == p["size_rows"][1][0]
    assert p["size_rows"][3][4] == p["size_rows"][4][4]


def test_plain_and_fast_layers_and_gradient_checks(run_page):
    p = _page(run_page).probe
    assert set(p["conv_errors"]) == {"PlainConv2D(2, 3, 3, stride=2, padding=1)", "MaxPool2D(2)", "Flatten"}
    assert set(p["conv_errors"]["PlainConv2D(2, 3, 3, stride=2, padding=1)"]) == {"input", "weights", "bias"}
    assert p["worst_conv_error"] == max(e for errors in p["conv_errors"].values() for e in errors.values()) < 1e-7
    assert max(p["fast_vs_plain"].values()) < 1e-12


def test_max_pooling_routes_gradient_to_window_maxima(run_page):
    p = _page(run_page).probe
    x = np.array(p["x_pool"])
    xt = torch.tensor(x[None, None], requires_grad=True)
    out = torch.nn.functional.max_pool2d(xt, 2)
    out.backward(torch.tensor(np.array(p["g_pool"])[None, None]))
    np.testing.assert_array_equal(p["pooled"], out.detach().numpy()[0, 0])
    np.testing.assert_array_equal(p["dx_pool"], xt.grad.numpy()[0, 0])
    dx = np.array(p["dx_pool"])
    for value, grad in zip([5, 6, 7, 9], [1, 2, 3, 4]):
        assert dx[x == value] == [grad]


def test_cnn_against_dense_network(run_page):
    p = _page(run_page).probe
    assert p["dtype"] == "float32" and p["n_params"] == 6090 and p["n_dense_params"] == 6085
    y_test, predicted, dense = (np.array(p[key]) for key in ("y_test", "predicted", "dense_predicted"))
    assert p["test_accuracy"] == np.mean(predicted == y_test) >= 0.97
    assert p["dense_accuracy"] == np.mean(dense == y_test)
    cnn_wrong, dense_wrong = np.sum(predicted != y_test), np.sum(dense != y_test)
    assert dense_wrong > 1.5 * cnn_wrong  # "fewer mistakes at the same size"
    assert p["moved_accuracy"] > p["dense_moved_accuracy"] + 0.15  # degrades more gracefully
    assert p["moved_accuracy"] < p["test_accuracy"]  # ... but is not immune to the move


def test_mistakes_and_what_they_can_show(run_page):
    run = _page(run_page)
    p = run.probe
    matrix = np.array(p["matrix"])
    y_test, predicted = np.array(p["y_test"]), np.array(p["predicted"])
    assert matrix.sum() == p["n_test"] == 450 and np.trace(matrix) == np.sum(y_test == predicted)
    assert p["n_wrong"] == len(p["wrong"]) == p["n_test"] - np.trace(matrix) == 8
    assert p["largest_confusion"] == 1
    exact = binomtest(p["n_wrong"], p["n_test"]).proportion_ci(method="exact")
    np.testing.assert_allclose(p["error_interval"], [exact.low, exact.high], atol=1e-12)
    assert p["per_class"] == int(np.bincount(y_test).min())
    one = binomtest(1, p["per_class"]).proportion_ci(method="exact")
    np.testing.assert_allclose(p["pair_interval"], [one.low, one.high], atol=1e-12)
    assert p["pair_interval"][1] > 0.1  # a single confusion is compatible with a rate over 10 %
    none = binomtest(0, p["per_class"]).proportion_ci(method="exact")
    np.testing.assert_allclose(p["never_interval"], [none.low, none.high], atol=1e-12)
    alt = run.figure("fig-confusion").cell.options["fig-alt"]
    low, high = np.diag(matrix).min(), np.diag(matrix).max()
    assert p["diagonal"] == [low, high] and f"between {low} and {high}" in alt
    assert "Only eight faint off-diagonal squares hold a count, each of them 1" in alt
    assert np.count_nonzero(matrix - np.diag(np.diag(matrix))) == 8
    assert p["shown"] == p["wrong"][:8] and all(y_test[i] != predicted[i] for i in p["wrong"])
    assert "A row of eight" in run.figure("fig-misclassified").cell.options["fig-alt"]


def test_kernel_figure_data(run_page):
    run = _page(run_page)
    p = run.probe
    kernels, maps, sample = (np.array(p[key]) for key in ("first_kernels", "feature_maps", "sample"))
    assert p["n_kernels"] == 16 and kernels.shape == (16, 3, 3) and maps.shape == (16, 8, 8)
    assert p["y_test"][0] == 0 and "a zero" in run.figure("fig-kernels").cell.options["fig-alt"]
    # the maps are the kernels correlated with the padded digit (the layer's bias starts at 0 and moves)
    padded = np.pad(sample[0, 0], 1)
    for kernel, fmap in zip(kernels, maps):
        offset = fmap - signal.correlate2d(padded, kernel, mode="valid")
        assert np.ptp(offset) < 1e-4  # a constant: the bias


def test_exercise_solutions(run_page):
    p = _page(run_page).probe
    assert p["size_formula"] == p["size_layers"] == [14, 6]
    assert p["conv_params"] == 32 * 16 * 9 + 32 == 4640
    assert p["dense_count"] == 256 * 512 + 512 == 131584
    hand = signal.correlate2d(np.array([[1, 2, 2, 1], [3, 2, 1, 0], [1, 2, 3, 4], [3, 1, 1, 3]]),
                              np.array([[1, 2], [2, 1]]), mode="valid")
    np.testing.assert_array_equal(p["hand_result"], hand)
    assert hand[2, 1] == 11 and p["symmetric"] is True
