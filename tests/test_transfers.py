"""sptools.transfers: eligibility, coverage, overlap rules and the cost identity."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from sptools.economy import Economy
from sptools.transfers import (
    Benefit,
    EligibilityWarning,
    Scheme,
    annual_cost,
    eligible,
    household_transfers,
    household_transfers_by_scheme,
    pay,
    person_frame,
)


@pytest.fixture
def toy() -> tuple[pd.DataFrame, pd.DataFrame]:
    households = pd.DataFrame(
        {
            "hh_id": [1, 2, 3, 4],
            "weight": [10.0, 20.0, 30.0, 40.0],
            "consumption_pc": [100.0, 400.0, 200.0, 300.0],
            "idpoor": ["level 2", "none", "level 1", "none"],
            "province": ["Kep", "Kep", "Pursat", "Pursat"],
        }
    )
    persons = pd.DataFrame(
        {
            "hh_id": [1, 1, 2, 3, 3, 4],
            "person_id": [11, 12, 21, 31, 32, 41],
            "age": [2, 65, 14, 15, 80, 60],
            "sex": ["female", "male", "male", "female", "female", "male"],
            "weight": [10.0, 10.0, 20.0, 30.0, 30.0, 40.0],
            "disability": [False, True, False, False, True, False],
        }
    )
    return households, persons


@pytest.fixture
def economy() -> Economy:
    macro = pd.DataFrame(
        {
            "year": [2024, 2025],
            "cpi": [100.0, 110.0],
            "gdp_khr": [1.2e9, 1.32e9],
            "population": [100.0, 100.0],
            "exchange_rate_khr_per_usd": [4000.0, 4000.0],
            "revenue_khr": [2e8, 2.2e8],
        }
    )
    return Economy(macro, poverty_line_khr=1000.0, poverty_line_year=2024)


def riel(amount: float) -> Benefit:
    return Benefit.riel(amount, indexed=False)


# -- benefits -------------------------------------------------------------------------------


def test_benefit_rules_resolve_for_a_year(economy):
    assert Benefit.riel(100.0).monthly_khr(2025, economy) == pytest.approx(110.0)
    assert Benefit.riel(100.0, indexed=False).monthly_khr(2025, economy) == 100.0
    assert Benefit.share_of_gdp_per_capita(0.04).monthly_khr(2024, economy) == pytest.approx(
        0.04 * 1.2e9 / 100 / 12
    )
    assert Benefit.share_of_poverty_line(0.5).monthly_khr(2025, economy) == pytest.approx(550.0)


def test_a_year_outside_the_tables_is_refused(economy):
    with pytest.raises(ValueError, match="year 2040 is outside the macro table"):
        Benefit.riel(100.0).monthly_khr(2040, economy)


def test_a_rule_needing_prices_asks_for_the_economy():
    with pytest.raises(ValueError, match="pass economy="):
        Benefit.share_of_gdp_per_capita(0.04).monthly_khr(2024, None)


@pytest.mark.parametrize("amount", [-1.0, float("nan"), float("inf")])
def test_negative_or_missing_amounts_are_refused(amount):
    with pytest.raises(ValueError, match="finite number >= 0"):
        Benefit.riel(amount)


def test_a_percentage_for_a_share_is_refused():
    with pytest.raises(ValueError, match="0.04 for 4%"):
        Benefit.share_of_gdp_per_capita(4)


# -- schemes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"min_age": 15, "max_age": 5}, "ages are reversed"),
        ({"coverage": 1.5}, "coverage must be between 0 and 1"),
        ({"coverage": -0.1}, "coverage must be between 0 and 1"),
        ({"admin_rate": 2.0}, "admin_rate must be between 0 and 1"),
        ({"unit": "family"}, "unit must be one of"),
        ({"selection": "richest"}, "selection must be one of"),
        ({"sex": "f"}, "sex must be one of"),
        ({"min_age": -3}, "min_age must be a whole number"),
        ({"requires_idpoor": "yes"}, "requires_idpoor must be True or False"),
    ],
)
def test_bad_scheme_settings_get_clear_errors(settings, message):
    with pytest.raises((ValueError, TypeError), match=message):
        Scheme("s", riel(1.0), **settings)


def test_an_unknown_scheme_field_is_named():
    with pytest.raises(TypeError, match=r"unknown scheme settings \['max_agee'\]"):
        Scheme.from_dict({"name": "s", "benefit": riel(1.0), "max_agee": 14})


def test_eligibility_ages_are_inclusive_and_conditions_combine(toy):
    people = person_frame(*toy)
    child = Scheme("child", riel(1.0), max_age=14)
    assert people.loc[eligible(child, people), "person_id"].tolist() == [11, 21]
    old_women = Scheme("w", riel(1.0), min_age=60, sex="female")
    assert people.loc[eligible(old_women, people), "person_id"].tolist() == [32]
    disabled_idpoor = Scheme("d", riel(1.0), requires_disability=True, requires_idpoor=True)
    assert people.loc[eligible(disabled_idpoor, people), "person_id"].tolist() == [12, 32]
    in_kep = Scheme("k", riel(1.0), rule=lambda p: p["province"] == "Kep")
    assert people.loc[eligible(in_kep, people), "person_id"].tolist() == [11, 12, 21]


def test_the_lean_person_frame_keeps_what_the_standard_rules_read(toy):
    lean = person_frame(*toy, all_columns=False)
    assert "province" not in lean.columns
    assert {"age", "sex", "disability", "idpoor", "consumption_pc", "hh_weight"} <= set(lean)
    full = person_frame(*toy)
    assert lean.index.equals(full.index)
    for name in ("child", "in Kep"):
        scheme = Scheme(name, riel(1.0), max_age=14)
        assert eligible(scheme, lean).equals(eligible(scheme, full))


def test_a_rule_must_return_one_boolean_per_person(toy):
    bad = Scheme("k", riel(1.0), rule=lambda p: p["age"])
    with pytest.raises(TypeError, match="True/False"):
        pay(bad, *toy, year=2024)


def test_a_scheme_that_selects_nobody_warns_with_the_count(toy):
    with pytest.warns(EligibilityWarning, match="0 of 6 persons"):
        payments = pay(Scheme("centenarians", riel(1.0), min_age=100), *toy, year=2024)
    assert payments.empty


# -- payments -------------------------------------------------------------------------------


def test_household_schemes_pay_once_per_household(toy):
    base = Scheme("base", riel(50.0), unit="household", requires_idpoor=True)
    payments = pay(base, *toy, year=2024)
    assert payments["hh_id"].tolist() == [1, 3]
    assert payments["person_id"].isna().all()
    with_child = Scheme("hh with child", riel(5.0), unit="household", max_age=14)
    assert pay(with_child, *toy, year=2024)["hh_id"].tolist() == [1, 2]


def test_coverage_is_met_in_weighted_terms_poorest_first(toy):
    everyone = Scheme("all", riel(1.0), unit="household", coverage=0.3, selection="poorest")
    paid = pay(everyone, *toy, year=2024)["hh_id"].tolist()
    # poorest first: hh 1 (weight 10, consumption 100), then hh 3 (30, 200) reaches 30% of 100.
    assert paid == [1, 3]


def test_idpoor_selection_takes_level_1_then_level_2(toy):
    scheme = Scheme("s", riel(1.0), unit="household", coverage=0.3, selection="idpoor")
    assert pay(scheme, *toy, year=2024)["hh_id"].tolist() == [3]


def test_random_selection_is_reproducible_and_near_the_target(toy):
    households, persons = toy
    big_h = pd.concat([households.assign(hh_id=households["hh_id"] + 10 * i) for i in range(50)])
    big_p = pd.concat([persons.assign(hh_id=persons["hh_id"] + 10 * i) for i in range(50)])
    big_p["person_id"] = np.arange(len(big_p))
    scheme = Scheme("s", riel(1.0), coverage=0.4, seed=7)
    first = pay(scheme, big_h, big_p, year=2024)
    assert first.equals(pay(scheme, big_h, big_p, year=2024))
    share = (
        first["person_id"].map(big_p.set_index("person_id")["weight"]).sum() / big_p["weight"].sum()
    )
    assert 0.4 <= share < 0.4 + big_p["weight"].max() / big_p["weight"].sum()


def test_overlap_rules(toy):
    pension = Scheme("pension", riel(100.0), min_age=60)
    disability = Scheme("disability", riel(80.0), requires_disability=True)
    both = [pension, disability]
    everyone = pay(both, *toy, year=2024, overlap="all")
    assert sorted(everyone.loc[everyone["person_id"] == 12, "scheme"]) == ["disability", "pension"]
    highest = pay(both, *toy, year=2024, overlap="highest")
    assert highest.loc[highest["person_id"] == 12, "scheme"].tolist() == ["pension"]
    priority = pay(both, *toy, year=2024, overlap=["disability", "pension"])
    assert priority.loc[priority["person_id"] == 12, "scheme"].tolist() == ["disability"]
    assert set(priority["person_id"]) == {12, 32, 41}
    with pytest.raises(ValueError, match="missing"):
        pay(both, *toy, year=2024, overlap=["pension"])


def test_scheme_names_must_be_distinct(toy):
    with pytest.raises(ValueError, match="distinct"):
        pay([Scheme("a", riel(1.0)), Scheme("a", riel(2.0))], *toy, year=2024)


def test_orphan_persons_are_refused(toy):
    households, persons = toy
    with pytest.raises(ValueError, match="hh_id that is not in households"):
        pay(Scheme("a", riel(1.0)), households.iloc[1:], persons, year=2024)


def test_missing_columns_are_named(toy):
    households, persons = toy
    with pytest.raises(KeyError, match="'age'"):
        pay(Scheme("a", riel(1.0)), households, persons.drop(columns="age"), year=2024)


def test_a_zero_benefit_pays_zero(toy):
    payments = pay(Scheme("nothing", riel(0.0)), *toy, year=2024)
    assert len(payments) == 6 and (payments["monthly_khr"] == 0).all()
    assert (household_transfers(payments, toy[0]) == 0).all()


# -- cost -----------------------------------------------------------------------------------


def test_the_cost_identity_by_hand(toy):
    households, persons = toy
    pension = Scheme("pension", riel(100.0), min_age=60, admin_rate=0.1)
    base = Scheme("base", riel(50.0), unit="household", requires_idpoor=True, admin_rate=0.05)
    payments = pay([pension, base], households, persons, year=2024)
    cost = annual_cost(payments, households, persons, [pension, base])
    # pension: persons 12 (w 10), 32 (w 30), 41 (w 40) -> 80 x 100 x 12 x 1.1
    assert cost.loc["pension", "cost_khr"] == pytest.approx(80 * 100 * 12 * 1.1)
    # base: households 1 (w 10) and 3 (w 30) -> 40 x 50 x 12 x 1.05
    assert cost.loc["base", "cost_khr"] == pytest.approx(40 * 50 * 12 * 1.05)
    assert cost.loc["base", "beneficiaries"] == 40


def test_household_transfers_sum_every_scheme(toy):
    households, persons = toy
    payments = pay([Scheme("a", riel(1.0)), Scheme("b", riel(2.0), max_age=14)], *toy, year=2024)
    received = household_transfers(payments, households)
    assert received.tolist() == [1 + 1 + 2, 1 + 2, 2.0, 1.0]


def test_transfers_by_scheme_add_up_to_the_household_transfers(toy):
    households, persons = toy
    schemes = [Scheme("a", riel(1.0)), Scheme("b", riel(2.0), max_age=14)]
    payments = pay(schemes, *toy, year=2024)
    by_scheme = household_transfers_by_scheme(payments, households)
    assert list(by_scheme.columns) == ["a", "b"]
    assert by_scheme["b"].tolist() == [2.0, 2.0, 0.0, 0.0]
    pd.testing.assert_series_equal(
        by_scheme.sum(axis=1), household_transfers(payments, households), check_names=False
    )


@pytest.mark.parametrize("order", [[3, 0, 2, 1], [0, 1, 2, 3]], ids=["shuffled", "sorted"])
def test_the_engine_gives_the_same_answer_whatever_the_row_order(toy, order):
    """Identifiers in increasing order are matched by a sorted search, others by hashing."""
    households, persons = toy
    schemes = [
        Scheme("pension", riel(100.0), min_age=60),
        Scheme("base", riel(50.0), unit="household", requires_idpoor=True),
    ]
    shuffled = households.iloc[order], persons.iloc[::-1]
    expected = annual_cost(pay(schemes, *toy, year=2024), *toy, schemes)
    payments = pay(schemes, *shuffled, year=2024)
    pd.testing.assert_frame_equal(annual_cost(payments, *shuffled, schemes), expected)
    by_hand = household_transfers(pay(schemes, *toy, year=2024), households)
    received = household_transfers(payments, shuffled[0])
    assert received.to_dict() == by_hand.to_dict()  # aligned on the households' index


@pytest.mark.parametrize("sorted_ids", [True, False], ids=["sorted ids", "unsorted ids"])
def test_a_payment_to_an_unknown_person_or_household_is_refused(toy, sorted_ids):
    households, persons = toy
    if not sorted_ids:
        households, persons = households.iloc[::-1], persons.iloc[::-1]
    scheme = Scheme("a", riel(1.0))
    payments = pay(scheme, households, persons, year=2024)
    stray = payments.assign(person_id=payments["person_id"].replace({11: 99}))
    with pytest.raises(ValueError, match="1 of 6 rows have a person_id that is not in persons"):
        annual_cost(stray, households, persons, scheme)
    with pytest.raises(ValueError, match=r"hh_id that is not in households \(first: 7\)"):
        household_transfers(payments.assign(hh_id=7), households)


@pytest.mark.slow
def test_universal_child_benefit_on_the_survey_follows_the_costing_identity():
    """Cost % of GDP = eligible share x 4% x (1 + 5%) x survey population / GDP's population."""
    from sptools.datasets import load_households, load_persons, load_reference

    households, persons = load_households(), load_persons()
    economy = Economy(load_reference("macro"), poverty_line_khr=333_100, poverty_line_year=2020)
    child = Scheme("child", Benefit.share_of_gdp_per_capita(0.04), max_age=14, admin_rate=0.05)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        payments = pay(child, households, persons, year=2022, economy=economy)
    cost = annual_cost(payments, households, persons, child).loc["child", "cost_khr"]
    share = np.average(persons["age"] <= 14, weights=persons["weight"])
    population = economy.macro.loc[2022, "population"]
    expected = share * 0.04 * 1.05 * persons["weight"].sum() / population
    assert cost / economy.gdp_khr(2022) == pytest.approx(expected, rel=1e-12)
    assert share == pytest.approx(0.294, abs=0.01)
