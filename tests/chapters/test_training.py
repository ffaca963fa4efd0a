"""Claims of chapters/training.qmd, read from the executed page."""

import numpy as np

PROBE = """{
    'same_start': all(np.array_equal(p, q)
                      for la, lb in zip(small_network().layers, small_network().layers)
                      for p, q in zip(la.params.values(), lb.params.values())),
    'batch_runs': {name: {'loss': run['loss'].tolist(), 'steps': run['steps'].tolist(),
                          'seconds_per_epoch': run['seconds_per_epoch']}
                   for name, run in batch_runs.items()},
    'loss_at_epoch_10': loss_at_epoch_10, 'loss_at_step_500': loss_at_step_500,
    'full_vs_mini_step_gap': full_vs_mini_step_gap, 'slowdown_per_epoch': slowdown_per_epoch,
    'step_cost_ratio': step_cost_ratio,
    'optimizer_losses': {name: losses.tolist() for name, losses in optimizer_losses.items()},
    'reached': reached, 'fastest_to_01': fastest_to_01, 'first_to_01': first_to_01,
    'sgd_final': float(sgd_final), 'best_other_final': float(best_other_final),
    'lr_losses': {name: losses.tolist() for name, losses in lr_losses.items()},
    'large_increases': large_increases,
    'overfit_loss': overfit.loss, 'overfit_val_loss': overfit.val_loss,
    'overfit_val_accuracy': overfit.val_accuracy, 'best': best,
    'test_rise': float(test_rise), 'train_drop': float(train_drop), 'n_few': int(len(few)),
    'wrong_loss': float(per_digit_loss[is_wrong].mean()),
    'right_loss': float(per_digit_loss[~is_wrong].mean()),
}"""

FULL, MINI, SINGLE = "full batch", "mini-batch (B = 32)", "stochastic (B = 1)"


def _page(run_page):
    return run_page("chapters/training.qmd", probe=PROBE)


def test_every_figure_is_drawn(run_page):
    run = _page(run_page)
    for label in ("fig-batch-size", "fig-optimizers", "fig-learning-rates", "fig-overfitting"):
        assert len(run.cell(label).figures) == 1
    assert run.probe["same_start"]


def test_batch_size_comparison(run_page):
    p = _page(run_page).probe
    runs = p["batch_runs"]
    # step bookkeeping: 1, 16 and 500 updates per epoch on 500 examples
    assert runs[FULL]["steps"][:2] == [1, 2]
    assert runs[MINI]["steps"][:2] == [16, 32]
    assert runs[SINGLE]["steps"][:2] == [500, 1000]
    # per epoch: stochastic < mini-batch < full batch, by wide margins
    at10 = p["loss_at_epoch_10"]
    assert at10[SINGLE] < 0.1 * at10[MINI] and at10[MINI] < 0.5 * at10[FULL]
    # per step: full batch and mini-batch practically equal, stochastic behind both
    at500 = p["loss_at_step_500"]
    assert p["full_vs_mini_step_gap"] < 0.01
    assert at500[SINGLE] > 1.05 * max(at500[FULL], at500[MINI])
    # wall clock: a stochastic epoch costs far more than a full-batch or mini-batch one
    assert p["slowdown_per_epoch"] > 5
    assert runs[SINGLE]["seconds_per_epoch"] > runs[MINI]["seconds_per_epoch"]
    assert p["step_cost_ratio"] < 8  # "less than a quarter of the time of 32 stochastic steps"
    for run in runs.values():
        assert np.all(np.isfinite(run["loss"]))


def test_optimizer_comparison(run_page):
    p = _page(run_page).probe
    reached = p["reached"]
    sgd = "SGD (η = 0.1)"
    assert reached[sgd] == [None, None]  # "does not get below 0.1 in 20 epochs"
    others = [name for name in reached if name != sgd]
    assert all(None not in reached[name] for name in others)
    assert p["fastest_to_01"] == min(reached[name][0] for name in others)
    assert p["first_to_01"] == [name.split(" (")[0] for name in others
                                if reached[name][0] == p["fastest_to_01"]]
    assert p["sgd_final"] == p["optimizer_losses"][sgd][-1]
    assert p["sgd_final"] > 5 * p["best_other_final"]
    assert p["best_other_final"] == min(p["optimizer_losses"][name][-1] for name in others)


def test_learning_rates(run_page):
    p = _page(run_page).probe
    small, good, large = (np.array(v) for v in p["lr_losses"].values())
    assert small[0] == good[0] == large[0]  # same initial weights, same starting loss
    assert small[-1] > 0.8 * small[0]  # too small: barely moves in 100 steps
    assert np.all(np.diff(small) < 0)  # ... though every step goes downhill
    assert good[-1] < 0.2 and good[-1] < small[-1] and good[-1] < large[-1]
    assert large[-1] > large[0]  # too large: ends above its start
    assert large.max() > 5 * large[0]  # blows up
    assert p["large_increases"] == int(np.sum(np.diff(large) > 0)) > 30  # oscillates
    assert np.all(np.isfinite(large))


def test_overfitting(run_page):
    p = _page(run_page).probe
    train, test = np.array(p["overfit_loss"]), np.array(p["overfit_val_loss"])
    best = p["best"]
    assert p["n_few"] == 200 and len(test) == 200
    assert best == int(np.argmin(test))
    assert 0 < best < len(test) - 1  # the minimum is strictly inside the run
    assert p["test_rise"] > 0.1 and test[-1] > test[best]
    assert p["train_drop"] > 10 and train[-1] < train[best]
    assert np.mean(np.diff(train[best:]) < 0) > 0.95  # training loss keeps falling
    acc = p["overfit_val_accuracy"]
    assert abs(acc[-1] - acc[best]) < 0.03  # "accuracy hardly changes"
    assert p["wrong_loss"] > 10 * p["right_loss"]
