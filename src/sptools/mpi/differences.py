"""Tests of differences: between subgroups of one survey and between independent survey rounds.

Subgroups of one survey are domains of the same design, so their estimates are correlated:
``Var(a - b) = Var(a) + Var(b) - 2 Cov(a, b)`` with the linearised covariance, on the design's
degrees of freedom. Two rounds are independent samples: ``Var = Var_0 + Var_1`` on
``df_0 + df_1`` degrees of freedom (as when the rounds are stacked into one design).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sptools.mpi.result import MEASURES, MPIResult
from sptools.survey import t_interval, two_sided_p_value

__all__ = ["compare_groups", "compare_rounds"]


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, got {measure!r}.")


def _test_columns(
    difference: np.ndarray, se: np.ndarray, df: int, level: float
) -> dict[str, np.ndarray]:
    with np.errstate(invalid="ignore", divide="ignore"):
        t = difference / se
    low, high = t_interval(difference, se, df, level)
    p = two_sided_p_value(t, df)
    return {
        "difference": difference,
        "se": se,
        "t": t,
        "df": np.full(len(difference), df),
        "p_value": p,
        "ci_low": low,
        "ci_high": high,
        "significant": p < 1 - level,
    }


def compare_groups(
    result: MPIResult, measure: str = "M0", *, level: float | None = None
) -> pd.DataFrame:
    """Every pairwise difference between subgroups, with SE, t test and confidence interval.

    Parameters
    ----------
    result : MPIResult
        From :func:`alkire_foster` with ``by=``.
    measure : str
        "H", "A", "M0", "vulnerable" or "severe".
    level : float, optional
        Confidence level (and ``1 - level`` is the test size); defaults to the result's.

    Returns
    -------
    pandas.DataFrame
        One row per pair (group_a, group_b): estimate_a, estimate_b, difference (a - b), se, t,
        df, p_value, ci_low, ci_high, significant.

    Examples
    --------
    >>> from sptools.mpi import alkire_foster
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0, 1, 0], "g": list("xxxyyy")})
    >>> compare_groups(alkire_foster(df, {"a": 1}, 1, by="g"), "H")["difference"].round(4).tolist()
    [0.3333]
    """
    _check_measure(measure)
    if result.groups is None or result.group_covariance is None:
        raise ValueError("the result has no subgroups; estimate it with by='<column>' first.")
    level = result.level if level is None else level
    estimates = result.groups[measure].to_numpy()
    covariance = result.group_covariance[measure].to_numpy()
    first, second = np.triu_indices(len(estimates), k=1)
    variance = covariance[first, first] + covariance[second, second] - 2 * covariance[first, second]
    labels = result.groups.index
    table = pd.DataFrame(
        {
            "group_a": labels[first],
            "group_b": labels[second],
            "estimate_a": estimates[first],
            "estimate_b": estimates[second],
        }
    )
    columns = _test_columns(
        estimates[first] - estimates[second], np.sqrt(np.clip(variance, 0, None)), result.df, level
    )
    return table.assign(**columns)


def compare_rounds(
    before: MPIResult, after: MPIResult, measure: str = "M0", *, level: float | None = None
) -> pd.DataFrame:
    """Difference ``after - before`` between two independent survey rounds, with a t test.

    Parameters
    ----------
    before, after : MPIResult
        Estimates from two independent samples on harmonised indicators (same weights and k).
    measure : str
        "H", "A", "M0", "vulnerable" or "severe".
    level : float, optional
        Confidence level; defaults to ``after``'s.

    Returns
    -------
    pandas.DataFrame
        Indexed by "national" and every subgroup present in both rounds: before, after,
        difference, se, t, df, p_value, ci_low, ci_high, significant.

    Examples
    --------
    >>> from sptools.mpi import alkire_foster
    >>> r0 = alkire_foster(pd.DataFrame({"a": [1, 1, 0, 0]}), {"a": 1}, 1)
    >>> r1 = alkire_foster(pd.DataFrame({"a": [1, 0, 0, 0]}), {"a": 1}, 1)
    >>> float(compare_rounds(r0, r1, "H").loc["national", "difference"])
    -0.25
    """
    _check_measure(measure)
    if before.weights != after.weights or before.k != after.k:
        raise ValueError(
            "the rounds use different weights or k; compare only harmonised estimates "
            f"(k {before.k} vs {after.k})."
        )
    level = after.level if level is None else level
    rows = {
        "national": (
            getattr(before, measure),
            getattr(after, measure),
            before.se[measure],
            after.se[measure],
        )
    }
    if before.groups is not None and after.groups is not None:
        for label in before.groups.index.intersection(after.groups.index):
            rows[label] = (
                before.groups.at[label, measure],
                after.groups.at[label, measure],
                before.groups.at[label, f"{measure}_se"],
                after.groups.at[label, f"{measure}_se"],
            )
    values = np.array(list(rows.values()), dtype=np.float64)
    table = pd.DataFrame(
        {"before": values[:, 0], "after": values[:, 1]}, index=pd.Index(list(rows))
    )
    se = np.sqrt(values[:, 2] ** 2 + values[:, 3] ** 2)
    return table.assign(
        **_test_columns(values[:, 1] - values[:, 0], se, before.df + after.df, level)
    )
