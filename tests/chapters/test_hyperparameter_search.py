"""Claims of chapters/hyperparameter-search.qmd, read from the executed page."""

import math

import numpy as np

PROBE = """{
    'n_train': n_train, 'n_val': n_val, 'n_test': n_test,
    'test_evaluations': test_set.n_evaluations,
    'grid_x': grid_x, 'toy_best': toy_best,
    'random_x': [c['x'] for c in random_points],
    'random_scores': [float(one_relevant_score(c['x'], c['y'])) for c in random_points],
    'n_trials': comparison.n_trials.tolist(), 'grid_best': comparison.grid_best.tolist(),
    'random_median': comparison.random_median.tolist(), 'random_wins': comparison.random_wins.tolist(),
    'random_p10': np.percentile(comparison.random_best, 10, axis=1).tolist(),
    'random_p90': np.percentile(comparison.random_best, 90, axis=1).tolist(),
    'grid_distinct': comparison.grid_distinct_x.tolist(), 'random_distinct': comparison.random_distinct_x.tolist(),
    'budget': budget, 'max_epochs': problem.max_epochs, 'width_high': space['width'].high,
    'grid': [(t.config['lr'], t.config['width'], t.score, t.epochs) for t in grid_trials],
    'random': [[(t.config['lr'], t.config['width'], t.score, t.epochs) for t in r] for r in random_runs],
    'tpe': [[(t.config['lr'], t.config['width'], t.score, t.epochs) for t in r] for r in tpe_runs],
    'halving': [{'epochs': r.epochs_trained, 'best': r.best.score, 'best_config': r.best.config,
                 'rungs': [(len(g.indices), g.epochs) for g in r.rungs],
                 'final_lrs': [r.trials[i].config['lr'] for i in r.rungs[-1].indices],
                 'trials': [(t.config['lr'], t.config['width'], t.score, t.epochs) for t in r.trials]}
                for r in halving_runs],
    'schedule': schedule, 'halving_cost': halving_cost, 'survivor_lr': survivor_lr,
    'poor_share': poor_share, 'tpe_proposed_in_band': tpe_proposed_in_band, 'random_in_band': random_in_band,
    'slow_best': slow_best, 'top_lr': top_lr, 'band_worst': (band_worst.score, band_worst.config['width']),
    'band_widths': [t.config['width'] for t in in_top_band], 'band_best': max(t.score for t in in_top_band),
    'n_finished': len(finished), 'random_spread': random_spread, 'all_spread': all_spread,
    'grid_lrs': grid_lrs, 'halving_survivor_share': halving_survivor_share,
    'winner': (winner.config['lr'], winner.config['width'], winner.score), 'test_accuracy': test_accuracy,
    'optimism': {'selected': optimism.selected.mean(), 'fresh': optimism.fresh.mean(),
                 'inflation': optimism.mean_inflation, 'fraction': optimism.fraction_inflated},
    'p_near': p_near, 'p_near_simulated': p_near_simulated, 'grid_5_values': grid_5_values,
    'big_schedule': big_schedule, 'resumed': resumed, 'retrained': retrained, 'everything': everything,
    'shifted_lrs': shifted_lrs, 'shifted_best': shifted_best.score,
}"""

PAGE = "chapters/hyperparameter-search.qmd"


def _run(run_page):
    return run_page(PAGE, probe=PROBE)


def _score(x):
    return math.exp(-0.5 * ((x - 0.3) / 0.08) ** 2)


def test_splits_and_the_test_set_is_touched_exactly_once(run_page):
    p = _run(run_page).probe
    assert (p["n_train"], p["n_val"], p["n_test"]) == (899, 448, 450)
    assert p["n_train"] + p["n_val"] + p["n_test"] == 1797
    assert p["test_evaluations"] == 1


def test_the_winner_is_chosen_on_validation_accuracy_alone(run_page):
    p = _run(run_page).probe
    finished = [t for t in p["grid"] + sum(p["random"], []) + sum(p["tpe"], [])
                + [t for h in p["halving"] for t in h["trials"]] if t[3] == p["max_epochs"]]
    assert len(finished) == p["n_finished"]
    best = max(t[2] for t in finished)
    first_best = next(t for t in finished if t[2] == best)
    assert tuple(p["winner"]) == (first_best[0], first_best[1], first_best[2])


