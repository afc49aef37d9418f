"""Deprecated alias of :mod:`sptools.recipes.lnob_report` (moved in sptools 1.0; goes in 2.0).

It is a lesson recipe, so it left the core :mod:`sptools.lnob` package.

Importing this module gives the module at its new path (the same module object, so every name,
private ones included, resolves as before) and warns once. It is a package, not a module, so that
git records the move as a rename.
"""

import sys
import warnings

import sptools.recipes.lnob_report as _moved

warnings.warn(
    "sptools.lnob.report moved to sptools.recipes.lnob_report; "
    "import it from there (sptools.lnob.report goes in sptools 2.0)",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
