"""Workshop exercises: ``check(exercise_id, answer)`` gives immediate, kind feedback.

Participants call :func:`check` in the exercise notebooks; it prints whether the answer is right,
wrong (with a hint) or not answered yet, returns ``True`` only when it is right, and never raises,
whatever it is given: when an answer cannot be checked at all (e.g. the datasets are missing) it
prints what went wrong and what to do. The solution notebooks use :func:`check_or_raise`, which fails loudly, so
that the test suite notices when a solution stops being right.

The answer keys live in :mod:`sptools.exercises.answers`, one module per workshop module.
"""

from __future__ import annotations

from typing import Any

from sptools.datasets import DatasetError
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
        Truthy when the answer is right. Never raises: an answer that cannot be checked gets the
        verdict ``Verdict.ERROR`` and a message saying what went wrong and what to do.

    Examples
    --------
    >>> check("00.1", ...)
    ✍️ Exercise 00.1: not answered yet. Replace the ... with your answer and run the cell again.
    <Feedback 00.1: not answered yet>
    """
    # The boundary: whatever happens, a participant's cell never stops with a traceback.
    try:
        feedback = _assess(exercise_id, answer)
    except Exception as error:
        feedback = _could_not_check(exercise_id, error)
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
    feedback = _assess(exercise_id, answer)
    print(feedback)
    if not feedback:
        raise AssertionError(str(feedback))
    return feedback


def _assess(exercise_id: str, answer: Any) -> Feedback:
    if not isinstance(exercise_id, str):
        return Feedback(
            _label(exercise_id),
            Verdict.WRONG,
            f'the exercise id must be text in quotes, like check("00.1", answer); got '
            f"{_label(exercise_id)} ({type(exercise_id).__name__}).",
        )
    exercise = EXERCISES.get(exercise_id)
    if exercise is None:
        known = ", ".join(sorted(EXERCISES)) or "none"
        return Feedback(
            exercise_id,
            Verdict.WRONG,
            f"there is no exercise with this id; check the spelling (known ids: {known}).",
        )
    return exercise.assess(answer)


def _could_not_check(exercise_id: Any, error: Exception) -> Feedback:
    """Feedback for an answer that could not be checked at all, with what to do about it."""
    advice = (
        "Do what the message says, then run the cell again"
        if isinstance(error, (OSError, LookupError, DatasetError))
        else "Check that your answer is a plain value (a number, text, list, Series or table) and "
        "run the cell again; if this keeps happening, show this message to your trainer"
    )
    return Feedback(
        _label(exercise_id),
        Verdict.ERROR,
        f"your answer could not be checked: {type(error).__name__}: {_text(error, 600)}. {advice}.",
    )


def _label(value: Any) -> str:
    """A short text for any value, even one whose ``repr`` fails."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return _shorten(text, 40)


def _text(error: Exception, limit: int) -> str:
    """The message of an error, even one whose ``str`` fails, at most ``limit`` characters."""
    try:
        return _shorten(str(error), limit)
    except Exception:
        return "(no message)"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
