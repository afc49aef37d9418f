"""Indicators built from the survey schema: global MPI deprivations and LNOB opportunities.

- :func:`global_mpi` and :data:`INDICATORS`: the ten OPHI global MPI deprivations, one row per person.
"""

from __future__ import annotations

from sptools.indicators.global_mpi import INDICATORS, Indicator, global_mpi, indicators_table
from sptools.indicators.validation import MissingDataWarning

__all__ = ["INDICATORS", "Indicator", "MissingDataWarning", "global_mpi", "indicators_table"]
