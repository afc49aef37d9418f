"""Deprivation profiles and exact identification of the multidimensionally poor.

Rows are grouped by their *deprivation profile* (which indicators they are deprived in). The
score of a profile is an integer over the weights' common denominator, computed as the int64
product of the 0/1 profile matrix and the integer weight numerators, so that a score equal to
the cutoff ``k`` is recognised exactly (in floating point, six deprivations weighted 1/15 sum
to 0.39999999999999997 < 0.4).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["Profiles", "binary_indicator", "deprivation_profiles", "integer_scores"]

#: Indicators encoded directly as bit patterns (2**16 possible profiles).
DIRECT_CODE_LIMIT = 16
#: At most this many indicators (one bit each in an int64 code).
MAX_INDICATORS = 62

MissingPolicy = Literal["raise", "drop"]


def binary_indicator(column: pd.Series, name: str) -> tuple[np.ndarray, np.ndarray | None]:
    """Check that an indicator column is 0/1 and return it as uint8 plus its missing mask.

    Parameters
    ----------
    column : pandas.Series
        Bool, integer or float values; 1 (True) means deprived.
    name : str
        Column name, for error messages.

    Returns
    -------
    values : numpy.ndarray
        Integer 0/1 array (0 where missing); integer columns are returned without a copy.
    missing : numpy.ndarray or None
        Boolean mask of missing values, or None when there are none.

    Examples
    --------
    >>> values, missing = binary_indicator(pd.Series([1, 0, 1]), "d_wtr")
    >>> values.tolist(), missing
    ([1, 0, 1], None)
    """
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        return column.to_numpy().view(np.uint8), None
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        values = column.to_numpy()
        if len(values) and (values.min() < 0 or values.max() > 1):
            _raise_not_binary(values, (values != 0) & (values != 1), name)
        return values, None
    if not pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        raise TypeError(
            f"indicator column {name!r} must be 0/1 (1 = deprived), it has dtype {dtype}; "
            "recode it, e.g. (data[col] == 'yes').astype(int)."
        )
    values = column.to_numpy(dtype=np.float64, na_value=np.nan)
    missing = np.isnan(values)
    bad = ~missing & (values != 0) & (values != 1)
    if bad.any():
        _raise_not_binary(values, bad, name)
    return (values == 1).astype(np.uint8), (missing if missing.any() else None)


def _raise_not_binary(values: np.ndarray, bad: np.ndarray, name: str) -> None:
    offending = np.unique(values[bad])
    shown = ", ".join(repr(v.item()) for v in offending[:5]) + (
        ", ..." if len(offending) > 5 else ""
    )
    raise ValueError(
        f"indicator column {name!r} must be 0/1 (1 = deprived) but {int(bad.sum())} rows hold "
        f"other values: {shown}. Recode it first (deprived when the achievement is below the "
        "cutoff, e.g. (x < z).astype(int))."
    )


@dataclass(frozen=True)
class Profiles:
    """Deprivation profiles of a sample.

    Attributes
    ----------
    matrix : numpy.ndarray
        Shape (n_profiles, n_indicators), 0/1 uint8: the distinct profiles.
    row_profile : numpy.ndarray
        Profile code (row of ``matrix``) of each data row.
    complete : numpy.ndarray or None
        Boolean mask of rows with every indicator observed, or None when all are complete.
    missing_by_indicator : dict
        Indicator -> number of missing values.
    """

    matrix: np.ndarray
    row_profile: np.ndarray
    complete: np.ndarray | None
    missing_by_indicator: dict[str, int]


def _bits(codes: np.ndarray, n_indicators: int) -> np.ndarray:
    shifts = np.arange(n_indicators, dtype=np.int64)
    return ((codes.astype(np.int64)[:, None] >> shifts) & 1).astype(np.uint8)


def deprivation_profiles(
    data: pd.DataFrame, indicators: Sequence[str], *, missing: MissingPolicy = "raise"
) -> Profiles:
    """Encode each row's deprivations as a profile code.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (or household), one 0/1 column per indicator.
    indicators : sequence of str
        Indicator columns.
    missing : {"raise", "drop"}
        "raise" (default): a missing value raises, naming the column and the count. "drop":
        rows with any missing indicator are marked incomplete (``complete``), to be excluded
        and reported by the caller.

    Returns
    -------
    Profiles

    Examples
    --------
    >>> p = deprivation_profiles(pd.DataFrame({"a": [1, 0], "b": [1, 1]}), ["a", "b"])
    >>> p.matrix[p.row_profile].tolist()
    [[1, 1], [0, 1]]
    """
    if missing not in ("raise", "drop"):
        raise ValueError(f"missing must be 'raise' or 'drop', got {missing!r}.")
    absent = [name for name in indicators if name not in data.columns]
    if absent:
        raise KeyError(
            f"indicator columns {absent} are not in the data; available columns: "
            f"{list(data.columns)}. Check the weights' indicator names."
        )
    n_indicators = len(indicators)
    if n_indicators > MAX_INDICATORS:
        raise ValueError(f"at most {MAX_INDICATORS} indicators are supported, got {n_indicators}.")
    direct = n_indicators <= DIRECT_CODE_LIMIT
    code_type = np.uint16 if direct else np.int64
    codes = np.zeros(len(data), dtype=code_type)
    shifted = np.empty(len(data), dtype=code_type)
    incomplete: np.ndarray | None = None
    missing_counts: dict[str, int] = {}
    for bit, name in enumerate(indicators):
        values, absent_values = binary_indicator(data[name], name)
        missing_counts[name] = 0 if absent_values is None else int(absent_values.sum())
        if absent_values is not None:
            if missing == "raise":
                raise ValueError(
                    f"indicator column {name!r} has {missing_counts[name]} missing values "
                    f"({missing_counts[name] / len(data):.1%} of rows). A missing value is never "
                    "treated as non-deprived: impute it by the measure's rules (e.g. OPHI's "
                    "two-thirds rule) or pass missing='drop' to exclude incomplete rows (the "
                    "count and share are reported in result.excluded)."
                )
            incomplete = absent_values if incomplete is None else incomplete | absent_values
        np.left_shift(values, code_type(bit), out=shifted, casting="unsafe")
        np.bitwise_or(codes, shifted, out=codes)
    if direct:
        matrix = _bits(np.arange(2**n_indicators), n_indicators)
        row_profile = codes
    else:
        row_profile, uniques = pd.factorize(codes)
        matrix = _bits(uniques, n_indicators)
    complete = None if incomplete is None else ~incomplete
    return Profiles(matrix, row_profile, complete, missing_counts)


def integer_scores(matrix: np.ndarray, numerators: np.ndarray) -> np.ndarray:
    """Exact scores (over the common denominator) of 0/1 profiles.

    Parameters
    ----------
    matrix : numpy.ndarray
        Shape (n_profiles, n_indicators), 0/1.
    numerators : numpy.ndarray
        Integer weight numerators over the common denominator.

    Returns
    -------
    numpy.ndarray
        int64 scores.

    Examples
    --------
    >>> integer_scores(np.array([[1, 0, 1], [1, 1, 1]]), np.array([1, 1, 4]))
    array([5, 6])
    """
    return matrix.astype(np.int64) @ np.asarray(numerators, dtype=np.int64)
