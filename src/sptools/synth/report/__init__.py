"""Deprecated alias of :mod:`sptools.calibration` (moved in sptools 1.0; goes in 2.0).

The calibration report uses the datasets and the methods, so it sits above the data generator, in
the course layer.

Importing this module gives the module at its new path (the same module object, so every name,
private ones included, resolves as before) and warns once. It is a package, not a module, so that
git records the move as a rename.
"""

import sys
import warnings

import sptools.calibration as _moved

warnings.warn(
    "sptools.synth.report moved to sptools.calibration; "
    "import it from there (sptools.synth.report goes in sptools 2.0)",
    DeprecationWarning,
    stacklevel=2,
)
sys.modules[__name__] = _moved
