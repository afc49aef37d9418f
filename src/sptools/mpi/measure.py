"""The Alkire-Foster adjusted headcount ratio M0, its partial indices and design-based SEs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pandas as pd

from sptools.mpi.decomposition import dimension_table, group_table, indicator_table
from sptools.mpi.identification import MissingPolicy
from sptools.mpi.result import MEASURES, MPIResult
from sptools.mpi.sample import AFSample, prepare_sample
from sptools.mpi.weights import parse_k
from sptools.survey import Estimates, ratio_from_totals

__all__ = ["VULNERABLE_CUTOFF", "SEVERE_CUTOFF", "alkire_foster", "estimate"]

#: Lower bound of the "vulnerable to poverty" range ``[1/5, k)``.
VULNERABLE_CUTOFF = Fraction(1, 5)
#: Severe poverty: score at least 1/2.
SEVERE_CUTOFF = Fraction(1, 2)

#: Each measure as a ratio of two level functions: (numerator, denominator).
RATIOS = {
    "H": ("poor", "population"),
    "A": ("censored", "poor"),
    "M0": ("censored", "population"),
    "vulnerable": ("vulnerable", "population"),
    "severe": ("severe", "population"),
}


def level_functions(levels: np.ndarray, denominator: int, k: Fraction) -> dict[str, np.ndarray]:
    """Per score level: population (1), poor, censored score, vulnerable, severe, censored score².

    Parameters
    ----------
    levels : numpy.ndarray
        Integer scores over ``denominator``.
    denominator : int
        Common denominator of the weights.
    k : Fraction
        Poverty cutoff.

    Examples
    --------
    >>> f = level_functions(np.array([0, 1, 2, 3]), 3, Fraction(1, 3))
    >>> f["poor"].tolist(), f["vulnerable"].tolist()
    ([0.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0])
    """
    poor = levels >= math.ceil(k * denominator)
    score = levels / denominator
    return {
        "population": np.ones(len(levels)),
        "poor": poor.astype(np.float64),
        "censored": np.where(poor, score, 0.0),
        "vulnerable": ((levels >= math.ceil(VULNERABLE_CUTOFF * denominator)) & ~poor).astype(
            np.float64
        ),
        "severe": (levels >= math.ceil(SEVERE_CUTOFF * denominator)).astype(np.float64),
        "censored_squared": np.where(poor, score**2, 0.0),
    }


def _ratio_estimates(totals: dict[str, np.ndarray], sample: AFSample) -> dict[str, Estimates]:
    """Each measure's estimates over the columns (domains) of PSU totals."""
    return {
        name: ratio_from_totals(totals[top], totals[bottom], sample.design)
        for name, (top, bottom) in RATIOS.items()
    }


def _intensity_zero_when_nobody_poor(estimates: dict[str, Estimates]) -> None:
    # A is undefined without poor people; by convention it is 0 (so M0 = H x A still holds).
    nobody = estimates["H"].estimate == 0
    estimates["A"].estimate[nobody] = 0.0


