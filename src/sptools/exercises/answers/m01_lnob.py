"""Answer keys for module 1, "Leaving no one behind": access by group, D, HOI, trees, Shapley, change.

The exercises are in ``solutions/01-lnob.ipynb`` (and, generated from it, ``exercises/01-lnob.ipynb``).
Every expected answer is computed from the shipped synthetic survey (or, for the worked example, from
the table of worked_examples.md) through :mod:`sptools.lnob`, never typed by hand. Hints nudge towards
the method; they never state the answer.

Examples
--------
>>> from sptools.exercises.answers.m01_lnob import EXERCISES
>>> [exercise.id for exercise in EXERCISES][:3]
['01.1', '01.2', '01.3']
"""

from __future__ import annotations

import warnings
from functools import cache

import pandas as pd

from sptools.datasets import load_households, load_persons
from sptools.design import Design
from sptools.exercises.feedback import Exercise
from sptools.indicators import MissingDataWarning
from sptools.lnob import d_index, hoi
from sptools.lnob.report import LNOBAnalysis, lnob_analysis, rows_from_cells

#: The worked example of the ESCAP method (worked_examples.md): four groups, their shares and rates.
WORKED_EXAMPLE = pd.DataFrame(
    {
        "wealth": ["Bottom 40", "Bottom 40", "Top 60", "Top 60"],
        "residence": ["Rural", "Urban", "Rural", "Urban"],
        "share": [0.35, 0.05, 0.40, 0.20],
        "rate": [0.30, 0.75, 0.55, 0.95],
    }
)
_WORKED_CIRCUMSTANCES = ["wealth", "residence"]


@cache
def _analysis(name: str, year: int = 2022) -> LNOBAnalysis:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        return lnob_analysis(name, load_households(year), load_persons(year))


def _worked_rows() -> pd.DataFrame:
    return rows_from_cells(WORKED_EXAMPLE, _WORKED_CIRCUMSTANCES)


def _worked_design() -> Design:
    return Design(_worked_rows(), weight="weight", strata=None, psu=None)


def _national_rate(name: str, year: int = 2022) -> float:
    return float(_analysis(name, year).rate)


def _electricity_by_residence() -> pd.Series:
    table = _analysis("electricity").data
    weighted = (
        (table["electricity"] * table["weight"]).groupby(table["residence"], observed=True).sum()
    )
    return (weighted / table["weight"].groupby(table["residence"], observed=True).sum()).rename(
        "rate"
    )


def _sanitation_d() -> float:
    result = _analysis("basic_sanitation")
    return float(
        d_index(result.data, "basic_sanitation", list(result.circumstances), design=result.design)
    )


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "01.1",
        expected=lambda: _national_rate("electricity"),
        hint="Each household counts with its sampling weight: use np.average(..., weights=...) on the "
        "0/1 column, not .mean(). Answer with a share between 0 and 1.",
    ),
    Exercise(
        "01.2",
        expected=_electricity_by_residence,
        hint='One weighted rate per residence: access_by_group(table, "electricity", ["residence"], '
        'design=Design(table)) gives them in its "rate" column (set the residence as the index), or '
        "divide the weighted sum of the outcome by the sum of the weights within each group.",
    ),
    Exercise(
        "01.3",
        expected=lambda: float(
            d_index(_worked_rows(), "access", _WORKED_CIRCUMSTANCES, design=_worked_design())
        ),
        hint="First the national rate p-bar = sum of share x rate. Then add up share x |rate - p-bar| over "
        "the four groups, and divide by 2 x p-bar.",
    ),
    Exercise(
        "01.4",
        expected=lambda: float(
            hoi(_worked_rows(), "access", _WORKED_CIRCUMSTANCES, design=_worked_design())
        ),
        hint="The HOI discounts the national rate for inequality: multiply p-bar by (1 - D).",
    ),
    Exercise(
        "01.5",
        expected=_sanitation_d,
        hint='Use the indicator\'s own circumstances (OPPORTUNITIES["basic_sanitation"].circumstances, '
        "four of them) and the survey design: d_index(table, outcome, circumstances, "
        "design=Design(table)).",
    ),
    Exercise(
        "01.6",
        expected=lambda: float(_analysis("clean_fuel").tree.furthest_behind["share"]),
        hint="Grow the tree with lnob_analysis; tree.furthest_behind is a row with a path, a share and a "
        'rate. The question asks for the group\'s size: its "share" of households, between 0 and 1.',
    ),
    Exercise(
        "01.7",
        expected=lambda: float(_analysis("stunting").tree.furthest_behind["rate"]),
        hint="Stunting is a barrier: the group furthest behind is the leaf with the highest prevalence. "
        'tree.furthest_behind knows this; answer with its "rate".',
    ),
    Exercise(
        "01.8",
        expected=lambda: _analysis("clean_fuel").main_circumstance,
        hint="Compare the Shapley contributions of the circumstances (analysis.shapley, or shapley_d) and "
        "name the largest, as text, written as the column name.",
    ),
    Exercise(
        "01.9",
        expected=lambda: (
            _national_rate("basic_sanitation", 2022) - _national_rate("basic_sanitation", 2014)
        ),
        hint="Compute the weighted national rate in each round (load_households(2014) and load_persons(2014) "
        "for the earlier one) and subtract the 2014 rate from the 2022 rate. Answer as a share "
        "(0.10 for ten points), not in percentage points.",
    ),
)
