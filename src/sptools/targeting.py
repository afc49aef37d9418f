"""Compare poverty measures and targeting: overlaps, inclusion and exclusion errors, profiles.

Used to ask who is *multidimensionally* poor, who is *consumption* poor, who holds an IDPoor card,
and who each of them would miss. Every function works on one row per unit of analysis (usually the
person, carrying the household's flags) and takes the survey design, declared once
(``design = sptools.Design(people, weight="weight", strata="stratum", psu="psu")``), so that the
results are population shares with design-based standard errors.

Pandas inputs are matched on their index labels: two Series with the same labels in another
order are aligned, different labels are refused (never matched by position). Arrays and lists
are matched by position and must have one value per row.

* :func:`overlap`: the weighted population share of every combination of a set of 0/1 flags
  (the numbers of a Venn diagram), with SEs.
* :func:`targeting_errors`: how well a selection (e.g. IDPoor) matches a target group (e.g. the
  MPI-poor): coverage, exclusion error, inclusion error (leakage), as domain ratios with SEs.
* :func:`profile`: weighted means of characteristics in named groups (who is missed, who is
  reached), with SEs.

The old ``weight=`` argument still works but is deprecated: it treats rows as independent draws.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sptools.design import Design, design_rows
from sptools.results import Exclusions, Result, TableResult
from sptools.survey import SurveyDesign, ratio_from_totals, validate_weights

__all__ = ["overlap", "profile", "targeting_errors"]

FlagLike = pd.Series | np.ndarray | Sequence[bool]

#: Rates of :func:`targeting_errors`: name -> (numerator, denominator) cells of the 2 x 2 table.
RATES = {
    "target_share": ("target", "all"),
    "selected_share": ("selected", "all"),
    "coverage": ("both", "target"),
    "exclusion_error": ("target_only", "target"),
    "inclusion_error": ("selected_only", "selected"),
    "non_target_selected": ("selected_only", "non_target"),
}


# -- input --------------------------------------------------------------------------------------


def _align(values: FlagLike, reference: pd.Index, n: int, role: str) -> FlagLike:
    """``values`` in the order of rows labelled ``reference``; refuses other labels or lengths.

    A Series is matched on its index labels (any order); an array or list by position.
    """
    if isinstance(values, pd.Series):
        if values.index.equals(reference):
            return values
        if values.index.is_unique and values.index.sort_values().equals(reference.sort_values()):
            return values.reindex(reference)
        raise ValueError(
            f"{role} is a pandas Series whose index labels differ from the data's, so its rows "
            "cannot be matched (it is never matched by position); build it from the same table, "
            "e.g. people['in_idpoor'], and do not reset_index() in between."
        )
    if len(values) != n:
        raise ValueError(
            f"{role} has {len(values):,} values for {n:,} rows; pass one value per row (or a "
            "Series with the data's index)."
        )
    return values


def _independent(weight: np.ndarray) -> SurveyDesign:
    """Rows as independent draws with the given weights (one stratum, each row its own PSU)."""
    n = len(weight)
    return SurveyDesign(weight=weight, psu=np.arange(n), psu_stratum=np.zeros(n, dtype=np.int64))


def _rows(
    rows: pd.DataFrame | FlagLike,
    index: pd.Index,
    design: Design | None,
    weight: pd.Series | np.ndarray | None,
) -> SurveyDesign:
    """The design arrays of the rows labelled ``index``: the design's, the old weights', or iid."""
    n = len(index)
    if weight is None:
        if design is None:
            return _independent(np.ones(n))
        return design_rows(
            rows if isinstance(rows, pd.DataFrame | pd.Series) else np.asarray(rows), design
        )
    if design is not None:
        raise TypeError(
            "pass either design= or the deprecated weight=, not both; the design already holds "
            "the weights."
        )
    warnings.warn(
        "weight= is deprecated: declare the survey design once and pass it, "
        "design=sptools.Design(people, weight='weight', strata='stratum', psu='psu'); "
        "weight= treats rows as independent draws (SEs ignore strata and PSUs).",
        DeprecationWarning,
        stacklevel=3,
    )
    aligned = _align(
        weight if isinstance(weight, pd.Series) else np.asarray(weight), index, n, "weight"
    )
    series = aligned if isinstance(aligned, pd.Series) else pd.Series(aligned)
    return _independent(validate_weights(series, str(series.name or "weight")))


def _flag(values: FlagLike, name: str) -> np.ndarray:
    """A True/False (or 0/1) column as a bool array; refuses missing and other values."""
    series = pd.Series(values)
    if series.isna().any():
        raise ValueError(
            f"flag {name!r} has {int(series.isna().sum())} missing values; decide how to treat "
            "them (e.g. exclude those rows and report how many) before comparing."
        )
    if pd.api.types.is_bool_dtype(series):
        return series.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(series) and series.isin([0, 1]).all():
        return series.to_numpy() == 1
    bad = series[~series.isin([0, 1, True, False])].unique()[:3]
    raise TypeError(
        f"flag {name!r} must be True/False (or 0/1), it has values such as {list(bad)}; "
        "build it with a comparison, e.g. data['idpoor'] != 'none'."
    )


def _psu_totals(design: SurveyDesign, columns: np.ndarray) -> np.ndarray:
    """Weighted totals per PSU of each column of ``columns`` (rows x m) -> (n_psu x m)."""
    return np.column_stack([design.totals(column)[:, 0] for column in columns.T])


def _ratios(
    design: SurveyDesign, numerators: np.ndarray, denominators: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Ratios of weighted totals of matching columns and their linearised SEs (NaN: 0 / 0)."""
    estimates = ratio_from_totals(
        _psu_totals(design, numerators), _psu_totals(design, denominators), design
    )
    return estimates.estimate, estimates.se


