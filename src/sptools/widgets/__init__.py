"""Interactive controls (ipywidgets) for the lesson notebooks.

Widgets only wire controls to methods: the computation lives in the method modules (e.g.
:mod:`sptools.recipes.mpi_design`), so that it can be run and tested without a widget. Methods never
import widgets.
"""

from __future__ import annotations

from sptools.widgets.mpi import MPIDesigner, mpi_designer

__all__ = ["MPIDesigner", "mpi_designer"]
