"""Claims of chapters/xor-perceptron.qmd, read from the executed page."""

import math

PROBE = """{
    'separable': bool(separable),
    'lp_verdict': lp_verdict,
    'fewest_errors': int(fewest_errors),
    'errors_per_line': [int(e) for e in errors_per_line],
    'predictions': predictions.tolist(),
    'labels': labels.tolist(),
    'worst_error': float(worst_error),
    'loss_first': float(history.loss[0]),
    'loss_last': float(history.loss[-1]),
    'n_epochs_recorded': len(history.loss),
    'epochs': epochs,
    'n_hidden': n_hidden,
    'n_seeds': n_seeds,
    'solved': {str(h): int(k) for h, k in solved.items()},
    'plateau_epochs': plateau_epochs,
    'loss_curve': [float(v) for v in history.loss],
    'band': model.predict(np.array([[0.5, 0.5], [-0.5, 1.5], [1.5, -0.5], [-0.5, -0.5], [1.5, 1.5]])).ravel().tolist(),
}"""


def test_xor_perceptron_claims(run_page):
    run = run_page("chapters/xor-perceptron.qmd", probe=PROBE)
    p = run.probe
    for label in ("fig-xor-points", "fig-xor-loss", "fig-xor-regions"):
        assert len(run.cell(label).figures) == 1, label

    # No line separates XOR: the LP is infeasible, the sweep's best line errs once,
    # and every candidate drawn in the figure misclassifies at least one corner.
    assert p["separable"] is False
    assert p["lp_verdict"] == "the linear program is infeasible"
    assert p["fewest_errors"] == 1
    assert min(p["errors_per_line"]) >= 1
    assert p["errors_per_line"][:2] == [1, 1]  # the OR and NAND lines fail on exactly one corner

    # The trained network: every output on the right side of 0.5 with margin 0.4.
    for prediction, label in zip(p["predictions"], p["labels"]):
        assert (prediction < 0.1) if label == 0 else (prediction > 0.9)
    assert p["worst_error"] < 0.1
    assert p["n_epochs_recorded"] == p["epochs"]
    assert p["loss_last"] < 0.05 * p["loss_first"]
    # The plateau near ln 2 lasts a while (the prose quotes its length), then the loss drops.

    plateau = p["plateau_epochs"]
    assert plateau >= 100
    assert all(abs(v - math.log(2)) <= 0.05 for v in p["loss_curve"][:plateau])
    assert p["loss_curve"][min(plateau + 200, len(p["loss_curve"]) - 1)] < 0.2
    # The decision regions: a class-1 band along the anti-diagonal, class 0 beyond both ends
    # of the main diagonal.
    centre, upper_left, lower_right, below, above = p["band"]
    assert min(centre, upper_left, lower_right) > 0.5
    assert max(below, above) < 0.5

    # Robustness: the page's architecture solves XOR for at least 90% of seeds, and the
    # two-unit minimum solves it for fewer, as the prose says.
    solved = p["solved"]
    assert solved[str(p["n_hidden"])] >= 0.9 * p["n_seeds"]
    assert solved["2"] < solved[str(p["n_hidden"])]
