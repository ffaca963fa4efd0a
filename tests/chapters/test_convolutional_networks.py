"""Claims of chapters/convolutional-networks.qmd, read from the executed page."""

import numpy as np
from scipy import signal

PROBE = """{
    'x': x.tolist(), 'k': k.tolist(),
    'valid': valid.tolist(), 'full': full.tolist(), 'valid_convolution': valid_convolution.tolist(),
    'top_left': top_left,
    'notes_input': notes_input.tolist(), 'notes_kernel': notes_kernel.tolist(),
    'notes_printed': notes_printed.tolist(), 'notes_recomputed': notes_recomputed.tolist(),
    'notes_wrong': notes_wrong.tolist(),
    'size_rows': [list(map(int, row)) for row in size_rows], 'sizes_agree': sizes_agree,
    'kernel_gap': kernel_gap, 'bias_gap': bias_gap, 'input_gap': input_gap,
    'conv_errors': conv_errors, 'worst_conv_error': worst_conv_error,
    'x_pool': x_pool[0, 0].tolist(), 'pooled': pooled[0, 0].tolist(),
    'g_pool': g_pool[0, 0].tolist(), 'dx_pool': dx_pool[0, 0].tolist(),
    'test_accuracy': test_accuracy, 'epochs': epochs, 'train_seconds': train_seconds,
    'n_test': int(len(y_test)), 'n_train': int(len(y_train)), 'dtype': str(x_train.dtype),
    'matrix': matrix.tolist(), 'n_wrong': n_wrong, 'largest_confusion': largest_confusion,
    'y_test': y_test.tolist(), 'predicted': predicted.tolist(), 'wrong': wrong.tolist(),
    'shown': shown.tolist(), 'n_kernels': n_kernels, 'n_params': int(n_params),
}"""


def _page(run_page):
    return run_page("chapters/convolutional-networks.qmd", probe=PROBE)


def test_correlations_match_scipy(run_page):
    p = _page(run_page).probe
    x, k = np.array(p["x"]), np.array(p["k"])
    np.testing.assert_allclose(p["valid"], signal.correlate2d(x, k, mode="valid"), atol=1e-12)
    np.testing.assert_allclose(p["full"], signal.correlate2d(x, k, mode="full"), atol=1e-12)
    # cross-correlation with the rotated kernel is true convolution
    np.testing.assert_allclose(p["valid_convolution"], signal.convolve2d(x, k, mode="valid"), atol=1e-12)
    assert not np.allclose(p["valid_convolution"], p["valid"])  # the flip changes this example
    assert np.shape(p["valid"]) == (3, 3) and np.shape(p["full"]) == (5, 5)
    assert p["top_left"] == p["valid"][0][0]


def test_notes_example_is_corrected(run_page):
    p = _page(run_page).probe
    truth = signal.correlate2d(np.array(p["notes_input"]), np.array(p["notes_kernel"]), mode="valid")
    np.testing.assert_allclose(p["notes_recomputed"], truth)
    # the notes' first two rows are right, two entries of the bottom row are not
    np.testing.assert_allclose(np.array(p["notes_printed"])[:2], truth[:2])
    assert p["notes_wrong"] == [[2, 1], [2, 2]]
    assert truth[2, 1] == 11  # the hand computation in the prose


def test_output_size_table(run_page):
    p = _page(run_page).probe
    assert p["sizes_agree"]
    for n, k, s, pad, formula, measured in p["size_rows"]:
        assert formula == (n + 2 * pad - k) // s + 1 == measured
    # "same" padding row, and the floor example (n = 7 and n = 8 agree)
    assert p["size_rows"][1][4] == p["size_rows"][1][0]
    assert p["size_rows"][3][4] == p["size_rows"][4][4]


def test_backward_formulas_agree_with_layer(run_page):
    p = _page(run_page).probe
    assert p["kernel_gap"] < 1e-12 and p["bias_gap"] < 1e-12 and p["input_gap"] < 1e-12
    assert set(p["conv_errors"]) == {"input", "weights", "bias"}
    assert p["worst_conv_error"] < 1e-7


def test_max_pooling_routes_gradient_to_window_maxima(run_page):
    p = _page(run_page).probe
    x = np.array(p["x_pool"])
    windows = x.reshape(2, 2, 2, 2).swapaxes(1, 2)
    np.testing.assert_array_equal(p["pooled"], windows.max(axis=(2, 3)))
    dx = np.array(p["dx_pool"])
    assert dx.sum() == np.sum(p["g_pool"])
    assert np.count_nonzero(dx) == 4
    # each gradient sits where its window's maximum was: 5, 6, 7, 9 -> 1, 2, 3, 4
    for value, grad in zip([5, 6, 7, 9], [1, 2, 3, 4]):
        assert dx[x == value] == [grad]


def test_cnn_accuracy_and_evaluation(run_page):
    run = _page(run_page)
    p = run.probe
    for label in ("fig-confusion", "fig-kernels", "fig-misclassified"):
        assert len(run.cell(label).figures) == 1
    assert p["dtype"] == "float32"
    assert p["test_accuracy"] >= 0.97
    y_test, predicted = np.array(p["y_test"]), np.array(p["predicted"])
    assert abs(p["test_accuracy"] - np.mean(y_test == predicted)) < 1e-12
    matrix = np.array(p["matrix"])
    assert matrix.sum() == p["n_test"] and np.trace(matrix) == np.sum(y_test == predicted)
    assert p["n_wrong"] == len(p["wrong"]) == p["n_test"] - np.trace(matrix)
    assert 1 <= p["largest_confusion"] <= 2  # "no systematic blind spot"
    assert p["n_wrong"] == 5  # the figure's alt text describes five mistakes of one each
    assert p["shown"] == p["wrong"][:8]
    assert all(y_test[i] != predicted[i] for i in p["wrong"])
    assert p["n_kernels"] == 16 and p["n_params"] == 6090
    assert p["train_seconds"] < 60  # "seconds, not minutes", even on a loaded CI machine
