"""Filtering, likelihood and posteriors of an HMM: the forward and backward recursions.

The forward recursion carries ``alpha_t(i) = P(x_1..x_t, z_t = i)``.  Each step multiplies by
probabilities below 1, so ``alpha_t`` shrinks geometrically and underflows to zero in a few
hundred steps (:func:`forward_unscaled` shows it).  :func:`forward` therefore keeps the
*normalised* vector ``alpha_t / sum(alpha_t) = P(z_t = i | x_1..x_t)`` -- the filtering
distribution -- and the normaliser ``c_t = P(x_t | x_1..x_{t-1})``, whose logarithms add up to
the log-likelihood.  :func:`backward` and :func:`posteriors` reuse the same normalisers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki.hmm.model import HMM

__all__ = ["ForwardResult", "forward", "backward", "posteriors", "forward_unscaled"]


@dataclass(frozen=True)
class ForwardResult:
    """What the scaled forward pass returns.

    Attributes
    ----------
    filtered : ndarray of shape (n_steps, n_states)
        ``P(z_t = i | x_1..x_t)``; every row sums to 1.
    scales : ndarray of shape (n_steps,)
        ``c_t = P(x_t | x_1..x_{t-1})`` (``c_1 = P(x_1)``).
    log_likelihood : float
        ``log P(x_1..x_T) = sum_t log c_t`` (natural log).
    """

    filtered: np.ndarray
    scales: np.ndarray
    log_likelihood: float


def _check_model(hmm) -> HMM:
    if not isinstance(hmm, HMM):
        raise TypeError(f"hmm must be an HMM, got {type(hmm).__name__}")
    return hmm


def forward(hmm: HMM, observations) -> ForwardResult:
    """Scaled forward pass: filtering distributions and the log-likelihood, safe for any length.

    Parameters
    ----------
    hmm : HMM
    observations : array-like of shape (n_steps,), int
        Symbols ``0 .. n_symbols - 1``.

    Returns
    -------
    ForwardResult

    Raises
    ------
    ValueError
        When the observations are impossible under the model (probability exactly 0).
    """
    hmm = _check_model(hmm)
    x = hmm.check_observations(observations)
    filtered = np.empty((x.size, hmm.n_states))
    scales = np.empty(x.size)
    predicted = hmm.start                                   # P(z_t | x_1..x_{t-1})
    for t, symbol in enumerate(x):
        joint = predicted * hmm.emission[:, symbol]         # P(z_t, x_t | x_1..x_{t-1})
        scales[t] = joint.sum()                             # P(x_t | x_1..x_{t-1})
        if scales[t] == 0.0:
            raise ValueError(f"observations are impossible under the model: symbol {symbol} at step {t} "
                             f"has probability 0")
        filtered[t] = joint / scales[t]                     # P(z_t | x_1..x_t)
        predicted = filtered[t] @ hmm.transition            # P(z_{t+1} | x_1..x_t)
    return ForwardResult(filtered, scales, float(np.log(scales).sum()))


def backward(hmm: HMM, observations, scales) -> np.ndarray:
    """Scaled backward pass: ``beta_t(i) = P(x_{t+1}..x_T | z_t = i) / (c_{t+1} ... c_T)``.

    Parameters
    ----------
    hmm : HMM
    observations : array-like of shape (n_steps,), int
    scales : array-like of shape (n_steps,)
        The normalisers ``c_t`` of :func:`forward` on the same observations.

    Returns
    -------
    ndarray of shape (n_steps, n_states)
    """
    hmm = _check_model(hmm)
    x = hmm.check_observations(observations)
    scales = np.asarray(scales, dtype=float)
    if scales.shape != x.shape or not np.all(np.isfinite(scales)) or np.any(scales <= 0):
        raise ValueError(f"scales must be the {x.size} positive normalisers forward() returned "
                         f"for these observations, got shape {scales.shape}")
    beta = np.empty((x.size, hmm.n_states))
    beta[-1] = 1.0
    for t in range(x.size - 2, -1, -1):
        beta[t] = hmm.transition @ (hmm.emission[:, x[t + 1]] * beta[t + 1]) / scales[t + 1]
    return beta


def posteriors(hmm: HMM, observations) -> np.ndarray:
    """Smoothed state probabilities ``P(z_t = i | x_1..x_T)`` (forward-backward).

    Parameters
    ----------
    hmm : HMM
    observations : array-like of shape (n_steps,), int

    Returns
    -------
    ndarray of shape (n_steps, n_states)
        Every row sums to 1.
    """
    result = forward(hmm, observations)
    # With both passes scaled by the same c_t, filtered * beta is already normalised.
    return result.filtered * backward(hmm, observations, result.scales)


def forward_unscaled(hmm: HMM, observations) -> np.ndarray:
    """The textbook forward recursion on raw probabilities -- correct, but it underflows.

    ``alpha_t(i) = P(x_1..x_t, z_t = i)``; ``alpha_T.sum()`` is the likelihood.  Kept to show
    why :func:`forward` normalises: after a few hundred steps every entry is 0.0 in floating
    point and the likelihood is lost.

    Parameters
    ----------
    hmm : HMM
    observations : array-like of shape (n_steps,), int

    Returns
    -------
    ndarray of shape (n_steps, n_states)
    """
    hmm = _check_model(hmm)
    x = hmm.check_observations(observations)
    alpha = np.empty((x.size, hmm.n_states))
    alpha[0] = hmm.start * hmm.emission[:, x[0]]
    for t in range(1, x.size):
        alpha[t] = (alpha[t - 1] @ hmm.transition) * hmm.emission[:, x[t]]
    return alpha
