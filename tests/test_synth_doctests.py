"""Run the Examples sections of sptools.synth, sptools.poverty, sptools.codebook, sptools.datasets
and sptools.reference_tables as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import sptools.synth

MODULES = ["sptools.synth", "sptools.poverty", "sptools.codebook", "sptools.datasets", "sptools.reference_tables"] + [
    f"sptools.synth.{info.name}" for info in pkgutil.iter_modules(sptools.synth.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name):
    module = importlib.import_module(name)
    failures, attempted = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failures == 0
    assert attempted > 0