# -- overlap ------------------------------------------------------------------------------------


def overlap(
    flags: pd.DataFrame,
    weight: pd.Series | np.ndarray | None = None,
    *,
    design: Design | None = None,
) -> pd.DataFrame:
    """Weighted population share of every combination of True/False flags, with SEs.

    Parameters
    ----------
    flags : pandas.DataFrame
        One True/False (or 0/1) column per measure, e.g. ``mpi_poor``, ``consumption_poor``,
        ``idpoor``; one row per person. Missing values raise an error.
    weight : pandas.Series or array, optional
        Deprecated: weights of independent rows (a Series is matched on the index). Pass
        ``design=`` instead.
    design : sptools.Design, optional
        The survey design; the rows of ``flags`` are matched on its index (a subset of the
        design's rows is a domain). Without it each row weighs one.

    Returns
    -------
    TableResult
        Reads like a table with one row for each of the ``2**m`` combinations (all flags True
        first): the flags as bool columns, ``n`` (rows), ``population`` (sum of weights),
        ``share`` (of the population; the shares sum to one) and ``share_se`` (linearised,
        design-based); ``.table`` is the DataFrame, ``.to_frame()`` the tidy shares with logit
        intervals. Combinations nobody has are kept with share 0.

    Examples
    --------
    >>> flags = pd.DataFrame(
    ...     {"mpi": [True, True, False, False], "idpoor": [True, False, False, True]}
    ... )
    >>> design = Design(flags.assign(w=[1, 1, 2, 0]), weight="w", strata=None, psu=None)
    >>> table = overlap(flags, design=design)
    >>> table.table[["mpi", "idpoor", "share"]].to_dict("list")
    {'mpi': [True, True, False, False], 'idpoor': [True, False, True, False], 'share': [0.25, 0.25, 0.0, 0.5]}
    """  # noqa: E501
    if not isinstance(flags, pd.DataFrame) or flags.shape[1] == 0:
        raise TypeError(
            "flags must be a DataFrame with at least one True/False column, e.g. "
            "people[['mpi_poor', 'in_idpoor']]."
        )
    if flags.columns.duplicated().any():
        raise ValueError(
            "flags has duplicated column names: "
            f"{list(flags.columns[flags.columns.duplicated()])}; give each flag its own name."
        )
    arrays = _rows(flags, flags.index, design, weight)
    matrix = np.column_stack([_flag(flags[name], str(name)) for name in flags.columns])
    n_flags = matrix.shape[1]
    # Code each row's combination as an integer; bit j set when flag j is False, so that the
    # combination with every flag True comes first.
    codes = (~matrix).astype(np.int64) @ (1 << np.arange(n_flags - 1, -1, -1, dtype=np.int64))
    size = 2**n_flags
    members = codes[:, None] == np.arange(size)[None, :]
    share, share_se = _ratios(arrays, members.astype(np.float64), np.ones((len(codes), size)))
    combinations = np.array(list(itertools.product([True, False], repeat=n_flags)), dtype=bool)
    table = pd.DataFrame(combinations, columns=flags.columns).assign(
        n=np.bincount(codes, minlength=size),
        population=np.bincount(codes, weights=arrays.weight, minlength=size),
        share=share,
        share_se=share_se,
    )
    return TableResult(
        table,
        {"share": "share_se"},
        n="n",
        key=[str(name) for name in flags.columns],
        proportions={"share"},
        df=arrays.df,
        exclusions=Exclusions.none(len(flags)),
        title=f"Population share of each combination of {', '.join(map(str, flags.columns))}",
    )


