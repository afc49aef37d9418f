"""Answer keys of module 4 (costing): keys agree with the library and the facts; mistakes get the
hint."""

from __future__ import annotations

import pytest

from sptools.datasets import cambodia_facts
from sptools.exercises import Verdict
from sptools.exercises.answers.m04_costing import EXERCISES

KEYS = {exercise.id: exercise for exercise in EXERCISES}


def test_there_are_nine_exercises_with_hints_that_do_not_give_the_answer():
    assert sorted(KEYS) == [f"04.{i}" for i in range(1, 10)]
    for exercise in EXERCISES:
        key = exercise.answer_key
        shown = [f"{key:.4f}", f"{key:.3f}", f"{100 * key:.1f}"]
        shown += [f"{key:,.0f}", f"{key:.0f}"] if abs(key) >= 1000 else []
        for text in shown:
            assert text not in exercise.hint, (exercise.id, text)


def test_the_keys_agree_with_the_published_facts():
    identified = cambodia_facts()["social_protection"]["persons_with_disabilities_identified"]
    assert KEYS["04.1"].answer_key == pytest.approx(identified * 20_000 * 12 * 1.05)
    # the self-check with the projection's 0-14 share of 2025 (28.5%): about 1.2% of GDP
    assert KEYS["04.2"].answer_key == pytest.approx(0.285 * 0.04 * 1.05, abs=5e-4)
    assert KEYS["04.3"].answer_key > 1  # the designed package costs more than its budget


def test_the_keys_are_consistent_with_each_other():
    assert KEYS["04.5"].answer_key < 0
    assert 0 < KEYS["04.6"].answer_key < abs(KEYS["04.5"].answer_key) / 5  # clearly non-zero
    assert 0 < KEYS["04.4"].answer_key < 1
    assert 2025 < KEYS["04.7"].answer_key <= 2035
    assert 0 < KEYS["04.8"].answer_key < 1 and 0 < KEYS["04.9"].answer_key < 1
    # the emergency transfer pays IDPoor households: it misses at least the affected poor
    # outside IDPoor
    assert KEYS["04.8"].answer_key <= 1 - KEYS["04.9"].answer_key + 1e-12


@pytest.mark.parametrize(
    ("exercise_id", "mistake"),
    [
        ("04.1", lambda k: k / 1.05 * 0.05),  # administration alone
        ("04.1", lambda k: k / 12),  # a month instead of a year
        ("04.2", lambda k: 100 * k),  # percent instead of a share
        ("04.4", lambda k: 100 * k),
        ("04.5", lambda k: -k),  # before minus after
        ("04.6", lambda k: 10 * k),
        ("04.7", lambda k: k - 1),
        ("04.8", lambda k: 1 - k),  # exclusion instead of coverage
        ("04.9", lambda k: 1 - k),
    ],
)
def test_typical_mistakes_get_the_hint(exercise_id, mistake):
    exercise = KEYS[exercise_id]
    feedback = exercise.assess(mistake(exercise.answer_key))
    assert feedback.verdict is Verdict.WRONG and exercise.hint in feedback.message


def test_right_answers_pass_and_blanks_are_not_answered_yet():
    assert all(
        exercise.assess(exercise.answer_key).verdict is Verdict.CORRECT for exercise in EXERCISES
    )
    assert all(exercise.assess(...).verdict is Verdict.BLANK for exercise in EXERCISES)
