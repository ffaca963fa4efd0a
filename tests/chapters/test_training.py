"""Claims of chapters/training.qmd, read from the executed page."""

import math

import numpy as np
import torch

from mlwiki import data, nn

PROBE = """{
    'sizes': [len(images), len(x_train), len(x_val), len(x_test)],
    'class_counts': [np.bincount(y, minlength=10).tolist() for y in (y_train, y_val, y_test)],
    'same_start': all(np.array_equal(p, q) for (a, _), (b, _) in zip(small_network().parameters(),
                                                                    small_network().parameters())
                      for p, q in zip(a.values(), b.values())),
    'grid': grid, 'budget_epochs': budget_epochs, 'budget_steps': budget_steps,
    'steps_per_epoch': {name: s.steps_per_epoch for name, s in sweeps.items()},
    'sweep_losses': {name: [c.tolist() for c in s.losses] for name, s in sweeps.items()},
    'sweep_diverged': {name: s.diverged.tolist() for name, s in sweeps.items()},
    'at_epochs': {name: v.tolist() for name, v in at_epochs.items()},
    'at_steps': {name: v.tolist() for name, v in at_steps.items()},
    'best': best, 'shared': shared, 'full_vs_mini_steps': float(full_vs_mini_steps),
    'largest_stable': largest_stable,
    'opt_grid': opt_grid, 'opt_samples': len(x_opt), 'opt_steps': {n: s.steps_per_epoch for n, s in opt_sweeps.items()},
    'shared_lr': shared_lr, 'schedule_samples': len(x_sch), 'schedule_batch': schedule_batch,
    'overfit_units': baseline_model.layers[1].n_out,
    'opt_final': {name: s.final.tolist() for name, s in opt_sweeps.items()},
    'opt_best_losses': {name: s.best_losses.tolist() for name, s in opt_sweeps.items()},
    'best_opt': best_opt,
    'lr_losses': {name: v.tolist() for name, v in lr_losses.items()}, 'increases': increases,
    'lambda_start': lambda_start, 'lambda_end': lambda_end, 'learning_rates': learning_rates,
    'n_params': lr_models['η = 1'].n_parameters(),
    'schedule_lr': {name: run.lr for name, run in schedule_runs.items()},
    'schedule_loss': {name: run.train_loss for name, run in schedule_runs.items()},
    'schedule_epochs': schedule_epochs, 'constant_ups': constant_ups, 'constant_best': constant_best,
    'train_loss': baseline.train_loss, 'val_loss': baseline.val_loss, 'val_accuracy': baseline.val_accuracy,
    'best_epoch': best_epoch, 'val_rise': float(val_rise), 'train_drop': float(train_drop), 'n_few': int(len(few)),
    'few_counts': np.bincount(y_train[few], minlength=10).tolist(),
    'remedies': {name: {'best': h.best_epoch, 'val_loss': h.val_loss, 'val_accuracy': h.val_accuracy,
                        'train_loss': h.train_loss} for name, (m, h) in remedy_runs.items()},
    'chosen': chosen, 'test_loss': test_loss, 'test_accuracy': test_accuracy,
    'lambda_linear': lambda_linear, 'lambda_direct': lambda_direct, 'diverging': diverging,
    'linear_diverged': linear_sweep.diverged.tolist(),
    'moves': moves.tolist(), 'within_5': within_5,
}"""

PAGE = "chapters/training.qmd"
FULL, MINI, SGD = "full batch", "mini-batch (B = 12)", "stochastic (B = 1)"


def _page(run_page):
    return run_page(PAGE, probe=PROBE)


def _alt(run, figure):
    return run.figure(figure).cell.options["fig-alt"]


def test_every_figure_is_drawn_in_both_themes(run_page):
    run = _page(run_page)
    for figure in ("fig-batch-sweep", "fig-optimizers", "fig-learning-rates", "fig-schedule", "fig-overfitting"):
        assert list(run.figure(figure).images) == ["light", "dark"], figure
    assert run.probe["same_start"]


