"""The result of an Alkire-Foster estimation: headline measures, tables and row-level scores."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
import pandas as pd

__all__ = ["Exclusions", "MPIResult", "MEASURES"]

#: Headline measures, in reporting order.
MEASURES = ("H", "A", "M0", "vulnerable", "severe")


@dataclass(frozen=True)
class Exclusions:
    """Rows left out of the estimation because an indicator was missing.

    Attributes
    ----------
    n_rows : int
        Rows in the data.
    n_excluded : int
        Rows excluded (any indicator missing, with ``missing="drop"``).
    weighted_share : float
        Excluded share of the weighted population.
    by_indicator : dict
        Indicator -> number of missing values.
    """

    n_rows: int
    n_excluded: int
    weighted_share: float
    by_indicator: dict[str, int]

    @property
    def share(self) -> float:
        """Excluded share of the rows (unweighted)."""
        return self.n_excluded / self.n_rows if self.n_rows else 0.0

    def __str__(self) -> str:
        return (
            f"{self.n_excluded} of {self.n_rows} rows excluded ({self.share:.1%}; "
            f"{self.weighted_share:.1%} of the weighted population)"
        )


@dataclass(frozen=True, kw_only=True)
class MPIResult:
    """Alkire-Foster estimates for one sample and one poverty cutoff ``k``.

    Attributes
    ----------
    k : Fraction
        Poverty cutoff: poor when the deprivation score is at least ``k``.
    weights : dict
        Indicator -> exact weight.
    H, A, M0 : float
        Incidence (weighted share poor), intensity (mean score among the poor; 0 when nobody
        is poor) and the adjusted headcount ratio ``M0 = H x A``.
    vulnerable : float
        Share with ``1/5 <= score < k`` (empty when ``k <= 1/5``); for the global MPI, the
        published "vulnerable to poverty" range ``[1/5, 1/3)``.
    severe : float
        Share with ``score >= 1/2`` (severe poverty).
    variance_among_poor : float
        Weighted variance of the scores among the poor (inequality among the poor).
    se : dict
        Measure -> design-based (linearised) standard error.
    ci : dict
        Measure -> (low, high) t confidence interval at ``level``.
    df : int
        Degrees of freedom of the design (#PSU - #strata).
    level : float
        Confidence level of ``ci``.
    indicators : pandas.DataFrame
        Indexed by indicator: dimension, weight, uncensored and censored headcount ratios,
        absolute contribution (``w_j h_j(k)``, sums to M0) and contribution (share of M0, sums
        to 1; NaN when M0 = 0).
    dimensions : pandas.DataFrame
        Indexed by dimension: weight, absolute contribution and contribution.
    groups : pandas.DataFrame or None
        With ``by=``: one row per group with n, population, population_share, the measures,
        contribution (``share x M0_g / M0``), and ``<measure>_se``, ``<measure>_ci_low``,
        ``<measure>_ci_high`` (groups are domains of the full design).
    group_indicators : pandas.DataFrame or None
        With ``by=``: uncensored and censored headcount ratios and contributions by group and
        indicator (MultiIndex group, indicator).
    group_covariance : dict or None
        With ``by=``: measure -> covariance matrix of the group estimates (for comparisons).
    population : float
        Weighted population of the rows used.
    n : int
        Number of rows used.
    excluded : Exclusions
        Rows excluded for missing indicators (none unless ``missing="drop"``).
    """

    k: Fraction
    weights: dict[str, Fraction]
    H: float
    A: float
    M0: float
    vulnerable: float
    severe: float
    variance_among_poor: float
    se: dict[str, float]
    ci: dict[str, tuple[float, float]]
    df: int
    level: float
    indicators: pd.DataFrame
    dimensions: pd.DataFrame
    groups: pd.DataFrame | None
    group_indicators: pd.DataFrame | None
    group_covariance: dict[str, pd.DataFrame] | None
    population: float
    n: int
    excluded: Exclusions
    row_index: pd.Index = field(repr=False)
    row_profile: np.ndarray = field(repr=False)
    complete: np.ndarray | None = field(repr=False)
    profile_score: np.ndarray = field(repr=False)
    profile_poor: np.ndarray = field(repr=False)

    @property
    def scores(self) -> pd.Series:
        """Deprivation score of each row (NaN for excluded rows), aligned to the data."""
        values = self.profile_score[self.row_profile]
        if self.complete is not None:
            values = np.where(self.complete, values, np.nan)
        return pd.Series(values, index=self.row_index, name="score")

    @property
    def poor(self) -> pd.Series:
        """Whether each row is poor; nullable boolean with NA for excluded rows."""
        values = self.profile_poor[self.row_profile]
        if self.complete is None:
            return pd.Series(values, index=self.row_index, name="poor")
        return pd.Series(
            pd.array(np.where(self.complete, values, False), dtype="boolean"),
            index=self.row_index,
            name="poor",
        ).mask(~self.complete)

    def n_poor(self, population: float | None = None) -> float:
        """Estimated number of poor people: ``H x population``.

        Parameters
        ----------
        population : float, optional
            Total population; by default the weighted population of the sample (the number of
            poor when the weights are expansion weights).

        Examples
        --------
        >>> from sptools.mpi import alkire_foster
        >>> df = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 0, 0, 0]})
        >>> alkire_foster(df, {"a": 0.5, "b": 0.5}, 0.5).n_poor(1_000)
        500.0
        """
        total = self.population if population is None else float(population)
        if total < 0:
            raise ValueError(f"population must be >= 0, got {population!r}.")
        return self.H * total

    def summary(self) -> pd.DataFrame:
        """Headline measures with standard errors and confidence intervals.

        Examples
        --------
        >>> from sptools.mpi import alkire_foster
        >>> df = pd.DataFrame({"a": [1, 0, 1, 0], "b": [1, 0, 0, 0]})
        >>> alkire_foster(df, {"a": 0.5, "b": 0.5}, 1).summary().loc["H", "estimate"]
        np.float64(0.25)
        """
        return pd.DataFrame(
            {
                "estimate": [getattr(self, m) for m in MEASURES],
                "se": [self.se[m] for m in MEASURES],
                "ci_low": [self.ci[m][0] for m in MEASURES],
                "ci_high": [self.ci[m][1] for m in MEASURES],
            },
            index=pd.Index(MEASURES, name="measure"),
        )
