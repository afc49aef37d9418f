"""sptools.recipes.sp2lnob_scenarios: the module 3 scenarios, budget matching, reach and errors."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from sptools.datasets import cambodia_facts, load_economy, load_households, load_persons
from sptools.recipes.sp2lnob_scenarios import (
    YEAR,
    amount_for_budget,
    birth_grant_monthly_khr,
    child_benefit,
    disability_allowance,
    family_package,
    gains_by_decile,
    idpoor_or_poor,
    package_cost,
    reach,
    social_pension,
    targeting_errors,
)
from sptools.transfers import pay


@pytest.fixture(scope="module")
def survey():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_households(), load_persons(), load_economy()


def test_the_birth_grant_is_the_published_total_over_24_months():
    total = cambodia_facts()["social_protection"]["family_package"][
        "pregnant_women_children_under2_khr"
    ]["total_per_birth"]
    assert birth_grant_monthly_khr() * 24 == pytest.approx(total)


def test_the_universal_child_benefit_meets_the_published_self_check(survey):
    households, persons, economy = survey
    cost = package_cost(child_benefit(), households, persons, year=YEAR, economy=economy)
    # cambodia.yml: 0.294 x 0.04 x 1.05 = 1.23% of GDP (the census share of children 0-14)
    assert cost / economy.gdp_khr(YEAR) == pytest.approx(0.294 * 0.04 * 1.05, abs=5e-4)


def test_the_budget_solver_spends_the_budget_exactly(survey):
    households, persons, economy = survey
    budget = package_cost(child_benefit(), households, persons, year=YEAR, economy=economy)
    share = amount_for_budget(
        lambda s: child_benefit(s, idpoor_only=True),
        budget,
        households,
        persons,
        year=YEAR,
        economy=economy,
    )
    spent = package_cost(
        child_benefit(share, idpoor_only=True), households, persons, year=YEAR, economy=economy
    )
    assert spent == pytest.approx(budget, rel=1e-9)
    assert share > 0.04  # fewer children, so more each


def test_the_budget_solver_refuses_a_budget_below_the_fixed_cost(survey):
    households, persons, economy = survey

    def build(amount):
        return child_benefit(amount) + social_pension(65)

    with pytest.raises(ValueError, match="below the fixed cost"):
        amount_for_budget(build, 1.0, households, persons, year=YEAR, economy=economy)


def test_links_and_on_demand_registration_widen_eligibility(survey):
    households, persons, economy = survey
    by_id = pay(
        disability_allowance("disability_id"), households, persons, year=YEAR, economy=economy
    )
    by_idpoor = pay(disability_allowance("idpoor"), households, persons, year=YEAR, economy=economy)
    assert set(by_idpoor["person_id"]) < set(by_id["person_id"])
    designed = pay(family_package(), households, persons, year=YEAR, economy=economy)
    on_demand = pay(
        family_package(on_demand_line_khr=economy.poverty_line_khr),
        households,
        persons,
        year=YEAR,
        economy=economy,
    )
    assert set(designed["hh_id"]) < set(on_demand["hh_id"])
    idpoor = set(households.loc[households["idpoor"] != "none", "hh_id"])
    assert set(designed["hh_id"]) == idpoor  # the base assistance reaches every IDPoor household
    errors = targeting_errors(on_demand, households, economy.poverty_line_khr)
    assert errors["exclusion_error"] == 0.0
    with pytest.raises(ValueError, match="link must be"):
        disability_allowance("card")


def test_on_demand_rule_by_hand():
    rule = idpoor_or_poor(100.0)
    people = pd.DataFrame(
        {"idpoor": ["none", "level 2", "none", None], "consumption_pc": [99.0, 500, 100, 50]}
    )
    assert rule(people).tolist() == [True, True, False, True]


def test_reach_and_errors_by_hand():
    h = pd.DataFrame(
        {
            "hh_id": [1, 2, 3, 4],
            "weight": 2.0,
            "hh_size": [1, 2, 3, 4],
            "consumption_pc": [50.0, 60.0, 500.0, 600.0],
        }
    )
    pays = pd.DataFrame({"hh_id": [1, 3, 3], "monthly_khr": [10.0, 5.0, 5.0]})
    assert reach(pays, h, uprating=1.5).tolist() == [6.0, 12.0]
    errors = targeting_errors(pays, h, 100.0)
    assert errors["inclusion_error"] == pytest.approx(3 / 4)
    assert errors["exclusion_error"] == pytest.approx(2 / 3)


def test_gains_by_decile_add_up(survey):
    households, persons, economy = survey
    payments = pay(child_benefit(idpoor_only=True), households, persons, year=YEAR, economy=economy)
    table = gains_by_decile(payments, households, year=YEAR, economy=economy)
    assert list(table.index) == list(range(1, 11))
    assert table["share_of_transfers"].sum() == pytest.approx(1.0)
    assert table.loc[1, "gain_pct"] > table.loc[10, "gain_pct"]
