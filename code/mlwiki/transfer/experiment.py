"""The adaptation experiment: every method, every number of shots, several random draws.

For each repeat and each number of examples per class, one few-shot sample is drawn
from the target domain's pool, and every method adapts to *that same sample*, so the
methods differ only in what they train.  Accuracy is measured on the target domain's
test images, which no method ever trains on.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng
from mlwiki.nn.freezing import count_parameters
from mlwiki.nn.training import accuracy
from mlwiki.transfer.adaptation import LEARNING_RATES, METHODS, adapt, prepare
from mlwiki.transfer.few_shot import few_shot_indices

__all__ = ["compare_adaptation", "AdaptationResults"]


@dataclass(frozen=True)
class AdaptationResults:
    """Test accuracies of every method on one target domain.

    Attributes
    ----------
    methods : tuple of str
    shots : tuple of int
        Labelled examples per class.
    accuracy : ndarray, shape (n_methods, n_shots, n_repeats)
    trainable : dict[str, int]
        Parameters each method trains.
    total : dict[str, int]
        Parameters of each adapted network, frozen ones included.
    unadapted : float
        Accuracy of the pretrained network on the target test images, before any adaptation.
    """

    methods: tuple
    shots: tuple
    accuracy: np.ndarray
    trainable: dict
    total: dict
    unadapted: float

    def mean(self, method: str, shots: int) -> float:
        """Mean test accuracy of ``method`` with ``shots`` examples per class."""
        if method not in self.methods or shots not in self.shots:
            raise ValueError(f"no result for method={method!r}, shots={shots!r}")
        return float(self.accuracy[self.methods.index(method), self.shots.index(shots)].mean())

    def means(self) -> dict:
        """``{method: [mean accuracy for each number of shots]}``."""
        return {m: [self.mean(m, k) for k in self.shots] for m in self.methods}


def compare_adaptation(pretrained, x_pool, y_pool, x_test, y_test, *, methods=METHODS, shots=(1, 3, 10),
                       n_repeats: int = 3, steps: int = 60, rng) -> AdaptationResults:
    """Adapt ``pretrained`` with each method to few-shot samples of a target domain; test each.

    Parameters
    ----------
    pretrained : Sequential
        The network trained on the source domain (from :func:`~mlwiki.transfer.digits_mlp`).
    x_pool, y_pool : ndarray
        Labelled target-domain images to draw the few-shot samples from.
    x_test, y_test : ndarray
        Target-domain images to measure accuracy on.
    methods : sequence of str
        Names from :data:`~mlwiki.transfer.METHODS`.
    shots : sequence of int
        Labelled examples per class.
    n_repeats : int
        Independent few-shot draws per number of shots.
    steps : int
        Full-batch Adam steps of every adaptation (learning rates: ``LEARNING_RATES``).
    rng : numpy.random.Generator
        Draws the samples, fresh networks and adapters.

    Returns
    -------
    AdaptationResults
    """
    x_pool = _check_finite_array("x_pool", x_pool, ndim=2, dtype=float)
    x_test = _check_finite_array("x_test", x_test, ndim=2, dtype=float)
    y_pool = _check_finite_array("y_pool", y_pool, ndim=1).astype(np.int64)
    y_test = _check_finite_array("y_test", y_test, ndim=1).astype(np.int64)
    if y_pool.size != x_pool.shape[0] or y_test.size != x_test.shape[0]:
        raise ValueError("x_pool/y_pool and x_test/y_test must hold one label per image")
    methods = tuple(methods)
    unknown = [m for m in methods if m not in METHODS]
    if not methods or unknown:
        raise ValueError(f"methods must be a non-empty selection of {METHODS}, got {methods!r}")
    shots = tuple(_check_positive_int("shots", k) for k in shots)
    if not shots:
        raise ValueError("shots must hold at least one number of examples per class")
    n_repeats = _check_positive_int("n_repeats", n_repeats)
    steps = _check_positive_int("steps", steps)
    rng = _check_rng("rng", rng)

    scores = np.empty((len(methods), len(shots), n_repeats))
    trainable, total = {}, {}
    for r in range(n_repeats):
        for j, k in enumerate(shots):
            chosen = few_shot_indices(y_pool, k, rng=rng)
            for i, method in enumerate(methods):
                model = prepare(pretrained, method, rng=rng)
                trainable[method], total[method] = count_parameters(model)
                adapt(model, x_pool[chosen], y_pool[chosen], steps=steps, lr=LEARNING_RATES[method], rng=rng)
                scores[i, j, r] = accuracy(model, x_test, y_test)
    return AdaptationResults(methods, shots, scores, trainable, total, accuracy(pretrained, x_test, y_test))
