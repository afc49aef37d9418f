"""Answer keys for module 4, "Costing, financing and shock response".

The exercises are in ``solutions/04-costing.ipynb`` (and, generated from it,
``exercises/04-costing.ipynb``). Every expected answer is computed from the shipped data through
:mod:`sptools.costing`, :mod:`sptools.shocks` and the module's recipes
(:mod:`sptools.recipes.costing_scenarios`), never typed by hand. Hints point to the method and
the attribute to read; they never state the answer.

Examples
--------
>>> from sptools.exercises.answers.m04_costing import EXERCISES
>>> [exercise.id for exercise in EXERCISES][:3]
['04.1', '04.2', '04.3']
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from sptools.costing import (
    Scenario,
    SimulationResult,
    eligibility_shares,
    financing,
    new_tax,
    project,
    reallocation,
    revenue_above_gdp,
    simulate,
)
from sptools.datasets import (
    cambodia_facts,
    load_economy,
    load_households,
    load_persons,
    load_reference,
)
from sptools.economy import Economy
from sptools.exercises.feedback import Exercise
from sptools.recipes.costing_scenarios import (
    YEAR,
    YEARS,
    budget_2024_khr,
    flood_cash,
    flood_shock,
)
from sptools.recipes.sp2lnob_scenarios import (
    child_benefit,
    disability_allowance,
    family_package,
    social_pension,
)
from sptools.shocks import ResponseResult, emergency, respond

def package() -> list:
    """The package of lessons 2 and 3: child benefit, social pension 65+, disability allowance."""
    return child_benefit(0.04) + social_pension(65) + disability_allowance("disability_id")


@cache
def _data() -> tuple[pd.DataFrame, pd.DataFrame, Economy, pd.DataFrame]:
    return (
        load_households(),
        load_persons(),
        load_economy(),
        load_reference("population_projections"),
    )


@cache
def _package_table() -> pd.DataFrame:
    households, persons, economy, projections = _data()
    schemes = package()
    return project(
        schemes,
        YEARS,
        scenario=Scenario(economy),
        projections=projections,
        eligibility=eligibility_shares(schemes, households, persons),
    )


@cache
def _package_simulation() -> SimulationResult:
    households, persons, economy, _ = _data()
    return simulate(package(), households, persons, year=YEAR, economy=economy)


@cache
def _flood_cash() -> ResponseResult:
    households, persons, economy, _ = _data()
    return respond(
        flood_shock(), emergency(flood_cash(), 3), households, persons, year=YEAR, economy=economy
    )


def _by_hand() -> float:
    identified = cambodia_facts()["social_protection"]["persons_with_disabilities_identified"]
    return float(identified * 20_000 * 12 * 1.05)


def _child_benefit_2025() -> float:
    households, persons, economy, projections = _data()
    schemes = child_benefit(0.04)
    table = project(
        schemes,
        [YEAR],
        scenario=Scenario(economy),
        projections=projections,
        eligibility=eligibility_shares(schemes, households, persons),
    )
    return float(table["cost_pct_gdp"].sum())


def _family_package_ratio() -> float:
    households, persons, economy, projections = _data()
    schemes = family_package()
    table = project(
        schemes,
        [2024],
        scenario=Scenario(economy),
        projections=projections,
        eligibility=eligibility_shares(schemes, households, persons),
    )
    return float(table["cost_khr"].sum() / budget_2024_khr(economy))


def _first_financed_year() -> int:
    _, _, economy, _ = _data()
    spending = cambodia_facts()["economy"]["budget_2025"]["expenditure"]
    plan = financing(
        _package_table(),
        economy,
        budget_pct_gdp=budget_2024_khr(economy) / economy.gdp_khr(2024),
        options={
            "reallocation": reallocation(economy, YEARS, 0.02, spending),
            "revenue growth": revenue_above_gdp(economy, YEARS, 0.01),
            "new tax": new_tax(economy, YEARS, 0.003, start_year=2027),
        },
    )
    return int(plan.index[plan["financed_share"] >= 1][0])


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "04.1",
        expected=_by_hand,
        hint="Multiply the persons identified by the monthly benefit, by 12 months and by "
        "(1 + the administrative rate); the answer is riel a year, a large number.",
    ),
    Exercise(
        "04.2",
        expected=_child_benefit_2025,
        hint="project(child_benefit(0.04), [YEAR], scenario=Scenario(economy), "
        "projections=projections, eligibility=eligibility_shares(...)) and read cost_pct_gdp; "
        "answer as a share of GDP (2% of GDP is 0.02).",
    ),
    Exercise(
        "04.3",
        expected=_family_package_ratio,
        hint="Project family_package() for the year 2024, add the schemes' cost_khr, and divide "
        "by budget_2024_khr(economy): a ratio, cost over budget.",
    ),
    Exercise(
        "04.4",
        expected=lambda: float(_package_table().query("year == 2030")["cost_pct_revenue"].sum()),
        hint="In the package's projection, keep the rows of 2030 and add cost_pct_revenue over "
        "the three schemes; answer as a share of revenue.",
    ),
    Exercise(
        "04.5",
        expected=lambda: float(
            _package_simulation().change.loc[("national", "all"), ("P0", "change")]
        ),
        hint='result.change has one row per group: read the ("national", "all") row, column '
        '("P0", "change"); answer as a share, negative for a fall.',
    ),
    Exercise(
        "04.6",
        expected=lambda: float(_package_simulation().change.loc[("national", "all"), ("P0", "se")]),
        hint='The same row of result.change, column ("P0", "se"): the standard error of the '
        "change, as a share (not the SE of poverty before or after).",
    ),
    Exercise(
        "04.7",
        expected=_first_financed_year,
        hint="financing(...) returns one row per year with financed_share; keep the years where "
        "it is at least 1 and take the first.",
    ),
    Exercise(
        "04.8",
        expected=lambda: float(_flood_cash().coverage_affected_poor),
        hint="respond(flood_shock(), emergency(flood_cash(), 3), ...) and read "
        "coverage_affected_poor (a share between 0 and 1).",
    ),
    Exercise(
        "04.9",
        expected=lambda: float(_flood_cash().idpoor_exclusion_error),
        hint="Any response's result has idpoor_exclusion_error: the share of the affected poor "
        "who are not in IDPoor (a share between 0 and 1).",
    ),
)