def test_three_way_split(run_page):
    p = _page(run_page).probe
    total, train, val, test = p["sizes"]
    assert total == 1797 and train + val + test == total and (train, val, test) == (1010, 337, 450)
    train_counts, val_counts, test_counts = (np.array(c) for c in p["class_counts"])
    # stratified: every class in (nearly) the same proportion in each part
    for counts, size in ((train_counts, train), (val_counts, val), (test_counts, test)):
        assert np.all(np.abs(counts / size - 0.1) < 0.01)


def test_batch_size_comparison_at_fair_learning_rates(run_page):
    run = _page(run_page)
    p = run.probe
    grid = p["grid"]
    assert p["steps_per_epoch"] == {FULL: 1, MINI: 10, SGD: 120}  # 120 digits, B = 12
    assert (p["budget_epochs"], p["budget_steps"], p["shared_lr"]) == (3, 120, 0.1)
    at_epochs, at_steps = p["at_epochs"], p["at_steps"]
    for name in (FULL, MINI, SGD):
        curves, diverged = p["sweep_losses"][name], p["sweep_diverged"][name]
        steps = p["steps_per_epoch"][name]
        for k, (curve, d) in enumerate(zip(curves, diverged)):
            expect_e = curve[3] if len(curve) > 3 and not d else math.inf
            expect_s = curve[120 // steps] if len(curve) > 120 // steps and not d else math.inf
            assert at_epochs[name][k] == expect_e and at_steps[name][k] == expect_s
        for budget, values in (("epochs", at_epochs[name]), ("steps", at_steps[name])):
            assert p["best"][budget][name] == [grid[int(np.argmin(values))], min(values)]
        assert diverged[grid.index(3.0)]  # every method diverges at 3
    best = {budget: {name: value for name, (lr, value) in p["best"][budget].items()} for budget in p["best"]}
    # per epoch: stochastic < mini-batch < full batch, by wide margins
    assert best["epochs"][SGD] < 0.5 * best["epochs"][MINI] and best["epochs"][MINI] < 0.5 * best["epochs"][FULL]
    # per step: full batch and mini-batch close, stochastic far behind
    assert abs(p["full_vs_mini_steps"]) < 0.1 and best["steps"][SGD] > 10 * best["steps"][FULL]
    assert p["largest_stable"] == {FULL: 1.0, MINI: 1.0, SGD: 0.3}
    # the pitfall: at eta = 0.1 the per-step gap looks small, at the best rates it is large
    shared = p["shared"]["steps"]
    assert 1 < shared[SGD] / shared[FULL] < 2 and best["steps"][SGD] / best["steps"][FULL] > 20
    alt = _alt(run, "fig-batch-sweep")
    assert f"about {best['epochs'][SGD]:.2f} at learning rate 0.1" in alt
    assert f"about {best['epochs'][MINI]:.2f} at learning rate 1" in alt
    assert min(v for v in at_epochs[FULL] if v < math.inf) > 1.6 and "above 1.6" in alt
    assert f"about {best['steps'][FULL]:.3f} at learning rate 1" in alt
    assert abs(best["steps"][MINI] - best["steps"][FULL]) < 0.002
    assert f"about {best['steps'][SGD]:.2f}, at learning rate 0.1" in alt


def test_optimizer_comparison(run_page):
    run = _page(run_page)
    p = run.probe
    grid, final = p["opt_grid"], {name: np.array(v) for name, v in p["opt_final"].items()}
    assert p["opt_samples"] == 400 and set(p["opt_steps"].values()) == {13}  # 400 digits, batches of 32
    assert grid[0] == 0.001 and grid[-1] == 3.0
    best = p["best_opt"]
    for name, values in final.items():
        assert best[name] == [grid[int(np.argmin(values))], values.min()]
    assert {name: lr for name, (lr, _) in best.items()} == {"SGD": 1.0, "momentum (β = 0.9)": 0.3, "Adam": 0.03,
                                                           "NAdam": 0.03}
    ranking = sorted(best, key=lambda name: best[name][1])
    assert ranking[-1] == "SGD"  # all three beat plain SGD
    assert best["SGD"][1] > 1.5 * max(best[name][1] for name in ranking[:-1])
    # "the momentum curve is the SGD curve moved about ten times to the left"
    sgd, momentum = final["SGD"], final["momentum (β = 0.9)"]
    for lr in (0.01, 0.03, 0.1, 0.3, 1.0):
        assert abs(math.log(momentum[grid.index(lr / 10)] / sgd[grid.index(lr)])) < math.log(1.7), lr
    # at equal eta momentum looks an order of magnitude better
    assert sgd[grid.index(0.1)] / momentum[grid.index(0.1)] > 10
    alt = _alt(run, "fig-optimizers")
    curves = {name: np.array(v) for name, v in p["opt_best_losses"].items()}
    assert all(abs(c[0] - 2.5) < 0.1 and len(c) == 6 for c in curves.values())
    others = [curves[name][-1] for name in curves if name != "SGD"]
    assert f"between about {min(others):.3f} and {max(others):.2f}" in alt
    assert f"SGD at about {curves['SGD'][-1]:.2f}" in alt


def test_learning_rates_and_the_curvature_bound(run_page):
    run = _page(run_page)
    p = run.probe
    losses = {name: np.array(v) for name, v in p["lr_losses"].items()}
    small, good, edge, large = (losses[name] for name in ("η = 0.01", "η = 1", "η = 2", "η = 3"))
    assert len(good) == 101 and small[0] == good[0] == edge[0] == large[0]
    assert np.all(np.diff(small) < 0) and small[-1] > 0.8 * small[0]
    assert good[-1] < 0.11 and p["increases"]["η = 1"] <= 2
    assert p["increases"]["η = 2"] == int(np.sum(np.diff(edge) > 0)) > 30 and edge.max() > 3 * edge[0]
    assert edge[-1] < 0.1 * edge[0]  # "finds its way down"
    assert large[-1] > 5 * large[0] and large.max() > 15 * large[0]
    alt = _alt(run, "fig-learning-rates")
    assert f"ending near {large[-1]:.0f}" in alt and f"ends near {edge[-1]:.2f}" in alt
    assert f"up to about {edge.max():.0f}" in alt and f"to about {good[-1]:.1f}" in alt
    # curvature: the page's power iteration against one built on PyTorch's exact Hessian-vector products
    lam0 = p["lambda_start"]
    assert abs(lam0 - _torch_lambda_max()) < 0.01 * lam0
    ratio_start = {name: lr * lam0 / 2 for name, lr in p["learning_rates"].items()}
    ratio_end = {name: lr * p["lambda_end"][name] / 2 for name, lr in p["learning_rates"].items()}
    assert ratio_start["η = 1"] > 1 and ratio_start["η = 2"] > 1  # the start violates the bound ...
    assert ratio_end["η = 1"] < 1 and ratio_end["η = 2"] < 1  # ... where training settles it holds
    assert ratio_end["η = 3"] > 5 and ratio_end["η = 0.01"] < 0.1
    assert p["n_params"] == 2410


def _torch_lambda_max():
    """Power iteration with torch.autograd's exact H v, on the page's training data and initial weights.

    The data split and the initial weights are rebuilt as the page builds them (same seeds).
    """
    images, labels = data.load_digits()
    rng = np.random.default_rng(0)
    x_rest, _, y_rest, _ = data.stratified_split(images, labels, test_fraction=0.25, rng=rng)
    x_train, _, y_train, _ = data.stratified_split(x_rest, y_rest, test_fraction=0.25, rng=rng)
    x = torch.tensor(x_train.reshape(len(x_train), -1))
    t = torch.tensor(nn.one_hot(y_train, 10))
    init = np.random.default_rng(1)
    first, second = nn.Dense(64, 32, rng=init), nn.Dense(32, 10, rng=init)
    w1, b1, w2, b2 = (torch.tensor(layer.params[key]) for layer in (first, second) for key in ("weights", "bias"))
    sizes = [w1.numel(), b1.numel(), w2.numel(), b2.numel()]

    def loss(theta):
        a, b, c, d = torch.split(theta, sizes)
        logits = torch.tanh(x @ a.reshape(w1.shape) + b) @ c.reshape(w2.shape) + d
        return torch.nn.functional.cross_entropy(logits, t)

    theta = torch.cat([w1.ravel(), b1, w2.ravel(), b2])
    v = torch.tensor(np.random.default_rng(0).standard_normal(theta.numel()))
    v /= v.norm()
    value = 0.0
    for _ in range(300):
        hv = torch.autograd.functional.hvp(loss, theta, v)[1]
        value = float(v @ hv)
        v = hv / hv.norm()
    return value


def test_schedule(run_page):
    run = _page(run_page)
    p = run.probe
    epochs = p["schedule_epochs"]
    assert (p["schedule_samples"], p["schedule_batch"], epochs) == (400, 8, 8)
    lrs, losses = p["schedule_lr"], {name: np.array(v) for name, v in p["schedule_loss"].items()}
    assert lrs["constant η = 1"] == [1.0] * epochs and lrs["constant η = 0.1"] == [0.1] * epochs
    np.testing.assert_allclose(lrs["cosine from η = 1"], [0.5 * (1 + math.cos(math.pi * e / epochs)) for e in range(epochs)])
    constant, cosine, small = losses["constant η = 1"], losses["cosine from η = 1"], losses["constant η = 0.1"]
    assert cosine[-1] < small[-1] and cosine[-1] < constant[-1]  # the schedule ends lowest
    assert np.all(np.diff(cosine) < 0) and np.all(np.diff(small) < 0)  # smooth
    assert p["constant_ups"] == int(np.sum(np.diff(constant) > 0)) >= 2 and constant[-1] > p["constant_best"]
    alt = _alt(run, "fig-schedule")
    assert f"ends near {constant[-1]:.2f}" in alt and f"smoothly to about {cosine[-1]:.2f}" in alt
    assert f"smoothly to about {small[-1]:.2f}" in alt
    rises = [e + 1 for e in range(1, epochs) if constant[e] > constant[e - 1]]
    assert f"rising again at epochs {' and '.join(map(str, rises))}" in alt


def test_overfitting_and_remedies(run_page):
    run = _page(run_page)
    p = run.probe
    train, val = np.array(p["train_loss"]), np.array(p["val_loss"])
    best = p["best_epoch"]
    assert p["n_few"] == 200 and p["few_counts"] == [20] * 10 and len(val) == 60 and p["overfit_units"] == 64
    assert best == int(np.argmin(val)) and 0 < best < 59
    assert p["val_rise"] > 0.2 and p["train_drop"] > 5 and train[-1] < 0.01
    assert np.all(np.diff(train) < 0)  # training loss keeps falling
    assert abs(p["val_accuracy"][-1] - p["val_accuracy"][best]) < 0.02  # "hardly changes"
    alt = _alt(run, "fig-overfitting")
    assert f"about {val[best]:.2f} at epoch {best + 1}" in alt and f"to about {val[-1]:.2f} at epoch 60" in alt
    assert train[:3].min() > 1 and val[:4].min() > 1  # "the first few epochs, above 1, are cut off"
    remedies = p["remedies"]
    best_val = {name: min(r["val_loss"]) for name, r in remedies.items()}
    assert p["chosen"] == min(best_val, key=best_val.get) == "weight decay (λ = 0.001)"
    decay, base = remedies["weight decay (λ = 0.001)"], remedies["none (early stopping only)"]
    assert decay["val_loss"][-1] < base["val_loss"][-1] - 0.05 and decay["train_loss"][-1] > base["train_loss"][-1]
    augmented = remedies["augmentation (shifts of ±1 pixel)"]
    assert min(augmented["val_loss"]) > 2 * best_val["none (early stopping only)"] and augmented["train_loss"][-1] > 0.1
    assert all(r["best"] == int(np.argmin(r["val_loss"])) for r in remedies.values())
    assert 0.3 < p["test_loss"] < 0.4 and 0.85 < p["test_accuracy"] < 0.95


def test_exercise_solutions(run_page):
    p = _page(run_page).probe
    assert abs(p["lambda_linear"] - p["lambda_direct"]) < 1e-6 * p["lambda_direct"]
    assert p["diverging"] == [1.1, 1.5] and p["linear_diverged"] == [False, False, True, True]
    moves = np.array(p["moves"])
    assert abs(moves[0] - 0.01) < 1e-12 and abs(moves[-1] - 0.1) < 1e-3
    assert p["within_5"] == math.ceil(math.log(0.05) / math.log(0.9)) == 29
