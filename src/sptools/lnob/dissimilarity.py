"""The dissimilarity index D, the Human Opportunity Index and access by group (ESCAP LNOB).

With groups g = every combination of the circumstances present in the data, beta_g the weighted
population share, p_g the group's weighted rate and p the national rate::

    D = 1 / (2 p) * sum_g beta_g |p_g - p|        (0 = equal access, 1 = maximal inequality)
    HOI = p (1 - D)

For a barrier (stunting, child marriage, ...) both are computed on the complement (not
stunted), as on the ESCAP LNOB platform. Sources: Savic, Simonds, Sokou & Wang (2020), ESCAP
SDD Working Paper; Paes de Barros et al. (2009), *Measuring Inequality of Opportunities in Latin
America and the Caribbean*, World Bank.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sptools.lnob.cells import CellTable, cell_table
from sptools.lnob.validation import MissingPolicy

#: Columns that :func:`access_by_group` adds next to the circumstances.
GROUP_COLUMNS = ("share", "rate", "n")


def dissimilarity(
    weight: np.ndarray, weighted_outcome: np.ndarray, *, barrier: bool = False
) -> float:
    """Return D from the total weight and weighted outcome of each group.

    Parameters
    ----------
    weight : numpy.ndarray
        Sum of weights in each group (all positive).
    weighted_outcome : numpy.ndarray
        Sum of weight x outcome in each group.
    barrier : bool
        Compute D on the complement of the outcome.

    Raises
    ------
    ValueError
        When the national rate (of the complement, for a barrier) is 0 or 1: D is undefined.

    Examples
    --------
    >>> round(dissimilarity(np.array([1.0, 1.0]), np.array([0.2, 0.6])), 10)
    0.25
    """
    if barrier:
        weighted_outcome = weight - weighted_outcome
    total = weight.sum()
    national = weighted_outcome.sum() / total
    if national <= 0 or national >= 1:
        kind = "complement of the barrier" if barrier else "outcome"
        raise ValueError(
            f"the national rate of the {kind} is {national:g}: D is undefined when everyone "
            f"(or no one) has the outcome. Check the outcome's coding or choose another indicator."
        )
    gaps = np.abs(weighted_outcome / weight - national)
    return float((weight * gaps).sum() / total / (2 * national))


def national_rate(cells: CellTable, *, barrier: bool = False) -> float:
    """Return the weighted national rate of the outcome (of its complement for a barrier).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 0, 0], "urban": [True, True, False, False]})
    >>> national_rate(cell_table(df, "y", ["urban"]), barrier=True)
    0.75
    """
    rate = cells.national_rate
    return 1 - rate if barrier else rate


def d_index(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    barrier: bool = False,
    missing: MissingPolicy = "raise",
) -> float:
    """Return the dissimilarity index D of a 0/1 outcome across groups of circumstances.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (or household).
    outcome : str
        0/1 column: access to an opportunity, or (with ``barrier=True``) a barrier.
    circumstances : sequence of str
        Circumstance columns; the groups are every combination of their levels present in the
        data (not the leaves of a tree).
    weight : str, optional
        Sampling weight column; equal weights when omitted.
    barrier : bool
        The outcome is a barrier: compute D on its complement.
    missing : {"raise", "drop"}
        Missing outcome/circumstance values raise (default) or are excluded with a warning
        that reports the count.

    Returns
    -------
    float
        D on the 0-1 scale.

    Raises
    ------
    ValueError
        Bad input (see :func:`~sptools.lnob.validation.prepare_sample`), or a national rate of
        0 or 1 (D undefined).

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> round(d_index(df, "water", ["urban"]), 4)
    0.1667
    """
    cells = cell_table(data, outcome, circumstances, weight, missing=missing)
    return dissimilarity(cells.weight, cells.weighted_outcome, barrier=barrier)


def hoi(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    barrier: bool = False,
    missing: MissingPolicy = "raise",
) -> float:
    """Return the Human Opportunity Index HOI = p (1 - D): coverage discounted for inequality.

    Parameters are those of :func:`d_index`. For a barrier, p and D are those of the complement
    (e.g. the share not stunted), so the HOI is always "higher is better".

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> round(hoi(df, "water", ["urban"]), 4)
    0.625
    """
    cells = cell_table(data, outcome, circumstances, weight, missing=missing)
    d = dissimilarity(cells.weight, cells.weighted_outcome, barrier=barrier)
    return national_rate(cells, barrier=barrier) * (1 - d)


def access_by_group(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    missing: MissingPolicy = "raise",
) -> pd.DataFrame:
    """Return the weighted rate of the outcome in every combination of circumstances present.

    Parameters
    ----------
    data, outcome, circumstances, weight, missing
        As in :func:`d_index`. The rate is that of the outcome as given (the prevalence, for a
        barrier).

    Returns
    -------
    pandas.DataFrame
        One row per group, in category order: a Categorical column per circumstance, then
        ``share`` (weighted population share; sums to 1), ``rate`` (weighted rate) and ``n``
        (unweighted rows). ``attrs["exclusions"]`` reports rows excluded for missing values.

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> access_by_group(df, "water", ["urban"])
       urban  share  rate  n
    0  False    0.5   0.5  2
    1   True    0.5   1.0  2
    """
    cells = cell_table(data, outcome, circumstances, weight, missing=missing)
    clash = [name for name in cells.circumstances if name in GROUP_COLUMNS]
    if clash:
        raise ValueError(
            f"circumstance column(s) {clash} clash with the result's columns {GROUP_COLUMNS}; "
            f"rename them (data.rename(columns=...))."
        )
    table = pd.DataFrame(
        {name: cells.labels(j) for j, name in enumerate(cells.circumstances)}
        | {
            "share": cells.weight / cells.weight.sum(),
            "rate": cells.weighted_outcome / cells.weight,
            "n": cells.count,
        }
    )
    table.attrs["exclusions"] = cells.exclusions
    return table
