"""Modules moved between layers in sptools 1.0 still import from their old paths, with a warning."""

from __future__ import annotations

import importlib
import sys

import pytest

MOVED = {
    "sptools.lnob.report": "sptools.recipes.lnob_report",
    "sptools.mpi_design": "sptools.recipes.mpi_design",
    "sptools.synth.report": "sptools.calibration",
}


@pytest.mark.parametrize(("old", "new"), MOVED.items())
def test_the_old_path_warns_and_gives_the_moved_module(old, new):
    sys.modules.pop(old, None)  # the warning comes with the first import only
    with pytest.warns(DeprecationWarning, match=f"{old} moved to {new}"):
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)


def test_names_used_by_the_notebooks_resolve_at_the_old_paths():
    for old in MOVED:
        sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning):
        from sptools.lnob.report import lnob_analysis, rows_from_cells  # noqa: F401
        from sptools.mpi_design import CANDIDATES, evaluate_design  # noqa: F401
        from sptools.synth import report

    assert callable(report.calibration_table)
