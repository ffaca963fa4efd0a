"""Brute force over every hidden path: the definition the fast recursions must agree with.

With ``n_states ** n_steps`` paths this is only for short sequences; it exists to check
:func:`mlwiki.hmm.forward`, :func:`mlwiki.hmm.posteriors` and :func:`mlwiki.hmm.viterbi`.
"""

from __future__ import annotations

import itertools

import numpy as np

from mlwiki.hmm.inference import _check_model
from mlwiki.hmm.model import HMM

__all__ = ["PathTable", "enumerate_paths", "MAX_PATHS"]

MAX_PATHS = 2 ** 16  # 65,536 paths: well under a second


class PathTable:
    """Every hidden path of a short sequence and its joint probability with the observations.

    Attributes
    ----------
    paths : ndarray of shape (n_states ** n_steps, n_steps), int
    joint : ndarray of shape (n_states ** n_steps,)
        ``P(x_1..x_T, path)`` for each path.
    """

    def __init__(self, paths: np.ndarray, joint: np.ndarray, n_states: int):
        self.paths = paths
        self.joint = joint
        self._n_states = n_states

    @property
    def likelihood(self) -> float:
        """``P(x_1..x_T)``: the joint summed over all paths."""
        return float(self.joint.sum())

    @property
    def best_path(self) -> np.ndarray:
        """The path with the largest joint probability (the first one on ties)."""
        return self.paths[int(np.argmax(self.joint))]

    def posteriors(self) -> np.ndarray:
        """``P(z_t = i | x_1..x_T)`` of shape (n_steps, n_states): path weights summed per state."""
        weights = self.joint / self.joint.sum()
        return np.stack([(weights[:, None] * (self.paths == i)).sum(axis=0)
                         for i in range(self._n_states)], axis=1)


def enumerate_paths(hmm: HMM, observations) -> PathTable:
    """List every hidden path and multiply out its probability, one path at a time.

    Parameters
    ----------
    hmm : HMM
    observations : array-like of shape (n_steps,), int
        Short: ``n_states ** n_steps`` may not exceed :data:`MAX_PATHS`.

    Returns
    -------
    PathTable
    """
    hmm = _check_model(hmm)
    x = hmm.check_observations(observations)
    n_paths = hmm.n_states ** x.size
    if n_paths > MAX_PATHS:
        raise ValueError(f"observations are too long to enumerate: {hmm.n_states}**{x.size} = {n_paths} "
                         f"paths, more than {MAX_PATHS}")
    paths = np.array(list(itertools.product(range(hmm.n_states), repeat=x.size)), dtype=np.intp)
    joint = np.empty(n_paths)
    for row, path in enumerate(paths):
        p = hmm.start[path[0]] * hmm.emission[path[0], x[0]]
        for t in range(1, x.size):
            p *= hmm.transition[path[t - 1], path[t]] * hmm.emission[path[t], x[t]]
        joint[row] = p
    return PathTable(paths, joint, hmm.n_states)
