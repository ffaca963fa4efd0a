"""Fixtures for the recurrent-layer tests: PyTorch twins of mlwiki's RNN and GRU."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest


def _torch_twin(torch, layer):
    """A float64 ``torch.nn.RNN`` / ``torch.nn.GRU`` (batch_first) computing what ``layer`` computes.

    PyTorch stores weights transposed ((gates * n_hidden, n_in)) and has two bias vectors,
    which add up; its b_hn (GRU) multiplies the reset gate and so is kept apart.
    """
    kind = type(layer).__name__
    module_class = {"RNN": torch.nn.RNN, "GRU": torch.nn.GRU}[kind]
    module = module_class(layer.n_in, layer.n_hidden, batch_first=True).double()
    n_hidden = layer.n_hidden
    with torch.no_grad():
        module.weight_ih_l0.copy_(torch.from_numpy(layer.params["input_weights"].T.astype(np.float64)))
        module.weight_hh_l0.copy_(torch.from_numpy(layer.params["recurrent_weights"].T.astype(np.float64)))
        # Split our bias between PyTorch's two vectors (any split gives the same function).
        bias = layer.params["bias"].astype(np.float64)
        module.bias_ih_l0.copy_(torch.from_numpy(0.25 * bias))
        hidden_bias = 0.75 * bias
        if kind == "GRU":
            hidden_bias[2 * n_hidden :] = layer.params["recurrent_bias"]
            module.bias_ih_l0[2 * n_hidden :] = torch.from_numpy(bias[2 * n_hidden :])
        module.bias_hh_l0.copy_(torch.from_numpy(hidden_bias))
    return module


def _torch_gradients(torch, module, x, output_gradient, *, return_sequences):
    """Output, dE/dx and parameter gradients of E = sum(output * output_gradient), in mlwiki's layout."""
    xt = torch.from_numpy(np.asarray(x, dtype=np.float64)).requires_grad_(True)
    states, last = module(xt)
    output = states if return_sequences else last[0]
    (output * torch.from_numpy(np.asarray(output_gradient, dtype=np.float64))).sum().backward()
    n_hidden = module.hidden_size
    grads = {
        "input_weights": module.weight_ih_l0.grad.numpy().T,
        "recurrent_weights": module.weight_hh_l0.grad.numpy().T,
        "bias": module.bias_ih_l0.grad.numpy(),
    }
    if isinstance(module, torch.nn.GRU):
        grads["recurrent_bias"] = module.bias_hh_l0.grad.numpy()[2 * n_hidden :]
        bias_hh = module.bias_hh_l0.grad.numpy()[: 2 * n_hidden]
    else:
        bias_hh = module.bias_hh_l0.grad.numpy()
    # dE/db_ih and dE/db_hh agree wherever the two biases simply add.
    np.testing.assert_allclose(bias_hh, grads["bias"][: bias_hh.size], rtol=1e-12, atol=1e-12)
    return output.detach().numpy(), xt.grad.numpy(), grads


@pytest.fixture
def torch_oracle():
    """``torch_oracle.twin(layer)`` and ``torch_oracle.gradients(module, x, g, return_sequences=...)``."""
    torch = pytest.importorskip("torch")
    return SimpleNamespace(
        torch=torch,
        twin=lambda layer: _torch_twin(torch, layer),
        gradients=lambda module, x, g, *, return_sequences: _torch_gradients(
            torch, module, x, g, return_sequences=return_sequences),
    )
