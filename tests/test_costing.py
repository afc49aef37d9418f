"""sptools.costing: the cost identity, the self-check, the reconciliation with the simulation."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sptools import costing
from sptools.costing import (
    Scenario,
    eligibility_shares,
    financing,
    new_tax,
    present_value,
    project,
    reallocation,
    revenue_above_gdp,
    simulate,
)
from sptools.datasets import load_economy, load_households, load_persons, load_reference
from sptools.transfers import Benefit, Scheme

CHILD = Scheme("child", Benefit.share_of_gdp_per_capita(0.04), max_age=14, admin_rate=0.05)
PENSION = Scheme("pension", Benefit.riel(100_000), min_age=65, admin_rate=0.05)
DISABILITY = Scheme("disability", Benefit.riel(40_000), requires_disability=True, admin_rate=0.1)
IDPOOR = Scheme(
    "idpoor base", Benefit.riel(60_000), unit="household", requires_idpoor=True, admin_rate=0.08
)
UNDER2 = Scheme("under 2", Benefit.riel(80_000), max_age=1, requires_idpoor=True, admin_rate=0.08)
PACKAGE = [CHILD, PENSION, DISABILITY, IDPOOR, UNDER2]


@pytest.fixture(scope="module")
def survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_households(), load_persons()


@pytest.fixture(scope="module")
def economy():
    return load_economy()


@pytest.fixture(scope="module")
def projections() -> pd.DataFrame:
    return load_reference("population_projections")


@pytest.fixture(scope="module")
def shares(survey) -> pd.DataFrame:
    return eligibility_shares(PACKAGE, *survey)


def test_cost_identity_by_hand(economy, projections, shares):
    table = project(
        PACKAGE, [2030], scenario=Scenario(economy), projections=projections, eligibility=shares
    )
    row = table.set_index("scheme").loc["pension"]
    cells = projections[projections["year"] == 2030].set_index(["age_group", "sex"])["population"]
    own = shares[shares["scheme"] == "pension"].set_index(["age_group", "sex"])["share"]
    n = float((own * cells.reindex(own.index)).sum())
    benefit = 100_000 * economy.price_factor(2024, 2030) * 12
    assert row["beneficiaries"] == pytest.approx(n)
    assert row["benefit_annual_khr"] == pytest.approx(benefit)
    assert row["cost_khr"] == pytest.approx(n * benefit * 1.05)
    assert row["cost_pct_gdp"] == pytest.approx(n * benefit * 1.05 / economy.gdp_khr(2030))
    assert row["cost_pct_revenue"] == pytest.approx(n * benefit * 1.05 / economy.revenue_khr(2030))
    assert row["cost_usd"] == pytest.approx(n * benefit * 1.05 / 4070)


def test_self_check_with_census_share(economy, projections):
    """0.294 x 0.04 x 1.05 = 1.2348% of GDP when 0-14 are 29.4% of the population."""
    census = projections.astype({"population": float})
    totals = census.groupby("year")["population"].transform("sum")
    children = census["age_group"] == "0-14"
    child_total = census[children].groupby("year")["population"].transform("sum")
    census.loc[children, "population"] = (
        census.loc[children, "population"] / child_total * 0.294 * totals[children]
    )
    others = ~children
    other_total = census[others].groupby("year")["population"].transform("sum")
    census.loc[others, "population"] = (
        census.loc[others, "population"] / other_total * 0.706 * totals[others]
    )
    universal = eligibility_shares(CHILD, *_toy_children())
    table = project(CHILD, scenario=Scenario(economy), projections=census, eligibility=universal)
    assert np.allclose(table["cost_pct_gdp"], 0.012348, rtol=1e-12, atol=0)


def test_self_check_identity_with_projection_share(economy, projections):
    """With the shipped projections: cost % GDP = the year's 0-14 share x 0.04 x 1.05."""
    universal = eligibility_shares(CHILD, *_toy_children())
    table = project(
        CHILD, scenario=Scenario(economy), projections=projections, eligibility=universal
    )
    by_year = projections.groupby("year")["population"].sum()
    child = projections[projections["age_group"] == "0-14"].groupby("year")["population"].sum()
    share = (child / by_year).reindex(table["year"]).to_numpy()
    assert np.allclose(table["cost_pct_gdp"], share * 0.04 * 1.05, rtol=1e-12)
    assert table.loc[0, "cost_pct_gdp"] == pytest.approx(0.285 * 0.042, abs=2e-4)


