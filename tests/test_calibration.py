"""Calibration of the shipped synthetic survey (loaded through the loaders) to the published figures.

Tolerances: headline rates within 1.5 percentage points, MPI within 0.005 (the issue's contract);
trends and LNOB contrasts as stated next to each test.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from sptools.datasets import cambodia_facts, load_households, load_persons, load_reference
from sptools.poverty import gini
from sptools.synth.targets import round_targets

FACTS = cambodia_facts()
RATE = 0.015  # headline rates: 1.5 percentage points
MPI_TOLERANCE = 0.005


@pytest.fixture(scope="module", params=[2014, 2022])
def survey(request):
    return request.param, load_households(request.param), load_persons(request.param)


@pytest.fixture(scope="module")
def data():
    return {year: (load_households(year), load_persons(year)) for year in (2014, 2022)}


def person_rate(households: pd.DataFrame, flag, mask=None) -> float:
    weight = households["weight"] * households["hh_size"]
    mask = np.ones(len(households), bool) if mask is None else np.asarray(mask)
    return float(np.sum(weight[mask] * np.asarray(flag)[mask]) / np.sum(weight[mask]))


def household_rate(households: pd.DataFrame, flag, mask=None) -> float:
    mask = np.ones(len(households), bool) if mask is None else np.asarray(mask)
    return float(np.average(np.asarray(flag)[mask], weights=households["weight"][mask]))


def individual_rate(persons: pd.DataFrame, flag, mask) -> float:
    return float(np.average(np.asarray(flag)[mask], weights=persons["weight"][mask]))


# --- population ------------------------------------------------------------------------------------

def test_population_by_province_and_households(survey):
    year, households, _ = survey
    targets = round_targets(year)
    provinces = load_reference("provinces").set_index("province")
    people = (households["weight"] * households["hh_size"]).groupby(households["province"], observed=True).sum()
    expected = provinces["population"] * targets.population / provinces["population"].sum()
    np.testing.assert_allclose(people.reindex(expected.index), expected, rtol=1e-6)
    assert households["weight"].sum() == pytest.approx(targets.households, rel=1e-6)


def test_urban_share_and_household_size(data):
    census = FACTS["population"]["census_2019"]
    for households, _ in data.values():
        assert person_rate(households, households["urban"]) == pytest.approx(census["urban_share"], abs=RATE)
    size = {year: np.average(h["hh_size"], weights=h["weight"]) for year, (h, _) in data.items()}
    assert size[2022] == pytest.approx(census["mean_household_size"], abs=0.02)
    assert size[2014] > size[2022] + 0.1


def test_age_structure_and_sex_ratio(survey):
    year, _, persons = survey
    targets = round_targets(year)
    everyone = np.ones(len(persons), bool)
    assert individual_rate(persons, persons["age"] < 15, everyone) == pytest.approx(targets.share_0_14, abs=RATE)
    assert individual_rate(persons, persons["age"] >= 60, everyone) == pytest.approx(targets.share_60_plus, abs=RATE)
    census = FACTS["population"]["census_2019"]
    assert individual_rate(persons, persons["sex"] == "male", everyone) == pytest.approx(
        census["male"] / census["total"], abs=0.01)


# --- consumption poverty and inequality ------------------------------------------------------------

def test_poverty_headcount_and_zones_2022(data):
    households, _ = data[2022]
    poverty = FACTS["poverty"]
    assert person_rate(households, households["poor"]) == pytest.approx(poverty["headcount_2019_20"], abs=RATE)
    phnom_penh = households["province"] == "Phnom Penh"
    zones = poverty["headcount_by_zone_2019_20"]
    assert person_rate(households, households["poor"], phnom_penh) == pytest.approx(zones["Phnom Penh"], abs=RATE)
    other_urban = households["urban"] & ~phnom_penh
    assert person_rate(households, households["poor"], other_urban) == pytest.approx(zones["other urban"], abs=RATE)
    rural = ~households["urban"] & ~phnom_penh
    assert person_rate(households, households["poor"], rural) == pytest.approx(zones["rural"], abs=RATE)


def test_poverty_2014_follows_the_trend(data):
    households, _ = data[2014]
    assert person_rate(households, households["poor"]) == pytest.approx(0.262, abs=RATE)


def test_consumption_gini_near_030(survey):
    _, households, _ = survey
    value = gini(households["consumption_pc"], households["weight"] * households["hh_size"])
    assert value == pytest.approx(FACTS["poverty"]["consumption_gini_2014"], abs=0.02)


# --- programmes ------------------------------------------------------------------------------------

def test_idpoor_and_health_equity_fund_2022(data):
    households, _ = data[2022]
    registered = households["idpoor"] != "none"
    assert households.loc[registered, "weight"].sum() == pytest.approx(700_000, rel=0.02)
    assert person_rate(households, households["hef_card"]) == pytest.approx(0.16, abs=RATE)
    poor_share = household_rate(households, households["poor"], registered)
    assert 0.45 < poor_share < 0.8, "IDPoor targets the poor, with inclusion errors"
    missed = household_rate(households, ~registered, households["poor"])
    assert 0.2 < missed < 0.6, "and exclusion errors"


# --- global MPI (sptools.indicators + sptools.mpi) -------------------------------------------------

@pytest.fixture(scope="module")
def mpi_results(data):
    indicators = pytest.importorskip("sptools.indicators")
    mpi = pytest.importorskip("sptools.mpi")
    weights = {name: weight for dimension in mpi.GLOBAL_MPI.values() for name, weight in dimension.items()}
    results = {}
    for year, (households, persons) in data.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the complete-case report is checked below
            deprivations = indicators.global_mpi(households, persons)
        results[year] = (deprivations, mpi.alkire_foster(deprivations, weights, Fraction(1, 3), sample_weight="weight"))
    return results


def test_global_mpi_2022(mpi_results):
    published = FACTS["multidimensional_poverty"]["cdhs_2021_22"]
    _, result = mpi_results[2022]
    assert result.M0 == pytest.approx(published["MPI"], abs=MPI_TOLERANCE)
    assert result.H == pytest.approx(published["H"], abs=RATE)
    assert result.A == pytest.approx(published["A"], abs=RATE)


def test_global_mpi_2014(mpi_results):
    published = FACTS["multidimensional_poverty"]["cdhs_2014_harmonised"]
    _, result = mpi_results[2014]
    assert result.M0 == pytest.approx(published["MPI"], abs=MPI_TOLERANCE)
    assert result.H == pytest.approx(published["H"], abs=RATE)


def test_mpi_trends_between_rounds(mpi_results):
    # uncensored headcounts: electricity, sanitation, cooking fuel improve by more than 21 points;
    # nutrition by 11.6 and years of schooling by 11 (tolerance 2 points for these two trends)
    before = mpi_results[2014][1].indicators["uncensored"]
    after = mpi_results[2022][1].indicators["uncensored"]
    change = before - after
    assert (change[["d_elct", "d_sani", "d_ckfl"]] > 0.21).all()
    assert change["d_nutr"] == pytest.approx(0.116, abs=0.02)
    assert change["d_educ"] == pytest.approx(0.11, abs=0.02)
    assert (change.drop("d_cm") > 0).all()


def test_complete_cases_are_retained(mpi_results):
    for year, (deprivations, _) in mpi_results.items():
        persons = load_persons(year)
        assert 0.95 < len(deprivations) / len(persons) < 1.0, "some missing data, high retention"


def test_regional_mpi_contrasts(mpi_results):
    mpi = pytest.importorskip("sptools.mpi")
    weights = {name: weight for dimension in mpi.GLOBAL_MPI.values() for name, weight in dimension.items()}
    contrast = FACTS["multidimensional_poverty"]["regional_contrast"]
    for year, key in ((2014, "H_2014"), (2022, "H_2021_22")):
        deprivations, _ = mpi_results[year]
        north = deprivations[deprivations["province"].isin(["Preah Vihear", "Stung Treng"])]
        result = mpi.alkire_foster(north, weights, Fraction(1, 3), sample_weight="weight")
        assert result.H == pytest.approx(contrast["Preah Vihear & Stung Treng"][key], abs=0.10)
    deprivations, _ = mpi_results[2014]
    by_province = mpi.alkire_foster(deprivations, weights, Fraction(1, 3), sample_weight="weight", by="province")
    assert by_province.groups.loc["Phnom Penh", "H"] == pytest.approx(contrast["Phnom Penh"]["H_2014"], abs=0.03)


# --- LNOB 2014 access rates ------------------------------------------------------------------------

IMPROVED_WATER = ["piped_dwelling", "piped_yard", "public_tap", "tube_well", "protected_well", "protected_spring",
                  "rainwater", "bottled", "tanker"]
IMPROVED_SANITATION = ["flush_sewer", "flush_septic", "flush_pit", "pit_slab", "vip", "composting"]


def access_2014(households: pd.DataFrame) -> dict[str, pd.Series]:
    return {
        "electricity": households["electricity"],
        "basic_water": households["water_source"].isin(IMPROVED_WATER) & (households["water_time_min"] < 30),
        "clean_fuel": households["cooking_fuel"].isin(["electricity", "lpg", "biogas"]),
        "basic_sanitation": households["sanitation"].isin(IMPROVED_SANITATION) & ~households["sanitation_shared"],
    }


@pytest.mark.parametrize("indicator", ["electricity", "basic_water", "clean_fuel", "basic_sanitation"])
def test_lnob_household_access_2014(data, indicator):
    households, _ = data[2014]
    target = FACTS["lnob_access_cdhs_2014"][indicator]["national"]
    assert household_rate(households, access_2014(households)[indicator]) == pytest.approx(target, abs=RATE)


def test_lnob_education_and_stunting_2014(data):
    _, persons = data[2014]
    lnob = FACTS["lnob_access_cdhs_2014"]
    years = persons["years_schooling"]
    young = persons["age"].between(20, 35) & years.notna()
    assert individual_rate(persons, years.fillna(0) >= 12, young) == pytest.approx(
        lnob["secondary_completion_20_35"]["national"], abs=RATE)
    adults = persons["age"].between(25, 35) & years.notna()
    assert individual_rate(persons, years.fillna(0) >= 13, adults) == pytest.approx(
        lnob["higher_education_25_35"]["national"], abs=RATE)
    measured = (persons["age"] < 5) & persons["haz"].notna()
    assert individual_rate(persons, persons["haz"] < -2, measured) == pytest.approx(
        lnob["stunting_barrier"]["national"], abs=RATE)


def test_lnob_contrasts_2014(data):
    households, persons = data[2014]
    access = access_2014(households)
    bottom_40 = households["wealth_quintile"] <= 2
    assert household_rate(households, access["electricity"], ~bottom_40 & households["urban"]) > 0.85
    assert household_rate(households, access["electricity"], bottom_40) < 0.35
    assert household_rate(households, access["clean_fuel"], ~households["urban"] & bottom_40) < 0.02
    assert household_rate(households, access["basic_sanitation"], ~bottom_40 & households["urban"]) > 0.75
    assert household_rate(households, access["basic_water"], bottom_40) < 0.55
    merged = persons.merge(households[["hh_id", "wealth_quintile", "urban"]], on="hh_id")
    child = (merged["age"] < 5) & merged["haz"].notna()
    stunted = merged["haz"] < -2
    low = individual_rate(merged, stunted, child & (merged["wealth_quintile"] <= 2))
    high = individual_rate(merged, stunted, child & (merged["wealth_quintile"] > 2) & merged["urban"])
    lnob = FACTS["lnob_access_cdhs_2014"]["stunting_barrier"]
    assert low == pytest.approx(lnob["highest"][2], abs=0.06)
    assert high == pytest.approx(lnob["lowest"][2], abs=0.06)
    female = merged["sex"] == "female"
    rural_poor_women = merged["age"].between(20, 35) & merged["years_schooling"].notna() & female & ~merged["urban"] & (
        merged["wealth_quintile"] <= 2)
    assert individual_rate(merged, merged["years_schooling"].fillna(0) >= 12, rural_poor_women) < 0.06
