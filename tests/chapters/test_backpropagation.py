"""Claims of chapters/backpropagation.qmd, read from the executed page."""

import math
import re

import numpy as np
import torch

PROBE = """{
    'forward': [np.asarray(a).tolist() for a in forward],
    'backward': [np.asarray(a).tolist() for a in backward],
    't': t.tolist(),
    'error': float(error),
    'w1': layers[0].params['weights'].tolist(), 'b1': layers[0].params['bias'].tolist(),
    'w2': layers[2].params['weights'].tolist(), 'b2': layers[2].params['bias'].tolist(),
    'grad_w1': layers[0].grads['weights'].tolist(),
    'grad_b1': layers[0].grads['bias'].tolist(),
    'grad_w2': layers[2].grads['weights'].tolist(),
    'grad_b2': layers[2].grads['bias'].tolist(),
    'dz2_by_hand': float(dz2_by_hand),
    'dz2_library': float(dz2_library),
    'sigmoid_factors': sigmoid_factors.tolist(), 'shrink_through_sigmoid': float(shrink_through_sigmoid),
    'gradient_norms': {name: norms.tolist() for name, norms in gradient_norms.items()},
    'sigmoid_factor': sigmoid_factor, 'first_to_last': {k: float(v) for k, v in first_to_last.items()},
    'sigmoid_span': sigmoid_span,
    'costs': [[c.forward, c.backward, c.values] for c in costs],
    'forward_total': forward_total, 'backward_total': backward_total, 'elementwise_total': elementwise_total,
    'lean_backward': lean_backward, 'mlp_parameters': mlp.n_parameters(),
    'pixels_shape': list(pixels.shape), 'points': points.tolist(), 'steps_range': [float(steps[0]), float(steps[-1])],
    'exact_slope': exact_slope, 'undivided': undivided, 'divided': divided, 'h': h, 'at': at,
    'forward_slope': forward_slope,
    'central_slope': central_slope,
    'roundoff_slope': roundoff_slope,
    'best_forward_h': float(best_forward_h), 'best_forward_err': float(best_forward_err),
    'best_central_h': float(best_central_h), 'best_central_err': float(best_central_err),
    'library_err': library_err,
    'gradcheck': gradcheck,
    'bound': bound,
    'worst': float(worst),
    'buggy_err': float(buggy_err), 'correct_err': float(correct_err),
    'network_err': network_err,
    'dw1_library': dw1_library, 'dw1_numeric': dw1_numeric,
    'wide_forward': wide_forward, 'wide_backward': wide_backward, 'wide_lean': wide_lean,
    'predicted_errors': [float(v) for v in predicted_errors], 'measured_errors': [float(v) for v in measured_errors],
}"""

PAGE = "chapters/backpropagation.qmd"


def _table(run, label):
    return "".join(o.get("text", "") + o.get("data", {}).get("text/markdown", "") for o in run.cell(label).outputs)


