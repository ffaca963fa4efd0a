"""The regularised logistic loss against scikit-learn, SciPy's derivative checks and PyTorch's autograd."""

import numpy as np
import pytest
import torch
from scipy import optimize
from sklearn.linear_model import LogisticRegression

from mlwiki.optim import LogisticLoss, newton_method


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((150, 2))
    y = (rng.random(150) < 1 / (1 + np.exp(-(x @ [1.5, -1.0] + 0.3)))).astype(float)
    return x, y


def test_value_matches_scikit_learns_log_loss_and_autograd(data):
    x, y = data
    design = np.column_stack([np.ones(len(y)), x])
    loss = LogisticLoss(design, y, l2=0.05)
    w = np.array([0.2, -0.4, 0.7])
    wt = torch.tensor(w, requires_grad=True)
    z = torch.tensor(design) @ wt
    value = torch.nn.functional.binary_cross_entropy_with_logits(z, torch.tensor(y)) + 0.025 * wt @ wt
    value.backward()
    assert loss.value(w) == pytest.approx(value.item(), rel=1e-12)
    np.testing.assert_allclose(loss.gradient(w), wt.grad.numpy(), rtol=1e-10)
    hessian = torch.autograd.functional.hessian(
        lambda v: torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor(design) @ v, torch.tensor(y))
        + 0.025 * v @ v, torch.tensor(w))
    np.testing.assert_allclose(loss.hessian(w), hessian.numpy(), rtol=1e-10, atol=1e-14)
    assert optimize.check_grad(loss.value, loss.gradient, w) < 1e-6


def test_minimiser_matches_scikit_learn(data):
    x, y = data
    design = np.column_stack([np.ones(len(y)), x])
    # scikit-learn minimises C * sum(log-loss) + 1/2 ||coef||^2 with an unpenalised intercept; dividing by
    # C n gives our mean loss with l2 = 1 / (C n) on the weights only.  Match it with l2 = 0 on the bias by
    # comparing at l2 = 0 (no penalty at all, data not separable).
    loss = LogisticLoss(design, y, l2=0.0)
    ours = newton_method(loss.gradient, loss.hessian, np.zeros(3), 12)[-1]
    theirs = LogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(x, y)
    np.testing.assert_allclose(ours, np.r_[theirs.intercept_, theirs.coef_[0]], atol=1e-6)


def test_large_scores_do_not_overflow():
    loss = LogisticLoss(np.array([[1000.0], [-1000.0]]), np.array([0.0, 1.0]))
    assert loss.value(np.array([1.0])) == pytest.approx(1000.0)
    np.testing.assert_allclose(loss.gradient(np.array([1.0])), [1000.0])
    assert np.all(np.isfinite(loss.hessian(np.array([1.0]))))


@pytest.mark.parametrize("call, match", [
    (lambda: LogisticLoss(np.ones(3), np.zeros(3)), "x must have 2 dimension"),
    (lambda: LogisticLoss(np.ones((3, 2)), np.zeros(2)), "y must have one label per row of x"),
    (lambda: LogisticLoss(np.ones((2, 2)), np.array([0.0, 2.0])), "y must hold labels 0 or 1"),
    (lambda: LogisticLoss(np.ones((2, 2)), np.zeros(2), l2=-1.0), "l2 must be >= 0"),
    (lambda: LogisticLoss(np.ones((0, 2)), np.zeros(0)), "x must have at least one row"),
    (lambda: LogisticLoss(np.ones((2, 2)), np.zeros(2)).value([1.0]), "w must have 2 entries"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
