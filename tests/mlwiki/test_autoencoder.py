"""Autoencoders: the architectures, and a linear one reaching PCA (scikit-learn) on low-rank data."""

import numpy as np
import pytest
from scipy.linalg import subspace_angles
from sklearn.decomposition import PCA as SklearnPCA

from mlwiki import nn
from mlwiki.autoencoder import decoder_directions, linear_autoencoder, mlp_autoencoder, reconstruction_error


@pytest.fixture(scope="module")
def low_rank():
    rng = np.random.default_rng(0)
    # 3 strong directions in 12 features plus a little isotropic noise: a clear eigen-gap.
    return rng.standard_normal((300, 3)) @ rng.standard_normal((3, 12)) * 0.5 + 0.05 * rng.standard_normal((300, 12))


def test_architectures():
    rng = np.random.default_rng(1)
    linear = linear_autoencoder(12, 3, rng=rng)
    assert [type(layer).__name__ for layer in linear.layers] == ["Dense", "Dense"]
    assert linear.forward(np.zeros((4, 12))).shape == (4, 12)
    mlp = mlp_autoencoder(12, 8, 3, rng=rng, dtype=np.float32)
    assert [type(layer).__name__ for layer in mlp.layers] == ["Dense", "ReLU", "Dense", "Dense", "ReLU", "Dense"]
    assert [layer.n_out for layer in mlp.layers if hasattr(layer, "n_out")] == [8, 3, 8, 12]
    assert mlp.forward(np.zeros((2, 12), np.float32)).dtype == np.float32
    assert decoder_directions(linear).shape == (3, 12)


def test_linear_autoencoder_reaches_pca_error_and_subspace(low_rank):
    centred = low_rank - low_rank.mean(axis=0)
    oracle = SklearnPCA(3).fit(low_rank)
    pca_error = np.mean((oracle.inverse_transform(oracle.transform(low_rank)) - low_rank) ** 2)
    rng = np.random.default_rng(2)
    model = linear_autoencoder(12, 3, rng=rng)
    nn.fit(model, nn.MeanSquaredError(), nn.Adam(0.1), centred, centred, epochs=1000, rng=rng, metric=None)
    error = reconstruction_error(model, centred)
    assert pca_error * (1 - 1e-9) <= error < pca_error * 1.005
    angles = subspace_angles(decoder_directions(model).T, oracle.components_.T)
    assert np.degrees(angles.max()) < 0.1


def test_reconstruction_error_against_a_direct_computation(low_rank):
    model = mlp_autoencoder(12, 6, 2, rng=np.random.default_rng(3))
    target = low_rank + 1.0
    assert reconstruction_error(model, low_rank, target) == pytest.approx(np.mean((model.predict(low_rank) - target) ** 2))
    assert reconstruction_error(model, low_rank) == pytest.approx(np.mean((model.predict(low_rank) - low_rank) ** 2))


@pytest.mark.parametrize("call, error, match", [
    (lambda: linear_autoencoder(4, 4, rng=np.random.default_rng()), ValueError, "n_code must be smaller than n_features"),
    (lambda: linear_autoencoder(0, 1, rng=np.random.default_rng()), ValueError, "n_features must be > 0"),
    (lambda: linear_autoencoder(4, 2, rng=0), ValueError, "rng must be a numpy.random.Generator"),
    (lambda: mlp_autoencoder(4, 0, 2, rng=np.random.default_rng()), ValueError, "n_hidden must be > 0"),
    (lambda: decoder_directions(mlp_autoencoder(4, 3, 2, rng=np.random.default_rng())), ValueError, "linear autoencoder"),
    (lambda: reconstruction_error("model", np.ones((2, 4))), TypeError, "model must be a Sequential"),
    (lambda: reconstruction_error(linear_autoencoder(4, 2, rng=np.random.default_rng()), np.ones((2, 4)), np.ones((3, 4))),
     ValueError, "target must have the shape of x"),
    (lambda: reconstruction_error(linear_autoencoder(4, 2, rng=np.random.default_rng()), np.ones(4)),
     ValueError, "x must have 2 dimension"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
