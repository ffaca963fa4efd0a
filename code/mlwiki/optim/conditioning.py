"""How the condition number slows gradient descent: predicted and measured step counts.

For a quadratic whose Hessian has eigenvalues ``1`` and ``kappa``, gradient descent at a fixed
learning rate ``lr`` shrinks the error by at most ``max(|1 - lr|, |1 - lr kappa|)`` per step
(:meth:`mlwiki.optim.Quadratic.contraction`).  :func:`condition_sweep` measures, for each
``kappa``, how many steps it takes to shrink the error by a given factor, at the optimal rate
``2 / (1 + kappa)`` and at the cautious ``1 / kappa``, next to the counts the contraction factor
predicts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive
from mlwiki.optim.descent import steps_to_tolerance
from mlwiki.optim.quadratic import quadratic_with_spectrum, steps_to_reduce

__all__ = ["ConditionSweep", "condition_sweep"]


@dataclass(frozen=True)
class ConditionSweep:
    """Step counts against condition number, for two learning-rate rules.

    Attributes
    ----------
    kappas : ndarray of shape (n,)
        Condition numbers (largest over smallest eigenvalue).
    factor : float
        The reduction of the error each count refers to.
    measured, predicted : dict[str, ndarray of shape (n,)]
        Rule name (``"optimal"``: ``lr = 2 / (lam_min + lam_max)``; ``"1/lam_max"``) -> steps.
    """

    kappas: np.ndarray
    factor: float
    measured: dict
    predicted: dict


def condition_sweep(kappas, *, factor=1e-6) -> ConditionSweep:
    """Gradient-descent steps to shrink the error by ``factor`` on 2-D quadratics of condition ``kappa``.

    Each quadratic has eigenvalues ``1`` and ``kappa`` and its minimiser at the origin; descent
    starts at ``(1, 1)``, with equal error along both eigenvectors.

    Parameters
    ----------
    kappas : array-like of shape (n,)
        Condition numbers, each >= 1.
    factor : float
        In (0, 1).

    Returns
    -------
    ConditionSweep
    """
    kappas = _check_finite_array("kappas", kappas, ndim=1, dtype=float)
    if kappas.size == 0 or np.any(kappas < 1):
        raise ValueError(f"kappas must be a non-empty list of condition numbers >= 1, got {kappas.tolist()}")
    factor = _check_positive("factor", factor)
    if factor >= 1:
        raise ValueError(f"factor must be < 1, got {factor!r}")
    rules = {"optimal": lambda q: q.optimal_lr, "1/lam_max": lambda q: 1.0 / q.eigenvalues[-1]}
    measured = {name: [] for name in rules}
    predicted = {name: [] for name in rules}
    start = np.ones(2)
    for kappa in kappas:
        quadratic = quadratic_with_spectrum([1.0, kappa], np.zeros(2))
        hessian, linear = quadratic.hessian, quadratic.linear
        for name, rule in rules.items():
            lr = rule(quadratic)
            # The gradient H w - b without the argument checks of Quadratic.gradient: the sweep
            # takes tens of thousands of steps, and w is always a valid iterate here.
            measured[name].append(steps_to_tolerance(lambda w: hessian @ w - linear, start, quadratic.minimiser,
                                                     lr, factor))
            predicted[name].append(steps_to_reduce(quadratic.contraction(lr), factor))
    return ConditionSweep(kappas=kappas, factor=factor,
                          measured={k: np.array(v) for k, v in measured.items()},
                          predicted={k: np.array(v) for k, v in predicted.items()})
