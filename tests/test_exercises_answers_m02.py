"""Answer keys of module 2 (multidimensional poverty): right routes pass, typical mistakes get the
hint.

The keys must reproduce the published four-person example of Alkire & Foster (2011) and stay close
to the published Cambodian figures the synthetic survey is calibrated to; other correct routes a
participant may take are accepted; the mistakes seen most often (uncensored for censored, no
weights, percentages for shares, k = 1/2 instead of 1/3) get the hint, and no hint gives the answer.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sptools.datasets import cambodia_facts, load_households, load_persons
from sptools.exercises import Verdict
from sptools.exercises.answers.m02_mpi import EXERCISES
from sptools.indicators import MissingDataWarning, global_mpi, survey_design
from sptools.mpi import GLOBAL_MPI, alkire_foster

KEYS = {exercise.id: exercise for exercise in EXERCISES}


@pytest.fixture(scope="module")
def survey() -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        deprivations = global_mpi(load_households(2022), load_persons(2022))
        deprivations_2014 = global_mpi(load_households(2014), load_persons(2014))
    households = load_households(2022).set_index("hh_id")
    return {
        "data": deprivations.join(households["idpoor"], on="hh_id"),
        "result": alkire_foster(
            deprivations, GLOBAL_MPI, Fraction(1, 3), design=survey_design(deprivations)
        ),
        "by_province": alkire_foster(
            deprivations,
            GLOBAL_MPI,
            Fraction(1, 3),
            by="province",
            design=survey_design(deprivations),
        ),
        "result_2014": alkire_foster(
            deprivations_2014, GLOBAL_MPI, Fraction(1, 3), design=survey_design(deprivations_2014)
        ),
    }


def test_golden_answers_of_the_published_example():
    assert KEYS["02.1"].answer_key == 1 / 2
    assert KEYS["02.2"].answer_key == 7 / 16


def test_survey_answers_are_close_to_the_published_figures():
    published = cambodia_facts()["multidimensional_poverty"]
    assert KEYS["02.4"].answer_key == pytest.approx(published["cdhs_2021_22"]["H"], abs=0.02)
    years = 2022 - 2014
    published_change = (
        published["cdhs_2021_22"]["H"] - published["cdhs_2014_harmonised"]["H"]
    ) / years
    assert KEYS["02.8"].answer_key == pytest.approx(published_change, abs=0.005)
    assert 0 < KEYS["02.3"].answer_key < KEYS["02.4"].answer_key
    assert 0 < KEYS["02.9"].answer_key < 1


def _weighted(data: pd.DataFrame, values: pd.Series) -> float:
    return float(np.average(values, weights=data["weight"]))


#: Other correct ways to compute each answer, as a participant might.
CORRECT_ROUTES: list[tuple[str, str, Callable[[dict[str, Any]], Any]]] = [
    ("02.1", "fraction", lambda s: Fraction(1, 2)),
    (
        "02.3",
        "weighted mean of deprived and poor",
        lambda s: _weighted(s["data"], s["data"]["d_educ"] * s["result"].poor.astype(int)),
    ),
    ("02.4", "weighted mean of poor", lambda s: _weighted(s["data"], s["result"].poor.astype(int))),
    ("02.4", "summary table", lambda s: s["result"].summary().loc["H", "estimate"]),
    ("02.4", "tidy table", lambda s: s["result"].to_frame().loc["H", "estimate"]),
    ("02.4", "estimates", lambda s: s["result"].estimates["H"]),
    (
        "02.5",
        "sorted groups, upper case",
        lambda s: s["by_province"].groups.sort_values("M0").index[-1].upper(),
    ),
    (
        "02.6",
        "largest absolute contribution",
        lambda s: s["result"].indicators["absolute_contribution"].idxmax(),
    ),
    ("02.8", "difference over eight years", lambda s: (s["result"].H - s["result_2014"].H) / 8),
    (
        "02.9",
        "share of the poor outside IDPoor",
        lambda s: _weighted(
            s["data"][s["result"].poor.to_numpy()],
            s["data"].loc[s["result"].poor.to_numpy(), "idpoor"] == "none",
        ),
    ),
]


@pytest.mark.parametrize(
    ("exercise_id", "route", "compute"), CORRECT_ROUTES, ids=[r[1] for r in CORRECT_ROUTES]
)
def test_other_correct_routes_are_accepted(survey, exercise_id, route, compute):
    feedback = KEYS[exercise_id].assess(compute(survey))
    assert feedback.verdict is Verdict.CORRECT, f"{exercise_id} via {route}: {feedback.message}"


#: The mistakes seen most often in the workshop; each must be told "not quite" with the hint.
MISTAKES: list[tuple[str, str, Callable[[dict[str, Any]], Any]]] = [
    ("02.1", "deprived in at least one", lambda s: 3 / 4),
    ("02.2", "intensity instead of M0", lambda s: 7 / 12),
    ("02.3", "uncensored headcount", lambda s: s["result"].indicators.loc["d_educ", "uncensored"]),
    ("02.3", "percentage", lambda s: 100 * s["result"].indicators.loc["d_educ", "censored"]),
    ("02.4", "without weights", lambda s: float(s["result"].poor.mean())),
    ("02.4", "k = 1/2 (severe)", lambda s: s["result"].severe),
    ("02.4", "M0 instead of H", lambda s: s["result"].M0),
    ("02.5", "lowest M0 instead of highest", lambda s: s["by_province"].groups["M0"].idxmin()),
    (
        "02.6",
        "largest uncensored headcount",
        lambda s: s["result"].indicators["uncensored"].idxmax(),
    ),
    ("02.7", "the opposite", lambda s: not KEYS["02.7"].answer_key),
    ("02.8", "total change, not per year", lambda s: s["result"].H - s["result_2014"].H),
    ("02.8", "sign reversed", lambda s: (s["result_2014"].H - s["result"].H) / 8),
    ("02.9", "coverage instead of exclusion", lambda s: 1 - KEYS["02.9"].answer_key),
]


@pytest.mark.parametrize(
    ("exercise_id", "mistake", "compute"), MISTAKES, ids=[m[1] for m in MISTAKES]
)
def test_typical_mistakes_get_the_hint(survey, exercise_id, mistake, compute):
    exercise = KEYS[exercise_id]
    feedback = exercise.assess(compute(survey))
    assert feedback.verdict is Verdict.WRONG, f"{exercise_id}: {mistake} was accepted"
    assert exercise.hint in feedback.message