def test_toy_grid_and_random_claims(run_page):
    run = _run(run_page)
    p = run.probe
    assert p["grid_x"] == [0.0, 0.5, 1.0]
    assert p["toy_best"]["grid"] == _score(0.5) < 0.05                       # all grid dots far down the curve
    assert len(set(p["random_x"])) == 9
    assert p["toy_best"]["random"] == max(_score(x) for x in p["random_x"]) > 0.98
    assert sum(s > 0.3 for s in p["random_scores"]) == 3                      # alt text: three above 0.3
    # Half height about 0.09 from the peak.
    assert abs(0.08 * math.sqrt(2 * math.log(2)) - 0.09) < 0.005
    # Budgets k^2, grid values as the alt text lists them, from the closed form.
    assert p["n_trials"] == [4, 9, 16, 25, 36, 49]
    expected_grid = [max(_score(v) for v in np.linspace(0, 1, k)) for k in range(2, 8)]
    np.testing.assert_allclose(p["grid_best"], expected_grid)
    assert [f"{v:.2f}" for v in p["grid_best"]] == ["0.00", "0.04", "0.92", "0.82", "0.46", "0.92"]
    assert p["grid_distinct"] == [2, 3, 4, 5, 6, 7] and p["random_distinct"] == p["n_trials"]
    alt = run.figure("fig-best-found").cell.options["fig-alt"]
    assert "0.00 at 4 trials, 0.04 at 9, 0.92 at 16, 0.82 at 25, 0.46 at 36 and 0.92 at 49" in alt
    assert f"from {p['random_median'][0]:.2f} at 4 trials to {p['random_median'][-1]:.2f} at 49" in alt
    # Random search improves steadily (median never falls); the grid does not.
    assert all(b >= a for a, b in zip(p["random_median"], p["random_median"][1:]))
    assert any(b < a for a, b in zip(p["grid_best"], p["grid_best"][1:]))
    width = [hi - lo for lo, hi in zip(p["random_p10"], p["random_p90"])]
    assert width[-1] < width[0]                                                # the band narrows
    wins = dict(zip(p["n_trials"], p["random_wins"]))
    assert wins[36] == 1.0 and 0.5 < wins[16] < 0.8
    assert p["grid_best"][4] < p["grid_best"][2]                              # 6x6 worse than 4x4


def test_real_search_claims(run_page):
    p = _run(run_page).probe
    grid_best = max(p["grid"], key=lambda t: t[2])
    # The grid's best uses its third learning rate and the largest width, inside the top-five band.
    assert grid_best[0] == p["grid_lrs"][2] and grid_best[1] == p["width_high"] == 128
    assert min(p["top_lr"]) <= p["grid_lrs"][2] <= max(p["top_lr"])
    random_best = [max(t[2] for t in r) for r in p["random"]]
    tpe_best = [max(t[2] for t in r) for r in p["tpe"]]
    halving_best = [h["best"] for h in p["halving"]]
    # No random run beats any other run; TPE at least as good as the best random run; halving close.
    assert max(random_best) <= min(min(tpe_best), min(halving_best), grid_best[2])
    assert min(tpe_best) >= max(random_best)
    assert grid_best[2] == max(random_best + tpe_best + halving_best + [grid_best[2]])
    assert grid_best[2] - min(halving_best) < 0.012
    assert abs(p["random_spread"] - (max(random_best) - min(random_best))) < 1e-12
    assert p["all_spread"] < 0.05
    # Learning rate is what matters: slow networks stay low, the five best lie in a narrow band.
    assert p["slow_best"] < 0.76
    assert 0.02 < min(p["top_lr"]) and max(p["top_lr"]) < 0.06
    assert p["band_worst"][1] == min(p["band_widths"]) == 8
    assert p["band_worst"][0] < 0.75 and p["band_best"] == grid_best[2]
    # Linear scale on [1e-4, 1] would put 90 % of draws above 0.1.
    assert abs((1 - 0.1) / (1 - 1e-4) - 0.90) < 0.001
    assert 0.3 < p["poor_share"] < 0.7
    # TPE proposes learning rates in [0.01, 0.1] more often than random search drew them.
    assert p["tpe_proposed_in_band"] > p["random_in_band"]
    assert f"{p['random_in_band']:.0%}" == "19%"


