import numpy as np
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder

from mlwiki.encoding import (character_codes, design_matrix, least_squares, one_hot_columns, ordinal_codes,
                             scale_to_unit)

CATEGORIES = ["red", "green", "blue"]
VALUES = ["green", "red", "blue", "blue", "red"]


def test_scale_to_unit():
    np.testing.assert_allclose(scale_to_unit([0, 8, 16], 16), [0.0, 0.5, 1.0])
    np.testing.assert_allclose(scale_to_unit(np.array([[0, 255]], dtype=np.uint8), 255), [[0.0, 1.0]])
    with pytest.raises(ValueError, match=r"values must lie in \[0, max_value=16\]"):
        scale_to_unit([0, 17], 16)
    with pytest.raises(ValueError, match="max_value"):
        scale_to_unit([0, 1], 0)
    with pytest.raises(ValueError, match="values"):
        scale_to_unit([np.nan], 1)


def test_character_codes():
    assert character_codes(" #/").tolist() == [32, 35, 47]
    assert character_codes("").tolist() == []
    with pytest.raises(ValueError, match="text must be ASCII"):
        character_codes("é")
    with pytest.raises(TypeError, match="text must be a str"):
        character_codes(b"abc")


def test_ordinal_and_one_hot_match_scikit_learn():
    column = np.array(VALUES)[:, None]
    np.testing.assert_array_equal(ordinal_codes(VALUES, CATEGORIES),
                                  OrdinalEncoder(categories=[CATEGORIES]).fit_transform(column)[:, 0])
    np.testing.assert_array_equal(one_hot_columns(VALUES, CATEGORIES),
                                  OneHotEncoder(categories=[CATEGORIES], sparse_output=False).fit_transform(column))
    np.testing.assert_array_equal(
        one_hot_columns(VALUES, CATEGORIES, drop_first=True),
        OneHotEncoder(categories=[CATEGORIES], drop="first", sparse_output=False).fit_transform(column))


@pytest.mark.parametrize("function", [ordinal_codes, one_hot_columns])
def test_categories_are_checked(function):
    with pytest.raises(ValueError, match="'purple', which is not among categories"):
        function(["red", "purple"], CATEGORIES)
    with pytest.raises(ValueError, match="categories must not repeat"):
        function(["red"], ["red", "red"])
    with pytest.raises(ValueError, match="categories must list at least one"):
        function(["red"], [])
    with pytest.raises(TypeError, match="values must be a sequence of categories"):
        function("red", CATEGORIES)


def test_drop_first_must_be_a_bool():
    with pytest.raises(TypeError, match="drop_first"):
        one_hot_columns(VALUES, CATEGORIES, drop_first=1)


def test_design_matrix_and_the_dummy_variable_trap():
    full = design_matrix(one_hot_columns(VALUES, CATEGORIES))
    assert full.shape == (5, 4)
    np.testing.assert_array_equal(full[:, 0], 1.0)
    assert np.linalg.matrix_rank(full) == 3                 # the dummies add up to the intercept
    reference = design_matrix(one_hot_columns(VALUES, CATEGORIES, drop_first=True))
    assert np.linalg.matrix_rank(reference) == 3 == reference.shape[1]
    no_intercept = design_matrix(one_hot_columns(VALUES, CATEGORIES), intercept=False)
    assert np.linalg.matrix_rank(no_intercept) == 3 == no_intercept.shape[1]
    mixed = design_matrix([1.0, 2.0], np.ones((2, 2)))
    assert mixed.tolist() == [[1, 1, 1, 1], [1, 2, 1, 1]]


def test_design_matrix_checks_its_blocks():
    with pytest.raises(ValueError, match=r"columns\[1\] has 3 rows"):
        design_matrix(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match=r"columns\[0\] must be 1-D or 2-D"):
        design_matrix(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match="at least one block"):
        design_matrix()
    with pytest.raises(TypeError, match="intercept"):
        design_matrix(np.ones(2), intercept="yes")


def test_least_squares_matches_scikit_learn():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    y = x @ np.array([1.0, -2.0, 0.5]) + 3.0 + rng.normal(size=40)
    coefficients, mse = least_squares(design_matrix(x), y)
    fit = LinearRegression().fit(x, y)
    np.testing.assert_allclose(coefficients, np.append(fit.intercept_, fit.coef_), atol=1e-10)
    assert mse == pytest.approx(np.mean((fit.predict(x) - y) ** 2))
    with pytest.raises(ValueError, match="targets must have one value per row of design"):
        least_squares(design_matrix(x), y[:-1])


def test_least_squares_on_dependent_columns_returns_the_shortest_solution():
    y = np.array([1.0, 2.0, 3.0, 3.5, 1.5])
    full = design_matrix(one_hot_columns(VALUES, CATEGORIES))
    coefficients, mse = least_squares(full, y)
    np.testing.assert_allclose(coefficients, np.linalg.pinv(full) @ y, atol=1e-12)
    _, reference_mse = least_squares(design_matrix(one_hot_columns(VALUES, CATEGORIES, drop_first=True)), y)
    assert mse == pytest.approx(reference_mse)
