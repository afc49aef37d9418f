"""Changes over time: absolute, relative and annualised changes between two rounds.

For a measure X observed at X0 and, ``years`` later, at X1:

* absolute change ``X1 - X0``; relative change ``(X1 - X0) / X0``;
* annualised absolute change ``(X1 - X0) / years``;
* annualised relative change ``(X1 / X0) ** (1 / years) - 1``.

The change in M0 splits into incidence and intensity (:func:`decompose_change`) and into
indicators (:func:`change_by_indicator`). Compare only harmonised indicator definitions. Standard
errors treat the rounds as independent samples; those of the relative changes use the delta method.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sptools.mpi.differences import compare_rounds
from sptools.mpi.result import MPIResult

__all__ = ["annualized_changes", "change_by_indicator", "change_over_time", "decompose_change"]


def annualized_changes(
    before: np.ndarray | float, after: np.ndarray | float, years: float
) -> dict[str, np.ndarray]:
    """Absolute, relative, annualised absolute and annualised relative changes.

    Parameters
    ----------
    before, after : float or array
        The measure in the first and the second round.
    years : float
        Time between the rounds (> 0).

    Returns
    -------
    dict
        "absolute", "relative", "annualized_absolute", "annualized_relative" (relative changes
        are NaN when ``before`` is 0).

    Examples
    --------
    >>> c = annualized_changes(0.4, 0.3, 5)
    >>> round(float(c["annualized_absolute"]), 4), round(float(c["annualized_relative"]), 4)
    (-0.02, -0.0559)
    """
    if not np.isfinite(years) or years <= 0:
        raise ValueError(f"years must be a positive number, got {years!r}.")
    x0 = np.asarray(before, dtype=np.float64)
    x1 = np.asarray(after, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(x0 != 0, x1 / np.where(x0 != 0, x0, 1.0), np.nan)
    return {
        "absolute": x1 - x0,
        "relative": ratio - 1,
        "annualized_absolute": (x1 - x0) / years,
        "annualized_relative": ratio ** (1 / years) - 1,
    }


def change_over_time(
    before: MPIResult,
    after: MPIResult,
    years: float,
    measures: Sequence[str] = ("H", "A", "M0"),
) -> pd.DataFrame:
    """Changes of the national measures between two rounds, with SEs and p-values.

    Parameters
    ----------
    before, after : MPIResult
        The two rounds (same weights and k).
    years : float
        Years between the rounds.
    measures : sequence of str
        Measures to report.

    Returns
    -------
    pandas.DataFrame
        Indexed by measure: before, after, absolute, absolute_se, p_value, relative,
        relative_se, annualized_absolute, annualized_absolute_se, annualized_relative,
        annualized_relative_se.

    Examples
    --------
    >>> from sptools.mpi import alkire_foster
    >>> r0 = alkire_foster(pd.DataFrame({"a": [1, 1, 0, 0]}), {"a": 1}, 1)
    >>> r1 = alkire_foster(pd.DataFrame({"a": [1, 0, 0, 0]}), {"a": 1}, 1)
    >>> float(change_over_time(r0, r1, years=5).loc["H", "relative"])
    -0.5
    """
    rows = {}
    for measure in measures:
        test = compare_rounds(before, after, measure).loc["national"]
        x0, x1 = test["before"], test["after"]
        se0, se1 = before.se[measure], after.se[measure]
        change = annualized_changes(x0, x1, years)
        with np.errstate(invalid="ignore", divide="ignore"):
            relative_se = np.sqrt((se1 / x0) ** 2 + (x1 * se0 / x0**2) ** 2)
            growth = (x1 / x0) ** (1 / years)
            annualized_relative_se = growth / years * np.sqrt((se1 / x1) ** 2 + (se0 / x0) ** 2)
        rows[measure] = {
            "before": x0,
            "after": x1,
            "absolute": change["absolute"],
            "absolute_se": test["se"],
            "p_value": test["p_value"],
            "relative": change["relative"],
            "relative_se": relative_se if x0 else np.nan,
            "annualized_absolute": change["annualized_absolute"],
            "annualized_absolute_se": test["se"] / years,
            "annualized_relative": change["annualized_relative"],
            "annualized_relative_se": annualized_relative_se if x0 and x1 else np.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index", dtype=np.float64).rename_axis("measure")


def decompose_change(before: MPIResult, after: MPIResult) -> pd.DataFrame:
    """Split the change in M0 into the parts due to incidence (H) and intensity (A).

    M0 = H x A, so the change is split symmetrically (the Shapley decomposition, which gives
    no factor the advantage of being changed first):

    ``dM0 = dH (A0 + A1) / 2 + dA (H0 + H1) / 2``

    The two parts add up to ``M1 - M0`` exactly. (The sequential split
    ``dH A1 + H0 dA`` adds up too, but depends on which factor is changed first.)

    Parameters
    ----------
    before, after : MPIResult
        The two rounds (same weights and k).

    Returns
    -------
    pandas.DataFrame
        Rows "H", "A" and "M0" (the total); columns before, after, change (of the measure),
        contribution (its part of the change in M0; the total for "M0") and share (of the
        change in M0; NaN when M0 did not change).

    Examples
    --------
    >>> from sptools.mpi import alkire_foster
    >>> r0 = alkire_foster(
    ...     pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 0, 0]}), {"a": 0.5, "b": 0.5}, 0.5
    ... )
    >>> r1 = alkire_foster(
    ...     pd.DataFrame({"a": [1, 0, 0, 0], "b": [0, 0, 0, 0]}), {"a": 0.5, "b": 0.5}, 0.5
    ... )
    >>> t = decompose_change(r0, r1)
    >>> t["contribution"].round(4).tolist()
    [-0.1562, -0.0938, -0.25]
    """
    _check_harmonised(before, after)
    h0, h1, a0, a1 = before.H, after.H, before.A, after.A
    parts = np.array([(h1 - h0) * (a0 + a1) / 2, (a1 - a0) * (h0 + h1) / 2])
    total = after.M0 - before.M0
    table = pd.DataFrame(
        {
            "before": [h0, a0, before.M0],
            "after": [h1, a1, after.M0],
            "contribution": [*parts, total],
        },
        index=pd.Index(["H", "A", "M0"], name="measure"),
    )
    table.insert(2, "change", table["after"] - table["before"])
    table["share"] = table["contribution"] / total if total else np.nan
    return table


def change_by_indicator(before: MPIResult, after: MPIResult) -> pd.DataFrame:
    """The change in M0 split by indicator: ``dM0 = sum_j w_j dh_j(k)``.

    Parameters
    ----------
    before, after : MPIResult
        The two rounds (same weights and k).

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator: censored_before, censored_after, change (of the censored
        headcount ratio), contribution (``w_j`` times the change; sums to the change in M0).

    Examples
    --------
    >>> from sptools.mpi import alkire_foster
    >>> r0 = alkire_foster(
    ...     pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 0, 0]}), {"a": 0.5, "b": 0.5}, 0.5
    ... )
    >>> r1 = alkire_foster(
    ...     pd.DataFrame({"a": [1, 0, 0, 0], "b": [0, 0, 0, 0]}), {"a": 0.5, "b": 0.5}, 0.5
    ... )
    >>> change_by_indicator(r0, r1)["contribution"].tolist()
    [-0.125, -0.125]
    """
    _check_harmonised(before, after)
    table = pd.DataFrame(
        {
            "censored_before": before.indicators["censored"],
            "censored_after": after.indicators["censored"],
        }
    )
    table["change"] = table["censored_after"] - table["censored_before"]
    table["contribution"] = before.indicators["weight"] * table["change"]
    return table


def _check_harmonised(before: MPIResult, after: MPIResult) -> None:
    if before.weights != after.weights or before.k != after.k:
        raise ValueError(
            "the rounds use different indicators, weights or k "
            f"(k {before.k} vs {after.k}); decompose changes only between harmonised estimates."
        )
