"""Rules every module's answer keys follow (module-specific routes and mistakes live in
tests/test_exercises_answers_mNN.py).

For each answer-key module ``sptools.exercises.answers.mNN_<name>``: ids run NN.1 upwards without
gaps, every expected answer is computed (never typed), no hint gives its answer away, and the
solutions notebook ``solutions/NN-*.ipynb`` checks each exercise once, in order.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from conftest import REPOSITORY, read_notebook

import sptools.exercises.answers as answers

MODULES = sorted(info.name for info in pkgutil.iter_modules(answers.__path__))
EXERCISES = [
    exercise
    for name in MODULES
    for exercise in importlib.import_module(f"{answers.__name__}.{name}").EXERCISES
]


def _module_number(name: str) -> str:
    return re.fullmatch(r"m(\d\d)_\w+", name)[1]


def _keys(name: str) -> list[str]:
    return [
        exercise.id for exercise in importlib.import_module(f"{answers.__name__}.{name}").EXERCISES
    ]


@pytest.mark.parametrize("name", MODULES)
def test_ids_are_numbered_upwards_without_gaps(name):
    number = _module_number(name)
    ids = _keys(name)
    assert ids == [f"{number}.{n}" for n in range(1, len(ids) + 1)]
    assert 6 <= len(ids) <= 10, "a module's practice notebook has 6 to 10 exercises"


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_every_expected_answer_is_computed_from_the_data_not_typed(exercise):
    assert callable(exercise.expected), f"{exercise.id}: compute the answer key from the data"


def _renderings(answer: Any) -> set[str]:
    """The ways an answer could be written in a hint."""
    if isinstance(answer, (bool, np.bool_)):
        return {str(bool(answer)).casefold()}
    if isinstance(answer, str):
        return {answer.casefold()}
    if isinstance(answer, pd.Series):
        return {str(label).casefold() for label in answer.index} | {
            t for v in answer for t in _renderings(v)
        }
    if isinstance(answer, (list, tuple)):
        return {t for v in answer for t in _renderings(v)}
    value = float(answer)
    if abs(value) >= 2:  # a count
        return {f"{value:,.0f}", f"{value:.0f}"}
    shares = {f"{value:.2f}", f"{value:.3f}", f"{value:.1%}", f"{value:.0%}"}
    return shares | {str(Fraction(value).limit_denominator(100))} if value else shares


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.id)
def test_hints_nudge_without_giving_the_answer(exercise):
    hint = exercise.hint.casefold()
    assert len(hint) > 30, f"{exercise.id}: a hint should say how to get there"
    revealed = [
        text
        for text in _renderings(exercise.answer_key)
        if re.search(rf"(?<![\w.]){re.escape(text)}(?!\w)", hint)
    ]
    assert not revealed, f"the hint of {exercise.id} gives the answer away: {revealed}"


@pytest.mark.parametrize("name", MODULES)
def test_the_solutions_notebook_checks_each_exercise_once_in_order(name):
    number = _module_number(name)
    (solutions,) = (REPOSITORY / "solutions").glob(f"{number}-*.ipynb")
    code = "\n".join(
        "".join(cell["source"])
        for cell in read_notebook(solutions)["cells"]
        if cell["cell_type"] == "code"
    )
    assert re.findall(rf"""\bcheck\(\s*["']({number}\.\d+)["']""", code) == _keys(name)


def test_the_renderings_catch_an_answer_in_a_hint():
    assert (
        "17.8%" in _renderings(0.178)
        and "25" in _renderings(25)
        and "preah vihear" in _renderings("Preah Vihear")
    )
