"""Run the Examples sections of sptools.lnob and sptools.plots.lnob as tests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import matplotlib
import matplotlib.pyplot as plt
import pytest

import sptools.lnob

matplotlib.use("Agg")

MODULES = ["sptools.lnob", "sptools.plots.lnob"] + [
    f"sptools.lnob.{info.name}" for info in pkgutil.iter_modules(sptools.lnob.__path__)
]


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    module = importlib.import_module(name)
    failures, attempted = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    plt.close("all")
    assert failures == 0
    assert attempted > 0