def test_simulation_self_check_uses_the_survey_share(survey, economy):
    households, persons = survey
    result = simulate(CHILD, households, persons, year=2025, economy=economy)
    share = persons.loc[persons["age"] <= 14, "weight"].sum() / persons["weight"].sum()
    assert share == pytest.approx(0.294, abs=5e-4)
    assert result.cost_pct_gdp == pytest.approx(share * 0.04 * 1.05, rel=1e-12)


@pytest.mark.parametrize("year", [2020, 2025, 2035])
def test_reconciliation_projection_equals_simulation(survey, economy, projections, shares, year):
    households, persons = survey
    table = project(
        PACKAGE, [year], scenario=Scenario(economy), projections=projections, eligibility=shares
    )
    micro = simulate(
        PACKAGE, households, persons, year=year, economy=economy, projections=projections
    )
    projected = table.set_index("scheme")["cost_khr"]
    assert np.allclose(micro.costs["cost_khr"], projected.loc[micro.costs.index], rtol=1e-10)


def test_reconciliation_respects_overlap(survey, economy, projections):
    households, persons = survey
    young = Scheme("young", Benefit.riel(10_000, indexed=False), max_age=5)
    child = Scheme("child", Benefit.riel(20_000, indexed=False), max_age=14)
    order = ["young", "child"]
    own = eligibility_shares([young, child], households, persons, overlap=order)
    table = project(
        [young, child], [2026], scenario=Scenario(economy), projections=projections, eligibility=own
    )
    micro = simulate(
        [young, child],
        households,
        persons,
        year=2026,
        economy=economy,
        overlap=order,
        projections=projections,
    )
    assert np.allclose(micro.costs["cost_khr"], table.set_index("scheme")["cost_khr"], rtol=1e-10)
    # children 0-5 are paid once: the child scheme pays only ages 6-14
    both = eligibility_shares([young, child], households, persons)
    assert (
        own.query("scheme == 'child'")["share"].sum()
        < both.query("scheme == 'child'")["share"].sum()
    )


def test_present_value_by_hand(economy, projections, shares):
    table = project(
        PACKAGE,
        range(2025, 2028),
        scenario=Scenario(economy, discount_rate=0.1),
        projections=projections,
        eligibility=shares,
    )
    child = table[table["scheme"] == "child"]["cost_khr"].to_numpy()
    expected = child[0] + child[1] / 1.1 + child[2] / 1.1**2
    pv = present_value(table, 0.1, 2025)
    assert pv["child"] == pytest.approx(expected)
    assert pv["total"] == pytest.approx(table["cost_pv_khr"].sum())


def test_phase_in_scales_coverage(economy, projections, shares):
    full = project(
        PACKAGE,
        range(2024, 2029),
        scenario=Scenario(economy),
        projections=projections,
        eligibility=shares,
    )
    phased = project(
        PACKAGE,
        range(2024, 2029),
        scenario=Scenario(economy),
        projections=projections,
        eligibility=shares,
        phase_in={"child": {2025: 0.3, 2026: 0.6, 2027: 1.0}},
    )
    ratio = (phased["cost_khr"] / full["cost_khr"]).to_numpy().reshape(5, len(PACKAGE))
    assert ratio[:, 0].tolist() == pytest.approx([0.0, 0.3, 0.6, 1.0, 1.0])
    assert np.allclose(ratio[:, 1:], 1.0)
    everyone = project(
        PACKAGE,
        [2026],
        scenario=Scenario(economy),
        projections=projections,
        eligibility=shares,
        phase_in={2025: 0.5},
    )
    assert np.allclose(everyone["cost_khr"], full[full["year"] == 2026]["cost_khr"] * 0.5)


def test_coverage_multiplies(economy, projections, survey):
    half = Scheme("pension", Benefit.riel(100_000), min_age=65, coverage=0.5)
    full = Scheme("pension", Benefit.riel(100_000), min_age=65)
    shares = eligibility_shares(full, *survey)
    a = project(
        half, [2030], scenario=Scenario(economy), projections=projections, eligibility=shares
    )
    b = project(
        full, [2030], scenario=Scenario(economy), projections=projections, eligibility=shares
    )
    assert a.loc[0, "cost_khr"] == pytest.approx(0.5 * b.loc[0, "cost_khr"])


