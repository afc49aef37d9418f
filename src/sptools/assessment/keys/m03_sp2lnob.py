"""Quiz answers of module 3 (SP2LNOB), computed with sptools.sp2lnob on the shipped survey, with
the scenarios of the lessons (:mod:`sptools.recipes.sp2lnob_scenarios`).

Examples
--------
>>> from sptools.assessment.keys.m03_sp2lnob import KEYS
>>> 0 < KEYS["pension_cost_share_of_gdp"]() < 0.05
True
"""

from __future__ import annotations

import warnings
from functools import cache

from sptools.datasets import load_economy, load_households, load_persons
from sptools.recipes.sp2lnob_scenarios import YEAR, child_benefit, social_pension
from sptools.sp2lnob import SP2LNOBResult, fit, simulate


@cache
def _result(scenario: str) -> SP2LNOBResult:
    households, persons = load_households(), load_persons()
    schemes = {"child benefit": child_benefit, "pension 65+": lambda: social_pension(65)}[
        scenario
    ]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        step1 = fit(households, persons, "electricity")
        return simulate(schemes, households, persons, step1, year=YEAR, economy=load_economy())


def pension_cost_share_of_gdp() -> float:
    """The cost of a social pension from age 65 (the lessons' scenario), as a share of GDP."""
    return float(_result("pension 65+").cost_pct_gdp)


def child_benefit_poverty_change() -> float:
    """The change in the poverty headcount P0 with the universal child benefit (a share)."""
    poverty = _result("child benefit").poverty
    return float(poverty.loc["after", "P0"] - poverty.loc["before", "P0"])


KEYS = {
    "pension_cost_share_of_gdp": pension_cost_share_of_gdp,
    "child_benefit_poverty_change": child_benefit_poverty_change,
}
