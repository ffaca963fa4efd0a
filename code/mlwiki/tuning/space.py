"""Search spaces: the range of each hyperparameter, and how to sample or grid it.

A *search space* is a dict mapping a hyperparameter's name to one of the ranges
below.  A learning rate spans several orders of magnitude, so it is searched on a
log scale: :class:`LogUniform` draws ``log(lr)`` uniformly, giving each decade the
same number of trials.  A layer width is a whole number, often also searched on a
log scale (:class:`IntLogUniform`).  Each range samples exactly as Optuna's
distribution of the same name does (``to_optuna`` returns it), so our random search
and Optuna's samplers search the same space.

    space = {"lr": LogUniform(1e-4, 1.0), "width": IntLogUniform(8, 128)}
    sample_configs(space, 3, rng)    # [{"lr": ..., "width": ...}, ...]
    grid_configs(space, 4)           # the 16 corners of a 4 x 4 grid
"""

from __future__ import annotations

import itertools
import math
import numbers

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng

__all__ = ["Uniform", "LogUniform", "IntLogUniform", "sample_configs", "grid_configs"]


def _check_bounds(kind: str, low, high, *, positive: bool, integer: bool = False) -> tuple:
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral if integer else numbers.Real):
            raise ValueError(f"{kind}: {name} must be {'an integer' if integer else 'a real number'}, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{kind}: {name} must be finite, got {value!r}")
        if positive and value <= 0:
            raise ValueError(f"{kind}: {name} must be > 0 (a log scale), got {value!r}")
    if not low < high:
        raise ValueError(f"{kind}: low must be < high, got low={low!r}, high={high!r}")
    return (int(low), int(high)) if integer else (float(low), float(high))


class Uniform:
    """A real hyperparameter drawn uniformly from [low, high).

    Parameters
    ----------
    low, high : float
        Bounds, ``low < high``.
    """

    def __init__(self, low, high):
        self.low, self.high = _check_bounds("Uniform", low, high, positive=False)

    def sample(self, rng, size: int) -> np.ndarray:
        """``size`` independent draws, shape (size,)."""
        rng = _check_rng("rng", rng)
        return rng.uniform(self.low, self.high, _check_positive_int("size", size))

    def grid(self, n: int) -> np.ndarray:
        """``n`` evenly spaced values from ``low`` to ``high`` inclusive, shape (n,)."""
        return np.linspace(self.low, self.high, _check_grid_size(n))

    def to_optuna(self):
        """The same range as an Optuna distribution."""
        from optuna.distributions import FloatDistribution

        return FloatDistribution(self.low, self.high)

    def __repr__(self) -> str:
        return f"Uniform({self.low:g}, {self.high:g})"


class LogUniform:
    """A positive real hyperparameter whose logarithm is uniform on [log low, log high).

    Each factor of 10 gets the same share of the draws: for ``LogUniform(1e-4, 1)``,
    a quarter of the learning rates fall in each decade.

    Parameters
    ----------
    low, high : float
        Bounds, ``0 < low < high``.
    """

    def __init__(self, low, high):
        self.low, self.high = _check_bounds("LogUniform", low, high, positive=True)

    def sample(self, rng, size: int) -> np.ndarray:
        """``size`` independent draws, shape (size,)."""
        rng = _check_rng("rng", rng)
        draws = np.exp(rng.uniform(math.log(self.low), math.log(self.high), _check_positive_int("size", size)))
        # exp(log(high)) can round up past high; keep the half-open range exact.
        return np.minimum(draws, np.nextafter(self.high, 0))

    def grid(self, n: int) -> np.ndarray:
        """``n`` values evenly spaced on a log scale from ``low`` to ``high`` inclusive."""
        return np.geomspace(self.low, self.high, _check_grid_size(n))

    def to_optuna(self):
        """The same range as an Optuna distribution (``FloatDistribution(low, high, log=True)``)."""
        from optuna.distributions import FloatDistribution

        return FloatDistribution(self.low, self.high, log=True)

    def __repr__(self) -> str:
        return f"LogUniform({self.low:g}, {self.high:g})"