# -- targeting errors ---------------------------------------------------------------------------


def _cells(target: np.ndarray, selected: np.ndarray) -> dict[str, np.ndarray]:
    """0/1 indicators of the cells of the target x selection table used by :data:`RATES`."""
    return {
        "all": np.ones(len(target)),
        "target": target,
        "selected": selected,
        "non_target": ~target,
        "both": target & selected,
        "target_only": target & ~selected,
        "selected_only": selected & ~target,
    }


def targeting_errors(
    target: FlagLike,
    selected: FlagLike,
    weight: pd.Series | np.ndarray | None = None,
    *,
    design: Design | None = None,
) -> Result:
    """Coverage, exclusion and inclusion errors of a selection against a target group.

    Each rate is a ratio of weighted totals (a domain proportion), with a linearised
    design-based standard error.

    Parameters
    ----------
    target : pandas.Series or array of bool
        Who should be reached (e.g. the MPI-poor).
    selected : pandas.Series or array of bool
        Who is reached (e.g. members of IDPoor households). Matched to ``target`` on the index
        when both are Series.
    weight : pandas.Series or array, optional
        Deprecated: weights of independent rows (their SEs treat rows as independent draws).
        Pass ``design=`` instead.
    design : sptools.Design, optional
        The survey design; rows are matched on its index (a subset of its rows is a domain).
        Without it each row weighs one.

    Returns
    -------
    Result
        Estimates ``target_share`` and ``selected_share`` (of the population); ``coverage``
        (share of the target that is selected); ``exclusion_error`` (share of the target that
        is *not* selected, ``1 - coverage``: undercoverage); ``inclusion_error`` (share of the
        selected who are *not* in the target: leakage); ``non_target_selected`` (share of the
        non-target population that is selected). ``result["coverage"]`` is the value,
        ``result.se`` the SEs. A rate whose denominator is empty is NaN.

    Notes
    -----
    Inclusion error is defined here on the selected (leakage, as in Coady, Grosh and Hoddinott
    2004); some reports divide by the non-target population instead, given here as
    ``non_target_selected``. Say which one you quote.

    Examples
    --------
    >>> target = pd.Series([True, True, True, False, False])
    >>> selected = pd.Series([True, False, False, True, False])
    >>> errors = targeting_errors(target, selected)
    >>> [round(errors[name], 4) for name in ("coverage", "exclusion_error", "inclusion_error")]
    [0.3333, 0.6667, 0.5]
    """
    if isinstance(target, pd.Series):
        index = target.index
    else:
        index = pd.RangeIndex(len(target))
    target_flag = _flag(target, "target")
    selected_flag = _flag(_align(selected, index, len(index), "selected"), "selected")
    arrays = _rows(target, index, design, weight)
    cells = _cells(target_flag, selected_flag)
    numerators = np.column_stack([cells[top] for top, _ in RATES.values()]).astype(np.float64)
    denominators = np.column_stack([cells[bottom] for _, bottom in RATES.values()])
    estimate, se = _ratios(arrays, numerators, denominators.astype(np.float64))
    table = pd.DataFrame(
        {"estimate": estimate, "se": se, "n": denominators.sum(axis=0)},
        index=pd.Index(list(RATES), name="rate"),
    )
    return Result(table, df=arrays.df, title="Targeting errors")


# -- profiles -----------------------------------------------------------------------------------


