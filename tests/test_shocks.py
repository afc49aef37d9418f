"""sptools.shocks: reproducible shocks, the responses' accounting identities, bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sptools.datasets import load_economy, load_households, load_persons
from sptools.recipes.shock_precedents import (
    covid19_monthly_khr,
    inflation_monthly_khr,
    precedents,
)
from sptools.shocks import Shock, emergency, horizontal, respond, vertical
from sptools.transfers import Benefit, Scheme

FAMILY = Scheme(
    "family package",
    Benefit.riel(60_000),
    unit="household",
    requires_idpoor=True,
    coverage=0.8,
    admin_rate=0.05,
)
FLOOD_CASH = Scheme("flood cash", Benefit.riel(150_000), unit="household", requires_idpoor=True)
FLOOD = Shock(
    "flood",
    ["Battambang", "Pursat", "Kratie"],
    share_affected=0.4,
    months=3,
    consumption_loss=0.3,
    seed=1,
)
RESPONSES = [
    vertical(FAMILY, 1.0, 3),
    horizontal(FAMILY, 3, via="idpoor"),
    horizontal(FAMILY, 3, via="on_demand"),
    horizontal(FAMILY, 3, via="geographic"),
    emergency(FLOOD_CASH, 3),
]


@pytest.fixture(scope="module")
def survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    return load_households(), load_persons()


@pytest.fixture(scope="module")
def economy():
    return load_economy()


@pytest.fixture(scope="module")
def results(survey, economy):
    return [respond(FLOOD, r, *survey, year=2025, economy=economy) for r in RESPONSES]


def test_shock_is_reproducible_with_a_seed(survey):
    households, _ = survey
    a, b = FLOOD.apply(households), FLOOD.apply(households)
    assert a["affected"].equals(b["affected"])
    other = Shock("flood", FLOOD.provinces, share_affected=0.4, consumption_loss=0.3, seed=2)
    assert not other.apply(households)["affected"].equals(a["affected"])


def test_shock_hits_only_the_provinces(survey):
    households, _ = survey
    shocked = FLOOD.apply(households)
    assert set(shocked.loc[shocked["affected"], "province"]) <= set(FLOOD.provinces)
    share = shocked.loc[shocked["in_area"], "affected"].mean()
    assert share == pytest.approx(0.4, abs=0.05)
    hit = shocked["affected"]
    assert np.allclose(
        shocked.loc[hit, "consumption_shock"], 0.7 * shocked.loc[hit, "consumption_pc"]
    )
    assert (shocked.loc[~hit, "consumption_shock"] == shocked.loc[~hit, "consumption_pc"]).all()


def test_price_shock_uses_the_food_share(survey):
    households, _ = survey
    price = Shock("price", share_affected=1.0, consumption_loss=0.2, food_share=0.5)
    shocked = price.apply(households)
    assert shocked["affected"].all()
    assert np.allclose(shocked["consumption_shock"], 0.9 * households["consumption_pc"])


@pytest.mark.parametrize("index", range(len(RESPONSES)))
def test_accounting_identities(results, index):
    r = results[index]
    assert r.covered_affected + r.excluded_affected == pytest.approx(r.affected)
    assert r.covered_affected + r.leakage == pytest.approx(r.reached)
    assert r.exclusion_rate == pytest.approx(r.excluded_affected / r.affected)
    assert 0 <= r.coverage_affected_poor <= 1
    assert r.poverty.loc["shock", "P0"] >= r.poverty.loc["before", "P0"]
    assert r.poverty.loc["response", "P0"] <= r.poverty.loc["shock", "P0"]
    assert r.cost_khr >= 0 and r.days_to_first_payment > 0


def test_cost_by_hand_for_the_emergency(results, survey, economy):
    households, _ = survey
    r = results[-1]
    shocked = FLOOD.apply(households)
    paid = shocked["in_area"] & shocked["idpoor"].isin(["level 1", "level 2"])
    amount = 150_000 * economy.price_factor(2024, 2025)
    factor = economy.population(2025) / (households["weight"] * households["hh_size"]).sum()
    expected = households.loc[paid, "weight"].sum() * factor * amount * 3
    assert r.cost_khr == pytest.approx(expected)
    assert r.reached == pytest.approx(households.loc[paid, "weight"].sum() * factor)


def test_vertical_pays_current_beneficiaries_in_the_area(results):
    vertical_result, geographic = results[0], results[3]
    # the affected households the scheme does not pay are those a geographic expansion adds
    assert vertical_result.excluded_affected == pytest.approx(geographic.covered_affected)


def test_on_demand_reaches_only_the_affected(results):
    on_demand = results[2]
    assert on_demand.leakage == 0
    assert on_demand.leakage_rate == 0


def test_idpoor_errors_are_shares(results):
    r = results[0]
    assert 0 <= r.idpoor_inclusion_error <= 1 and 0 <= r.idpoor_exclusion_error <= 1
    assert all(x.idpoor_exclusion_error == r.idpoor_exclusion_error for x in results)


def test_result_protocol(results):
    frame = results[0].to_frame()
    assert {"P0 affected (shock)", "coverage of affected poor"} <= set(frame.index)
    assert "vertical" in repr(results[0])


# -- bad inputs ---------------------------------------------------------------------------------


def test_unknown_province_is_named(survey):
    households, _ = survey
    with pytest.raises(ValueError, match=r"provinces \['Atlantis'\] are not in the survey"):
        Shock("flood", ["Kratie", "Atlantis"]).apply(households)


def test_a_shock_affecting_no_one(survey):
    households, _ = survey
    tiny = Shock("flood", ["Kep"], share_affected=1e-9, seed=3)
    with pytest.raises(ValueError, match="affects no household"):
        tiny.apply(households)


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"kind": "earthquake"}, "kind must be"),
        ({"kind": "flood", "share_affected": 1.5}, "share_affected must be a share"),
        ({"kind": "flood", "consumption_loss": 0}, "consumption_loss must be a share"),
        ({"kind": "flood", "months": 0}, "months must be a whole number"),
    ],
)
def test_bad_shocks(settings, message):
    with pytest.raises(ValueError, match=message):
        Shock(**settings)


def test_bad_responses():
    with pytest.raises(ValueError, match="via must be"):
        horizontal(FAMILY, 3, via="lottery")
    with pytest.raises(ValueError, match="top_up as a share"):
        vertical(FAMILY, -0.5, 3)
    with pytest.raises(ValueError, match="cannot take money"):
        vertical(FAMILY, Benefit.riel(-10), 3)
    with pytest.raises(TypeError, match="Scheme"):
        emergency("cash", 3)


# -- precedents (course layer) ------------------------------------------------------------------


def test_precedents_are_data():
    found = precedents()
    assert found["flood_2022"].households == 99169
    assert found["flood_2022"].months == 3
    assert found["covid19"].months == 46


def test_covid19_formula_pays_only_idpoor(survey):
    households, persons = survey
    amounts = covid19_monthly_khr(households, persons)
    in_idpoor = households["idpoor"].isin(["level 1", "level 2"])
    assert (amounts[~in_idpoor] == 0).all() and (amounts[in_idpoor] >= 80_000).all()
    inflation = inflation_monthly_khr(households)
    assert (inflation[~in_idpoor] == 0).all() and (inflation[in_idpoor] >= 81_300).all()


def test_bad_days_and_inputs_to_respond(survey, economy):
    with pytest.raises(ValueError, match="days_to_first_payment must be"):
        vertical(FAMILY, 0.5, 3, days_to_first_payment=-1)
    with pytest.raises(TypeError, match="needs a Shock and a Response"):
        respond("flood", vertical(FAMILY, 0.5, 3), *survey, year=2025, economy=economy)


def test_stated_time_to_first_payment():
    assert vertical(FAMILY, 0.5, 3).days_to_first_payment == 14
    assert (
        horizontal(FAMILY, 3, via="on_demand", days_to_first_payment=90).days_to_first_payment == 90
    )


def test_horizontal_via_idpoor_pays_new_idpoor_households_in_the_area(survey, economy, results):
    households, persons = survey
    paid = results[1].payments["hh_id"]
    chosen = households.set_index("hh_id").loc[paid.unique()]
    assert chosen["idpoor"].isin(["level 1", "level 2"]).all()
    assert chosen["province"].isin(FLOOD.provinces).all()
    current = set(results[0].payments["hh_id"])  # the vertical top-up pays current beneficiaries
    assert not current & set(paid)


def test_a_shock_on_no_province_affects_no_one(survey):
    households, _ = survey
    with pytest.raises(ValueError, match=r"affects no household of the survey \(0 in"):
        Shock("flood", [], share_affected=1.0).apply(households)


def test_respond_names_an_unknown_province(survey, economy):
    with pytest.raises(ValueError, match=r"provinces \['Atlantis'\] are not in the survey"):
        respond(
            Shock("flood", ["Atlantis"]),
            emergency(FLOOD_CASH, 3),
            *survey,
            year=2025,
            economy=economy,
        )


def test_respond_refuses_a_year_outside_the_tables(survey, economy):
    with pytest.raises(ValueError, match="year 2050 is outside the macro table"):
        respond(FLOOD, emergency(FLOOD_CASH, 3), *survey, year=2050, economy=economy)
