"""Shapley decomposition of the dissimilarity index D by circumstance (ESCAP LNOB).

The contribution of circumstance a among the n circumstances N is its average marginal effect
on D over all orders in which circumstances can be added::

    Sh_a = sum_{S subset of N \\ {a}} |S|! (n - |S| - 1)! / n! * [D(S + {a}) - D(S)],  D({}) = 0

D(S) uses the groups formed by the circumstances in S only. The contributions add up to D(N);
divided by D(N) they are shares that add up to 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from math import factorial

import pandas as pd

from sptools.lnob.cells import CellTable, cell_table
from sptools.lnob.dissimilarity import dissimilarity
from sptools.lnob.validation import MissingPolicy


def shapley_d(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    barrier: bool = False,
    missing: MissingPolicy = "raise",
) -> pd.Series:
    """Return each circumstance's Shapley contribution to the dissimilarity index D.

    Parameters
    ----------
    data, outcome, circumstances, weight, barrier, missing
        As in :func:`sptools.lnob.d_index`. The cost grows as 2 ** len(circumstances).

    Returns
    -------
    pandas.Series
        Absolute contributions (on D's 0-1 scale), indexed by circumstance (index name
        ``"circumstance"``), summing to D. Shares of D: ``contributions.div(contributions.sum())``
        (they sum to 1). ``attrs["d_index"]`` holds D and ``attrs["exclusions"]`` the rows
        excluded for missing values.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "water": [1, 1, 1, 1, 0, 0, 0, 0],
    ...     "urban": [True, True, True, True, False, False, False, False],
    ...     "rich": [True, True, False, False, True, True, False, False],
    ... })
    >>> contributions = shapley_d(df, "water", ["urban", "rich"])
    >>> contributions.round(4).tolist()
    [0.5, 0.0]
    >>> contributions.div(contributions.sum()).tolist()
    [1.0, 0.0]
    """
    cells = cell_table(data, outcome, circumstances, weight, missing=missing)
    contributions = shapley_from_cells(cells, barrier=barrier)
    contributions.attrs["d_index"] = float(contributions.sum())
    contributions.attrs["exclusions"] = cells.exclusions
    return contributions


def shapley_from_cells(cells: CellTable, *, barrier: bool = False) -> pd.Series:
    """Return the Shapley contributions to D from a cell table (see :func:`shapley_d`).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 1, 1], "a": [0, 0, 1, 1], "b": [0, 1, 0, 1]})
    >>> shapley_from_cells(cell_table(df, "y", ["a", "b"])).round(4).tolist()
    [0.125, 0.125]
    """
    n = len(cells.circumstances)
    d_of = {
        subset: dissimilarity(*cells.group_sums(subset), barrier=barrier) if subset else 0.0
        for size in range(n + 1)
        for subset in combinations(range(n), size)
    }
    contributions = [
        sum(
            factorial(len(subset))
            * factorial(n - len(subset) - 1)
            / factorial(n)
            * (d_of[tuple(sorted((*subset, a)))] - d_of[subset])
            for subset in d_of
            if a not in subset
        )
        for a in range(n)
    ]
    return pd.Series(
        contributions,
        index=pd.Index(cells.circumstances, name="circumstance"),
        name="shapley",
        dtype=float,
    )
