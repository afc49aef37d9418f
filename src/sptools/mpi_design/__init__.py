"""Deprecated alias of :mod:`sptools.recipes.mpi_design` (moved in sptools 1.0; goes in 2.0).

It is a lesson recipe (it defines candidate indicators for one lesson), so it joined the other
lesson recipes.

Importing this module gives the module at its new path (the same module object, so every name,
private ones included, resolves as before) and warns once. It is a package, not a module, so that
git records the move as a rename.
"""

import sys
import warnings

import sptools.recipes.mpi_design as _moved

warnings.warn(
    "sptools.mpi_design moved to sptools.recipes.mpi_design; "
    "import it from there (sptools.mpi_design goes in sptools 2.0)",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