def estimate(sample: AFSample, k: object, *, level: float = 0.95) -> MPIResult:
    """All Alkire-Foster estimates for a prepared sample and a cutoff ``k``.

    Parameters
    ----------
    sample : AFSample
        From :func:`sptools.mpi.sample.prepare_sample`.
    k : float or Fraction
        Poverty cutoff in (0, 1].
    level : float
        Confidence level of the intervals.

    Returns
    -------
    MPIResult

    Examples
    --------
    >>> s = prepare_sample(pd.DataFrame({"a": [1, 0, 1], "b": [1, 0, 0]}), {"a": 0.5, "b": 0.5})
    >>> estimate(s, 1).H == 1 / 3
    True
    """
    cutoff = parse_k(k)
    functions = level_functions(sample.levels, sample.weights.denominator, cutoff)
    group_totals = {name: sample.cube @ values for name, values in functions.items()}
    national_totals = {
        name: totals.sum(axis=1, keepdims=True) for name, totals in group_totals.items()
    }
    national = _ratio_estimates(national_totals, sample)
    _intensity_zero_when_nobody_poor(national)
    headline = {name: float(est.estimate[0]) for name, est in national.items()}
    se = {name: float(est.se[0]) for name, est in national.items()}
    ci = {}
    for name, est in national.items():
        low, high = est.ci(level)
        ci[name] = (float(low[0]), float(high[0]))

    population = float(national_totals["population"].sum())
    poor_population = float(national_totals["poor"].sum())
    mean_square = (
        float(national_totals["censored_squared"].sum()) / poor_population
        if poor_population
        else 0.0
    )
    variance_among_poor = max(mean_square - headline["A"] ** 2, 0.0)

    threshold = sample.weights.threshold(cutoff)
    profile_poor = sample.profile_score >= threshold
    indicators = indicator_table(
        sample.weights, sample.profiles.matrix, sample.profile_totals.sum(axis=1), profile_poor
    )
    groups = group_indicators = group_covariance = None
    if sample.groups is not None:
        by_group = _ratio_estimates(group_totals, sample)
        _intensity_zero_when_nobody_poor(by_group)
        groups = group_table(
            sample.groups,
            sample.group_counts,
            group_totals["population"].sum(axis=0),
            by_group,
            level,
        )
        group_covariance = {
            name: pd.DataFrame(est.covariance, index=sample.groups, columns=sample.groups)
            for name, est in by_group.items()
        }
        group_indicators = pd.concat(
            {
                label: indicator_table(
                    sample.weights,
                    sample.profiles.matrix,
                    sample.profile_totals[:, g],
                    profile_poor,
                ).drop(columns=["dimension", "weight"])
                for g, label in enumerate(sample.groups)
            },
            names=[sample.groups.name, "indicator"],
        )
    return MPIResult(
        k=cutoff,
        weights=dict(sample.weights.weights),
        H=headline["H"],
        A=headline["A"],
        M0=headline["M0"],
        vulnerable=headline["vulnerable"],
        severe=headline["severe"],
        variance_among_poor=variance_among_poor,
        se={name: se[name] for name in MEASURES},
        ci={name: ci[name] for name in MEASURES},
        df=sample.design.df,
        level=level,
        indicators=indicators,
        dimensions=dimension_table(indicators),
        groups=groups,
        group_indicators=group_indicators,
        group_covariance=group_covariance,
        population=population,
        n=sample.excluded.n_rows - sample.excluded.n_excluded,
        excluded=sample.excluded,
        row_index=sample.row_index,
        row_profile=sample.profiles.row_profile,
        complete=sample.profiles.complete,
        profile_score=sample.profile_score / sample.weights.denominator,
        profile_poor=profile_poor,
    )


def alkire_foster(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    by: str | None = None,
    missing: MissingPolicy = "raise",
    level: float = 0.95,
) -> MPIResult:
    """Alkire-Foster multidimensional poverty: H, A, M0, decompositions and standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (unit of analysis); the 0/1 indicator columns (1 = deprived) carry
        the household's deprivations.
    weights : mapping
        Indicator -> weight (summing to one), or dimension -> {indicator: weight} such as
        :data:`GLOBAL_MPI` (then contributions are also reported by dimension). Floats are
        turned into exact fractions (``1/18`` means exactly one eighteenth).
    k : float or Fraction
        Poverty cutoff in (0, 1]: poor when the weighted deprivation score is at least ``k``
        (compared exactly; a float ``k`` is read as the nearest fraction with denominator at
        most 10**6, so ``1/3`` is exactly one third). Global MPI: ``Fraction(1, 3)``.
    sample_weight : str, optional
        Column of sampling weights (> 0); without it every row weighs one.
    strata, psu : str, optional
        Design columns for the standard errors. Without ``psu`` each row is its own PSU;
        without ``strata`` there is one stratum. PSU labels are nested within strata.
    by : str, optional
        Subgroup column (no missing values): adds :attr:`MPIResult.groups`.
    missing : {"raise", "drop"}
        What to do with missing indicator values: raise (default), or exclude incomplete rows
        and report them in :attr:`MPIResult.excluded`. Excluded rows stay in the design (the
        complete cases are a domain), so standard errors remain design-consistent.
    level : float
        Confidence level of the t intervals (df = #PSU - #strata).

    Returns
    -------
    MPIResult

    Notes
    -----
    Standard errors are linearised (see :mod:`sptools.survey`): H, M0, vulnerable and severe
    are weighted means, A a ratio; M0's SE comes from the censored scores directly. Without
    a design they treat rows as independent draws.

    Examples
    --------
    The mpitbR vignette (five people, four equally weighted indicators, k = 1/2):

    >>> g0 = pd.DataFrame([[1, 0, 1, 0], [0, 1, 0, 0], [0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 1, 0]],
    ...                   columns=["d1", "d2", "d3", "d4"])
    >>> r = alkire_foster(g0, {c: Fraction(1, 4) for c in g0}, Fraction(1, 2))
    >>> r.H, round(r.A, 4), r.M0
    (0.6, 0.5833, 0.35)
    """
    sample = prepare_sample(
        data, weights, sample_weight=sample_weight, strata=strata, psu=psu, by=by, missing=missing
    )
    return estimate(sample, k, level=level)
