"""Claims of chapters/pca-and-autoencoders.qmd, read from the executed page.

scikit-learn's PCA is the independent computation the page's numbers are held against.
"""

import numpy as np
from sklearn.decomposition import PCA as SklearnPCA

from mlwiki.data import load_digits, stratified_split

PROBE = """{
    'n_digits': len(x), 'ratio': ratio.tolist(), 'k90': k90, 'k95': k95,
    'constant_pixels': constant_pixels.tolist(), 'zero_eigenvalues': zero_eigenvalues,
    'explained_variance': pca.explained_variance.tolist(), 'components8': pca.components[:8].tolist(),
    'test_errors': test_errors.tolist(), 'total_variance': total_variance,
    'shown_labels': y_test[:5].tolist(), 'shown_errors': shown_errors, 'columns': list(columns),
    'cos_uncentred_mean': cos_uncentred_mean, 'cos_centred_mean': cos_centred_mean,
    'uncentred_ratio0': float(uncentred.explained_variance_ratio[0]),
    'uncentred_error_1': uncentred_error_1, 'centred_error_1': centred_error_1,
    'downsize_error': downsize_error, 'pca16_error': pca16_error,
    'sigma': sigma, 'noisy_before': noisy_before, 'ghost_before': ghost_before,
    'noisy_after': noisy_after.tolist(), 'ghost_after': ghost_after.tolist(), 'best_k': best_k, 'noise_kept': noise_kept,
    'k': k, 'linear_loss': [linear_history.loss[0], linear_history.loss[-1]], 'n_epochs': len(linear_history.loss),
    'pca_train_error': pca_train_error, 'linear_error': linear_error, 'pca_error': pca_error,
    'angles': angles.tolist(), 'first_direction_cos': first_direction_cos,
    'results': results, 'mlp_gain': mlp_gain, 'denoising_gain': denoising_gain,
    'noise_gain': noise_gain, 'pca_noise_gain': pca_noise_gain, 'blank_gain': blank_gain, 'blank_pixels': blank_pixels.tolist(),
    'height_variance': height_pca.explained_variance.tolist(), 'height_component': height_pca.components[0].tolist(),
    'predicted_first': predicted_first, 'height_cm_var': float(height_cm.var(ddof=1)),
    'block_share': float(block_share), 'pca16_share': float(pca16_share),
    'quieter_best_k': quieter_best_k, 'quieter_before': quieter_before,
    'quieter_after': float(quieter_errors[quieter_best_k - 1]),
}"""

PAGE = "chapters/pca-and-autoencoders.qmd"


def _data():
    images, labels = load_digits()
    x = images.reshape(len(images), 64)
    return x, labels, stratified_split(x, labels, test_fraction=0.25, rng=np.random.default_rng(0))


