"""Answer keys of the workshop exercises, one module per workshop module.

Each submodule ``mNN_<name>`` defines ``EXERCISES``, a tuple of
:class:`~sptools.exercises.feedback.Exercise` whose expected answers are computed from the shipped
data, never typed by hand. Submodules are found automatically.
"""

from __future__ import annotations

import importlib
import pkgutil

from sptools.exercises.feedback import Exercise


def _index() -> dict[str, Exercise]:
    index: dict[str, Exercise] = {}
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for exercise in module.EXERCISES:
            if exercise.id in index:
                raise ValueError(
                    f"exercise id {exercise.id!r} is defined twice (again in {module_info.name})"
                )
            index[exercise.id] = exercise
    return index


EXERCISES: dict[str, Exercise] = _index()
