"""Bootstrap standard errors and percentile intervals for H, A and M0 (PSU resampling)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from sptools.mpi.identification import MissingPolicy
from sptools.mpi.measure import RATIOS, level_functions
from sptools.mpi.sample import prepare_sample
from sptools.mpi.weights import parse_k
from sptools.survey import bootstrap_factors, bootstrap_ratios

__all__ = ["bootstrap", "bootstrap_replicates"]

_RATIOS = {name: RATIOS[name] for name in ("H", "A", "M0")}


def bootstrap_replicates(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    missing: MissingPolicy = "raise",
    replicates: int = 1000,
    seed: int = 2025,
) -> pd.DataFrame:
    """Bootstrap replicates of H, A and M0: PSUs resampled within strata (Rao-Wu rescaling).

    The data are reduced once to PSU totals; all replicates then come from one matrix product
    with the multinomial replicate factors (:func:`sptools.survey.bootstrap_factors`).

    Returns
    -------
    pandas.DataFrame
        One row per replicate, columns H, A, M0.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 0, 1, 0, 0, 1], "c": [1, 1, 2, 2, 3, 3]})
    >>> bootstrap_replicates(df, {"a": 1}, 1, psu="c", replicates=5, seed=1).shape
    (5, 3)
    """
    cutoff = parse_k(k)
    sample = prepare_sample(
        data, weights, sample_weight=sample_weight, strata=strata, psu=psu, missing=missing
    )
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
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    missing: MissingPolicy = "raise",
    replicates: int = 1000,
    seed: int = 2025,
    level: float = 0.95,
) -> pd.DataFrame:
    """Bootstrap standard errors and percentile confidence intervals of H, A and M0.

    Parameters
    ----------
    data, weights, k, sample_weight, strata, psu, missing
        As in :func:`sptools.mpi.alkire_foster`.
    replicates : int
        Number of bootstrap replicates.
    seed : int
        Seed of the random generator (results are reproducible).
    level : float
        Confidence level of the percentile intervals.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure: se (standard deviation of the replicates), ci_low, ci_high.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 0, 1, 0, 0, 1], "c": [1, 1, 2, 2, 3, 3]})
    >>> bootstrap(df, {"a": 1}, 1, psu="c", replicates=200).loc["H", "se"] < 0.2
    np.True_
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}.")
    draws = bootstrap_replicates(
        data,
        weights,
        k,
        sample_weight=sample_weight,
        strata=strata,
        psu=psu,
        missing=missing,
        replicates=replicates,
        seed=seed,
    )
    tail = (1 - level) / 2
    return pd.DataFrame(
        {
            "se": draws.std(ddof=1),
            "ci_low": draws.quantile(tail),
            "ci_high": draws.quantile(1 - tail),
        }
    ).rename_axis("measure")
