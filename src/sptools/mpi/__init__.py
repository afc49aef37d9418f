"""The Alkire-Foster method of multidimensional poverty measurement.

Identification is exact (weights as fractions, integer scores); estimates come with
design-based standard errors. Declare the survey design once and pass it to every estimator,
``alkire_foster(data, GLOBAL_MPI, k, design=Design(data))``; results follow the package's result
protocol (:mod:`sptools.results`).

Changes from the first releases (the old spellings still work, with a ``DeprecationWarning``):

- ``alkire_foster(data, W, k, sample_weight="weight", strata="stratum", psu="psu")`` (or
  ``**SURVEY_DESIGN``) becomes ``alkire_foster(data, W, k, design=Design(data))``; the same in
  :func:`k_sweep`, :func:`bootstrap`, :func:`bootstrap_replicates`,
  :func:`weighting_robustness`, :func:`alkire_foster_gaps` and
  :func:`sptools.mpi_design.evaluate_design`.
- ``result.ci["M0"]`` becomes ``result.ci()["M0"]`` (any level: ``result.ci(0.90)``);
  ``result.excluded`` is ``result.exclusions``.
- ``result.n_poor()`` applies H to the whole population the sample represents (persons
  excluded for missing data included), no longer to the complete cases only.

Examples
--------
>>> import pandas as pd
>>> from sptools.mpi import alkire_foster
>>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
>>> result = alkire_foster(df, {"a": 0.5, "b": 0.5}, k=1)
>>> result.H, result.A, result.M0
(0.25, 1.0, 0.25)
"""

from __future__ import annotations

from sptools.mpi.bootstrap import bootstrap, bootstrap_replicates
from sptools.mpi.changes import (
    annualized_changes,
    change_by_indicator,
    change_over_time,
    decompose_change,
)
from sptools.mpi.differences import compare_groups, compare_rounds
from sptools.mpi.gaps import GapResult, alkire_foster_gaps, normalized_gaps
from sptools.mpi.identification import deprivation_profiles, integer_scores
from sptools.mpi.measure import SEVERE_CUTOFF, VULNERABLE_CUTOFF, alkire_foster
from sptools.mpi.redundancy import indicator_redundancy
from sptools.mpi.result import MPIResult
from sptools.mpi.robustness import (
    KDominance,
    attainable_scores,
    k_dominance,
    k_sweep,
    rank_robustness,
    weighting_robustness,
)
from sptools.mpi.weights import GLOBAL_MPI, nested_weights, parse_weights
from sptools.results import Exclusions

__all__ = [
    "GLOBAL_MPI",
    "SEVERE_CUTOFF",
    "VULNERABLE_CUTOFF",
    "Exclusions",
    "GapResult",
    "KDominance",
    "MPIResult",
    "alkire_foster",
    "alkire_foster_gaps",
    "annualized_changes",
    "attainable_scores",
    "bootstrap",
    "bootstrap_replicates",
    "change_by_indicator",
    "change_over_time",
    "compare_groups",
    "compare_rounds",
    "decompose_change",
    "deprivation_profiles",
    "indicator_redundancy",
    "integer_scores",
    "k_dominance",
    "k_sweep",
    "nested_weights",
    "normalized_gaps",
    "parse_weights",
    "rank_robustness",
    "weighting_robustness",
]
