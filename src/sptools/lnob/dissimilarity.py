"""The dissimilarity index D, the Human Opportunity Index and access by group (ESCAP LNOB).

With groups g = every combination of the circumstances present in the data, beta_g the weighted
population share, p_g the group's weighted rate and p the national rate::

    D = 1 / (2 p) * sum_g beta_g |p_g - p|        (0 = equal access, 1 = maximal inequality)
    HOI = p (1 - D)

D can never exceed 1 - p (reached when every group has a rate of 0 or 1), so D is also reported
as a share of that maximum. For a barrier (stunting, child marriage, ...) everything is computed
on the complement (not stunted), as on the ESCAP LNOB platform. Standard errors are design-based
(:mod:`sptools.lnob.variance`). Sources: Savic, Simonds, Sokou & Wang (2020), ESCAP SDD Working
Paper; Paes de Barros et al. (2009), *Measuring Inequality of Opportunities in Latin America and
the Caribbean*, World Bank.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from sptools.design import Design
from sptools.lnob.cells import CellTable, cell_table
from sptools.lnob.validation import LNOBWarning, MissingPolicy, check_flag, resolve_design
from sptools.lnob.variance import (
    Variance,
    VarianceMethod,
    d_of_groups,
    estimate_with_se,
    rates_with_se,
)
from sptools.results import Estimate, TableResult, logit_interval

#: Columns that :func:`access_by_group` adds next to the circumstances.
GROUP_COLUMNS = ("share", "rate", "se", "ci_low", "ci_high", "n")


class DissimilarityIndex(Estimate):
    """D with its standard error, its maximum 1 - p and D as a share of that maximum.

    A ``float`` (``round(d, 3)`` works) that is also an :class:`~sptools.results.Estimate`.

    Parameters
    ----------
    value : float
        D.
    d_max : float
        The largest D possible at this national rate: 1 - p (p of the complement, for a
        barrier).
    share_of_max : Estimate
        D / (1 - p), with its standard error.
    **estimate
        ``se``, ``n``, ``df``, ``exclusions``, ``name``, ``method`` of
        :class:`~sptools.results.Estimate`.

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> d = d_index(df, "water", ["urban"])
    >>> round(d, 4), d.d_max, round(d.share_of_max, 4)
    (0.1667, 0.25, 0.6667)
    """

    d_max: float
    share_of_max: Estimate

    def __new__(
        cls, value: float, *, d_max: float, share_of_max: Estimate, **estimate
    ) -> DissimilarityIndex:
        self = super().__new__(cls, value, **estimate)
        self.d_max = float(d_max)
        self.share_of_max = share_of_max
        return self

    def __reduce__(self):
        _, (value, se, n, df, exclusions, name, method, proportion) = super().__reduce__()
        estimate = {"se": se, "n": n, "df": df, "exclusions": exclusions, "name": name}
        return (
            _rebuild_d,
            (
                value,
                self.d_max,
                self.share_of_max,
                estimate | {"method": method, "proportion": proportion},
            ),
        )


def _rebuild_d(
    value: float, d_max: float, share_of_max: Estimate, estimate: dict
) -> DissimilarityIndex:
    return DissimilarityIndex(value, d_max=d_max, share_of_max=share_of_max, **estimate)


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
    _check_defined(weighted_outcome.sum() / weight.sum(), barrier)
    return float(d_of_groups(weight, weighted_outcome))


def _check_defined(national: float, barrier: bool) -> None:
    if national <= 0 or national >= 1:
        kind = "complement of the barrier" if barrier else "outcome"
        raise ValueError(
            f"the national rate of the {kind} is {national:g}: D is undefined when everyone "
            f"(or no one) has the outcome. Check the outcome's coding or choose another indicator."
        )


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


def oriented_cells(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    *,
    design: Design | None,
    barrier: bool,
    missing: MissingPolicy,
) -> CellTable:
    """The cell table of the outcome, complemented for a barrier; D must be defined."""
    barrier = check_flag(barrier, "barrier")
    cells = cell_table(data, outcome, circumstances, design=design, missing=missing)
    oriented = cells.complement() if barrier else cells
    _check_defined(oriented.national_rate, barrier)
    return oriented


# -- D, HOI and D as a share of its maximum, from the building blocks [D(N), p] ---------------


def _d_measures(blocks: np.ndarray) -> np.ndarray:
    d, rate = blocks[..., 0], blocks[..., 1]
    return np.stack([d, rate * (1 - d), d / (1 - rate)], axis=-1)


def _d_jacobian(blocks: np.ndarray) -> np.ndarray:
    d, rate = blocks
    return np.array([[1.0, 0.0], [-rate, 1 - d], [1 / (1 - rate), d / (1 - rate) ** 2]])


def _d_estimates(cells: CellTable, variance: Variance) -> tuple[np.ndarray, np.ndarray]:
    everything = tuple(range(len(cells.circumstances)))
    return estimate_with_se(cells, [everything], _d_measures, _d_jacobian, variance)


def _estimate_fields(cells: CellTable, se: float, name: str, variance: Variance) -> dict:
    """The keyword arguments of an :class:`Estimate` computed on ``cells``."""
    return {
        "se": se,
        "n": int(cells.count.sum()),
        "df": variance.df(cells),
        "exclusions": cells.exclusions,
        "name": name,
        "method": variance.describe(cells),
    }


def d_index(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    design: Design | None = None,
    barrier: bool = False,
    missing: MissingPolicy = "raise",
    variance: VarianceMethod = "linearised",
    replicates: int = 1000,
    seed: int = 2025,
) -> DissimilarityIndex:
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
        Deprecated: a weight column (use ``design=``).
    design : sptools.Design, optional
        The survey design (weights, strata, PSUs); ``data``'s rows are matched to it on the
        index (a subset of its rows is a domain). Without it: independent rows of weight one.
    barrier : bool
        The outcome is a barrier: compute D on its complement. A real ``True``/``False``.
    missing : {"raise", "drop"}
        Missing outcome/circumstance values raise (default) or are excluded with a warning
        that reports the count (and ``.exclusions`` on the result).
    variance : {"linearised", "bootstrap"}
        How the standard error is estimated (:mod:`sptools.lnob.variance`).
    replicates, seed : int
        Rao-Wu bootstrap replicates and seed (``variance="bootstrap"`` only).

    Returns
    -------
    DissimilarityIndex
        D on the 0-1 scale: a float with ``.se``, ``.ci()``, ``.to_frame()``, ``.exclusions``,
        ``.d_max`` (1 - p) and ``.share_of_max`` (D / (1 - p), with its SE).

    Raises
    ------
    ValueError
        Bad input (see :func:`~sptools.lnob.validation.prepare_sample`), or a national rate of
        0 or 1 (D undefined).

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> d = d_index(df, "water", ["urban"])
    >>> round(d, 4), round(d.se, 4)
    (0.1667, 0.1843)
    """
    design = resolve_design(data, weight, design, function="d_index")
    cells = oriented_cells(
        data, outcome, circumstances, design=design, barrier=barrier, missing=missing
    )
    settings = Variance(variance, replicates, seed)
    (d, _, share), (d_se, _, share_se) = _d_estimates(cells, settings)
    return DissimilarityIndex(
        d,
        d_max=1 - cells.national_rate,
        share_of_max=Estimate(share, **_estimate_fields(cells, share_se, "D / (1 - p)", settings)),
        **_estimate_fields(cells, d_se, "D", settings),
    )


