"""Matrix calculus: every gradient against PyTorch's autograd and central differences; bad input named."""

import numpy as np
import pytest
import torch

from mlwiki.nn import numerical_gradient, relative_error
from mlwiki.optim import (linear, linear_gradient, log_abs_det, log_abs_det_gradient, quadratic_form,
                          quadratic_form_gradient, squared_error, squared_error_gradient, trace_product,
                          trace_product_gradient)


@pytest.fixture(scope="module")
def arrays():
    rng = np.random.default_rng(0)
    return {
        "w": rng.standard_normal(5), "a_vec": rng.standard_normal(5), "a_mat": rng.standard_normal((5, 5)),
        "x_tall": rng.standard_normal((4, 3)), "a_wide": rng.standard_normal((3, 4)),
        "x_data": rng.standard_normal((7, 5)), "y": rng.standard_normal(7),
        "x_square": rng.standard_normal((5, 5)),
    }


def _torch_gradient(f, x):
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    f(t).backward()
    return t.grad.numpy()


def test_values_match_the_formulas(arrays):
    a = arrays
    assert linear(a["w"], a["a_vec"]) == pytest.approx(a["a_vec"] @ a["w"])
    assert quadratic_form(a["w"], a["a_mat"]) == pytest.approx(a["w"] @ a["a_mat"] @ a["w"])
    assert trace_product(a["x_tall"], a["a_wide"]) == pytest.approx(np.trace(a["a_wide"] @ a["x_tall"]))
    assert squared_error(a["w"], a["x_data"], a["y"]) == pytest.approx(np.sum((a["x_data"] @ a["w"] - a["y"]) ** 2))
    sign, logabs = np.linalg.slogdet(a["x_square"])
    assert log_abs_det(a["x_square"]) == pytest.approx(np.log(abs(np.linalg.det(a["x_square"]))))
    assert log_abs_det(a["x_square"]) == pytest.approx(logabs)


def test_gradients_match_pytorch_autograd(arrays):
    a = arrays
    at = {k: torch.tensor(v, dtype=torch.float64) for k, v in a.items()}
    cases = [
        (linear_gradient(a["w"], a["a_vec"]), _torch_gradient(lambda t: at["a_vec"] @ t, a["w"])),
        (quadratic_form_gradient(a["w"], a["a_mat"]), _torch_gradient(lambda t: t @ at["a_mat"] @ t, a["w"])),
        (trace_product_gradient(a["x_tall"], a["a_wide"]),
         _torch_gradient(lambda t: torch.trace(at["a_wide"] @ t), a["x_tall"])),
        (squared_error_gradient(a["w"], a["x_data"], a["y"]),
         _torch_gradient(lambda t: torch.sum((at["x_data"] @ t - at["y"]) ** 2), a["w"])),
        (log_abs_det_gradient(a["x_square"]), _torch_gradient(lambda t: torch.slogdet(t)[1], a["x_square"])),
    ]
    for ours, theirs in cases:
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-12)


def test_gradients_match_central_differences_and_the_shortcuts_do_not(arrays):
    a = arrays
    numeric = numerical_gradient(lambda v: quadratic_form(v, a["a_mat"]), a["w"])
    assert relative_error(quadratic_form_gradient(a["w"], a["a_mat"]), numeric) < 1e-8
    assert relative_error(2 * a["a_mat"] @ a["w"], numeric) > 0.1  # only right for a symmetric A
    symmetric = a["a_mat"] + a["a_mat"].T
    np.testing.assert_allclose(quadratic_form_gradient(a["w"], symmetric), 2 * symmetric @ a["w"])
    numeric = numerical_gradient(lambda m: log_abs_det(m), a["x_square"])
    assert relative_error(log_abs_det_gradient(a["x_square"]), numeric) < 1e-7
    # A negative determinant: log|det| still has gradient X^{-T}.
    flipped = a["x_square"].copy()
    flipped[0] *= -1 if np.linalg.det(flipped) > 0 else 1
    assert np.linalg.det(flipped) < 0
    np.testing.assert_allclose(log_abs_det_gradient(flipped), np.linalg.inv(flipped).T)


def test_log_abs_det_does_not_overflow_where_det_does():
    big = 1e3 * np.eye(200)
    with np.errstate(over="ignore"):
        assert np.isinf(np.linalg.det(big))  # 1e600 does not fit in a float64
    assert log_abs_det(big) == pytest.approx(200 * np.log(1e3))


def test_gradients_do_not_alias_their_inputs(arrays):
    a_vec = arrays["a_vec"].copy()
    g = linear_gradient(arrays["w"], a_vec)
    g[0] = 99.0
    assert a_vec[0] != 99.0


@pytest.mark.parametrize("call, match", [
    (lambda: linear([1.0, 2.0], [1.0]), "a must have the shape of w"),
    (lambda: linear([[1.0]], [1.0]), "w must have 1 dimension"),
    (lambda: linear_gradient([1.0, np.nan], [1.0, 2.0]), "w contains non-finite"),
    (lambda: quadratic_form([1.0, 2.0], np.eye(3)), r"a must have shape \(2, 2\)"),
    (lambda: quadratic_form_gradient([1.0, 2.0], [1.0, 2.0]), "a must have 2 dimension"),
    (lambda: trace_product(np.ones((2, 3)), np.ones((2, 3))), r"a must have shape \(3, 2\)"),
    (lambda: trace_product_gradient(np.ones(3), np.ones((3, 1))), "x must have 2 dimension"),
    (lambda: squared_error([1.0, 2.0], np.ones((3, 3)), np.ones(3)), "x must have 2 columns"),
    (lambda: squared_error_gradient([1.0, 2.0], np.ones((3, 2)), np.ones(4)), "y must have one entry per row"),
    (lambda: log_abs_det(np.ones((2, 3))), "x must be a non-empty square matrix"),
    (lambda: log_abs_det(np.ones((2, 2))), "x must be invertible"),
    (lambda: log_abs_det_gradient([[1.0, 2.0], [2.0, 4.0]]), "x must be invertible"),
    (lambda: linear("ab", [1.0]), "w must be numeric"),
])
def test_bad_input_is_named(call, match):
    with pytest.raises(ValueError, match=match):
        call()