def test_household_schemes_scale_with_population(economy, projections, shares):
    table = project(
        IDPOOR,
        [2025, 2035],
        scenario=Scenario(economy),
        projections=projections,
        eligibility=shares,
    )
    totals = projections.groupby("year")["population"].sum()
    ratio = table["beneficiaries"].iloc[1] / table["beneficiaries"].iloc[0]
    assert ratio == pytest.approx(totals[2035] / totals[2025])


def test_scenario_overrides(economy):
    slow = Scenario(
        economy, real_growth={2026: 0.0}, inflation={2026: 0.0}, revenue_share={2030: 0.2}
    )
    assert slow.economy.gdp_khr(2026) == pytest.approx(economy.gdp_khr(2025))
    assert slow.economy.gdp_khr(2027) / slow.economy.gdp_khr(2026) == pytest.approx(
        economy.gdp_khr(2027) / economy.gdp_khr(2026)
    )
    assert slow.economy.revenue_khr(2030) == pytest.approx(0.2 * slow.economy.gdp_khr(2030))
    assert slow.economy.gdp_khr(2024) == pytest.approx(economy.gdp_khr(2024))
    baseline = Scenario(economy).economy
    assert np.allclose(baseline.macro.to_numpy(), economy.macro.to_numpy(), rtol=1e-12)


def test_financing_table(economy, projections, shares):
    table = project(
        PACKAGE, scenario=Scenario(economy), projections=projections, eligibility=shares
    )
    years = range(2025, 2036)
    options = {
        "reallocation": reallocation(economy, years, 0.02, 0.1814),
        "revenue growth": revenue_above_gdp(economy, years, 0.01),
        "new tax": new_tax(economy, years, 0.005, start_year=2027),
    }
    plan = financing(table, economy, budget_pct_gdp=0.005, options=options)
    assert list(plan.index) == list(years)
    assert plan.loc[2025, "new tax"] == 0
    assert plan.loc[2027, "new tax"] == pytest.approx(0.005 * economy.gdp_khr(2027))
    assert plan["space_khr"].to_numpy() == pytest.approx(
        sum(plan[name] for name in options).to_numpy()
    )
    assert (plan["gap_khr"] >= 0).all() and (plan["financed_share"] <= 1).all()
    assert plan.loc[2030, "cost_khr"] == pytest.approx(
        table.query("year == 2030")["cost_khr"].sum()
    )


def test_simulate_result_shape(survey, economy):
    households, persons = survey
    result = simulate(PACKAGE, households, persons, year=2025, economy=economy)
    breakdowns = set(result.poverty.index.get_level_values("breakdown"))
    assert breakdowns == {"national", "residence", "province", "idpoor", "household type"}
    assert result.poverty.shape[1] == 10
    national = result.poverty.loc[("national", "all")]
    assert national[("P0", "after")] < national[("P0", "before")]
    assert result.poverty_se.notna().all().all()
    assert set(result.targeting.columns) == {"inclusion_error", "exclusion_error", "share_to_poor"}
    assert result.targeting.to_numpy().min() >= 0 and result.targeting.to_numpy().max() <= 1
    assert result.lifted > 0 and result.lifted_per_billion_khr > 0
    assert "P0 before" in result.to_frame().index


def test_simulate_fgt_matches_poverty_module(survey, economy):
    from sptools.design import Design
    from sptools.poverty import fgt

    households, persons = survey
    result = simulate(CHILD, households, persons, year=2025, economy=economy)
    people = households.assign(_w=households["weight"] * households["hh_size"])
    design = Design(people, weight="_w", strata="stratum", psu="psu")
    rural = ~households["urban"].astype(bool)
    expected = fgt(
        households.loc[rural, "consumption_pc"], economy.poverty_line_khr, 1, design=design
    )
    row = result.poverty.loc[("residence", "rural")]
    assert row[("P1", "before")] == pytest.approx(float(expected))
    assert result.poverty_se.loc[("residence", "rural"), ("P1", "before")] == pytest.approx(
        expected.se
    )


def test_household_types_overlap_and_other(survey):
    households, persons = survey
    types = costing.household_types(households, persons)
    assert list(types.columns) == list(costing.HOUSEHOLD_TYPES)
    assert not (types["other"] & types.drop(columns="other").any(axis=1)).any()


