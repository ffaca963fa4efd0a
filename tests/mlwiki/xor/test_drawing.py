"""mlwiki.xor._drawing: the two half-planes of a line tile the drawn box exactly."""

import numpy as np
import pytest

from mlwiki.xor import _drawing


def test_half_plane_polygons_cover_the_box_exactly_once():
    lo, hi = np.array([-0.5, -0.5]), np.array([1.5, 1.5])
    for w, b in (([1.0, 1.0], -0.5), ([1.0, 0.0], -0.5), ([0.0, 1.0], 10.0), ([1.0, -2.0], 0.3)):
        w = np.array(w)
        areas = []
        for sign in (1.0, -1.0):
            poly = _drawing._half_plane_polygon(sign * w, sign * b, lo, hi)
            if len(poly):
                x_, y_ = poly[:, 0], poly[:, 1]
                areas.append(0.5 * abs(np.dot(x_, np.roll(y_, 1)) - np.dot(y_, np.roll(x_, 1))))
                inside = sign * (poly @ w + b)
                assert np.all(inside >= -1e-12)  # every corner on its side (or on the line)
        assert sum(areas) == pytest.approx(4.0)
