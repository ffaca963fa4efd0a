"""Claims of chapters/preparing-data.qmd, read from the executed page."""

import itertools

import numpy as np
import pytest
from scipy.ndimage import shift as ndimage_shift
from scipy.stats import binom
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

PAGE = "chapters/preparing-data.qmd"

PROBE = """{
    'raw_max': float(raw_pixels.max()), 'pixels_range': [float(pixels.min()), float(pixels.max())],
    'scaled_sgd': scaled_sgd, 'raw_sgd': raw_sgd, 'raw_sgd_slow': raw_sgd_slow,
    'codes': codes.tolist(), 'scaled_codes': scaled_codes.tolist(), 'code_gap': code_gap, 'one_hot_gap': one_hot_gap,
    'days': days, 'sales': sales.tolist(),
    'ordinal_mse': {'|'.join(k): v for k, v in ordinal_mse.items()},
    'dummy_coefficients': dummy_coefficients.tolist(), 'dummy_mse': dummy_mse,
    'full_shape': list(full.shape), 'full_rank': int(full_rank), 'reference_rank': int(reference_rank),
    'reference_columns': int(reference.shape[1]), 'smallest_singular': float(smallest_singular),
    'full_mse': full_mse, 'same_predictions': same_predictions,
    'split_sizes': list(split_sizes), 'final_test_labels': y_final_test.tolist(), 'validation_labels': y_validation.tolist(),
    'candidate_accuracy': candidate_accuracy.tolist(),
    'on_test_reported': on_test.reported.tolist(), 'on_test_fresh': on_test.fresh.tolist(),
    'on_test_mean': on_test.mean_optimism, 'on_test_se': on_test.standard_error,
    'on_validation_mean': on_validation.mean_optimism, 'on_validation_se': on_validation.standard_error,
    'validation_points': validation_points, 'share_flattered': share_flattered,
    'measured_points': measured_points, 'independent_points': independent_points,
    'count_se': {m: o.standard_error for m, o in optimism_by_count.items()},
    'augmentation': augmentation_results, 'short_centred': short_centred,
    'shifted_test_first': shifted_test[:5].tolist(), 'test_first': test_images[:5].tolist(),
    'mirror_recall': mirror_recall.tolist(), 'survivors': survivors, 'casualties': casualties, 'n_lost': n_lost,
    'mirror_accuracy': float(mirror_matrix.trace() / mirror_matrix.sum()),
    'best_of_twenty': best_of_twenty, 'raw_adam': raw_adam, 'scaled_adam': scaled_adam,
    'linear': {k: [float(a), float(b)] for k, (a, b) in linear.items()},
}"""


@pytest.fixture(scope="module")
def run(run_page):
    return run_page(PAGE, probe=PROBE)


@pytest.fixture(scope="module")
def p(run):
    return run.probe


def test_scaling(p):
    assert p["raw_max"] == 16 and p["pixels_range"] == [0.0, 1.0]
    # Scaled pixels train with plain SGD; raw ones, at the same learning rate, do not.
    assert p["scaled_sgd"] > 0.9 and p["raw_sgd"] < 0.7
    assert p["scaled_sgd"] - p["raw_sgd"] > 0.3
    # A sixteen times smaller learning rate rescues the raw pixels.
    assert p["raw_sgd_slow"] > p["raw_sgd"] + 0.2


def test_character_codes(p):
    assert p["codes"] == [ord(c) for c in "-_/#"] == [45, 95, 47, 35]
    np.testing.assert_allclose(p["scaled_codes"], np.array([45, 95, 47, 35]) / 127)
    assert p["code_gap"]["-_"] == pytest.approx(50 / 127) and p["code_gap"]["-/"] == pytest.approx(2 / 127)
    assert p["one_hot_gap"] == pytest.approx(np.sqrt(2))


def test_ordinal_and_one_hot_fits_match_scikit_learn(p):
    days, sales = p["days"], np.array(p["sales"])
    flavours = ["vanilla", "chocolate", "strawberry"]
    assert len(days) == 60 and set(days) == set(flavours)
    for order in itertools.permutations(flavours):
        codes = OrdinalEncoder(categories=[list(order)]).fit_transform(np.array(days)[:, None])
        fit = LinearRegression().fit(codes, sales)
        mse = np.mean((fit.predict(codes) - sales) ** 2)
        assert p["ordinal_mse"]["|".join(order)] == pytest.approx(mse, rel=1e-9)
    values = sorted(p["ordinal_mse"].values())
    assert f"{values[0]:.1f}" == "37.5" and f"{values[-1]:.1f}" == "313.0"
    dummies = OneHotEncoder(categories=[flavours], drop="first", sparse_output=False).fit_transform(np.array(days)[:, None])
    fit = LinearRegression().fit(dummies, sales)
    np.testing.assert_allclose(p["dummy_coefficients"], np.append(fit.intercept_, fit.coef_), atol=1e-9)
    assert p["dummy_mse"] == pytest.approx(np.mean((fit.predict(dummies) - sales) ** 2))
    # The intercept is vanilla's average; the coefficients are differences from it.
    means = {f: sales[np.array(days) == f].mean() for f in flavours}
    assert p["dummy_coefficients"][0] == pytest.approx(means["vanilla"])
    assert p["dummy_coefficients"][1] == pytest.approx(means["chocolate"] - means["vanilla"])
    # "the day-to-day noise": the one-hot error is below every ordinal fit, near 5^2 = 25.
    assert p["dummy_mse"] < values[0] and 15 < p["dummy_mse"] < 35


