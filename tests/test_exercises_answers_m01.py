"""Answer keys of module 1 ("Leaving no one behind"): right routes pass, typical mistakes get the
hint.

The keys are checked against the published worked example (worked_examples.md), against each other
(the residence rates average to the national rate), against other correct ways a participant may
compute the same answer, and against the mistakes the workshop sees most (unweighted rates,
percentages for shares, the factor 2 of D, a barrier read as an opportunity). Hints must never give
the answer away.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.datasets import cambodia_facts, load_households, load_persons
from sptools.exercises import Verdict
from sptools.exercises.answers.m01_lnob import EXERCISES, WORKED_EXAMPLE
from sptools.indicators import MissingDataWarning
from sptools.lnob import access_by_group, d_index, hoi
from sptools.recipes.lnob_report import lnob_analysis, rows_from_cells

KEYS = {exercise.id: exercise for exercise in EXERCISES}
TWO = ["wealth", "residence"]


def weighted(data: pd.DataFrame) -> Design:
    """The design of rows with a weight column only (no strata, every row its own PSU)."""
    return Design(data, weight="weight", strata=None, psu=None)


@pytest.fixture(scope="module")
def work() -> dict[str, Any]:
    """What a participant has at hand: the analyses and tables of the exercises."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        survey = {year: (load_households(year), load_persons(year)) for year in (2014, 2022)}
        return {
            "electricity": lnob_analysis("electricity", *survey[2022]),
            "sanitation": lnob_analysis("basic_sanitation", *survey[2022]),
            "sanitation_2014": lnob_analysis("basic_sanitation", *survey[2014]),
            "clean_fuel": lnob_analysis("clean_fuel", *survey[2022]),
            "stunting": lnob_analysis("stunting", *survey[2022]),
            "cells": WORKED_EXAMPLE,
            "rows": rows_from_cells(WORKED_EXAMPLE, TWO),
        }


def test_golden_answers_match_the_published_worked_example():
    assert KEYS["01.3"].answer_key == pytest.approx(0.17875 / (2 * 0.5525), rel=1e-12)
    assert round(KEYS["01.3"].answer_key, 5) == 0.16176
    assert KEYS["01.4"].answer_key == pytest.approx(0.463125, rel=1e-12)


def test_keys_agree_with_each_other_and_with_the_published_pattern(work):
    by_residence = KEYS["01.2"].answer_key
    shares = access_by_group(
        work["electricity"].data,
        "electricity",
        ["residence"],
        design=weighted(work["electricity"].data),
    ).set_index("residence")
    assert np.average(
        by_residence, weights=shares.loc[by_residence.index, "share"]
    ) == pytest.approx(KEYS["01.1"].answer_key)
    assert (
        KEYS["01.7"].answer_key > work["stunting"].rate
    )  # furthest behind: above the national prevalence
    assert "residence for clean fuel" in cambodia_facts()["lnob_access_cdhs_2014"]["note"]
    assert KEYS["01.8"].answer_key == "residence"
    assert 0 < KEYS["01.6"].answer_key < 1 and 0 < KEYS["01.9"].answer_key < 1


def _moved_share(cells: pd.DataFrame) -> float:
    """D as the share of access that would have to move from the groups above p-bar."""
    p_bar = (cells["share"] * cells["rate"]).sum()
    above = cells["rate"] > p_bar
    return float((cells["share"] * (cells["rate"] - p_bar))[above].sum() / p_bar)


def _p_bar(cells: pd.DataFrame) -> float:
    return float((cells["share"] * cells["rate"]).sum())


def _hand_d(cells: pd.DataFrame, *, factor: float = 2.0) -> float:
    p_bar = _p_bar(cells)
    return float((cells["share"] * (cells["rate"] - p_bar).abs()).sum() / (factor * p_bar))


def _weighted_by(table: pd.DataFrame, outcome: str, by: str) -> pd.Series:
    weighted = (table[outcome] * table["weight"]).groupby(table[by], observed=True).sum()
    return weighted / table["weight"].groupby(table[by], observed=True).sum()


