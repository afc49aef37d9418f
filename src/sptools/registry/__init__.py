"""Social protection registries: validating records and linking registers (core: reads no files).

- :func:`validate` checks a register against its pandera schema (:mod:`sptools.registry.schemas`)
  and reports every problem, one row per (row, column, rule); nothing is dropped.
"""

from sptools.registry.schemas import KINDS, RULES, schema
from sptools.registry.validation import ValidationReport, validate

__all__ = ["KINDS", "RULES", "ValidationReport", "schema", "validate"]
