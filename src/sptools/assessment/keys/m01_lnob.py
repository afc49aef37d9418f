"""Quiz answers of module 1 (LNOB), computed with sptools on the shipped survey and on the
four-group worked example of the lessons.

Examples
--------
>>> from sptools.assessment.keys.m01_lnob import KEYS
>>> round(KEYS["worked_example_d"](), 4)
0.1618
"""

from __future__ import annotations

import warnings
from functools import cache

from sptools.datasets import load_households, load_persons
from sptools.design import Design
from sptools.exercises.answers.m01_lnob import WORKED_EXAMPLE
from sptools.indicators import MissingDataWarning
from sptools.lnob import d_index
from sptools.recipes.lnob_report import LNOBAnalysis, lnob_analysis, rows_from_cells


@cache
def _analysis(name: str) -> LNOBAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        return lnob_analysis(name, load_households(), load_persons())


def worked_example_d() -> float:
    """D of the four-group worked example (shares and rates of the lesson's table)."""
    rows = rows_from_cells(WORKED_EXAMPLE, ["wealth", "residence"])
    design = Design(rows, weight="weight", strata=None, psu=None)
    return float(d_index(rows, "access", ["wealth", "residence"], design=design))


def electricity_rate() -> float:
    """The weighted share of households with electricity, 2022."""
    return float(_analysis("electricity").rate)


def clean_fuel_main_circumstance() -> str:
    """The circumstance with the largest Shapley contribution to D for clean cooking fuel."""
    return str(_analysis("clean_fuel").main_circumstance)


KEYS = {
    "worked_example_d": worked_example_d,
    "electricity_rate": electricity_rate,
    "clean_fuel_main_circumstance": clean_fuel_main_circumstance,
}
