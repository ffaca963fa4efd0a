"""Block averages: the right numbers, and an orthogonal projection once blown up again."""

import numpy as np
import pytest

from mlwiki.pca import downsize, upsize


def test_downsize_averages_blocks_and_upsize_repeats():
    image = np.arange(16.0).reshape(1, 4, 4)
    small = downsize(image, 2)
    np.testing.assert_array_equal(small, [[[2.5, 4.5], [10.5, 12.5]]])
    np.testing.assert_array_equal(upsize(small, 2)[0, :2, :2], np.full((2, 2), 2.5))
    np.testing.assert_array_equal(downsize(upsize(small, 2), 2), small)
    np.testing.assert_array_equal(downsize(image, 1), image)


def test_blocks_blown_up_are_an_orthogonal_projection():
    rng = np.random.default_rng(0)
    a, b = rng.random((2, 3, 8, 8))
    project = lambda x: upsize(downsize(x, 2), 2)  # noqa: E731
    np.testing.assert_allclose(project(project(a)), project(a))               # idempotent
    assert np.sum(project(a) * b) == pytest.approx(np.sum(a * project(b)))    # symmetric


@pytest.mark.parametrize("call, match", [
    (lambda: downsize(np.ones((2, 8)), 2), "images must have 3 dimension"),
    (lambda: downsize(np.ones((1, 6, 8)), 4), "multiples of factor=4"),
    (lambda: downsize(np.ones((1, 8, 8)), 0), "factor must be > 0"),
    (lambda: upsize(np.ones((1, 2, 2)), 2.0), "factor must be an integer"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
