"""The core calls of modules 1-4 run on another country's profile (tests/second_country.py):
nothing in the methods may depend on Cambodia's provinces, regions, currency or poverty line."""

from __future__ import annotations

import warnings
from fractions import Fraction

import numpy as np
import pytest
from second_country import POVERTY_LINE_LKD, PROVINCES, REGIONS, lakeland

from sptools import Design
from sptools.costing import Scenario, eligibility_shares, project
from sptools.indicators import MissingDataWarning, global_mpi, survey_design
from sptools.lnob import shapley_d
from sptools.mpi import GLOBAL_MPI, alkire_foster
from sptools.poverty import fgt
from sptools.recipes.lnob_report import lnob_analysis
from sptools.sp2lnob import fit, simulate
from sptools.transfers import Benefit, Scheme


@pytest.fixture(scope="module")
def country():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        yield lakeland()


def test_the_profile_is_not_cambodia(country):
    assert set(country.households["province"].unique()) <= set(PROVINCES)
    assert set(country.households["region"].unique()) == set(REGIONS)


def test_lnob_d_tree_and_shapley_by_lakeland_region(country):
    """Module 1: D, the tree and Shapley on circumstances that include Lakeland's regions."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        analysis = lnob_analysis(
            "electricity", country.households, country.persons,
            circumstances=["wealth", "residence", "region"],
        )  # fmt: skip
    table = analysis.data
    assert set(table["region"].cat.categories) == set(REGIONS)
    d = float(analysis.d)
    assert 0 < d < 1
    contributions = shapley_d(
        table, "electricity", ["wealth", "residence", "region"], design=analysis.design
    )
    assert contributions.sum() == pytest.approx(d, abs=1e-9)
    leaves = analysis.tree.leaves
    assert np.isclose(leaves["share"].sum(), 1.0)
    paths = " ".join(leaves["path"])
    assert not any(name in paths for name in ("Phnom Penh", "Tonle Sap", "Plains"))


def test_global_mpi_by_lakeland_province(country):
    """Module 2: the global MPI, decomposed by Lakeland's provinces, adds up."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        table = global_mpi(country.households, country.persons)
    result = alkire_foster(
        table, GLOBAL_MPI, Fraction(1, 3), by="province", design=survey_design(table)
    )
    assert 0 < result.H < 1 and result.M0 == pytest.approx(result.H * result.A)
    groups = result.groups
    assert set(groups.index) <= set(PROVINCES)
    assert (groups["population_share"] * groups["M0"]).sum() == pytest.approx(result.M0)


def test_sp2lnob_in_lakeland_dollars(country):
    """Module 3: a child benefit of 10% of the LKD poverty line lowers poverty at the LKD line,
    and the cost is eligible children x benefit x 12 in LKD."""
    h, p, economy = country.households, country.persons, country.economy
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        step1 = fit(h, p, "electricity")
        child = Scheme("child benefit", Benefit.share_of_poverty_line(0.10), max_age=14)
        result = simulate(child, h, p, step1, year=2022, economy=economy)
    poverty = result.poverty
    people = h.assign(pw=h["weight"] * h["hh_size"])
    design = Design(people, weight="pw", strata="stratum", psu="psu")
    before = fgt(people["consumption_pc"], POVERTY_LINE_LKD, 0, design=design)
    assert poverty.loc["before", "P0"] == pytest.approx(float(before), abs=1e-9)
    assert 0.05 < poverty.loc["before", "P0"] < 0.6
    assert poverty.loc["after", "P0"] < poverty.loc["before", "P0"]
    children = p.loc[p["age"] <= 14, "weight"].sum()
    # the weights represent Lakeland's 2022 population, so no uprating: LKD 350 a month each
    assert result.cost_khr == pytest.approx(children * 0.10 * POVERTY_LINE_LKD * 12, rel=1e-6)
    assert result.cost_usd == pytest.approx(result.cost_khr / 40.0, rel=1e-9)


def test_costing_projection_on_lakeland_projections(country):
    """Module 4: a universal pension from 60 costs the projected 60+ x benefit x 12 x 1.05 LKD."""
    h, p = country.households, country.persons
    pension = Scheme("pension", Benefit.riel(1_000, base_year=2022), min_age=60, admin_rate=0.05)
    shares = eligibility_shares(pension, h, p)
    table = project(
        pension, range(2025, 2031), scenario=Scenario(country.economy),
        projections=country.projections, eligibility=shares,
    )  # fmt: skip
    row = table.set_index("year").loc[2030]
    older = country.projections.query("year == 2030 and age_group == '60+'")["population"].sum()
    benefit = 1_000 * country.economy.price_factor(2022, 2030)
    assert row["beneficiaries"] == pytest.approx(older)
    assert row["cost_khr"] == pytest.approx(older * benefit * 12 * 1.05)
    assert row["cost_pct_gdp"] == pytest.approx(row["cost_khr"] / country.economy.gdp_khr(2030))
