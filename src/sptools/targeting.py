"""Compare poverty measures and targeting: overlaps, inclusion and exclusion errors, profiles.

Used to ask who is *multidimensionally* poor, who is *consumption* poor, who holds an IDPoor card,
and who each of them would miss. Every function works on one row per unit of analysis (usually the
person, carrying the household's flags) with an optional sampling weight, so that the results are
population shares.

* :func:`overlap`: the weighted population share of every combination of a set of 0/1 flags
  (the numbers of a Venn diagram).
* :func:`targeting_errors`: how well a selection (e.g. IDPoor) matches a target group (e.g. the
  MPI-poor): coverage, exclusion error, inclusion error (leakage).
* :func:`profile`: weighted means of characteristics in named groups (who is missed, who is reached).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["overlap", "profile", "targeting_errors"]


def _weights(
    data_length: int, weight: pd.Series | np.ndarray | None, index: pd.Index
) -> np.ndarray:
    """Sampling weights as a float array (ones without weights); refuses missing or negative ones."""
    if weight is None:
        return np.ones(data_length)
    if len(weight) != data_length:
        raise ValueError(
            f"weight has {len(weight)} values for {data_length} rows; pass one weight per row."
        )
    values = weight if isinstance(weight, pd.Series) else pd.Series(weight, index=index)
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise TypeError(
            f"weight must be numeric, it has dtype {values.dtype}; pass the sampling weight column."
        )
    array = values.to_numpy(dtype=np.float64, na_value=np.nan)
    if np.isnan(array).any():
        raise ValueError(
            f"weight has {int(np.isnan(array).sum())} missing values; every row needs a sampling weight."
        )
    if (array < 0).any():
        raise ValueError(
            f"weight has negative values (e.g. {array[array < 0][0]:g}); sampling weights are >= 0."
        )
    if array.sum() <= 0:
        raise ValueError("the weights add up to zero; nothing to estimate.")
    return array


def _flag(values: pd.Series | np.ndarray, name: str) -> np.ndarray:
    """A True/False (or 0/1) column as a bool array; refuses missing and other values."""
    series = pd.Series(values)
    if series.isna().any():
        raise ValueError(
            f"flag {name!r} has {int(series.isna().sum())} missing values; decide how to treat them "
            "(e.g. exclude those rows and report how many) before comparing."
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


def overlap(flags: pd.DataFrame, weight: pd.Series | np.ndarray | None = None) -> pd.DataFrame:
    """Weighted population share of every combination of True/False flags.

    Parameters
    ----------
    flags : pandas.DataFrame
        One True/False (or 0/1) column per measure, e.g. ``mpi_poor``, ``consumption_poor``,
        ``idpoor``; one row per person. Missing values raise an error.
    weight : pandas.Series or array, optional
        Sampling weight of each row (aligned by position); each row weighs one without it.

    Returns
    -------
    pandas.DataFrame
        One row for each of the ``2**m`` combinations (all flags True first), with the flags as
        bool columns, ``n`` (rows), ``population`` (sum of weights) and ``share`` (of the total
        population; the shares sum to one). Combinations nobody has are kept with share 0.

    Examples
    --------
    >>> flags = pd.DataFrame({"mpi": [True, True, False, False], "idpoor": [True, False, False, True]})
    >>> table = overlap(flags, weight=[1, 1, 2, 0])
    >>> table[["mpi", "idpoor", "share"]].to_dict("list")
    {'mpi': [True, True, False, False], 'idpoor': [True, False, True, False], 'share': [0.25, 0.25, 0.0, 0.5]}
    """
    if not isinstance(flags, pd.DataFrame) or flags.shape[1] == 0:
        raise TypeError("flags must be a DataFrame with at least one True/False column.")
    if flags.columns.duplicated().any():
        raise ValueError(
            f"flags has duplicated column names: {list(flags.columns[flags.columns.duplicated()])}."
        )
    w = _weights(len(flags), weight, flags.index)
    matrix = np.column_stack([_flag(flags[name], str(name)) for name in flags.columns])
    n_flags = matrix.shape[1]
    # Code each row's combination as an integer; bit j set when flag j is False, so that the
    # combination with every flag True comes first.
    codes = (~matrix).astype(np.int64) @ (1 << np.arange(n_flags - 1, -1, -1, dtype=np.int64))
    size = 2**n_flags
    population = np.bincount(codes, weights=w, minlength=size)
    combinations = np.array(list(itertools.product([True, False], repeat=n_flags)), dtype=bool)
    table = pd.DataFrame(combinations, columns=flags.columns)
    return table.assign(
        n=np.bincount(codes, minlength=size),
        population=population,
        share=population / w.sum(),
    )


def targeting_errors(
    target: pd.Series | np.ndarray,
    selected: pd.Series | np.ndarray,
    weight: pd.Series | np.ndarray | None = None,
) -> pd.Series:
    """Coverage, exclusion and inclusion errors of a selection against a target group.

    Parameters
    ----------
    target : pandas.Series or array of bool
        Who should be reached (e.g. the MPI-poor).
    selected : pandas.Series or array of bool
        Who is reached (e.g. members of IDPoor households).
    weight : pandas.Series or array, optional
        Sampling weights; each row weighs one without them.

    Returns
    -------
    pandas.Series
        ``target_share`` and ``selected_share`` (of the population); ``coverage`` (share of the
        target that is selected); ``exclusion_error`` (share of the target that is *not*
        selected, ``1 - coverage``: undercoverage); ``inclusion_error`` (share of the selected
        who are *not* in the target: leakage); ``non_target_selected`` (share of the non-target
        population that is selected). A rate whose denominator is empty is NaN.

    Notes
    -----
    Inclusion error is defined here on the selected (leakage, as in Coady, Grosh and Hoddinott
    2004); some reports divide by the non-target population instead, given here as
    ``non_target_selected``. Say which one you quote.

    Examples
    --------
    >>> target = pd.Series([True, True, True, False, False])
    >>> selected = pd.Series([True, False, False, True, False])
    >>> targeting_errors(target, selected)[["coverage", "exclusion_error", "inclusion_error"]].round(4).tolist()
    [0.3333, 0.6667, 0.5]
    """
    target_flag = _flag(target, "target")
    selected_flag = _flag(selected, "selected")
    if len(target_flag) != len(selected_flag):
        raise ValueError(
            f"target has {len(target_flag)} rows and selected {len(selected_flag)}; pass one value per row for both."
        )
    index = target.index if isinstance(target, pd.Series) else pd.RangeIndex(len(target_flag))
    w = _weights(len(target_flag), weight, index)
    total = w.sum()
    in_target, in_selection = w[target_flag].sum(), w[selected_flag].sum()
    both = w[target_flag & selected_flag].sum()
    non_target = total - in_target
    selected_non_target = in_selection - both

    def rate(numerator: float, denominator: float) -> float:
        return numerator / denominator if denominator > 0 else np.nan

    coverage = rate(both, in_target)
    return pd.Series(
        {
            "target_share": in_target / total,
            "selected_share": in_selection / total,
            "coverage": coverage,
            "exclusion_error": 1 - coverage,
            "inclusion_error": rate(selected_non_target, in_selection),
            "non_target_selected": rate(selected_non_target, non_target),
        },
        name="targeting",
    )


def profile(
    data: pd.DataFrame,
    groups: Mapping[str, pd.Series | np.ndarray],
    columns: Sequence[str],
    weight: str | None = None,
) -> pd.DataFrame:
    """Weighted means of characteristics in each named group (groups may overlap).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person.
    groups : mapping
        Group name -> True/False mask over the rows of ``data`` (e.g. "MPI-poor, not IDPoor").
    columns : sequence of str
        Numeric or True/False columns to average (True/False gives a share).
    weight : str, optional
        Column of sampling weights.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``population_share`` (of all rows), ``n`` and the weighted mean of
        each column. A group with nobody in it has NaN means.

    Examples
    --------
    >>> df = pd.DataFrame({"urban": [True, False, False, True], "w": [1.0, 1.0, 2.0, 0.0]})
    >>> profile(df, {"all": df["urban"] | True, "rural": ~df["urban"]}, ["urban"], "w")["urban"].tolist()
    [0.25, 0.0]
    """
    if not groups:
        raise ValueError("groups must name at least one group, e.g. {'MPI-poor': result.poor}.")
    missing = [
        column for column in [*columns, *([weight] if weight else [])] if column not in data.columns
    ]
    if missing:
        raise KeyError(
            f"columns {missing} are not in the data; available columns: {list(data.columns)}."
        )
    w = _weights(len(data), data[weight] if weight else None, data.index)
    values = {}
    for column in columns:
        series = data[column]
        if not (pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series)):
            raise TypeError(
                f"column {column!r} must be numeric or True/False to be averaged (dtype {series.dtype}); "
                f"make a flag first, e.g. data[{column!r}] == '<value>'."
            )
        array = series.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isnan(array).any():
            raise ValueError(
                f"column {column!r} has {int(np.isnan(array).sum())} missing values; drop or recode them "
                "(and report how many) before profiling."
            )
        values[column] = array
    rows = {}
    for name, mask in groups.items():
        member = _flag(mask, str(name))
        if len(member) != len(data):
            raise ValueError(f"group {name!r} has {len(member)} values for {len(data)} rows.")
        population = w[member].sum()
        means = {
            column: (array[member] @ w[member]) / population if population > 0 else np.nan
            for column, array in values.items()
        }
        rows[name] = {"population_share": population / w.sum(), "n": int(member.sum()), **means}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("group")
