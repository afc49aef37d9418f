"""Workshop exercises: ``check(exercise_id, answer)`` gives immediate, kind feedback.

Participants call :func:`check` in the exercise notebooks; it prints whether the answer is right,
wrong (with a hint) or not answered yet, returns ``True`` only when it is right, and never raises on
a wrong or blank answer. The solution notebooks use :func:`check_or_raise`, which fails loudly, so
that the test suite notices when a solution stops being right.

The answer keys live in :mod:`sptools.exercises.answers`, one module per workshop module.
"""

from __future__ import annotations

from typing import Any

from sptools.exercises.answers import EXERCISES
from sptools.exercises.feedback import Exercise, Feedback, Verdict

__all__ = ["EXERCISES", "Exercise", "Feedback", "Verdict", "check", "check_or_raise"]


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check an answer to a workshop exercise and print feedback.

    Parameters
    ----------
    exercise_id
        The exercise's identifier, as printed in the notebook (e.g. ``"00.1"``).
    answer
        Your answer. ``...`` (the blank in the exercise notebooks) means "not answered yet".

    Returns
    -------
    Feedback
        Truthy when the answer is right. Never raises on a wrong or blank answer.

    Examples
    --------
    >>> check("00.1", ...)
    ✍️ Exercise 00.1: not answered yet. Replace the ... with your answer and run the cell again.
    <Feedback 00.1: not answered yet>
    """
    feedback = _assess(exercise_id, answer)
    print(feedback)
    return feedback


def check_or_raise(exercise_id: str, answer: Any) -> Feedback:
    """Like :func:`check`, but raise ``AssertionError`` unless the answer is right (for solutions).

    Examples
    --------
    >>> check_or_raise("00.1", 0)
    Traceback (most recent call last):
    ...
    AssertionError: ❌ Exercise 00.1: not quite. Hint: ...
    """
    feedback = check(exercise_id, answer)
    if not feedback:
        raise AssertionError(str(feedback))
    return feedback


def _assess(exercise_id: str, answer: Any) -> Feedback:
    exercise = EXERCISES.get(exercise_id)
    if exercise is None:
        known = ", ".join(sorted(EXERCISES)) or "none"
        return Feedback(
            exercise_id,
            Verdict.WRONG,
            f"there is no exercise with this id; check the spelling (known ids: {known}).",
        )
    return exercise.assess(answer)
