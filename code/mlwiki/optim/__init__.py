"""Optimisation: gradients of the functions ML uses, and the methods that follow them.

* :mod:`mlwiki.optim.matrix_calculus` -- ``a^T w``, ``w^T A w``, ``tr(A X)``, ``||X w - y||^2``,
  ``log |det X|`` and their gradients;
* :mod:`mlwiki.optim.quadratic` -- a quadratic loss and what its eigenvalues predict
  (the stable range ``lr < 2 / lam_max``, the optimal fixed rate, the contraction per step);
* :mod:`mlwiki.optim.descent` -- gradient descent and Newton's method, returning every iterate;
* :mod:`mlwiki.optim.conditioning` -- step counts against the condition number;
* :mod:`mlwiki.optim.logistic` -- the regularised logistic loss with gradient and Hessian;
* :mod:`mlwiki.optim.evaluation_budget` -- random search and descent on one budget of loss evaluations;
* :mod:`mlwiki.optim.plots` -- paths on contours, error curves, step counts, budgets.
"""

from mlwiki.optim.conditioning import ConditionSweep, condition_sweep
from mlwiki.optim.descent import errors_to, gradient_descent, newton_method, steps_to_tolerance
from mlwiki.optim.evaluation_budget import (SearchTrace, finite_difference_descent, gradient_descent_trace,
                                            local_random_search, random_search)
from mlwiki.optim.logistic import LogisticLoss
from mlwiki.optim.matrix_calculus import (linear, linear_gradient, log_abs_det, log_abs_det_gradient, quadratic_form,
                                          quadratic_form_gradient, squared_error, squared_error_gradient,
                                          trace_product, trace_product_gradient)
from mlwiki.optim.plots import plot_condition_sweep, plot_descent, plot_error_curves, plot_search_traces
from mlwiki.optim.quadratic import Quadratic, quadratic_with_spectrum, steps_to_reduce

__all__ = [
    # matrix calculus
    "linear", "linear_gradient", "quadratic_form", "quadratic_form_gradient",
    "trace_product", "trace_product_gradient", "squared_error", "squared_error_gradient",
    "log_abs_det", "log_abs_det_gradient",
    # quadratics and descent
    "Quadratic", "quadratic_with_spectrum", "steps_to_reduce",
    "gradient_descent", "newton_method", "errors_to", "steps_to_tolerance",
    "ConditionSweep", "condition_sweep", "LogisticLoss",
    # budgets of loss evaluations
    "SearchTrace", "random_search", "local_random_search", "finite_difference_descent", "gradient_descent_trace",
    # plots
    "plot_descent", "plot_error_curves", "plot_condition_sweep", "plot_search_traces",
]
