"""The exercise pipeline: kind feedback from check(), and exercises/ generated from solutions/."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import REPOSITORY, read_notebook

from sptools.exercises import EXERCISES, Exercise, Verdict, check, check_or_raise
from sptools.exercises.__main__ import stale_exercises
from sptools.exercises.notebooks import blank_solutions, exercise_notebook

NUMBER = Exercise("99.1", expected=lambda: 0.25, hint="Divide the poor by the population.")


@pytest.mark.parametrize(
    ("answer", "verdict"),
    [
        (..., Verdict.BLANK),
        (None, Verdict.BLANK),
        (0.25, Verdict.CORRECT),
        (0.250001, Verdict.CORRECT),
        (0.26, Verdict.WRONG),
        ("a quarter", Verdict.WRONG),
        (pd.Series([0.25]), Verdict.CORRECT),
        (pd.DataFrame({"x": [1, 2]}), Verdict.WRONG),
    ],
)
def test_numbers_are_compared_with_a_tolerance(answer, verdict):
    assert NUMBER.assess(answer).verdict is verdict


def test_a_wrong_answer_gets_the_hint_and_a_wrong_kind_is_explained():
    assert "Divide the poor" in NUMBER.assess(0.3).message
    assert "expects a single number" in NUMBER.assess(pd.DataFrame({"x": [1, 2]})).message


def test_text_and_lists_ignore_case_spacing_and_order():
    name = Exercise("99.2", expected="Preah Vihear", hint="Sort.")
    assert name.assess("  preah   VIHEAR ").verdict is Verdict.CORRECT
    names = Exercise("99.3", expected=["Kep", "Kandal"], hint="Filter.")
    assert names.assess(pd.Series(["kandal", "Kep"])).verdict is Verdict.CORRECT
    assert names.assess(["Kandal"]).verdict is Verdict.WRONG
    ordered = Exercise("99.4", expected=[1, 2, 3], hint="Sort.", ordered=True)
    assert ordered.assess([3, 2, 1]).verdict is Verdict.WRONG


def test_series_are_compared_by_label():
    by_region = Exercise("99.5", expected=pd.Series({"Plains": 2.0, "Coastal": 1.0}), hint="Group.")
    assert by_region.assess(pd.Series({"Coastal": 1.0, "Plains": 2.0})).verdict is Verdict.CORRECT
    assert by_region.assess(pd.Series({"Coastal": 2.0, "Plains": 1.0})).verdict is Verdict.WRONG
    assert by_region.assess(pd.Series({"Coastal": 1.0})).verdict is Verdict.WRONG


def test_check_prints_feedback_and_never_raises(capsys):
    some_id = next(iter(EXERCISES))
    for answer in (..., "nonsense", object(), pd.DataFrame(), 10**400, [[1, 2], [3]]):
        feedback = check(some_id, answer)
        assert not feedback
    assert check("no-such-id", 1).verdict is Verdict.WRONG
    printed = capsys.readouterr().out
    assert "not answered yet" in printed and "no exercise with this id" in printed


def test_check_or_raise_stops_on_a_wrong_answer():
    with pytest.raises(AssertionError, match="Exercise .*Hint"):
        check_or_raise(next(iter(EXERCISES)), "nonsense")


def test_blanking_keeps_assigned_names_and_removes_the_rest():
    source = (
        "x = 1\n    # BEGIN SOLUTION\n    y = x * 2\n    print(y)\n"
        "    # END SOLUTION\ncheck('1', y)"
    )
    assert blank_solutions(source) == (
        "x = 1\n    # Write your code here, then run the cell.\n    y = ...\ncheck('1', y)"
    )
    assert blank_solutions("# BEGIN SOLUTION\nimport math\n# END SOLUTION\nok = 1") == "ok = 1"


@pytest.mark.parametrize(
    "broken",
    [
        "# BEGIN SOLUTION\nx = 1",
        "x = 1\n# END SOLUTION",
        "# BEGIN SOLUTION\n# BEGIN SOLUTION\n# END SOLUTION",
        "# BEGIN SOLUTION\nx = (\n# END SOLUTION",
    ],
)
def test_malformed_solution_blocks_are_reported(broken):
    with pytest.raises(ValueError, match="(?i)solution|python"):
        blank_solutions(broken)


def test_solution_cells_and_title_suffix_are_removed():
    notebook = {
        "cells": [
            {
                "cell_type": "markdown",
                "metadata": {},
                "source": "# Exercises: data (solutions)\nText",
            },
            {"cell_type": "markdown", "metadata": {"tags": ["solution"]}, "source": "Because..."},
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [{"x": 1}],
                "execution_count": 4,
                "source": "a = 1",
            },
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    exercise = exercise_notebook(notebook)
    assert [c["source"] for c in exercise["cells"]] == ["# Exercises: data\nText", "a = 1"]
    assert exercise["cells"][1]["outputs"] == [] and exercise["cells"][1]["execution_count"] is None
    assert notebook["cells"][2]["outputs"] == [{"x": 1}], (
        "the solution notebook must not be modified"
    )


def test_exercises_are_up_to_date_with_solutions():
    stale = stale_exercises(REPOSITORY)
    assert not stale, (
        f"out of date: {[str(p.relative_to(REPOSITORY)) for p in stale]}; regenerate them with "
        "`python3 tasks.py exercises --force` (a .bak copy of each replaced notebook is kept)"
    )


SOLUTIONS = sorted((REPOSITORY / "solutions").glob("*.ipynb"))
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([^"']+)["']""")


def _code(path) -> str:
    return "\n".join(
        "".join(c["source"]) for c in read_notebook(path)["cells"] if c["cell_type"] == "code"
    )


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_solutions_fail_loudly_on_a_wrong_answer(path):
    assert "import check_or_raise as check" in _code(path), (
        "a solution notebook must import check_or_raise as check inside a solution block"
    )


def test_every_answer_key_is_used_by_a_solution_and_every_check_has_a_key():
    used = {exercise_id for path in SOLUTIONS for exercise_id in CHECK_CALL.findall(_code(path))}
    assert used <= set(EXERCISES), f"solutions check unknown ids: {sorted(used - set(EXERCISES))}"
    assert set(EXERCISES) <= used, f"answer keys no solution uses: {sorted(set(EXERCISES) - used)}"


def test_exercise_notebooks_hold_no_solutions():
    for path in (REPOSITORY / "exercises").glob("*.ipynb"):
        text = path.read_text("utf-8")
        assert "BEGIN SOLUTION" not in text and "check_or_raise" not in text, path.name