def test_worked_example_follows_the_chain_rule_and_matches_torch(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    for label in ("forward-table", "backward-table", "gradcheck-table", "cost-table"):
        assert "|:--|" in _table(run, label), label
    x, z1, a, z2, y_hat = (np.array(v) for v in p["forward"])
    d_yhat, d_z2, d_a, d_z1, d_x = (np.array(v) for v in p["backward"])
    t = np.array(p["t"])
    w1, w2 = np.array(p["w1"]), np.array(p["w2"])
    assert x.shape == (1, 2) and z1.shape == a.shape == (1, 3) and y_hat.shape == (1, 1)
    np.testing.assert_allclose(a, 1 / (1 + np.exp(-z1)))
    np.testing.assert_allclose(p["error"], ((y_hat - t) ** 2).item())
    np.testing.assert_allclose(d_yhat, 2 * (y_hat - t))
    np.testing.assert_allclose(d_z2, d_yhat * y_hat * (1 - y_hat))
    np.testing.assert_allclose(d_a, d_z2 @ w2.T)
    np.testing.assert_allclose(d_z1, d_a * a * (1 - a))
    np.testing.assert_allclose(d_x, d_z1 @ w1.T)
    assert abs(p["dz2_by_hand"] - p["dz2_library"]) <= 1e-12 * abs(p["dz2_library"])
    # the same network in PyTorch, differentiated by autograd
    tensors = {k: torch.tensor(p[k], dtype=torch.float64, requires_grad=True) for k in ("w1", "b1", "w2", "b2")}
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    out = torch.sigmoid(torch.sigmoid(xt @ tensors["w1"] + tensors["b1"]) @ tensors["w2"] + tensors["b2"])
    ((out - torch.tensor(t)) ** 2).sum().backward()
    for key in ("w1", "b1", "w2", "b2"):
        np.testing.assert_allclose(p[f"grad_{key}"], tensors[key].grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(d_x, xt.grad.numpy(), rtol=1e-12)
    # the shrinking through the hidden sigmoid, as the prose states
    np.testing.assert_allclose(p["sigmoid_factors"], a * (1 - a))
    assert np.all(np.array(p["sigmoid_factors"]) <= 0.25)
    assert p["shrink_through_sigmoid"] == np.abs(d_z1).max() / np.abs(d_a).max() < 0.25


def test_vanishing_gradients(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    norms = {name: np.array(v) for name, v in p["gradient_norms"].items()}
    sigmoid, tanh, relu = norms["sigmoid, Xavier"], norms["tanh, Xavier"], norms["ReLU, He"]
    assert len(sigmoid) == len(tanh) == len(relu) == 11  # 10 hidden layers and the output layer
    assert p["pixels_shape"] == [200, 64]  # "200 digits", their 64 pixels
    assert np.all(np.diff(sigmoid) > 0)  # rising layer by layer towards the output
    assert 3.5 < p["sigmoid_factor"] < 5  # "a factor of about 4 per layer"
    assert p["sigmoid_span"] == float(f"{sigmoid[-1] / sigmoid[0]:.2g}") > 1e5
    alt = run.figure("fig-vanishing").cell.options["fig-alt"]
    assert f"about {sigmoid[0]:.0e}".replace("e-0", "e-") in alt and f"about {sigmoid[-1]:.1f} at layer 11" in alt
    assert f"between about {tanh.min():.2f} and {tanh.max():.2f}" in alt
    assert f"between about {relu.min():.1f} and {relu.max():.1f}" in alt
    assert p["first_to_last"]["tanh, Xavier"] < 3 and p["first_to_last"]["ReLU, He"] < 3
    assert list(run.figure("fig-vanishing").images) == ["light", "dark"]


def test_cost_counts(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    batch = 32
    expected = [[batch * 64 * 32, 2 * batch * 64 * 32, batch * 32], [0, 0, batch * 32],
                [batch * 32 * 10, 2 * batch * 32 * 10, batch * 10]]
    assert p["costs"] == expected
    assert p["backward_total"] == 2 * p["forward_total"]
    assert p["elementwise_total"] == batch * (32 + 32 + 10)
    assert p["lean_backward"] == p["backward_total"] - batch * 64 * 32
    assert p["mlp_parameters"] == 2410


def test_finite_differences(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    sigma = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    assert abs(p["exact_slope"] - sigma(0.5) * (1 - sigma(0.5))) < 1e-15
    # the pitfall: the undivided difference is about h times the derivative
    assert abs(p["undivided"] / p["h"] - p["exact_slope"]) < 1e-6 and p["divided"] == p["undivided"] / p["h"]
    assert abs(p["forward_slope"] - 1) < 0.05
    assert abs(p["central_slope"] - 2) < 0.05
    assert abs(p["roundoff_slope"] + 1) < 0.1
    assert 1e-9 <= p["best_forward_h"] <= 1e-7
    assert 1e-6 <= p["best_central_h"] <= 1e-4
    assert p["best_central_err"] < p["best_forward_err"] / 100
    assert p["library_err"] < 1e-9
    np.testing.assert_allclose(p["points"], np.linspace(-2, 2, 41))  # "41 points in [-2, 2]"
    np.testing.assert_allclose(p["steps_range"], [1e-14, 1e-1])
    alt = run.figure("fig-fd-error").cell.options["fig-alt"]
    assert f"near h = {p['best_forward_h']:.0e} at a relative error of about {p['best_forward_err']:.0e}".replace(
        "e-0", "e-") in alt
    assert f"near h = {p['best_central_h']:.0e} at about {p['best_central_err']:.0e}".replace("e-0", "e-") in alt


def test_gradient_check_table_and_pitfall(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    gradcheck = p["gradcheck"]
    assert set(gradcheck) == {"Dense(4, 3)", "Sigmoid", "Tanh", "ReLU", "Softmax", "MeanSquaredError",
                              "BinaryCrossEntropy", "BinaryCrossEntropy(from_logits=True)",
                              "CategoricalCrossEntropy", "CategoricalCrossEntropy(from_logits=True)"}
    assert set(gradcheck["Dense(4, 3)"]) == {"input", "weights", "bias"}
    assert p["bound"] == 1e-8
    errors = [err for per_layer in gradcheck.values() for err in per_layer.values()]
    assert len(errors) == 12
    assert max(errors) == p["worst"] < p["bound"]
    assert p["buggy_err"] > 0.1 and p["correct_err"] < p["bound"]
    assert set(p["network_err"]) == {"W1", "W2"}
    assert max(p["network_err"].values()) < p["bound"]


def test_exercise_solutions(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    # z = 0.5 * 2 - 1 = 0, a = 1/2, y = 1.5: dE/dw1 = 2 (1.5 - 1) * 3 * 1/4 * 2 = 1.5
    assert abs(p["dw1_library"] - 1.5) < 1e-12 and abs(p["dw1_numeric"] - 1.5) < 1e-8
    forward = 64 * (784 * 100 + 100 * 10)
    assert p["wide_forward"] == forward and p["wide_backward"] == 2 * forward
    assert p["wide_lean"] == 2 * forward - 64 * 784 * 100
    predicted, measured = p["predicted_errors"], p["measured_errors"]
    assert predicted[0] == -1e-3 / 2 * math.sin(1.0) and predicted[1] == -1e-6 / 6 * math.cos(1.0)
    assert abs(measured[0] - predicted[0]) < 2e-3 * abs(predicted[0])
    assert abs(measured[1] - predicted[1]) < 1e-3 * abs(predicted[1])


def test_prose_says_twice_the_forward_pass(project_root):
    text = (project_root / PAGE).read_text(encoding="utf-8")
    assert "about twice the forward one" in text and "small multiple" not in text
    assert "about the cost of one extra" not in text
    assert re.search(r"about three for backpropagation", text)
