"""Answer keys of module 5 (social protection data): keys agree with the lessons' methods and
with each other; typical mistakes get the hint."""

from __future__ import annotations

import pytest

from sptools import Design
from sptools.coverage import poor_coverage, survey_coverage
from sptools.datasets import load_admin, load_households, load_persons
from sptools.exercises import Verdict
from sptools.exercises.answers.m05_sp_data import EXERCISES
from sptools.recipes.sp_data import SCHEMES, SURVEY_ONLY_SCHEMES, survey_people

KEYS = {exercise.id: exercise for exercise in EXERCISES}


@pytest.fixture(scope="module")
def people():
    return survey_people(load_households(), load_persons())


def test_there_are_eight_exercises_with_hints_that_do_not_give_the_answer():
    assert sorted(KEYS) == [f"05.{i}" for i in range(1, 9)]
    for exercise in EXERCISES:
        key = exercise.answer_key
        shown = [f"{key:.4f}", f"{key:.3f}", f"{100 * key:.1f}"]
        shown += [f"{key:,.0f}", f"{key:.0f}"] if abs(key) >= 100 else []
        for text in shown:
            assert text not in exercise.hint, (exercise.id, text)


def test_keys_are_consistent_with_each_other_and_the_data(people):
    truth = load_admin("truth")
    members = load_admin("idpoor_members")
    disability = truth[truth["register"] == "disability"]
    true_duplicates = len(disability) - disability["person_id"].nunique()
    # The linkage finds nearly all the true duplicates (lesson 3's precision and recall).
    assert 0.9 * true_duplicates <= KEYS["05.3"].answer_key <= 1.1 * true_duplicates
    assert 0 < KEYS["05.2"].answer_key < len(members)
    # The published share of persons with disabilities in IDPoor is about 30%.
    assert KEYS["05.1"].answer_key == pytest.approx(0.30, abs=0.08)
    design = Design(people)
    # More schemes, fewer uncovered: the uncovered of the four schemes are fewer than those of two.
    two = 1 - KEYS["05.4"].answer_key
    four = KEYS["05.5"].answer_key / design.population
    assert 0 < four < two
    every = list(SCHEMES) + list(SURVEY_ONLY_SCHEMES)
    covered = survey_coverage(people, every, design=design)["covered"]
    assert four == pytest.approx(1 - covered)
    # The register misses the poor less often than the two schemes do.
    of_poor = poor_coverage(people, list(SCHEMES), "consumption_poor", design=design)
    assert KEYS["05.6"].answer_key < 1 - of_poor["consumption_poor"]
    assert 0 < KEYS["05.7"].answer_key <= 1 and 0 < KEYS["05.8"].answer_key < 1


@pytest.mark.parametrize(
    ("exercise_id", "mistake"),
    [
        ("05.1", lambda k: 100 * k),  # percent instead of a share
        ("05.2", lambda k: k + 7),  # problems instead of rows (some rows break two rules)
        ("05.4", lambda k: 100 * k),
        ("05.5", lambda k: k / 178),  # survey rows instead of weighted people
        ("05.6", lambda k: 1 - k),  # coverage instead of exclusion error
        ("05.7", lambda k: k * 1.02),  # averaged monthly rates
    ],
)
def test_typical_mistakes_get_the_hint(exercise_id, mistake):
    exercise = KEYS[exercise_id]
    feedback = exercise.assess(mistake(exercise.answer_key))
    assert feedback.verdict is Verdict.WRONG and exercise.hint in feedback.message


def test_the_lessons_route_passes(people):
    design = Design(people)
    lesson = survey_coverage(people, list(SCHEMES), design=design)
    assert KEYS["05.4"].assess(lesson["covered"]).verdict is Verdict.CORRECT