def test_successive_halving_claims(run_page):
    p = _run(run_page).probe
    assert p["schedule"] == [[60, 1], [20, 3], [7, 9]]
    assert p["halving_cost"] == 60 * 1 + 20 * 2 + 7 * 6 == 142
    for h in p["halving"]:
        assert h["rungs"] == [[45, 1], [15, 3], [5, 9]]
        assert h["epochs"] == 45 + 15 * 2 + 5 * 6 == 105 <= p["budget"] * p["max_epochs"]
        # The epochs every configuration received add up to what the search reports.
        assert sum(t[3] for t in h["trials"]) == h["epochs"]
    assert abs(p["halving_survivor_share"] - 60 / 105) < 1e-12 and p["halving_survivor_share"] > 0.5
    # After one epoch, survivors' learning rates lie in the quoted range; the rest got one epoch only.
    lo, hi = min(p["survivor_lr"]), max(p["survivor_lr"])
    for h in p["halving"]:
        for lr, _, _, epochs in h["trials"]:
            if not lo <= lr <= hi:
                assert epochs == 1


def test_figure_alt_texts(run_page):
    run = _run(run_page)
    p = run.probe
    trials_alt = run.figure("fig-trials").cell.options["fig-alt"]
    tpe0 = p["tpe"][0]
    assert sum(0.01 <= t[0] <= 0.1 for t in tpe0) == 4 and "4 of them between" in trials_alt
    assert len(p["halving"][0]["final_lrs"]) == 5 and all(0.01 <= lr <= 0.1 for lr in p["halving"][0]["final_lrs"])
    panels = [p["grid"], p["random"][0], tpe0, p["halving"][0]["trials"]]
    for trials in panels:
        assert 0.01 <= max(trials, key=lambda t: t[2])[0] <= 0.1
        assert max(t[2] for t in trials if t[0] < 1e-3) < 0.76
    assert len(p["grid"]) == 12 and len({t[0] for t in p["grid"]}) == 4 and len({t[1] for t in p["grid"]}) == 3
    progress_alt = run.figure("fig-progress").cell.options["fig-alt"]
    random_err = [1 - max(t[2] for t in r) for r in p["random"]]
    tpe_err = [1 - max(t[2] for t in r) for r in p["tpe"]]
    halving_err = [1 - h["best"] for h in p["halving"]]
    grid_err = 1 - max(t[2] for t in p["grid"])
    assert 0.06 < min(random_err) and max(random_err) < 0.09
    assert 0.05 < min(tpe_err) and max(tpe_err) < 0.07
    assert f"{grid_err:.2f}" == "0.04" and "an error of 0.04 at 108 epochs" in progress_alt
    assert 0.04 < min(halving_err) and max(halving_err) < 0.06
    assert "at 105 epochs" in progress_alt and p["budget"] * p["max_epochs"] == 108


def test_selection_optimism_pitfall(run_page):
    p = _run(run_page).probe
    o = p["optimism"]
    assert abs(o["inflation"] - (o["selected"] - o["fresh"])) < 1e-12
    assert o["inflation"] > 0.005 and o["fraction"] > 0.5
    # The single winner happens to do slightly better on the test set: the bias is an average.
    assert p["test_accuracy"] > p["winner"][2]


def test_exercise_solutions(run_page):
    p = _run(run_page).probe
    assert p["grid_5_values"] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert abs(p["p_near"] - (1 - 0.9**25)) < 1e-15
    assert abs(p["p_near_simulated"] - p["p_near"]) < 3 * math.sqrt(p["p_near"] * (1 - p["p_near"]) / 2000)
    assert p["big_schedule"] == [[81, 1], [27, 3], [9, 9], [3, 27]]
    assert p["resumed"] == 81 + 27 * 2 + 9 * 6 + 3 * 18 == 243
    assert p["retrained"] == 4 * 81 and p["everything"] == 2187
    np.testing.assert_allclose(p["shifted_lrs"], np.geomspace(3e-4, 3.0, 4))
    assert not any(min(p["top_lr"]) <= lr <= max(p["top_lr"]) for lr in p["shifted_lrs"])
    grid_best = max(t[2] for t in p["grid"])
    assert p["shifted_best"] < grid_best
