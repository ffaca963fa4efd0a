import pytest
import torch

from mlwiki import nn


def _torch_learning_rates(make_scheduler, lr, epochs):
    parameter = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([parameter], lr=lr)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(epochs):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


def test_step_decay_matches_torch_step_lr():
    ours = nn.StepDecay(0.5, factor=0.3, every=3)
    theirs = _torch_learning_rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.3), 0.5, 10)
    assert [ours(e) for e in range(10)] == pytest.approx(theirs, rel=1e-12)


def test_cosine_decay_matches_torch_cosine_annealing():
    ours = nn.CosineDecay(0.2, epochs=12, lr_min=0.01)
    theirs = _torch_learning_rates(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=12, eta_min=0.01), 0.2, 12)
    assert [ours(e) for e in range(12)] == pytest.approx(theirs, rel=1e-9)
    assert ours(12) == pytest.approx(0.01) and ours(50) == pytest.approx(0.01)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: nn.StepDecay(0, 0.5, 2), ValueError, "lr must be > 0"),
        (lambda: nn.StepDecay(0.1, 1.5, 2), ValueError, r"factor must be in \(0, 1\]"),
        (lambda: nn.StepDecay(0.1, 0.0, 2), ValueError, "factor must be > 0"),
        (lambda: nn.StepDecay(0.1, 0.5, 0), ValueError, "every must be > 0"),
        (lambda: nn.StepDecay(0.1, 0.5, 2)(-1), ValueError, "epoch must be >= 0"),
        (lambda: nn.StepDecay(0.1, 0.5, 2)(1.5), ValueError, "epoch must be an integer"),
        (lambda: nn.CosineDecay(0.1, 0), ValueError, "epochs must be > 0"),
        (lambda: nn.CosineDecay(0.1, 5, lr_min=-1), ValueError, "lr_min must be >= 0"),
        (lambda: nn.CosineDecay(0.1, 5, lr_min=0.2), ValueError, "lr_min must not exceed lr"),
        (lambda: nn.CosineDecay("0.1", 5), ValueError, "lr must be a real number"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
