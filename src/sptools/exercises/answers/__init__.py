"""Answer keys of the workshop exercises, one module per workshop module.

Each module defines ``EXERCISES``, a tuple of :class:`~sptools.exercises.feedback.Exercise`
whose expected answers are computed from the shipped data, never typed by hand.
"""

from __future__ import annotations

from sptools.exercises.answers import m00_getting_started
from sptools.exercises.feedback import Exercise


def _index(*modules_exercises: tuple[Exercise, ...]) -> dict[str, Exercise]:
    index: dict[str, Exercise] = {}
    for exercises in modules_exercises:
        for exercise in exercises:
            if exercise.id in index:
                raise ValueError(f"exercise id {exercise.id!r} is defined twice")
            index[exercise.id] = exercise
    return index


EXERCISES: dict[str, Exercise] = _index(m00_getting_started.EXERCISES)
