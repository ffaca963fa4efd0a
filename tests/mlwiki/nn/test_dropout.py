import numpy as np
import pytest

from mlwiki import nn


def test_training_mode_drops_and_rescales_evaluation_mode_passes_through():
    rng = np.random.default_rng(0)
    layer = nn.Dropout(0.25, rng=rng)
    x = np.ones((400, 50))
    y = layer.forward(x)
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(y[kept], 1 / 0.75)
    assert abs(y.mean() - 1.0) < 0.02  # expected output unchanged
    # backward sends the gradient through the same mask
    np.testing.assert_array_equal(layer.backward(np.ones_like(x)), y)
    layer.training = False
    np.testing.assert_array_equal(layer.forward(x), x)
    np.testing.assert_array_equal(layer.backward(np.full_like(x, 2.0)), np.full_like(x, 2.0))


def test_gradient_matches_central_differences_for_a_fixed_mask():
    rng = np.random.default_rng(1)

    class FixedMask(nn.Dropout):  # re-uses the first mask so that E is a fixed function of x
        def forward(self, x):
            if not hasattr(self, "_fixed"):
                y = super().forward(x)
                self._fixed = self._mask
                return y
            self._mask = self._fixed
            return self._remember_output_shape(np.asarray(x, dtype=float) * self._fixed)

    errors = nn.check_layer_gradients(FixedMask(0.5, rng=rng), rng.standard_normal((3, 4)), rng=rng)
    assert errors["input"] < 1e-8


def test_float32_is_kept_and_rate_zero_is_identity():
    layer = nn.Dropout(0.5, rng=np.random.default_rng(2))
    assert layer.forward(np.ones((2, 3), dtype=np.float32)).dtype == np.float32
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(nn.Dropout(0.0, rng=np.random.default_rng(3)).forward(x), x)


@pytest.mark.parametrize(
    "rate, rng, error, match",
    [(1.0, np.random.default_rng(0), ValueError, r"rate must be in \[0, 1\)"),
     (-0.1, np.random.default_rng(0), ValueError, r"rate must be in \[0, 1\)"),
     ("0.5", np.random.default_rng(0), TypeError, "rate must be a number"),
     (0.5, 0, ValueError, "rng must be a numpy.random.Generator")],
)
def test_bad_arguments(rate, rng, error, match):
    with pytest.raises(error, match=match):
        nn.Dropout(rate, rng=rng)


def test_bad_input():
    layer = nn.Dropout(0.5, rng=np.random.default_rng(4))
    with pytest.raises(TypeError, match="Dropout: input x must hold real numbers"):
        layer.forward(np.ones((1, 2), dtype=complex))
    layer.forward(np.ones((1, 2)))
    with pytest.raises(ValueError, match="output_gradient must have shape"):
        layer.backward(np.ones((2, 2)))
