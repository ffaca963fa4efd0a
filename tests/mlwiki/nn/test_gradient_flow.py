import numpy as np
import pytest
import torch

from mlwiki import nn


def test_dense_stack_layout():
    model = nn.dense_stack(5, 7, 3, 2, "tanh", rng=np.random.default_rng(0))
    kinds = [type(layer).__name__ for layer in model.layers]
    assert kinds == ["Dense", "Tanh", "Dense", "Tanh", "Dense", "Tanh", "Dense"]
    assert [layer.n_out for layer in model.layers if isinstance(layer, nn.Dense)] == [7, 7, 7, 2]
    he = nn.dense_stack(5, 7, 1, 2, "relu", rng=np.random.default_rng(0), init="he")
    assert he.layers[0].init == "he" and isinstance(he.layers[1], nn.ReLU)


def test_gradient_norms_match_torch_autograd():
    rng = np.random.default_rng(1)
    model = nn.dense_stack(4, 6, 3, 3, "sigmoid", rng=rng)
    x = rng.standard_normal((10, 4))
    y = nn.one_hot(rng.integers(0, 3, size=10), 3)
    norms = nn.weight_gradient_norms(model, nn.CategoricalCrossEntropy(from_logits=True), x, y)
    dense = [layer for layer in model.layers if isinstance(layer, nn.Dense)]
    weights = [torch.tensor(d.params["weights"], requires_grad=True) for d in dense]
    biases = [torch.tensor(d.params["bias"]) for d in dense]
    h = torch.tensor(x)
    for i, (w, b) in enumerate(zip(weights, biases)):
        h = h @ w + b
        if i < len(weights) - 1:
            h = torch.sigmoid(h)
    torch.nn.functional.cross_entropy(h, torch.tensor(y)).backward()
    np.testing.assert_allclose(norms, [w.grad.norm().item() for w in weights], rtol=1e-10)
    assert np.all(np.diff(norms[:-1]) > 0)  # sigmoid layers: smaller towards the input


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: nn.dense_stack(0, 3, 1, 1, "tanh", rng=np.random.default_rng(0)), ValueError, "n_in must be > 0"),
        (lambda: nn.dense_stack(2, 3, 0, 1, "tanh", rng=np.random.default_rng(0)), ValueError, "n_hidden must be > 0"),
        (lambda: nn.dense_stack(2, 3, 1, 1, "gelu", rng=np.random.default_rng(0)), ValueError, "activation must be"),
        (lambda: nn.dense_stack(2, 3, 1, 1, "tanh", rng=1), ValueError, "rng"),
        (lambda: nn.dense_stack(2, 3, 1, 1, "tanh", rng=np.random.default_rng(0), init="x"), ValueError, "init"),
        (lambda: nn.weight_gradient_norms("net", nn.MeanSquaredError(), np.zeros((1, 2)), np.zeros((1, 1))),
         TypeError, "model must be a Sequential"),
        (lambda: nn.weight_gradient_norms(nn.dense_stack(2, 3, 1, 1, "tanh", rng=np.random.default_rng(0)),
                                          nn.MeanSquaredError(), np.zeros((2, 2)), np.zeros((3, 1))),
         ValueError, "same non-zero number of samples"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
