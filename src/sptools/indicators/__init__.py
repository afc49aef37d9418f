"""Indicators built from the survey schema: global MPI deprivations and LNOB opportunities.

- :func:`global_mpi`, :data:`INDICATORS`, :func:`indicators_table`: the ten OPHI global MPI
  deprivations, one row per person; :func:`survey_design` (``Design(table)``): the survey
  design of any of these tables, for ``design=``.
- :func:`opportunity`, :data:`OPPORTUNITIES`, :func:`opportunities_table`: LNOB opportunities and
  barriers for their reference populations, with circumstances (:data:`CIRCUMSTANCES`,
  :func:`circumstances_table`) ready for :mod:`sptools.lnob`.
"""

from __future__ import annotations

from sptools.indicators import global_mpi as _global_mpi_module
from sptools.indicators.circumstances import (
    CIRCUMSTANCES,
    Circumstance,
    bottom_40,
    circumstances_table,
    household_circumstances,
    person_circumstances,
)
from sptools.indicators.global_mpi import (
    INDICATORS,
    Indicator,
    global_mpi,
    indicators_table,
    survey_design,
)
from sptools.indicators.opportunities import (
    OPPORTUNITIES,
    Opportunity,
    opportunities_table,
    opportunity,
)
from sptools.indicators.validation import MissingDataWarning

__all__ = [
    "CIRCUMSTANCES",
    "INDICATORS",
    "OPPORTUNITIES",
    "Circumstance",
    "Indicator",
    "MissingDataWarning",
    "Opportunity",
    "bottom_40",
    "circumstances_table",
    "global_mpi",
    "household_circumstances",
    "indicators_table",
    "opportunities_table",
    "opportunity",
    "person_circumstances",
    "survey_design",
]


def __getattr__(name: str) -> object:
    if name == "SURVEY_DESIGN":  # deprecated; warns
        return _global_mpi_module.SURVEY_DESIGN
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
