"""PCA from the covariance matrix, against scikit-learn and a singular value decomposition."""

import numpy as np
import pytest
from sklearn.decomposition import PCA as SklearnPCA

from mlwiki.data import load_digits
from mlwiki.pca import PCA, fit_pca


@pytest.fixture(scope="module")
def correlated():
    rng = np.random.default_rng(0)
    mixing = rng.standard_normal((6, 6)) * np.array([3.0, 2.0, 1.0, 0.5, 0.2, 0.1])[:, None]
    return rng.standard_normal((200, 6)) @ mixing + np.arange(6)


@pytest.fixture(scope="module")
def digits():
    images, _ = load_digits()
    return images.reshape(len(images), 64)


def test_matches_scikit_learn_on_correlated_data(correlated):
    mine, theirs = fit_pca(correlated), SklearnPCA().fit(correlated)
    np.testing.assert_allclose(mine.mean, theirs.mean_, atol=1e-12)
    np.testing.assert_allclose(mine.explained_variance, theirs.explained_variance_, rtol=1e-10)
    np.testing.assert_allclose(mine.explained_variance_ratio, theirs.explained_variance_ratio_, rtol=1e-10)
    # The same sign convention as scikit-learn: each component's largest entry is positive.
    np.testing.assert_allclose(mine.components, theirs.components_, atol=1e-10)
    for k in (1, 3, 6):
        oracle = SklearnPCA(k).fit(correlated)
        np.testing.assert_allclose(mine.transform(correlated, k), oracle.transform(correlated), atol=1e-9)
        np.testing.assert_allclose(mine.reconstruct(correlated, k),
                                   oracle.inverse_transform(oracle.transform(correlated)), atol=1e-9)


def test_matches_scikit_learn_on_the_digits_up_to_the_degenerate_directions(digits):
    mine, theirs = fit_pca(digits), SklearnPCA().fit(digits)
    np.testing.assert_allclose(mine.explained_variance, theirs.explained_variance_, atol=1e-12)
    # Components with distinct, non-zero variances are unique up to sign; the last three
    # (zero variance, the always-blank pixels) are any basis of a 3-dimensional null space.
    overlaps = np.abs(np.sum(mine.components[:61] * theirs.components_[:61], axis=1))
    np.testing.assert_allclose(overlaps, 1.0, atol=1e-8)
    assert mine.n_components_for(0.9) == 21 and mine.n_components_for(0.95) == 29
    assert np.sum(mine.explained_variance == 0) == 3


def test_equals_the_singular_value_decomposition_of_the_centred_data(correlated):
    pca = fit_pca(correlated)
    centred = correlated - correlated.mean(axis=0)
    _, singular_values, vt = np.linalg.svd(centred, full_matrices=False)
    np.testing.assert_allclose(pca.explained_variance, singular_values ** 2 / (len(correlated) - 1), rtol=1e-10)
    np.testing.assert_allclose(np.abs(np.sum(pca.components * vt, axis=1)), 1.0, atol=1e-10)
    np.testing.assert_allclose(pca.components @ pca.components.T, np.eye(6), atol=1e-12)


def test_uncentred_version_diagonalises_the_raw_second_moments(correlated):
    raw = fit_pca(correlated, center=False)
    _, singular_values, vt = np.linalg.svd(correlated, full_matrices=False)
    np.testing.assert_array_equal(raw.mean, np.zeros(6))
    np.testing.assert_allclose(raw.explained_variance, singular_values ** 2 / (len(correlated) - 1), rtol=1e-10)
    np.testing.assert_allclose(np.abs(np.sum(raw.components * vt, axis=1)), 1.0, atol=1e-10)


def test_reconstruction_errors_are_the_variances_left_out(correlated):
    pca = fit_pca(correlated)
    errors = pca.reconstruction_errors(correlated)
    n = len(correlated)
    left_out = np.array([pca.explained_variance[k:].sum() for k in range(1, 7)]) * (n - 1) / n / 6
    np.testing.assert_allclose(errors, left_out, rtol=1e-9, atol=1e-20)
    for k in range(1, 7):
        assert errors[k - 1] == pytest.approx(pca.reconstruction_error(correlated, k), rel=1e-12, abs=1e-25)
    assert errors[-1] < 1e-25
    noisy = correlated + 0.1
    assert pca.reconstruction_errors(noisy, target=correlated)[2] == pytest.approx(
        np.mean((pca.reconstruct(noisy, 3) - correlated) ** 2))


def test_zero_variance_and_duplicate_features_give_exact_zero_eigenvalues():
    rng = np.random.default_rng(1)
    height = 170 + 10 * rng.standard_normal(300)
    table = np.column_stack([height, height / 2.54, np.full(300, 7.0)])
    pca = fit_pca(table)
    assert pca.explained_variance[1] == 0.0 and pca.explained_variance[2] == 0.0
    assert pca.explained_variance[0] == pytest.approx(height.var(ddof=1) * (1 + 1 / 2.54 ** 2))
    assert pca.n_components_for(1.0) == 1


def test_n_components_for_and_inverse_transform(correlated):
    pca = fit_pca(correlated)
    cumulative = np.cumsum(pca.explained_variance_ratio)
    for fraction in (0.1, 0.5, 0.9, 0.99, 1.0):
        k = pca.n_components_for(fraction)
        assert cumulative[k - 1] >= fraction - 1e-12 and (k == 1 or cumulative[k - 2] < fraction)
    codes = pca.transform(correlated, 4)
    np.testing.assert_allclose(pca.inverse_transform(codes), pca.reconstruct(correlated, 4))
    constant = fit_pca(np.ones((5, 3)))
    np.testing.assert_array_equal(constant.explained_variance_ratio, np.zeros(3))


@pytest.mark.parametrize("call, error, match", [
    (lambda p, x: fit_pca(np.ones(5)), ValueError, "x must have 2 dimension"),
    (lambda p, x: fit_pca(np.ones((1, 3))), ValueError, "at least 2 samples"),
    (lambda p, x: fit_pca([[1.0, np.nan], [2.0, 3.0]]), ValueError, "non-finite"),
    (lambda p, x: fit_pca(x, center=1), TypeError, "center must be True or False"),
    (lambda p, x: p.transform(x, 0), ValueError, "k must be > 0"),
    (lambda p, x: p.transform(x, 7), ValueError, "k must be at most n_features = 6"),
    (lambda p, x: p.transform(x[:, :5], 2), ValueError, "x must have 6 features"),
    (lambda p, x: p.inverse_transform(np.ones((2, 7))), ValueError, "k must be at most"),
    (lambda p, x: p.reconstruction_error(x, 2, target=x[:5]), ValueError, "target must have the shape of x"),
    (lambda p, x: p.reconstruction_errors(x, target=x[:, :3]), ValueError, "x must have 6 features"),
    (lambda p, x: p.n_components_for(0), ValueError, r"fraction must be a number in \(0, 1\]"),
    (lambda p, x: p.n_components_for(1.5), ValueError, "fraction must be"),
    (lambda p, x: p.n_components_for(True), ValueError, "fraction must be"),
])
def test_bad_input_is_named(correlated, call, error, match):
    with pytest.raises(error, match=match):
        call(fit_pca(correlated), correlated)


def test_pca_is_a_plain_record(correlated):
    pca = fit_pca(correlated)
    assert isinstance(pca, PCA) and pca.n_features == 6
