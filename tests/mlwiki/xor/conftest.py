"""Shared pieces of the XOR tests: seeded random networks, their PyTorch twin, no figure left open."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from mlwiki import xor


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def random_network():
    """``random_network(n_hidden=2, seed=0)``: a network drawn from a generator seeded with ``seed``."""

    def make(n_hidden=2, seed=0):
        return xor.TwoLayerNetwork.random(n_hidden, rng=np.random.default_rng(seed))

    return make


def _torch_params(network):
    return [torch.tensor(np.array(p, dtype=float), dtype=torch.float64, requires_grad=True)
            for p in (network.hidden_weights, network.hidden_bias, network.output_weights, network.output_bias)]


def _torch_loss(params, x, targets):
    w1, b1, w2, b2 = params
    h = torch.sigmoid(torch.tensor(x) @ w1 + b1)
    y = torch.sigmoid(h @ w2 + b2)
    return torch.sum((y - torch.tensor(targets)) ** 2)


@pytest.fixture
def torch_twin():
    """The same network in PyTorch: ``params(network)`` gives its four parameters as float64 leaf
    tensors, ``loss(params, x, targets)`` the squared error they compute, for autograd to differentiate."""
    return SimpleNamespace(params=_torch_params, loss=_torch_loss)
