"""Run the Examples sections of sptools.mpi and sptools.survey as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import sptools.mpi

MODULES = ["sptools.survey", "sptools.mpi"] + [
    f"sptools.mpi.{info.name}" for info in pkgutil.iter_modules(sptools.mpi.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name):
    module = importlib.import_module(name)
    failures, attempted = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
    assert attempted > 0 or name == "sptools.mpi.result"
