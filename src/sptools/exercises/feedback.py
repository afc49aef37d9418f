"""Exercises with immediate, kind feedback: right, wrong with a hint, or not answered yet.

An :class:`Exercise` knows its expected answer (a value, or a function that computes it from the
shipped data, so that answer keys are never typed by hand) and how to compare an answer with it.
Answers no exercise accepts (complex numbers, masked arrays) are wrong types, and a percentage given
where a share is expected is recognised as such. (``Verdict.ERROR`` is for
:func:`sptools.exercises.check`, when an answer cannot be checked at all.)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd


class Verdict(Enum):
    """The outcome of checking one answer."""

    CORRECT = "correct"
    WRONG = "wrong"
    BLANK = "not answered yet"
    ERROR = "could not be checked"


@dataclass(frozen=True)
class Feedback:
    """What :func:`sptools.exercises.check` tells the participant."""

    exercise_id: str
    verdict: Verdict
    message: str

    def __bool__(self) -> bool:
        return self.verdict is Verdict.CORRECT

    def __repr__(self) -> str:
        return f"<Feedback {self.exercise_id}: {self.verdict.value}>"

    def _ipython_display_(self) -> None:
        """Show nothing in Jupyter: :func:`~sptools.exercises.check` has already printed the message."""

    def __str__(self) -> str:
        symbol = {
            Verdict.CORRECT: "✅",
            Verdict.WRONG: "❌",
            Verdict.BLANK: "✍️",
            Verdict.ERROR: "⚠️",
        }[self.verdict]
        return f"{symbol} Exercise {self.exercise_id}: {self.message}"


@dataclass(frozen=True)
class Exercise:
    """One exercise: its expected answer, how to compare, and a hint for a wrong answer.

    Parameters
    ----------
    id
        Identifier shown to participants, ``"<module>.<number>"`` (e.g. ``"00.1"``).
    expected
        The right answer, or a function of no arguments that computes it (from the shipped data).
    hint
        Shown after a wrong answer: a nudge towards the method, never the answer itself.
    rtol, atol
        Tolerances for numbers (relative and absolute); defaults accept rounding to 4 significant figures.
    ordered
        For sequences: whether the order matters.

    Examples
    --------
    >>> ex = Exercise("99.1", expected=lambda: 2 + 2, hint="Add the two numbers.")
    >>> ex.assess(4).verdict.value
    'correct'
    >>> ex.assess(5).message
    'not quite. Hint: Add the two numbers.'
    """

    id: str
    expected: Any
    hint: str
    rtol: float = 1e-4
    atol: float = 0.0
    ordered: bool = False

    @cached_property
    def answer_key(self) -> Any:
        """The expected answer (computed on first use when ``expected`` is a function)."""
        return self.expected() if callable(self.expected) else self.expected

    def assess(self, answer: Any) -> Feedback:
        """Compare ``answer`` with the expected answer and say what to do next."""
        if _is_blank(answer):
            return Feedback(
                self.id,
                Verdict.BLANK,
                "not answered yet. Replace the ... with your answer and run the cell again.",
            )
        expected = self.answer_key
        problem = _unusable(answer) or _shape_mismatch(answer, expected)
        if problem:
            return Feedback(self.id, Verdict.WRONG, f"{problem} Hint: {self.hint}")
        if self._close(answer, expected):
            return Feedback(self.id, Verdict.CORRECT, "correct. Well done!")
        as_share = _percent_to_share(answer, expected)
        if as_share is not None and self._close(as_share, expected):
            return Feedback(
                self.id, Verdict.WRONG, f"{_percentage_message(as_share)} Hint: {self.hint}"
            )
        return Feedback(self.id, Verdict.WRONG, f"not quite. Hint: {self.hint}")

    def _close(self, answer: Any, expected: Any) -> bool:
        """Whether the answer matches; values that cannot be compared are simply not right."""
        try:
            return _matches(answer, expected, rtol=self.rtol, atol=self.atol, ordered=self.ordered)
        except (TypeError, ValueError, OverflowError):
            return False


def _is_blank(answer: Any) -> bool:
    return answer is Ellipsis or answer is None


def _kind(value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return "table (DataFrame)"
    if isinstance(value, pd.Series):
        return "Series (one value per group)"
    if isinstance(value, (pd.Index, np.ndarray, list, tuple, set, frozenset)):
        return "list of values"
    if isinstance(value, (bool, np.bool_)):
        return "True/False"
    if isinstance(value, (Real, np.number)):
        return "single number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


def _unusable(answer: Any) -> str | None:
    """Explain answers that no exercise accepts: masked arrays and complex numbers.

    Examples
    --------
    >>> _unusable(0.5 + 1j)
    'your answer is a complex number; give a real number (without j).'
    >>> _unusable(0.5) is None
    True
    """
    if isinstance(answer, np.ma.MaskedArray):
        return (
            "your answer is a masked array (numpy.ma); give plain values "
            "(.compressed() keeps the unmasked ones)."
        )
    if isinstance(answer, (complex, np.complexfloating)):
        return "your answer is a complex number; give a real number (without j)."
    if _has_complex_values(answer):
        return "your answer holds complex numbers; give real numbers (without j)."
    return None


def _has_complex_values(answer: Any) -> bool:
    if isinstance(answer, pd.DataFrame):
        return any(pd.api.types.is_complex_dtype(dtype) for dtype in answer.dtypes)
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray)):
        return pd.api.types.is_complex_dtype(answer.dtype) or (
            answer.dtype == object
            and any(isinstance(x, (complex, np.complexfloating)) for x in answer)
        )
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(isinstance(x, (complex, np.complexfloating)) for x in answer)
    return False


def _shape_mismatch(answer: Any, expected: Any) -> str | None:
    """Explain, kindly, when the answer is not even the right kind of thing."""
    got, want = _kind(answer), _kind(expected)
    if got == want:
        return None
    if want == "single number" and _single_number(answer):
        return None
    if want == "list of values" and got == "Series (one value per group)":
        return None
    return f"your answer is a {got}, but this exercise expects a {want}."


def _single_number(answer: Any) -> bool:
    """Whether ``answer`` is one number in a container (a one-element Series, list or array)."""
    if isinstance(answer, (str, pd.DataFrame)):
        return False
    try:
        values = np.asarray(answer, dtype=object).reshape(-1)
    except (TypeError, ValueError):  # ragged nested lists
        return False
    return values.size == 1 and _is_numeric(values[0])


def _is_numeric(value: Any) -> bool:
    return isinstance(value, (Real, np.number)) and not isinstance(value, (bool, np.bool_))


def _matches(answer: Any, expected: Any, *, rtol: float, atol: float, ordered: bool) -> bool:
    if isinstance(expected, pd.DataFrame):
        return _frames_match(answer, expected, rtol=rtol, atol=atol)
    if isinstance(expected, pd.Series):
        return _series_match(answer, expected, rtol=rtol, atol=atol)
    if isinstance(expected, (bool, np.bool_)):
        return bool(answer) == bool(expected)
    if isinstance(expected, (Real, np.number)):
        value = np.asarray(answer, dtype=float).reshape(-1)[0]
        return math.isclose(float(value), float(expected), rel_tol=rtol, abs_tol=atol)
    if isinstance(expected, str):
        return _normalise_text(answer) == _normalise_text(expected)
    if isinstance(expected, (list, tuple, set, frozenset, np.ndarray, pd.Index)):
        return _sequences_match(answer, expected, rtol=rtol, atol=atol, ordered=ordered)
    return answer == expected


def _percent_to_share(answer: Any, expected: Any) -> Any:
    """``answer`` / 100 when it could be a percentage given for a share (every expected value
    between -1 and 1), else ``None``.

    Examples
    --------
    >>> _percent_to_share(25.0, 0.25)
    0.25
    >>> _percent_to_share(17.8, 25) is None
    True
    """
    if isinstance(expected, (bool, np.bool_, str, pd.DataFrame)) or isinstance(answer, str):
        return None
    try:
        wanted = np.asarray(expected)
        if wanted.dtype.kind != "f" or wanted.size == 0 or not np.all(np.abs(wanted) <= 1):
            return None
        if isinstance(answer, pd.Series):
            return answer.astype(float) / 100
        if isinstance(answer, (list, tuple, np.ndarray, pd.Index)):
            return [float(value) / 100 for value in answer]
        return float(answer) / 100
    except (TypeError, ValueError, OverflowError):
        return None


def _percentage_message(share: Any) -> str:
    if isinstance(share, float):
        return f"your answer looks like a percentage; give the share, {share:.4g}."
    return "your answer looks like percentages; give shares between 0 and 1 (divide by 100)."


def _normalise_text(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _sequences_match(
    answer: Iterable, expected: Iterable, *, rtol: float, atol: float, ordered: bool
) -> bool:
    got, want = list(answer), list(expected)
    if len(got) != len(want):
        return False
    if all(isinstance(x, str) for x in want):
        got, want = [_normalise_text(x) for x in got], [_normalise_text(x) for x in want]
        return got == want if ordered else sorted(got) == sorted(want)
    got_array, want_array = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    if not ordered:
        got_array, want_array = np.sort(got_array), np.sort(want_array)
    return bool(np.allclose(got_array, want_array, rtol=rtol, atol=atol))


def _series_match(answer: Any, expected: pd.Series, *, rtol: float, atol: float) -> bool:
    answer = pd.Series(answer)
    if set(map(str, answer.index)) != set(map(str, expected.index)):
        return False
    aligned = answer.set_axis(answer.index.map(str)).reindex(expected.index.map(str))
    return _values_match(aligned.to_numpy(), expected.to_numpy(), rtol=rtol, atol=atol)


def _frames_match(
    answer: pd.DataFrame, expected: pd.DataFrame, *, rtol: float, atol: float
) -> bool:
    if answer.shape != expected.shape or set(answer.columns) != set(expected.columns):
        return False
    return all(
        _series_match(answer[column], expected[column], rtol=rtol, atol=atol)
        for column in expected.columns
    )


def _values_match(got: np.ndarray, want: np.ndarray, *, rtol: float, atol: float) -> bool:
    if pd.api.types.is_numeric_dtype(want) and pd.api.types.is_numeric_dtype(got):
        return bool(
            np.allclose(got.astype(float), want.astype(float), rtol=rtol, atol=atol, equal_nan=True)
        )
    return [_normalise_text(x) for x in got] == [_normalise_text(x) for x in want]
