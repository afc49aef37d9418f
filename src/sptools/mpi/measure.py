"""The Alkire-Foster adjusted headcount ratio M0, its partial indices and design-based SEs."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.mpi.decomposition import dimension_table, group_table, indicator_table
from sptools.mpi.identification import MissingPolicy
from sptools.mpi.inputs import resolve_design
from sptools.mpi.result import MPIResult
from sptools.mpi.sample import AFSample, prepare_sample
from sptools.mpi.weights import parse_k
from sptools.survey import Estimates, ratio_from_totals

__all__ = [
    "VULNERABLE_CUTOFF",
    "SEVERE_CUTOFF",
    "alkire_foster",
    "estimate",
    "indicator_standard_errors",
    "single_psu",
]

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
    """Each measure's estimates over the columns (domains) of PSU totals.

    An estimate whose denominator rests on a single PSU (a domain inside one cluster, or one
    person without a design) has a linearised variance of exactly zero, which is not an
    estimate of anything: its variance is set to NaN instead.
    """
    estimates = {}
    for name, (top, bottom) in RATIOS.items():
        est = ratio_from_totals(totals[top], totals[bottom], sample.design)
        single = single_psu(totals[bottom])
        est.covariance[single, :] = np.nan
        est.covariance[:, single] = np.nan
        estimates[name] = est
    return estimates


def single_psu(denominator: np.ndarray) -> np.ndarray:
    """Which columns of PSU totals have weight in exactly one PSU.

    Examples
    --------
    >>> single_psu(np.array([[1.0, 2.0], [0.0, 3.0]])).tolist()
    [True, False]
    """
    return (denominator > 0).sum(axis=0) == 1


def _single_psu_notes(totals: dict[str, np.ndarray], labels: pd.Index | None) -> tuple[str, ...]:
    flagged = {name: single_psu(totals[bottom]) for name, (_, bottom) in RATIOS.items()}
    if labels is None:
        measures = [name for name, flags in flagged.items() if flags[0]]
        if not measures:
            return ()
        return (
            f"SE not estimated (NaN) for {', '.join(measures)}: the estimate rests on a single "
            "PSU (or person), whose linearised variance is zero by construction.",
        )
    groups = np.flatnonzero(np.logical_or.reduce(list(flagged.values())))
    if not len(groups):
        return ()
    shown = ", ".join(str(labels[g]) for g in groups[:5]) + (", ..." if len(groups) > 5 else "")
    return (
        f"SE not estimated (NaN) for {len(groups)} group(s) resting on a single PSU or person "
        f"(for some measure): {shown}.",
    )


def _intensity_zero_when_nobody_poor(estimates: dict[str, Estimates]) -> None:
    # A is undefined without poor people; by convention it is 0 (so M0 = H x A still holds).
    nobody = estimates["H"].estimate == 0
    estimates["A"].estimate[nobody] = 0.0


def _columns(values: np.ndarray, n_columns: int) -> np.ndarray:
    return np.repeat(np.asarray(values, dtype=np.float64).reshape(-1, 1), n_columns, axis=1)


def indicator_standard_errors(sample: AFSample, profile_poor: np.ndarray) -> dict[str, np.ndarray]:
    """Linearised SEs of the uncensored and censored headcount ratios and the contributions.

    ``h_j`` and ``h_j(k)`` are means of ``g_ij`` and ``g_ij 1(poor_i)``; the contribution
    ``phi_j = w_j h_j(k) / M0`` is the ratio of the means of ``w_j g_ij 1(poor_i)`` and of
    the censored score (so its SE accounts for M0 being estimated too).

    Returns
    -------
    dict
        Column name -> one SE per indicator.

    Examples
    --------
    >>> from sptools.survey import SurveyDesign
    >>> df = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 0, 0, 0]})
    >>> s = prepare_sample(df, {"a": 0.5, "b": 0.5}, SurveyDesign.from_frame(df))
    >>> indicator_standard_errors(s, s.profile_score >= 2)["uncensored_se"].round(4).tolist()
    [0.2887, 0.25]
    """
    matrix = sample.profiles.matrix.astype(np.float64)
    n_indicators = matrix.shape[1]
    poor = profile_poor.astype(np.float64)
    columns = np.column_stack(
        [matrix, matrix * poor[:, None], poor * sample.profile_score, np.ones(len(poor))]
    )
    totals = np.asarray(sample.psu_profile @ columns)  # one pass over the PSU x profile table
    uncensored_totals, censored_totals = np.hsplit(totals[:, : 2 * n_indicators], 2)
    censored_score = _columns(totals[:, -2], n_indicators)
    population = _columns(totals[:, -1], n_indicators)
    weight = sample.weights.numerators.astype(np.float64)
    uncensored = ratio_from_totals(uncensored_totals, population, sample.design)
    censored = ratio_from_totals(censored_totals, population, sample.design)
    contribution = ratio_from_totals(censored_totals * weight, censored_score, sample.design)
    return {
        "uncensored_se": uncensored.se,
        "censored_se": censored.se,
        "absolute_contribution_se": censored.se * weight / sample.weights.denominator,
        "contribution_se": contribution.se,
    }


def _with_standard_errors(table: pd.DataFrame, se: dict[str, np.ndarray]) -> pd.DataFrame:
    """Insert each ``<column>_se`` right after its column."""
    columns = {}
    for name in table.columns:
        columns[name] = table[name]
        if f"{name}_se" in se:
            columns[f"{name}_se"] = se[f"{name}_se"]
    return pd.DataFrame(columns, index=table.index)


def estimate(sample: AFSample, k: object, *, level: float = 0.95) -> MPIResult:
    """All Alkire-Foster estimates for a prepared sample and a cutoff ``k``.

    Parameters
    ----------
    sample : AFSample
        From :func:`sptools.mpi.sample.prepare_sample`.
    k : float or Fraction
        Poverty cutoff in (0, 1].
    level : float
        Confidence level of the interval columns of ``groups``.

    Returns
    -------
    MPIResult

    Examples
    --------
    >>> from sptools.survey import SurveyDesign
    >>> df = pd.DataFrame({"a": [1, 0, 1], "b": [1, 0, 0]})
    >>> s = prepare_sample(df, {"a": 0.5, "b": 0.5}, SurveyDesign.from_frame(df))
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
    notes = _single_psu_notes(national_totals, None)

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
    indicators = _with_standard_errors(
        indicator_table(
            sample.weights, sample.profiles.matrix, sample.profile_totals.sum(axis=1), profile_poor
        ),
        indicator_standard_errors(sample, profile_poor),
    )
    groups = group_indicators = group_covariance = None
    if sample.groups is not None:
        by_group = _ratio_estimates(group_totals, sample)
        _intensity_zero_when_nobody_poor(by_group)
        notes += _single_psu_notes(group_totals, sample.groups)
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
        headline=headline,
        se=se,
        df=sample.design.df,
        level=level,
        variance_among_poor=variance_among_poor,
        indicators=indicators,
        dimensions=dimension_table(indicators),
        groups=groups,
        group_indicators=group_indicators,
        group_covariance=group_covariance,
        population=population,
        represented_population=sample.represented_population,
        n=sample.excluded.n_rows - sample.excluded.n_excluded,
        exclusions=sample.excluded,
        row_index=sample.row_index,
        row_profile=sample.profiles.row_profile,
        complete=sample.profiles.complete,
        profile_score=sample.profile_score / sample.weights.denominator,
        profile_poor=profile_poor,
        notes=notes,
    )


