"""Quadratic losses: value, gradient, minimiser against SciPy; the eigenvalue predictions against runs."""

import math

import numpy as np
import pytest
from scipy import optimize

from mlwiki.optim import Quadratic, gradient_descent, quadratic_with_spectrum, steps_to_reduce


@pytest.fixture(scope="module")
def bowl():
    return quadratic_with_spectrum([0.5, 2.0, 8.0], [1.0, -2.0, 0.5], rng=np.random.default_rng(3))


def test_spectrum_minimiser_and_scipy_agree(bowl):
    np.testing.assert_allclose(bowl.eigenvalues, [0.5, 2.0, 8.0], rtol=1e-12)
    np.testing.assert_allclose(bowl.minimiser, [1.0, -2.0, 0.5], atol=1e-12)
    found = optimize.minimize(bowl.value, np.zeros(3), jac=bowl.gradient, method="BFGS", options={"gtol": 1e-12})
    np.testing.assert_allclose(found.x, bowl.minimiser, atol=1e-8)
    assert found.fun == pytest.approx(bowl.minimum, abs=1e-12)
    assert optimize.check_grad(bowl.value, bowl.gradient, np.array([0.3, -1.0, 2.0])) < 1e-5


def test_excess_is_never_negative_and_equals_value_minus_minimum(bowl):
    rng = np.random.default_rng(0)
    w = rng.standard_normal((20, 3))
    np.testing.assert_allclose(bowl.excess(w), bowl.value(w) - bowl.minimum, atol=1e-12)
    near = bowl.minimiser + 1e-9 * rng.standard_normal((1000, 3))
    assert np.all(bowl.excess(near) >= 0)
    assert bowl.excess(bowl.minimiser) == 0.0
    assert isinstance(bowl.value(w[0]), float) and bowl.value(w).shape == (20,)


def test_diagonal_without_rng_and_random_rotation_is_orthogonal():
    diagonal = quadratic_with_spectrum([1.0, 10.0], [0.0, 0.0])
    np.testing.assert_array_equal(diagonal.hessian, np.diag([1.0, 10.0]))
    rotated = quadratic_with_spectrum([1.0, 10.0], [0.0, 0.0], rng=np.random.default_rng(1))
    assert abs(rotated.hessian[0, 1]) > 0.1
    np.testing.assert_allclose(rotated.eigenvalues, [1.0, 10.0])


def test_step_sizes_and_contraction_predict_the_runs(bowl):
    assert bowl.stable_lr_bound == pytest.approx(2 / 8)
    assert bowl.optimal_lr == pytest.approx(2 / 8.5)
    assert bowl.condition_number == pytest.approx(16)
    assert bowl.contraction(bowl.optimal_lr) == pytest.approx(15 / 17)
    start = np.array([3.0, 3.0, 3.0])
    e0 = np.linalg.norm(start - bowl.minimiser)
    for lr in (0.05, bowl.optimal_lr, 0.24):
        path = gradient_descent(bowl.gradient, start, lr, 60)
        errors = np.linalg.norm(path - bowl.minimiser, axis=1)
        assert np.all(errors <= e0 * bowl.contraction(lr) ** np.arange(61) * (1 + 1e-9))
    diverging = gradient_descent(bowl.gradient, start, 0.26, 60)
    assert np.linalg.norm(diverging[-1] - bowl.minimiser) > 10 * e0
    # The contraction is smallest at the optimal rate.
    grid = np.linspace(0.01, 0.249, 500)
    assert min(bowl.contraction(lr) for lr in grid) >= bowl.contraction(bowl.optimal_lr) - 1e-12


def test_steps_to_reduce():
    assert steps_to_reduce(0.5, 0.125) == 3  # an exact power is not pushed up by rounding
    assert steps_to_reduce(0.9, 1e-6) == math.ceil(math.log(1e-6) / math.log(0.9))
    assert steps_to_reduce(0.0, 1e-6) == 1
    assert steps_to_reduce(0.999, 0.999) == 1


@pytest.mark.parametrize("call, match", [
    (lambda: Quadratic(np.eye(2), np.zeros(3)), "linear must have 2 entries"),
    (lambda: Quadratic(np.ones((2, 3)), np.zeros(2)), "hessian must be a non-empty square matrix"),
    (lambda: Quadratic(np.array([[1.0, 2.0], [0.0, 1.0]]), np.zeros(2)), "hessian must be symmetric"),
    (lambda: Quadratic(np.diag([1.0, -1.0]), np.zeros(2)), "hessian must be positive definite"),
    (lambda: Quadratic(np.eye(2), [np.inf, 0.0]), "linear contains non-finite"),
    (lambda: Quadratic(np.eye(2), np.zeros(2)).value([1.0, 2.0, 3.0]), r"w must have shape \(\.\.\., 2\)"),
    (lambda: Quadratic(np.eye(2), np.zeros(2)).contraction(0.0), "lr must be > 0"),
    (lambda: quadratic_with_spectrum([1.0, 0.0], [0.0, 0.0]), "eigenvalues must be a non-empty list of numbers > 0"),
    (lambda: quadratic_with_spectrum([1.0, 2.0], [0.0]), "minimiser must have 2 entries"),
    (lambda: quadratic_with_spectrum([1.0], [0.0], rng=0), "rng must be a numpy.random.Generator"),
    (lambda: steps_to_reduce(1.0, 0.5), "contraction must be < 1"),
    (lambda: steps_to_reduce(-0.1, 0.5), "contraction must be >= 0"),
    (lambda: steps_to_reduce(0.5, 1.0), "factor must be < 1"),
    (lambda: steps_to_reduce(0.5, 0.0), "factor must be > 0"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
