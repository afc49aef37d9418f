"""check() never raises, whatever it is given; odd answers get a verdict that says what is wrong."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from sptools.exercises import EXERCISES, Exercise, Verdict, check, check_or_raise

SHARE = Exercise("99.1", expected=lambda: 0.178, hint="Divide the poor by the population.")
COUNT = Exercise("99.2", expected=lambda: 1, hint="Count the rows.")
SHARES = Exercise("99.3", expected=pd.Series({"rural": 0.2, "urban": 0.05}), hint="Group.")


class Hostile:
    """An answer whose comparison, truth value and repr all fail."""

    def __eq__(self, other):
        raise RuntimeError("no comparison")

    def __bool__(self):
        raise RuntimeError("no truth value")

    def __repr__(self):
        raise RuntimeError("no repr")

    __hash__ = None


ODD_CALLS = [
    pytest.param(["00.1"], 25, id="id in a list"),
    pytest.param(1, 25, id="id as a number"),
    pytest.param(Hostile(), 25, id="id with a failing repr"),
    pytest.param("00.1", 10**400, id="huge integer"),
    pytest.param("00.1", -(10**400), id="huge negative integer"),
    pytest.param("00.1", [[1, 2], [3]], id="ragged list"),
    pytest.param("00.1", np.array([[1, 2], [3, 4]]), id="2-d array"),
    pytest.param("00.1", {"provinces": 25}, id="dict"),
    pytest.param("00.1", Hostile(), id="hostile object"),
    pytest.param("00.1", float("nan"), id="nan"),
    pytest.param("00.1", float("inf"), id="inf"),
    pytest.param("00.1", 25 + 0j, id="complex"),
    pytest.param("00.1", np.ma.masked_array([25], mask=[True]), id="masked array"),
    pytest.param("00.1", b"25", id="bytes"),
    pytest.param("00.3", 12, id="number for text"),
    pytest.param("00.4", [[1, 2], [3]], id="ragged list for names"),
    pytest.param("00.6", 10**400, id="huge integer for a Series"),
    pytest.param("00.6", pd.DataFrame({"x": [1j]}), id="complex table for a Series"),
]


@pytest.mark.parametrize(("exercise_id", "answer"), ODD_CALLS)
def test_check_never_raises_and_never_says_correct(exercise_id, answer, capsys):
    feedback = check(exercise_id, answer)
    assert not feedback
    assert feedback.verdict in (Verdict.WRONG, Verdict.ERROR)
    assert capsys.readouterr().out.strip(), "check() always prints feedback"
    assert repr(feedback) and str(feedback)


def test_an_id_that_is_not_text_is_explained(capsys):
    feedback = check(["00.1"], 25)
    assert feedback.verdict is Verdict.WRONG
    assert "must be text in quotes" in feedback.message and "(list)" in feedback.message


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(0.178 + 5j, id="complex"),
        pytest.param(np.complex128(0.178), id="numpy complex, no imaginary part"),
        pytest.param(np.array([0.178 + 0j]), id="complex array"),
        pytest.param(pd.Series([0.178 + 1j]), id="complex Series"),
    ],
)
def test_complex_numbers_are_a_wrong_type(answer):
    feedback = SHARE.assess(answer)
    assert feedback.verdict is Verdict.WRONG
    assert "complex" in feedback.message


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(np.ma.masked_array([0.178], mask=[True]), id="masked value"),
        pytest.param(np.ma.masked_array([0.178], mask=[False]), id="unmasked value"),
        pytest.param(np.ma.masked, id="the masked constant"),
    ],
)
def test_masked_arrays_are_a_wrong_type(answer):
    feedback = SHARE.assess(answer)
    assert feedback.verdict is Verdict.WRONG
    assert "masked array" in feedback.message


def test_a_percentage_given_for_a_share_is_recognised():
    feedback = SHARE.assess(17.8)
    assert feedback.verdict is Verdict.WRONG
    assert "looks like a percentage; give the share, 0.178" in feedback.message
    assert SHARE.assess(np.float64(17.8)).message == feedback.message
    assert "percentage" not in SHARE.assess(18.5).message
    assert "percentage" not in COUNT.assess(100).message, "a count is not a share"


def test_percentages_given_for_shares_by_group_are_recognised():
    feedback = SHARES.assess(pd.Series({"rural": 20.0, "urban": 5.0}))
    assert feedback.verdict is Verdict.WRONG
    assert "looks like percentages" in feedback.message


@pytest.fixture()
def no_datasets(tmp_path, monkeypatch):
    """An empty datasets folder, and answer keys that have not been computed yet."""
    monkeypatch.setenv("SPTOOLS_DATA", str(tmp_path))
    for exercise_id, exercise in list(EXERCISES.items()):
        monkeypatch.setitem(EXERCISES, exercise_id, dataclasses.replace(exercise))
    return tmp_path


def test_check_without_the_datasets_says_how_to_build_them(no_datasets, capsys):
    feedback = check("00.1", 25)
    assert feedback.verdict is Verdict.ERROR and not feedback
    printed = capsys.readouterr().out
    assert "could not be checked" in printed and "python3 tasks.py datasets" in printed
    assert "Traceback" not in printed


def test_no_check_raises_without_the_datasets(no_datasets, capsys):
    verdicts = {check(exercise_id, 0.5).verdict for exercise_id in EXERCISES}
    assert Verdict.ERROR in verdicts


def test_check_or_raise_still_raises_without_the_datasets(no_datasets):
    with pytest.raises(FileNotFoundError, match="python3 tasks.py datasets"):
        check_or_raise("00.1", 25)
