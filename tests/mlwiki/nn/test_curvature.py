import numpy as np
import pytest
import torch

from mlwiki import nn


def _small_problem(seed=0):
    rng = np.random.default_rng(seed)
    model = nn.Sequential([nn.Dense(3, 4, rng=rng), nn.Tanh(), nn.Dense(4, 2, rng=rng)])
    for layer in (model.layers[0], model.layers[2]):
        layer.params["bias"][:] = rng.standard_normal(layer.params["bias"].shape)
    x = rng.standard_normal((20, 3))
    y = nn.one_hot(rng.integers(0, 2, size=20), 2)
    return model, nn.CategoricalCrossEntropy(from_logits=True), x, y, rng


def _torch_loss(model, x, y):
    """The same network and loss as a torch function of one flat parameter vector."""
    w1, b1, w2, b2 = (p for params, _ in model.parameters() for p in params.values())
    sizes = [w1.size, b1.size, w2.size, b2.size]
    xt, yt = torch.tensor(x), torch.tensor(y)

    def loss(theta):
        a, b, c, d = torch.split(theta, sizes)
        hidden = torch.tanh(xt @ a.reshape(w1.shape) + b)
        logits = hidden @ c.reshape(w2.shape) + d
        return torch.nn.functional.cross_entropy(logits, yt)

    flat = torch.tensor(np.concatenate([w1.ravel(), b1, w2.ravel(), b2]))
    return loss, flat


def test_gradient_and_hessian_vector_product_match_torch():
    model, loss, x, y, rng = _small_problem()
    torch_loss, theta = _torch_loss(model, x, y)
    expected_grad = torch.autograd.functional.jacobian(torch_loss, theta).numpy()
    np.testing.assert_allclose(nn.flat_gradient(model, loss, x, y), expected_grad, atol=1e-12)
    v = rng.standard_normal(theta.numel())
    _, expected_hv = torch.autograd.functional.hvp(torch_loss, theta, torch.tensor(v))
    np.testing.assert_allclose(nn.hessian_vector_product(model, loss, x, y, v), expected_hv.numpy(),
                               rtol=1e-6, atol=1e-8)


def test_largest_eigenvalue_matches_the_full_torch_hessian():
    model, loss, x, y, rng = _small_problem(1)
    torch_loss, theta = _torch_loss(model, x, y)
    eigenvalues = np.linalg.eigvalsh(torch.autograd.functional.hessian(torch_loss, theta).numpy())
    dominant = eigenvalues[np.argmax(np.abs(eigenvalues))]
    estimate = nn.largest_hessian_eigenvalue(model, loss, x, y, rng=rng, n_iterations=500, tol=1e-10)
    assert estimate == pytest.approx(dominant, rel=1e-5)
    before = [p.copy() for params, _ in model.parameters() for p in params.values()]
    after = [p for params, _ in model.parameters() for p in params.values()]
    assert all(np.array_equal(a, b) for a, b in zip(before, after))  # parameters restored


def test_two_over_lambda_max_separates_converging_from_diverging_descent():
    # Linear regression with mean squared error is exactly quadratic, so the bound is sharp.
    rng = np.random.default_rng(2)
    x = rng.standard_normal((50, 3)) * np.array([1.0, 3.0, 0.5])
    y = x @ np.array([[1.0], [-2.0], [0.5]])
    loss = nn.MeanSquaredError()
    probe = nn.Sequential([nn.Dense(3, 1, rng=np.random.default_rng(3))])
    lam = nn.largest_hessian_eigenvalue(probe, loss, x, y, rng=rng, n_iterations=1000, tol=1e-12)
    with_bias = np.hstack([x, np.ones((50, 1))])
    assert lam == pytest.approx(np.linalg.eigvalsh(2 * with_bias.T @ with_bias / 50).max(), rel=1e-6)
    final = {}
    for factor in (0.95, 1.05):
        model = nn.Sequential([nn.Dense(3, 1, rng=np.random.default_rng(3))])
        history = nn.fit(model, loss, nn.SGD(factor * 2 / lam), x, y, epochs=300, rng=rng, metric=None)
        final[factor] = history.loss[-1] / history.loss[0]
    assert final[0.95] < 1e-3 and final[1.05] > 1e3


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda m, l, x, y, r: nn.hessian_vector_product(m, l, x, y, np.zeros(26)), ValueError, "non-zero"),
        (lambda m, l, x, y, r: nn.hessian_vector_product(m, l, x, y, np.ones(5)), ValueError, r"shape \(26,\)"),
        (lambda m, l, x, y, r: nn.hessian_vector_product(m, l, x, y, np.ones(26) * 1j), TypeError, "v must hold real"),
        (lambda m, l, x, y, r: nn.hessian_vector_product(m, l, x, y, np.ones(26), eps=0), ValueError, "eps must be > 0"),
        (lambda m, l, x, y, r: nn.largest_hessian_eigenvalue(m, l, x, y, rng=None), ValueError, "rng"),
        (lambda m, l, x, y, r: nn.largest_hessian_eigenvalue(m, l, x, y, rng=r, n_iterations=0), ValueError,
         "n_iterations must be > 0"),
        (lambda m, l, x, y, r: nn.largest_hessian_eigenvalue(m, l, x, y, rng=r, tol=-1), ValueError, "tol must be > 0"),
        (lambda m, l, x, y, r: nn.flat_gradient(m, "loss", x, y), TypeError, "loss must be a loss object"),
        (lambda m, l, x, y, r: nn.flat_gradient([m], l, x, y), TypeError, "model must be a Sequential"),
        (lambda m, l, x, y, r: nn.flat_gradient(m, l, x, y[:3]), ValueError, "same non-zero number of samples"),
    ],
)
def test_bad_arguments(call, error, match):
    model, loss, x, y, rng = _small_problem()
    with pytest.raises(error, match=match):
        call(model, loss, x, y, rng)
