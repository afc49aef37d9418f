"""Answer keys of module 0 ("Getting started"): right routes pass, typical mistakes get the hint.

The keys are checked against the published facts they must reproduce (census total, CSES 2019/20
headcount), against other correct ways a participant may compute the same answer, and against the
mistakes the workshop sees most (unweighted means, percentages for shares, published instead of
missing values). The hints must never give the answer away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sptools.datasets import cambodia_facts, load_reference
from sptools.exercises import Verdict
from sptools.exercises.answers.m00_getting_started import EXERCISES

KEYS = {exercise.id: exercise for exercise in EXERCISES}


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    table = load_reference("provinces")
    table["poor"] = table["population"] * table["poverty_rate"]
    return table


def test_golden_answers_match_the_published_facts():
    facts = cambodia_facts()
    assert KEYS["00.2"].answer_key == facts["population"]["census_2019"]["total"]
    assert KEYS["00.7"].answer_key == pytest.approx(facts["poverty"]["headcount_2019_20"], abs=5e-4)
    flood_2020 = facts["hazards"]["flood_2020_10"]
    assert KEYS["00.5"].answer_key == KEYS["00.1"].answer_key - len(flood_2020["worst"])


def test_poor_by_region_adds_up_to_the_national_number_of_poor():
    by_region = KEYS["00.6"].answer_key
    national_poor = KEYS["00.7"].answer_key * KEYS["00.2"].answer_key
    assert by_region.sum() == pytest.approx(national_poor, rel=1e-9)
    assert (by_region > 0).all()


#: Other correct ways to compute each answer, as a participant might.
CORRECT_ROUTES: list[tuple[str, str, Callable[[pd.DataFrame], Any]]] = [
    ("00.1", "shape", lambda p: p.shape[0]),
    ("00.1", "nunique", lambda p: p["province"].nunique()),
    ("00.2", "numpy sum", lambda p: np.sum(p["population"].to_numpy())),
    ("00.3", "idxmax", lambda p: p.loc[p["poverty_rate"].idxmax(), "province"]),
    (
        "00.3",
        "nlargest, lower case",
        lambda p: p.nlargest(1, "poverty_rate")["province"].item().lower(),
    ),
    ("00.4", "filtered column", lambda p: p.loc[p["urban_share"] > 0.5, "province"]),
    ("00.4", "reversed list", lambda p: p.query("urban_share > 0.5")["province"].tolist()[::-1]),
    ("00.5", "isnull", lambda p: p["flood_2020_households"].isnull().sum()),
    ("00.5", "rows minus published", lambda p: len(p) - p["flood_2020_households"].count()),
    ("00.6", "groupby a column", lambda p: p.groupby("region")["poor"].sum()),
    ("00.6", "sorted differently", lambda p: p.groupby("region")["poor"].sum().sort_values()),
    ("00.7", "total poor over total people", lambda p: p["poor"].sum() / p["population"].sum()),
    (
        "00.7",
        "rates times population shares",
        lambda p: (p["poverty_rate"] * p["population_share"]).sum(),
    ),
    (
        "00.8",
        "sum of population shares",
        lambda p: p.loc[p["flood_exposed"], "population_share"].sum(),
    ),
    (
        "00.8",
        "weighted mean of a True/False",
        lambda p: np.average(p["flood_exposed"], weights=p["population"]),
    ),
]


@pytest.mark.parametrize(
    ("exercise_id", "route", "compute"), CORRECT_ROUTES, ids=[r[1] for r in CORRECT_ROUTES]
)
def test_other_correct_routes_are_accepted(provinces, exercise_id, route, compute):
    feedback = KEYS[exercise_id].assess(compute(provinces))
    assert feedback.verdict is Verdict.CORRECT, f"{exercise_id} via {route}: {feedback.message}"


#: The mistakes seen most often in the workshop; each must be told "not quite" with the hint.
MISTAKES: list[tuple[str, str, Callable[[pd.DataFrame], Any]]] = [
    ("00.1", "provinces without the capital", lambda p: len(p) - 1),
    ("00.2", "unadjusted census column", lambda p: p["population_2019"].sum()),
    ("00.3", "least poor province", lambda p: p.loc[p["poverty_rate"].idxmin(), "province"]),
    ("00.3", "row label instead of name", lambda p: p["poverty_rate"].idxmax()),
    ("00.4", "at least 40% urban", lambda p: p.loc[p["urban_share"] > 0.4, "province"]),
    ("00.4", "one name missing", lambda p: p.loc[p["urban_share"] > 0.5, "province"].iloc[1:]),
    ("00.5", "published instead of missing", lambda p: p["flood_2020_households"].notna().sum()),
    ("00.6", "mean rate by region", lambda p: p.groupby("region")["poverty_rate"].mean()),
    ("00.6", "whole table by region", lambda p: p.groupby("region")[["poor"]].sum()),
    ("00.7", "unweighted mean", lambda p: p["poverty_rate"].mean()),
    ("00.7", "percentage", lambda p: 100 * np.average(p["poverty_rate"], weights=p["population"])),
    ("00.8", "share of provinces", lambda p: p["flood_exposed"].mean()),
    ("00.8", "percentage", lambda p: 100 * p.loc[p["flood_exposed"], "population_share"].sum()),
]


@pytest.mark.parametrize(
    ("exercise_id", "mistake", "compute"), MISTAKES, ids=[m[1] for m in MISTAKES]
)
def test_typical_mistakes_get_the_hint(provinces, exercise_id, mistake, compute):
    exercise = KEYS[exercise_id]
    feedback = exercise.assess(compute(provinces))
    assert feedback.verdict is Verdict.WRONG, f"{exercise_id}: {mistake} was accepted"
    assert exercise.hint in feedback.message
