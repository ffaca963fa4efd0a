"""Claims of chapters/gradients-and-optimisation.qmd, read from the executed page."""

import math

import numpy as np
import torch
from scipy import special

PROBE = """{
    'gradient_errors': {k: float(v) for k, v in gradient_errors.items()},
    'worst_gradient_error': float(worst_gradient_error),
    'wrong_quadratic_error': float(wrong_quadratic_error), 'wrong_trace_error': float(wrong_trace_error),
    'a_mat_asymmetry': float(np.abs(a_mat - a_mat.T).max()),
    'sym_errors': [float(sym_quadratic_error), float(sym_trace_error)],
    'normal_vs_scipy': normal_vs_scipy, 'gradient_at_solution': gradient_at_solution,
    'hessian': bowl.hessian.tolist(), 'minimiser': bowl.minimiser.tolist(), 'start': start.tolist(),
    'lrs': [lr_cautious, lr_optimal, lr_unstable],
    'bound': bowl.stable_lr_bound, 'optimal_lr': bowl.optimal_lr,
    'contractions': [bowl.contraction(lr) for lr in (lr_cautious, lr_optimal, lr_unstable)],
    'run_errors': [e.tolist() for e in run_errors], 'run_labels': list(runs),
    'unstable_path': runs[list(runs)[2]][1].tolist(), 'optimal_path': runs[list(runs)[1]][1].tolist(),
    'within_bound': within_bound, 'start_error': start_error,
    'errors_end': [error_cautious, error_optimal, error_unstable],
    'boundary_spread': boundary_spread, 'boundary_flips': boundary_flips,
    'valley_coordinate_end': valley_coordinate_end, 'boundary_w2_start': float(steep_coordinate[0]),
    'kappas': sweep.kappas.tolist(), 'factor': sweep.factor,
    'measured': {k: v.tolist() for k, v in sweep.measured.items()},
    'predicted': {k: v.tolist() for k, v in sweep.predicted.items()},
    'optimal_exact': optimal_exact, 'cautious_gap': cautious_gap, 'steps_10': steps_10, 'steps_1000': steps_1000,
    'newton_vs_scipy': newton_vs_scipy, 'w_star': w_star.tolist(), 'scipy_x': scipy_fit.x.tolist(),
    'logistic_gradient_at_star': float(np.abs(logistic.gradient(w_star)).max()),
    'hessian_eigenvalues': hessian_eigenvalues.tolist(), 'logistic_bound': float(logistic_bound),
    'local_95': local_runs[0.95].tolist(), 'local_105': local_runs[1.05].tolist(),
    'unstable_top': ((gradient_descent(logistic.gradient, near_start, 1.05 * logistic_bound, 1000)[-20:] - w_star)
                     @ np.linalg.eigh(logistic.hessian(w_star))[1][:, -1]).tolist(),
    'feature_scales': features.std(axis=0).tolist(), 'feature_corr': float(np.corrcoef(features.T)[0, 1]),
    'n_points': int(labels.size),
    'newton_quadratic_error': newton_quadratic_error,
    'newton_errors': newton_errors.tolist(), 'descent_errors': descent_errors.tolist(),
    'squared_ratios': squared_ratios.tolist(), 'descent_steps_1e8': descent_steps_1e8,
    'descent_after_5': descent_after_5,
    'from_inside': from_inside.tolist(), 'from_outside': from_outside.tolist(),
    'final_losses': final_losses, 'evaluations_spent': evaluations_spent, 'start_losses': start_losses,
    'fd_advantage': float(fd_advantage), 'reach_2d': reach_2d,
    'race_sizes': {t: {n: len(tr.losses) for n, tr in r.items()} for t, r in races.items()},
    'race_losses_at': {t: {n: [tr.loss_after(k) for k in (100, 150, 300)] for n, tr in r.items()} for t, r in races.items()},
    'gram_error': float(gram_error), 'x_gram': x_gram.tolist(), 'gram_gradient': gram_gradient.tolist(),
    'stable_bound': stable_bound, 'best_step': best_step, 'best_factor': best_factor,
    'measured_factor': measured_factor, 'below_end': float(below[-1]), 'above_end': float(above[-1]),
    'naive_bound': float(naive_bound),
    'hit_probability': {d: float(hit_probability(d)) for d in (2, 10)}, 'draws_needed': draws_needed,
    'measured_hit_rate': measured_hit_rate, 'shrink_per_dimension': [float(v) for v in shrink_per_dimension],
}"""

PAGE = "chapters/gradients-and-optimisation.qmd"


def _probe(run_page):
    return run_page(PAGE, probe=PROBE).probe


