"""mlwiki.xor: the data, line checks, the two-layer network, its chain-rule gradient (against
finite differences and PyTorch autograd) and its training (against PyTorch's SGD)."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from mlwiki import xor
from mlwiki.themes import DARK, LIGHT, both_themes

X, Y = xor.xor_data()
LABELS = Y.ravel()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _random(n_hidden=2, seed=0):
    return xor.TwoLayerNetwork.random(n_hidden, rng=np.random.default_rng(seed))


def _torch_network(network):
    params = [torch.tensor(np.array(p, dtype=float), dtype=torch.float64, requires_grad=True)
              for p in (network.hidden_weights, network.hidden_bias, network.output_weights, network.output_bias)]
    return params


def _torch_loss(params, x, targets):
    w1, b1, w2, b2 = params
    h = torch.sigmoid(torch.tensor(x) @ w1 + b1)
    y = torch.sigmoid(h @ w2 + b2)
    return torch.sum((y - torch.tensor(targets)) ** 2)


def test_xor_data_is_exclusive_or_of_the_corners():
    assert X.shape == (4, 2) and Y.shape == (4, 1)
    np.testing.assert_array_equal(Y.ravel(), np.logical_xor(X[:, 0], X[:, 1]).astype(float))
    x32, y32 = xor.xor_data(np.float32)
    assert x32.dtype == np.float32 and y32.dtype == np.float32


def test_xor_data_rejects_non_floating_dtypes():
    with pytest.raises(ValueError, match="dtype must be a floating dtype"):
        xor.xor_data(np.int64)
    with pytest.raises(TypeError, match="dtype must be a NumPy floating dtype"):
        xor.xor_data("not a dtype")


@pytest.mark.parametrize(
    ("w", "b", "expected"),
    [
        ([1.0, 1.0], -0.5, 1),   # OR: wrong only at (1, 1)
        ([-1.0, -1.0], 1.5, 1),  # NAND: wrong only at (0, 0)
        ([1.0, 0.0], -0.5, 2),   # x1 alone: wrong at (0, 1) and (1, 1)
        ([1.0, 1.0], 10.0, 2),   # everything class 1: both class-0 corners wrong
    ],
)
def test_count_misclassified_on_known_lines(w, b, expected):
    assert xor.count_misclassified(X, LABELS, w, b) == expected
    assert xor.count_misclassified(X, Y, w, b) == expected  # a column of labels works too


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xor.count_misclassified(X, LABELS, [0.0, 0.0], 0.0), "w must be a non-zero vector"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0, 0.0], 0.0), "w must be a non-zero vector"),
        (lambda: xor.count_misclassified(X, LABELS, [[1.0, 0.0]], 0.0), "w must have 1 dimension"),
        (lambda: xor.count_misclassified(X, LABELS[:3], [1.0, 0.0], 0.0), "y must hold one label per row"),
        (lambda: xor.count_misclassified(X, LABELS + 2, [1.0, 0.0], 0.0), "y must contain only 0 and 1"),
        (lambda: xor.count_misclassified(X, np.ones((4, 2)), [1.0, 0.0], 0.0), r"y must have shape \(n_samples,\)"),
        (lambda: xor.count_misclassified(X[:, :1], LABELS, [1.0, 0.0], 0.0), r"x must have shape \(n_samples, 2\)"),
        (lambda: xor.count_misclassified(np.zeros((0, 2)), [], [1.0, 0.0], 0.0), r"x must have shape"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0], np.nan), "b contains non-finite"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0], [1.0, 2.0]), "b must have 0 dimension"),
    ],
)
def test_line_helpers_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_plot_line_attempt_marks_the_mistakes_in_theme_colours():
    themed = both_themes(xor.plot_line_attempt, X, LABELS, [1.0, 0.0], -0.5)
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax = themed.figures[name].axes[0]
        assert ax.get_title() == "2 points wrong"
        crosses = [c for c in ax.collections if c.get_label() == "misclassified"]
        assert sorted(map(tuple, crosses[0].get_offsets())) == [(0.0, 1.0), (1.0, 1.0)]
        assert matplotlib.colors.to_hex(crosses[0].get_facecolor()[0]) == theme.colors["red"].lower()
        line = ax.lines[0]
        assert matplotlib.colors.to_hex(line.get_color()) == theme.foreground.lower()
    with pytest.raises(ValueError, match="padding must be >= 0"):
        xor.plot_line_attempt(X, LABELS, [1.0, 0.0], -0.5, padding=-1.0)


def test_plot_line_attempts_titles_and_bad_input():
    lines = [([1.0, 1.0], -0.5), ([1.0, 0.0], -0.5)]
    axes = xor.plot_line_attempts(X, LABELS, lines, titles=["OR", "x1"])
    assert [ax.get_title() for ax in axes] == ["OR: 1 point wrong", "x1: 2 points wrong"]
    with pytest.raises(ValueError, match="lines must hold at least one"):
        xor.plot_line_attempts(X, LABELS, [])
    with pytest.raises(ValueError, match=r"lines must hold \(w, b\) pairs"):
        xor.plot_line_attempts(X, LABELS, [[1.0, 1.0, -0.5]])
    with pytest.raises(ValueError, match="titles must name each of the 2 lines"):
        xor.plot_line_attempts(X, LABELS, lines, titles=["only one"])


def test_hand_wired_network_computes_xor_with_steps_and_sigmoids():
    wired = xor.hand_wired_network()
    np.testing.assert_array_equal(wired.hidden(X), [[0, 1], [1, 1], [1, 1], [1, 0]])
    np.testing.assert_array_equal(wired.predict(X), LABELS)
    np.testing.assert_array_equal(wired.classify(X), LABELS)
    smooth = xor.hand_wired_network(scale=10.0, activation="sigmoid")
    assert xor.max_target_error(smooth) < 0.01
    # Scaling never changes threshold units.
    np.testing.assert_array_equal(xor.hand_wired_network(scale=3.0).predict(X), LABELS)


def test_network_shapes_and_immutability():
    net = _random(3)
    assert net.n_hidden == 3 and net.hidden(X).shape == (4, 3) and net.predict(X).shape == (4,)
    assert np.all((net.predict(X) > 0) & (net.predict(X) < 1))
    with pytest.raises(ValueError):
        net.hidden_weights[0, 0] = 1.0
    # Standard normal draws in the documented order.
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(net.hidden_weights, rng.standard_normal((2, 3)))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n_hidden", [1, 2, 5])
def test_gradients_match_pytorch_autograd(seed, n_hidden):
    net = _random(n_hidden, seed)
    rng = np.random.default_rng(100 + seed)
    x = rng.normal(size=(7, 2))
    t = rng.integers(0, 2, size=7).astype(float)
    params = _torch_network(net)
    _torch_loss(params, x, t).backward()
    ours = xor.gradients(net, x, t)
    for mine, theirs in zip(ours, params):
        np.testing.assert_allclose(mine, theirs.grad.numpy(), rtol=1e-10, atol=1e-13)
    assert xor.squared_error(net, x, t) == pytest.approx(_torch_loss(params, x, t).item(), rel=1e-12)


def test_gradient_check_is_small_for_the_right_gradient_and_large_for_a_wrong_one(monkeypatch):
    net = _random(2, 3)
    assert xor.gradient_check(net) < 1e-6
    original = xor._gradients

    def forgets_the_hidden_sigmoid(w1, b1, w2, b2, x, targets):  # a classic slip
        g_w1, g_b1, g_w2, g_b2 = original(w1, b1, w2, b2, x, targets)
        h = 1 / (1 + np.exp(-(x @ w1 + b1)))
        return g_w1 / np.mean(h * (1 - h)), g_b1, g_w2, g_b2

    monkeypatch.setattr(xor, "_gradients", forgets_the_hidden_sigmoid)
    assert xor.gradient_check(net) > 0.1


def test_train_matches_pytorch_sgd_on_the_same_network():
    net = _random(2, 0)
    ours = xor.train(net, lr=2.0, epochs=300)
    params = _torch_network(net)
    optimizer = torch.optim.SGD(params, lr=2.0)
    losses = []
    for _ in range(300):
        optimizer.zero_grad()
        loss = _torch_loss(params, X, LABELS)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    losses.append(_torch_loss(params, X, LABELS).item())
    np.testing.assert_allclose(ours.loss, losses, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.network.hidden_weights, params[0].detach().numpy(), rtol=1e-8, atol=1e-10)


def test_train_many_gives_the_plain_runs_and_leaves_starts_unchanged():
    starts = [_random(3, seed) for seed in range(5)]
    before = [s.hidden_weights.copy() for s in starts]
    many = xor.train_many(starts, lr=1.5, epochs=400)
    for start, result, weights in zip(starts, many, before):
        plain = xor.train(start, lr=1.5, epochs=400)
        np.testing.assert_allclose(result.loss, plain.loss, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(result.network.output_weights, plain.network.output_weights, rtol=1e-10)
        np.testing.assert_array_equal(start.hidden_weights, weights)
    single = xor.train_many(starts[0], lr=1.5, epochs=10)
    assert len(single) == 1 and single[0].loss.shape == (11,)


def test_training_solves_xor_for_most_starts_with_three_units():
    runs = xor.train_many([_random(3, seed) for seed in range(10)], lr=2.0, epochs=2000)
    assert sum(xor.max_target_error(r.network) < 0.25 for r in runs) >= 9


def test_training_on_other_points():
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    and_targets = np.array([0.0, 0.0, 0.0, 1.0])
    run = xor.train(_random(2, 1), lr=2.0, epochs=1500, x=x, targets=and_targets)
    assert xor.max_target_error(run.network, x, and_targets) < 0.1


def test_max_target_error_reads_the_worst_corner():
    wired = xor.hand_wired_network(scale=10.0, activation="sigmoid")
    expected = np.max(np.abs(wired.predict(X) - LABELS))
    assert xor.max_target_error(wired) == pytest.approx(expected)


# --- bad input: one test per rule ---------------------------------------------------------

GOOD = {
    "hidden_weights": np.ones((2, 2)), "hidden_bias": np.zeros(2),
    "output_weights": np.ones(2), "output_bias": 0.0,
}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden_weights": np.ones((3, 2))}, r"hidden_weights must have shape \(2, n_hidden\)"),
        ({"hidden_weights": np.ones((2, 0))}, r"hidden_weights must have shape \(2, n_hidden\)"),
        ({"hidden_weights": np.ones(2)}, "hidden_weights must have 2 dimension"),
        ({"hidden_weights": np.full((2, 2), np.nan)}, "hidden_weights contains non-finite"),
        ({"hidden_bias": np.zeros(3)}, r"hidden_bias must have shape \(2,\)"),
        ({"output_weights": np.ones(3)}, r"output_weights must have shape \(2,\)"),
        ({"output_weights": np.ones((2, 1))}, "output_weights must have 1 dimension"),
        ({"output_bias": [0.0, 1.0]}, "output_bias must have 0 dimension"),
        ({"output_bias": np.inf}, "output_bias contains non-finite"),
        ({"activation": "relu"}, "activation must be one of"),
    ],
)
def test_bad_network(kwargs, message):
    with pytest.raises(ValueError, match=message):
        xor.TwoLayerNetwork(**(GOOD | kwargs))


def test_bad_random_and_hand_wired_arguments():
    with pytest.raises(ValueError, match="n_hidden must be > 0"):
        xor.TwoLayerNetwork.random(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        xor.TwoLayerNetwork.random(2, rng=0)
    with pytest.raises(ValueError, match="scale must be > 0"):
        xor.hand_wired_network(scale=0.0)
    with pytest.raises(ValueError, match="activation must be one of"):
        xor.hand_wired_network(activation="tanh")


def test_bad_prediction_and_training_arguments():
    net = _random()
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples, 2\)"):
        net.predict(np.ones(2))
    with pytest.raises(TypeError, match="network must be a TwoLayerNetwork"):
        xor.squared_error("net")
    with pytest.raises(ValueError, match="network must use sigmoid units to be trained"):
        xor.train(xor.hand_wired_network(), lr=1.0, epochs=1)
    with pytest.raises(ValueError, match="network must use sigmoid units to be trained"):
        xor.gradients(xor.hand_wired_network())
    with pytest.raises(ValueError, match="lr must be > 0"):
        xor.train(net, lr=0.0, epochs=1)
    with pytest.raises(ValueError, match="epochs must be > 0"):
        xor.train(net, lr=1.0, epochs=0)
    with pytest.raises(ValueError, match="epochs must be an integer"):
        xor.train_many([net], lr=1.0, epochs=1.5)
    with pytest.raises(ValueError, match="x and targets must be given together"):
        xor.train(net, lr=1.0, epochs=1, x=X)
    with pytest.raises(ValueError, match="y must contain only 0 and 1"):
        xor.squared_error(net, X, [0.0, 0.5, 1.0, 0.0])
    with pytest.raises(ValueError, match="networks must contain at least one"):
        xor.train_many([], lr=1.0, epochs=1)
    with pytest.raises(ValueError, match="networks must all have the same n_hidden"):
        xor.train_many([_random(2), _random(3)], lr=1.0, epochs=1)
    with pytest.raises(ValueError, match="eps must be > 0"):
        xor.gradient_check(net, eps=0.0)


# --- plots ------------------------------------------------------------------------------


def test_plot_hand_wired_maps_corners_to_the_hidden_plane():
    themed = both_themes(xor.plot_hand_wired, xor.hand_wired_network())
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax_in, ax_hidden = themed.figures[name].axes
        points = np.vstack([c.get_offsets() for c in ax_hidden.collections])
        assert sorted(map(tuple, points)) == [(0.0, 1.0), (1.0, 0.0), (1.0, 1.0), (1.0, 1.0)]
        assert [t.get_text() for t in ax_hidden.texts] == ["(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"]
        assert all(matplotlib.colors.to_hex(l.get_color()) == theme.foreground.lower() for l in ax_in.lines)
    with pytest.raises(ValueError, match="network must have n_hidden = 2"):
        xor.plot_hand_wired(_random(3))


def test_plot_network_output_and_loss_curves():
    net = xor.train(_random(2, 0), lr=2.0, epochs=800).network
    themed = both_themes(xor.plot_network_output, net)
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax = themed.figures[name].axes[0]
        assert ax.images[0].get_cmap().name == theme.diverging
        assert ax.images[0].get_clim() == (0.0, 1.0)
    losses = np.array([[1.0, 0.5, 0.1], [1.0, 0.6, 0.5]])
    ax = xor.plot_loss_curves(losses, solved=np.array([True, False]), references={"stuck": 0.5})
    labels = [l.get_label() for l in ax.lines]
    assert "solved (1 runs)" in labels and "not solved (1 runs)" in labels and "stuck (0.5)" in labels
    assert ax.get_yscale() == "log"
    with pytest.raises(ValueError, match="losses must be > 0"):
        xor.plot_loss_curves(np.zeros((1, 3)), solved=np.array([True]))
    with pytest.raises(ValueError, match="solved must be a boolean array of shape"):
        xor.plot_loss_curves(losses, solved=np.array([1, 0]))
    with pytest.raises(TypeError, match="references must be a dict"):
        xor.plot_loss_curves(losses, solved=np.array([True, False]), references=[0.5])


def test_pinned_corners():
    # Output 0.5 exactly where the output unit's pre-activation is 0: weights 0, bias 0.
    flat = xor.TwoLayerNetwork(np.ones((2, 2)), np.zeros(2), np.zeros(2), 0.0)
    assert xor.pinned_corners(flat).tolist() == [True] * 4
    assert xor.pinned_corners(xor.hand_wired_network(scale=10.0, activation="sigmoid")).tolist() == [False] * 4
    with pytest.raises(ValueError, match="tol must be > 0"):
        xor.pinned_corners(flat, tol=0.0)
    with pytest.raises(TypeError, match="network must be a TwoLayerNetwork"):
        xor.pinned_corners(None)


def test_half_plane_polygons_cover_the_box_exactly_once():
    lo, hi = np.array([-0.5, -0.5]), np.array([1.5, 1.5])
    for w, b in (([1.0, 1.0], -0.5), ([1.0, 0.0], -0.5), ([0.0, 1.0], 10.0), ([1.0, -2.0], 0.3)):
        w = np.array(w)
        areas = []
        for sign in (1.0, -1.0):
            poly = xor._half_plane_polygon(sign * w, sign * b, lo, hi)
            if len(poly):
                x_, y_ = poly[:, 0], poly[:, 1]
                areas.append(0.5 * abs(np.dot(x_, np.roll(y_, 1)) - np.dot(y_, np.roll(x_, 1))))
                inside = sign * (poly @ w + b)
                assert np.all(inside >= -1e-12)  # every corner on its side (or on the line)
        assert sum(areas) == pytest.approx(4.0)
