"""Principal component analysis (PCA) from the covariance matrix.

PCA finds orthonormal directions in feature space ordered by how much of the data's variance
lies along them.  For data ``x`` of shape (n_samples, n_features) with mean ``mu``, the
covariance matrix ``C = (x - mu)^T (x - mu) / (n_samples - 1)`` is symmetric, so it has
orthonormal eigenvectors; the eigenvector with the largest eigenvalue is the first principal
component, and its eigenvalue is the variance of the data along it.  Projecting onto the
first ``k`` components and back,

    x_hat = mu + (x - mu) V_k^T V_k,        V_k = the first k components as rows,

is a linear map that keeps, among all projections onto ``k`` dimensions, the most variance,
which is the same as making the mean squared reconstruction error smallest (Pearson, 1901;
Hotelling, 1933).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int

__all__ = ["PCA", "fit_pca"]


@dataclass(frozen=True)
class PCA:
    """A fitted PCA: the mean, the principal components and the variance along each.

    Attributes
    ----------
    mean : ndarray of shape (n_features,)
        Subtracted before projecting (zeros when fitted with ``center=False``).
    components : ndarray of shape (n_features, n_features)
        Orthonormal rows, in order of decreasing variance.  The sign of each row is fixed so
        that its entry of largest magnitude is positive (the convention of scikit-learn).
    explained_variance : ndarray of shape (n_features,)
        Variance of the data along each component (eigenvalues of the covariance matrix,
        denominator ``n_samples - 1``); never negative.
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance: np.ndarray

    @property
    def n_features(self) -> int:
        return self.components.shape[1]

    @property
    def explained_variance_ratio(self) -> np.ndarray:
        """Share of the total variance along each component; sums to 1."""
        total = self.explained_variance.sum()
        return self.explained_variance / total if total > 0 else np.zeros_like(self.explained_variance)

    def n_components_for(self, fraction: float) -> int:
        """Smallest ``k`` whose first ``k`` components keep at least ``fraction`` of the variance."""
        if isinstance(fraction, bool) or not isinstance(fraction, (int, float, np.floating)) or not 0 < fraction <= 1:
            raise ValueError(f"fraction must be a number in (0, 1], got {fraction!r}")
        cumulative = np.cumsum(self.explained_variance_ratio)
        # A small tolerance so that fraction=1 is reached despite rounding in the cumulative sum.
        return int(np.searchsorted(cumulative, fraction - 1e-12) + 1)

    def _check_k(self, k) -> int:
        k = _check_positive_int("k", k)
        if k > self.n_features:
            raise ValueError(f"k must be at most n_features = {self.n_features}, got {k}")
        return k

    def _check_x(self, x) -> np.ndarray:
        x = _check_finite_array("x", x, ndim=2, dtype=float)
        if x.shape[1] != self.n_features:
            raise ValueError(f"x must have {self.n_features} features per row, got shape {x.shape}")
        return x

    def transform(self, x, k: int) -> np.ndarray:
        """Coordinates of each row of ``x`` along the first ``k`` components; shape (n_samples, k)."""
        x, k = self._check_x(x), self._check_k(k)
        return (x - self.mean) @ self.components[:k].T

    def inverse_transform(self, codes) -> np.ndarray:
        """Points in feature space from coordinates along the first ``codes.shape[1]`` components."""
        codes = _check_finite_array("codes", codes, ndim=2, dtype=float)
        k = self._check_k(codes.shape[1])
        return self.mean + codes @ self.components[:k]

    def reconstruct(self, x, k: int) -> np.ndarray:
        """Project the rows of ``x`` onto the first ``k`` components and map back; same shape as ``x``."""
        return self.inverse_transform(self.transform(x, k))

    def reconstruction_errors(self, x, *, target=None) -> np.ndarray:
        """Mean squared error per feature of ``reconstruct(x, k)`` against ``target`` for every k.

        Parameters
        ----------
        x : array-like of shape (n_samples, n_features)
        target : array-like of the same shape, optional
            What the reconstruction should match (default ``x``); e.g. clean images when ``x``
            is a noisy copy.

        Returns
        -------
        ndarray of shape (n_features,)
            Entry ``k - 1`` is the error with ``k`` components.
        """
        x = self._check_x(x)
        target = x if target is None else self._check_x(target)
        if target.shape != x.shape:
            raise ValueError(f"target must have the shape of x {x.shape}, got {target.shape}")
        codes = (x - self.mean) @ self.components.T
        reconstruction = np.broadcast_to(self.mean, x.shape).copy()
        errors = np.empty(self.n_features)
        for k in range(self.n_features):  # add one component at a time
            reconstruction += np.outer(codes[:, k], self.components[k])
            errors[k] = np.mean((reconstruction - target) ** 2)
        return errors

    def reconstruction_error(self, x, k: int, *, target=None) -> float:
        """Mean squared difference per feature between ``reconstruct(x, k)`` and ``target`` (default ``x``)."""
        x = self._check_x(x)
        target = x if target is None else self._check_x(target)
        if target.shape != x.shape:
            raise ValueError(f"target must have the shape of x {x.shape}, got {target.shape}")
        return float(np.mean((self.reconstruct(x, k) - target) ** 2))


def fit_pca(x, *, center: bool = True) -> PCA:
    """Principal components of the rows of ``x`` from the eigenvectors of its covariance matrix.

    Parameters
    ----------
    x : array-like of shape (n_samples, n_features)
        At least two samples.
    center : bool
        Subtract the mean first (PCA).  ``center=False`` diagonalises ``x^T x / (n - 1)``
        instead, which finds directions of largest mean *square* rather than variance -- the
        common mistake the page shows; its first direction mostly points at the mean.

    Returns
    -------
    PCA
    """
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[0] < 2 or x.shape[1] < 1:
        raise ValueError(f"x must have at least 2 samples and 1 feature, got shape {x.shape}")
    if not isinstance(center, bool):
        raise TypeError(f"center must be True or False, got {center!r}")
    mean = x.mean(axis=0) if center else np.zeros(x.shape[1])
    centred = x - mean
    covariance = centred.T @ centred / (x.shape[0] - 1)
    eigenvalues, eigenvectors = np.linalg.eigh(covariance)  # ascending, columns orthonormal
    order = np.argsort(eigenvalues)[::-1]
    variances = eigenvalues[order]
    # Rounding leaves the eigenvalue of a zero-variance direction at about +-1e-17 instead of 0.
    # Below the tolerance numpy.linalg.matrix_rank uses, an eigenvalue is rounding: set it to 0.
    tolerance = max(variances[0], 0.0) * x.shape[1] * np.finfo(float).eps
    variances = np.where(variances > tolerance, variances, 0.0)
    components = eigenvectors[:, order].T
    largest = np.argmax(np.abs(components), axis=1)
    components *= np.sign(components[np.arange(components.shape[0]), largest])[:, None]
    return PCA(mean=mean, components=components, explained_variance=variances)
