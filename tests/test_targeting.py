"""sptools.targeting: overlaps add up, errors match hand counts, bad input is refused clearly."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sptools.targeting
from sptools.targeting import overlap, profile, targeting_errors


def test_doctests_pass():
    result = doctest.testmod(sptools.targeting, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3 and result.failed == 0


# Ten people: target = MPI-poor, selected = IDPoor, with weights.
TARGET = [True, True, True, True, False, False, False, False, False, False]
SELECTED = [True, True, False, False, True, False, False, False, False, False]
WEIGHT = [1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0, 0.0]


def test_targeting_errors_by_hand():
    # target 5 (1+2+1+1); selected 6 (1+2+3); both 3; non-target 7 (3+1+1+1+1+0); total 12.
    errors = targeting_errors(pd.Series(TARGET), pd.Series(SELECTED), WEIGHT)
    assert errors["target_share"] == pytest.approx(5 / 12)
    assert errors["selected_share"] == pytest.approx(6 / 12)
    assert errors["coverage"] == pytest.approx(3 / 5)
    assert errors["exclusion_error"] == pytest.approx(2 / 5)
    assert errors["inclusion_error"] == pytest.approx(3 / 6)
    assert errors["non_target_selected"] == pytest.approx(3 / 7)


def test_perfect_targeting_has_no_errors_and_empty_selection_is_nan():
    flags = pd.Series([True, False, True])
    perfect = targeting_errors(flags, flags)
    assert perfect["exclusion_error"] == 0 and perfect["inclusion_error"] == 0
    nobody = targeting_errors(flags, pd.Series([False, False, False]))
    assert nobody["exclusion_error"] == 1 and np.isnan(nobody["inclusion_error"])


def test_overlap_by_hand():
    flags = pd.DataFrame({"mpi": TARGET, "idpoor": SELECTED})
    table = overlap(flags, WEIGHT).set_index(["mpi", "idpoor"])
    assert table.loc[(True, True), "population"] == 3
    assert table.loc[(True, False), "population"] == 2
    assert table.loc[(False, True), "population"] == 3
    assert table.loc[(False, False), "population"] == 4
    assert table.loc[(False, False), "n"] == 5  # the zero-weight row is counted but weighs nothing
    assert table["share"].sum() == pytest.approx(1)


def test_overlap_keeps_empty_combinations_in_a_fixed_order():
    table = overlap(pd.DataFrame({"a": [True, True], "b": [1, 1], "c": [False, False]}))
    assert len(table) == 8
    assert table.iloc[0][["a", "b", "c"]].tolist() == [True, True, True]
    assert table.iloc[-1][["a", "b", "c"]].tolist() == [False, False, False]
    assert table.loc[table["share"] > 0, ["a", "b", "c"]].values.tolist() == [[True, True, False]]


flag_frames = st.integers(1, 40).flatmap(
    lambda n: st.tuples(
        st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=1, max_size=4),
        st.lists(st.floats(0.1, 100), min_size=n, max_size=n),
    )
)


@settings(max_examples=60, deadline=None)
@given(flag_frames)
def test_overlap_margins_are_the_weighted_shares(case):
    columns, weight = case
    flags = pd.DataFrame({f"f{i}": column for i, column in enumerate(columns)})
    table = overlap(flags, weight)
    assert table["share"].sum() == pytest.approx(1)
    assert table["n"].sum() == len(flags)
    for name in flags.columns:
        margin = table.loc[table[name], "share"].sum()
        assert margin == pytest.approx(np.average(flags[name], weights=weight))
    rescaled = overlap(flags, np.asarray(weight) * 7.5)
    np.testing.assert_allclose(rescaled["share"], table["share"])


@settings(max_examples=60, deadline=None)
@given(flag_frames)
def test_errors_are_rates_consistent_with_the_overlap(case):
    columns, weight = case
    target, selected = columns[0], columns[-1]
    errors = targeting_errors(pd.Series(target), pd.Series(selected), weight)
    for name in ("coverage", "exclusion_error", "inclusion_error", "non_target_selected"):
        assert np.isnan(errors[name]) or 0 <= errors[name] <= 1 + 1e-12
    if not np.isnan(errors["coverage"]):
        assert errors["coverage"] + errors["exclusion_error"] == pytest.approx(1)
    table = overlap(pd.DataFrame({"t": target, "s": selected}), weight)
    both = table.loc[table["t"] & table["s"], "share"].sum()
    assert both == pytest.approx(errors["target_share"] * np.nan_to_num(errors["coverage"]))


def test_profile_weighted_means_by_hand():
    data = pd.DataFrame(
        {"age": [10, 20, 30, 40], "urban": [True, False, False, True], "w": [1.0, 1.0, 2.0, 4.0]}
    )
    table = profile(
        data,
        {"first two": [True, True, False, False], "nobody": [False] * 4},
        ["age", "urban"],
        "w",
    )
    assert table.loc["first two", "age"] == 15
    assert table.loc["first two", "urban"] == 0.5
    assert table.loc["first two", "population_share"] == 2 / 8
    assert table.loc["nobody", "n"] == 0 and np.isnan(table.loc["nobody", "age"])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: overlap(pd.DataFrame({"a": [True, None]})), ValueError, "'a' has 1 missing"),
        (lambda: overlap(pd.DataFrame({"a": ["yes", "no"]})), TypeError, "'a' must be True/False"),
        (lambda: overlap(pd.DataFrame({"a": [True, False]}), [1.0, -1.0]), ValueError, "negative"),
        (lambda: overlap(pd.DataFrame({"a": [True, False]}), [1.0, np.nan]), ValueError, "missing"),
        (
            lambda: overlap(pd.DataFrame({"a": [True, False]}), [1.0]),
            ValueError,
            "1 values for 2 rows",
        ),
        (lambda: overlap(pd.DataFrame()), TypeError, "at least one"),
        (lambda: targeting_errors([True, False], [True]), ValueError, "target has 2 rows"),
        (lambda: targeting_errors([True, 2], [True, False]), TypeError, "'target'"),
        (lambda: profile(pd.DataFrame({"a": [1]}), {"g": [True]}, ["b"]), KeyError, "'b'"),
        (lambda: profile(pd.DataFrame({"a": ["x"]}), {"g": [True]}, ["a"]), TypeError, "numeric"),
        (
            lambda: profile(pd.DataFrame({"a": [1.0, None]}), {"g": [True, True]}, ["a"]),
            ValueError,
            "missing",
        ),
        (lambda: profile(pd.DataFrame({"a": [1]}), {}, ["a"]), ValueError, "at least one group"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, error, message):
    with pytest.raises(error, match=message):
        call()