def test_zero_benefit_changes_nothing(survey, economy):
    households, persons = survey
    nothing = Scheme("nothing", Benefit.riel(0, indexed=False), max_age=14)
    result = simulate(nothing, households, persons, year=2025, economy=economy)
    before = result.poverty.xs("before", axis=1, level="stage")
    after = result.poverty.xs("after", axis=1, level="stage")
    assert np.allclose(before, after)
    assert result.cost_khr == 0


# -- bad inputs ---------------------------------------------------------------------------------


def test_negative_benefit_is_refused():
    with pytest.raises(ValueError, match="cannot take money"):
        Benefit.riel(-1)


def test_coverage_over_one_is_refused():
    with pytest.raises(ValueError, match="coverage must be between 0 and 1"):
        Scheme("x", Benefit.riel(1), coverage=1.2)


def test_phase_in_over_one_is_refused(economy, projections, shares):
    with pytest.raises(ValueError, match=r"phase_in for 'child': 2026 -> 1.5"):
        project(
            PACKAGE,
            [2026],
            scenario=Scenario(economy),
            projections=projections,
            eligibility=shares,
            phase_in={"child": {2026: 1.5}},
        )
    with pytest.raises(ValueError, match="not among"):
        project(
            PACKAGE,
            [2026],
            scenario=Scenario(economy),
            projections=projections,
            eligibility=shares,
            phase_in={"nope": {2026: 1.0}},
        )


@pytest.mark.parametrize("years", [[2019], [2036], range(2034, 2038)])
def test_years_outside_the_tables(economy, projections, shares, years):
    with pytest.raises(ValueError, match="outside the population projections"):
        project(
            PACKAGE, years, scenario=Scenario(economy), projections=projections, eligibility=shares
        )


def test_scenario_bad_inputs(economy):
    with pytest.raises(ValueError, match="outside the macro table"):
        Scenario(economy, real_growth={2050: 0.05})
    with pytest.raises(ValueError, match="plausible share"):
        Scenario(economy, inflation={2030: 3.0})
    with pytest.raises(ValueError, match="discount_rate"):
        Scenario(economy, discount_rate=5)
    with pytest.raises(TypeError, match="load_economy"):
        Scenario("economy")


def test_missing_eligibility_is_named(economy, projections, survey):
    shares = eligibility_shares(CHILD, *survey)
    with pytest.raises(ValueError, match=r"no shares for the schemes \['pension'\]"):
        project(
            [CHILD, PENSION],
            [2025],
            scenario=Scenario(economy),
            projections=projections,
            eligibility=shares,
        )


def test_highest_overlap_needs_year(survey):
    with pytest.raises(ValueError, match="pass year= and economy="):
        eligibility_shares(PACKAGE, *survey, overlap="highest")


def test_financing_bad_share(economy, projections, shares):
    with pytest.raises(ValueError, match="budget_pct_gdp must be a share"):
        financing(pd.DataFrame({"year": [2025], "cost_khr": [1.0]}), economy, budget_pct_gdp=2)


