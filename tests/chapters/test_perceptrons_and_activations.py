"""Claims of chapters/perceptrons-and-activations.qmd, read from the executed page."""

import itertools
import math

import numpy as np
import pytest
from sklearn.linear_model import Perceptron

PAGE = "chapters/perceptrons-and-activations.qmd"

PROBE = """{
    'gates': gates, 'epochs': epochs,
    'mistakes': {g: runs[g].mistakes_per_epoch.tolist() for g in gates},
    'weights': {g: runs[g].weights.tolist() + [runs[g].bias] for g in gates},
    'separable': separable, 'separable_text': separable_text,
    'first_clean': first_clean, 'updates': updates,
    'xor_history': xor_history.tolist(), 'xor_back_to_zero': xor_back_to_zero,
    'bounds': bounds, 'margins': {g: list(v) for g, v in margins.items()}, 'bound_holds': bound_holds,
    'slow_mistakes': slow_run.mistakes_per_epoch.tolist(), 'slow_weights': slow_run.weights.tolist() + [slow_run.bias],
    'same_mistakes_any_lr': same_mistakes_any_lr,
    'tenth_first_clean': tenth_run.first_clean_epoch, 'tenth_updates': tenth_run.n_updates,
    'w1': w1.tolist(), 'errors': {k: v.tolist() for k, v in errors.items()},
    'outputs': {k: np.asarray(v).tolist() for k, v in outputs.items()},
    'flat_share': flat_share, 'smooth_share': smooth_share, 'step_error_levels': step_error_levels,
    'z': z.tolist(), 'softmax_is_sigmoid': softmax_is_sigmoid, 'tanh_from_sigmoid': tanh_from_sigmoid,
    'ranges': ranges, 'peak_slopes': peak_slopes, 'jacobian': jacobian.tolist(),
    'jacobian_column_sums': jacobian_column_sums,
    'wrong_is_mirror': wrong_is_mirror, 'opposite_everywhere': opposite_everywhere,
    'x_plane': x_plane.tolist(), 'y_rings': y_rings.tolist(),
    'plane_separable': plane_separable, 'polar_separable': polar_separable, 'ring_epochs': ring_epochs,
    'plane_mistakes': plane_run.mistakes_per_epoch.tolist(),
    'polar_first_clean': polar_run.first_clean_epoch, 'polar_updates': polar_run.n_updates,
    'polar_weights': polar_run.weights.tolist(), 'polar_bias': polar_run.bias, 'polar_bound': polar_bound,
    'xor_lifted_separable': xor_lifted_separable,
    'gamma_bipolar': gamma_bipolar, 'radius_bipolar': radius_bipolar, 'bound_bipolar': bound_bipolar,
    'bipolar_updates': bipolar_run.n_updates, 'bipolar_first_clean': bipolar_run.first_clean_epoch,
    'z_dead': z_dead.tolist(), 'dead_outputs': dead_outputs.tolist(), 'dead_gradients': dead_gradients.tolist(),
    'n_learnable': n_learnable, 'not_learnable': not_learnable, 'lp_says': lp_says, 'rule_converges': rule_converges,
}"""

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
TABLES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}


@pytest.fixture(scope="module")
def p(run_page):
    return run_page(PAGE, probe=PROBE).probe


@pytest.fixture(scope="module")
def run(run_page):
    return run_page(PAGE, probe=PROBE)


def test_gates_match_scikit_learn_perceptron(p):
    for gate in p["gates"]:
        y = np.array(TABLES[gate])
        sk = Perceptron(shuffle=False, eta0=1.0, alpha=0.0, tol=None, max_iter=p["epochs"]).fit(CORNERS, y)
        np.testing.assert_array_equal(p["weights"][gate], np.append(sk.coef_[0], sk.intercept_))


def test_three_gates_converge_and_xor_cycles(p, run):
    assert p["separable"] == {"AND": True, "OR": True, "NAND": True, "XOR": False}
    assert p["separable_text"]["XOR"] == "no"
    assert p["first_clean"] == {"AND": 9, "OR": 6, "NAND": 9, "XOR": None}
    for gate in ("AND", "OR", "NAND"):
        after = p["mistakes"][gate][p["first_clean"][gate] - 1:]
        assert all(m == 0 for m in after)                   # nothing changes after a clean epoch
    assert p["mistakes"]["AND"] == p["mistakes"]["NAND"]    # the caption: the curves coincide
    assert max(p["mistakes"]["AND"][:8]) == 3 and min(p["mistakes"]["AND"][:8]) == 1
    assert p["mistakes"]["XOR"] == [4] * 20                  # every epoch, all four corners
    assert p["xor_back_to_zero"] and np.all(np.array(p["xor_history"]) == 0)
    alt = run.figure("fig-gate-mistakes").cell.options["fig-alt"]
    assert "epochs 1 to 20" in alt and "from epoch 9 on" in alt and "reaches 0 at epoch 6" in alt
    assert "flat at 4 mistakes" in alt and "between 1 and 3 mistakes for eight epochs" in alt


