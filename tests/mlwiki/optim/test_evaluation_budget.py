"""Random search and descent on a budget: counts are real, results reproducible, SciPy agrees on minima."""

import numpy as np
import pytest
from scipy import optimize

from mlwiki.optim import (SearchTrace, finite_difference_descent, gradient_descent_trace, local_random_search,
                          quadratic_with_spectrum, random_search)


class Counter:
    def __init__(self, f):
        self.f, self.calls = f, 0

    def __call__(self, w):
        self.calls += 1
        return self.f(w)


@pytest.fixture(scope="module")
def bowl():
    return quadratic_with_spectrum(np.geomspace(1, 10, 5), [1.0, -1.0, 0.5, 0.0, 2.0], rng=np.random.default_rng(4))


def test_every_method_spends_exactly_what_it_reports(bowl):
    for run in (lambda f: random_search(f, -np.ones(5) * 3, np.ones(5) * 3, 200, rng=np.random.default_rng(0)),
                lambda f: local_random_search(f, np.zeros(5), 1.0, 200, rng=np.random.default_rng(0)),
                lambda f: finite_difference_descent(f, np.zeros(5), 0.1, 200),
                lambda f: gradient_descent_trace(f, bowl.gradient, np.zeros(5), 0.1, 200)):
        counted = Counter(bowl.excess)
        trace = run(counted)
        assert isinstance(trace, SearchTrace)
        assert trace.n_evaluations == counted.calls <= 200
        assert np.all(np.diff(trace.evaluations) > 0) and np.all(np.diff(trace.losses) <= 0)
        assert bowl.excess(trace.best) == pytest.approx(trace.losses[-1])


def test_finite_difference_descent_costs_n_plus_one_per_step_and_converges_to_scipys_minimiser(bowl):
    trace = finite_difference_descent(bowl.excess, np.zeros(5), 0.1, 6 * 300 + 1)
    np.testing.assert_array_equal(trace.evaluations[:4], [1, 7, 13, 19])
    reference = optimize.minimize(bowl.value, np.zeros(5), method="BFGS", options={"gtol": 1e-10}).x
    np.testing.assert_allclose(trace.best, reference, atol=1e-5)


def test_local_random_search_with_the_one_fifth_rule_reaches_the_minimum_in_low_dimensions():
    bowl = quadratic_with_spectrum([1.0, 4.0], [0.5, -0.5])
    trace = local_random_search(bowl.excess, [3.0, 3.0], 1.0, 600, rng=np.random.default_rng(1))
    assert trace.losses[-1] < 1e-10


def test_random_search_is_reproducible_and_stays_in_the_box(bowl):
    points = []
    trace_a = random_search(lambda w: points.append(w) or bowl.excess(w), [0] * 5, [1] * 5, 50,
                            rng=np.random.default_rng(7))
    trace_b = random_search(bowl.excess, [0] * 5, [1] * 5, 50, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(trace_a.losses, trace_b.losses)
    assert np.all((np.array(points) >= 0) & (np.array(points) <= 1))


def test_loss_after_reads_the_trace():
    trace = SearchTrace(np.array([1, 4, 7]), np.array([5.0, 3.0, 1.0]), np.zeros(1))
    assert trace.loss_after(1) == 5.0 and trace.loss_after(6) == 3.0 and trace.loss_after(100) == 1.0


@pytest.mark.parametrize("call, error, match", [
    (lambda: random_search(lambda w: 0.0, [0.0], [0.0], 5, rng=np.random.default_rng(0)), ValueError, "low < high"),
    (lambda: random_search(lambda w: 0.0, [0.0], [1.0], 0, rng=np.random.default_rng(0)), ValueError, "n_evaluations must be > 0"),
    (lambda: random_search(lambda w: 0.0, [0.0], [1.0], 5, rng=None), ValueError, "rng must be a numpy.random.Generator"),
    (lambda: random_search("f", [0.0], [1.0], 5, rng=np.random.default_rng(0)), TypeError, "f must be callable"),
    (lambda: local_random_search(lambda w: 0.0, [0.0], 0.0, 5, rng=np.random.default_rng(0)), ValueError, "step must be > 0"),
    (lambda: local_random_search(lambda w: np.nan, [0.0], 1.0, 5, rng=np.random.default_rng(0)), ValueError, "f must be finite"),
    (lambda: finite_difference_descent(lambda w: 0.0, [[0.0]], 0.1, 5), ValueError, "w0 must have 1 dimension"),
    (lambda: finite_difference_descent(lambda w: 0.0, [0.0], 0.1, 5, eps=0), ValueError, "eps must be > 0"),
    (lambda: gradient_descent_trace(lambda w: 0.0, "g", [0.0], 0.1, 5), TypeError, "gradient must be callable"),
    (lambda: gradient_descent_trace(lambda w: 0.0, lambda w: np.ones(2), [0.0], 0.1, 5), ValueError,
     r"gradient must return an array of shape \(1,\)"),
    (lambda: SearchTrace(np.array([1]), np.array([1.0]), np.zeros(1)).loss_after(0), ValueError, "n_evaluations must be > 0"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
