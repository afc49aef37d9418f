"""Tests of sptools.calibration: the calibration table's structure, computations, sensitivity and
errors.

The computations are checked on small generated surveys against direct formulas; the sensitivity
tests change the data and check that the row moves out of its tolerance (the report can fail).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sptools.calibration import (
    COLUMNS,
    TOPICS,
    UNITS,
    Measure,
    accepted_range,
    assumption,
    calibration_display,
    calibration_table,
    education_nutrition_rows,
    format_value,
    living_standard_rows,
    mpi_rows,
    mpi_weights,
    opportunity_rate,
    population_rows,
    poverty_rows,
    programme_rows,
    row,
    survey_round,
    weighted_share,
)
from sptools.design import Design
from sptools.mpi import alkire_foster
from sptools.synth import generate
from sptools.synth.targets import ASSUMPTIONS


@pytest.fixture(scope="module")
def small():
    return {year: generate(3_000, seed=11, round=year) for year in (2014, 2022)}


@pytest.fixture(scope="module")
def table(small):
    return calibration_table(small)


@pytest.fixture(scope="module")
def round_2022(small):
    return survey_round(2022, *small[2022])


def rows_by_key(rows: list[dict]) -> dict[str, dict]:
    return {r["key"]: r for r in rows}


# --- structure ------------------------------------------------------------------------------------


def test_columns_keys_units_and_topics(table):
    assert list(table.columns) == list(COLUMNS)
    assert not table.duplicated(["key", "round"]).any()
    assert set(table["unit"]) <= set(UNITS)
    assert list(dict.fromkeys(table["topic"])) == list(TOPICS)  # every topic, in reporting order
    assert set(table["round"]) == {"2014", "2022", "2014-2022"}
    assert str(table["n"].dtype) == "Int64" and str(table["excluded"].dtype) == "Int64"


def test_within_tolerance_is_the_accepted_range(table):
    inside = (table["lower"] <= table["achieved"]) & (table["achieved"] <= table["upper"])
    pd.testing.assert_series_equal(table["within_tolerance"], inside, check_names=False)
    symmetric = table["tolerance"].notna()
    np.testing.assert_allclose(
        table.loc[symmetric, "lower"],
        table.loc[symmetric, "target"] - table.loc[symmetric, "tolerance"],
    )
    np.testing.assert_allclose(
        table.loc[symmetric, "upper"],
        table.loc[symmetric, "target"] + table.loc[symmetric, "tolerance"],
    )
    assert (table["lower"] < table["upper"]).all()
    assert table["achieved"].notna().all()


def test_every_row_has_a_source_and_assumptions_are_stated(table):
    assert (table["source"].str.len() > 10).all()
    named = table["source"].str.extract(r"Calibration assumption '(\w+)'")[0].dropna()
    assert set(named) <= set(ASSUMPTIONS)
    assert len(set(named)) >= 10


def test_both_rounds_get_the_same_figures_except_the_2014_lnob_ones(table):
    keys = {year: set(table.loc[table["round"] == year, "key"]) for year in ("2014", "2022")}
    contrasts = set(table.loc[table["topic"] == "LNOB 2014: furthest behind and ahead", "key"])
    only_2014 = {"secondary_completion_20_35", "higher_education_25_35", "mpi_headcount_phnom_penh"}
    assert keys["2014"] - keys["2022"] == only_2014 | contrasts
    assert keys["2022"] <= keys["2014"]


# --- computations against direct formulas ---------------------------------------------------------


def test_population_figures_match_direct_formulas(small, table):
    households, persons = small[2022]
    got = table.set_index(["key", "round"])["achieved"]
    people = households["weight"] * households["hh_size"]
    assert got[("urban_share", "2022")] == pytest.approx(
        (people * households["urban"]).sum() / people.sum()
    )
    assert got[("household_size", "2022")] == pytest.approx(
        np.average(households["hh_size"], weights=households["weight"])
    )
    assert got[("share_60_plus", "2022")] == pytest.approx(
        persons.loc[persons["age"] >= 60, "weight"].sum() / persons["weight"].sum()
    )
    assert got[("households", "2022")] == pytest.approx(households["weight"].sum())


def test_poverty_and_programmes_match_the_survey_columns(small, table):
    households, _ = small[2022]
    got = table.set_index(["key", "round"])["achieved"]
    people = households["weight"] * households["hh_size"]
    assert got[("poverty_headcount", "2022")] == pytest.approx(
        np.average(households["poor"], weights=people)
    )
    rural = ~households["urban"] & households["province"].ne("Phnom Penh")
    assert got[("poverty_rural", "2022")] == pytest.approx(
        np.average(households["poor"][rural], weights=people[rural])
    )
    registered = households["idpoor"].ne("none")
    assert got[("idpoor_households", "2022")] == pytest.approx(
        households.loc[registered, "weight"].sum()
    )
    poor = households["poor"]
    assert got[("poor_not_idpoor", "2022")] == pytest.approx(
        households.loc[poor & ~registered, "weight"].sum() / households.loc[poor, "weight"].sum()
    )


def test_mpi_rows_match_alkire_foster(round_2022):
    deprivations = round_2022.deprivations
    design = Design(deprivations, weight="weight", strata="stratum", psu="psu")
    result = alkire_foster(deprivations, mpi_weights(), Fraction(1, 3), design=design)
    got = rows_by_key(mpi_rows(round_2022))
    assert got["mpi"]["achieved"] == pytest.approx(result.M0)
    assert got["mpi_headcount"]["achieved"] == pytest.approx(result.H)
    assert got["mpi_intensity"]["achieved"] == pytest.approx(result.A)
    assert got["mpi"]["n"] + got["mpi"]["excluded"] == len(round_2022.persons)


def test_lnob_group_rate_matches_a_direct_formula(small):
    households, persons = small[2014]
    survey = survey_round(2014, households, persons)
    group = households["wealth_quintile"].le(2) & ~households["urban"]
    flag = households["cooking_fuel"].isin(["electricity", "lpg", "biogas"])
    cooks = households["cooking_fuel"].ne("no_cooking")
    expected = np.average(flag[group & cooks], weights=households["weight"][group & cooks])
    got = opportunity_rate("clean_fuel", survey, {"wealth": "Bottom 40", "residence": "Rural"})
    assert got.value == pytest.approx(expected)
    assert got.n == int((group & cooks).sum())


def test_unmeasured_children_are_counted_as_excluded(small):
    households, persons = small[2022]
    children = persons.index[persons["age"].lt(5) & persons["haz"].notna()][:25]
    fewer = persons.copy()
    fewer.loc[children, ["haz", "waz"]] = np.nan
    rows = rows_by_key(education_nutrition_rows(survey_round(2022, households, fewer)))
    base = rows_by_key(education_nutrition_rows(survey_round(2022, households, persons)))
    assert rows["stunting"]["excluded"] == base["stunting"]["excluded"] + 25
    assert rows["underweight"]["excluded"] == base["underweight"]["excluded"] + 25
    assert rows["stunting"]["n"] == base["stunting"]["n"] - 25


# --- the report can fail --------------------------------------------------------------------------


def test_halving_consumption_moves_poverty_out_of_tolerance(small):
    households, persons = small[2022]
    poorer = households.assign(consumption_pc=households["consumption_pc"] // 2)
    got = rows_by_key(poverty_rows(survey_round(2022, poorer, persons)))
    assert got["poverty_headcount"]["achieved"] > 0.5
    assert not got["poverty_headcount"]["within_tolerance"]


def test_moving_weight_between_provinces_shows_in_the_province_row(small, round_2022):
    households, persons = small[2022]
    assert rows_by_key(population_rows(round_2022))["population_by_province"]["within_tolerance"]
    heavier = households.copy()
    in_kep = heavier["province"].eq("Kep")
    heavier.loc[in_kep, "weight"] = heavier.loc[in_kep, "weight"] * 2
    got = rows_by_key(population_rows(survey_round(2022, heavier, persons)))
    assert got["population_by_province"]["achieved"] == pytest.approx(1.0, rel=0.01)  # Kep doubled
    assert not got["population_by_province"]["within_tolerance"]
    assert not got["households"]["within_tolerance"]


def test_losing_electricity_and_idpoor_registrations_fails_their_rows(small):
    households, persons = small[2022]
    worse = households.assign(
        electricity=False, idpoor=households["idpoor"].where(households["poor"], "none")
    )
    survey = survey_round(2022, worse, persons)
    access = rows_by_key(living_standard_rows(survey))
    assert (
        access["electricity"]["achieved"] == 0.0 and not access["electricity"]["within_tolerance"]
    )
    programmes = rows_by_key(programme_rows(survey))
    assert programmes["idpoor_poor"]["achieved"] == 1.0  # no inclusion error left: outside 45-80%
    assert not programmes["idpoor_poor"]["within_tolerance"]


# --- errors ---------------------------------------------------------------------------------------


def test_a_missing_round_is_named(small):
    with pytest.raises(KeyError, match=r"no round \[2014\]"):
        calibration_table({2022: small[2022]})


def test_unknown_assumption_unit_or_check_is_refused():
    with pytest.raises(KeyError, match="no calibration assumption 'poverty_2030'"):
        assumption("poverty_2030")
    with pytest.raises(ValueError, match="unit 'percent'"):
        row("T", "k", "F", 2022, "S", "percent", Measure(0.5), target=0.5, tolerance=0.1)
    with pytest.raises(ValueError, match="give a target and a tolerance"):
        row("T", "k", "F", 2022, "S", "share", Measure(0.5), target=0.5)
    with pytest.raises(ValueError, match="not both"):
        row("T", "k", "F", 2022, "S", "share", Measure(0.5), target=0.5, tolerance=0.1, lower=0.3)
    with pytest.raises(ValueError, match="unit 'percent'"):
        format_value(0.5, "percent")


def test_missing_values_and_empty_groups_are_refused():
    flag = pd.Series([True, None, False], dtype="boolean", name="electricity")
    with pytest.raises(ValueError, match="'electricity' has 1 missing"):
        weighted_share(flag, pd.Series([1.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match="the group is empty"):
        weighted_share(
            flag.fillna(False), pd.Series([1.0, 1.0, 1.0]), pd.Series([False, False, False])
        )


def test_unknown_group_level_is_named(round_2022):
    with pytest.raises(ValueError, match="'wealth' has no level 'Bottom 20'"):
        opportunity_rate("electricity", round_2022, {"wealth": "Bottom 20"})


def test_display_needs_the_report_columns(table):
    with pytest.raises(KeyError, match="lacks the columns"):
        calibration_display(table.drop(columns=["unit"]))


# --- reading the table ----------------------------------------------------------------------------


def test_display_writes_each_row_in_its_unit(table):
    shown = calibration_display(table)
    assert list(shown.columns) == [
        "Topic",
        "Figure",
        "Round",
        "Target",
        "Achieved",
        "Accepted",
        "Within",
        "Source",
    ]
    assert len(shown) == len(table)
    assert (shown["Within"] == np.where(table["within_tolerance"], "yes", "NO")).all()
    by_key = shown.set_index([table["key"], table["round"]])
    assert by_key.loc[("mpi", "2022"), "Accepted"] == "± 0.005"
    assert by_key.loc[("idpoor_poor", "2022"), "Accepted"] == "45.0% to 80.0%"
    assert by_key.loc[("fall_d_elct", "2014-2022"), "Accepted"] == "at least +21.0 points"
    assert by_key.loc[("electricity_bottom40", "2014"), "Target"] == ""


def test_accepted_range_wording():
    assert accepted_range(-math.inf, 0.02, math.nan, "share") == "at most 2.0%"
    assert accepted_range(686_000, 714_000, 14_000, "count") == "± 14,000"
    assert accepted_range(-1e-6, 1e-6, 1e-6, "relative") == "± 1.0e-06"


@given(target=st.floats(0, 1), tolerance=st.floats(1e-6, 0.5), achieved=st.floats(-1, 2))
def test_row_within_tolerance_is_the_distance_rule(target, tolerance, achieved):
    made = row(
        "T", "k", "F", 2022, "S", "share", Measure(achieved), target=target, tolerance=tolerance
    )
    assert made["within_tolerance"] == (target - tolerance <= achieved <= target + tolerance)
    assert made["round"] == "2022"


@given(value=st.floats(0.001, 1))
def test_share_format_reads_back(value):
    assert float(format_value(value, "share").rstrip("%")) / 100 == pytest.approx(value, abs=0.0005)
