"""Module 4 recipes: the calibrated flood, the precedents' amounts, tables and the costed brief."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sptools import shocks
from sptools.costing import Scenario, eligibility_shares, financing, project, simulate
from sptools.datasets import (
    cambodia_facts,
    load_economy,
    load_households,
    load_persons,
    load_reference,
)
from sptools.recipes import costing_scenarios as recipes
from sptools.recipes.shock_precedents import precedents
from sptools.shocks import emergency, respond, vertical


@pytest.fixture(scope="module")
def survey():
    return load_households(), load_persons(), load_economy()


def test_most_flood_exposed_ranks_the_2020_counts():
    worst = cambodia_facts()["hazards"]["flood_2020_10"]["worst"]
    assert recipes.most_flood_exposed(3) == sorted(worst, key=worst.get, reverse=True)
    assert recipes.most_flood_exposed(1) == ["Battambang"]
    with pytest.raises(ValueError, match="n must be between 1 and 3"):
        recipes.most_flood_exposed(4)


def test_flood_2020_share_by_hand():
    facts = cambodia_facts()
    table = load_reference("provinces").set_index("province")
    chosen = ["Battambang", "Pursat"]
    households = table.loc[chosen, "population"].sum() / 4.38
    expected = (66088 + 15622) / households
    assert facts["population"]["census_2019"]["mean_household_size"] == 4.38
    assert recipes.flood_2020_share(chosen) == pytest.approx(expected)
    with pytest.raises(ValueError, match=r"provinces \['Atlantis'\] are unknown"):
        recipes.flood_2020_share(["Atlantis"])
    with pytest.raises(ValueError, match=r"no 2020 flood count for \['Kep'\]"):
        recipes.flood_2020_share(["Kep"])


def test_the_default_flood_matches_2020_in_size(survey):
    households, _, economy = survey
    flood = recipes.flood_shock()
    assert flood.provinces == tuple(recipes.most_flood_exposed(3))
    shocked = flood.apply(households)
    in_area = shocked["in_area"]
    hit = (shocked.loc[in_area, "weight"] * shocked.loc[in_area, "affected"]).sum()
    assert hit / shocked.loc[in_area, "weight"].sum() == pytest.approx(
        flood.share_affected, abs=0.03
    )
    assert flood.consumption_loss == recipes.FLOOD_LOSS and flood.months == 3


def test_flood_cash_pays_the_2022_amount_in_2022_riel(survey):
    _, _, economy = survey
    scheme = recipes.flood_cash()
    precedent = precedents()["flood_2022"]
    assert (
        scheme.benefit.monthly_khr(2022, economy)
        == pytest.approx(47e9 / 99169 / 3)
        == pytest.approx(precedent.monthly_khr_per_household)
    )
    assert scheme.unit == "household" and scheme.requires_idpoor


def test_budget_2024_in_riel(survey):
    _, _, economy = survey
    assert recipes.budget_2024_khr(economy) == pytest.approx(165e6 * 4070)


def test_base_assistance_roll_out():
    assert recipes.ROLL_OUT_2024 == pytest.approx(570 / 700)
    assert recipes.base_assistance(coverage=recipes.ROLL_OUT_2024).coverage < 1
    assert recipes.wage_subsidy()["monthly_total_usd"] == 170_000 * 40


def test_response_table_and_timeliness(survey):
    households, persons, economy = survey
    flood = recipes.flood_shock()
    base = recipes.base_assistance(coverage=recipes.ROLL_OUT_2024)
    results = {
        "top-up": respond(
            flood, vertical(base, 1.0, 3), households, persons, year=2025, economy=economy
        ),
        "slow": respond(
            flood,
            emergency(recipes.flood_cash(), 3, days_to_first_payment=400),
            households,
            persons,
            year=2025,
            economy=economy,
        ),
    }
    table = recipes.response_table(results)
    assert table.loc["top-up", "months without help"] == pytest.approx(14 / (365.25 / 12))
    assert table.loc["slow", "months without help"] == 3  # capped at the shock's months
    row = table.loc["top-up"]
    assert row["exclusion of affected (%)"] == pytest.approx(100 * results["top-up"].exclusion_rate)
    assert row["P0 affected, response (%)"] <= row["P0 affected, shock (%)"]


def test_assumptions_are_the_library_defaults():
    table = recipes.assumptions().set_index("assumption")
    assert table.loc["food share of consumption (price shocks)", "value"] == shocks.FOOD_SHARE
    for key, days in shocks.DAYS_TO_FIRST_PAYMENT.items():
        assert table.loc[f"days to first payment: {key}", "value"] == days
    assert table.loc["consumption lost by a flooded household", "value"] == recipes.FLOOD_LOSS
    assert table["why this value"].str.len().gt(20).all()
    assert table["how to change"].str.len().gt(5).all()


@pytest.fixture(scope="module")
def disability_brief(survey):
    households, persons, economy = survey
    group = recipes.BRIEF_GROUPS["persons with disabilities"]
    schemes = group.schemes()
    projection = project(
        schemes,
        recipes.YEARS,
        scenario=Scenario(economy),
        projections=load_reference("population_projections"),
        eligibility=eligibility_shares(schemes, households, persons),
    )
    simulation = simulate(schemes, households, persons, year=2025, economy=economy)
    plan = financing(projection, economy, budget_pct_gdp=0.0)
    return group, schemes, projection, simulation, plan


def test_changes_table_reads_the_simulation(disability_brief):
    group, _, _, simulation, _ = disability_brief
    table = recipes.changes_table({"a": simulation}, group.breakdown, group.group)
    change = simulation.change.loc[(group.breakdown, group.group)]
    assert table.loc["a", "P0 change (points)"] == pytest.approx(100 * change[("P0", "change")])
    assert np.isnan(table.loc["a", "lifted per billion riel"])
    with pytest.raises(KeyError, match="no group"):
        recipes.changes_table({"a": simulation}, "province", "Atlantis")


def test_the_costed_brief_quotes_the_results(disability_brief):
    group, schemes, projection, simulation, plan = disability_brief
    text = recipes.costed_brief(
        title="T",
        group="G",
        problem="P.",
        schemes=schemes,
        projection=projection,
        simulation=simulation,
        breakdown=group.breakdown,
        group_label=group.group,
        who=group.who,
        plan=plan,
        indicators=["an indicator"],
    )
    cost_2030 = projection.query("year == 2030")["cost_pct_gdp"].sum()
    assert "| 2030 |" in text and f"{cost_2030:.2%}" in text
    change = simulation.change.loc[(group.breakdown, group.group), ("P0", "change")]
    assert f"{100 * change:+.1f} percentage points" in text
    assert "Synthetic data" in text and "- an indicator" in text
    assert "## 6." not in text  # no shock given
    assert "Years not fully financed: 2025" in text  # no budget, no option
    with pytest.raises(KeyError, match="no group"):
        recipes.costed_brief(
            title="T",
            group="G",
            problem="P.",
            schemes=schemes,
            projection=projection,
            simulation=simulation,
            breakdown="province",
            group_label="Atlantis",
            who="nobody",
            plan=plan,
        )


def test_every_brief_group_is_a_row_of_the_simulation(survey, disability_brief):
    simulation = disability_brief[3]
    for group in recipes.BRIEF_GROUPS.values():
        assert (group.breakdown, group.group) in simulation.change.index
        assert group.schemes() and group.who and group.title


def test_financing_columns_are_the_table_of_financing(survey):
    _, _, economy = survey
    table = pd.DataFrame({"year": [2025], "scheme": "a", "cost_khr": [1e12]})
    plan = financing(table, economy, budget_pct_gdp=0.001)
    assert set(plan.columns) == set(recipes.FINANCING_COLUMNS)
