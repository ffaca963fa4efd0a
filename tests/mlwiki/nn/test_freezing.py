"""Frozen layers: skipped by optimizers and parameter counts, still passing gradients (oracle: PyTorch)."""

import numpy as np
import pytest
import torch

from mlwiki import nn


def _mlp(seed=0):
    rng = np.random.default_rng(seed)
    return nn.Sequential([nn.Dense(6, 5, rng=rng), nn.ReLU(), nn.Dense(5, 4, rng=rng), nn.Tanh(), nn.Dense(4, 3, rng=rng)])


def test_freeze_hides_parameters_from_optimizer_and_count():
    model = _mlp()
    assert nn.count_parameters(model) == (35 + 24 + 15, 35 + 24 + 15)
    frozen = nn.freeze(model.layers[:-1])
    assert len(frozen) == 4 and all(not layer.trainable for layer in frozen)
    assert model.layers[-1].trainable
    assert nn.count_parameters(model) == nn.ParameterCount(trainable=15, total=74)
    assert model.n_parameters() == 15
    # Layers without parameters accept the flag too and stay parameter-free.
    assert model.layers[1].parameters() == []
    nn.unfreeze(model)
    assert nn.count_parameters(model).trainable == 74


def test_frozen_layers_keep_weights_but_pass_gradients():
    model = _mlp(1)
    rng = np.random.default_rng(2)
    x, y = rng.standard_normal((8, 6)), nn.one_hot(rng.integers(0, 3, 8), 3)
    nn.freeze(model.layers[2])
    before = [layer.params[k].copy() for layer in model.layers for k in layer.params]
    nn.fit(model, nn.CategoricalCrossEntropy(from_logits=True), nn.Adam(0.1), x, y, epochs=5, rng=rng)
    after = [layer.params[k] for layer in model.layers for k in layer.params]
    changed = [not np.array_equal(b, a) for b, a in zip(before, after)]
    # first Dense (weights, bias) and last Dense changed: the gradient crossed the frozen middle layer
    assert changed == [True, True, False, False, True, True]


def test_freezing_matches_pytorch_requires_grad():
    model = _mlp(3)
    rng = np.random.default_rng(4)
    x, labels = rng.standard_normal((10, 6)), rng.integers(0, 3, 10)
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    torch_layers = []
    for layer in dense:
        linear = torch.nn.Linear(layer.n_in, layer.n_out, dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(layer.params["weights"].T.copy()))
            linear.bias.copy_(torch.from_numpy(layer.params["bias"].copy()))
        torch_layers.append(linear)
    reference = torch.nn.Sequential(torch_layers[0], torch.nn.ReLU(), torch_layers[1], torch.nn.Tanh(), torch_layers[2])
    for p in torch_layers[0].parameters():
        p.requires_grad_(False)
    nn.freeze(dense[0])
    optimizer = torch.optim.Adam([p for p in reference.parameters() if p.requires_grad], lr=0.05)
    xt, yt = torch.from_numpy(x), torch.from_numpy(labels)
    for _ in range(6):
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(reference(xt), yt).backward()
        optimizer.step()
    nn.fit(model, nn.CategoricalCrossEntropy(from_logits=True), nn.Adam(0.05), x, nn.one_hot(labels, 3),
           epochs=6, rng=rng)
    trainable = sum(p.numel() for p in reference.parameters() if p.requires_grad)
    assert nn.count_parameters(model).trainable == trainable
    for ours, theirs in zip(dense, torch_layers):
        np.testing.assert_allclose(ours.params["weights"], theirs.weight.detach().numpy().T, atol=1e-10)
        np.testing.assert_allclose(ours.params["bias"], theirs.bias.detach().numpy(), atol=1e-10)


def test_bad_arguments():
    with pytest.raises(TypeError, match="layers must be a Layer, a Sequential or an iterable"):
        nn.freeze(3)
    with pytest.raises(TypeError, match=r"layers\[1\] must be a Layer, got str"):
        nn.freeze([nn.ReLU(), "dense"])
    with pytest.raises(TypeError, match=r"layers\[0\] must be a Layer"):
        nn.unfreeze([None])
    with pytest.raises(TypeError, match="model must be a Layer"):
        nn.count_parameters(2.5)