def test_convergence_bound_and_margins(p):
    # AND/NAND: v = (2, 2, -3) up to sign, |v|^2 = 17; OR: v = (2, 2, -1), |v|^2 = 9; R = sqrt(3).
    assert p["margins"]["AND"][0] == pytest.approx(1 / math.sqrt(17), abs=1e-7)
    assert p["margins"]["NAND"][0] == pytest.approx(1 / math.sqrt(17), abs=1e-7)
    assert p["margins"]["OR"][0] == pytest.approx(1 / 3, abs=1e-7)
    for gate in ("AND", "OR", "NAND"):
        assert p["margins"][gate][1] == pytest.approx(math.sqrt(3))
    assert p["bounds"]["AND"] == pytest.approx(51, abs=1e-5) and p["bounds"]["OR"] == pytest.approx(27, abs=1e-5)
    assert p["updates"] == {"AND": 18, "OR": 9, "NAND": 18, "XOR": 80}
    assert p["bound_holds"] and all(p["updates"][g] <= p["bounds"][g] for g in p["bounds"])
    # "loose by a factor of about three"
    assert 2.5 < p["bounds"]["AND"] / p["updates"]["AND"] < 3.5
    # Independent margin: the best minimum margin over 200,000 random unit directions.
    directions = np.random.default_rng(0).normal(size=(200_000, 3))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    extended = np.hstack([CORNERS, np.ones((4, 1))])
    signs = 2 * np.array(TABLES["AND"]) - 1
    brute = (signs[:, None] * (extended @ directions.T)).min(axis=0).max()
    assert brute <= p["margins"]["AND"][0] + 1e-9 and brute > p["margins"]["AND"][0] - 0.01
    # The learning rate only scales the weights.
    assert p["same_mistakes_any_lr"] and p["slow_mistakes"] == p["mistakes"]["AND"]
    np.testing.assert_allclose(p["slow_weights"], 0.25 * np.array(p["weights"]["AND"]))
    # With 0.1 rounding breaks an exact tie and the run differs, still within the bound.
    assert p["tenth_first_clean"] != p["first_clean"]["AND"] and p["tenth_updates"] <= p["bounds"]["AND"]
    x, y = CORNERS, np.array(TABLES["AND"])
    sk = Perceptron(shuffle=False, eta0=0.1, alpha=0.0, tol=None, max_iter=20).fit(x, y)
    assert np.all(sk.predict(x) == y)


