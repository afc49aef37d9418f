"""Calibration of the shipped synthetic survey (loaded through the loaders) to the published
figures.

Every figure is a row of :func:`sptools.calibration.calibration_table` (the table the book shows).
Each test checks three things of its rows, so that neither the data nor the report can drift:
the target is the published figure (read here from the facts, not from the report), the accepted
range is the contract's (never looser), and the achieved value lies in it.

Tolerances: headline rates within 1.5 percentage points, MPI within 0.005 (the issue's contract);
trends and LNOB contrasts as stated next to each test.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sptools.calibration import calibration_table
from sptools.datasets import cambodia_facts
from sptools.indicators import INDICATORS
from sptools.synth.targets import round_targets

FACTS = cambodia_facts()
RATE = 0.015  # headline rates: 1.5 percentage points
MPI_TOLERANCE = 0.005
EXACT = 1e-6  # totals the weights reproduce by construction (relative)
ROUNDS = (2014, 2022)

#: Rows known to miss their target, with the reason. The test below fails when a row joins or
#: leaves.
#: (key, round) -> why a figure is knowingly outside its tolerance. Empty: every figure is within.
KNOWN_MISSES: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return calibration_table().set_index(["key", "round"])


def figure(table: pd.DataFrame, key: str, round: int | str) -> pd.Series:
    return table.loc[(key, str(round))]


def assert_near(row: pd.Series, target: float, tolerance: float) -> None:
    """Target as published, tolerance as contracted, achieved value within it."""
    assert row["target"] == pytest.approx(target, rel=1e-12), row["figure"]
    assert row["tolerance"] == pytest.approx(tolerance, rel=1e-12), (
        f"{row['figure']}: tolerance changed"
    )
    assert row["achieved"] == pytest.approx(target, abs=tolerance), row["figure"]
    assert row["within_tolerance"], row["figure"]


def assert_above(row: pd.Series, bound: float) -> None:
    assert row["lower"] == bound and row["upper"] == math.inf, f"{row['figure']}: bound changed"
    assert row["achieved"] > bound, row["figure"]
    assert row["within_tolerance"], row["figure"]


def assert_below(row: pd.Series, bound: float) -> None:
    assert row["upper"] == bound and row["lower"] == -math.inf, f"{row['figure']}: bound changed"
    assert row["achieved"] < bound, row["figure"]
    assert row["within_tolerance"], row["figure"]


def assert_between(row: pd.Series, low: float, high: float) -> None:
    assert (row["lower"], row["upper"]) == (low, high), f"{row['figure']}: bounds changed"
    assert low < row["achieved"] < high, row["figure"]
    assert row["within_tolerance"], row["figure"]


# --- the table as a whole -------------------------------------------------------------------------


def test_every_figure_is_within_tolerance_except_the_known_misses(table):
    misses = set(table.index[~table["within_tolerance"]])
    assert misses == set(KNOWN_MISSES), (
        f"rows outside their tolerance: {sorted(misses)}; known: {sorted(KNOWN_MISSES)} "
        "(fix the generator, or update KNOWN_MISSES when a known miss is fixed)"
    )


# --- population -----------------------------------------------------------------------------------


@pytest.mark.parametrize("year", ROUNDS)
def test_population_by_province_and_households(table, year):
    targets = round_targets(year)
    by_province = figure(table, "population_by_province", year)  # max |people / census share - 1|
    assert_near(by_province, 0.0, EXACT)
    assert_near(figure(table, "population", year), targets.population, EXACT * targets.population)
    assert_near(figure(table, "households", year), targets.households, EXACT * targets.households)


def test_urban_share_and_household_size(table):
    census = FACTS["population"]["census_2019"]
    for year in ROUNDS:
        assert_near(figure(table, "urban_share", year), census["urban_share"], RATE)
    assert_near(figure(table, "household_size", 2022), census["mean_household_size"], 0.02)
    assert_above(figure(table, "household_size_fall", "2014-2022"), 0.1)


@pytest.mark.parametrize("year", ROUNDS)
def test_age_structure_and_sex_ratio(table, year):
    targets = round_targets(year)
    assert_near(figure(table, "share_0_14", year), targets.share_0_14, RATE)
    assert_near(figure(table, "share_60_plus", year), targets.share_60_plus, RATE)
    census = FACTS["population"]["census_2019"]
    assert_near(figure(table, "male_share", year), census["male"] / census["total"], 0.01)


# --- consumption poverty and inequality -----------------------------------------------------------


def test_poverty_headcount_and_zones_2022(table):
    poverty = FACTS["poverty"]
    assert_near(figure(table, "poverty_headcount", 2022), poverty["headcount_2019_20"], RATE)
    zones = poverty["headcount_by_zone_2019_20"]
    assert_near(figure(table, "poverty_phnom_penh", 2022), zones["Phnom Penh"], RATE)
    assert_near(figure(table, "poverty_other_urban", 2022), zones["other urban"], RATE)
    assert_near(figure(table, "poverty_rural", 2022), zones["rural"], RATE)


def test_poverty_2014_follows_the_trend(table):
    assert_near(figure(table, "poverty_headcount", 2014), 0.262, RATE)


@pytest.mark.parametrize("year", ROUNDS)
def test_consumption_gini_near_030(table, year):
    assert_near(figure(table, "gini", year), FACTS["poverty"]["consumption_gini_2014"], 0.02)


# --- programmes -----------------------------------------------------------------------------------


def test_idpoor_and_health_equity_fund_2022(table):
    assert_near(figure(table, "idpoor_households", 2022), 700_000, 0.02 * 700_000)
    assert_near(figure(table, "hef_share", 2022), 0.16, RATE)
    assert_between(
        figure(table, "idpoor_poor", 2022), 0.45, 0.8
    )  # IDPoor targets the poor, with inclusion errors
    assert_between(figure(table, "poor_not_idpoor", 2022), 0.2, 0.6)  # and exclusion errors


# --- global MPI (sptools.indicators + sptools.mpi) ------------------------------------------------


def test_global_mpi_2022(table):
    published = FACTS["multidimensional_poverty"]["cdhs_2021_22"]
    assert_near(figure(table, "mpi", 2022), published["MPI"], MPI_TOLERANCE)
    assert_near(figure(table, "mpi_headcount", 2022), published["H"], RATE)
    assert_near(figure(table, "mpi_intensity", 2022), published["A"], RATE)


def test_global_mpi_2014(table):
    published = FACTS["multidimensional_poverty"]["cdhs_2014_harmonised"]
    assert_near(figure(table, "mpi", 2014), published["MPI"], MPI_TOLERANCE)
    assert_near(figure(table, "mpi_headcount", 2014), published["H"], RATE)


def test_mpi_trends_between_rounds(table):
    # uncensored headcounts: electricity, sanitation, cooking fuel improve by more than 21 points;
    # nutrition by 11.6 and years of schooling by 11 (tolerance 2 points for these two trends)
    span = "2014-2022"
    for indicator in ("d_elct", "d_sani", "d_ckfl"):
        assert_above(figure(table, f"fall_{indicator}", span), 0.21)
    assert_near(figure(table, "fall_d_nutr", span), 0.116, 0.02)
    assert_near(figure(table, "fall_d_educ", span), 0.11, 0.02)
    falls = table.xs(span, level="round").filter(like="fall_d_", axis=0)
    assert {key.removeprefix("fall_") for key in falls.index} == set(INDICATORS) - {"d_cm"}
    assert (falls["achieved"] > 0).all()


def test_complete_cases_are_retained(table):
    for year in ROUNDS:  # some missing data, high retention
        assert_between(figure(table, "mpi_complete_cases", year), 0.95, 1.0)


def test_regional_mpi_contrasts(table):
    contrast = FACTS["multidimensional_poverty"]["regional_contrast"]
    for year, key in ((2014, "H_2014"), (2022, "H_2021_22")):
        assert_near(
            figure(table, "mpi_headcount_preah_vihear_stung_treng", year),
            contrast["Preah Vihear & Stung Treng"][key],
            0.10,
        )
    assert_near(
        figure(table, "mpi_headcount_phnom_penh", 2014), contrast["Phnom Penh"]["H_2014"], 0.03
    )


# --- LNOB 2014 access rates -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "indicator", ["electricity", "basic_water", "clean_fuel", "basic_sanitation"]
)
def test_lnob_household_access_2014(table, indicator):
    assert_near(
        figure(table, indicator, 2014), FACTS["lnob_access_cdhs_2014"][indicator]["national"], RATE
    )


def test_lnob_education_and_stunting_2014(table):
    lnob = FACTS["lnob_access_cdhs_2014"]
    assert_near(
        figure(table, "secondary_completion_20_35", 2014),
        lnob["secondary_completion_20_35"]["national"],
        RATE,
    )
    assert_near(
        figure(table, "higher_education_25_35", 2014),
        lnob["higher_education_25_35"]["national"],
        RATE,
    )
    assert_near(figure(table, "stunting", 2014), lnob["stunting_barrier"]["national"], RATE)


def test_lnob_contrasts_2014(table):
    lnob = FACTS["lnob_access_cdhs_2014"]["stunting_barrier"]
    assert_above(figure(table, "electricity_top60_urban", 2014), 0.85)
    assert_below(figure(table, "electricity_bottom40", 2014), 0.35)
    assert_below(figure(table, "clean_fuel_rural_bottom40", 2014), 0.02)
    assert_above(figure(table, "basic_sanitation_top60_urban", 2014), 0.75)
    assert_below(figure(table, "basic_water_bottom40", 2014), 0.55)
    assert_near(figure(table, "stunting_bottom40", 2014), lnob["highest"][2], 0.06)
    assert_near(figure(table, "stunting_top60_urban", 2014), lnob["lowest"][2], 0.06)
    assert_below(figure(table, "secondary_completion_rural_bottom40_female", 2014), 0.06)
