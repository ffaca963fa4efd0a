"""Claims of chapters/backpropagation.qmd, read from the executed page."""

import numpy as np

PROBE = """{
    'forward': [np.asarray(a).tolist() for a in forward],
    'backward': [np.asarray(a).tolist() for a in backward],
    't': t.tolist(),
    'error': float(error),
    'w1': layers[0].params['weights'].tolist(),
    'w2': layers[2].params['weights'].tolist(),
    'grad_w1': layers[0].grads['weights'].tolist(),
    'grad_b1': layers[0].grads['bias'].tolist(),
    'grad_w2': layers[2].grads['weights'].tolist(),
    'grad_b2': layers[2].grads['bias'].tolist(),
    'dz2_by_hand': float(dz2_by_hand),
    'dz2_library': float(dz2_library),
    'forward_slope': forward_slope,
    'central_slope': central_slope,
    'roundoff_slope': roundoff_slope,
    'best_forward_h': float(best_forward_h), 'best_forward_err': float(best_forward_err),
    'best_central_h': float(best_central_h), 'best_central_err': float(best_central_err),
    'library_err': library_err,
    'gradcheck': gradcheck,
    'bound': bound,
    'worst': float(worst),
    'buggy_err': float(buggy_err),
    'network_err': network_err,
}"""


def test_backpropagation_claims(run_page):
    run = run_page("chapters/backpropagation.qmd", probe=PROBE)
    p = run.probe
    assert len(run.cell("fig-fd-error").figures) == 1
    for label in ("tbl-forward", "tbl-backward", "tbl-gradcheck"):
        assert "|:--|" in "".join(o.get("text", "") for o in run.cell(label).outputs), label

    # The worked example follows the chain rule as written on the page.
    x, z1, h, z2, y_hat = (np.array(a) for a in p["forward"])
    d_yhat, d_z2, d_h, d_z1, d_x = (np.array(a) for a in p["backward"])
    t = np.array(p["t"])
    w1, w2 = np.array(p["w1"]), np.array(p["w2"])
    assert x.shape == (1, 2) and z1.shape == h.shape == (1, 3) and y_hat.shape == (1, 1)
    np.testing.assert_allclose(h, 1 / (1 + np.exp(-z1)))
    np.testing.assert_allclose(p["error"], ((y_hat - t) ** 2).item())
    np.testing.assert_allclose(d_yhat, 2 * (y_hat - t))
    np.testing.assert_allclose(d_z2, d_yhat * y_hat * (1 - y_hat))
    np.testing.assert_allclose(d_h, d_z2 @ w2.T)
    np.testing.assert_allclose(d_z1, d_h * h * (1 - h))
    np.testing.assert_allclose(d_x, d_z1 @ w1.T)
    np.testing.assert_allclose(p["grad_w2"], h.T @ d_z2)
    np.testing.assert_allclose(p["grad_b2"], d_z2.sum(axis=0))
    np.testing.assert_allclose(p["grad_w1"], x.T @ d_z1)
    np.testing.assert_allclose(p["grad_b1"], d_z1.sum(axis=0))
    assert abs(p["dz2_by_hand"] - p["dz2_library"]) <= 1e-12 * abs(p["dz2_library"])

    # Finite differences: orders 1 and 2, round-off slope -1, optima near sqrt(eps) and eps^(1/3).
    assert abs(p["forward_slope"] - 1) < 0.05
    assert abs(p["central_slope"] - 2) < 0.05
    assert abs(p["roundoff_slope"] + 1) < 0.1
    assert 1e-9 <= p["best_forward_h"] <= 1e-7
    assert 1e-6 <= p["best_central_h"] <= 1e-4
    assert p["best_central_err"] < p["best_forward_err"] / 100
    assert p["library_err"] < 1e-9

    # The gradient-check table: every layer and loss the brief lists, all below the stated bound.
    gradcheck = p["gradcheck"]
    names = " ".join(gradcheck)
    for required in ("Dense", "Sigmoid", "Tanh", "ReLU", "Softmax", "Conv2D", "MaxPool2D", "Flatten",
                     "MeanSquaredError", "BinaryCrossEntropy", "BinaryCrossEntropy(from_logits=True)",
                     "CategoricalCrossEntropy", "CategoricalCrossEntropy(from_logits=True)"):
        assert required in names, required
    dense = next(v for k, v in gradcheck.items() if k.startswith("Dense"))
    conv = next(v for k, v in gradcheck.items() if k.startswith("Conv2D"))
    assert set(dense) == set(conv) == {"input", "weights", "bias"}
    assert p["bound"] == 1e-8
    errors = [err for per_layer in gradcheck.values() for err in per_layer.values()]
    assert len(errors) == 17
    assert max(errors) == p["worst"] < p["bound"]

    # A real bug is caught by orders of magnitude; the whole network's gradients pass.
    assert p["buggy_err"] > 0.1
    assert set(p["network_err"]) == {"W1", "W2"}
    assert max(p["network_err"].values()) < p["bound"]
