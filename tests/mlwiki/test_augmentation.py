import numpy as np
import pytest
import torch
from scipy.ndimage import shift as ndimage_shift

from mlwiki.augmentation import (ONE_PIXEL_SHIFTS, add_mirrored_copies, add_shifted_copies, mirror, shift,
                                 shift_randomly)
from mlwiki.data import load_digits

IMAGES = load_digits()[0][:20, 0]


@pytest.mark.parametrize("dy, dx", [(0, 1), (0, -1), (1, 0), (-1, 0), (2, -3), (0, 0), (-7, 7)])
def test_shift_matches_scipy(dy, dx):
    moved = shift(IMAGES, dy, dx)
    for original, result in zip(IMAGES, moved):
        np.testing.assert_array_equal(result, ndimage_shift(original, (dy, dx), order=0, mode="constant", cval=0.0))


def test_mirror_matches_torch_flip_and_undoes_itself():
    np.testing.assert_array_equal(mirror(IMAGES), torch.flip(torch.tensor(IMAGES), dims=[2]).numpy())
    np.testing.assert_array_equal(mirror(mirror(IMAGES)), IMAGES)


def test_channel_axis_is_kept():
    with_channel = IMAGES[:, None]
    assert shift(with_channel, 1, 0).shape == with_channel.shape
    assert mirror(with_channel).shape == with_channel.shape
    np.testing.assert_array_equal(shift(with_channel, 1, 0)[:, 0], shift(IMAGES, 1, 0))
    images, labels = add_shifted_copies(with_channel, np.arange(20))
    assert images.shape == (100, 1, 8, 8) and labels.shape == (100,)


def test_shifted_and_mirrored_copies_come_after_the_originals():
    labels = np.arange(20)
    images, tiled = add_shifted_copies(IMAGES, labels)
    assert images.shape == (100, 8, 8)
    np.testing.assert_array_equal(images[:20], IMAGES)
    for index, (dy, dx) in enumerate(ONE_PIXEL_SHIFTS, start=1):
        np.testing.assert_array_equal(images[20 * index:20 * (index + 1)], shift(IMAGES, dy, dx))
    np.testing.assert_array_equal(tiled, np.tile(labels, 5))
    mirrored, mirrored_labels = add_mirrored_copies(IMAGES, labels)
    np.testing.assert_array_equal(mirrored[20:], mirror(IMAGES))
    np.testing.assert_array_equal(mirrored_labels, np.tile(labels, 2))


def test_shift_randomly_moves_each_image_by_its_drawn_offset():
    moved, choice = shift_randomly(IMAGES, rng=np.random.default_rng(0))
    assert set(choice.tolist()) <= {0, 1, 2, 3} and len(set(choice.tolist())) > 1
    for image, result, c in zip(IMAGES, moved, choice):
        np.testing.assert_array_equal(result, shift(image[None], *ONE_PIXEL_SHIFTS[c])[0])
    again, _ = shift_randomly(IMAGES, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(moved, again)


def test_bad_arguments():
    with pytest.raises(ValueError, match="images must have shape"):
        shift(np.zeros((8, 8)), 1, 0)
    with pytest.raises(TypeError, match="dy must be a whole number of pixels"):
        shift(IMAGES, 0.5, 0)
    with pytest.raises(ValueError, match="dx must be smaller in size than the image"):
        shift(IMAGES, 0, 8)
    with pytest.raises(TypeError, match="labels must hold integer class labels"):
        add_shifted_copies(IMAGES, np.zeros(20))
    with pytest.raises(ValueError, match=r"labels must have shape \(20,\)"):
        add_mirrored_copies(IMAGES, np.zeros(19, dtype=int))
    with pytest.raises(ValueError, match="shifts must be a non-empty sequence"):
        add_shifted_copies(IMAGES, np.zeros(20, dtype=int), shifts=[])
    with pytest.raises(ValueError, match="shifts must be a non-empty sequence"):
        add_shifted_copies(IMAGES, np.zeros(20, dtype=int), shifts=[(1, 2, 3)])
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        shift_randomly(IMAGES, rng=0)
    with pytest.raises(ValueError, match="images"):
        mirror(np.full((1, 2, 2), np.inf))
