"""A hidden Markov model with discrete observations: its parameters and how to sample it.

A hidden state ``z_t`` (one of ``n_states``) follows a Markov chain: it starts from ``start``
and moves with the row-stochastic ``transition`` matrix, ``P(z_t = j | z_{t-1} = i) =
transition[i, j]``.  At every step the state emits one symbol ``x_t`` (one of ``n_symbols``)
with ``P(x_t = k | z_t = i) = emission[i, k]``.  Only the symbols are seen.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng

__all__ = ["HMM", "dishonest_casino", "stationary_distribution"]

_TOLERANCE = 1e-9  # how far a probability vector's sum may be from 1 (rounding in the inputs)


def _check_distribution(name: str, value, *, ndim: int) -> np.ndarray:
    """Return ``value`` as a float array whose last axis holds probability vectors."""
    try:
        arr = np.array(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a numeric array of probabilities: {exc}") from None
    if arr.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must hold finite probabilities >= 0")
    sums = arr.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > _TOLERANCE):
        what = "its rows" if ndim == 2 else "its entries"
        raise ValueError(f"{name}: {what} must sum to 1, got sums {np.round(sums, 12).tolist()}")
    return arr


@dataclass(frozen=True, eq=False)
class HMM:
    """A discrete hidden Markov model (validated on creation).

    Attributes
    ----------
    start : ndarray of shape (n_states,)
        ``P(z_1 = i)``.
    transition : ndarray of shape (n_states, n_states)
        ``P(z_t = j | z_{t-1} = i)`` in row ``i``, column ``j``; rows sum to 1.
    emission : ndarray of shape (n_states, n_symbols)
        ``P(x_t = k | z_t = i)`` in row ``i``, column ``k``; rows sum to 1.
    state_names : tuple of str, optional
        For labels; ``("0", "1", ...)`` when not given.
    """

    start: np.ndarray
    transition: np.ndarray
    emission: np.ndarray
    state_names: tuple = ()

    def __post_init__(self):
        start = _check_distribution("start", self.start, ndim=1)
        transition = _check_distribution("transition", self.transition, ndim=2)
        emission = _check_distribution("emission", self.emission, ndim=2)
        n = start.size
        if transition.shape != (n, n):
            raise ValueError(f"transition must have shape ({n}, {n}) to match start, got {transition.shape}")
        if emission.shape[0] != n:
            raise ValueError(f"emission must have {n} rows (one per state), got shape {emission.shape}")
        names = tuple(str(i) for i in range(n)) if not self.state_names else self.state_names
        if len(names) != n or not all(isinstance(s, str) for s in names):
            raise ValueError(f"state_names must be {n} strings, got {self.state_names!r}")
        for attribute, arr in (("start", start), ("transition", transition), ("emission", emission)):
            arr.setflags(write=False)  # a model is a value: nobody edits it behind our back
            object.__setattr__(self, attribute, arr)
        object.__setattr__(self, "state_names", names)

    @property
    def n_states(self) -> int:
        return self.start.size

    @property
    def n_symbols(self) -> int:
        return self.emission.shape[1]

    def check_observations(self, observations) -> np.ndarray:
        """``observations`` as an int array of shape (n_steps,), every entry in ``0 .. n_symbols - 1``."""
        arr = np.asarray(observations)
        if arr.ndim != 1 or arr.size == 0:
            raise ValueError(f"observations must be a non-empty 1-D sequence of symbols, got shape {arr.shape}")
        if not np.issubdtype(arr.dtype, np.integer):
            raise ValueError(f"observations must be integer symbols 0 .. {self.n_symbols - 1}, got dtype {arr.dtype}")
        if arr.min() < 0 or arr.max() >= self.n_symbols:
            raise ValueError(f"observations must lie in 0 .. {self.n_symbols - 1}, "
                             f"got values from {arr.min()} to {arr.max()}")
        return arr.astype(np.intp)

    def sample(self, n_steps: int, rng) -> tuple[np.ndarray, np.ndarray]:
        """Draw a hidden path and its observations.

        Parameters
        ----------
        n_steps : int
            Length of the sequence (> 0).
        rng : numpy.random.Generator

        Returns
        -------
        states, observations : ndarray of shape (n_steps,), int
        """
        n_steps = _check_positive_int("n_steps", n_steps)
        rng = _check_rng("rng", rng)
        states = np.empty(n_steps, dtype=np.intp)
        observations = np.empty(n_steps, dtype=np.intp)
        state = rng.choice(self.n_states, p=self.start)
        for t in range(n_steps):
            if t > 0:
                state = rng.choice(self.n_states, p=self.transition[state])
            states[t] = state
            observations[t] = rng.choice(self.n_symbols, p=self.emission[state])
        return states, observations


def stationary_distribution(transition) -> np.ndarray:
    """The distribution ``p`` with ``p @ transition = p`` (left eigenvector for eigenvalue 1).

    Parameters
    ----------
    transition : array-like of shape (n_states, n_states)
        Row-stochastic; must have a single stationary distribution (irreducible chain).

    Returns
    -------
    ndarray of shape (n_states,)
    """
    transition = _check_distribution("transition", transition, ndim=2)
    n = transition.shape[0]
    if transition.shape != (n, n):
        raise ValueError(f"transition must be square, got shape {transition.shape}")
    # Solve p (T - I) = 0 together with sum(p) = 1 as one least-squares system.
    system = np.vstack([(transition - np.eye(n)).T, np.ones(n)])
    target = np.zeros(n + 1)
    target[-1] = 1.0
    p, _, rank, _ = np.linalg.lstsq(system, target, rcond=None)
    if rank < n:
        raise ValueError("transition has more than one stationary distribution (the chain is reducible)")
    return np.clip(p, 0.0, None) / np.clip(p, 0.0, None).sum()


def dishonest_casino(switch_to_loaded: float = 0.05, switch_to_fair: float = 0.1,
                     loaded_six: float = 0.5) -> HMM:
    """The occasionally dishonest casino of Durbin et al. (1998): a fair and a loaded die.

    State 0 is the fair die (every face 1/6), state 1 the loaded die (a six with probability
    ``loaded_six``, each other face ``(1 - loaded_six) / 5``).  Symbol ``k`` is face ``k + 1``.
    The casino starts from the chain's stationary distribution.

    Parameters
    ----------
    switch_to_loaded, switch_to_fair : float
        Per-roll probabilities of switching dice, each in (0, 1).
    loaded_six : float
        Probability of a six with the loaded die, in (0, 1).

    Returns
    -------
    HMM
        Two states (``"fair"``, ``"loaded"``), six symbols.
    """
    for name, value in (("switch_to_loaded", switch_to_loaded), ("switch_to_fair", switch_to_fair),
                        ("loaded_six", loaded_six)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) or not 0.0 < value < 1.0:
            raise ValueError(f"{name} must be a probability strictly between 0 and 1, got {value!r}")
    transition = np.array([[1.0 - switch_to_loaded, switch_to_loaded],
                           [switch_to_fair, 1.0 - switch_to_fair]])
    emission = np.array([np.full(6, 1.0 / 6.0),
                         np.r_[np.full(5, (1.0 - loaded_six) / 5.0), loaded_six]])
    return HMM(stationary_distribution(transition), transition, emission, ("fair", "loaded"))