def test_dummy_variable_trap(p):
    assert p["full_shape"] == [60, 4] and p["full_rank"] == 3
    assert p["reference_rank"] == p["reference_columns"] == 3
    assert p["smallest_singular"] < 1e-12
    assert p["full_mse"] == pytest.approx(p["dummy_mse"], rel=1e-9)
    assert p["same_predictions"] < 1e-9


def test_three_way_split(p):
    assert p["split_sizes"] == [1079, 359, 359] and sum(p["split_sizes"]) == 1797
    for part in ("final_test_labels", "validation_labels"):
        counts = np.bincount(p[part], minlength=10)
        assert counts.min() >= 35 and counts.max() <= 37


def test_optimism_of_choosing_on_the_test_set(p, run):
    acc = np.array(p["candidate_accuracy"])
    assert acc.size == 50 and f"{acc.min():.1%}" == "78.2%" and f"{acc.max():.1%}" == "89.5%"
    reported, fresh = np.array(p["on_test_reported"]), np.array(p["on_test_fresh"])
    assert reported.size == fresh.size == 1000
    assert p["on_test_mean"] == pytest.approx(np.mean(reported - fresh))
    assert p["share_flattered"] == pytest.approx(np.mean(reported > fresh))
    assert round(100 * p["on_test_mean"], 1) == 5.1 and p["on_test_mean"] > 20 * p["on_test_se"]
    assert f"{p['share_flattered']:.0%}" == "98%"
    # Validation then test: unbiased within noise.
    assert abs(p["on_validation_mean"]) < 3 * p["on_validation_se"] and p["validation_points"] == 0.0
    # Reported scores are multiples of 1/100 (100 test digits).
    np.testing.assert_allclose(reported * 100, np.round(reported * 100))
    measured = p["measured_points"]
    assert abs(measured["1"]) < 3 * 100 * p["count_se"]["1"]
    counts = [1, 2, 5, 10, 20, 50]
    assert all(measured[str(a)] < measured[str(b)] for a, b in zip(counts, counts[1:]))
    # The independent-errors column: exact expectation, recomputed here with scipy.
    for m in counts:
        p_mean = acc[:m].mean()
        k = np.arange(0, 101)
        pmf_max = binom.cdf(k, 100, p_mean) ** m - np.append(0, binom.cdf(k[:-1], 100, p_mean) ** m)
        expected = (k * pmf_max).sum() / 100 - p_mean
        assert p["independent_points"][str(m)] == pytest.approx(round(100 * expected, 1) + 0.0)
        if m > 1:
            assert measured[str(m)] < p["independent_points"][str(m)]
    alt = run.figure("fig-optimism").cell.options["fig-alt"]
    assert "1000 draws" in alt and "near +0.05" in alt and round(p["on_test_mean"], 2) == 0.05
    assert "dashed mean line at 0" in alt and round(p["on_validation_mean"], 2) == 0.0


def test_augmentation(p, run):
    results = p["augmentation"]
    plain, shifts, mirrors = (results[k] for k in ("original only", "+ one-pixel shifts", "+ mirror images"))
    assert (plain["size"], shifts["size"], mirrors["size"]) == (1347, 5 * 1347, 2 * 1347)
    # The shifted test digits really are the centred ones moved by one pixel (scipy as oracle).
    for moved, original in zip(np.array(p["shifted_test_first"]), np.array(p["test_first"])):
        candidates = [ndimage_shift(original, s, order=0, mode="constant", cval=0.0)
                      for s in [(0, 1), (0, -1), (1, 0), (-1, 0)]]
        assert any(np.array_equal(moved, c) for c in candidates)
    # Plain network: fragile under shifts.
    assert plain["centred"] > 0.95 and plain["shifted"] < 0.6
    # Shift augmentation: large gain on shifted digits, change under a point on centred ones.
    assert shifts["shifted"] - plain["shifted"] > 0.35
    assert abs(shifts["centred"] - plain["centred"]) < 0.01
    # With fewer steps the augmented network is behind on centred digits.
    assert p["short_centred"] < plain["centred"]
    # Mirroring costs on centred digits and does not help on shifted ones.
    assert plain["centred"] - mirrors["centred"] > 0.01
    assert mirrors["shifted"] <= plain["shifted"]
    recall = np.array(p["mirror_recall"])
    assert p["survivors"] == [d for d in range(10) if recall[d] >= 0.75] == [0, 4]
    assert p["casualties"] == [d for d in range(10) if recall[d] < 0.25] == [3, 5, 6]
    assert p["n_lost"] == 8 and p["n_lost"] > 5                      # "for most digits"
    assert p["mirror_accuracy"] < 0.5
    alt = run.figure("fig-augmentations").cell.options["fig-alt"]
    assert "Three rows of ten 8 by 8" in alt


def test_exercise_solutions(p):
    # Best of 20 independent 90 % models on 200 examples, by simulation.
    rng = np.random.default_rng(0)
    simulated = rng.binomial(200, 0.9, size=(100_000, 20)).max(axis=1).mean() / 200
    assert p["best_of_twenty"] == pytest.approx(simulated, abs=5e-4)
    assert f"{p['best_of_twenty']:.1%}" == "93.8%"
    # Adam does not mind the raw scale.
    assert p["raw_adam"] > 0.9 and abs(p["raw_adam"] - p["scaled_adam"]) < 0.02
    assert p["raw_adam"] - p["raw_sgd"] > 0.3
    # The linear model gains on shifted digits but loses on centred ones, unlike the network.
    plain, shifts = p["linear"]["plain"], p["linear"]["shifts"]
    assert shifts[1] > plain[1] + 0.2
    assert plain[0] - shifts[0] > 0.03
    network = p["augmentation"]
    assert (network["original only"]["centred"] - network["+ one-pixel shifts"]["centred"]) < plain[0] - shifts[0]
