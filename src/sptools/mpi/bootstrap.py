"""Bootstrap standard errors and percentile intervals for H, A and M0 (PSU resampling)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.mpi.identification import MissingPolicy
from sptools.mpi.inputs import check_replicates, resolve_design
from sptools.mpi.measure import RATIOS, level_functions
from sptools.mpi.sample import prepare_sample
from sptools.mpi.weights import parse_k
from sptools.survey import SurveyDesign, bootstrap_factors, bootstrap_ratios

__all__ = ["bootstrap", "bootstrap_replicates"]

_RATIOS = {name: RATIOS[name] for name in ("H", "A", "M0")}


def bootstrap_replicates(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    design: Design | None = None,
    missing: MissingPolicy = "raise",
    replicates: int = 1000,
    seed: int = 2025,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
) -> pd.DataFrame:
    """Bootstrap replicates of H, A and M0: PSUs resampled within strata (Rao-Wu rescaling).

    The data are reduced once to PSU totals; all replicates then come from one matrix product
    with the multinomial replicate factors (:func:`sptools.survey.bootstrap_factors`).

    Parameters
    ----------
    data, weights, k, design, missing
        As in :func:`sptools.mpi.alkire_foster`.
    replicates : int
        Number of bootstrap replicates (a whole number, at least 2).
    seed : int
        Seed of the random generator (results are reproducible).
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=``.

    Returns
    -------
    pandas.DataFrame
        One row per replicate, columns H, A, M0.

    Examples
    --------
    >>> from sptools import Design
    >>> df = pd.DataFrame({"a": [1, 0, 1, 0, 0, 1], "c": [1, 1, 2, 2, 3, 3]})
    >>> design = Design(df, weight=None, strata=None, psu="c")
    >>> bootstrap_replicates(df, {"a": 1}, 1, design=design, replicates=5, seed=1).shape
    (5, 3)
    """
    arrays = resolve_design(
        data, design, sample_weight=sample_weight, strata=strata, psu=psu, caller="bootstrap"
    )
    return _replicates(data, weights, k, arrays, missing, check_replicates(replicates), seed)


def _replicates(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    arrays: SurveyDesign,
    missing: MissingPolicy,
    replicates: int,
    seed: int,
) -> pd.DataFrame:
    cutoff = parse_k(k)
    sample = prepare_sample(data, weights, arrays, missing=missing)
    functions = level_functions(sample.levels, sample.weights.denominator, cutoff)
    national = sample.cube.sum(axis=1)
    totals = {name: national @ values for name, values in functions.items()}
    factors = bootstrap_factors(sample.design, replicates, seed)
    numerator = np.column_stack([totals[top] for top, _ in _RATIOS.values()])
    denominator = np.column_stack([totals[bottom] for _, bottom in _RATIOS.values()])
    draws = bootstrap_ratios(numerator, denominator, factors)
    table = pd.DataFrame(draws, columns=list(_RATIOS)).rename_axis("replicate")
    table["A"] = table["A"].where(table["H"] != 0, 0.0)
    return table


def bootstrap(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    design: Design | None = None,
    missing: MissingPolicy = "raise",
    replicates: int = 1000,
    seed: int = 2025,
    level: float = 0.95,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
) -> pd.DataFrame:
    """Bootstrap standard errors and percentile confidence intervals of H, A and M0.

    Parameters
    ----------
    data, weights, k, design, missing
        As in :func:`sptools.mpi.alkire_foster`.
    replicates : int
        Number of bootstrap replicates (a whole number, at least 2).
    seed : int
        Seed of the random generator (results are reproducible).
    level : float
        Confidence level of the percentile intervals.
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=``.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure: se (standard deviation of the replicates), ci_low, ci_high.

    Examples
    --------
    >>> from sptools import Design
    >>> df = pd.DataFrame({"a": [1, 0, 1, 0, 0, 1], "c": [1, 1, 2, 2, 3, 3]})
    >>> design = Design(df, weight=None, strata=None, psu="c")
    >>> bootstrap(df, {"a": 1}, 1, design=design, replicates=200).loc["H", "se"] < 0.2
    np.True_
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}; e.g. level=0.95.")
    arrays = resolve_design(
        data, design, sample_weight=sample_weight, strata=strata, psu=psu, caller="bootstrap"
    )
    draws = _replicates(data, weights, k, arrays, missing, check_replicates(replicates), seed)
    tail = (1 - level) / 2
    return pd.DataFrame(
        {
            "se": draws.std(ddof=1),
            "ci_low": draws.quantile(tail),
            "ci_high": draws.quantile(1 - tail),
        }
    ).rename_axis("measure")
