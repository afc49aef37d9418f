"""Run the Examples section of every sptools docstring as a test (one test per module)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import sys
import warnings

import matplotlib
import pytest

import sptools

matplotlib.use("Agg")


def _modules() -> list[str]:
    """Every sptools module, without the deprecation aliases of moved ones (tested where they
    live)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # walking imports the aliases
        names = [info.name for info in pkgutil.walk_packages(sptools.__path__, prefix="sptools.")]
    return sorted(
        name for name in names if getattr(sys.modules.get(name), "__name__", name) == name
    )


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_examples(name: str) -> None:
    import matplotlib.pyplot as plt

    module = importlib.import_module(name)
    failures, _ = doctest.testmod(
        module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    )
    plt.close("all")
    assert failures == 0, f"{failures} docstring example(s) of {name} failed (see the output above)"
