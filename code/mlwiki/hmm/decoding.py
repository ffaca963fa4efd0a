"""The most probable hidden path of an HMM (Viterbi decoding), computed in log space.

``delta_t(j) = max over z_1..z_{t-1} of log P(x_1..x_t, z_1..z_{t-1}, z_t = j)`` obeys
``delta_t(j) = max_i [delta_{t-1}(i) + log transition[i, j]] + log emission[j, x_t]``.
Keeping, for each ``j``, the ``i`` that wins, and tracing those choices back from the best
final state, gives the path.  Sums of logarithms never underflow, where products of
probabilities would.
"""

from __future__ import annotations

import numpy as np

from mlwiki.hmm.inference import _check_model
from mlwiki.hmm.model import HMM

__all__ = ["viterbi"]


def viterbi(hmm: HMM, observations) -> tuple[np.ndarray, float]:
    """The hidden path with the highest joint probability given the observations.

    Parameters
    ----------
    hmm : HMM
    observations : array-like of shape (n_steps,), int

    Returns
    -------
    path : ndarray of shape (n_steps,), int
        States ``0 .. n_states - 1``.  Ties go to the lower state index.
    log_probability : float
        ``log P(x_1..x_T, path)`` (natural log); ``-inf`` when every path is impossible.
    """
    hmm = _check_model(hmm)
    x = hmm.check_observations(observations)
    with np.errstate(divide="ignore"):  # log(0) = -inf marks an impossible move, on purpose
        log_start, log_trans, log_emit = np.log(hmm.start), np.log(hmm.transition), np.log(hmm.emission)
    best_from = np.empty((x.size, hmm.n_states), dtype=np.intp)  # winning predecessor of each state
    delta = log_start + log_emit[:, x[0]]
    for t in range(1, x.size):
        candidates = delta[:, None] + log_trans          # [i, j]: come from i, go to j
        best_from[t] = np.argmax(candidates, axis=0)
        delta = candidates[best_from[t], np.arange(hmm.n_states)] + log_emit[:, x[t]]
    path = np.empty(x.size, dtype=np.intp)
    path[-1] = int(np.argmax(delta))
    for t in range(x.size - 1, 0, -1):
        path[t - 1] = best_from[t, path[t]]
    return path, float(delta[path[-1]])
