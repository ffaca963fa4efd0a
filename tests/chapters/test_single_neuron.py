"""Claims of chapters/single-neuron.qmd, read from the executed page."""

import math

import numpy as np
from scipy.optimize import minimize

PROBE = """{
    'x': x.tolist(), 'targets': targets.tolist(),
    'z0': z0, 'p0': p0, 'right': right, 'wrong': wrong, 'slope': slope,
    'initial_error': initial_error, 'final_error': final_error,
    'curve': original.cumulative_error.tolist(),
    'constant_error': constant_error, 'best_error': best_error, 'n_starts': n_starts,
    'best_weights': best_neuron.weights.tolist(), 'best_bias': best_neuron.bias,
    'n_points': n_points, 'n_seeds': n_seeds,
    'final': {k: v.tolist() for k, v in final.items()},
    'median_final': median_final, 'mean_final': mean_final, 'median_jitter': median_jitter,
    'below_constant': below_constant, 'advice_higher': advice_higher,
    'saturated': saturated.tolist(), 'start_outputs': start_outputs.tolist(),
    'start_errors': start_errors, 'factor_max': float(factor.max()), 'factor_mean': float(factor.mean()),
    'long_steps': long_steps,
    'steps_below_squared': steps_below_squared, 'steps_below_cross_entropy': steps_below_cross_entropy,
    'final_squared': final_squared, 'final_cross_entropy': final_cross_entropy, 'never_squared': never_squared,
    'trained_correct': trained_correct, 'best_neuron_correct': best_neuron_correct,
    'best_outputs': best_outputs.tolist(), 'fewest_errors': fewest_errors,
    'best_line_correct': best_line_correct, 'best_run_correct': best_run_correct,
    'trained_weights': original.neuron.weights.tolist(), 'trained_bias': original.neuron.bias,
    'start_weights': start.weights.tolist(), 'start_bias': start.bias,
    'hand_p': hand_p, 'hand_squared': float(hand_squared), 'hand_cross_entropy': float(hand_cross_entropy),
    'ratio_to_middle': ratio_to_middle, 'ratio_to_cross_entropy': ratio_to_cross_entropy,
    'six_errors': six_errors, 'without_left': without_left, 'without_right': without_right,
}"""

PAGE = "chapters/single-neuron.qmd"
TUTORIAL, ADVICE, LONG = "0.01 × 1000", "0.001 × 3000", "0.001 × 10000"


def _sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def _probe(run_page):
    return run_page(PAGE, probe=PROBE).probe


def test_pitfall_derivative_fed_z_has_the_wrong_sign(run_page):
    p = _probe(run_page)
    x0, t0 = p["x"][0], p["targets"][0]
    w, b = p["start_weights"], p["start_bias"]
    z = w[0] * x0[0] + w[1] * x0[1] + b
    prob = _sigmoid(z)
    assert p["z0"] == z and abs(p["p0"] - prob) < 1e-15
    assert abs(p["right"] - 2 * (prob - t0) * prob * (1 - prob) * x0[0]) < 1e-12
    assert abs(p["slope"] - p["right"]) < 1e-7
    assert p["wrong"] * p["right"] < 0  # the page: "the opposite sign"


