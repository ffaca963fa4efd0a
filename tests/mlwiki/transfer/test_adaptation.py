"""Adaptation methods: exactly the intended parameters train, the pretrained network never changes."""

import numpy as np
import pytest

from mlwiki import nn
from mlwiki.transfer import LEARNING_RATES, METHODS, adapt, compare_adaptation, digits_mlp, prepare


def _weights(model):
    return [p.copy() for layer in model.layers for p in layer.params.values()]


def _data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    return rng.random((n, 64)), np.arange(n) % 10


def test_digits_mlp_shapes_and_prompt_slot():
    net = digits_mlp(np.random.default_rng(0))
    assert nn.count_parameters(net) == (6570, 6570)
    prompted = digits_mlp(np.random.default_rng(0), n_prompt=16)
    assert isinstance(prompted.layers[0], nn.SoftPrompt) and not prompted.layers[0].trainable
    assert prompted.layers[1].n_in == 80
    assert nn.count_parameters(prompted) == (6570 + 16 * 64, 6570 + 16 * 64 + 16)


@pytest.mark.parametrize("method, changed", [
    ("last layer", [False, False, False, False, True, True]),
    ("first layer", [True, True, False, False, False, False]),
    ("all layers", [True] * 6),
])
def test_only_the_intended_layers_change(method, changed):
    pretrained = digits_mlp(np.random.default_rng(1))
    original = _weights(pretrained)
    model = prepare(pretrained, method, rng=np.random.default_rng(2))
    x, y = _data()
    adapt(model, x, y, steps=3, lr=0.01, rng=np.random.default_rng(3))
    after = _weights(model)
    assert [not np.array_equal(a, b) for a, b in zip(original, after)] == changed
    # the pretrained network itself is untouched
    for a, b in zip(original, _weights(pretrained)):
        np.testing.assert_array_equal(a, b)


def test_adapter_trains_only_itself_and_starts_as_the_identity():
    pretrained = digits_mlp(np.random.default_rng(1))
    model = prepare(pretrained, "adapter", rng=np.random.default_rng(2))
    x, y = _data()
    np.testing.assert_allclose(model.predict(x), pretrained.predict(x))
    assert isinstance(model.layers[2], nn.Adapter) and model.layers[2].n_features == 64
    assert nn.count_parameters(model) == (1096, 6570 + 1096)
    before = _weights(pretrained)
    adapt(model, x, y, steps=3, lr=0.01, rng=np.random.default_rng(3))
    frozen = [p for layer in model.layers if not isinstance(layer, nn.Adapter) for p in layer.params.values()]
    for a, b in zip(before, frozen):
        np.testing.assert_array_equal(a, b)


def test_soft_prompt_and_scratch():
    prompted = digits_mlp(np.random.default_rng(1), n_prompt=4)
    model = prepare(prompted, "soft prompt", rng=np.random.default_rng(2))
    assert nn.count_parameters(model).trainable == 4
    x, y = _data()
    adapt(model, x, y, steps=3, lr=0.1, rng=np.random.default_rng(3))
    assert np.any(model.layers[0].params["prompt"] != 0)
    scratch = prepare(prompted, "scratch", rng=np.random.default_rng(4))
    assert nn.count_parameters(scratch) == nn.count_parameters(prompted)
    assert not np.array_equal(scratch.layers[1].params["weights"], prompted.layers[1].params["weights"])
    with pytest.raises(ValueError, match="method 'soft prompt' needs a network built with a SoftPrompt"):
        prepare(digits_mlp(np.random.default_rng(0)), "soft prompt", rng=np.random.default_rng(0))
    assert LEARNING_RATES["soft prompt"] == 0.1 and set(LEARNING_RATES) == set(METHODS)


def test_compare_adaptation_uses_one_sample_for_all_methods_and_reports_counts():
    pretrained = digits_mlp(np.random.default_rng(1))
    x_pool, y_pool = _data(60, 1)
    x_test, y_test = _data(30, 2)
    result = compare_adaptation(pretrained, x_pool, y_pool, x_test, y_test, methods=("scratch", "last layer"),
                                shots=(1, 2), n_repeats=2, steps=2, rng=np.random.default_rng(5))
    assert result.accuracy.shape == (2, 2, 2)
    assert result.trainable == {"scratch": 6570, "last layer": 330}
    assert result.unadapted == nn.accuracy(pretrained, x_test, y_test)
    assert result.mean("last layer", 2) == result.accuracy[1, 1].mean()
    assert set(result.means()) == {"scratch", "last layer"}
    again = compare_adaptation(pretrained, x_pool, y_pool, x_test, y_test, methods=("scratch", "last layer"),
                               shots=(1, 2), n_repeats=2, steps=2, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(result.accuracy, again.accuracy)
    with pytest.raises(ValueError, match="no result for method"):
        result.mean("adapter", 1)


@pytest.mark.parametrize("kwargs, message", [
    (dict(methods=("fine-tune",)), "methods must be a non-empty selection"),
    (dict(methods=()), "methods must be a non-empty selection"),
    (dict(shots=()), "shots must hold at least one"),
    (dict(shots=(0,)), "shots must be > 0"),
    (dict(n_repeats=0), "n_repeats must be > 0"),
    (dict(steps=1.5), "steps must be an integer"),
])
def test_bad_experiment_arguments(kwargs, message):
    pretrained = digits_mlp(np.random.default_rng(1))
    x, y = _data()
    with pytest.raises(ValueError, match=message):
        compare_adaptation(pretrained, x, y, x, y, rng=np.random.default_rng(0), **kwargs)


def test_bad_adaptation_arguments():
    pretrained = digits_mlp(np.random.default_rng(1))
    x, y = _data()
    with pytest.raises(ValueError, match="pretrained must be a Sequential"):
        prepare("net", "scratch", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="method must be one of"):
        prepare(pretrained, "everything", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        prepare(pretrained, "scratch", rng=None)
    with pytest.raises(ValueError, match="y must hold one label per row of x"):
        adapt(pretrained, x, y[:-1], steps=1, lr=0.1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="lr must be > 0"):
        adapt(pretrained, x, y, steps=1, lr=0.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="n_prompt must be >= 0"):
        digits_mlp(np.random.default_rng(0), n_prompt=-1)
