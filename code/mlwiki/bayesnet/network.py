"""A directed graphical model (Bayesian network) over binary variables.

The joint distribution factorises over the graph: every node depends on its parents only,

    P(v_1, ..., v_n) = prod_i P(v_i | parents(v_i)).

:class:`BinaryNetwork` stores, for each node, ``P(node = 1 | parent values)``.  It draws samples
by *ancestral sampling* (each node after its parents) and answers queries exactly by summing the
factorised joint over all ``2 ** n`` assignments -- fine for the handful of nodes on a page.
"""

from __future__ import annotations

import itertools
import numbers

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng

__all__ = ["BinaryNetwork", "canonical_structures", "MAX_NODES"]

MAX_NODES = 16  # exact queries enumerate 2 ** n assignments


class BinaryNetwork:
    """Binary variables, their parents, and one conditional probability table per node.

    Parameters
    ----------
    nodes : dict[str, tuple[tuple[str, ...], array-like]]
        In topological order (parents before children): ``name -> (parents, table)``, where
        ``table[a_1, ..., a_k] = P(name = 1 | parent_1 = a_1, ..., parent_k = a_k)`` has shape
        ``(2,) * k`` (a single number for a node without parents).

    Examples
    --------
    >>> net = BinaryNetwork({"rain": ((), 0.2), "wet": (("rain",), [0.1, 0.9])})
    >>> round(net.probability({"wet": 1}), 2)
    0.26
    """

    def __init__(self, nodes):
        if not isinstance(nodes, dict) or not nodes:
            raise ValueError(f"nodes must be a non-empty dict name -> (parents, table), got {nodes!r}")
        if len(nodes) > MAX_NODES:
            raise ValueError(f"nodes: at most {MAX_NODES} nodes (exact queries enumerate 2**n states), got {len(nodes)}")
        self.parents: dict[str, tuple[str, ...]] = {}
        self.tables: dict[str, np.ndarray] = {}
        for name, spec in nodes.items():
            if not isinstance(name, str) or not name:
                raise ValueError(f"nodes: every name must be a non-empty string, got {name!r}")
            if not isinstance(spec, tuple) or len(spec) != 2:
                raise ValueError(f"nodes[{name!r}] must be a pair (parents, table), got {spec!r}")
            parents, table = spec
            if isinstance(parents, str) or not all(isinstance(p, str) for p in parents):
                raise ValueError(f"nodes[{name!r}]: parents must be a tuple of node names, got {parents!r}")
            parents = tuple(parents)
            for parent in parents:
                if parent not in self.parents:
                    raise ValueError(f"nodes[{name!r}]: parent {parent!r} must be listed before its child "
                                     f"(nodes in topological order)")
            try:
                table = np.array(table, dtype=float)
            except (TypeError, ValueError):
                raise ValueError(f"nodes[{name!r}]: table must be numeric, got {table!r}") from None
            if table.shape != (2,) * len(parents):
                raise ValueError(f"nodes[{name!r}]: table must have shape {(2,) * len(parents)} "
                                 f"(one entry per parent assignment), got {table.shape}")
            if not np.all((table >= 0) & (table <= 1)):
                raise ValueError(f"nodes[{name!r}]: table entries are probabilities in [0, 1], got {table.tolist()}")
            self.parents[name] = parents
            self.tables[name] = table

    @property
    def names(self) -> tuple[str, ...]:
        """Node names in topological order."""
        return tuple(self.parents)

    def sample(self, n_samples: int, rng) -> dict[str, np.ndarray]:
        """Ancestral sampling: every node drawn after its parents, given their drawn values.

        Parameters
        ----------
        n_samples : int
        rng : numpy.random.Generator

        Returns
        -------
        dict[str, ndarray of shape (n_samples,), int]
            0/1 values of each node.
        """
        n_samples = _check_positive_int("n_samples", n_samples)
        rng = _check_rng("rng", rng)
        values: dict[str, np.ndarray] = {}
        for name in self.names:
            index = tuple(values[parent] for parent in self.parents[name])
            p_one = self.tables[name][index] if index else np.full(n_samples, float(self.tables[name]))
            values[name] = (rng.random(n_samples) < p_one).astype(np.int64)
        return values

    def joint(self) -> tuple[np.ndarray, np.ndarray]:
        """Every assignment and its probability, from the factorisation.

        Returns
        -------
        states : ndarray of shape (2 ** n_nodes, n_nodes), int
            Columns in the order of :attr:`names`.
        probabilities : ndarray of shape (2 ** n_nodes,)
        """
        states = np.array(list(itertools.product((0, 1), repeat=len(self.names))), dtype=np.int64)
        column = {name: i for i, name in enumerate(self.names)}
        probabilities = np.ones(len(states))
        for name in self.names:
            index = tuple(states[:, column[parent]] for parent in self.parents[name])
            p_one = self.tables[name][index] if index else float(self.tables[name])
            probabilities *= np.where(states[:, column[name]] == 1, p_one, 1.0 - p_one)
        return states, probabilities

    def _mask(self, states: np.ndarray, event: dict, what: str) -> np.ndarray:
        if not isinstance(event, dict):
            raise ValueError(f"{what} must be a dict node -> 0 or 1, got {event!r}")
        mask = np.ones(len(states), dtype=bool)
        for name, value in event.items():
            if name not in self.parents:
                raise ValueError(f"{what}: unknown node {name!r}; nodes are {list(self.names)}")
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value not in (0, 1):
                raise ValueError(f"{what}[{name!r}] must be 0 or 1, got {value!r}")
            mask &= states[:, self.names.index(name)] == value
        return mask

    def probability(self, event: dict, given: dict | None = None) -> float:
        """Exact ``P(event | given)`` by summing the joint over all assignments.

        Parameters
        ----------
        event, given : dict[str, int]
            Node -> 0 or 1.  ``given`` may be omitted.

        Raises
        ------
        ValueError
            For unknown nodes or values, or when ``given`` has probability 0.
        """
        states, probabilities = self.joint()
        condition = self._mask(states, {} if given is None else given, "given")
        both = condition & self._mask(states, event, "event")
        denominator = probabilities[condition].sum()
        if denominator == 0.0:
            raise ValueError(f"given {given!r} has probability 0")
        return float(probabilities[both].sum() / denominator)


def canonical_structures() -> dict[str, BinaryNetwork]:
    """The three ways three variables X, Y, Z can be joined by two arrows through Y.

    * ``"chain"`` X -> Y -> Z;
    * ``"fork"`` X <- Y -> Z (Y a common cause);
    * ``"collider"`` X -> Y <- Z (Y a common effect).

    Every arrow makes the child equal its parent with probability 0.8 (a noisy copy); in the
    collider Y is 1 with probability 0.05, 0.8, 0.8 or 0.95 when none, one or both of X and Z are 1.
    Roots are fair coins.

    Returns
    -------
    dict[str, BinaryNetwork]
    """
    copy = [0.2, 0.8]  # P(child = 1 | parent = 0 or 1)
    return {
        "chain": BinaryNetwork({"X": ((), 0.5), "Y": (("X",), copy), "Z": (("Y",), copy)}),
        "fork": BinaryNetwork({"Y": ((), 0.5), "X": (("Y",), copy), "Z": (("Y",), copy)}),
        "collider": BinaryNetwork({"X": ((), 0.5), "Z": ((), 0.5),
                                   "Y": (("X", "Z"), [[0.05, 0.8], [0.8, 0.95]])}),
    }
