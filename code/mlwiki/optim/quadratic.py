"""A quadratic loss and what its eigenvalues predict about gradient descent on it.

For ``f(w) = 1/2 w^T H w - b^T w`` with a symmetric positive definite Hessian ``H``, the gradient
is ``H w - b`` and the minimiser is ``w* = H^{-1} b``.  One gradient-descent step with learning
rate ``lr`` maps the error ``e = w - w*`` to ``(I - lr H) e``.  Along the eigenvector of ``H``
with eigenvalue ``lam`` the error is multiplied by ``1 - lr * lam`` at every step, so:

* descent converges from every start exactly when ``|1 - lr * lam| < 1`` for every eigenvalue,
  that is ``0 < lr < 2 / lam_max``;
* the slowest direction sets the speed, the *contraction factor* ``max_i |1 - lr * lam_i|``;
* the factor is smallest at ``lr = 2 / (lam_min + lam_max)``, where it equals
  ``(kappa - 1) / (kappa + 1)`` with the condition number ``kappa = lam_max / lam_min``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_rng

__all__ = ["Quadratic", "quadratic_with_spectrum", "steps_to_reduce"]


@dataclass(frozen=True)
class Quadratic:
    """The loss ``f(w) = 1/2 w^T H w - b^T w`` with a symmetric positive definite ``H``.

    Attributes
    ----------
    hessian : ndarray of shape (n, n)
        ``H``: symmetric, all eigenvalues > 0.
    linear : ndarray of shape (n,)
        ``b``.
    """

    hessian: np.ndarray
    linear: np.ndarray

    def __post_init__(self):
        hessian = _check_finite_array("hessian", self.hessian, ndim=2, dtype=float)
        if hessian.shape[0] != hessian.shape[1] or hessian.size == 0:
            raise ValueError(f"hessian must be a non-empty square matrix, got shape {hessian.shape}")
        if not np.allclose(hessian, hessian.T, rtol=1e-12, atol=1e-12 * np.abs(hessian).max()):
            raise ValueError("hessian must be symmetric")
        hessian = (hessian + hessian.T) / 2  # exactly symmetric, so eigvalsh sees what we mean
        if np.linalg.eigvalsh(hessian)[0] <= 0:
            raise ValueError("hessian must be positive definite (every eigenvalue > 0)")
        linear = _check_finite_array("linear", self.linear, ndim=1, dtype=float)
        if linear.size != hessian.shape[0]:
            raise ValueError(f"linear must have {hessian.shape[0]} entries to match hessian, got {linear.size}")
        object.__setattr__(self, "hessian", hessian)
        object.__setattr__(self, "linear", linear)

    @property
    def dim(self) -> int:
        return self.linear.size

    def _check_w(self, w) -> np.ndarray:
        w = _check_finite_array("w", w, dtype=float)
        if w.ndim == 0 or w.shape[-1] != self.dim:
            raise ValueError(f"w must have shape (..., {self.dim}), got {w.shape}")
        return w

    def value(self, w) -> np.ndarray | float:
        """``f(w)``; ``w`` of shape (n,) gives a float, (..., n) an array of shape (...)."""
        w = self._check_w(w)
        values = 0.5 * np.einsum("...i,ij,...j->...", w, self.hessian, w) - w @ self.linear
        return float(values) if values.ndim == 0 else values

    def gradient(self, w) -> np.ndarray:
        """``H w - b``, the shape of ``w``."""
        w = self._check_w(w)
        return w @ self.hessian - self.linear  # H is symmetric, so w H = (H w)^T row by row

    def excess(self, w) -> np.ndarray | float:
        """``f(w) - f(w*) = 1/2 (w - w*)^T H (w - w*)``, never negative (unlike ``value(w) - minimum``,
        whose rounding can dip below zero near the minimiser).  Shapes as in :meth:`value`."""
        w = self._check_w(w)
        eigenvalues, eigenvectors = self._eigh
        along = (w - self._minimiser) @ eigenvectors  # error along each eigenvector
        values = 0.5 * np.sum(eigenvalues * along ** 2, axis=-1)
        return float(values) if values.ndim == 0 else values

    @cached_property
    def _eigh(self):
        return np.linalg.eigh(self.hessian)

    @cached_property
    def _minimiser(self) -> np.ndarray:
        return np.linalg.solve(self.hessian, self.linear)

    @property
    def minimiser(self) -> np.ndarray:
        """``w* = H^{-1} b`` (solved, not inverted)."""
        return self._minimiser.copy()

    @property
    def minimum(self) -> float:
        """``f(w*) = -1/2 b^T H^{-1} b``."""
        return -0.5 * float(self.linear @ self.minimiser)

    @property
    def eigenvalues(self) -> np.ndarray:
        """Eigenvalues of ``H``, ascending."""
        return self._eigh[0].copy()

    @property
    def condition_number(self) -> float:
        """``kappa = lam_max / lam_min`` (>= 1)."""
        eigenvalues = self.eigenvalues
        return float(eigenvalues[-1] / eigenvalues[0])

    @property
    def stable_lr_bound(self) -> float:
        """``2 / lam_max``: gradient descent converges from every start for ``0 < lr`` below it."""
        return 2.0 / float(self.eigenvalues[-1])

    @property
    def optimal_lr(self) -> float:
        """``2 / (lam_min + lam_max)``: the fixed learning rate with the smallest contraction factor."""
        eigenvalues = self.eigenvalues
        return 2.0 / float(eigenvalues[0] + eigenvalues[-1])

    def contraction(self, lr) -> float:
        """``max_i |1 - lr * lam_i|``: the factor by which the error shrinks per step in the worst direction.

        Below 1 the iterates converge; at or above 1 they do not (above: they diverge along the
        eigenvector of the largest eigenvalue, unless the start has no component along it).
        """
        lr = _check_positive("lr", lr)
        return float(np.max(np.abs(1.0 - lr * self.eigenvalues)))


def quadratic_with_spectrum(eigenvalues, minimiser, *, rng=None) -> Quadratic:
    """The quadratic with the given Hessian eigenvalues and minimiser.

    Parameters
    ----------
    eigenvalues : array-like of shape (n,)
        All > 0; they become the Hessian's eigenvalues.
    minimiser : array-like of shape (n,)
        Where the minimum lies (``b`` is chosen as ``H w*``).
    rng : numpy.random.Generator, optional
        Draws uniformly random orthonormal eigenvectors.  Without it the eigenvectors are the
        coordinate axes (the Hessian is diagonal).

    Returns
    -------
    Quadratic
    """
    eigenvalues = _check_finite_array("eigenvalues", eigenvalues, ndim=1, dtype=float)
    if eigenvalues.size == 0 or np.any(eigenvalues <= 0):
        raise ValueError(f"eigenvalues must be a non-empty list of numbers > 0, got {eigenvalues.tolist()}")
    minimiser = _check_finite_array("minimiser", minimiser, ndim=1, dtype=float)
    if minimiser.size != eigenvalues.size:
        raise ValueError(f"minimiser must have {eigenvalues.size} entries (one per eigenvalue), got {minimiser.size}")
    if rng is None:
        basis = np.eye(eigenvalues.size)
    else:
        rng = _check_rng("rng", rng)
        q, r = np.linalg.qr(rng.standard_normal((eigenvalues.size, eigenvalues.size)))
        basis = q * np.sign(np.diag(r))  # sign fix: makes the distribution uniform over rotations
    hessian = (basis * eigenvalues) @ basis.T
    hessian = (hessian + hessian.T) / 2
    return Quadratic(hessian, hessian @ minimiser)


def steps_to_reduce(contraction, factor) -> int:
    """Steps ``t`` after which ``contraction ** t <= factor``: the predicted cost of shrinking an error.

    Parameters
    ----------
    contraction : float
        Per-step factor, in [0, 1).
    factor : float
        Target reduction, in (0, 1), e.g. ``1e-6``.

    Returns
    -------
    int
        ``ceil(log(factor) / log(contraction))``, and 1 for a contraction of 0 (one step lands).
    """
    contraction = _check_positive("contraction", contraction, allow_zero=True)
    if contraction >= 1:
        raise ValueError(f"contraction must be < 1 (otherwise the error never shrinks), got {contraction!r}")
    factor = _check_positive("factor", factor)
    if factor >= 1:
        raise ValueError(f"factor must be < 1, got {factor!r}")
    if contraction == 0:
        return 1
    # A hair of tolerance so that an exact power (0.5 ** 3 = 0.125) is not pushed up a step by rounding.
    return max(1, math.ceil(math.log(factor) / math.log(contraction) - 1e-9))