def alkire_foster(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    design: Design | None = None,
    by: str | None = None,
    missing: MissingPolicy = "raise",
    level: float = 0.95,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
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
    design : sptools.Design, optional
        The survey design (weights, strata, PSUs), declared once on the person table:
        ``Design(data)`` for the indicator tables of :mod:`sptools.indicators`. Rows of
        ``data`` are matched to the design on the index; a subset of the design's rows is a
        domain (every stratum and PSU stays in the variance). Without a design every row is
        an independent draw of weight one.
    by : str, optional
        Subgroup column (no missing values): adds :attr:`MPIResult.groups`.
    missing : {"raise", "drop"}
        What to do with missing indicator values: raise (default), or exclude incomplete rows
        and report them in :attr:`MPIResult.exclusions` (count, weighted share, by indicator).
        Excluded rows stay in the design (the complete cases are a domain), so standard
        errors remain design-consistent.
    level : float
        Confidence level of the interval columns of ``groups`` (df = #PSU - #strata); any
        other level through ``result.ci(level)`` and ``result.to_frame(level)``.
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=Design(data, weight=..., strata=..., psu=...)``.

    Returns
    -------
    MPIResult

    Notes
    -----
    Standard errors are linearised (see :mod:`sptools.survey`): H, M0, vulnerable and severe
    are weighted means, A a ratio; M0's SE comes from the censored scores directly. Without
    a design they treat rows as independent draws. An estimate resting on a single PSU (a
    group inside one cluster, or a single person) would have a linearised SE of exactly zero;
    it gets NaN instead, and the repr names the groups.

    Examples
    --------
    The mpitbR vignette (five people, four equally weighted indicators, k = 1/2):

    >>> g0 = pd.DataFrame([[1, 0, 1, 0], [0, 1, 0, 0], [0, 1, 1, 1], [1, 0, 0, 0], [1, 0, 1, 0]],
    ...                   columns=["d1", "d2", "d3", "d4"])
    >>> r = alkire_foster(g0, {c: Fraction(1, 4) for c in g0}, Fraction(1, 2))
    >>> r.H, round(r.A, 4), r.M0
    (0.6, 0.5833, 0.35)

    With a survey design, declared once on the table (here two strata of two PSUs):

    >>> from sptools import Design
    >>> g0 = g0.assign(w=[1.0, 2, 1, 2, 1], stratum=[1, 1, 1, 2, 2], psu=[1, 1, 2, 3, 4])
    >>> r = alkire_foster(g0, {c: Fraction(1, 4) for c in ["d1", "d2", "d3", "d4"]},
    ...                   Fraction(1, 2), design=Design(g0, weight="w"))
    >>> round(r.H, 4), round(r.se["H"], 4), r.df
    (0.4286, 0.238, 2)
    """
    arrays = resolve_design(
        data, design, sample_weight=sample_weight, strata=strata, psu=psu, caller="alkire_foster"
    )
    return estimate(prepare_sample(data, weights, arrays, by=by, missing=missing), k, level=level)
