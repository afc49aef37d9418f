"""Answer keys for module 3, "SP2LNOB": eligibility, cost, poverty, access and the channel.

The exercises are in ``solutions/03-sp2lnob.ipynb`` (and, generated from it,
``exercises/03-sp2lnob.ipynb``). Every expected answer is computed from the shipped synthetic
survey through :mod:`sptools.sp2lnob` and the module's recipes
(:mod:`sptools.recipes.sp2lnob_scenarios`), never typed by hand. Hints point to the method and
the attribute to read; they never state the answer.

Examples
--------
>>> from sptools.exercises.answers.m03_sp2lnob import EXERCISES
>>> [exercise.id for exercise in EXERCISES][:3]
['03.1', '03.2', '03.3']
"""

from __future__ import annotations

import warnings
from functools import cache

import pandas as pd

from sptools.datasets import load_economy, load_households, load_persons
from sptools.economy import Economy
from sptools.exercises.feedback import Exercise
from sptools.recipes.sp2lnob_scenarios import YEAR, child_benefit, family_package, social_pension
from sptools.sp2lnob import SP2LNOBResult, Step1, fit, simulate
from sptools.transfers import eligible, person_frame

#: The opportunity of the exercises on access (as in the guided tour).
OPPORTUNITY = "electricity"


@cache
def _survey() -> tuple[pd.DataFrame, pd.DataFrame, Economy]:
    return load_households(), load_persons(), load_economy()


@cache
def _step1(name: str) -> Step1:
    households, persons, _ = _survey()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit(households, persons, name)


@cache
def _result(
    scenario: str, opportunity: str = OPPORTUNITY, channel: str = "reclassify"
) -> SP2LNOBResult:
    households, persons, economy = _survey()
    schemes = {
        "child benefit": child_benefit,
        "pension 65+": lambda: social_pension(65),
        "family package": family_package,
    }[scenario]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return simulate(
            schemes,
            households,
            persons,
            _step1(opportunity),
            year=YEAR,
            economy=economy,
            channel=channel,
        )


def _eligible_children() -> float:
    households, persons, _ = _survey()
    people = person_frame(households, persons)
    return float(people.loc[eligible(child_benefit()[0], people), "weight"].sum())


def _poverty_change(measure: str) -> float:
    poverty = _result("child benefit").poverty
    return float(poverty.loc["after", measure] - poverty.loc["before", measure])


def _behind(column: str, channel: str = "reclassify") -> float:
    result = _result("child benefit", channel=channel)
    return float(result.groups.loc[result.furthest_behind, column])


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "03.1",
        expected=_eligible_children,
        hint="eligible(scheme, person_frame(households, persons)) gives one True/False per person; "
        "add up the persons' weights where it is True (a weighted number of children, not a count "
        "of rows).",
    ),
    Exercise(
        "03.2",
        expected=lambda: _result("pension 65+").cost_pct_gdp,
        hint="Simulate social_pension(65) with simulate(..., year=YEAR, economy=economy) and read the "
        "result's cost_pct_gdp. Answer as a share of GDP (2% of GDP is 0.02).",
    ),
    Exercise(
        "03.3",
        expected=lambda: _poverty_change("P0"),
        hint='result.poverty has a "before" and an "after" row; subtract before from after in the P0 '
        "column. A fall is negative; answer as a share, not in points.",
    ),
    Exercise(
        "03.4",
        expected=lambda: _poverty_change("P1"),
        hint="The poverty gap is the P1 column of result.poverty: after minus before, as a share "
        "(negative for a fall).",
    ),
    Exercise(
        "03.5",
        expected=lambda: _behind("rate_before"),
        hint="result.furthest_behind is the row label of the group in result.groups; read its "
        '"rate_before" with .loc. Answer as a share between 0 and 1.',
    ),
    Exercise(
        "03.6",
        expected=lambda: _behind("rate_after"),
        hint='The same row of result.groups as before, column "rate_after" (a share between 0 and 1).',
    ),
    Exercise(
        "03.7",
        expected=lambda: float(
            _result("family package", "basic_sanitation").poverty.loc["after", "Palma"]
        ),
        hint="Simulate family_package() (any opportunity: the Palma ratio does not depend on it) and "
        'read the "after" row, "Palma" column of result.poverty.',
    ),
    Exercise(
        "03.8",
        expected=lambda: _behind("change", "model") - _behind("change", "reclassify"),
        hint='Run the same child benefit with channel="model"; take the furthest-behind group\'s '
        '"change" in each result and subtract the reclassify one from the model one (a share).',
    ),
)
