"""Claims of chapters/neural-network-from-scratch.qmd, read from the executed page."""

import math

import numpy as np
import torch
from scipy import ndimage

PROBE = """{
    'shapes': {name: list(shape) for name, shape in shapes.items()},
    'batch': batch, 'n_in': n_in, 'n_out': n_out,
    'spreads': {name: values.tolist() for name, values in spreads.items()},
    'depth': depth, 'width': width, 'n_inputs': n_inputs, 'tanh_slope_at_big': float(tanh_slope_at_big),
    'relu_xavier_ratio': float(relu_xavier_ratio), 'he_low': float(he_low), 'he_high': float(he_high),
    'logits': logits.tolist(), 'targets': targets.tolist(), 'ce_value': ce_value, 'ce_by_hand': float(ce_by_hand),
    'ce_gradient': ce_gradient.tolist(),
    'separate_loss': separate_loss, 'separate_grad': separate_grad.tolist(),
    'fused_loss': fused_loss, 'fused_grad': fused_grad.tolist(),
    'loss_before': float(loss_before), 'loss_after': float(loss_after),
    'final_accuracy': float(final_accuracy),
    'probabilities': probabilities.tolist(),
    'labels': y.ravel().tolist(),
    'losses': losses.tolist(), 'plateau_epochs': plateau_epochs,
    'epochs': epochs,
    'centre_logit': centre_logit,
    'grid_class1': (model.predict(np.stack(np.meshgrid(np.linspace(-0.5, 1.5, 81),
                                                       np.linspace(-0.5, 1.5, 81)), axis=-1).reshape(-1, 2))
                    .reshape(81, 81) > 0).tolist(),
    'layer_kinds': [type(layer).__name__ for layer in model.layers],
    'n_parameters': n_parameters, 'gradient_shapes': [list(s) for s in gradient_shapes],
    'hand_y': hand_y.tolist(), 'hand_dw': hand_layer.grads['weights'].tolist(),
    'hand_db': hand_layer.grads['bias'].tolist(), 'hand_dx': hand_dx.tolist(),
    'xavier_std': xavier_std, 'he_std': he_std, 'measured_spread': measured_spread,
}"""

PAGE = "chapters/neural-network-from-scratch.qmd"


def _markdown_outputs(cell_run):
    texts = []
    for output in cell_run.outputs:
        data = output.get("data", {})
        texts.append(data.get("text/markdown", "") + output.get("text", ""))
    return "".join(texts)


def test_figures_are_drawn_in_both_themes(run_page):
    run = run_page(PAGE, probe=PROBE)
    for figure in ("fig-init-depth", "fig-nn-xor-loss", "fig-nn-xor-boundary"):
        assert list(run.figure(figure).images) == ["light", "dark"], figure


