"""Optimisers compared on one currency: the number of times they evaluate the loss.

Every method here receives the loss ``f`` and a budget of evaluations.  ``f`` is wrapped in a
counter, so the count is the number of calls actually made, not a formula.

* :func:`random_search` draws points uniformly from a box and keeps the best;
* :func:`local_random_search` perturbs the best point so far by Gaussian noise and keeps a
  better candidate; its step size follows the one-fifth success rule (grow after a success,
  shrink after a failure, balanced when one candidate in five succeeds);
* :func:`finite_difference_descent` is gradient descent whose gradient comes from forward
  differences, ``(f(w + eps e_i) - f(w)) / eps``: one step costs ``n + 1`` evaluations in ``n``
  dimensions, ``f(w)`` included;
* :func:`gradient_descent_trace` is gradient descent with an analytic gradient, each step's
  loss-and-gradient counted as *one* evaluation: the accounting of reverse-mode differentiation
  (backpropagation), whose gradient costs a small multiple of one evaluation in any dimension.

Each returns a :class:`SearchTrace`: after how many evaluations the method knew which loss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng

__all__ = ["SearchTrace", "random_search", "local_random_search", "finite_difference_descent",
           "gradient_descent_trace"]


@dataclass(frozen=True)
class SearchTrace:
    """What an optimiser knew as it spent its budget.

    Attributes
    ----------
    evaluations : ndarray of int, shape (m,)
        Number of loss evaluations spent when each entry of ``losses`` became known; increasing.
    losses : ndarray of shape (m,)
        The smallest loss among the points the method would return at that moment: every point
        it evaluated for the random searches, the iterates (not the nudged points of a finite
        difference) for the descent methods.
    best : ndarray of shape (n,)
        That point, at the end.
    """

    evaluations: np.ndarray
    losses: np.ndarray
    best: np.ndarray

    @property
    def n_evaluations(self) -> int:
        """Evaluations spent in total."""
        return int(self.evaluations[-1])

    def loss_after(self, n_evaluations) -> float:
        """The best loss known after at most ``n_evaluations`` evaluations (nan before the first)."""
        n_evaluations = _check_positive_int("n_evaluations", n_evaluations)
        known = np.searchsorted(self.evaluations, n_evaluations, side="right")
        return float(self.losses[known - 1]) if known else math.nan


class _Counted:
    """``f`` with a call counter that refuses to go over the budget."""

    def __init__(self, f, budget: int):
        if not callable(f):
            raise TypeError(f"f must be callable, got {type(f).__name__}")
        self.f, self.budget, self.calls = f, budget, 0

    @property
    def left(self) -> int:
        return self.budget - self.calls

    def __call__(self, w) -> float:
        if self.calls >= self.budget:
            raise RuntimeError("evaluation budget exceeded")  # a bug in the method, never the user's
        self.calls += 1
        value = float(self.f(w))
        if not math.isfinite(value):
            raise ValueError(f"f returned {value} at the {self.calls}th evaluation; f must be finite")
        return value


def _trace(evaluations, losses, best) -> SearchTrace:
    return SearchTrace(np.asarray(evaluations, dtype=np.int64), np.asarray(losses, dtype=float), np.array(best))


def random_search(f, low, high, n_evaluations, *, rng) -> SearchTrace:
    """Evaluate ``f`` at ``n_evaluations`` points drawn uniformly from the box ``[low, high]``.

    Parameters
    ----------
    f : callable
        Maps an array of shape (n,) to a finite float.
    low, high : array-like of shape (n,)
        Corners of the box; ``low < high`` entry by entry.
    n_evaluations : int
        Budget, > 0.
    rng : numpy.random.Generator

    Returns
    -------
    SearchTrace
        One entry per evaluation: the smallest loss so far.
    """
    low = _check_finite_array("low", low, ndim=1, dtype=float)
    high = _check_finite_array("high", high, ndim=1, dtype=float)
    if low.shape != high.shape or low.size == 0 or np.any(low >= high):
        raise ValueError(f"low and high must be 1-D arrays of one shape with low < high, got {low} and {high}")
    n_evaluations = _check_positive_int("n_evaluations", n_evaluations)
    rng = _check_rng("rng", rng)
    counted = _Counted(f, n_evaluations)
    best, best_loss, losses = None, math.inf, []
    for _ in range(n_evaluations):
        candidate = rng.uniform(low, high)
        loss = counted(candidate)
        if loss < best_loss:
            best, best_loss = candidate, loss
        losses.append(best_loss)
    return _trace(np.arange(1, n_evaluations + 1), losses, best)


def local_random_search(f, w0, step, n_evaluations, *, rng) -> SearchTrace:
    """Keep the best point; try it plus Gaussian noise of scale ``step``; keep the candidate if better.

    The step size adapts by the one-fifth success rule: multiplied by ``exp(1/3)`` after a
    success and by ``exp(-1/12)`` after a failure, so it stays put when one candidate in five
    succeeds (``p/3 = (1 - p)/12`` at ``p = 1/5``), grows where progress is easy and shrinks
    close to a minimum.

    Parameters
    ----------
    f : callable
        Maps an array of shape (n,) to a finite float.
    w0 : array-like of shape (n,)
        Starting point (its evaluation is the first).
    step : float
        Initial standard deviation of the perturbation, > 0.
    n_evaluations : int
        Budget, > 0.
    rng : numpy.random.Generator

    Returns
    -------
    SearchTrace
        One entry per evaluation.
    """
    w = _check_finite_array("w0", w0, ndim=1, dtype=float).copy()
    step = _check_positive("step", step)
    n_evaluations = _check_positive_int("n_evaluations", n_evaluations)
    rng = _check_rng("rng", rng)
    counted = _Counted(f, n_evaluations)
    loss = counted(w)
    losses = [loss]
    while counted.left:
        candidate = w + step * rng.standard_normal(w.size)
        candidate_loss = counted(candidate)
        if candidate_loss < loss:
            w, loss = candidate, candidate_loss
            step *= math.exp(1 / 3)
        else:
            step *= math.exp(-1 / 12)
        losses.append(loss)
    return _trace(np.arange(1, n_evaluations + 1), losses, w)


def finite_difference_descent(f, w0, lr, n_evaluations, *, eps=1e-7) -> SearchTrace:
    """Gradient descent with forward-difference gradients, within a budget of evaluations.

    Each step evaluates ``f(w)`` and ``f(w + eps e_i)`` for every coordinate ``i``: ``n + 1``
    evaluations in ``n`` dimensions.  The loss at each iterate is one of those evaluations, so
    reporting it costs nothing extra.  When fewer than ``n + 1`` evaluations are left, the last
    one (if any) is spent on the loss of the final iterate.

    Parameters
    ----------
    f : callable
        Maps an array of shape (n,) to a finite float.
    w0 : array-like of shape (n,)
    lr : float
        Learning rate, > 0.
    n_evaluations : int
        Budget, > 0.
    eps : float
        Forward-difference step, > 0.

    Returns
    -------
    SearchTrace
        One entry per iterate whose loss was evaluated.
    """
    w = _check_finite_array("w0", w0, ndim=1, dtype=float).copy()
    lr = _check_positive("lr", lr)
    n_evaluations = _check_positive_int("n_evaluations", n_evaluations)
    eps = _check_positive("eps", eps)
    counted = _Counted(f, n_evaluations)
    evaluations, losses = [], []
    best, best_loss = w, math.inf
    while counted.left:
        loss = counted(w)
        if loss < best_loss:  # descent may overshoot; the trace reports the best iterate evaluated
            best, best_loss = w, loss
        evaluations.append(counted.calls)
        losses.append(best_loss)
        if counted.left < w.size:
            break
        gradient = np.empty_like(w)
        for i in range(w.size):
            nudged = w.copy()
            nudged[i] += eps
            gradient[i] = (counted(nudged) - loss) / eps
        with np.errstate(over="ignore", invalid="ignore"):
            w = w - lr * gradient
    return _trace(evaluations, losses, best)


def gradient_descent_trace(f, gradient, w0, lr, n_evaluations) -> SearchTrace:
    """Gradient descent with an analytic gradient, one loss-and-gradient evaluation per step.

    Parameters
    ----------
    f : callable
        The loss; maps an array of shape (n,) to a finite float.
    gradient : callable
        Its gradient, shape (n,).  Evaluated together with ``f`` and not counted separately.
    w0 : array-like of shape (n,)
    lr : float
        Learning rate, > 0.
    n_evaluations : int
        Budget, > 0: the number of iterates whose loss is evaluated.

    Returns
    -------
    SearchTrace
        One entry per evaluation.
    """
    if not callable(gradient):
        raise TypeError(f"gradient must be callable, got {type(gradient).__name__}")
    w = _check_finite_array("w0", w0, ndim=1, dtype=float).copy()
    lr = _check_positive("lr", lr)
    n_evaluations = _check_positive_int("n_evaluations", n_evaluations)
    counted = _Counted(f, n_evaluations)
    best, best_loss, losses = w, math.inf, []
    while counted.left:
        loss = counted(w)
        if loss < best_loss:
            best, best_loss = w, loss
        losses.append(best_loss)
        step = np.asarray(gradient(w), dtype=float)
        if step.shape != w.shape:
            raise ValueError(f"gradient must return an array of shape {w.shape}, got {step.shape}")
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run ends at the finiteness check of f
            w = w - lr * step
    return _trace(np.arange(1, n_evaluations + 1), losses, best)
