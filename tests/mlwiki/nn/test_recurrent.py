import numpy as np
import pytest

from mlwiki import nn
from mlwiki.nn.gru import _plain_step as gru_step


def _rnn_step(x_t, h, params):
    return np.tanh(x_t @ params["input_weights"] + h @ params["recurrent_weights"] + params["bias"])


def _numeric_jacobian_norms(step, params, x, eps=1e-6):
    """||dh_T/dh_{T-k}||_2 by central differences on the plain step functions, mean over sequences."""
    n_sequences, n_steps, _ = x.shape
    n_hidden = params["recurrent_weights"].shape[0]
    norms = np.zeros(n_steps)
    for s in range(n_sequences):
        states = [np.zeros((1, n_hidden))]
        for t in range(n_steps):
            states.append(step(x[s : s + 1, t], states[-1], params))
        for t in range(1, n_steps + 1):  # derivative of h_T with respect to h_t
            jac = np.zeros((n_hidden, n_hidden))
            for j in range(n_hidden):
                ends = []
                for sign in (1, -1):
                    h = states[t].copy()
                    h[0, j] += sign * eps
                    for u in range(t, n_steps):
                        h = step(x[s : s + 1, u], h, params)
                    ends.append(h[0])
                jac[:, j] = (ends[0] - ends[1]) / (2 * eps)
            norms[n_steps - t] += np.linalg.norm(jac, 2) / n_sequences
    return norms


@pytest.mark.parametrize("layer_class, step", [(nn.RNN, _rnn_step), (nn.GRU, gru_step)])
def test_state_gradient_norms_match_finite_differences(layer_class, step):
    rng = np.random.default_rng(0)
    layer = layer_class(3, 4, rng=rng)
    for value in layer.params.values():
        value[...] = 0.7 * rng.standard_normal(value.shape)
    x = rng.standard_normal((2, 6, 3))
    norms = nn.state_gradient_norms(layer, x)
    assert norms.shape == (6,) and norms[0] == pytest.approx(1.0)
    np.testing.assert_allclose(norms, _numeric_jacobian_norms(step, layer.params, x), rtol=1e-6, atol=1e-9)


def test_linear_regime_gives_powers_of_the_recurrent_matrix():
    # Zero input and bias keep h_t = 0, where tanh' = 1: dh_T/dh_{T-k} = (W_h^T)^k exactly.
    rng = np.random.default_rng(1)
    layer = nn.RNN(2, 5, rng=rng)
    q, _ = np.linalg.qr(rng.standard_normal((5, 5)))
    layer.params["recurrent_weights"][...] = 0.8 * q  # every singular value 0.8
    norms = nn.state_gradient_norms(layer, np.zeros((1, 12, 2)))
    np.testing.assert_allclose(norms, 0.8 ** np.arange(12), rtol=1e-10)


def test_layer_is_left_as_it_was():
    rng = np.random.default_rng(2)
    layer = nn.GRU(2, 3, rng=rng, return_sequences=True)
    x = rng.standard_normal((2, 4, 2))
    layer.forward(x)
    layer.backward(np.ones((2, 4, 3)))
    before = {key: grad.copy() for key, grad in layer.grads.items()}
    params = {key: value.copy() for key, value in layer.params.items()}
    nn.state_gradient_norms(layer, x)
    assert layer.return_sequences
    for key in before:
        np.testing.assert_array_equal(layer.grads[key], before[key])
        np.testing.assert_array_equal(layer.params[key], params[key])


def test_float32_layers_give_float64_norms():
    rng = np.random.default_rng(3)
    layer = nn.RNN(2, 3, rng=rng, dtype=np.float32)
    norms = nn.state_gradient_norms(layer, rng.standard_normal((2, 5, 2)))
    assert norms.dtype == np.float64 and np.all(np.isfinite(norms))


def test_bad_input():
    rng = np.random.default_rng(4)
    with pytest.raises(ValueError, match="layer must be a recurrent layer of mlwiki.nn"):
        nn.state_gradient_norms(nn.Dense(2, 2, rng=rng), np.zeros((1, 3, 2)))
    with pytest.raises(ValueError, match="must have 3 dimensions"):
        nn.state_gradient_norms(nn.RNN(2, 2, rng=rng), np.zeros((3, 2)))
    with pytest.raises(ValueError, match=r"shape \(batch, time, 2\)"):
        nn.state_gradient_norms(nn.RNN(2, 2, rng=rng), np.zeros((1, 3, 4)))
