"""Changes over time: absolute, relative and annualised changes between two rounds.

For a measure X observed at X0 and, ``years`` later, at X1:

* absolute change ``X1 - X0``; relative change ``(X1 - X0) / X0``;
* annualised absolute change ``(X1 - X0) / years``;
* annualised relative change ``(X1 / X0) ** (1 / years) - 1``.

Compare only harmonised indicator definitions. Standard errors treat the rounds as independent
samples; those of the relative changes use the delta method.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sptools.mpi.differences import compare_rounds
from sptools.mpi.result import MPIResult

__all__ = ["annualized_changes", "change_over_time"]


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
