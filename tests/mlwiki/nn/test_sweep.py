import numpy as np
import pytest

from mlwiki import nn

X = np.random.default_rng(0).standard_normal((40, 3))
Y = nn.one_hot((X[:, 0] + X[:, 1] > 0).astype(int), 2)
LOSS = nn.CategoricalCrossEntropy(from_logits=True)


def _model():
    rng = np.random.default_rng(1)
    return nn.Sequential([nn.Dense(3, 8, rng=rng), nn.Tanh(), nn.Dense(8, 2, rng=rng)])


@pytest.mark.parametrize("batch_size", [None, 8])
def test_every_run_matches_a_plain_fit_with_the_same_seed(batch_size):
    sweep = nn.learning_rate_sweep(_model, LOSS, nn.SGD, X, Y, lrs=[0.1, 1.0], epochs=5, batch_size=batch_size, seed=3)
    assert sweep.steps_per_epoch == (1 if batch_size is None else 5)
    for lr, curve in zip(sweep.lrs, sweep.losses):
        model = _model()
        nn.fit(model, LOSS, nn.SGD(lr), X, Y, epochs=5, batch_size=batch_size, rng=np.random.default_rng(3))
        assert len(curve) == 6 and curve[0] == pytest.approx(nn.evaluate(_model(), LOSS, X, Y)[0])
        assert curve[-1] == pytest.approx(nn.evaluate(model, LOSS, X, Y)[0], rel=1e-12)
    assert sweep.best_lr == sweep.lrs[np.argmin(sweep.final)]
    assert np.array_equal(sweep.best_losses, sweep.losses[sweep.best_index])


def test_diverging_runs_are_stopped_and_marked():
    sweep = nn.learning_rate_sweep(_model, LOSS, nn.SGD, X, Y, lrs=[0.5, 500.0], epochs=30, batch_size=4, seed=0)
    assert list(sweep.diverged) == [False, True]
    assert np.isinf(sweep.final[1]) and len(sweep.losses[1]) < 31
    assert sweep.best_lr == 0.5
    after = sweep.after(2)
    assert after[0] == sweep.losses[0][2] and np.isinf(after[1])
    with pytest.raises(ValueError, match="epoch must be >= 0"):
        sweep.after(-1)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"lrs": []}, ValueError, "at least one learning rate"),
        ({"lrs": [0.1, -1]}, ValueError, "lrs entry must be > 0"),
        ({"lrs": 0.1}, TypeError, "lrs must be a sequence"),
        ({"epochs": 0}, ValueError, "epochs must be > 0"),
        ({"divergence": 1.0}, ValueError, "divergence must be > 1"),
        ({"seed": -1}, ValueError, "seed must be >= 0"),
        ({"build_model": "net"}, TypeError, "build_model and build_optimizer must be functions"),
        ({"loss": "ce"}, TypeError, "loss must be a loss object"),
        ({"y": Y[:5]}, ValueError, "same non-zero number of samples"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    arguments = {"build_model": _model, "loss": LOSS, "build_optimizer": nn.SGD, "x": X, "y": Y, "lrs": [0.1],
                 "epochs": 1} | kwargs
    positional = [arguments.pop(k) for k in ("build_model", "loss", "build_optimizer", "x", "y")]
    with pytest.raises(error, match=match):
        nn.learning_rate_sweep(*positional, **arguments)