class IntLogUniform:
    """A whole-number hyperparameter in [low, high] drawn on a log scale.

    Sampled as Optuna samples ``IntDistribution(low, high, log=True)``: a log-uniform
    draw from [low - 1/2, high + 1/2], rounded to the nearest integer, so each end
    value gets its fair half-step share.

    Parameters
    ----------
    low, high : int
        Bounds, ``1 <= low < high``.
    """

    def __init__(self, low, high):
        self.low, self.high = _check_bounds("IntLogUniform", low, high, positive=True, integer=True)

    def sample(self, rng, size: int) -> np.ndarray:
        """``size`` independent draws, int64 array of shape (size,)."""
        rng = _check_rng("rng", rng)
        logs = rng.uniform(math.log(self.low - 0.5), math.log(self.high + 0.5), _check_positive_int("size", size))
        return np.clip(np.round(np.exp(logs)), self.low, self.high).astype(np.int64)

    def grid(self, n: int) -> np.ndarray:
        """Up to ``n`` distinct integers, evenly spaced on a log scale from ``low`` to ``high``."""
        return np.unique(np.round(np.geomspace(self.low, self.high, _check_grid_size(n))).astype(np.int64))

    def to_optuna(self):
        """The same range as an Optuna distribution (``IntDistribution(low, high, log=True)``)."""
        from optuna.distributions import IntDistribution

        return IntDistribution(self.low, self.high, log=True)

    def __repr__(self) -> str:
        return f"IntLogUniform({self.low}, {self.high})"


_RANGES = (Uniform, LogUniform, IntLogUniform)


def _check_grid_size(n) -> int:
    n = _check_positive_int("n", n)
    if n < 2:
        raise ValueError(f"n must be >= 2 (a grid has both ends), got {n}")
    return n


def _check_space(space) -> dict:
    if not isinstance(space, dict) or not space:
        raise ValueError(f"space must be a non-empty dict of name -> range, got {space!r}")
    for name, dist in space.items():
        if not isinstance(name, str):
            raise ValueError(f"space keys must be hyperparameter names (str), got {name!r}")
        if not isinstance(dist, _RANGES):
            raise ValueError(
                f"space[{name!r}] must be Uniform, LogUniform or IntLogUniform, got {type(dist).__name__}"
            )
    return space


def _python_value(value):
    """NumPy scalar -> plain int/float, so configs print and compare simply."""
    return int(value) if isinstance(value, (np.integer, int)) else float(value)


def sample_configs(space, n_configs: int, rng) -> list[dict]:
    """``n_configs`` configurations, each hyperparameter drawn independently.

    Parameters
    ----------
    space : dict[str, Uniform | LogUniform | IntLogUniform]
    n_configs : int
    rng : numpy.random.Generator

    Returns
    -------
    list of dict
        One ``{name: value}`` per configuration; every value is distinct across
        configurations for a continuous range (with probability 1).
    """
    space = _check_space(space)
    n_configs = _check_positive_int("n_configs", n_configs)
    rng = _check_rng("rng", rng)
    columns = {name: dist.sample(rng, n_configs) for name, dist in space.items()}
    return [{name: _python_value(columns[name][i]) for name in space} for i in range(n_configs)]


def grid_configs(space, points_per_dim) -> list[dict]:
    """Every combination of ``points_per_dim`` grid values per hyperparameter.

    Parameters
    ----------
    space : dict[str, Uniform | LogUniform | IntLogUniform]
    points_per_dim : int or dict[str, int]
        Grid values per hyperparameter (>= 2), the same for all or per name.

    Returns
    -------
    list of dict
        The Cartesian product, the first hyperparameter varying slowest.  A k x k
        grid tries only k distinct values of each hyperparameter in its k**2 trials.
    """
    space = _check_space(space)
    if isinstance(points_per_dim, dict):
        if set(points_per_dim) != set(space):
            raise ValueError(f"points_per_dim must name exactly the hyperparameters {sorted(space)}, "
                             f"got {sorted(points_per_dim)}")
        counts = points_per_dim
    else:
        counts = {name: points_per_dim for name in space}
    axes = [dist.grid(counts[name]) for name, dist in space.items()]
    return [{name: _python_value(v) for name, v in zip(space, values)} for values in itertools.product(*axes)]
