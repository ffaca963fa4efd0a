"""The toy landscape and the grid-against-random comparison."""

import math

import numpy as np
import pytest

from mlwiki.tuning import BEST_X, grid_vs_random, one_relevant_score


def test_score_ignores_y_and_peaks_at_best_x():
    assert one_relevant_score(BEST_X, 0.9) == 1.0
    assert one_relevant_score(0.5, 0.1) == one_relevant_score(0.5, 0.8) == pytest.approx(math.exp(-3.125))
    half = 0.08 * math.sqrt(2 * math.log(2))
    assert one_relevant_score(BEST_X + half, 0.0) == pytest.approx(0.5)
    assert one_relevant_score(np.array([0.3, 0.5]), 0.0).shape == (2,)


def test_grid_vs_random_counts_and_best_scores():
    result = grid_vs_random([2, 3, 4], n_repeats=200, rng=np.random.default_rng(0))
    assert result.n_trials.tolist() == [4, 9, 16]
    assert result.grid_distinct_x.tolist() == [2, 3, 4]
    assert result.random_distinct_x.tolist() == [4, 9, 16]
    np.testing.assert_allclose(result.grid_best, [max(one_relevant_score(v, 0) for v in np.linspace(0, 1, k))
                                                  for k in (2, 3, 4)])
    assert result.random_best.shape == (3, 200)
    # Closed form for the median's context: P(a random trial lands within 0.05 of the peak) = 0.1.
    assert np.all(result.random_best <= 1.0)
    assert result.random_wins[1] > 0.9          # 9 random trials beat the 3 x 3 grid almost always


@pytest.mark.parametrize("kwargs, message", [
    (dict(points_per_dim=[], n_repeats=2), "points_per_dim must hold at least one grid size"),
    (dict(points_per_dim=[1], n_repeats=2), "points_per_dim must hold sizes >= 2"),
    (dict(points_per_dim=[2], n_repeats=0), "n_repeats must be > 0"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        grid_vs_random(rng=np.random.default_rng(0), **kwargs)
    with pytest.raises(ValueError, match="x and y must be finite"):
        one_relevant_score(np.nan, 0.0)