def test_step_versus_sigmoid(p, run):
    w1 = np.array(p["w1"])
    step_err, sig_err = np.array(p["errors"]["step"]), np.array(p["errors"]["sigmoid"])
    # Independent recomputation on the AND inputs with w2 = 1, b = -1.5.
    z = w1[:, None] * CORNERS[:, 0] + CORNERS[:, 1] - 1.5
    y = np.array(TABLES["AND"])
    np.testing.assert_allclose(step_err, (((z > 0).astype(float) - y) ** 2).sum(axis=1))
    np.testing.assert_allclose(sig_err, ((1 / (1 + np.exp(-z)) - y) ** 2).sum(axis=1))
    assert p["step_error_levels"] == [0.0, 1.0]
    jumps = w1[1:][np.diff(step_err) != 0]
    assert np.allclose(jumps, [0.51, 1.51])      # first grid points past 0.5 and 1.5
    assert f"{p['flat_share']:.1%}" == "99.7%"
    assert p["smooth_share"] == 1.0
    # The sigmoid's error has one lowest point inside the sweep; its slope is nonzero elsewhere.
    assert 0 < np.argmin(sig_err) < w1.size - 1
    out_step = np.array(p["outputs"]["step"])
    assert np.all(out_step[w1 <= 0.5] == 0) and np.all(out_step[w1 > 0.5] == 1)
    alt = run.figure("fig-step-vs-sigmoid").cell.options["fig-alt"]
    assert "jumps to 1" in alt and "0 up to w1 = 0.5" in alt and "jumps at 0.5 and 1.5" in alt
    assert "1, 0 and 1" in alt
    assert step_err[0] == 1 and step_err[w1.size // 2 + 75] == 0 and step_err[-1] == 1


def test_activation_facts(p, run):
    z = np.array(p["z"])
    assert z.min() == -5 and z.max() == 5
    assert p["softmax_is_sigmoid"] < 1e-15 and p["tanh_from_sigmoid"] < 1e-15
    s = 1 / (1 + np.exp(-z))
    assert p["ranges"]["sigmoid"] == pytest.approx((s.min(), s.max()))
    assert p["ranges"]["tanh"] == pytest.approx((np.tanh(-5), np.tanh(5)))
    assert p["ranges"]["ReLU"] == [0.0, 5.0]
    assert 0 < p["ranges"]["sigmoid"][0] and p["ranges"]["sigmoid"][1] < 1
    assert -1 < p["ranges"]["tanh"][0] and p["ranges"]["tanh"][1] < 1
    assert p["peak_slopes"]["sigmoid"] == pytest.approx(0.25) and p["peak_slopes"]["tanh"] == pytest.approx(1.0)
    # The softmax Jacobian, by finite differences.
    scores = np.array([2.0, 1.0, 0.1])

    def softmax(v):
        e = np.exp(v - v.max())
        return e / e.sum()

    h = 1e-6
    numeric = np.column_stack([(softmax(scores + h * e) - softmax(scores - h * e)) / (2 * h) for e in np.eye(3)])
    np.testing.assert_allclose(p["jacobian"], numeric, atol=1e-9)
    assert p["jacobian_column_sums"] < 1e-15
    alt = run.figure("fig-activations").cell.options["fig-alt"]
    assert "peaking at 0.25" in alt and "peaking at 1" in alt and "crossing at 0.5" in alt


def test_sigmoid_sign_pitfall(p, run):
    assert p["wrong_is_mirror"] < 1e-15 and p["opposite_everywhere"]
    # For one neuron, the sign-error forward pass with the y(1 - y) backward pass gives exactly
    # minus the true gradient of the squared error.
    rng = np.random.default_rng(1)
    x, y = CORNERS, np.array(TABLES["AND"])
    w, b = rng.normal(size=2), rng.normal()

    def error(w, b):
        out = 1 / (1 + np.exp(x @ w + b))
        return ((out - y) ** 2).sum()

    out = 1 / (1 + np.exp(x @ w + b))
    formula = 2 * (out - y) * out * (1 - out)
    claimed = np.append(x.T @ formula, formula.sum())
    h = 1e-6
    true = np.array([(error(w + h * e, b) - error(w - h * e, b)) / (2 * h) for e in np.eye(2)]
                    + [(error(w, b + h) - error(w, b - h)) / (2 * h)])
    np.testing.assert_allclose(claimed, -true, rtol=1e-6)
    alt = run.figure("fig-sigmoid-sign").cell.options["fig-alt"]
    assert "cross at 0.5 at z = 0" in alt


def test_feature_map(p, run):
    x = np.array(p["x_plane"])
    y = np.array(p["y_rings"])
    assert x.shape == (200, 2) and np.bincount(y).tolist() == [100, 100]
    r = np.hypot(x[:, 0], x[:, 1])
    assert r[y == 1].max() <= 1.0 and 1.5 <= r[y == 0].min() and r[y == 0].max() <= 2.5
    assert not p["plane_separable"] and p["polar_separable"]
    mistakes = np.array(p["plane_mistakes"])
    assert mistakes.size == p["ring_epochs"] == 50 and mistakes.min() == 5 and mistakes.max() == 12
    assert p["polar_first_clean"] == 7 and p["polar_updates"] == 30
    assert p["polar_updates"] <= p["polar_bound"] and round(p["polar_bound"]) == 623
    # The learned polar line separates, and is nearly vertical (r almost alone decides).
    theta = np.arctan2(x[:, 1], x[:, 0])
    score = np.column_stack([r, theta]) @ np.array(p["polar_weights"]) + p["polar_bias"]
    assert np.all((score > 0) == (y == 1))
    w_r, w_theta = p["polar_weights"]
    assert abs(w_theta) < 0.01 * abs(w_r)
    # scikit-learn's perceptron, unshuffled, learns the same weights on the polar features.
    sk = Perceptron(shuffle=False, eta0=1.0, alpha=0.0, tol=None, max_iter=50).fit(np.column_stack([r, theta]), y)
    np.testing.assert_allclose(np.append(sk.coef_[0], sk.intercept_), p["polar_weights"] + [p["polar_bias"]])
    assert p["xor_lifted_separable"]
    alt = run.figure("fig-feature-map").cell.options["fig-alt"]
    assert "same 200 points" in alt and "disk of radius 1" in alt and "ring from radius 1.5 to 2.5" in alt


def test_exercise_solutions(p):
    # Bipolar AND: v = (1, 1, -1), gamma = 1/sqrt(3), R = sqrt(3), bound 9.
    assert p["gamma_bipolar"] == pytest.approx(1 / math.sqrt(3), abs=1e-7)
    assert p["radius_bipolar"] == pytest.approx(math.sqrt(3))
    assert p["bound_bipolar"] == pytest.approx(9, abs=1e-5)
    assert p["bipolar_updates"] == 1 and p["bipolar_first_clean"] == 2
    # Dead ReLU: all pre-activations negative, outputs and gradients zero.
    assert p["z_dead"] == [-0.5, -1.5, -1.5, -2.5]
    assert p["dead_outputs"] == [0.0] * 4 and p["dead_gradients"] == [0.0] * 4
    # Sixteen functions: all but XOR and XNOR are separable, and the rule converges exactly on those.
    assert p["n_learnable"] == 14 and p["lp_says"] == p["rule_converges"]
    assert p["not_learnable"] == [[0, 1, 1, 0], [1, 0, 0, 1]]
    for bits in itertools.product([0, 1], repeat=4):
        if list(bits) in p["not_learnable"]:
            continue
        sk = Perceptron(shuffle=False, eta0=1.0, alpha=0.0, tol=None, max_iter=50).fit(CORNERS, np.array(bits)) \
            if len(set(bits)) == 2 else None
        if sk is not None:
            assert np.all(sk.predict(CORNERS) == np.array(bits))
