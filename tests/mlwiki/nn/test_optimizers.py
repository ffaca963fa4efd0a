import numpy as np
import pytest
import torch

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


class _Given(nn.Layer):
    """A layer holding two parameter arrays whose gradients the test sets directly."""

    def __init__(self, rng):
        super().__init__()
        self.params = {"weights": rng.standard_normal((3, 2)), "bias": rng.standard_normal(2)}
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}


_PAIRS = [
    (lambda: nn.SGD(0.1), lambda ps: torch.optim.SGD(ps, lr=0.1)),
    (lambda: nn.SGD(0.1, weight_decay=0.01), lambda ps: torch.optim.SGD(ps, lr=0.1, weight_decay=0.01)),
    (lambda: nn.Momentum(0.05, beta=0.9), lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
    (lambda: nn.Momentum(0.05, beta=0.8, weight_decay=0.1),
     lambda ps: torch.optim.SGD(ps, lr=0.05, momentum=0.8, weight_decay=0.1)),
    (lambda: nn.Adam(0.01), lambda ps: torch.optim.Adam(ps, lr=0.01)),
    (lambda: nn.Adam(0.02, beta1=0.8, beta2=0.99, eps=1e-6, weight_decay=0.05),
     lambda ps: torch.optim.Adam(ps, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05)),
    # torch's NAdam warms its momentum up with momentum_decay = 0.004 by default; ours too
    (lambda: nn.NAdam(0.01), lambda ps: torch.optim.NAdam(ps, lr=0.01)),
    (lambda: nn.NAdam(0.01, beta1=0.85, momentum_decay=0.1, weight_decay=0.01),
     lambda ps: torch.optim.NAdam(ps, lr=0.01, betas=(0.85, 0.999), momentum_decay=0.1, weight_decay=0.01)),
    (lambda: nn.NAdam(0.01, momentum_decay=0.0), lambda ps: torch.optim.NAdam(ps, lr=0.01, momentum_decay=0.0)),
]


@pytest.mark.parametrize("ours, theirs", _PAIRS, ids=lambda f: repr(f()) if f.__code__.co_argcount == 0 else "")
def test_steps_match_torch_optim(ours, theirs):
    rng = np.random.default_rng(0)
    layer = _Given(rng)
    tensors = {key: torch.tensor(value.copy(), requires_grad=True) for key, value in layer.params.items()}
    optimizer = ours()
    # torch keeps scalar optimizer state (NAdam's momentum product) in the default dtype: float64 here
    default = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        reference = theirs(list(tensors.values()))
        _run_both(rng, layer, tensors, optimizer, reference)
    finally:
        torch.set_default_dtype(default)


def _run_both(rng, layer, tensors, optimizer, reference):
    for step in range(4):  # the first step, and a few more with state carried over
        for key in layer.params:
            gradient = rng.standard_normal(layer.params[key].shape)
            layer.grads[key][...] = gradient
            tensors[key].grad = torch.tensor(gradient)
        optimizer.step(layer)
        reference.step()
        for key in layer.params:
            np.testing.assert_allclose(layer.params[key], tensors[key].detach().numpy(), rtol=1e-12, atol=1e-14,
                                       err_msg=f"{optimizer!r}, step {step + 1}, {key}")


def test_nadam_with_constant_momentum_is_adam_looking_one_step_ahead():
    # momentum_decay -> infinity makes mu_t = beta1 from the first step; the update is then
    # beta1 m / (1 - beta1^{t+1}) + (1 - beta1) g / (1 - beta1^t), over sqrt(v_hat) + eps.
    rng = np.random.default_rng(1)
    layer = _Given(rng)
    w = layer.params["weights"].copy()
    g = rng.standard_normal(w.shape)
    layer.grads["weights"][...] = g
    nn.NAdam(0.01, momentum_decay=1e9).step(layer)
    b1, b2 = 0.9, 0.999
    m, v = (1 - b1) * g, (1 - b2) * g * g
    expected = w - 0.01 * (b1 * m / (1 - b1**2) + (1 - b1) * g / (1 - b1)) / (np.sqrt(v / (1 - b2)) + 1e-8)
    np.testing.assert_allclose(layer.params["weights"], expected, rtol=1e-12)


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: nn.SGD(-0.1), ValueError, "lr must be > 0"),
        (lambda: nn.SGD(0), ValueError, "lr must be > 0"),
        (lambda: nn.SGD("0.1"), ValueError, "lr must be a real number"),
        (lambda: nn.SGD(float("inf")), ValueError, "lr must be finite"),
        (lambda: nn.SGD(0.1, weight_decay=-1), ValueError, "weight_decay must be >= 0"),
        (lambda: nn.Momentum(0.1, beta=1.0), ValueError, r"beta must be in \[0, 1\)"),
        (lambda: nn.Momentum(0.1, beta=-0.1), ValueError, "beta must be >= 0"),
        (lambda: nn.Adam(beta1=1.0), ValueError, "beta1"),
        (lambda: nn.Adam(beta2=1.5), ValueError, "beta2"),
        (lambda: nn.Adam(eps=0), ValueError, "eps must be > 0"),
        (lambda: nn.NAdam(eps=0), ValueError, "eps must be > 0"),
        (lambda: nn.NAdam(momentum_decay=-1), ValueError, "momentum_decay must be >= 0"),
    ],
)
def test_bad_hyperparameters(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize("cls", [nn.SGD, nn.Momentum, nn.Adam, nn.NAdam])
def test_step_needs_a_model_and_lr_stays_checked(cls):
    optimizer = cls(0.1)
    with pytest.raises(TypeError, match="model must have a parameters"):
        optimizer.step(object())
    assert optimizer.n_steps == 0  # a refused step is not counted
    optimizer.lr = 0.05
    assert optimizer.lr == 0.05
    with pytest.raises(ValueError, match="lr must be > 0"):
        optimizer.lr = 0.0


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