def hoi(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    design: Design | None = None,
    barrier: bool = False,
    missing: MissingPolicy = "raise",
    variance: VarianceMethod = "linearised",
    replicates: int = 1000,
    seed: int = 2025,
) -> Estimate:
    """Return the Human Opportunity Index HOI = p (1 - D): coverage discounted for inequality.

    Parameters are those of :func:`d_index`. For a barrier, p and D are those of the complement
    (e.g. the share not stunted), so the HOI is always "higher is better".

    Returns
    -------
    Estimate
        A float with ``.se``, ``.ci()``, ``.to_frame()`` and ``.exclusions``.

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> round(hoi(df, "water", ["urban"]), 4)
    0.625
    """
    design = resolve_design(data, weight, design, function="hoi")
    cells = oriented_cells(
        data, outcome, circumstances, design=design, barrier=barrier, missing=missing
    )
    settings = Variance(variance, replicates, seed)
    (_, value, _), (_, se, _) = _d_estimates(cells, settings)
    return Estimate(value, **_estimate_fields(cells, se, "HOI", settings))


def access_by_group(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    design: Design | None = None,
    missing: MissingPolicy = "raise",
    level: float = 0.95,
) -> pd.DataFrame:
    """Return the weighted rate of the outcome in every combination of circumstances present.

    Each group's rate is a domain mean of the survey, with its linearised standard error and a
    t interval on the design's degrees of freedom (#PSU - #strata).

    Parameters
    ----------
    data, outcome, circumstances, weight, design, missing
        As in :func:`d_index`. The rate is that of the outcome as given (the prevalence, for a
        barrier).
    level : float
        Confidence level of ``ci_low``/``ci_high``.

    Returns
    -------
    TableResult
        Reads like a table with one row per group, in category order: a Categorical column per
        circumstance, then ``share`` (weighted population share; sums to 1), ``rate`` (weighted
        rate), ``se``, ``ci_low``, ``ci_high`` (logit interval of the rate, inside [0, 1]) and
        ``n`` (unweighted rows); ``.table`` is the DataFrame, ``.to_frame()`` the tidy rates and
        ``.exclusions`` the rows excluded for missing values.

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> rates = access_by_group(df, "water", ["urban"])
    >>> rates.table[["urban", "share", "rate", "se", "n"]].round(3)
       urban  share  rate     se  n
    0  False    0.5   0.5  0.408  2
    1   True    0.5   1.0  0.000  2
    """
    design = resolve_design(data, weight, design, function="access_by_group")
    cells = cell_table(data, outcome, circumstances, design=design, missing=missing)
    clash = [name for name in cells.circumstances if name in GROUP_COLUMNS]
    if clash:
        raise ValueError(
            f"circumstance column(s) {clash} clash with the result's columns {GROUP_COLUMNS}; "
            f"rename them (data.rename(columns=...))."
        )
    rate, se = rates_with_se(cells, sparse.identity(cells.n_cells, format="csr"))
    single = np.isnan(se) & ~np.isnan(rate)
    if single.any():
        warnings.warn(
            f"SE not estimated (NaN) for {int(single.sum())} group(s) whose people all sit in one "
            "PSU (or, without a design, groups of one person): their sampling variance cannot be "
            "estimated. Merge small groups or read their rates as indicative only.",
            LNOBWarning,
            stacklevel=2,
        )
    low, high = logit_interval(rate, se, cells.design.df, level)
    table = pd.DataFrame(
        {name: cells.labels(j) for j, name in enumerate(cells.circumstances)}
        | {
            "share": cells.weight / cells.weight.sum(),
            "rate": rate,
            "se": se,
            "ci_low": low,
            "ci_high": high,
            "n": cells.count,
        }
    )
    return TableResult(
        table,
        {"rate": "se"},
        n="n",
        key=list(cells.circumstances),
        proportions={"rate"},
        df=cells.design.df,
        exclusions=cells.exclusions,
        title=f"Rate of {outcome} by {', '.join(cells.circumstances)}",
    )


__all__ = [
    "DissimilarityIndex",
    "GROUP_COLUMNS",
    "access_by_group",
    "d_index",
    "dissimilarity",
    "hoi",
    "national_rate",
]