def test_gradients_agree_with_finite_differences_and_the_pitfalls_do_not(run_page):
    p = _probe(run_page)
    assert set(p["gradient_errors"]) == {"a^T w", "w^T A w", "tr(A X)", "||X w - y||^2", "log |det X|"}
    assert p["worst_gradient_error"] == max(p["gradient_errors"].values()) < 1e-8
    assert p["a_mat_asymmetry"] > 0.5  # "deliberately not symmetric"
    # Pitfalls: 2Aw and A are unrelated to the true gradients (errors of order one).
    assert 0.2 < p["wrong_quadratic_error"] < 1.0 and 0.2 < p["wrong_trace_error"] < 1.0
    assert max(p["sym_errors"]) < 1e-8  # for a symmetric matrix both shortcuts are right
    # Normal equations match SciPy's lstsq; the gradient vanishes there.
    assert p["normal_vs_scipy"] < 1e-12 and p["gradient_at_solution"] < 1e-12


def test_descent_on_the_quadratic_follows_the_eigenvalue_predictions(run_page):
    p = _probe(run_page)
    h = np.array(p["hessian"])
    eigenvalues = np.linalg.eigvalsh(h)
    np.testing.assert_allclose(eigenvalues, [1.0, 10.0])
    np.testing.assert_allclose(h, np.diag([1.0, 10.0]))  # "eigenvectors along the axes", valley along w1
    assert p["minimiser"] == [0.0, 0.0] and p["start"] == [-4.0, 1.5]
    assert p["bound"] == 2 / 10 and abs(p["optimal_lr"] - 2 / 11) < 1e-15
    np.testing.assert_allclose(p["lrs"], [0.1, 2 / 11, 1.05 * 0.2])
    np.testing.assert_allclose(p["contractions"], [0.9, 9 / 11, 1.1])
    assert p["within_bound"]
    # Brute force the bound for every run and step.
    for lr, errors in zip(p["lrs"], p["run_errors"]):
        predicted = p["start_error"] * max(abs(1 - lr * eigenvalues)) ** np.arange(len(errors))
        assert np.all(np.array(errors) <= predicted * (1 + 1e-9))
    assert abs(p["start_error"] - math.hypot(4.0, 1.5)) < 1e-12
    cautious, optimal, unstable = (np.array(e) for e in p["run_errors"])
    # At eta* the measured error equals the bound ("the two coincide").
    np.testing.assert_allclose(optimal, p["start_error"] * (9 / 11) ** np.arange(26), rtol=1e-9)
    # At 1/lam_max the first step removes the w2 error: afterwards the error is |w1| shrinking by 0.9.
    np.testing.assert_allclose(cautious[1:], 4.0 * 0.9 ** np.arange(1, 26), rtol=1e-9)
    assert p["errors_end"] == [cautious[-1], optimal[-1], unstable[-1]]
    assert optimal[-1] < cautious[-1] < 1 < unstable[-1]
    # Unstable run: dips for the first few steps, then rises to about 16; zigzags in w2 and leaves the window.
    assert 2 <= int(np.argmin(unstable)) <= 6 and round(unstable[-1]) == 16
    optimal_path = np.array(p["optimal_path"])  # the orange path zigzags across the valley, swings shrinking
    assert np.all(np.sign(optimal_path[1:, 1]) == -np.sign(optimal_path[:-1, 1]))
    assert np.all(np.abs(optimal_path[1:, 1]) < np.abs(optimal_path[:-1, 1]))
    path = np.array(p["unstable_path"])
    assert np.all(np.sign(path[1:, 1]) == -np.sign(path[:-1, 1]))
    window = 4.0 * 1.6  # plot_descent's default margin: 60 % beyond the start's largest coordinate
    assert abs(path[-1, 1]) > window and abs(path[-1, 0]) < 0.1  # leaves vertically near w1 = 0
    # Exactly at the bound: w2 flips between +1.5 and -1.5 for 200 steps, w1 decays.
    assert p["boundary_flips"] and p["boundary_spread"] < 1e-12 and p["boundary_w2_start"] == 1.5
    assert p["valley_coordinate_end"] < 1e-15