#: Other correct ways to compute each answer, as a participant might.
CORRECT_ROUTES: list[tuple[str, str, Callable[[dict], Any]]] = [
    ("01.1", "analysis rate", lambda w: w["electricity"].rate),
    (
        "01.1",
        "sum of weights",
        lambda w: (
            w["electricity"].data.eval("electricity * weight").sum()
            / w["electricity"].data["weight"].sum()
        ),
    ),
    (
        "01.2",
        "access_by_group",
        lambda w: access_by_group(
            w["electricity"].data,
            "electricity",
            ["residence"],
            design=weighted(w["electricity"].data),
        ).set_index("residence")["rate"],
    ),
    (
        "01.2",
        "groupby, reordered",
        lambda w: _weighted_by(w["electricity"].data, "electricity", "residence").iloc[::-1],
    ),
    ("01.3", "pandas by hand", lambda w: _hand_d(w["cells"])),
    (
        "01.3",
        "equal-weight rows",
        lambda w: d_index(rows_from_cells(w["cells"], TWO, n=400), "access", TWO),
    ),
    ("01.3", "share of access that moves", lambda w: _moved_share(w["cells"])),
    ("01.4", "hoi()", lambda w: hoi(w["rows"], "access", TWO, design=weighted(w["rows"]))),
    ("01.4", "by hand", lambda w: _p_bar(w["cells"]) * (1 - _hand_d(w["cells"]))),
    ("01.5", "analysis D", lambda w: w["sanitation"].d),
    ("01.5", "sum of Shapley", lambda w: w["sanitation"].shapley.sum()),
    (
        "01.6",
        "lowest leaf",
        lambda w: w["clean_fuel"].tree.leaves.sort_values("rate")["share"].iloc[0],
    ),
    ("01.7", "highest leaf", lambda w: w["stunting"].tree.leaves["rate"].max()),
    ("01.8", "capitalised", lambda w: w["clean_fuel"].shapley_shares.idxmax().capitalize()),
    ("01.9", "analysis rates", lambda w: w["sanitation"].rate - w["sanitation_2014"].rate),
]


@pytest.mark.parametrize(
    ("exercise_id", "route", "compute"), CORRECT_ROUTES, ids=[r[1] for r in CORRECT_ROUTES]
)
def test_other_correct_routes_are_accepted(work, exercise_id, route, compute):
    feedback = KEYS[exercise_id].assess(compute(work))
    assert feedback.verdict is Verdict.CORRECT, f"{exercise_id} via {route}: {feedback.message}"


#: The mistakes seen most often in the workshop; each must be told "not quite" with the hint.
MISTAKES: list[tuple[str, str, Callable[[dict], Any]]] = [
    ("01.1", "unweighted mean", lambda w: w["electricity"].data["electricity"].mean()),
    ("01.1", "percentage", lambda w: 100 * w["electricity"].rate),
    (
        "01.2",
        "unweighted by group",
        lambda w: w["electricity"].data.groupby("residence", observed=True)["electricity"].mean(),
    ),
    ("01.3", "without the factor 2", lambda w: _hand_d(w["cells"], factor=1.0)),
    (
        "01.3",
        "unweighted gaps",
        lambda w: (w["cells"]["rate"] - _p_bar(w["cells"])).abs().mean() / (2 * _p_bar(w["cells"])),
    ),
    ("01.4", "p-bar times D", lambda w: _p_bar(w["cells"]) * _hand_d(w["cells"])),
    ("01.4", "one minus D", lambda w: 1 - _hand_d(w["cells"])),
    (
        "01.5",
        "without weights",
        lambda w: d_index(
            w["sanitation"].data, "basic_sanitation", list(w["sanitation"].circumstances)
        ),
    ),
    (
        "01.5",
        "two circumstances",
        lambda w: d_index(
            w["sanitation"].data, "basic_sanitation", TWO, design=weighted(w["sanitation"].data)
        ),
    ),
    (
        "01.6",
        "the rate instead of the share",
        lambda w: w["clean_fuel"].tree.furthest_behind["rate"],
    ),
    ("01.6", "furthest ahead", lambda w: w["clean_fuel"].tree.furthest_ahead["share"]),
    ("01.7", "read as an opportunity", lambda w: w["stunting"].tree.leaves["rate"].min()),
    ("01.7", "national prevalence", lambda w: w["stunting"].rate),
    ("01.8", "wealth", lambda w: "wealth"),
    ("01.8", "a level, not a circumstance", lambda w: "Rural"),
    (
        "01.9",
        "percentage points",
        lambda w: 100 * (w["sanitation"].rate - w["sanitation_2014"].rate),
    ),
    ("01.9", "2014 minus 2022", lambda w: w["sanitation_2014"].rate - w["sanitation"].rate),
]


@pytest.mark.parametrize(
    ("exercise_id", "mistake", "compute"), MISTAKES, ids=[m[1] for m in MISTAKES]
)
def test_typical_mistakes_get_the_hint(work, exercise_id, mistake, compute):
    exercise = KEYS[exercise_id]
    feedback = exercise.assess(compute(work))
    assert feedback.verdict is Verdict.WRONG, f"{exercise_id}: {mistake} was accepted"
    assert exercise.hint in feedback.message
