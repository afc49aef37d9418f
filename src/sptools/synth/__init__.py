"""Synthetic Cambodian household survey (two rounds, 2014 and 2022), calibrated to published
figures.

Modules, one job each:

- :mod:`~sptools.synth.targets`      what each round is calibrated to (and the stated assumptions)
- :mod:`~sptools.synth.design`       strata, sample allocation, PSUs
- :mod:`~sptools.synth.calibration`  weighted thresholds and calibrated weights
- :mod:`~sptools.synth.members`      household composition
- :mod:`~sptools.synth.consumption`  latent welfare and consumption
- :mod:`~sptools.synth.households`   living conditions, assets, hazards, wealth index
- :mod:`~sptools.synth.persons`      education, disability, work, nutrition, fertility, marriage
- :mod:`~sptools.synth.programmes`   IDPoor, HEF, Family Package, scholarships, NSSF
- :mod:`~sptools.synth.schema`       column order, dtypes and category levels
- :mod:`~sptools.synth.generator`    :func:`generate`

Examples
--------
>>> households, persons = generate(60, seed=7)
>>> len(households)
60
"""

from __future__ import annotations

from sptools.synth.generator import generate
from sptools.synth.targets import ROUNDS

__all__ = ["ROUNDS", "generate"]