def test_tutorial_run_ends_close_to_the_best_single_neuron(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    x, t = np.array(p["x"]), np.array(p["targets"])
    # The best error, checked independently: many more starts, a different method.
    def error(params):
        q = 1 / (1 + np.exp(-np.clip(x @ params[:2] + params[2], -500, 500)))
        return float(np.sum((q - t) ** 2))
    rng = np.random.default_rng(12345)
    independent = min(minimize(error, rng.normal(size=3) * 2, method="Nelder-Mead",
                                options={"xatol": 1e-10, "fatol": 1e-12, "maxiter": 4000}).fun for _ in range(60))
    assert abs(independent - p["best_error"]) < 1e-6
    assert abs(error(np.array(p["best_weights"] + [p["best_bias"]])) - p["best_error"]) < 1e-12
    # As the weights grow without bound the neuron becomes a threshold, which costs at least
    # 1 per misclassified point: at least the fewest line errors, 2, more than the best found.
    assert p["best_error"] < p["fewest_errors"]
    assert p["constant_error"] == 2.0
    assert p["best_error"] < p["final_error"] < p["constant_error"] < p["initial_error"]
    assert p["final_error"] - p["best_error"] < 0.05  # "close to it"
    # Alt text: start, steep fall over the first 300 steps, end, the two reference lines.
    alt = run.figure("fig-tutorial-run").cell.options["fig-alt"]
    curve = p["curve"]
    assert f"starts at {curve[0]:.2f}" in alt and f"ends at {curve[-1]:.2f}" in alt
    assert f"dotted line at the best possible {p['best_error']:.2f}" in alt
    assert curve[3] < p["constant_error"] and (curve[0] - curve[3]) > 0.9 * (curve[0] - curve[-1])
    assert "0 to 1000" in alt and len(curve) == 11


def test_schedules_medians_and_what_the_mean_hides(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    final = {k: np.array(v) for k, v in p["final"].items()}
    assert p["n_seeds"] == 20 and all(v.size == 20 for v in final.values())
    for name, values in final.items():
        assert abs(p["median_final"][name] - np.median(values)) < 1e-12
        assert abs(p["mean_final"][name] - values.mean()) < 1e-12
        assert p["below_constant"][name] == int(np.sum(values < 2.0))
        # "Every median sits above the constant answer's 2, and the means higher still."
        assert p["constant_error"] < p["median_final"][name] < p["mean_final"][name]
    # The advice: noisier curves become smoother (by the rounded factor quoted) ...
    assert p["median_jitter"][TUTORIAL] / p["median_jitter"][ADVICE] > 3
    assert p["median_jitter"][LONG] < p["median_jitter"][TUTORIAL] / 3
    # ... but 3x the steps at 1/10 the rate ends higher, in every run here ...
    assert p["advice_higher"] == int(np.sum(final[ADVICE] > final[TUTORIAL])) == p["n_seeds"]
    # ... while 10x the steps (same distance) reaches about the same median.
    assert abs(p["median_final"][LONG] - p["median_final"][TUTORIAL]) < 0.05
    # A few runs end near 4, twice the constant answer.
    for values in final.values():
        assert values.max() > 3.9
    alt = run.figure("fig-final-errors").cell.options["fig-alt"]
    assert f"Three columns of {p['n_seeds']} dots each" in alt and len(final) == 3
    lo = min(v.min() for v in final.values())
    hi = max(v.max() for v in final.values())
    assert f"between {lo:.2f} and {hi:.2f}" in alt
    medians = ", ".join(f"{p['median_final'][k]:.2f}" for k in (TUTORIAL, ADVICE))
    assert f"{medians} and {p['median_final'][LONG]:.2f}" in alt
    assert f"{p['best_error']:.2f} for the best single neuron" in alt
    assert "Six orange diamonds in each column" in alt and len(p["saturated"]) == 6
    for values in final.values():  # "the highest dot, near 4, is one of them"
        assert int(np.argmax(values)) in p["saturated"]


def test_saturated_starts_and_cross_entropy(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    outputs = np.array(p["start_outputs"])
    expected = np.flatnonzero((outputs.max(axis=1) < 0.15) | (outputs.min(axis=1) > 0.85))
    assert p["saturated"] == expected.tolist() == [5, 8, 9, 10, 11, 15]
    factor = outputs[expected] * (1 - outputs[expected])
    assert abs(p["factor_max"] - factor.max()) < 1e-15 and p["factor_max"] < 0.25
    # Cross-entropy: every saturated start gets below 2, and sooner than with squared error.
    assert all(s is not None for s in p["steps_below_cross_entropy"])
    for ce, se in zip(p["steps_below_cross_entropy"], p["steps_below_squared"]):
        assert se is None or ce < se
    assert max(p["steps_below_cross_entropy"]) <= 1700
    assert p["never_squared"] == 1 and max(p["final_squared"]) > 3.9
    alt = run.figure("fig-saturated").cell.options["fig-alt"]
    assert f"between {min(p['start_errors']):.2f} and {max(p['start_errors']):.2f}" in alt
    assert f"within {max(p['steps_below_cross_entropy'])} steps" in alt
    assert f"from 0 to {p['long_steps']}" in alt and "six saturated starts" in alt
    assert "twelve curves" in alt and len(p["saturated"]) * 2 == 12
    reached = [s for s in p["steps_below_squared"] if s is not None]
    assert f"stay above 2 for {min(reached)} to {max(reached)} steps" in alt and len(reached) == 5
    final_ce = p["final_cross_entropy"]
    assert f"end between {min(final_ce):.2f} and {max(final_ce):.2f}" in alt
    assert f"for all {p['long_steps']} steps" in alt


def test_classification_and_the_best_line(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    x, t = np.array(p["x"]), np.array(p["targets"])
    w, b = np.array(p["trained_weights"]), p["trained_bias"]
    predicted = (x @ w + b > 0).astype(int)
    assert p["trained_correct"] == int(np.sum(predicted == t)) == 4
    assert p["best_neuron_correct"] == 4
    assert p["fewest_errors"] == 2 and p["best_line_correct"] == 6
    assert p["best_run_correct"] <= p["best_line_correct"]
    best = np.array(p["best_outputs"])
    assert 0.35 < best.min() and best.max() < 0.75
    alt = run.figure("fig-inputs-weights").cell.options["fig-alt"]
    for label, name in ((0, "blue circles with target 0 at "), (1, "orange squares with target 1 at ")):
        pts = sorted((float(a), float(c)) for (a, c), tt in zip(x, t) if tt == label)
        listed = ", ".join(f"({a:g}, {c:g})" for a, c in pts[:-1]) + f" and ({pts[-1][0]:g}, {pts[-1][1]:g})"
        assert name + listed in alt
    assert "Red rings mark the four points" in alt and int(np.sum(predicted != t)) == 4


def test_exercise_solutions(run_page):
    p = _probe(run_page)
    z = 0.5 * 2 - 0.25 * 1 + 0.1
    prob = _sigmoid(z)
    assert abs(p["hand_p"] - prob) < 1e-12
    assert abs(p["hand_squared"] - 2 * (prob - 1) * prob * (1 - prob) * 2) < 1e-12
    assert abs(p["hand_cross_entropy"] - (prob - 1) * 2) < 1e-12
    assert p["hand_squared"] < 0 and p["hand_cross_entropy"] < p["hand_squared"]  # both negative, CE larger
    assert abs(p["ratio_to_middle"] - 0.25 / (2 * 0.99 * 0.01 * 0.99)) < 1e-9
    assert abs(p["ratio_to_cross_entropy"] - 0.99 / (2 * 0.99 * 0.01 * 0.99)) < 1e-9
    # Without (1, 1) and (5.5, 1) the six points are separable; without just one, not.
    assert (p["six_errors"], p["without_left"], p["without_right"]) == (0, 1, 1)
