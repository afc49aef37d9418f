"""Computed answers of the quiz questions, one module per workshop module.

Each submodule ``mNN_<name>`` defines ``KEYS``, a dict of name -> function of no arguments that
computes an answer from the shipped data (or from the numbers given in the question) with sptools,
so that no answer is typed by hand. The question banks name them in ``compute:``. Submodules are
found automatically: a new module's quiz adds its own.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any


def _index() -> dict[str, Callable[[], Any]]:
    index: dict[str, Callable[[], Any]] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, key in module.KEYS.items():
            if name in index:
                raise ValueError(f"quiz key {name!r} is defined twice (again in {info.name}).")
            index[name] = key
    return index


KEYS: dict[str, Callable[[], Any]] = _index()
