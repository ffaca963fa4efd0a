"""mlwiki.neuron: gradients against finite differences and PyTorch, the fast trainer against the plain one."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from mlwiki.neuron import (
    SigmoidNeuron,
    cumulative_error,
    gradients,
    lowest_cumulative_error,
    plot_error_curves,
    plot_final_errors,
    plot_inputs_and_weights,
    sigmoid_derivative,
    train_sgd,
    train_sgd_many,
    tutorial_points,
)
from mlwiki.themes import DARK, LIGHT, both_themes


@pytest.fixture
def data():
    return tutorial_points()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _loss(weights, bias, x, target, loss="squared_error"):
    p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    if loss == "squared_error":
        return (p - target) ** 2
    return -(target * np.log(p) + (1 - target) * np.log(1 - p))


def test_tutorial_points():
    x, targets = tutorial_points()
    assert x.shape == (8, 2) and targets.shape == (8,)
    assert x[3].tolist() == [3.0, 4.0]
    assert targets.tolist() == [0, 1, 0, 1, 0, 1, 1, 0]


def test_predict_is_the_logistic_function_and_stable():
    neuron = SigmoidNeuron(np.array([1.0]), 0.0)
    z = np.linspace(-30, 30, 61)
    np.testing.assert_allclose(neuron.predict(z[:, None]), 1 / (1 + np.exp(-z)), rtol=1e-12)
    np.testing.assert_allclose(neuron.predict(np.array([[-1000.0], [1000.0]])), [0.0, 1.0])


def test_sigmoid_derivative_matches_finite_differences():
    z = np.linspace(-8, 8, 33)
    eps = 1e-6
    numeric = (1 / (1 + np.exp(-(z + eps))) - 1 / (1 + np.exp(-(z - eps)))) / (2 * eps)
    np.testing.assert_allclose(sigmoid_derivative(z), numeric, rtol=1e-6, atol=1e-12)
    # The derivative takes the pre-activation: feeding it the output instead (as x (1 - x)
    # formulas expect) gives a different number.
    assert sigmoid_derivative(2.0) != pytest.approx(2.0 * (1 - 2.0))
    np.testing.assert_allclose(sigmoid_derivative(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.25, 0.0])


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_gradients_match_finite_differences(data, seed, loss):
    x, targets = data
    neuron = SigmoidNeuron.random(2, rng=np.random.default_rng(seed))
    eps = 1e-6
    w, b = neuron.weights, neuron.bias
    for xi, ti in zip(x, targets):
        grad_w, grad_b = gradients(neuron, xi, ti, loss=loss)
        numeric_w = np.array([
            (_loss(w + eps * e, b, xi, ti, loss) - _loss(w - eps * e, b, xi, ti, loss)) / (2 * eps)
            for e in np.eye(2)
        ])
        numeric_b = (_loss(w, b + eps, xi, ti, loss) - _loss(w, b - eps, xi, ti, loss)) / (2 * eps)
        np.testing.assert_allclose(grad_w, numeric_w, rtol=1e-5, atol=1e-9)
        assert grad_b == pytest.approx(numeric_b, rel=1e-5, abs=1e-9)


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_gradients_match_pytorch_autograd(data, loss):
    x, targets = data
    neuron = SigmoidNeuron(np.array([0.7, -1.3]), 0.4)
    for xi, ti in zip(x, targets):
        w = torch.tensor(neuron.weights, dtype=torch.float64, requires_grad=True)
        b = torch.tensor(neuron.bias, dtype=torch.float64, requires_grad=True)
        p = torch.sigmoid(torch.dot(torch.tensor(xi), w) + b)
        t = torch.tensor(ti, dtype=torch.float64)
        value = (p - t) ** 2 if loss == "squared_error" else torch.nn.functional.binary_cross_entropy(p, t)
        value.backward()
        grad_w, grad_b = gradients(neuron, xi, ti, loss=loss)
        np.testing.assert_allclose(grad_w, w.grad.numpy(), rtol=1e-12, atol=1e-15)
        assert grad_b == pytest.approx(b.grad.item(), rel=1e-12, abs=1e-15)


def test_cross_entropy_gradient_does_not_vanish_when_saturated():
    neuron = SigmoidNeuron(np.array([-10.0, -10.0]), 0.0)  # p ~ 0 at (1, 1)
    squared, _ = gradients(neuron, [1.0, 1.0], 1.0)
    cross_entropy, _ = gradients(neuron, [1.0, 1.0], 1.0, loss="cross_entropy")
    assert np.abs(squared).max() < 1e-7 and np.abs(cross_entropy).min() > 0.99


def test_cumulative_error_is_sum_of_squares(data):
    x, targets = data
    neuron = SigmoidNeuron(np.array([0.3, -0.2]), 0.05)
    expected = sum(_loss(neuron.weights, neuron.bias, xi, ti) for xi, ti in zip(x, targets))
    assert cumulative_error(neuron, x, targets) == pytest.approx(expected)


def test_predict_shapes_and_stability():
    neuron = SigmoidNeuron(np.array([1000.0, -1000.0]), 0.0)
    out = neuron.predict(np.array([[1.0, 0.0], [0.0, 1.0]]))
    assert out.shape == (2,)
    np.testing.assert_allclose(out, [1.0, 0.0])
    assert np.ndim(neuron.predict(np.array([1.0, 0.0]))) == 0
    np.testing.assert_array_equal(neuron.classify(np.array([[1.0, 0.0], [0.0, 1.0]])), [1, 0])


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_one_sgd_step_follows_the_gradient(data, loss):
    x, targets = data
    start = SigmoidNeuron(np.array([0.2, -0.1]), 0.3)
    history = train_sgd(start, x, targets, lr=0.5, iterations=1, rng=np.random.default_rng(3), loss=loss)
    i = np.random.default_rng(3).integers(x.shape[0], size=1)[0]
    grad_w, grad_b = gradients(start, x[i], targets[i], loss=loss)
    np.testing.assert_allclose(history.neuron.weights, start.weights - 0.5 * grad_w)
    assert history.neuron.bias == pytest.approx(start.bias - 0.5 * grad_b)


def test_history_layout_and_no_mutation(data):
    x, targets = data
    x_before, t_before = x.copy(), targets.copy()
    start = SigmoidNeuron.random(2, rng=np.random.default_rng(0))
    weights_before = start.weights.copy()
    history = train_sgd(start, x, targets, lr=0.01, iterations=1000, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(history.iterations, np.arange(0, 1001, 100))
    assert history.cumulative_error.shape == (11,)
    assert history.cumulative_error[0] == pytest.approx(cumulative_error(start, x, targets))
    assert history.cumulative_error[-1] == pytest.approx(cumulative_error(history.neuron, x, targets))
    np.testing.assert_array_equal(start.weights, weights_before)
    np.testing.assert_array_equal(x, x_before)
    np.testing.assert_array_equal(targets, t_before)
    with pytest.raises(ValueError):
        start.weights[0] = 5.0  # read-only


def test_first_step_below(data):
    x, targets = data
    history = train_sgd(SigmoidNeuron.random(2, rng=np.random.default_rng(2023)), x, targets,
                        lr=0.01, iterations=1000, rng=np.random.default_rng(1))
    level = 2.0
    step = history.first_step_below(level)
    k = int(np.flatnonzero(history.iterations == step)[0])
    assert history.cumulative_error[k] < level and np.all(history.cumulative_error[:k] >= level)
    assert history.first_step_below(0.0) is None
    with pytest.raises(ValueError, match="level"):
        history.first_step_below(np.nan)


def test_jitter_is_the_spread_of_late_changes():
    from mlwiki.neuron import TrainingHistory

    errors = np.array([5.0, 4.0, 3.0, 2.5, 2.0, 2.2, 2.1, 2.3])
    history = TrainingHistory(np.arange(8) * 100, errors, SigmoidNeuron(np.zeros(2), 0.0))
    assert history.jitter() == pytest.approx(np.std(np.diff(errors[4:])))
    assert TrainingHistory(np.array([0]), np.array([1.0]), SigmoidNeuron(np.zeros(2), 0.0)).jitter() == 0.0


def test_record_every_not_dividing_iterations(data):
    x, targets = data
    start = SigmoidNeuron.random(2, rng=np.random.default_rng(0))
    history = train_sgd(start, x, targets, lr=0.01, iterations=250, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(history.iterations, [0, 100, 200])


def test_deterministic(data):
    x, targets = data
    runs = [
        train_sgd(SigmoidNeuron.random(2, rng=np.random.default_rng(5)), x, targets,
                  lr=0.01, iterations=500, rng=np.random.default_rng(6))
        for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0].cumulative_error, runs[1].cumulative_error)
    np.testing.assert_array_equal(runs[0].neuron.weights, runs[1].neuron.weights)


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_train_sgd_many_gives_the_plain_runs(data, loss):
    x, targets = data
    starts = [SigmoidNeuron.random(2, rng=np.random.default_rng(seed)) for seed in range(6)]
    many = train_sgd_many(starts, x, targets, lr=0.05, iterations=730, record_every=50, loss=loss,
                          rngs=[np.random.default_rng(40 + k) for k in range(6)])
    for k, start in enumerate(starts):
        plain = train_sgd(start, x, targets, lr=0.05, iterations=730, record_every=50, loss=loss,
                          rng=np.random.default_rng(40 + k))
        np.testing.assert_array_equal(many[k].iterations, plain.iterations)
        np.testing.assert_allclose(many[k].cumulative_error, plain.cumulative_error, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(many[k].neuron.weights, plain.neuron.weights, rtol=1e-10, atol=1e-12)
        assert many[k].neuron.bias == pytest.approx(plain.neuron.bias, rel=1e-10, abs=1e-12)


def test_training_reduces_error_on_average(data):
    x, targets = data
    starts = [SigmoidNeuron.random(2, rng=np.random.default_rng(seed)) for seed in range(10)]
    runs = train_sgd_many(starts, x, targets, lr=0.01, iterations=1000,
                          rngs=[np.random.default_rng(100 + seed) for seed in range(10)])
    initial = np.mean([h.cumulative_error[0] for h in runs])
    final = np.mean([h.cumulative_error[-1] for h in runs])
    assert final < initial - 0.3


def test_lowest_cumulative_error_is_a_minimum(data):
    x, targets = data
    error, neuron = lowest_cumulative_error(x, targets, rng=np.random.default_rng(0), n_starts=10)
    assert error == pytest.approx(cumulative_error(neuron, x, targets))
    # Stationary: the summed gradient vanishes ...
    total = sum(np.append(*gradients(neuron, xi, ti)) for xi, ti in zip(x, targets))
    assert np.abs(total).max() < 1e-5
    # ... and no neuron on a grid around it, nor any trained one, does better.
    grid = np.linspace(-1, 1, 9)
    for dw1 in grid:
        for dw2 in grid:
            for db in grid:
                other = SigmoidNeuron(neuron.weights + [dw1, dw2], neuron.bias + db)
                assert cumulative_error(other, x, targets) >= error - 1e-12
    trained = train_sgd(SigmoidNeuron.random(2, rng=np.random.default_rng(3)), x, targets, lr=0.05,
                        iterations=5000, rng=np.random.default_rng(4))
    assert trained.cumulative_error.min() >= error - 1e-9


def test_lowest_cumulative_error_on_separable_data_goes_to_zero():
    x = np.array([[0.0], [1.0], [2.0], [3.0]])
    error, neuron = lowest_cumulative_error(x, [0, 0, 1, 1], rng=np.random.default_rng(0), n_starts=3)
    assert error < 1e-3 and neuron.classify(x).tolist() == [0, 0, 1, 1]


# --- bad input: one test per rule ---------------------------------------------------------

GOOD = {"lr": 0.01, "iterations": 10, "record_every": 5}


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"lr": 0.0}, ValueError, "lr must be > 0"),
        ({"lr": -0.1}, ValueError, "lr must be > 0"),
        ({"lr": np.inf}, ValueError, "lr must be finite"),
        ({"lr": "fast"}, ValueError, "lr must be a real number"),
        ({"iterations": 0}, ValueError, "iterations must be > 0"),
        ({"iterations": 10.5}, ValueError, "iterations must be an integer"),
        ({"record_every": 0}, ValueError, "record_every must be > 0"),
        ({"loss": "hinge"}, ValueError, "loss must be one of"),
        ({"x": np.ones((8, 3))}, ValueError, r"x must have shape \(n_samples, 2\)"),
        ({"x": np.ones(8)}, ValueError, "x must have 2 dimension"),
        ({"x": np.zeros((0, 2)), "targets": np.zeros(0)}, ValueError, "x must contain at least one sample"),
        ({"x": np.full((8, 2), np.nan)}, ValueError, "x contains non-finite"),
        ({"targets": np.ones(7)}, ValueError, "targets must have one entry per row"),
        ({"targets": np.full(8, np.nan)}, ValueError, "targets contains non-finite"),
        ({"targets": np.full(8, 2.0)}, ValueError, r"targets must lie in \[0, 1\]"),
        ({"targets": np.ones((8, 1))}, ValueError, "targets must have 1 dimension"),
    ],
)
@pytest.mark.parametrize("trainer", ["train_sgd", "train_sgd_many"])
def test_bad_training_input(data, trainer, kwargs, error, message):
    x, targets = data
    call = {"x": x, "targets": targets} | GOOD | kwargs
    start = SigmoidNeuron(np.zeros(2), 0.0)
    with pytest.raises(error, match=message):
        if trainer == "train_sgd":
            train_sgd(start, rng=np.random.default_rng(0), **call)
        else:
            train_sgd_many([start], rngs=[np.random.default_rng(0)], **call)


def test_bad_rng_and_neuron_arguments(data):
    x, targets = data
    start = SigmoidNeuron(np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        train_sgd(start, x, targets, rng=0, **GOOD)
    with pytest.raises(TypeError, match="neuron must be a SigmoidNeuron"):
        train_sgd((np.ones(2), 0.0), x, targets, rng=np.random.default_rng(0), **GOOD)
    with pytest.raises(ValueError, match="neurons must contain at least one"):
        train_sgd_many([], x, targets, rngs=[], **GOOD)
    with pytest.raises(TypeError, match="neuron must be a SigmoidNeuron"):
        train_sgd_many(["neuron"], x, targets, rngs=[np.random.default_rng(0)], **GOOD)
    with pytest.raises(ValueError, match="neurons must all have the same n_in"):
        train_sgd_many([start, SigmoidNeuron(np.zeros(3), 0.0)], x, targets,
                       rngs=[np.random.default_rng(0)] * 2, **GOOD)
    with pytest.raises(ValueError, match="rngs must hold one generator per neuron"):
        train_sgd_many([start, start], x, targets, rngs=[np.random.default_rng(0)], **GOOD)
    with pytest.raises(ValueError, match="rngs must be a numpy.random.Generator"):
        train_sgd_many([start], x, targets, rngs=[1], **GOOD)


def test_bad_neuron_construction_and_prediction():
    with pytest.raises(ValueError, match="weights contains non-finite"):
        SigmoidNeuron(np.array([np.inf, 0.0]), 0.0)
    with pytest.raises(ValueError, match="weights must have 1 dimension"):
        SigmoidNeuron(np.ones((2, 2)), 0.0)
    with pytest.raises(ValueError, match="weights must have at least one entry"):
        SigmoidNeuron(np.ones(0), 0.0)
    with pytest.raises(ValueError, match="bias must have 0 dimension"):
        SigmoidNeuron(np.ones(2), [1.0, 2.0])
    with pytest.raises(ValueError, match="bias contains non-finite"):
        SigmoidNeuron(np.ones(2), np.nan)
    with pytest.raises(ValueError, match="n_in must be > 0"):
        SigmoidNeuron.random(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        SigmoidNeuron.random(2, rng=None)
    with pytest.raises(ValueError, match=r"x must have shape \(n_in,\) or \(n_samples, n_in\)"):
        SigmoidNeuron(np.ones(2), 0.0).predict(np.ones(3))
    with pytest.raises(ValueError, match="z contains non-finite"):
        sigmoid_derivative(np.nan)
    with pytest.raises(ValueError, match="z must be numeric"):
        sigmoid_derivative("zero")


def test_bad_gradient_and_error_arguments(data):
    x, targets = data
    neuron = SigmoidNeuron(np.ones(2), 0.0)
    with pytest.raises(ValueError, match="x must have 1 dimension"):
        gradients(neuron, np.ones((2, 2)), 1.0)
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples, 2\)"):
        gradients(neuron, np.ones(3), 1.0)
    with pytest.raises(ValueError, match=r"targets must lie in \[0, 1\]"):
        gradients(neuron, np.ones(2), 1.5)
    with pytest.raises(ValueError, match="loss must be one of"):
        gradients(neuron, np.ones(2), 1.0, loss="squared")
    with pytest.raises(ValueError, match="target must be numeric"):
        gradients(neuron, np.ones(2), "one")
    with pytest.raises(ValueError, match="target must have 0 dimension"):
        gradients(neuron, np.ones(2), [1.0, 0.0])
    with pytest.raises(TypeError, match="neuron must be a SigmoidNeuron"):
        cumulative_error("neuron", x, targets)
    with pytest.raises(ValueError, match="n_starts must be > 0"):
        lowest_cumulative_error(x, targets, rng=np.random.default_rng(0), n_starts=0)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        lowest_cumulative_error(x, targets, rng=0)
    with pytest.raises(ValueError, match="x must have 2 dimension"):
        lowest_cumulative_error(x[0], targets, rng=np.random.default_rng(0))


# --- plots ------------------------------------------------------------------------------


def test_plot_inputs_and_weights_marks_wrong_points_in_theme_colours(data):
    x, targets = data
    neuron = SigmoidNeuron(np.array([-0.3, 0.6]), 0.2)
    themed = both_themes(plot_inputs_and_weights, x, targets, neuron)
    wrong = neuron.classify(x) != targets
    for name, theme in (("light", LIGHT), ("dark", DARK)):
        ax = themed.figures[name].axes[0]
        by_label = {c.get_label(): c for c in ax.collections}
        assert matplotlib.colors.to_hex(by_label["target 0"].get_facecolor()[0]) == theme.colors["blue"].lower()
        assert matplotlib.colors.to_hex(by_label["target 1"].get_facecolor()[0]) == theme.colors["orange"].lower()
        rings = by_label[f"classified wrongly ({int(wrong.sum())})"]
        assert sorted(map(tuple, rings.get_offsets())) == sorted(map(tuple, x[wrong]))
        line = [l for l in ax.lines if l.get_linestyle() == "--"][0]
        assert matplotlib.colors.to_hex(line.get_color()) == theme.foreground.lower()
        xs, ys = line.get_data()
        np.testing.assert_allclose(neuron.weights[0] * xs + neuron.weights[1] * ys + neuron.bias, 0, atol=1e-12)
        assert len([t for t in ax.texts if t.get_text().startswith("p=")]) == len(x)


def test_plot_inputs_and_weights_rejects_bad_input(data):
    x, targets = data
    with pytest.raises(ValueError, match="neuron must have n_in = 2"):
        plot_inputs_and_weights(np.ones((2, 3)), [0, 1], SigmoidNeuron(np.ones(3), 0.0))
    with pytest.raises(ValueError, match="targets must be 0 or 1"):
        plot_inputs_and_weights(x, np.full(8, 0.5), SigmoidNeuron(np.ones(2), 0.0))
    # w = 0: the output is 0.5 everywhere, no line to draw, and no warning.
    ax = plot_inputs_and_weights(x, targets, SigmoidNeuron(np.zeros(2), 0.0))
    assert not [l for l in ax.lines if l.get_linestyle() == "--"]


def test_plot_error_curves_and_final_errors():
    curves = {"one": np.array([3.0, 2.0, 1.9]), "many": np.array([[4.0, 3.0, 2.0], [3.5, 2.5, 2.1]])}
    ax = plot_error_curves(curves, iterations=np.array([0, 100, 200]), references={"baseline": 2.0})
    assert len([l for l in ax.lines if l.get_label() == "many"]) == 1  # one legend entry per label
    assert len(ax.lines) == 1 + 2 + 1
    with pytest.raises(ValueError, match="iterations for 'one' must have shape"):
        plot_error_curves(curves, iterations=np.arange(4))
    with pytest.raises(TypeError, match="curves must be a non-empty dict"):
        plot_error_curves([], iterations=[0])
    with pytest.raises(TypeError, match="references must be a dict"):
        plot_error_curves(curves, iterations=[0, 1, 2], references=[2.0])

    final = {"a": np.array([1.0, 2.0, 3.0]), "b": np.array([1.5, 2.5, 3.5])}
    ax = plot_final_errors(final, highlight=[2], highlight_label="stuck", xlabel="schedule")
    assert ax.get_xlabel() == "schedule"
    medians = [l for l in ax.lines if l.get_linewidth() == 2.2]
    assert [m.get_ydata()[0] for m in medians] == [2.0, 2.5]
    stuck = [c for c in ax.collections if c.get_label() == "stuck"][0]
    assert stuck.get_offsets()[0][1] == 3.0
    with pytest.raises(ValueError, match="highlight must hold run indices"):
        plot_final_errors(final, highlight=[3])
    with pytest.raises(ValueError, match="highlight must hold whole run indices"):
        plot_final_errors(final, highlight=[1.5])
    with pytest.raises(ValueError, match="the same number of runs"):
        plot_final_errors({"a": [1.0], "b": [1.0, 2.0]})
    with pytest.raises(TypeError, match="final_errors must be a non-empty dict"):
        plot_final_errors({})
