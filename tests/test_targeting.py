"""sptools.targeting: overlaps add up, errors match hand counts, bad input is refused clearly."""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sptools.targeting
from sptools.design import Design
from sptools.results import Result
from sptools.targeting import overlap, profile, targeting_errors


def iid(weight) -> Design:
    """A design of independent rows with the given weights (index 0 .. n - 1)."""
    return Design(pd.DataFrame({"w": np.asarray(weight, dtype=float)}), "w", None, None)


def test_doctests_pass():
    result = doctest.testmod(sptools.targeting, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 3 and result.failed == 0


# Ten people: target = MPI-poor, selected = IDPoor, with weights.
TARGET = [True, True, True, True, False, False, False, False, False, False]
SELECTED = [True, True, False, False, True, False, False, False, False, False]
WEIGHT = [1.0, 2.0, 1.0, 1.0, 3.0, 1.0, 1.0, 1.0, 1.0, 0.0]


def test_targeting_errors_by_hand():
    # target 5 (1+2+1+1); selected 6 (1+2+3); both 3; non-target 7 (3+1+1+1+1+0); total 12.
    errors = targeting_errors(pd.Series(TARGET), pd.Series(SELECTED), design=iid(WEIGHT))
    assert isinstance(errors, Result)
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
    table = overlap(flags, design=iid(WEIGHT)).set_index(["mpi", "idpoor"])
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
    table = overlap(flags, design=iid(weight))
    assert table["share"].sum() == pytest.approx(1)
    assert table["n"].sum() == len(flags)
    for name in flags.columns:
        margin = table.loc[table[name], "share"].sum()
        assert margin == pytest.approx(np.average(flags[name], weights=weight))
    rescaled = overlap(flags, design=iid(np.asarray(weight) * 7.5))
    np.testing.assert_allclose(rescaled["share"], table["share"])


@settings(max_examples=60, deadline=None)
@given(flag_frames)
def test_errors_are_rates_consistent_with_the_overlap(case):
    columns, weight = case
    target, selected = columns[0], columns[-1]
    errors = targeting_errors(pd.Series(target), pd.Series(selected), design=iid(weight))
    for name in ("coverage", "exclusion_error", "inclusion_error", "non_target_selected"):
        assert np.isnan(errors[name]) or 0 <= errors[name] <= 1 + 1e-12
    if not np.isnan(errors["coverage"]):
        assert errors["coverage"] + errors["exclusion_error"] == pytest.approx(1)
    table = overlap(pd.DataFrame({"t": target, "s": selected}), design=iid(weight))
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
        design=Design(data, "w", None, None),
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
        (lambda: overlap(pd.DataFrame({"a": [True, False]}), [1.0, -1.0]), ValueError, ">= 0"),
        (lambda: overlap(pd.DataFrame({"a": [True, False]}), [1.0, np.nan]), ValueError, "missing"),
        (
            lambda: overlap(pd.DataFrame({"a": [True, False]}), [1.0]),
            ValueError,
            "1 values for 2 rows",
        ),
        (
            lambda: overlap(pd.DataFrame({"a": [True, False]}), [1.0, 1.0], design=iid([1, 1])),
            TypeError,
            "not both",
        ),
        (lambda: overlap(pd.DataFrame()), TypeError, "at least one"),
        (lambda: targeting_errors([True, False], [True]), ValueError, "1 values for 2 rows"),
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(error, match=message):
            call()


# --- rows are matched on the index (each of these failed on the position-matching code) ---------


def test_targeting_errors_aligns_selected_on_the_index():
    target = pd.Series([True, False, True, False, True])
    # the same flags in another row order: coverage was 0.333 when matched by position
    errors = targeting_errors(target, target.sort_values())
    assert errors["coverage"] == 1.0
    assert errors["inclusion_error"] == 0.0


def test_overlap_aligns_a_weight_series_on_the_index():
    flags = pd.DataFrame({"poor": [True, False, False]}, index=["a", "b", "c"])
    weight = pd.Series({"c": 0.0, "b": 0.0, "a": 1.0})  # only "a" (poor) weighs anything
    with pytest.warns(DeprecationWarning, match="design="):
        table = overlap(flags, weight).set_index("poor")
    assert table.loc[True, "share"] == 1.0


def test_profile_aligns_group_masks_on_the_index():
    data = pd.DataFrame({"age": [10.0, 20.0, 30.0, 40.0]}, index=[3, 1, 2, 0])
    old = pd.Series([True, False, False, False], index=[0, 1, 2, 3])  # the person aged 40
    table = profile(data, {"oldest": old}, ["age"])
    assert table.loc["oldest", "age"] == 40.0
    assert table.loc["oldest", "n"] == 1


def test_targeting_errors_aligns_a_weight_series_on_the_index():
    target = pd.Series([True, True, False], index=["x", "y", "z"])
    selected = pd.Series([True, False, False], index=["x", "y", "z"])
    weight = pd.Series({"z": 1.0, "y": 3.0, "x": 1.0})
    with pytest.warns(DeprecationWarning):
        errors = targeting_errors(target, selected, weight)
    assert isinstance(errors, Result)  # one return type, with or without the deprecated weight
    assert errors["coverage"] == pytest.approx(1 / 4)


@pytest.mark.parametrize(
    "call",
    [
        lambda s: targeting_errors(s, s.set_axis([9, 8, 7])),
        lambda s: overlap(s.to_frame("f"), s.set_axis([9, 8, 7]).astype(float)),
        lambda s: profile(s.to_frame("f").astype(float), {"g": s.set_axis([9, 8, 7])}, ["f"]),
    ],
)
def test_series_with_other_index_labels_are_refused(call):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(ValueError, match="index labels differ"):
            call(pd.Series([True, False, True]))


def test_rows_unknown_to_the_design_are_refused():
    design = iid([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="not in the design"):
        targeting_errors(pd.Series([True], index=[5]), pd.Series([True], index=[5]), design=design)


# --- standard errors: domain ratios of the full design -------------------------------------------


def clustered_people(seed: int = 0) -> tuple[pd.DataFrame, Design]:
    rng = np.random.default_rng(seed)
    n, n_psu = 600, 40
    psu = np.sort(rng.integers(0, n_psu, n))
    poor = rng.random(n) < 0.2 + 0.4 * (psu % 3 == 0)
    people = pd.DataFrame(
        {
            "mpi_poor": poor,
            "in_idpoor": np.where(poor, rng.random(n) < 0.6, rng.random(n) < 0.1),
            "age": rng.integers(0, 90, n).astype(float),
            "weight": rng.uniform(100, 400, n_psu)[psu],
            "stratum": psu // 10,
            "psu": psu,
        },
        index=pd.Index(rng.permutation(n), name="person"),
    )
    return people, Design(people)


def test_targeting_rates_are_domain_means_of_the_full_design():
    people, design = clustered_people()
    errors = targeting_errors(people["mpi_poor"], people["in_idpoor"], design=design)
    by_target = design.mean(people["in_idpoor"].astype(float), by="mpi_poor")
    by_selection = design.mean(people["mpi_poor"].astype(float), by="in_idpoor")
    assert errors["coverage"] == pytest.approx(by_target[True])
    assert errors.se["coverage"] == pytest.approx(by_target.se[True])
    assert errors.se["exclusion_error"] == pytest.approx(by_target.se[True])
    assert errors["inclusion_error"] == pytest.approx(1 - by_selection[True])
    assert errors.se["inclusion_error"] == pytest.approx(by_selection.se[True])
    assert errors["non_target_selected"] == pytest.approx(by_target[False])
    assert errors.se["non_target_selected"] == pytest.approx(by_target.se[False])
    assert errors.degrees_of_freedom == design.df
    shuffled = targeting_errors(
        people["mpi_poor"].sample(frac=1, random_state=2), people["in_idpoor"], design=design
    )
    assert shuffled.se == pytest.approx(errors.se)


def test_overlap_and_profile_ses_are_those_of_domain_means():
    people, design = clustered_people(1)
    table = overlap(people[["mpi_poor", "in_idpoor"]], design=design).set_index(
        ["mpi_poor", "in_idpoor"]
    )
    both = (people["mpi_poor"] & people["in_idpoor"]).astype(float).rename("both")
    expected = design.mean(both)
    assert table.loc[(True, True), "share"] == pytest.approx(expected["both"])
    assert table.loc[(True, True), "share_se"] == pytest.approx(expected.se["both"])
    missed = people["mpi_poor"] & ~people["in_idpoor"]
    profiles = profile(people, {"missed": missed}, ["age"], design=design)
    by_group = design.mean("age", by=missed.rename("missed"))
    assert profiles.loc["missed", "age"] == pytest.approx(by_group[True])
    assert profiles.loc["missed", "age_se"] == pytest.approx(by_group.se[True])
    share = design.mean(missed.astype(float).rename("missed"))
    assert profiles.loc["missed", "population_share_se"] == pytest.approx(share.se["missed"])
    assert list(profiles.columns) == [
        "population_share",
        "population_share_se",
        "n",
        "age",
        "age_se",
    ]


def test_the_deprecated_weight_gives_the_same_estimates_as_a_design_of_independent_rows():
    flags = pd.DataFrame({"t": TARGET, "s": SELECTED})
    with pytest.warns(DeprecationWarning):
        old = targeting_errors(flags["t"], flags["s"], WEIGHT)
    new = targeting_errors(flags["t"], flags["s"], design=iid(WEIGHT))
    assert old.estimates == pytest.approx(new.estimates)
    assert old.se == pytest.approx(new.se)
    with pytest.warns(DeprecationWarning):
        old_profile = profile(flags.assign(w=WEIGHT), {"t": flags["t"]}, ["s"], weight="w")
    assert old_profile.loc["t", "s"] == pytest.approx(3 / 5)
