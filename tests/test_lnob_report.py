"""Tests of sptools.recipes.lnob_report: rows from a table of groups, the standard analysis of an
indicator, the summary table, group profiles and leaves compared across rounds.

Golden figures: worked_examples.md, "D-index, HOI and Shapley: four cells, two circumstances".
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sptools import Design
from sptools.datasets import load_households, load_persons
from sptools.indicators import MissingDataWarning, opportunity
from sptools.lnob import LNOBWarning, access_by_group, d_index, hoi, lnob_tree, shapley_d
from sptools.recipes.lnob_report import (
    HOUSEHOLD_PROFILE,
    compare_leaves,
    group_profile,
    indicator_summary,
    lnob_analysis,
    rows_from_cells,
)

CIRCUMSTANCES = ["wealth", "residence"]
WORKED = pd.DataFrame(
    {
        "wealth": ["Bottom 40", "Bottom 40", "Top 60", "Top 60"],
        "residence": ["Rural", "Urban", "Rural", "Urban"],
        "share": [0.35, 0.05, 0.40, 0.20],
        "rate": [0.30, 0.75, 0.55, 0.95],
    }
)


def weighted(data: pd.DataFrame) -> Design:
    """The design of rows with a weight column only (no strata, every row its own PSU)."""
    return Design(data, weight="weight", strata=None, psu=None)


# --- rows_from_cells -------------------------------------------------------------------------


@pytest.mark.parametrize("n", [None, 400, 2000])
def test_worked_example_gives_the_published_d_hoi_and_shapley(n):
    rows = rows_from_cells(WORKED, CIRCUMSTANCES, n=n)
    design = weighted(rows) if n is None else None
    assert d_index(rows, "access", CIRCUMSTANCES, design=design) == pytest.approx(
        0.17875 / (2 * 0.5525), rel=1e-12
    )
    assert round(d_index(rows, "access", CIRCUMSTANCES, design=design), 5) == 0.16176
    assert hoi(rows, "access", CIRCUMSTANCES, design=design) == pytest.approx(0.463125, rel=1e-12)
    shapley = shapley_d(rows, "access", CIRCUMSTANCES, design=design)
    assert shapley.round(5).tolist() == [0.07104, 0.09072]
    assert (shapley / shapley.sum()).round(3).tolist() == [0.439, 0.561]


def test_worked_example_tree_has_the_published_leaves_and_extreme_groups():
    tree = lnob_tree(rows_from_cells(WORKED, CIRCUMSTANCES, n=400), "access", CIRCUMSTANCES)
    leaves = tree.leaves.set_index("path")[["share", "rate"]].round(4)
    expected = pd.DataFrame(
        {"share": [0.35, 0.40, 0.25], "rate": [0.30, 0.55, 0.91]},
        index=pd.Index(
            [
                "residence: Rural & wealth: Bottom 40",
                "residence: Rural & wealth: Top 60",
                "residence: Urban",
            ],
            name="path",
        ),
    )
    pd.testing.assert_frame_equal(leaves.sort_index(), expected.sort_index())
    assert tree.nodes.loc[0, "split_on"] == "residence"
    assert tree.furthest_behind["path"] == "residence: Rural & wealth: Bottom 40"
    assert tree.furthest_ahead["path"] == "residence: Urban"


def test_weighted_rows_skip_groups_where_everyone_or_nobody_has_access():
    cells = pd.DataFrame({"urban": [True, False], "share": [0.3, 0.7], "rate": [1.0, 0.0]})
    rows = rows_from_cells(cells, ["urban"], outcome="water")
    assert rows.to_dict("list") == {"urban": [True, False], "water": [1, 0], "weight": [0.3, 0.7]}


@pytest.mark.slow  # several seconds (tasks.py test --fast leaves it out)
@settings(max_examples=40, deadline=None)
@given(
    counts=st.lists(st.integers(1, 8), min_size=2, max_size=6),
    data=st.data(),
)
def test_rows_reproduce_every_group_share_and_rate(counts, data):
    total = sum(counts)
    rates = [data.draw(st.integers(0, count)) / count for count in counts]
    cells = pd.DataFrame(
        {
            "group": [f"g{i}" for i in range(len(counts))],
            "share": [c / total for c in counts],
            "rate": rates,
        }
    )
    for n in (None, total * 3):
        rows = rows_from_cells(cells, ["group"], n=n)
        table = access_by_group(
            rows, "access", ["group"], design=weighted(rows) if n is None else None
        )
        present = cells.set_index("group").loc[table["group"].astype(str)]
        np.testing.assert_allclose(table["share"], present["share"], rtol=1e-12)
        np.testing.assert_allclose(table["rate"], present["rate"], rtol=1e-12, atol=1e-12)
    assert len(rows_from_cells(cells, ["group"], n=total)) == total


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (lambda c: c.assign(share=[0.35, 0.05, 0.40, 0.30]), "add up to 1.1"),
        (lambda c: c.assign(share=[35.0, 5.0, 40.0, 20.0]), r"population shares in \(0, 1\]"),
        (lambda c: c.assign(rate=[30, 75, 55, 95]), r"access rates in \[0, 1\]"),
        (lambda c: c.assign(rate=[0.3, np.nan, 0.55, 0.95]), "missing values"),
        (lambda c: c.assign(residence="Rural"), "twice"),
    ],
    ids=["shares-sum", "percent-shares", "percent-rates", "missing", "duplicate-group"],
)
def test_bad_tables_are_rejected_with_the_fix(change, match):
    with pytest.raises(ValueError, match=match):
        rows_from_cells(change(WORKED), CIRCUMSTANCES)


def test_a_missing_column_and_fractional_counts_are_named():
    with pytest.raises(KeyError, match="'rate'"):
        rows_from_cells(WORKED.drop(columns="rate"), CIRCUMSTANCES)
    with pytest.raises(
        ValueError, match=r"n=30, group \['Bottom 40', 'Rural'\].*10.5 rows.*multiple of 400"
    ):
        rows_from_cells(WORKED, CIRCUMSTANCES, n=30)
    with pytest.raises(ValueError, match="n must be a positive whole number"):
        rows_from_cells(WORKED, CIRCUMSTANCES, n=0)
    with pytest.raises(TypeError, match="DataFrame"):
        rows_from_cells(WORKED.to_dict(), CIRCUMSTANCES)


# --- the analysis of an indicator on the shipped survey --------------------------------------


@pytest.fixture(scope="module")
def survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_households(2022), load_persons(2022)


@pytest.fixture(scope="module")
def electricity(survey):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        return lnob_analysis("electricity", *survey)


def test_analysis_equals_the_methods_on_the_indicator_table(survey, electricity):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        table = opportunity("electricity", *survey)
    names = ["wealth", "residence", "education", "region"]
    pd.testing.assert_frame_equal(electricity.data, table)
    assert electricity.circumstances == tuple(names)
    assert electricity.rate == pytest.approx(
        np.average(table["electricity"], weights=table["weight"])
    )
    assert electricity.d == d_index(table, "electricity", names, design=electricity.design)
    assert 0 < electricity.d.se < 0.05 and electricity.d.share_of_max > electricity.d
    assert electricity.hoi == pytest.approx(electricity.rate * (1 - electricity.d), rel=1e-12)
    assert electricity.shapley.sum() == pytest.approx(electricity.d, rel=1e-12)
    assert electricity.shapley_shares.sum() == pytest.approx(1.0)
    assert electricity.main_circumstance == electricity.shapley.idxmax()
    assert electricity.tree.nodes.loc[0, "rate"] == pytest.approx(electricity.rate)
    assert electricity.tree.min_leaf == max(49, len(table) / 11)
    assert electricity.tree.min_leaf_rows == len(table) // 11  # rpart truncates


def test_a_barrier_is_measured_on_its_complement(survey):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        stunting = lnob_analysis("stunting", *survey)
    names = list(stunting.circumstances)
    assert stunting.kind == "barrier" and stunting.tree.barrier
    assert stunting.d == d_index(
        stunting.data, "stunting", names, design=weighted(stunting.data), barrier=True
    )
    assert stunting.hoi == pytest.approx((1 - stunting.rate) * (1 - stunting.d), rel=1e-12)
    assert stunting.tree.furthest_behind["rate"] == stunting.tree.leaves["rate"].max()


def test_chosen_circumstances_and_tree_settings_are_used(survey):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        result = lnob_analysis(
            "electricity", *survey, circumstances=["residence"], max_depth=1, min_leaf=100
        )
    assert result.circumstances == ("residence",)
    assert list(result.shapley.index) == ["residence"]
    assert result.tree.max_depth == 1 and result.tree.min_leaf == 100
    with pytest.raises(KeyError, match="unknown indicator 'electric'"):
        lnob_analysis("electric", *survey)


def test_summary_rows_match_the_analysis_and_report_the_dropped_units(survey, electricity):
    with warnings.catch_warnings():
        warnings.simplefilter("error", MissingDataWarning)  # the summary reports drops in a column
        summary = indicator_summary(*survey, ["electricity", "stunting"])
    assert list(summary.index) == ["electricity", "stunting"]
    row = summary.loc["electricity"]
    tree = electricity.tree
    assert row["units"] == len(electricity.data)
    assert row["dropped"] == electricity.data.attrs["dropped"] > 0
    assert (row["rate"], row["d"], row["hoi"]) == (electricity.rate, electricity.d, electricity.hoi)
    assert (
        row["behind"] == tree.furthest_behind["path"]
        and row["ahead"] == tree.furthest_ahead["path"]
    )
    assert row["gap"] == pytest.approx(tree.furthest_ahead["rate"] - tree.furthest_behind["rate"])
    assert row["main_circumstance"] == electricity.main_circumstance
    assert row["main_share"] == pytest.approx(electricity.shapley_shares.max())
    stunting = summary.loc["stunting"]
    assert (
        stunting["behind_rate"] > stunting["ahead_rate"]
    )  # a barrier: behind = highest prevalence
    assert stunting["gap"] == pytest.approx(stunting["behind_rate"] - stunting["ahead_rate"])


# --- group profiles ---------------------------------------------------------------------------


def small_survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    """200 households: urban ones have 3 members and no IDPoor card, rural ones 6 and half of
    them."""
    households = pd.DataFrame(
        {
            "hh_id": np.arange(200),
            "hh_size": [3, 6] * 100,
            "idpoor": pd.Categorical(
                ["none", "none", "none", "level 1"] * 50, ["none", "level 1", "level 2"]
            ),
            "poor": [False, True, False, False] * 50,
            "region": ["North", "South"] * 100,
        }
    )
    data = households[["hh_id"]].assign(
        urban=[True, False] * 100,
        water=[1, 0, 1, 1] * 50,
        weight=np.tile([1.0, 1.0, 1.0, 3.0], 50),
    )
    return households, data


def test_profile_is_the_weighted_mean_within_each_leaf():
    households, data = small_survey()
    tree = lnob_tree(data, "water", ["urban"], design=weighted(data))
    profile = group_profile(
        tree,
        data,
        households,
        {"size": "hh_size", "IDPoor": ("idpoor", ["level 1", "level 2"]), "poor": "poor"},
    )
    assert list(profile.index) == [*tree.leaves.index, 0]
    rural, urban = (
        tree.leaves.index[tree.leaves["path"] == "urban: False"][0],
        tree.leaves.index[tree.leaves["path"] == "urban: True"][0],
    )
    # rural rows alternate weights 1 and 3; the weight-3 rows hold IDPoor level 1,
    # the weight-1 rows are poor
    assert profile.loc[rural, "size"] == 6
    assert profile.loc[rural, "IDPoor"] == pytest.approx(3 / 4)
    assert profile.loc[rural, "poor"] == pytest.approx(1 / 4)
    assert profile.loc[urban, ["size", "IDPoor", "poor"]].tolist() == [3, 0, 0]
    assert profile.loc[0, "path"] == "Everyone"
    assert profile.loc[0, "size"] == pytest.approx((3 * 100 + 6 * 200) / 300)


def test_everyone_is_the_share_weighted_mean_of_the_groups(survey, electricity):
    households, _ = survey
    profile = group_profile(electricity.tree, electricity.data, households)
    assert list(profile.columns) == ["path", "share", "rate", "n", *HOUSEHOLD_PROFILE]
    leaves = profile.drop(index=0)
    for label in HOUSEHOLD_PROFILE:
        assert np.average(leaves[label], weights=leaves["share"]) == pytest.approx(
            profile.loc[0, label]
        )
    shares = profile.drop(columns=["path", "share", "rate", "n", "household size", "head's age"])
    assert ((shares >= 0) & (shares <= 1)).all().all()
    behind = electricity.tree.furthest_behind.name
    assert profile.loc[behind, "consumption-poor"] > profile.loc[0, "consumption-poor"]


def test_profile_errors_name_the_problem():
    households, data = small_survey()
    tree = lnob_tree(data, "water", ["urban"], design=weighted(data))
    with pytest.raises(
        ValueError, match=r"level\(s\) \['level 3'\] do not occur in column 'idpoor'"
    ):
        group_profile(tree, data, households, {"IDPoor": ("idpoor", ["level 3"])})
    with pytest.raises(
        TypeError, match=r"give the levels to count, e.g. \('region', \['North'\]\)"
    ):
        group_profile(tree, data, households, {"region": "region"})
    with pytest.raises(TypeError, match="as a list"):
        group_profile(tree, data, households, {"IDPoor": ("idpoor", "level 1")})
    with pytest.raises(KeyError, match="no column 'head_age'"):
        group_profile(tree, data, households, {"age": "head_age"})
    with pytest.raises(KeyError, match="not in households"):
        group_profile(tree, data.assign(hh_id=data["hh_id"] + 1), households, {"size": "hh_size"})
    with pytest.raises(KeyError, match="lacks"):
        group_profile(tree, data.drop(columns="weight"), households, {"size": "hh_size"})
    gappy = households.assign(
        hh_size=households["hh_size"].astype("Float64").mask(households["hh_id"] == 5)
    )
    with pytest.raises(ValueError, match=r"missing values .*'size': 1"):
        group_profile(tree, data, gappy, {"size": "hh_size"})
    relabelled = data.assign(urban=data["urban"].map({True: "yes", False: "no"}))
    other_tree = lnob_tree(relabelled, "water", ["urban"], design=weighted(relabelled))
    with pytest.raises(ValueError, match="fall in no leaf"):
        group_profile(other_tree, data, households, {"size": "hh_size"})


# --- leaves compared across rounds -----------------------------------------------------------


def test_the_same_data_shows_no_change():
    households, data = small_survey()
    tree = lnob_tree(data, "water", ["urban"], design=weighted(data))
    same = compare_leaves(tree, data)
    np.testing.assert_allclose(same["share_other"], same["share"])
    np.testing.assert_allclose(same["change"], 0.0)
    assert same["n_other"].sum() == len(data) and same.attrs["unmatched"] == 0


def test_rates_of_the_same_groups_in_a_later_round():
    households, data = small_survey()
    tree = lnob_tree(data, "water", ["urban"], design=weighted(data))
    later = data.assign(water=1, weight=1.0)
    later.loc[later.index[:20], "urban"] = True  # more urban households: shares change too
    result = compare_leaves(tree, later).set_index("path")
    assert result.loc["urban: False", "rate_other"] == 1.0
    assert result.loc["urban: False", "change"] == pytest.approx(
        1 - tree.leaves.set_index("path").loc["urban: False", "rate"]
    )
    assert result.loc["urban: True", "share_other"] == pytest.approx(110 / 200)
    assert result["n_other"].tolist() == [90, 110]


def test_unmatched_rows_are_counted_and_empty_groups_have_no_rate():
    households, data = small_survey()
    tree = lnob_tree(data, "water", ["urban"], design=weighted(data))
    later = data.assign(urban=pd.Series([True, None] * 100, dtype="object").fillna("unknown"))
    with pytest.warns(LNOBWarning, match="100 of 200 rows fall in no group"):
        result = compare_leaves(tree, later)
    assert result.attrs["unmatched"] == 100
    assert result["share_other"].sum() == pytest.approx(
        100 / 300
    )  # urban rows weigh 1, the others 1 or 3
    assert np.isnan(result.set_index("path").loc["urban: False", "rate_other"])
    assert result.set_index("path").loc["urban: False", "n_other"] == 0


def test_bad_later_data_fails_like_the_methods():
    households, data = small_survey()
    tree = lnob_tree(data, "water", ["urban"], design=weighted(data))
    with pytest.raises(ValueError, match="water"):
        compare_leaves(tree, data.assign(water=data["water"] * 2))
    with pytest.raises(KeyError):
        compare_leaves(tree, data.drop(columns="urban"))