def _characteristics(data: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """The columns to average as a float matrix (rows x columns); refuses text and gaps."""
    missing = [column for column in columns if column not in data.columns]
    if missing:
        raise KeyError(
            f"columns {missing} are not in the data; available columns: {list(data.columns)}."
        )
    matrix = []
    for column in columns:
        series = data[column]
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            raise TypeError(
                f"column {column!r} must be numeric or True/False to be averaged (dtype "
                f"{series.dtype}); make a flag first, e.g. data[{column!r}] == '<value>'."
            )
        array = series.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isnan(array).any():
            raise ValueError(
                f"column {column!r} has {int(np.isnan(array).sum())} missing values; drop or "
                "recode them (and report how many) before profiling."
            )
        matrix.append(array)
    return np.column_stack(matrix) if matrix else np.zeros((len(data), 0))


def profile(
    data: pd.DataFrame,
    groups: Mapping[str, FlagLike],
    columns: Sequence[str],
    weight: str | None = None,
    *,
    design: Design | None = None,
) -> pd.DataFrame:
    """Weighted means of characteristics in each named group (groups may overlap), with SEs.

    Each mean is a domain mean of the full design (the group's rows are never cut out before
    the variance is estimated).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person.
    groups : mapping
        Group name -> True/False mask over the rows of ``data`` (e.g. "MPI-poor, not
        IDPoor"). A Series mask is matched on ``data``'s index; a list or array by position.
    columns : sequence of str
        Numeric or True/False columns to average (True/False gives a share).
    weight : str, optional
        Deprecated: a column of weights of independent rows. Pass ``design=`` instead.
    design : sptools.Design, optional
        The survey design; ``data``'s rows are matched on its index. Without it each row weighs
        one.

    Returns
    -------
    TableResult
        Reads like a table with one row per group: ``population_share`` (of all rows) and its SE
        ``population_share_se``, ``n``, then for each column its weighted mean and the SE
        ``<column>_se``; ``.table`` is the DataFrame, ``.to_frame()`` the tidy estimates (group,
        measure; logit intervals for shares). A group with nobody in it has NaN means.

    Examples
    --------
    >>> df = pd.DataFrame({"urban": [True, False, False, True], "w": [1.0, 1.0, 2.0, 0.0]})
    >>> design = Design(df, weight="w", strata=None, psu=None)
    >>> table = profile(
    ...     df, {"all": df["urban"] | True, "rural": ~df["urban"]}, ["urban"], design=design
    ... )
    >>> table["urban"].tolist()
    [0.25, 0.0]
    """
    if not groups:
        raise ValueError("groups must name at least one group, e.g. {'MPI-poor': result.poor}.")
    if weight is not None and weight not in data.columns:
        raise KeyError(
            f"weight column {weight!r} is not in the data; available columns: {list(data.columns)}."
        )
    values = _characteristics(data, columns)
    arrays = _rows(data, data.index, design, None if weight is None else data[weight])
    members = np.column_stack(
        [
            _flag(_align(mask, data.index, len(data), f"group {name!r}"), str(name))
            for name, mask in groups.items()
        ]
    ).astype(np.float64)
    n_groups, n_columns = members.shape[1], values.shape[1]
    # Per group: the population share (group / all), then the mean of each column in the group.
    numerators = np.concatenate(
        [members[:, :, None], members[:, :, None] * values[:, None, :]], axis=2
    ).reshape(len(data), -1)
    denominators = np.concatenate(
        [np.ones((len(data), n_groups, 1)), np.repeat(members[:, :, None], n_columns, axis=2)],
        axis=2,
    ).reshape(len(data), -1)
    estimate, se = _ratios(arrays, numerators, denominators)
    names = ["population_share", *columns]
    estimate, se = estimate.reshape(n_groups, -1), se.reshape(n_groups, -1)
    table = pd.DataFrame(index=pd.Index(list(groups), name="group"))
    for position, name in enumerate(names):
        table[name] = estimate[:, position]
        table[f"{name}_se"] = se[:, position]
    table.insert(2, "n", members.sum(axis=0).astype(np.int64))
    shares = {"population_share"} | {
        column for column in columns if pd.api.types.is_bool_dtype(data[column])
    }
    return TableResult(
        table,
        {name: f"{name}_se" for name in names},
        n="n",
        proportions=shares,
        df=arrays.df,
        exclusions=Exclusions.none(len(data)),
        title="Profile of the groups",
    )
