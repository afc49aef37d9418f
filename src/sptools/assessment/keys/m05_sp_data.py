"""Quiz answers of module 5 (social protection data), computed with sptools.coverage and
sptools.monitoring on the shipped survey and registers, with the module's recipe
(:mod:`sptools.recipes.sp_data`), and from the numbers of the questions.

Examples
--------
>>> from sptools.assessment.keys.m05_sp_data import KEYS
>>> round(KEYS["match_weight_of_agreement"](), 2)
6.49
>>> KEYS["recall_of_counts"]()
0.75
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd

from sptools.coverage import registry_errors, survey_coverage
from sptools.datasets import load_admin, load_households, load_persons
from sptools.design import Design
from sptools.monitoring import indicators, rollup
from sptools.recipes.sp_data import SCHEMES, register_flag, survey_people


@cache
def _people() -> pd.DataFrame:
    return survey_people(load_households(), load_persons())


@cache
def sdg_131_coverage() -> float:
    """SDG 1.3.1 on the survey: the weighted share of people covered by at least one scheme that
    both the survey and the registers hold (the recipe's SCHEMES)."""
    people = _people()
    return float(survey_coverage(people, list(SCHEMES), design=Design(people))["covered"])


@cache
def idpoor_exclusion_error() -> float:
    """The share of the consumption-poor who are not in the IDPoor register."""
    people = _people()
    flagged = people.assign(in_idpoor=register_flag(people, load_admin("truth"), "idpoor"))
    errors = registry_errors(flagged, "in_idpoor", "consumption_poor", design=Design(people))
    return float(errors.loc["consumption_poor", "exclusion_error"])


def match_weight_of_agreement() -> float:
    """The match weight of agreeing on a field with m = 0.9 and u = 0.01: log2(m / u)."""
    return math.log2(0.9 / 0.01)


def recall_of_counts() -> float:
    """Recall of a linkage with 150 links, 135 of them true, and 180 true pairs: 135 / 180."""
    return 135 / 180


@cache
def elderly_allowance_execution() -> float:
    """The budget execution rate of the elderly allowance over all provinces and months."""
    table = indicators(load_admin("payments"), load_admin("budget"), load_admin("grievances"))
    return float(rollup(table, ["programme"]).loc["elderly_allowance", "execution_rate"])


KEYS = {
    "sdg_131_coverage": sdg_131_coverage,
    "idpoor_exclusion_error": idpoor_exclusion_error,
    "match_weight_of_agreement": match_weight_of_agreement,
    "recall_of_counts": recall_of_counts,
    "elderly_allowance_execution": elderly_allowance_execution,
}