def test_dense_shape_table(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    s, b, i, o = p["shapes"], p["batch"], p["n_in"], p["n_out"]
    assert (b, i, o) == (5, 3, 2)  # as the table's caption says
    assert s["input $x$"] == [b, i] and s["output $y$"] == [b, o]
    assert s[r"$\partial E/\partial W$"] == s["weights $W$"] == [i, o]
    assert s[r"$\partial E/\partial b$"] == s["bias $b$"] == [o]
    assert s[r"$\partial E/\partial x$"] == [b, i]
    assert "| array | shape |" in _markdown_outputs(run.cell("dense-shapes-table"))


def test_initialisation_figure_and_its_description(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    alt = run.figure("fig-init-depth").cell.options["fig-alt"]
    spreads = {name: np.array(values) for name, values in p["spreads"].items()}
    assert all(len(v) == p["depth"] == 20 for v in spreads.values()) and p["width"] == 100 and p["n_inputs"] == 200
    assert "1 to 20" in alt and "100-unit layers" in alt
    big = spreads["tanh, std-1 weights"]
    assert np.all((big > 9) & (big < 11)) and "flat near 10" in alt  # saturated: ~ sqrt(width)
    assert abs(big.mean() - math.sqrt(p["width"])) < 1
    assert p["tanh_slope_at_big"] == 1 - math.tanh(big[-1]) ** 2 < 1e-7
    xavier_tanh = spreads["tanh, Xavier"]
    assert abs(xavier_tanh[0] - 1) < 0.05 and np.all(np.diff(xavier_tanh) < 0.02)
    assert f"about {xavier_tanh[-1]:.2f} at layer 20" in alt
    relu_xavier = spreads["ReLU, Xavier"]
    slope = np.polyfit(np.arange(20), np.log2(relu_xavier), 1)[0]
    assert abs(slope + 0.5) < 0.1  # a factor sqrt(2) per layer: "halving every two layers"
    assert f"to about {relu_xavier[-1]:.3f}" in alt
    assert p["relu_xavier_ratio"] == relu_xavier[-1] / relu_xavier[0]
    he = spreads["ReLU, He"]
    assert p["he_low"] == he.min() and p["he_high"] == he.max()
    assert f"between about {he.min():.1f} and {he.max():.1f}" in alt
    assert abs(np.mean(np.log2(he)) - 0.5) < 0.3  # around sqrt(2)


def test_softmax_cross_entropy_and_the_pitfall(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    logits = torch.tensor(p["logits"], dtype=torch.float64, requires_grad=True)
    targets = torch.tensor(p["targets"], dtype=torch.float64)
    reference = torch.nn.functional.cross_entropy(logits, targets)
    reference.backward()
    assert abs(p["ce_value"] - reference.item()) < 1e-12 and abs(p["ce_by_hand"] - p["ce_value"]) < 1e-12
    per_sample = -torch.log_softmax(logits.detach(), dim=1)[[0, 1], [0, 2]]
    assert per_sample[1] > 10 * per_sample[0]  # "the second sample ... costs most of it"
    assert -(3 * math.log(0.9) + (1 - 3) * math.log(0.1)) < 0  # a target of 3: a negative "loss"
    np.testing.assert_allclose(p["ce_gradient"], logits.grad.numpy(), atol=1e-12)
    # the separate softmax + cross-entropy: clipped loss -ln(eps) and a zero gradient
    assert abs(p["separate_loss"] - (-math.log(np.finfo(float).eps))) < 1e-9
    assert np.all(np.array(p["separate_grad"]) == 0)
    assert p["fused_loss"] == 1600.0
    np.testing.assert_allclose(p["fused_grad"], [[1.0, 0.0, -1.0]])


def test_training_step_and_xor(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    assert p["loss_after"] < p["loss_before"]
    assert p["layer_kinds"] == ["Dense", "Tanh", "Dense"]
    assert p["final_accuracy"] == 1.0
    for prob, label in zip(p["probabilities"], p["labels"]):
        assert (prob < 0.1) if label == 0 else (prob > 0.9)
    losses = np.array(p["losses"])
    assert len(losses) == p["epochs"] == 500
    # the plateau near ln 2, then a steep fall with a shoulder near epoch 200
    plateau = p["plateau_epochs"]
    assert abs(losses[0] - math.log(2)) < 0.03 * math.log(2)
    assert np.all(losses[:plateau] >= 0.95 * losses[0]) and losses[plateau] < 0.95 * losses[0]
    alt = run.figure("fig-nn-xor-loss").cell.options["fig-alt"]
    assert f"first {round(plateau, -1)} epochs" in alt and f"about {losses[-1]:.3f} at epoch 500" in alt
    rate = -np.diff(np.log(losses))
    assert rate[190:210].mean() < 0.5 * rate[225:255].mean()  # the shoulder
    assert rate[225:255].mean() > 5 * rate[:plateau].mean()  # steep after the plateau

    # The regions as described, over the plotted square [-0.5, 1.5]^2 (row = x2, column = x1):
    # two separate class-1 pieces, each holding one class-1 corner; one class-0 piece holding
    # both class-0 corners and the centre.
    grid = np.array(p["grid_class1"])
    ones, n_ones = ndimage.label(grid)
    zeros, n_zeros = ndimage.label(~grid)
    assert n_ones == 2 and n_zeros == 1

    def cell(x1, x2):  # grid index of a point of the square (spacing 0.025)
        return round((x2 + 0.5) / 0.025), round((x1 + 0.5) / 0.025)

    assert {ones[cell(0, 1)], ones[cell(1, 0)]} == {1, 2}
    assert zeros[cell(0, 0)] == zeros[cell(1, 1)] == zeros[cell(0.5, 0.5)] == 1
    assert p["centre_logit"] < 0


def test_exercise_solutions(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    assert p["n_parameters"] == 64 * 32 + 32 + 32 * 10 + 10 == 2410
    assert p["gradient_shapes"] == [[64, 32], [32, 10]]
    w, b, x, g = np.array([[1.0, -1.0], [2.0, 0.5]]), np.array([0.0, 1.0]), np.array([3.0, -2.0]), np.array([1.0, 2.0])
    np.testing.assert_allclose(p["hand_y"], [x @ w + b])
    np.testing.assert_allclose(p["hand_dw"], np.outer(x, g))
    np.testing.assert_allclose(p["hand_db"], g)
    np.testing.assert_allclose(p["hand_dx"], [g @ w.T])
    assert p["hand_y"] == [[-1.0, -3.0]] and p["hand_dx"] == [[-1.0, 3.0]]  # as the solution's prose says
    assert abs(p["xavier_std"] - math.sqrt(2 / 1040)) < 1e-15 and abs(p["he_std"] - math.sqrt(2 / 784)) < 1e-15
    assert abs(p["measured_spread"]["xavier"] - math.sqrt(784 * 2 / 1040)) < 0.02
    assert abs(p["measured_spread"]["he"] - math.sqrt(2)) < 0.02


def test_page_shows_real_library_source(run_page):
    run = run_page(PAGE, probe=PROBE)
    shown = "".join(_markdown_outputs(c) for c in run.cells)
    for snippet in ("class Layer", "class Dense(Layer)", "self._x.T @ grad", "grad.sum(axis=0)",
                    "class Tanh(", "class ReLU(", "def init_std", "class MeanSquaredError"):
        assert snippet in shown, snippet