def test_condition_number_sweep(run_page):
    p = _probe(run_page)
    assert p["kappas"] == [1, 3, 10, 30, 100, 300, 1000] and p["factor"] == 1e-6
    assert p["optimal_exact"]
    # Independent prediction: ceil(log(factor) / log(rho)).
    for kappa, steps_opt, steps_cautious in zip(p["kappas"], p["measured"]["optimal"], p["measured"]["1/lam_max"]):
        if kappa == 1:
            assert steps_opt == steps_cautious == 1
            continue
        rho_opt, rho_cautious = (kappa - 1) / (kappa + 1), 1 - 1 / kappa
        assert steps_opt == math.ceil(math.log(1e-6) / math.log(rho_opt) - 1e-9)
        predicted = math.ceil(math.log(1e-6) / math.log(rho_cautious))
        assert steps_cautious <= predicted and steps_cautious >= predicted * 0.965
        # Measured exactly: the sqrt(2) head start.
        assert steps_cautious == math.ceil(math.log(1e-6 * math.sqrt(2)) / math.log(rho_cautious) - 1e-9)
    assert 0.02 < p["cautious_gap"] < 0.035 and f"{p['cautious_gap']:.0%}" == "3%"
    assert p["steps_10"] == 69 and p["steps_1000"] == 6908 and round(1000 / 2 * math.log(1e6)) == 6908
    # "by a factor of about two", "about 7,000 and 14,000 steps at 1000"
    ratios = np.array(p["measured"]["1/lam_max"][1:]) / np.array(p["measured"]["optimal"][1:])
    assert np.all((ratios > 1.6) & (ratios < 2.0))
    assert round(p["measured"]["optimal"][-1], -3) == 7000 and round(p["measured"]["1/lam_max"][-1], -2) == 13500


def test_logistic_loss_local_bound_and_newton(run_page):
    p = _probe(run_page)
    assert p["n_points"] == 200
    scales = p["feature_scales"]
    assert 3.0 < scales[1] / scales[0] < 5.0 and p["feature_corr"] > 0.6  # "four times larger", correlated
    assert p["newton_vs_scipy"] < 1e-8 and p["logistic_gradient_at_star"] < 1e-12
    lam = np.array(p["hessian_eigenvalues"])
    assert abs(p["logistic_bound"] - 2 / lam[-1]) < 1e-12
    assert round(lam[-1] / lam[0]) == 44
    assert abs(p["local_95"][0] - math.sqrt(3) * 1e-3) < 1e-12
    assert p["local_95"][-1] < 1e-14
    late = np.array(p["local_105"][-50:])
    assert np.ptp(late[::2]) < 1e-9 and np.ptp(late[1::2]) < 1e-9  # settled into a cycle of two steps
    assert 0.09 < late.min() < late.max() < 0.13 and late.max() - late.min() > 0.01
    top = np.array(p["unstable_top"])
    assert np.all(np.sign(top[1:]) == -np.sign(top[:-1]))  # a zigzag along the top eigenvector
    # Newton lands on the quadratic's minimiser in one step.
    assert p["newton_quadratic_error"] < 1e-12
    newton = np.array(p["newton_errors"])
    assert len(newton) == 6 and 1.55 < newton[0] < 1.65 and newton[-1] < 1e-14
    assert np.all(np.diff(newton) < 0)
    ratios = newton[1:5] / newton[:4] ** 2
    np.testing.assert_allclose(ratios, p["squared_ratios"])
    assert ratios.min() > 0.1 and ratios.max() < 0.4
    descent = np.array(p["descent_errors"])
    assert p["descent_after_5"] == descent[5] > 1.0
    assert p["descent_steps_1e8"] == int(np.argmax(descent < 1e-8)) and descent[p["descent_steps_1e8"] - 1] >= 1e-8
    assert np.all(np.diff(np.log(descent[:61])) < 0)
    # Newton on sqrt(1 + x^2): x -> -x^3.
    inside, outside = np.array(p["from_inside"]), np.array(p["from_outside"])
    np.testing.assert_allclose(inside[1:4], [-0.5 ** 3, 0.5 ** 9, -(0.5 ** 27)], rtol=1e-12)
    np.testing.assert_allclose(outside, [1.1, -1.1 ** 3, 1.1 ** 9, -(1.1 ** 27), 1.1 ** 81], rtol=1e-9)


