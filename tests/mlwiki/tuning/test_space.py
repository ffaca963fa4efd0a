"""Search spaces: sampling matches SciPy's log-uniform law and Optuna's distributions."""

import math

import numpy as np
import optuna
import pytest
from scipy import stats

from mlwiki.tuning import IntLogUniform, LogUniform, Uniform, grid_configs, sample_configs


def test_log_uniform_matches_scipy_loguniform():
    draws = LogUniform(1e-4, 1.0).sample(np.random.default_rng(0), 20000)
    assert draws.min() >= 1e-4 and draws.max() < 1.0
    assert stats.kstest(draws, stats.loguniform(1e-4, 1.0).cdf).pvalue > 0.01
    # a quarter of the draws per decade
    decades = np.floor(np.log10(draws)).astype(int)
    np.testing.assert_allclose(np.bincount(decades + 4) / draws.size, 0.25, atol=0.015)


def test_uniform_matches_scipy_uniform():
    draws = Uniform(-1.0, 3.0).sample(np.random.default_rng(1), 20000)
    assert stats.kstest(draws, stats.uniform(-1.0, 4.0).cdf).pvalue > 0.01


def test_int_log_uniform_matches_optuna_random_sampler():
    dist = IntLogUniform(8, 128)
    ours = dist.sample(np.random.default_rng(2), 20000)
    assert ours.dtype == np.int64 and ours.min() >= 8 and ours.max() <= 128
    # Optuna draws log-uniformly on [low - 1/2, high + 1/2] and rounds; probabilities in closed form:
    values = np.arange(8, 129)
    edges_low, edges_high = np.maximum(values - 0.5, 7.5), np.minimum(values + 0.5, 128.5)
    expected = (np.log(edges_high) - np.log(edges_low)) / (math.log(128.5) - math.log(7.5))
    observed = np.bincount(ours - 8, minlength=values.size) / ours.size
    assert np.abs(observed - expected).max() < 0.006
    sampler = optuna.samplers.RandomSampler(seed=0)
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=sampler)
    theirs = np.array([study.ask({"w": dist.to_optuna()}).params["w"] for _ in range(4000)])
    assert np.abs(np.bincount(theirs - 8, minlength=values.size) / theirs.size - expected).max() < 0.015


def test_to_optuna_gives_the_same_ranges():
    assert LogUniform(1e-3, 0.5).to_optuna() == optuna.distributions.FloatDistribution(1e-3, 0.5, log=True)
    assert IntLogUniform(2, 64).to_optuna() == optuna.distributions.IntDistribution(2, 64, log=True)
    assert Uniform(0.0, 1.0).to_optuna() == optuna.distributions.FloatDistribution(0.0, 1.0)


def test_grids_include_both_ends():
    np.testing.assert_allclose(LogUniform(1e-4, 1.0).grid(5), [1e-4, 1e-3, 1e-2, 1e-1, 1.0])
    np.testing.assert_allclose(Uniform(0, 1).grid(3), [0, 0.5, 1])
    assert IntLogUniform(8, 128).grid(3).tolist() == [8, 32, 128]
    assert IntLogUniform(1, 3).grid(10).tolist() == [1, 2, 3]          # rounding merges duplicates


def test_grid_configs_is_the_cartesian_product_first_name_slowest():
    space = {"lr": LogUniform(0.01, 1.0), "width": IntLogUniform(4, 16)}
    configs = grid_configs(space, {"lr": 3, "width": 2})
    assert len(configs) == 6
    assert [c["width"] for c in configs] == [4, 16, 4, 16, 4, 16]
    assert [round(c["lr"], 12) for c in configs[::2]] == [0.01, 0.1, 1.0]
    assert all(isinstance(c["width"], int) and isinstance(c["lr"], float) for c in configs)
    assert len(grid_configs(space, 4)) == 16


def test_sample_configs_are_reproducible_and_distinct():
    space = {"x": Uniform(0, 1), "y": Uniform(0, 1)}
    a = sample_configs(space, 9, np.random.default_rng(3))
    b = sample_configs(space, 9, np.random.default_rng(3))
    assert a == b and len({c["x"] for c in a}) == 9


@pytest.mark.parametrize("make, message", [
    (lambda: LogUniform(0.0, 1.0), "LogUniform: low must be > 0"),
    (lambda: LogUniform(1.0, 0.1), "low must be < high"),
    (lambda: Uniform(0, float("inf")), "high must be finite"),
    (lambda: Uniform("a", 1), "low must be a real number"),
    (lambda: IntLogUniform(1.5, 4), "IntLogUniform: low must be an integer"),
    (lambda: IntLogUniform(0, 4), "low must be > 0"),
    (lambda: LogUniform(0.1, 1).grid(1), "n must be >= 2"),
    (lambda: LogUniform(0.1, 1).sample(np.random.default_rng(0), 0), "size must be > 0"),
    (lambda: LogUniform(0.1, 1).sample(0, 3), "rng must be a numpy.random.Generator"),
    (lambda: sample_configs({}, 3, np.random.default_rng(0)), "space must be a non-empty dict"),
    (lambda: sample_configs({"x": (0, 1)}, 3, np.random.default_rng(0)), r"space\['x'\] must be Uniform"),
    (lambda: sample_configs({1: Uniform(0, 1)}, 3, np.random.default_rng(0)), "space keys must be"),
    (lambda: sample_configs({"x": Uniform(0, 1)}, 0, np.random.default_rng(0)), "n_configs must be > 0"),
    (lambda: grid_configs({"x": Uniform(0, 1)}, {"y": 3}), "points_per_dim must name exactly"),
])
def test_bad_arguments(make, message):
    with pytest.raises(ValueError, match=message):
        make()
