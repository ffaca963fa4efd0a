"""Gradient descent and Newton's method: iterates, convergence rates, against SciPy; bad input named."""

import numpy as np
import pytest
from scipy import optimize

from mlwiki.optim import (LogisticLoss, condition_sweep, errors_to, gradient_descent, newton_method,
                          quadratic_with_spectrum, steps_to_tolerance)


def test_gradient_descent_returns_every_iterate_of_the_update():
    iterates = gradient_descent(lambda w: 2 * w, [1.0, -2.0], 0.25, 3)
    np.testing.assert_allclose(iterates, [[1.0, -2.0], [0.5, -1.0], [0.25, -0.5], [0.125, -0.25]])
    assert gradient_descent(lambda w: 2 * w, 4.0, 0.25, 1).shape == (2, 1)  # a number is a 1-D start


def test_gradient_descent_stops_at_the_first_non_finite_iterate():
    iterates = gradient_descent(lambda w: np.full_like(w, 1e308), [1.0], 10.0, 10)  # the step overflows
    assert iterates.shape == (1, 1) and np.all(np.isfinite(iterates))


def test_newton_lands_on_a_quadratic_minimiser_in_one_step():
    bowl = quadratic_with_spectrum([1.0, 50.0, 7.0], [1.0, 2.0, 3.0], rng=np.random.default_rng(0))
    iterates = newton_method(bowl.gradient, lambda w: bowl.hessian, np.zeros(3), 1)
    np.testing.assert_allclose(iterates[-1], bowl.minimiser, atol=1e-12)


def test_newton_on_the_logistic_loss_matches_scipy_and_converges_quadratically():
    rng = np.random.default_rng(1)
    x = np.column_stack([np.ones(100), rng.standard_normal((100, 2))])
    y = (rng.random(100) < 0.5).astype(float)
    loss = LogisticLoss(x, y, l2=0.1)
    iterates = newton_method(loss.gradient, loss.hessian, np.zeros(3), 8)
    reference = optimize.minimize(loss.value, np.zeros(3), jac=loss.gradient, hess=loss.hessian,
                                  method="trust-exact", options={"gtol": 1e-13}).x
    np.testing.assert_allclose(iterates[-1], reference, atol=1e-9)
    errors = errors_to(iterates, iterates[-1])[:4]
    assert np.all(errors[1:] <= 2.0 * errors[:-1] ** 2)


def test_errors_to_and_steps_to_tolerance():
    np.testing.assert_allclose(errors_to([[3.0, 4.0], [0.0, 0.0]], [0.0, 0.0]), [5.0, 0.0])
    # w <- w - 0.5 * w halves the error: 10 halvings reach 1/1024 < 1e-3.
    assert steps_to_tolerance(lambda w: w, [1.0], [0.0], 0.5, 1e-3) == 10
    with pytest.raises(ValueError, match="did not shrink"):
        steps_to_tolerance(lambda w: w, [1.0], [0.0], 2.5, 1e-3, max_steps=50)


def test_condition_sweep_measures_what_the_contraction_predicts():
    sweep = condition_sweep([1, 4, 25], factor=1e-4)
    np.testing.assert_array_equal(sweep.measured["optimal"], sweep.predicted["optimal"])
    assert np.all(sweep.measured["1/lam_max"] <= sweep.predicted["1/lam_max"])
    assert list(sweep.measured["optimal"]) == [1] + [int(np.ceil(np.log(1e-4) / np.log((k - 1) / (k + 1))))
                                                   for k in (4, 25)]


@pytest.mark.parametrize("call, error, match", [
    (lambda: gradient_descent("grad", [1.0], 0.1, 2), TypeError, "gradient must be callable"),
    (lambda: gradient_descent(lambda w: w, [[1.0]], 0.1, 2), ValueError, "w0 must be a number or a non-empty 1-D"),
    (lambda: gradient_descent(lambda w: w, [1.0], -0.1, 2), ValueError, "lr must be > 0"),
    (lambda: gradient_descent(lambda w: w, [1.0], 0.1, 0), ValueError, "n_steps must be > 0"),
    (lambda: gradient_descent(lambda w: np.ones(3), [1.0], 0.1, 2), ValueError, r"gradient must return an array of shape \(1,\)"),
    (lambda: newton_method(lambda w: w, None, [1.0], 2), TypeError, "hessian must be callable"),
    (lambda: newton_method(lambda w: w, lambda w: np.eye(2), [1.0], 2), ValueError, r"hessian must return an array of shape \(1, 1\)"),
    (lambda: errors_to([1.0, 2.0], [0.0]), ValueError, "iterates must have 2 dimension"),
    (lambda: errors_to([[1.0, 2.0]], [0.0]), ValueError, "target must have 2 entries"),
    (lambda: steps_to_tolerance(lambda w: w, [1.0], [1.0], 0.5, 0.1), ValueError, "w0 must differ from target"),
    (lambda: steps_to_tolerance(lambda w: w, [1.0], [0.0, 0.0], 0.5, 0.1), ValueError, "target must have the shape of w0"),
    (lambda: steps_to_tolerance(lambda w: w, [1.0], [0.0], 0.5, 1.5), ValueError, "factor must be < 1"),
    (lambda: condition_sweep([0.5, 2.0]), ValueError, "kappas must be a non-empty list of condition numbers >= 1"),
    (lambda: condition_sweep([2.0], factor=2.0), ValueError, "factor must be < 1"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
