"""Bad input to sptools.lnob fails with a clear error naming the column, the value and the fix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.lnob import (
    LNOBWarning,
    access_by_group,
    d_index,
    hoi,
    lnob_tree,
    shapley_d,
)

MEASURES = [d_index, hoi, shapley_d, access_by_group, lnob_tree]


@pytest.fixture
def survey() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 200
    return pd.DataFrame(
        {
            "water": (rng.random(n) < 0.6).astype(int),
            "urban": rng.random(n) < 0.4,
            "sex": rng.choice(["F", "M"], n),
            "weight": rng.uniform(0.5, 2.0, n),
        }
    )


@pytest.mark.parametrize("measure", MEASURES)
def test_not_a_dataframe(measure) -> None:
    with pytest.raises(TypeError, match="pandas DataFrame"):
        measure({"water": [1, 0]}, "water", ["urban"])


@pytest.mark.parametrize("measure", MEASURES)
def test_unknown_columns_are_named(measure, survey: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match=r"\['region'\] not in data; available columns"):
        measure(survey, "water", ["urban", "region"])
    with pytest.raises(KeyError, match="'electricity'"):
        measure(survey, "electricity", ["urban"])
    with pytest.raises(KeyError, match="'wgt'"):
        measure(survey, "water", ["urban"], "wgt")


def test_circumstances_must_be_a_list_of_distinct_other_columns(survey: pd.DataFrame) -> None:
    with pytest.raises(TypeError, match=r"write \['urban'\]"):
        d_index(survey, "water", "urban")
    with pytest.raises(ValueError, match="empty"):
        d_index(survey, "water", [])
    with pytest.raises(ValueError, match=r"\['urban'\] more than once"):
        d_index(survey, "water", ["urban", "sex", "urban"])
    with pytest.raises(ValueError, match="also listed as a circumstance"):
        d_index(survey, "water", ["water", "urban"])


@pytest.mark.parametrize("measure", MEASURES)
def test_empty_data(measure, survey: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="no rows"):
        measure(survey.iloc[:0], "water", ["urban"])


@pytest.mark.parametrize(
    ("values", "listed"),
    [
        ([0, 1, 2, 1], "2"),
        ([0.0, 0.5, 1.0, 1.0], "0.5"),
        (["yes", "no", "yes", "no"], "'yes', 'no'"),
        ([-1, 1, 0, 1], "-1"),
    ],
)
def test_non_binary_outcome_lists_the_offending_values(values: list, listed: str) -> None:
    data = pd.DataFrame({"y": values, "urban": [True, False, True, False]})
    with pytest.raises(ValueError, match=rf"outcome 'y' must be 0/1 .* holds {listed}\. Recode"):
        d_index(data, "y", ["urban"])


def test_boolean_and_float_outcomes_are_accepted(survey: pd.DataFrame) -> None:
    as_int = d_index(survey, "water", ["urban", "sex"])
    as_bool = d_index(survey.assign(water=survey["water"].astype(bool)), "water", ["urban", "sex"])
    as_float = d_index(survey.assign(water=survey["water"] * 1.0), "water", ["urban", "sex"])
    assert as_int == as_bool == as_float


def test_many_offending_values_are_abbreviated() -> None:
    data = pd.DataFrame({"y": range(30), "g": ["a", "b"] * 15})
    with pytest.raises(ValueError, match="and 18 more"):
        d_index(data, "y", ["g"])


@pytest.mark.parametrize("measure", MEASURES)
def test_missing_values_raise_with_column_and_count(measure, survey: pd.DataFrame) -> None:
    survey["water"] = survey["water"].astype(float)
    survey.loc[:4, "water"] = np.nan
    survey.loc[10:12, "sex"] = None
    with pytest.raises(
        ValueError,
        match=r"'water' has 5 missing values; 'sex' has 3 missing values .*missing='drop'",
    ):
        measure(survey, "water", ["urban", "sex"])


def test_dropping_missing_values_is_reported(survey: pd.DataFrame) -> None:
    survey["water"] = survey["water"].astype(float)
    survey.loc[:4, "water"] = np.nan
    survey.loc[3:12, "sex"] = None  # rows 3 and 4 miss both: 13 rows in all
    complete = survey.iloc[13:]
    design = Design(survey, weight="weight", strata=None, psu=None)
    with pytest.warns(LNOBWarning, match=r"13 of 200 rows excluded \(6.5%; .*water 5, sex 10"):
        d = d_index(survey, "water", ["urban", "sex"], design=design, missing="drop")
    assert d == d_index(complete, "water", ["urban", "sex"], design=design)
    assert d.exclusions.n_excluded == 13 and 0 < d.exclusions.weighted_share < 1
    with pytest.warns(LNOBWarning):
        tree = lnob_tree(survey, "water", ["urban", "sex"], missing="drop")
    assert (tree.exclusions.n_excluded, tree.exclusions.share_excluded) == (13, 0.065)
    assert tree.exclusions.by_column == {"water": 5, "sex": 10}
    assert tree.nodes.loc[0, "n"] == 187
    with pytest.warns(LNOBWarning):
        table = access_by_group(survey, "water", ["urban", "sex"], missing="drop")
    assert table["n"].sum() == 187 and table.exclusions.n_excluded == 13
    with pytest.warns(LNOBWarning):
        assert (
            shapley_d(survey, "water", ["urban"], missing="drop").attrs["exclusions"].n_rows == 200
        )


def test_dropping_every_row_raises(survey: pd.DataFrame) -> None:
    survey["sex"] = None
    with pytest.raises(ValueError, match="no rows left: 200 of 200 rows"):
        d_index(survey, "water", ["sex"], missing="drop")


def test_unknown_missing_policy(survey: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="'raise' or 'drop', got 'ignore'"):
        d_index(survey, "water", ["urban"], missing="ignore")


@pytest.mark.parametrize(
    ("weights", "error", "message"),
    [
        (
            lambda w: w.astype(str),
            TypeError,
            "weight column 'weight' must be numeric, it has dtype str; .*pd.to_numeric",
        ),
        (lambda w: w > 1, TypeError, "has dtype bool"),
        (lambda w: w.where(w > 0.6), ValueError, r"'weight' must be finite .*\(\d+ missing"),
        (lambda w: w.mask(w > 1.9, np.inf), ValueError, r"first bad value .*inf"),
        (lambda w: w - 1, ValueError, r"'weight' must be finite and >= 0: \d+ rows are not"),
        (lambda w: w * 0, ValueError, "sums to zero"),
    ],
)
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_bad_weights(weights, error: type[Exception], message: str, survey: pd.DataFrame) -> None:
    survey["weight"] = weights(survey["weight"])
    for measure in MEASURES:
        with pytest.raises(error, match=message):
            measure(survey, "water", ["urban", "sex"], "weight")


def test_a_group_with_zero_total_weight_is_an_empty_group(survey: pd.DataFrame) -> None:
    survey.loc[survey["urban"] & (survey["sex"] == "F"), "weight"] = 0.0
    with pytest.raises(ValueError, match=r"total weight of 0, e.g. \(urban=True, sex='F'\)"):
        d_index(survey, "water", ["urban", "sex"], "weight")


@pytest.mark.parametrize("measure", [d_index, hoi, shapley_d])
@pytest.mark.parametrize("rate", [0, 1])
def test_national_rate_zero_or_one_leaves_d_undefined(
    measure, rate: int, survey: pd.DataFrame
) -> None:
    survey["water"] = rate
    with pytest.raises(ValueError, match=f"national rate of the outcome is {rate}: D is undefined"):
        measure(survey, "water", ["urban"])
    with pytest.raises(ValueError, match="complement of the barrier is"):
        measure(survey, "water", ["urban"], barrier=True)


def test_a_tree_of_a_constant_outcome_is_a_single_leaf(survey: pd.DataFrame) -> None:
    survey["water"] = 1
    tree = lnob_tree(survey, "water", ["urban", "sex"])
    assert len(tree.nodes) == 1 and tree.leaves["rate"].tolist() == [1.0]
    assert tree.importance.tolist() == [0.0, 0.0]


def test_a_single_level_circumstance_warns_and_contributes_nothing(survey: pd.DataFrame) -> None:
    survey["country"] = "Cambodia"
    with pytest.warns(LNOBWarning, match="'country' has a single level \\('Cambodia'\\)"):
        d_both = d_index(survey, "water", ["urban", "country"])
    assert d_both == pytest.approx(d_index(survey, "water", ["urban"]), rel=1e-12)
    with pytest.warns(LNOBWarning):
        contributions = shapley_d(survey, "water", ["urban", "country"])
    assert contributions["country"] == pytest.approx(0.0, abs=1e-15)


def test_tree_settings_are_checked(survey: pd.DataFrame) -> None:
    for bad in (0, 0.5, True, "49", float("nan")):
        with pytest.raises(ValueError, match="min_leaf must be a number >= 1"):
            lnob_tree(survey, "water", ["urban"], min_leaf=bad)
    with pytest.raises(ValueError, match="max_depth must be an integer >= 0"):
        lnob_tree(survey, "water", ["urban"], max_depth=-1)
    with pytest.raises(ValueError, match="cp must be in"):
        lnob_tree(survey, "water", ["urban"], cp=1.5)
    with pytest.raises(ValueError, match=r"ordered names \['age'\], which are not among"):
        lnob_tree(survey, "water", ["urban"], ordered=["age"])
    with pytest.raises(TypeError, match=r"write \['urban'\]"):
        lnob_tree(survey, "water", ["urban"], ordered="urban")


def test_too_many_combinations_of_circumstances() -> None:
    data = pd.DataFrame({f"c{i}": [0, 1] for i in range(63)} | {"y": [0, 1]})
    with pytest.raises(ValueError, match="2 x 2 x .* combinations of levels, too many"):
        d_index(data, "y", [f"c{i}" for i in range(63)])


def test_result_columns_must_not_clash(survey: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match=r"\['share'\] clash"):
        access_by_group(survey.rename(columns={"sex": "share"}), "water", ["urban", "share"])


def test_assign_needs_the_circumstances(survey: pd.DataFrame) -> None:
    tree = lnob_tree(survey, "water", ["urban", "sex"])
    with pytest.raises(KeyError, match=r"\['sex'\]"):
        tree.assign(survey.drop(columns="sex"))
