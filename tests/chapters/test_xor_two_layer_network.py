"""Claims of chapters/xor-two-layer-network.qmd, read from the executed page."""

import itertools
import math

import numpy as np
from scipy.optimize import linprog

PROBE = """{
    'separable': bool(separable), 'fewest_errors': int(fewest_errors),
    'errors_per_line': [int(e) for e in errors_per_line],
    'hidden': hidden.tolist(), 'wired_output': wired_output.tolist(), 'hidden_separable': bool(hidden_separable),
    'smooth_output': smooth_output.tolist(), 'smooth_error': smooth_error,
    'n_parameters': int(n_parameters), 'worst_gradient_error': worst_gradient_error,
    'lr': lr, 'epochs': epochs, 'loss': run.loss.tolist(), 'trained_output': trained_output.tolist(),
    'worst_error': worst_error, 'plateau_end': plateau_end, 'hidden_on': hidden_on.tolist(),
    'on_corners': on_corners,
    'band': trained.predict(np.array([[0.5, 0.5], [-0.5, -0.5], [1.5, 1.5], [-0.5, 1.5], [1.5, -0.5]])).tolist(),
    'n_seeds': n_seeds, 'solved2': solved.tolist(), 'solved3': solved_by_hidden[3].tolist(),
    'failed': failed.tolist(), 'failed_outputs': failed_outputs.tolist(), 'failed_loss': failed_loss.tolist(),
    'all_losses': [r.loss.tolist() for r in two_unit_runs],
    'same_as_single': same_as_single, 'pinned': pinned.tolist(), 'pinned_pairs_mixed': pinned_pairs_mixed,
    'longer_loss': longer_loss.tolist(), 'longer_min_loss': float(min(r.loss.min() for r in longer)),
    'still_pinned': still_pinned, 'weight_growth': weight_growth, 'escaped': escaped,
    'lifted_separable': bool(lifted_separable),
    'xnor_output': xnor_output.tolist(), 'stuck_squared': stuck_squared,
    'stuck_cross_entropy': stuck_cross_entropy, 'stuck_output': stuck_output.tolist(),
    'circle': bool(circle), 'conic': bool(conic), 'cubic': bool(cubic),
}"""

PAGE = "chapters/xor-two-layer-network.qmd"
CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
XOR = np.array([0, 1, 1, 0])


def _probe(run_page):
    return run_page(PAGE, probe=PROBE).probe


def _feasible(features, labels):
    """Independent separability check: maximise the margin t with |w|, |b| <= 1 (LP)."""
    signs = 2.0 * np.asarray(labels) - 1.0
    n, d = features.shape
    # variables (w, b, t): maximise t subject to s_i (w . x_i + b) >= t
    a_ub = np.hstack([-signs[:, None] * np.hstack([features, np.ones((n, 1))]), np.ones((n, 1))])
    result = linprog(c=np.r_[np.zeros(d + 1), -1.0], A_ub=a_ub, b_ub=np.zeros(n),
                     bounds=[(-1, 1)] * (d + 1) + [(None, 1)], method="highs")
    return result.status == 0 and -result.fun > 1e-9


