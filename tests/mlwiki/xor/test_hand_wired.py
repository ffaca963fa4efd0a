"""mlwiki.xor.hand_wired: the network wired by hand computes XOR, with thresholds or sigmoids."""

import numpy as np
import pytest

from mlwiki import xor

X, Y = xor.xor_data()
LABELS = Y.ravel()


def test_hand_wired_network_computes_xor_with_steps_and_sigmoids():
    wired = xor.hand_wired_network()
    np.testing.assert_array_equal(wired.hidden(X), [[0, 1], [1, 1], [1, 1], [1, 0]])
    np.testing.assert_array_equal(wired.predict(X), LABELS)
    np.testing.assert_array_equal(wired.classify(X), LABELS)
    smooth = xor.hand_wired_network(scale=10.0, activation="sigmoid")
    assert xor.max_target_error(smooth) < 0.01
    # Scaling never changes threshold units.
    np.testing.assert_array_equal(xor.hand_wired_network(scale=3.0).predict(X), LABELS)


def test_bad_hand_wired_arguments():
    with pytest.raises(ValueError, match="scale must be > 0"):
        xor.hand_wired_network(scale=0.0)
    with pytest.raises(ValueError, match="activation must be one of"):
        xor.hand_wired_network(activation="tanh")
