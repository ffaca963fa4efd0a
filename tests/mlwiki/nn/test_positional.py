"""Sinusoidal positional encodings: the paper's formula, entry by entry."""

import math

import numpy as np
import pytest

from mlwiki import nn


def test_table_follows_the_formula_entry_by_entry():
    table = nn.sinusoidal_positional_encoding(20, 8)
    assert table.shape == (20, 8)
    for pos in range(20):
        for i in range(4):
            angle = pos / 10000 ** (2 * i / 8)
            assert table[pos, 2 * i] == pytest.approx(math.sin(angle), abs=1e-12)
            assert table[pos, 2 * i + 1] == pytest.approx(math.cos(angle), abs=1e-12)
    np.testing.assert_array_equal(table[0], [0, 1] * 4)


def test_dot_products_depend_only_on_the_offset_and_offsets_are_linear_maps():
    table = nn.sinusoidal_positional_encoding(40, 16)
    gram = table @ table.T
    for offset in range(5):
        diagonal = np.diagonal(gram, offset)
        np.testing.assert_allclose(diagonal, diagonal[0], atol=1e-12)
    # PE[pos + k] = PE[pos] @ M_k for one matrix M_k, whatever pos is (here k = 3)
    m_k, *_ = np.linalg.lstsq(table[:30], table[3:33], rcond=None)
    np.testing.assert_allclose(table[:37] @ m_k, table[3:40], atol=1e-9)


def test_layer_adds_the_table_and_passes_gradients_through():
    rng = np.random.default_rng(0)
    layer = nn.PositionalEncoding(10, 6)
    x = rng.standard_normal((2, 4, 6))
    np.testing.assert_allclose(layer.forward(x), x + nn.sinusoidal_positional_encoding(4, 6))
    g = rng.standard_normal((2, 4, 6))
    np.testing.assert_array_equal(layer.backward(g), g)
    assert nn.check_layer_gradients(layer, x, rng=rng) == pytest.approx({"input": 0.0}, abs=1e-8)
    assert layer.params == {}
    small = nn.PositionalEncoding(3, 2, dtype=np.float32)
    assert small.forward(np.zeros((1, 3, 2))).dtype == np.float32


def test_bad_input():
    with pytest.raises(ValueError, match="d_model must be even"):
        nn.sinusoidal_positional_encoding(4, 5)
    with pytest.raises(ValueError, match="n_positions"):
        nn.sinusoidal_positional_encoding(0, 4)
    with pytest.raises(ValueError, match="base must be a number > 1"):
        nn.sinusoidal_positional_encoding(4, 4, base=1)
    layer = nn.PositionalEncoding(3, 4)
    with pytest.raises(ValueError, match=r"T <= 3, got \(1, 4, 4\)"):
        layer.forward(np.zeros((1, 4, 4)))
    with pytest.raises(ValueError, match=r"shape \(batch, T, 4\)"):
        layer.forward(np.zeros((1, 2, 5)))
