"""mlwiki.neuron.data: the tutorial's eight points."""

from mlwiki.neuron import tutorial_points


def test_tutorial_points():
    x, targets = tutorial_points()
    assert x.shape == (8, 2) and targets.shape == (8,)
    assert x[3].tolist() == [3.0, 4.0]
    assert targets.tolist() == [0, 1, 0, 1, 0, 1, 1, 0]
