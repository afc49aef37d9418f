"""Answer keys for module 2, "Multidimensional poverty with the Alkire-Foster method".

The exercises are in ``solutions/02-mpi.ipynb`` (and, generated from it, ``exercises/02-mpi.ipynb``).
Every expected answer is computed with :mod:`sptools.mpi` from the published four-person example or
from the shipped synthetic survey, never typed by hand. Hints nudge towards the method; they never
state the answer.

Examples
--------
>>> from sptools.exercises.answers.m02_mpi import EXERCISES
>>> [exercise.id for exercise in EXERCISES][:3]
['02.1', '02.2', '02.3']
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from functools import cache

import pandas as pd

from sptools.datasets import load_households, load_persons
from sptools.exercises.feedback import Exercise
from sptools.indicators import MissingDataWarning, global_mpi, survey_design
from sptools.mpi import GLOBAL_MPI, MPIResult, alkire_foster, compare_groups
from sptools.targeting import targeting_errors

#: Alkire & Foster (2011): achievements of four people and the deprivation cutoffs.
ACHIEVEMENTS = pd.DataFrame(
    [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20.0, 11, 3, 1]],
    columns=["income", "schooling", "health", "vote"],
)
CUTOFFS = {"income": 13, "schooling": 12, "health": 3, "vote": 1}
K = Fraction(1, 3)
#: Years between the two survey rounds.
YEARS = 2022 - 2014


def _four_people(k: Fraction) -> MPIResult:
    deprived = (ACHIEVEMENTS < pd.Series(CUTOFFS)).astype(int)
    return alkire_foster(deprived, {name: Fraction(1, 4) for name in CUTOFFS}, k)


@cache
def _deprivations(round: int) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        return global_mpi(load_households(round), load_persons(round))


@cache
def _global(round: int = 2022, by: str | None = None) -> MPIResult:
    table = _deprivations(round)
    return alkire_foster(table, GLOBAL_MPI, K, by=by, design=survey_design(table))


def _highest_province() -> str:
    return str(_global(by="province").groups["M0"].idxmax())


def _largest_contributor() -> str:
    return str(_global().indicators["contribution"].idxmax())


def _neighbours_differ() -> bool:
    pairs = compare_groups(_global(by="province"), "M0")
    pair = pairs[pairs[["group_a", "group_b"]].isin(["Ratanakiri", "Mondulkiri"]).all(axis=1)]
    return bool(pair["significant"].item())


def _annual_change_in_H() -> float:
    return (_global(2022).H - _global(2014).H) / YEARS


def _mpi_poor_outside_idpoor() -> float:
    people = _deprivations(2022).join(
        load_households(2022).set_index("hh_id")["idpoor"], on="hh_id"
    )
    errors = targeting_errors(
        _global().poor.to_numpy(),
        (people["idpoor"] != "none").to_numpy(),
        design=survey_design(people),
    )
    return float(errors["exclusion_error"])


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "02.1",
        expected=lambda: _four_people(Fraction(1, 2)).H,
        hint="Count the deprivations of each person (achievement strictly below the cutoff), keep those "
        "deprived in at least half of the indicators, and divide their number by the number of people.",
    ),
    Exercise(
        "02.2",
        expected=lambda: _four_people(Fraction(1, 4)).M0,
        hint="With k = 1/4 one deprivation is enough to be poor. M0 is the mean of the censored scores over "
        "everybody, poor or not (or H times A).",
    ),
    Exercise(
        "02.3",
        expected=lambda: float(_global().indicators.loc["d_educ", "censored"]),
        hint='Use the "censored" column of result.indicators (poor AND deprived), not "uncensored", and '
        "check that the result was computed with the person weights.",
    ),
    Exercise(
        "02.4",
        expected=lambda: _global().H,
        hint="Run alkire_foster on the global_mpi table with GLOBAL_MPI, k = Fraction(1, 3) and the "
        "survey design, design=Design(table). Answer with a share between 0 and 1.",
    ),
    Exercise(
        "02.5",
        expected=_highest_province,
        hint='Estimate with by="province", then find the row of result.groups with the largest "M0" '
        "(.idxmax() gives its label). Answer with the name, as text.",
    ),
    Exercise(
        "02.6",
        expected=_largest_contributor,
        hint='Find the largest value of the "contribution" column of result.indicators and answer with its '
        "index label (the column name of the indicator, as text).",
    ),
    Exercise(
        "02.7",
        expected=_neighbours_differ,
        hint='Use compare_groups on the result by province and read the "significant" column of the row '
        "with the two provinces; overlapping confidence intervals are not a test.",
    ),
    Exercise(
        "02.8",
        expected=_annual_change_in_H,
        hint="Subtract H in 2014 from H in 2022 and divide by the number of years between the rounds "
        "(change_over_time calls this the annualised absolute change). A fall is negative.",
    ),
    Exercise(
        "02.9",
        expected=_mpi_poor_outside_idpoor,
        hint='Among the MPI-poor persons (weighted), what share live in households whose idpoor is "none"? '
        "targeting_errors(target, selected, design=design) calls it the exclusion error.",
    ),
)