def test_random_search_against_descent(run_page):
    p = _probe(run_page)
    two, fifty = p["final_losses"]["2 dimensions"], p["final_losses"]["50 dimensions"]
    spent = p["evaluations_spent"]
    # Budgets are honoured and spent as described.
    for title, counts in spent.items():
        assert counts["random search"] == counts["local random search"] == 1000
        assert counts["gradient descent (gradient = 1 evaluation)"] == 1000
    assert spent["50 dimensions"]["finite-difference descent"] == 970 == 19 * 51 + 1
    assert spent["2 dimensions"]["finite-difference descent"] <= 1000
    assert 0.01 < two["random search"] < 0.02  # "levels off near 0.01"
    for name in ("local random search", "finite-difference descent", "gradient descent (gradient = 1 evaluation)"):
        assert two[name] < 1e-12  # reach the floor of the plot
    assert 100 < fifty["random search"] < 1000 and round(p["start_losses"]["50 dimensions"]) == 1124
    assert 1 < fifty["local random search"] < 10  # "a few units"
    assert 0.4 < fifty["finite-difference descent"] < 0.7  # "about 0.5"
    assert fifty["gradient descent (gradient = 1 evaluation)"] < 1e-25
    assert p["race_losses_at"]["50 dimensions"]["gradient descent (gradient = 1 evaluation)"][2] < 1e-12
    assert p["fd_advantage"] == fifty["local random search"] / fifty["finite-difference descent"]
    assert 5 < p["fd_advantage"] < 15
    assert p["reach_2d"]["local random search"] < p["reach_2d"]["finite-difference descent"]
    assert set(p["reach_2d"]) == {"local random search", "finite-difference descent",
                                  "gradient descent (gradient = 1 evaluation)"}


def test_figures_and_their_alt_text(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    for figure in ("fig-descent", "fig-condition", "fig-budget"):
        assert list(run.figure(figure).images) == ["light", "dark"]
    descent_alt = run.figure("fig-descent").cell.options["fig-alt"]
    assert "(learning rate 0.10)" in descent_alt and "(0.182)" in descent_alt and "(0.21)" in descent_alt
    assert "from the point (-4, 1.5)" in descent_alt and "rises to about 16" in descent_alt
    assert "factor of 1.1 per step" in descent_alt
    condition_alt = run.figure("fig-condition").cell.options["fig-alt"]
    assert "from 1 to 1000" in condition_alt and "about 7,000 and 13,500 steps" in condition_alt
    # The Newton table: one row per step, Newton's error, its ratio to the squared previous one, descent's error.
    rows = [line for line in run.cell("newton-table").text.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 6
    for t, row in enumerate(rows):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[0] == str(t) and cells[1] == f"{p['newton_errors'][t]:.1e}"
        assert cells[3] == f"{p['descent_errors'][t]:.2f}"
        if t:
            assert cells[2] == f"{p['newton_errors'][t] / p['newton_errors'][t - 1] ** 2:.2f}"
    # "the exponent roughly doubles at every step" (from step 2 on, where the error is below 1)
    exponents = -np.log10(p["newton_errors"][2:])
    assert np.all(exponents[1:] / exponents[:-1] > 1.7)
    budget_alt = run.figure("fig-budget").cell.options["fig-alt"]
    assert "levels off near 0.01" in budget_alt and "staircase of 51-evaluation steps to about 0.5" in budget_alt
    assert "stays flat above 100" in budget_alt
    random_50 = p["race_losses_at"]["50 dimensions"]["random search"]
    assert min(random_50) > 100  # flat above 100 from the 100th evaluation on


def test_exercise_solutions(run_page):
    p = _probe(run_page)
    # log det(X^T X): against PyTorch's autograd.
    x = torch.tensor(p["x_gram"], dtype=torch.float64, requires_grad=True)
    torch.logdet(x.T @ x).backward()
    np.testing.assert_allclose(p["gram_gradient"], x.grad.numpy(), rtol=1e-10)
    assert p["gram_error"] < 1e-8
    # The largest stable step for w^T A w with A = [[2, 2], [0, 2]]: Hessian [[4, 2], [2, 4]].
    assert abs(p["stable_bound"] - 1 / 3) < 1e-12 and abs(p["best_step"] - 1 / 4) < 1e-12
    assert abs(p["best_factor"] - 0.5) < 1e-12 and abs(p["measured_factor"] - 0.5) < 1e-9
    assert p["below_end"] < 1e-2 and p["above_end"] > 1e2 and p["naive_bound"] == 1.0
    # Random hits: the ball's share of the box, via the Gamma function directly.
    for dim in (2, 10):
        share = math.pi ** (dim / 2) * 0.1 ** dim / (special.gamma(dim / 2 + 1) * 2 ** dim)
        assert abs(p["hit_probability"][str(dim)] - share) < 1e-12 * share
        n = p["draws_needed"][str(dim)]
        assert math.exp(n * math.log1p(-share)) <= 0.5 < math.exp((n - 1) * math.log1p(-share))
    assert abs(p["hit_probability"]["2"] - math.pi / 400) < 1e-15 and p["draws_needed"]["2"] == 88
    assert abs(p["measured_hit_rate"] - math.pi / 400) < 4 * math.sqrt(math.pi / 400 / 200_000)
    assert min(p["shrink_per_dimension"]) > 10
