"""Social protection registries: validating records and linking registers (core: reads no files).

- :func:`validate` checks a register against its pandera schema (:mod:`sptools.registry.schemas`)
  and reports every problem, one row per (row, column, rule); nothing is dropped.
- :func:`link` and :func:`deduplicate` find the records that are the same person, by
  probabilistic record linkage (splink: Fellegi-Sunter, trained by expectation maximisation, on
  embedded DuckDB or on Spark); :func:`exact_pairs` is deterministic linkage, for comparison.
"""

from sptools.registry.linkage import (
    BLOCKING_RULES,
    DEFAULT_THRESHOLD,
    Linkage,
    deduplicate,
    evaluate_pairs,
    exact_pairs,
    link,
)
from sptools.registry.schemas import KINDS, RULES, schema
from sptools.registry.spark import spark_available, spark_session
from sptools.registry.standardise import standardise
from sptools.registry.validation import ValidationReport, validate

__all__ = [
    "BLOCKING_RULES",
    "DEFAULT_THRESHOLD",
    "KINDS",
    "Linkage",
    "RULES",
    "ValidationReport",
    "deduplicate",
    "evaluate_pairs",
    "exact_pairs",
    "link",
    "schema",
    "spark_available",
    "spark_session",
    "standardise",
    "validate",
]
