"""Quiz answers of module 4 (costing, financing and shock response), computed with
sptools.costing and sptools.shocks on the shipped data, with the scenarios of the lessons
(:mod:`sptools.recipes.costing_scenarios`), and from the numbers of the questions.

Examples
--------
>>> from sptools.assessment.keys.m04_costing import KEYS
>>> round(KEYS["present_value_of_three_years"](), 2)
285.94
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from sptools.costing import Scenario, eligibility_shares, present_value, project
from sptools.datasets import (
    cambodia_facts,
    load_economy,
    load_households,
    load_persons,
    load_reference,
)
from sptools.recipes.costing_scenarios import YEAR, flood_cash, flood_shock
from sptools.recipes.sp2lnob_scenarios import child_benefit
from sptools.shocks import emergency, respond


def disability_allowance_by_hand() -> float:
    """The annual cost, in billion riel, of 20,000 riel a month to every person with a disability
    identified, with 5% administrative costs: N x b x 12 x (1 + admin)."""
    identified = cambodia_facts()["social_protection"]["persons_with_disabilities_identified"]
    return identified * 20_000 * 12 * (1 + 0.05) / 1e9


def present_value_of_three_years() -> float:
    """The present value in 2025, at 5% a year, of 100 billion riel paid in 2025, 2026 and 2027."""
    costs = pd.DataFrame({"year": [2025, 2026, 2027], "scheme": "scheme", "cost_khr": 100.0})
    return float(present_value(costs, 0.05, 2025)["total"])


@cache
def child_benefit_cost_2025() -> float:
    """The cost in 2025 of the lessons' child benefit (4% of GDP per capita), a share of GDP."""
    households, persons = load_households(), load_persons()
    schemes = child_benefit(0.04)
    table = project(
        schemes,
        [YEAR],
        scenario=Scenario(load_economy()),
        projections=load_reference("population_projections"),
        eligibility=eligibility_shares(schemes, households, persons),
    )
    return float(table["cost_pct_gdp"].sum())


@cache
def flood_cash_coverage() -> float:
    """The share of the flood's affected poor reached by the lessons' emergency cash (3 months)."""
    response = respond(
        flood_shock(),
        emergency(flood_cash(), 3),
        load_households(),
        load_persons(),
        year=YEAR,
        economy=load_economy(),
    )
    return float(response.coverage_affected_poor)


KEYS = {
    "disability_allowance_by_hand": disability_allowance_by_hand,
    "present_value_of_three_years": present_value_of_three_years,
    "child_benefit_cost_2025": child_benefit_cost_2025,
    "flood_cash_coverage": flood_cash_coverage,
}
