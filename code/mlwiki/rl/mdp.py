"""A finite Markov decision process held as arrays, and how to read one out of Gymnasium.

A Markov decision process (MDP) has states ``s``, actions ``a``, transition probabilities
``p(s' | s, a)``, a reward ``r(s, a, s')`` for each transition, and a distribution of start
states.  In an *episodic* task some states are *terminal*: entering one ends the episode, so
nothing is earned after it and its value is 0 by definition.

Gymnasium's toy-text environments (FrozenLake, CliffWalking, Taxi) publish their complete model
as ``env.unwrapped.P``: ``P[s][a]`` is a list of ``(probability, next_state, reward,
terminated)`` tuples.  :func:`from_gymnasium` turns that table into a :class:`TabularMDP`, the
form every planning and sampling function of :mod:`mlwiki.rl` works on.

A *policy* is given either as an integer array of shape ``(n_states,)`` (deterministic: the
action taken in each state) or as an array of shape ``(n_states, n_actions)`` whose rows are
probability distributions over actions (stochastic).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array

__all__ = ["TabularMDP", "from_gymnasium", "policy_matrix"]

_ATOL = 1e-9  # how far from 1 a row of probabilities may sum (rounding of thirds and the like)


@dataclass(frozen=True)
class TabularMDP:
    """A finite MDP with its whole model as arrays (validated on creation).

    Attributes
    ----------
    transitions : ndarray of shape (n_states, n_actions, n_states)
        ``transitions[s, a, s2]`` is the probability of moving to ``s2`` after action ``a`` in
        state ``s``; every ``transitions[s, a]`` sums to 1.
    rewards : ndarray of shape (n_states, n_actions, n_states)
        ``rewards[s, a, s2]`` is the reward received on that transition.
    terminal : ndarray of bool, shape (n_states,)
        States that end the episode on entry.  Their value is 0: nothing is earned after them,
        whatever ``transitions`` and ``rewards`` say for them.
    start : ndarray of shape (n_states,)
        Distribution of the first state of an episode (sums to 1).
    """

    transitions: np.ndarray
    rewards: np.ndarray
    terminal: np.ndarray
    start: np.ndarray

    def __post_init__(self):
        transitions = _check_finite_array("transitions", self.transitions, ndim=3, dtype=float)
        n_states, n_actions, n_next = transitions.shape
        if n_states == 0 or n_actions == 0 or n_next != n_states:
            raise ValueError(
                f"transitions must have shape (n_states, n_actions, n_states) with n_states, "
                f"n_actions >= 1, got {transitions.shape}"
            )
        if np.any(transitions < 0) or not np.allclose(transitions.sum(axis=2), 1.0, atol=_ATOL):
            raise ValueError("transitions must hold probabilities >= 0 with every transitions[s, a] summing to 1")
        rewards = _check_finite_array("rewards", self.rewards, ndim=3, dtype=float)
        if rewards.shape != transitions.shape:
            raise ValueError(f"rewards must have the shape of transitions {transitions.shape}, got {rewards.shape}")
        terminal = np.asarray(self.terminal)
        if terminal.dtype != bool or terminal.shape != (n_states,):
            raise ValueError(f"terminal must be a bool array of shape ({n_states},), got {terminal.dtype} {terminal.shape}")
        start = _check_finite_array("start", self.start, ndim=1, dtype=float)
        if start.shape != (n_states,) or np.any(start < 0) or not np.isclose(start.sum(), 1.0, atol=_ATOL):
            raise ValueError(f"start must be a probability distribution over the {n_states} states")
        # Frozen copies: a TabularMDP never changes under the code that holds it.
        for name, value in (("transitions", transitions), ("rewards", rewards), ("terminal", terminal), ("start", start)):
            value = value.copy()
            value.setflags(write=False)
            object.__setattr__(self, name, value)

    @property
    def n_states(self) -> int:
        return self.transitions.shape[0]

    @property
    def n_actions(self) -> int:
        return self.transitions.shape[1]

    def expected_rewards(self) -> np.ndarray:
        """``r(s, a) = sum_s2 p(s2 | s, a) r(s, a, s2)``, shape (n_states, n_actions); 0 in terminal states."""
        expected = np.einsum("san,san->sa", self.transitions, self.rewards)
        expected[self.terminal] = 0.0
        return expected

    def with_rewards(self, rewards) -> TabularMDP:
        """The same dynamics with another reward array of shape (n_states, n_actions, n_states)."""
        return TabularMDP(self.transitions, rewards, self.terminal, self.start)


def from_gymnasium(env) -> TabularMDP:
    """Read a Gymnasium toy-text environment's model (``env.unwrapped.P``) into a :class:`TabularMDP`.

    Parameters
    ----------
    env : gymnasium.Env
        An environment with discrete observation and action spaces whose unwrapped core has
        the transition table ``P`` and the start distribution ``initial_state_distrib``
        (FrozenLake, CliffWalking, Taxi).  Wrappers (time limits and the like) are looked
        through: the table describes the core dynamics only.

    Returns
    -------
    TabularMDP
        Several entries of ``P[s][a]`` with the same next state (a slip into a wall, say) add
        up; their rewards are averaged with the probabilities as weights.  A state is terminal
        when entering it ends the episode.

    Raises
    ------
    ValueError
        If the environment has no such table, or if whether a step an episode can take ends
        the episode depends on more than the state it leads to.
    """
    core = getattr(env, "unwrapped", None)
    table = getattr(core, "P", None)
    start = getattr(core, "initial_state_distrib", None)
    n_states = getattr(getattr(env, "observation_space", None), "n", None)
    n_actions = getattr(getattr(env, "action_space", None), "n", None)
    if not isinstance(table, dict) or start is None or n_states is None or n_actions is None:
        raise ValueError(
            "env must be a Gymnasium environment with Discrete spaces whose unwrapped core has a "
            f"transition table P and initial_state_distrib (FrozenLake, CliffWalking, Taxi), got {env!r}"
        )
    n_states, n_actions = int(n_states), int(n_actions)
    transitions = np.zeros((n_states, n_actions, n_states))
    reward_mass = np.zeros((n_states, n_actions, n_states))
    ends = np.zeros(n_states, dtype=bool)
    for s in range(n_states):
        for a in range(n_actions):
            for probability, next_state, reward, terminated in table[s][a]:
                transitions[s, a, next_state] += probability
                reward_mass[s, a, next_state] += probability * reward
                ends[next_state] |= bool(terminated) and probability > 0
    # Only steps that can happen matter: those out of states an episode can actually be in
    # (reachable from a start state without passing through a state that ends the episode).
    start = np.asarray(start, dtype=float)
    reachable = start > 0
    while True:
        grown = reachable | (transitions[reachable & ~ends] > 0).any(axis=(0, 1))
        if np.array_equal(grown, reachable):
            break
        reachable = grown
    continues = np.zeros(n_states, dtype=bool)
    for s in np.flatnonzero(reachable & ~ends):
        for a in range(n_actions):
            for probability, next_state, _, terminated in table[s][a]:
                continues[next_state] |= not terminated and probability > 0
    ambiguous = np.flatnonzero(ends & continues)
    if ambiguous.size:
        raise ValueError(
            f"env: entering state(s) {ambiguous.tolist()} sometimes ends the episode and sometimes "
            "not; a TabularMDP needs termination to depend on the next state only"
        )
    rewards = np.divide(reward_mass, transitions, out=np.zeros_like(transitions), where=transitions > 0)
    return TabularMDP(transitions, rewards, ends, start)


def policy_matrix(policy, mdp: TabularMDP) -> np.ndarray:
    """A policy as action probabilities, shape (n_states, n_actions).

    Parameters
    ----------
    policy : array-like of shape (n_states,) or (n_states, n_actions)
        Deterministic (one integer action per state) or stochastic (one distribution per row).
    mdp : TabularMDP

    Returns
    -------
    ndarray of shape (n_states, n_actions)
    """
    if not isinstance(mdp, TabularMDP):
        raise TypeError(f"mdp must be a TabularMDP, got {type(mdp).__name__}")
    arr = np.asarray(policy)
    if arr.shape == (mdp.n_states,):
        if not np.issubdtype(arr.dtype, np.integer) or np.any(arr < 0) or np.any(arr >= mdp.n_actions):
            raise ValueError(
                f"policy of shape ({mdp.n_states},) must hold integer actions in 0..{mdp.n_actions - 1}, got {arr!r}"
            )
        return np.eye(mdp.n_actions)[arr]
    if arr.shape == (mdp.n_states, mdp.n_actions):
        probs = _check_finite_array("policy", arr, ndim=2, dtype=float)
        if np.any(probs < 0) or not np.allclose(probs.sum(axis=1), 1.0, atol=_ATOL):
            raise ValueError("policy rows must be probability distributions over actions (>= 0, summing to 1)")
        return probs.copy()
    raise ValueError(
        f"policy must have shape ({mdp.n_states},) or ({mdp.n_states}, {mdp.n_actions}), got {arr.shape}"
    )
