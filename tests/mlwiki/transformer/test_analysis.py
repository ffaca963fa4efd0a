"""The sqrt(d_k) experiment: variance d_k, saturation, vanishing softmax gradient."""

import numpy as np
import pytest
from scipy.special import softmax as scipy_softmax

from mlwiki.transformer import attention_near, dot_product_variance, softmax_saturation


def test_variance_grows_like_d_k_and_scaling_restores_one():
    d_ks = np.array([1, 4, 16, 64, 256])
    unscaled, scaled = dot_product_variance(d_ks, n_samples=20000, rng=np.random.default_rng(0))
    np.testing.assert_allclose(unscaled / d_ks, 1.0, rtol=0.06)
    np.testing.assert_allclose(scaled, 1.0, rtol=0.06)
    np.testing.assert_allclose(unscaled / d_ks, scaled, rtol=1e-10)


def test_saturation_against_scipy_softmax():
    d_ks = np.array([2, 512])
    result = softmax_saturation(d_ks, n_keys=8, n_samples=400, rng=np.random.default_rng(1))
    # the same draws, recomputed independently with SciPy
    rng = np.random.default_rng(1)
    for index, d_k in enumerate(d_ks):
        q = rng.standard_normal((400, 1, d_k))
        keys = rng.standard_normal((400, 8, d_k))
        scores = (q @ keys.transpose(0, 2, 1))[:, 0]
        for name, factor in (("unscaled", 1.0), ("scaled", 1 / np.sqrt(d_k))):
            p = scipy_softmax(scores * factor, axis=1)
            assert result[f"max_weight_{name}"][index] == pytest.approx(p.max(axis=1).mean(), rel=1e-12)
            jac = np.array([np.diag(row) - np.outer(row, row) for row in p])
            assert result[f"gradient_{name}"][index] == pytest.approx(
                np.sqrt((jac ** 2).sum(axis=(1, 2))).mean(), rel=1e-10)
    assert result["max_weight_unscaled"][1] > 0.9 and result["max_weight_scaled"][1] < 0.5
    assert result["gradient_unscaled"][1] < 0.3 * result["gradient_scaled"][1]


def test_bad_input():
    rng = np.random.default_rng(2)
    with pytest.raises(ValueError, match="d_ks must be a non-empty 1-D array of positive integers"):
        dot_product_variance([0, 4], n_samples=10, rng=rng)
    with pytest.raises(ValueError, match="d_ks"):
        dot_product_variance([1.5], n_samples=10, rng=rng)
    with pytest.raises(ValueError, match="n_samples must be >= 2"):
        dot_product_variance([4], n_samples=1, rng=rng)
    with pytest.raises(ValueError, match="n_keys must be >= 2"):
        softmax_saturation([4], n_keys=1, n_samples=10, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        softmax_saturation([4], n_keys=3, n_samples=10, rng=None)


def test_attention_near_by_hand():
    weights = np.zeros((2, 1, 3, 3))
    weights[0, 0] = [[1, 0, 0], [0.5, 0.5, 0], [0.2, 0.3, 0.5]]
    weights[1, 0] = [[1, 0, 0], [0.1, 0.9, 0], [0.6, 0.2, 0.2]]
    rows, keys = np.array([1, 2]), np.array([0, 0])
    # on the target: rows 1 and 2 put (0.5 + 0.2) and (0.1 + 0.6) on key 0 -> mean 0.35
    np.testing.assert_allclose(attention_near(weights, rows, keys), [0.35])
    # radius 1 adds key 1 (key -1 does not exist): (1.0 + 0.5 + 0.3 + 1.0 + 0.8) / 4
    np.testing.assert_allclose(attention_near(weights, rows, keys, radius=1), [(1.0 + 0.5 + 1.0 + 0.8) / 4])
    with pytest.raises(ValueError, match="weights must be a floating array"):
        attention_near(np.zeros((3, 3)), rows, keys)
    with pytest.raises(ValueError, match="same length"):
        attention_near(weights, rows, np.array([0]))
    with pytest.raises(ValueError, match="inside the 3 x 3 weights"):
        attention_near(weights, np.array([3]), np.array([0]))
    with pytest.raises(ValueError, match="radius"):
        attention_near(weights, rows, keys, radius=-1)
