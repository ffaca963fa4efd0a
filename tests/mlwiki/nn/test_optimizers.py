import numpy as np
import pytest

from mlwiki import nn


class _Quadratic(nn.Layer):
    """Holds one parameter vector w; E(w) = 0.5 * sum(scales * (w - target)^2)."""

    def __init__(self, dtype=np.float64):
        super().__init__()
        self.target = np.array([1.0, -2.0, 3.0], dtype=dtype)
        self.scales = np.array([1.0, 10.0, 0.1], dtype=dtype)  # ill-conditioned on purpose
        self.params = {"w": np.zeros(3, dtype=dtype)}
        self.grads = {"w": np.zeros(3, dtype=dtype)}

    def loss(self):
        return 0.5 * float(np.sum(self.scales * (self.params["w"] - self.target) ** 2))

    def compute_grad(self):
        self.zero_grad()
        self.grads["w"] += self.scales * (self.params["w"] - self.target)


@pytest.mark.parametrize(
    "optimizer",
    [nn.SGD(0.1), nn.Momentum(0.05, beta=0.9), nn.Adam(0.1), nn.NAdam(0.1)],
    ids=repr,
)
def test_optimizer_minimises_quadratic(optimizer):
    problem = _Quadratic()
    start = problem.loss()
    for _ in range(300):
        problem.compute_grad()
        optimizer.step(problem)
    assert problem.loss() < 1e-3 * start


def test_sgd_step_is_exact():
    problem = _Quadratic()
    problem.compute_grad()
    grad = problem.grads["w"].copy()
    nn.SGD(0.5).step(problem)
    np.testing.assert_allclose(problem.params["w"], -0.5 * grad)


def test_adam_first_step_has_size_lr():
    # bias correction makes the first Adam step lr * sign(g) (up to eps)
    problem = _Quadratic()
    problem.compute_grad()
    nn.Adam(0.01).step(problem)
    np.testing.assert_allclose(np.abs(problem.params["w"]), 0.01, rtol=1e-5)


@pytest.mark.parametrize("cls", [nn.SGD, nn.Momentum, nn.Adam, nn.NAdam])
def test_float32_state_stays_float32(cls):
    problem = _Quadratic(np.float32)
    opt = cls(0.01)
    for _ in range(3):
        problem.compute_grad()
        opt.step(problem)
    assert problem.params["w"].dtype == np.float32


def test_optimizers_reduce_regression_loss():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((64, 3))
    y = x @ np.array([[1.0], [-2.0], [0.5]]) + 0.3
    for opt in (nn.SGD(0.1), nn.Momentum(0.05), nn.Adam(0.05), nn.NAdam(0.05)):
        model = nn.Sequential([nn.Dense(3, 1, rng=np.random.default_rng(1))])
        history = nn.fit(model, nn.MeanSquaredError(), opt, x, y, epochs=100, rng=rng, metric=None)
        assert history.loss[-1] < 1e-3 * history.loss[0], opt


def test_bad_hyperparameters():
    with pytest.raises(ValueError, match="lr must be > 0"):
        nn.SGD(-0.1)
    with pytest.raises(ValueError, match="beta must be in"):
        nn.Momentum(0.1, beta=1.0)
    with pytest.raises(ValueError, match="beta2"):
        nn.Adam(beta2=1.5)
    with pytest.raises(ValueError, match="eps"):
        nn.NAdam(eps=0)
    with pytest.raises(ValueError, match="parameters"):
        nn.SGD(0.1).step(object())


def test_state_is_kept_per_parameter_array():
    # two independent problems share one Momentum optimizer: each keeps its own velocity
    a, b = _Quadratic(), _Quadratic()
    opt = nn.Momentum(0.01, beta=0.9)
    for _ in range(3):
        a.compute_grad()
        opt.step(a)
    b.compute_grad()
    opt.step(b)
    fresh = _Quadratic()
    fresh.compute_grad()
    nn.Momentum(0.01, beta=0.9).step(fresh)
    np.testing.assert_allclose(b.params["w"], fresh.params["w"])


def test_adam_bias_correction_counts_steps_per_parameter_array():
    # a second problem joining later gets a first step of size lr, as if alone
    a, b = _Quadratic(), _Quadratic()
    opt = nn.Adam(0.01)
    for _ in range(5):
        a.compute_grad()
        opt.step(a)
    b.compute_grad()
    opt.step(b)
    np.testing.assert_allclose(np.abs(b.params["w"]), 0.01, rtol=1e-5)
