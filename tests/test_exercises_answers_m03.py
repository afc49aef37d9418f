"""Answer keys of module 3 (SP2LNOB): keys agree with the lessons' method; mistakes get the hint."""

from __future__ import annotations

import warnings

import pytest

from sptools.datasets import cambodia_facts, load_economy, load_households, load_persons
from sptools.exercises import Verdict
from sptools.exercises.answers.m03_sp2lnob import EXERCISES
from sptools.recipes.sp2lnob_scenarios import YEAR, child_benefit
from sptools.sp2lnob import fit, simulate

KEYS = {exercise.id: exercise for exercise in EXERCISES}


@pytest.fixture(scope="module")
def result():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        households, persons, economy = load_households(), load_persons(), load_economy()
        step1 = fit(households, persons, "electricity")
        return simulate(child_benefit(), households, persons, step1, year=YEAR, economy=economy)


def test_there_are_eight_exercises_with_hints_that_do_not_give_the_answer():
    assert sorted(KEYS) == [f"03.{i}" for i in range(1, 9)]
    for exercise in EXERCISES:
        key = exercise.answer_key
        shown = [f"{key:.4f}", f"{key:.3f}", f"{100 * key:.1f}"]
        shown += [f"{key:,.0f}", f"{key:.0f}"] if abs(key) >= 1000 else []
        for text in shown:
            assert text not in exercise.hint, (exercise.id, text)


def test_keys_are_consistent_with_each_other_and_the_published_facts(result):
    population = cambodia_facts()["population"]["census_2019"]
    assert KEYS["03.1"].answer_key / population["total"] == pytest.approx(
        population["age_shares"]["0-14"], abs=0.005
    )
    assert KEYS["03.3"].answer_key < 0 and KEYS["03.4"].answer_key < 0
    assert KEYS["03.6"].answer_key >= KEYS["03.5"].answer_key
    assert KEYS["03.6"].answer_key - KEYS["03.5"].answer_key == pytest.approx(
        result.groups.loc[result.furthest_behind, "change"]
    )
    assert 0 < KEYS["03.2"].answer_key < result.cost_pct_gdp  # a pension 65+ costs less here
    assert KEYS["03.7"].answer_key < result.poverty.loc["before", "Palma"]


def test_the_lessons_route_passes(result):
    assert (
        KEYS["03.3"]
        .assess(result.poverty.loc["after", "P0"] - result.poverty.loc["before", "P0"])
        .verdict
        is Verdict.CORRECT
    )
    behind = result.groups.loc[result.furthest_behind]
    assert KEYS["03.5"].assess(behind["rate_before"]).verdict is Verdict.CORRECT


@pytest.mark.parametrize(
    ("exercise_id", "mistake"),
    [
        (
            "03.1",
            lambda k: k / 150,
        ),  # a count of sample rows is far smaller than the weighted count
        ("03.2", lambda k: 100 * k),  # percent instead of a share
        ("03.3", lambda k: -k),  # before minus after
        ("03.4", lambda k: 100 * k),  # points instead of a share
        ("03.5", lambda k: 100 * k),
        ("03.8", lambda k: -k),  # reclassify minus model
    ],
)
def test_typical_mistakes_get_the_hint(exercise_id, mistake):
    exercise = KEYS[exercise_id]
    feedback = exercise.assess(mistake(exercise.answer_key))
    assert feedback.verdict is Verdict.WRONG and exercise.hint in feedback.message


def test_blank_answers_are_not_answered_yet():
    assert all(exercise.assess(...).verdict is Verdict.BLANK for exercise in EXERCISES)
