"""Decompositions of M0: by indicator, by dimension and by population subgroup.

M0 = sum_j w_j h_j(k) (indicators; percentage contributions w_j h_j(k) / M0 sum to one) and
M0 = sum_l nu_l M0_l over exhaustive, exclusive subgroups with population shares nu_l (group
contributions nu_l M0_l / M0 sum to one). H decomposes by subgroup the same way; A does not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sptools.mpi.weights import IndicatorWeights
from sptools.survey import Estimates

__all__ = ["dimension_table", "group_table", "indicator_table"]


def _share(part: np.ndarray, whole: np.ndarray | float) -> np.ndarray:
    """part / whole, NaN where whole is zero."""
    whole = np.asarray(whole, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(whole != 0, part / np.where(whole != 0, whole, 1.0), np.nan)


def indicator_table(
    weights: IndicatorWeights,
    matrix: np.ndarray,
    profile_population: np.ndarray,
    profile_poor: np.ndarray,
) -> pd.DataFrame:
    """Uncensored and censored headcount ratios and contributions of each indicator.

    Parameters
    ----------
    weights : IndicatorWeights
    matrix : numpy.ndarray
        Shape (n_profiles, n_indicators) 0/1 deprivation profiles.
    profile_population : numpy.ndarray
        Weighted population of each profile.
    profile_poor : numpy.ndarray
        Whether each profile is poor.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator: dimension, weight, uncensored, censored, absolute_contribution
        (``w_j h_j(k)``, sums to M0), contribution (share of M0, sums to one).

    Examples
    --------
    >>> from sptools.mpi.weights import parse_weights
    >>> t = indicator_table(parse_weights({"a": 0.5, "b": 0.5}), np.array([[1, 1], [1, 0]]),
    ...                     np.array([1.0, 3.0]), np.array([True, False]))
    >>> t["censored"].tolist(), t["contribution"].tolist()
    ([0.25, 0.25], [0.5, 0.5])
    """
    population = profile_population.sum()
    matrix = matrix.astype(np.float64)
    uncensored = matrix.T @ profile_population / population
    censored = matrix.T @ (profile_population * profile_poor) / population
    weight = np.array([float(weights.weights[name]) for name in weights.indicators])
    absolute = weight * censored
    return pd.DataFrame(
        {
            "dimension": [weights.dimension[name] for name in weights.indicators],
            "weight": weight,
            "uncensored": uncensored,
            "censored": censored,
            "absolute_contribution": absolute,
            "contribution": _share(absolute, absolute.sum()),
        },
        index=pd.Index(weights.indicators, name="indicator"),
    )


def dimension_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """Sum an indicator table's weights and contributions by dimension (in order of appearance).

    Examples
    --------
    >>> t = pd.DataFrame({"dimension": ["x", "x", "y"], "weight": [0.25, 0.25, 0.5],
    ...                   "absolute_contribution": [0.1, 0.0, 0.1], "contribution": [0.5, 0, 0.5]})
    >>> dimension_table(t)["contribution"].tolist()
    [0.5, 0.5]
    """
    columns = ["weight", "absolute_contribution", "contribution"]
    return indicators.groupby("dimension", sort=False)[columns].sum(min_count=1)


def group_table(
    labels: pd.Index,
    counts: np.ndarray,
    population: np.ndarray,
    estimates: dict[str, Estimates],
    level: float,
) -> pd.DataFrame:
    """One row per subgroup: size, population share, measures, contribution to M0, SEs and CIs.

    Parameters
    ----------
    labels : pandas.Index
        Group labels.
    counts : numpy.ndarray
        Unweighted number of rows of each group.
    population : numpy.ndarray
        Weighted population of each group.
    estimates : dict
        Measure -> :class:`~sptools.survey.Estimates` over the groups (must include "M0").
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> est = {"M0": Estimates(np.array([0.25, 5 / 12]), np.zeros((2, 2)), 3)}
    >>> t = group_table(pd.Index(["N", "S"]), np.array([2, 3]), np.array([2.0, 3.0]), est, 0.95)
    >>> [round(x, 4) for x in t["contribution"]]
    [0.2857, 0.7143]
    """
    share = population / population.sum()
    columns: dict[str, np.ndarray] = {
        "n": counts,
        "population": population,
        "population_share": share,
    }
    columns.update({name: est.estimate for name, est in estimates.items()})
    weighted = share * estimates["M0"].estimate
    columns["contribution"] = _share(weighted, weighted.sum())
    for name, est in estimates.items():
        low, high = est.ci(level)
        columns.update({f"{name}_se": est.se, f"{name}_ci_low": low, f"{name}_ci_high": high})
    return pd.DataFrame(columns, index=labels)
