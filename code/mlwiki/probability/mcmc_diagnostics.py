"""How much a correlated chain is worth: autocorrelation and effective sample size.

Successive states of a Markov chain are correlated, so ``n`` of them carry less information
about a mean than ``n`` independent draws.  For a stationary chain with lag-``k``
autocorrelation ``rho_k``, the variance of the chain's average is ``sigma^2 tau / n`` with the
*integrated autocorrelation time*

    tau = 1 + 2 (rho_1 + rho_2 + ...),

so the chain is worth ``n / tau`` independent draws: its *effective sample size* (ESS).

The sum has to be truncated, because the estimated ``rho_k`` at large lags are pure noise.
Geyer's initial positive sequence does it: for a reversible chain (Metropolis--Hastings is one)
the sums of adjacent pairs ``rho_{2m} + rho_{2m+1}`` are positive, so summing stops at the first
pair that is not (Geyer 1992).
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int

__all__ = ["autocorrelation", "integrated_autocorrelation_time", "effective_sample_size"]


def _check_chain(chain) -> np.ndarray:
    chain = _check_finite_array("chain", chain, ndim=1, dtype=float)
    if chain.size < 4:
        raise ValueError(f"chain must hold at least 4 states, got {chain.size}")
    return chain


def autocorrelation(chain, max_lag=None) -> np.ndarray:
    """Sample autocorrelations ``rho_0 = 1, rho_1, ..., rho_max_lag`` of a 1-D chain.

    ``rho_k = c_k / c_0`` with ``c_k = 1/n sum_t (x_t - mean)(x_{t+k} - mean)`` (the usual
    biased estimate, which keeps the sequence positive semi-definite), computed for all lags at
    once with a zero-padded FFT.  A chain that never moves has no defined autocorrelation and
    gets ``rho_k = 1`` for every lag (it is perfectly correlated with itself).

    Parameters
    ----------
    chain : array-like of shape (n,)
        At least 4 states.
    max_lag : int, optional
        Largest lag, 0 < max_lag < n; default ``n - 1``.

    Returns
    -------
    ndarray of shape (max_lag + 1,)
    """
    chain = _check_chain(chain)
    n = chain.size
    max_lag = n - 1 if max_lag is None else _check_positive_int("max_lag", max_lag)
    if max_lag >= n:
        raise ValueError(f"max_lag must be less than the chain length {n}, got {max_lag}")
    centred = chain - chain.mean()
    if not np.any(centred):
        return np.ones(max_lag + 1)
    size = 1 << (2 * n - 1).bit_length()  # zero padding: a linear, not circular, correlation
    spectrum = np.fft.rfft(centred, size)
    covariance = np.fft.irfft(spectrum * np.conj(spectrum), size)[: max_lag + 1] / n
    return covariance / covariance[0]


def integrated_autocorrelation_time(chain) -> float:
    """``tau = 1 + 2 sum_k rho_k``, truncated by Geyer's initial positive sequence (>= 1/n).

    Parameters
    ----------
    chain : array-like of shape (n,)

    Returns
    -------
    float
        1 for independent draws, larger for a chain that moves slowly; a chain that never
        moves gets ``n`` (worth one draw).
    """
    chain = _check_chain(chain)
    n = chain.size
    rho = autocorrelation(chain)
    if np.all(rho == 1):
        return float(n)
    n_pairs = n // 2
    pairs = rho[0: 2 * n_pairs: 2] + rho[1: 2 * n_pairs: 2]  # Gamma_m = rho_{2m} + rho_{2m+1}
    not_positive = np.flatnonzero(pairs <= 0)
    kept = pairs[: not_positive[0]] if not_positive.size else pairs
    tau = -1.0 + 2.0 * float(np.sum(kept))  # = 1 + 2 (rho_1 + rho_2 + ...) over the kept pairs
    return float(min(max(tau, 1.0 / n), n))


def effective_sample_size(chain) -> float:
    """``n / tau``: the number of independent draws the chain is worth for estimating a mean.

    Parameters
    ----------
    chain : array-like of shape (n,)

    Returns
    -------
    float
        About ``n`` for independent draws, less for a chain that moves slowly, more for an
        anticorrelated one (at most ``n ** 2``, where ``tau`` is clipped at ``1/n``).
    """
    chain = _check_chain(chain)
    return chain.size / integrated_autocorrelation_time(chain)