def _toy_children() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A survey whose every child is eligible: shares of 1 in the 0-14 cells, 0 elsewhere."""
    households = pd.DataFrame(
        {
            "hh_id": [1, 2],
            "weight": [1.0, 1.0],
            "consumption_pc": [1.0, 1.0],
            "idpoor": ["none", "none"],
        }
    )
    persons = pd.DataFrame(
        {
            "hh_id": [1, 1, 2, 2],
            "person_id": [1, 2, 3, 4],
            "age": [3, 40, 9, 70],
            "sex": ["female", "male", "male", "female"],
            "weight": [1.0, 1.0, 1.0, 1.0],
        }
    )
    return households, persons


def test_financing_option_missing_years(economy):
    table = pd.DataFrame({"year": [2025, 2026], "scheme": "a", "cost_khr": [1.0, 1.0]})
    with pytest.raises(ValueError, match=r"no value for the years \[2026\]"):
        financing(
            table, economy, budget_pct_gdp=0.01, options={"tax": new_tax(economy, [2025], 0.01)}
        )


def test_population_uprating_is_shared(survey, economy):
    from sptools.transfers import uprating

    households, _ = survey
    factor = uprating(households, economy, 2030)
    assert factor == pytest.approx(
        economy.population(2030) / (households["weight"] * households["hh_size"]).sum()
    )
    with pytest.raises(ValueError, match="must represent a positive population"):
        uprating(households.assign(weight=0.0), economy, 2030)


# -- the change in poverty and its standard error -------------------------------------------------


def test_change_is_after_minus_before_in_every_group(survey, economy):
    households, persons = survey
    result = simulate(PACKAGE, households, persons, year=2025, economy=economy)
    assert result.change.index.equals(result.poverty.index)
    for measure in ("P0", "P1", "P2"):
        expected = result.poverty[(measure, "after")] - result.poverty[(measure, "before")]
        assert np.allclose(result.change[(measure, "change")], expected, atol=1e-12)
    # the SE of a change measured on the same people is far smaller than that of the levels
    national = result.change.loc[("national", "all")]
    level_se = result.poverty_se.loc[("national", "all"), ("P0", "after")]
    assert 0 < national[("P0", "se")] < level_se


def test_change_se_by_hand_on_a_toy_design(economy):
    """Four households, two PSUs in one stratum: the SE of a mean of differences by hand."""
    households = pd.DataFrame(
        {
            "hh_id": [1, 2, 3, 4],
            "weight": [1.0, 1.0, 1.0, 1.0],
            "hh_size": [1, 1, 1, 1],
            "consumption_pc": [100_000.0, 200_000.0, 320_000.0, 900_000.0],
            "idpoor": ["level 1", "none", "level 2", "none"],
            "urban": [False, False, True, True],
            "province": ["Kep", "Kep", "Kep", "Kep"],
            "stratum": [1, 1, 1, 1],
            "psu": [1, 1, 2, 2],
        }
    )
    persons = pd.DataFrame(
        {
            "hh_id": [1, 2, 3, 4],
            "person_id": [1, 2, 3, 4],
            "age": [30, 30, 30, 30],
            "sex": ["female"] * 4,
            "weight": [1.0] * 4,
            "disability": [False] * 4,
        }
    )
    scheme = Scheme("idpoor", Benefit.riel(30_000, indexed=False), requires_idpoor=True)
    result = simulate(scheme, households, persons, year=2020, economy=economy)
    line = economy.poverty_line_khr  # 333,100 riel: households 1-3 poor before; 3 crosses it
    after = households["consumption_pc"] + np.array([30_000, 0, 30_000, 0])
    difference = (after < line).astype(float) - (households["consumption_pc"] < line)
    change = difference.mean()
    assert change == -0.25
    influence = (difference - change) / 4
    psu_totals = influence.groupby(households["psu"]).sum().to_numpy()
    variance = 2 / (2 - 1) * ((psu_totals - psu_totals.mean()) ** 2).sum()
    national = result.change.loc[("national", "all")]
    assert national[("P0", "change")] == pytest.approx(change)
    assert national[("P0", "se")] == pytest.approx(np.sqrt(variance))


def test_zero_benefit_changes_nothing_with_zero_se(survey, economy):
    households, persons = survey
    nothing = Scheme("nothing", Benefit.riel(0, indexed=False), max_age=14)
    result = simulate(nothing, households, persons, year=2025, economy=economy)
    assert np.allclose(result.change.to_numpy(), 0.0)


# -- more bad inputs (issue 11: "Done when") ----------------------------------------------------


def test_negative_benefits_of_every_kind_are_refused():
    with pytest.raises(ValueError, match="cannot take money"):
        Benefit.share_of_gdp_per_capita(-0.04)
    with pytest.raises(ValueError, match="cannot take money"):
        Benefit.share_of_poverty_line(-0.1)
    with pytest.raises(ValueError, match="admin_rate must be between 0 and 1"):
        Scheme("x", Benefit.riel(1), admin_rate=-0.05)


def test_negative_coverage_is_refused():
    with pytest.raises(ValueError, match="coverage must be between 0 and 1"):
        Scheme("x", Benefit.riel(1), coverage=-0.1)


def test_simulation_year_outside_the_macro_table(survey, economy):
    households, persons = survey
    with pytest.raises(ValueError, match=r"year 2050 is outside the macro table \(2020-2035\)"):
        simulate(CHILD, households, persons, year=2050, economy=economy)
    with pytest.raises(ValueError, match="outside the macro table"):
        project(
            CHILD,
            [2050],
            scenario=Scenario(economy),
            projections=pd.DataFrame(
                {"year": 2050, "age_group": "0-14", "sex": "female", "population": [1.0]}
            ),
            eligibility=eligibility_shares(CHILD, *_toy_children()),
        )