def test_principal_components_match_scikit_learn(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    x, _, _ = _data()
    # Introduction: the leftmost and rightmost columns are almost always blank.
    images = x.reshape(-1, 8, 8)
    assert np.mean(images[:, :, [0, 7]] == 0) > 0.98
    oracle = SklearnPCA().fit(x)
    assert p["n_digits"] == 1797
    np.testing.assert_allclose(p["explained_variance"], oracle.explained_variance_, atol=1e-12)
    np.testing.assert_allclose(p["ratio"], oracle.explained_variance_ratio_, atol=1e-12)
    # Components up to sign (the page's convention happens to match scikit-learn's).
    for mine, theirs in zip(np.array(p["components8"]), oracle.components_[:8]):
        assert abs(abs(mine @ theirs) - 1) < 1e-9
    cumulative = np.cumsum(oracle.explained_variance_ratio_)
    assert p["k90"] == int(np.argmax(cumulative >= 0.90)) + 1 == 21
    assert p["k95"] == int(np.argmax(cumulative >= 0.95)) + 1 == 29
    assert f"{p['ratio'][0]:.1%}" == "14.9%" and f"{sum(p['ratio'][:2]):.1%}" == "28.5%"
    # Three always-blank pixels, three zero eigenvalues, 61 components with variance.
    assert p["constant_pixels"] == [0, 32, 39] == np.flatnonzero(x.std(axis=0) == 0).tolist()
    assert p["zero_eigenvalues"] == 3 and all(v == 0 for v in p["explained_variance"][-3:])
    assert p["explained_variance"][60] > 0 and np.sum(oracle.explained_variance_ > 1e-12) == 61


def test_variance_and_components_figures(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    variance_alt = run.figure("fig-variance").cell.options["fig-alt"]
    components_alt = run.figure("fig-components").cell.options["fig-alt"]
    assert "about 15 % for the first" in variance_alt and round(p["ratio"][0], 2) == 0.15
    assert "90 %, reached at k = 21" in variance_alt and "95 %, reached at k = 29" in variance_alt
    assert np.all(np.diff(p["ratio"]) <= 1e-15) and abs(sum(p["ratio"]) - 1) < 1e-12  # bars fall, line reaches 1
    components = np.array(p["components8"])
    # Every one of the first eight mixes clearly positive and clearly negative weights.
    assert np.all(components.max(axis=1) > 0.1) and np.all(components.min(axis=1) < -0.1)
    assert "-0.45 to 0.45" in components_alt and abs(np.abs(components).max() - 0.45) < 0.03
    # Border pixels pale: the outer ring carries little weight compared with the centre.
    ring = np.ones((8, 8), bool)
    ring[1:7, 1:7] = False
    assert np.abs(components.reshape(8, 8, 8)[:, ring]).mean() < 0.4 * np.abs(components.reshape(8, 8, 8)[:, ~ring]).mean()
    for fig in ("fig-variance", "fig-components", "fig-reconstructions", "fig-noise"):
        assert list(run.figure(fig).images) == ["light", "dark"]


def test_reconstructions_and_downsizing(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    _, _, (x_train, x_test, _, y_test) = _data()
    oracle = SklearnPCA().fit(x_train)
    for k in (1, 10, 16, 29):
        oracle_k = SklearnPCA(k).fit(x_train)
        expected = np.mean((oracle_k.inverse_transform(oracle_k.transform(x_test)) - x_test) ** 2)
        assert abs(p["test_errors"][k - 1] - expected) < 1e-12
    # Error with k components = left-out variance of the fit, measured here on new digits: check k = 64.
    assert p["test_errors"][63] < 1e-25 and oracle.n_components_ == 64
    assert [f"{p['test_errors'][i]:.4f}" for i in (0, 9, 28)] == ["0.0623", "0.0195", "0.0035"]
    assert abs(p["total_variance"] - x_test.var(axis=0).mean()) < 1e-15 and f"{p['total_variance']:.4f}" == "0.0735"
    # Alt text: the five digits shown, and their errors.
    alt = run.figure("fig-reconstructions").cell.options["fig-alt"]
    assert p["shown_labels"] == [0, 6, 9, 3, 4] == y_test[:5].tolist() and "a 0, 6, 9, 3 and 4" in alt
    assert p["columns"] == ["original", "k = 1", "k = 2", "k = 5", "k = 10", "k = 16", "k = 29", "4×4 blocks"]
    e = p["shown_errors"]
    assert round(e["k = 1"], 3) == 0.049 and round(e["k = 29"], 4) == 0.0034 and round(e["4×4 blocks"], 3) == 0.049
    assert round(e["k = 16"], 3) == 0.012 and round(e["4×4 blocks"] / e["k = 16"]) == 4
    errors_by_k = [e[f"k = {k}"] for k in (1, 2, 5, 10, 16, 29)]
    assert all(a > b for a, b in zip(errors_by_k, errors_by_k[1:]))  # "come closer to the originals"
    assert "0.049 with 1 component to 0.0034 with 29" in alt and "four times the 0.012" in alt
    # Prose: 16 block averages against 16 components.
    assert f"{p['downsize_error']:.4f}" == "0.0496" and f"{p['pca16_error']:.4f}" == "0.0112"
    assert f"{p['downsize_error'] / p['pca16_error']:.1f}" == "4.4"


def test_uncentred_pitfall(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    x, _, _ = _data()
    # Independent: the first right singular vector of the raw pixels is the mean's direction.
    _, singular_values, vt = np.linalg.svd(x, full_matrices=False)
    mean = x.mean(axis=0)
    assert abs(abs(vt[0] @ mean) / np.linalg.norm(mean) - p["cos_uncentred_mean"]) < 1e-9
    assert f"{p['cos_uncentred_mean']:.5f}" == "0.99998" and abs(p["cos_centred_mean"]) < 0.01
    assert abs(p["uncentred_ratio0"] - singular_values[0] ** 2 / np.sum(singular_values ** 2)) < 1e-9
    assert round(p["uncentred_ratio0"], 2) == 0.70 and round(p["ratio"][0], 2) == 0.15
    assert p["uncentred_error_1"] > p["centred_error_1"]
    assert f"{p['uncentred_error_1']:.4f}" == "0.0712" and f"{p['centred_error_1']:.4f}" == "0.0624"


def test_noise_and_ghost(run_page):
    run = run_page(PAGE, probe=PROBE)
    p = run.probe
    noisy_ratio = np.array(p["noisy_after"]) / p["noisy_before"]
    ghost_ratio = np.array(p["ghost_after"]) / p["ghost_before"]
    assert p["sigma"] == 0.2 and abs(p["noisy_before"] - 0.04) < 0.002 and f"{p['noisy_before']:.3f}" == "0.039"
    assert p["best_k"] == int(np.argmin(noisy_ratio)) + 1 == 19
    assert f"{p['noisy_after'][18]:.4f}" == "0.0203"
    # About k/64 of white noise survives a projection onto k dimensions.
    assert abs(p["noise_kept"] - 19 / 64) < 0.01
    assert f"{p['noise_kept']:.1%}" == "29.9%" and f"{19 / 64:.1%}" == "29.7%"
    # At k = 64 nothing changes; the ghost is never helped.
    assert abs(noisy_ratio[-1] - 1) < 1e-9 and abs(ghost_ratio[-1] - 1) < 1e-9
    assert np.all(ghost_ratio >= 1 - 1e-9)
    alt = run.figure("fig-noise").cell.options["fig-alt"]
    assert f"starts at {noisy_ratio[0]:.1f}" in alt and "minimum of 0.52 at k = 19" in alt and round(noisy_ratio.min(), 2) == 0.52
    assert f"starts at {ghost_ratio[0]:.1f}" in alt and "starts at 1.9" in alt
    # "falls, unevenly, towards 1": not monotone, but far lower at the end than at the start.
    assert np.any(np.diff(ghost_ratio) > 0) and ghost_ratio[-10:].max() < 1.01
    # Exercise: less noise, keep more components.
    assert p["quieter_best_k"] == 40 > p["best_k"]
    assert f"{p['quieter_before']:.4f}" == "0.0099" and f"{p['quieter_after']:.4f}" == "0.0071"


def test_linear_autoencoder_finds_pcas_subspace(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    _, _, (x_train, x_test, _, _) = _data()
    oracle = SklearnPCA(10).fit(x_train)
    oracle_train = np.mean((oracle.inverse_transform(oracle.transform(x_train)) - x_train) ** 2)
    oracle_test = np.mean((oracle.inverse_transform(oracle.transform(x_test)) - x_test) ** 2)
    assert p["k"] == 10 and p["n_epochs"] == 150
    assert abs(p["pca_train_error"] - oracle_train) < 1e-12 and abs(p["pca_error"] - oracle_test) < 1e-12
    # Reaches PCA's error (never below it on the training digits, where PCA is optimal).
    assert p["linear_loss"][1] >= oracle_train * (1 - 1e-9)
    assert p["linear_loss"][1] < oracle_train * 1.0005 and f"{p['linear_loss'][1]:.5f}" == f"{oracle_train:.5f}"
    assert abs(p["linear_error"] / oracle_test - 1) < 0.001 and f"{p['linear_error']:.5f}" == f"{oracle_test:.5f}"
    assert f"{p['linear_loss'][0]:.4f}" == "0.1104"
    # Same subspace, not the same axes.
    assert len(p["angles"]) == 10 and max(p["angles"]) < 0.1 and f"{max(p['angles']):.2f}" == "0.03"
    assert p["first_direction_cos"] < 0.5 and f"{p['first_direction_cos']:.2f}" == "0.05"


def test_nonlinear_and_denoising_autoencoders(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    r = {name: tuple(v) for name, v in p["results"].items()}
    pca_clean, pca_noisy = r["PCA, 10 components"]
    assert abs(pca_noisy - p["noisy_after"][9]) < 1e-15
    assert r["non-linear autoencoder"][0] < pca_clean and round(p["mlp_gain"], 2) == 0.22
    assert r["non-linear autoencoder"][1] > pca_noisy                      # worse than PCA on noisy digits
    assert r["denoising autoencoder"][1] < pca_noisy and round(p["denoising_gain"], 2) == 0.11
    assert r["non-linear autoencoder"][0] < r["denoising autoencoder"][0] < pca_clean
    assert abs(r["linear autoencoder"][0] - pca_clean) / pca_clean < 0.001 and r["linear autoencoder"][1] > pca_noisy
    # PCA with the best k beats every 10-number model on noisy digits.
    assert p["noisy_after"][p["best_k"] - 1] < min(v[1] for v in r.values())
    # The linear autoencoder passes more noise than PCA's projection; the blank pixels explain part of it.
    assert abs(p["pca_noise_gain"] - 10) < 1e-9 and p["noise_gain"] > 10
    assert f"{p['noise_gain']:.1f}" == "14.3" and f"{p['blank_gain']:.1f}" == "3.8"
    _, _, (x_train, _, _, _) = _data()
    assert p["blank_pixels"] == np.flatnonzero(x_train.max(axis=0) == 0).tolist() and len(p["blank_pixels"]) == 4


def test_exercise_solutions(run_page):
    p = run_page(PAGE, probe=PROBE).probe
    # Heights: one zero eigenvalue, the other s^2 (1 + 1/2.54^2), direction (1, 1/2.54) normalised.
    s2 = p["height_cm_var"]
    assert abs(s2 - 100) < 1e-9 and round(100 * (1 + 1 / 2.54 ** 2), 1) == 115.5
    assert f"{p['height_variance'][0]:.2f}" == "115.50"
    assert abs(p["height_variance"][0] - s2 * (1 + 1 / 2.54 ** 2)) < 1e-9 * s2
    assert abs(p["predicted_first"] - p["height_variance"][0]) < 1e-9 * s2
    assert p["height_variance"][1] == 0.0
    direction = np.array([1, 1 / 2.54]) / np.hypot(1, 1 / 2.54)
    np.testing.assert_allclose(p["height_component"], direction, atol=1e-12)
    assert [round(v, 3) for v in direction] == [0.930, 0.366]
    # Block averages keep less variance than 16 components.
    _, _, (x_train, x_test, _, _) = _data()
    blocks = x_test.reshape(-1, 4, 2, 4, 2).mean(axis=(2, 4)).repeat(2, axis=1).repeat(2, axis=2).reshape(-1, 64)
    assert abs(p["block_share"] - blocks.var(axis=0).sum() / x_test.var(axis=0).sum()) < 1e-12
    oracle = SklearnPCA(16).fit(x_train)
    pca16 = oracle.inverse_transform(oracle.transform(x_test))
    assert abs(p["pca16_share"] - pca16.var(axis=0).sum() / x_test.var(axis=0).sum()) < 1e-12
    assert f"{p['block_share']:.0%}" == "44%" and f"{p['pca16_share']:.0%}" == "85%"