def test_no_line_and_the_candidate_lines(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    assert p["separable"] is False and not _feasible(CORNERS, XOR)
    assert p["fewest_errors"] == 1
    assert p["errors_per_line"] == [1, 1, 2]
    # The alt text names the wrong corners of each line.
    lines = [((1.0, 1.0), -0.5), ((-1.0, -1.0), 1.5), ((1.0, 0.0), -0.5)]
    wrong = [[tuple(c) for c, t in zip(CORNERS.astype(int), XOR) if (np.dot(w, c) + b > 0) != t] for w, b in lines]
    assert wrong == [[(1, 1)], [(0, 0)], [(0, 1), (1, 1)]]
    alt = run.figure("fig-xor-lines").cell.options["fig-alt"]
    assert "each panel title states how many there are: 1, 1 and 2" in alt
    assert list(run.figure("fig-xor-lines").images) == ["light", "dark"]


def test_hand_wired_network_and_its_hidden_plane(run_page):
    p = _probe(run_page)
    step = lambda z: (np.asarray(z) > 0).astype(int)
    h = np.column_stack([step(CORNERS.sum(axis=1) - 0.5), step(-CORNERS.sum(axis=1) + 1.5)])
    assert p["hidden"] == h.tolist() == [[0, 1], [1, 1], [1, 1], [1, 0]]  # as the prose and alt text say
    assert p["wired_output"] == step(h.sum(axis=1) - 1.5).tolist() == XOR.tolist()
    assert p["hidden_separable"] is True and _feasible(h.astype(float), XOR)
    # Scaled by 10 with sigmoids: every output within 0.01 of its target (three decimals shown).
    assert np.max(np.abs(np.array(p["smooth_output"]) - XOR)) < 0.01
    assert abs(p["smooth_error"] - np.sum((np.array(p["smooth_output"]) - XOR) ** 2)) < 1e-12


def test_gradient_check_and_training(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    assert p["n_parameters"] == 9
    assert p["worst_gradient_error"] < 1e-6
    loss = np.array(p["loss"])
    assert loss.size == p["epochs"] + 1
    assert loss[-1] < 1e-3 * loss[0]
    assert p["worst_error"] < 0.02
    assert (np.array(p["trained_output"]) > 0.5).astype(int).tolist() == XOR.tolist()
    # The slow start: above 0.9 (near 1, every output 0.5) for the quoted number of epochs.
    assert np.all(loss[: p["plateau_end"]] >= 0.9) and loss[p["plateau_end"]] < 0.9
    assert p["plateau_end"] > 50
    # The learned function: class 0 in a band along the main diagonal, class 1 beyond it.
    centre, low_left, up_right, up_left, low_right = p["band"]
    assert max(centre, low_left, up_right) < 0.5 < min(up_left, low_right)
    assert p["hidden_on"] == [[False, False], [True, False], [False, True], [False, False]]
    assert p["on_corners"] == ["(0, 1)", "(1, 0)"]
    alt = run.figure("fig-xor-output").cell.options["fig-alt"]
    assert "holding the two blue class-0 circles at (0,0) and (1,1), has outputs near 0" in alt


def test_many_starts_and_the_stuck_runs(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    solved2, solved3 = np.array(p["solved2"]), np.array(p["solved3"])
    assert p["n_seeds"] == 20 and solved2.sum() == 14 and solved3.sum() == 19
    assert p["same_as_single"] == 0.0
    losses = np.array(p["all_losses"])
    # Solved runs end near 0.001; failed runs end just above 0.5 with two corners at 0.5.
    assert np.all(losses[solved2, -1] < 0.002) and np.all(losses[solved2, -1] > 5e-4)
    failed_loss = np.array(p["failed_loss"])
    assert np.all((failed_loss > 0.5) & (failed_loss < 0.503))
    outputs = np.array(p["failed_outputs"])
    pinned = np.abs(outputs - 0.5) < 0.01
    assert pinned.tolist() == p["pinned"] and np.all(pinned.sum(axis=1) == 2)
    for row, pins in zip(outputs, pinned):
        assert np.all(np.abs(row[~pins] - XOR[~pins]) < 0.05)  # the other two corners are right
        assert sorted(XOR[pins]) == [0, 1]  # one corner of each class: the ends of an edge
        a, b = CORNERS[pins]
        assert np.abs(a - b).sum() == 1
    assert p["pinned_pairs_mixed"] is True
    # Longer training: still pinned, error still above 0.5, weights growing.
    assert p["still_pinned"] is True
    assert p["longer_min_loss"] > 0.5 and max(p["longer_loss"]) < min(failed_loss)
    assert min(p["weight_growth"]) > 1.0
    # One solved run rests near 0.5 (> 400 epochs within 0.05) before it falls.
    assert list(p["escaped"]) == ["15"] or list(p["escaped"]) == [15]
    rest = list(p["escaped"].values())[0]
    assert rest > 400
    alt = run.figure("fig-many-starts").cell.options["fig-alt"]
    assert "Fourteen blue curves" in alt and "Six orange curves" in alt
    assert len(p["failed"]) == 6 and solved2.sum() == 14
    assert "more than 400 epochs" in alt
    assert f"epochs from 0 to {p['epochs']}" in alt and losses.shape == (20, p["epochs"] + 1)


def test_product_feature_and_the_plane_in_the_prose(run_page):
    p = _probe(run_page)
    assert p["lifted_separable"] is True
    lifted = np.column_stack([CORNERS, CORNERS[:, 0] * CORNERS[:, 1]])
    score = lifted[:, 0] + lifted[:, 1] - 2 * lifted[:, 2] - 0.5
    assert ((score > 0).astype(int) == XOR).all()


def test_exercise_solutions(run_page):
    p = _probe(run_page)
    assert p["xnor_output"] == [1, 0, 0, 1]
    out = np.array(p["stuck_output"])
    assert abs(p["stuck_squared"] - np.sum((out - XOR) ** 2)) < 1e-12
    ce = -np.sum(XOR * np.log(out) + (1 - XOR) * np.log(1 - out))
    assert abs(p["stuck_cross_entropy"] - ce) < 1e-12
    assert 2 * math.log(2) < p["stuck_cross_entropy"] < 2 * math.log(2) + 0.05  # "slightly above"
    # Tutorial points: no circle, no conic, a cubic -- checked with an independent LP.
    x = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
    t = np.array([0, 1, 0, 1, 0, 1, 1, 0])
    a, b = x[:, 0], x[:, 1]
    assert p["circle"] is _feasible(np.column_stack([a, b, a**2 + b**2]), t) is False
    assert p["conic"] is _feasible(np.column_stack([a, b, a**2, b**2, a * b]), t) is False
    monomials = [a**i * b**j for i, j in itertools.product(range(4), repeat=2) if 1 <= i + j <= 3]
    assert p["cubic"] is _feasible(np.column_stack(monomials), t) is True
