"""Domain shifts and few-shot sampling."""

import numpy as np
import pytest

from mlwiki.transfer import fade_and_noise, few_shot_indices, permute_pixels, pixel_permutation


def test_fade_and_noise_is_affine_plus_seeded_noise():
    x = np.random.default_rng(0).random((500, 64))
    shifted = fade_and_noise(x, rng=np.random.default_rng(1))
    noise = shifted - (0.3 + 0.5 * x)
    assert abs(noise.mean()) < 0.005 and abs(noise.std() - 0.1) < 0.003
    np.testing.assert_array_equal(shifted, fade_and_noise(x, rng=np.random.default_rng(1)))
    np.testing.assert_allclose(fade_and_noise(x, rng=np.random.default_rng(1), noise_std=0.0), 0.3 + 0.5 * x)


def test_permutation_moves_pixels_and_keeps_them():
    x = np.arange(12.0).reshape(2, 6)
    perm = pixel_permutation(6, rng=np.random.default_rng(0))
    moved = permute_pixels(x, perm)
    np.testing.assert_array_equal(moved, x[:, perm])
    np.testing.assert_array_equal(np.sort(moved, axis=1), x)


def test_few_shot_indices_take_k_of_every_class_without_repeats():
    labels = np.repeat(np.arange(4), 10)
    chosen = few_shot_indices(labels, 3, rng=np.random.default_rng(0))
    assert chosen.size == 12 and np.unique(chosen).size == 12
    assert np.bincount(labels[chosen]).tolist() == [3, 3, 3, 3]
    assert labels[chosen].tolist() == sorted(labels[chosen].tolist())      # grouped by class


@pytest.mark.parametrize("call, message", [
    (lambda: fade_and_noise(np.zeros(4), rng=np.random.default_rng(0)), "x must have 2 dimension"),
    (lambda: fade_and_noise(np.zeros((2, 4)), rng=0), "rng must be a numpy.random.Generator"),
    (lambda: fade_and_noise(np.zeros((2, 4)), rng=np.random.default_rng(0), contrast=0), "contrast must be > 0"),
    (lambda: fade_and_noise(np.zeros((2, 4)), rng=np.random.default_rng(0), noise_std=-1), "noise_std must be >= 0"),
    (lambda: fade_and_noise(np.zeros((2, 4)), rng=np.random.default_rng(0), background=-0.1), "background must be >= 0"),
    (lambda: pixel_permutation(1, rng=np.random.default_rng(0)), "n_pixels must be an integer >= 2"),
    (lambda: permute_pixels(np.zeros((2, 3)), [0, 1, 1]), "permutation must be a permutation of 0..2"),
    (lambda: permute_pixels(np.zeros((2, 3)), [0, 1]), "permutation must be a permutation"),
    (lambda: few_shot_indices([0, 0, 1], 2, rng=np.random.default_rng(0)), "class 1 has only 1 examples"),
    (lambda: few_shot_indices([0, 1], 0, rng=np.random.default_rng(0)), "n_per_class must be > 0"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
