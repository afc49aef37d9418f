"""Check and prepare the inputs of the LNOB methods: one 0/1 outcome, circumstances, a weight.

Every LNOB function starts here, so that bad input fails the same way everywhere: the error
names the column, the offending value(s) and the fix. Nothing is dropped silently; with
``missing="drop"`` the rows with a missing outcome or circumstance are excluded, a
:class:`LNOBWarning` states how many, and the count travels with the result
(:class:`Exclusions`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

MissingPolicy = Literal["raise", "drop"]

#: How many offending values an error message lists before it abbreviates.
_MAX_LISTED = 10


class LNOBWarning(UserWarning):
    """A warning about LNOB input that does not stop the computation.

    Raised for a circumstance with a single level (it cannot separate groups) and for rows
    excluded because of missing values (``missing="drop"``).
    """


@dataclass(frozen=True)
class Exclusions:
    """Rows excluded from an LNOB computation because of missing values.

    Attributes
    ----------
    n_rows : int
        Rows in the input.
    n_excluded : int
        Rows excluded (missing outcome or circumstance).
    by_column : dict[str, int]
        Missing values per column (a row missing in two columns counts in both).

    Examples
    --------
    >>> Exclusions(n_rows=200, n_excluded=10, by_column={"wealth": 10}).share_excluded
    0.05
    """

    n_rows: int
    n_excluded: int
    by_column: dict[str, int]

    @property
    def share_excluded(self) -> float:
        """Unweighted share of the input rows that was excluded."""
        return self.n_excluded / self.n_rows

    def __str__(self) -> str:
        detail = ", ".join(f"{column}: {count:,}" for column, count in self.by_column.items())
        return (
            f"{self.n_excluded:,} of {self.n_rows:,} rows ({self.share_excluded:.1%}) excluded "
            f"for missing values" + (f" ({detail})" if detail else "")
        )


@dataclass(frozen=True)
class Sample:
    """The validated rows of an LNOB computation, as arrays.

    Attributes
    ----------
    outcome : str
        Name of the 0/1 outcome column.
    circumstances : tuple[str, ...]
        Names of the circumstance columns, in the order given.
    y : numpy.ndarray
        The outcome as floats 0.0/1.0, as given (not complemented for a barrier).
    w : numpy.ndarray
        Non-negative finite weights (ones when no weight column was given).
    codes : numpy.ndarray
        ``(n_rows, n_circumstances)`` codes of each circumstance's level, into ``levels``.
    levels : tuple[pandas.Index, ...]
        The levels of each circumstance: its categories for a Categorical column (in their
        order), its sorted distinct values otherwise.
    ordered : tuple[bool, ...]
        Whether each circumstance is an ordered Categorical.
    exclusions : Exclusions
        Rows excluded for missing values.
    """

    outcome: str
    circumstances: tuple[str, ...]
    y: np.ndarray
    w: np.ndarray
    codes: np.ndarray
    levels: tuple[pd.Index, ...]
    ordered: tuple[bool, ...]
    exclusions: Exclusions


def plain(value: object) -> object:
    """Return a numpy scalar as the Python scalar it holds (for readable messages).

    Examples
    --------
    >>> repr(plain(np.int64(2)))
    '2'
    """
    return value.item() if isinstance(value, np.generic) else value


def prepare_sample(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    missing: MissingPolicy = "raise",
) -> Sample:
    """Validate an LNOB input and return its retained rows as arrays.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person (or household).
    outcome : str
        A 0/1 (or boolean) column: access to an opportunity, or a barrier.
    circumstances : sequence of str
        Categorical columns describing circumstances (wealth, residence, ...).
    weight : str, optional
        Column of sampling weights (non-negative, no missing values); equal weights when omitted.
    missing : {"raise", "drop"}
        What to do with missing outcome or circumstance values: raise an error naming the
        columns and counts (default), or exclude those rows and warn with the count and share.
        Missing weights always raise.

    Returns
    -------
    Sample

    Raises
    ------
    TypeError
        ``data`` is not a DataFrame, ``circumstances`` is a single string, or the weight is
        not numeric.
    KeyError
        A named column does not exist.
    ValueError
        Empty data, a non-binary outcome, missing values (with ``missing="raise"``), or
        missing, infinite, negative or all-zero weights.

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 0, 1], "urban": [True, False, True]})
    >>> sample = prepare_sample(df, "water", ["urban"])
    >>> sample.y, sample.codes[:, 0], list(sample.levels[0])
    (array([1., 0., 1.]), array([1, 0, 1]), [False, True])
    """
    circumstances = _check_names(data, outcome, circumstances, weight)
    if len(data) == 0:
        raise ValueError("data has no rows: LNOB measures need at least one observation.")
    if missing not in ("raise", "drop"):
        raise ValueError(f"missing must be 'raise' or 'drop', got {missing!r}.")
    w = _weights(data, weight)
    categoricals = [pd.Categorical(data[name]) for name in circumstances]
    codes = np.column_stack([cat.codes.astype(np.int64) for cat in categoricals])
    is_missing = np.column_stack([data[outcome].isna().to_numpy(), codes < 0])
    keep, exclusions = _missing_rows(is_missing, [outcome, *circumstances], missing)
    y = _binary_outcome(data[outcome], keep, outcome)
    codes = codes[keep]
    levels = tuple(cat.categories for cat in categoricals)
    _warn_single_levels(circumstances, codes, levels)
    return Sample(
        outcome=outcome,
        circumstances=circumstances,
        y=y,
        w=w[keep],
        codes=codes,
        levels=levels,
        ordered=tuple(bool(cat.ordered) for cat in categoricals),
        exclusions=exclusions,
    )


def _check_names(
    data: pd.DataFrame, outcome: str, circumstances: Sequence[str], weight: str | None
) -> tuple[str, ...]:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}.")
    if isinstance(circumstances, str):
        raise TypeError(
            f"circumstances must be a list of column names, got the string {circumstances!r}; "
            f"write [{circumstances!r}]."
        )
    names = tuple(circumstances)
    if not names:
        raise ValueError("circumstances is empty: name at least one circumstance column.")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"circumstances lists {repeated} more than once; list each column once.")
    wanted = [outcome, *names] + ([weight] if weight is not None else [])
    unknown = [name for name in wanted if name not in data.columns]
    if unknown:
        raise KeyError(f"column(s) {unknown} not in data; available columns: {list(data.columns)}.")
    if outcome in names:
        raise ValueError(f"outcome {outcome!r} is also listed as a circumstance; remove it.")
    if weight is not None and (weight == outcome or weight in names):
        raise ValueError(
            f"weight {weight!r} is also the outcome or a circumstance; use another column."
        )
    return names


def _weights(data: pd.DataFrame, weight: str | None) -> np.ndarray:
    if weight is None:
        return np.ones(len(data))
    column = data[weight]
    if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        raise TypeError(
            f"weight column {weight!r} has dtype {column.dtype}; it must hold numbers "
            f"(convert it with pd.to_numeric)."
        )
    n_missing = int(column.isna().sum())
    if n_missing:
        raise ValueError(
            f"weight column {weight!r} has {n_missing:,} missing values; every row needs a "
            f"weight (fix the weights, or drop those rows before calling)."
        )
    w = column.to_numpy(dtype=float)
    if not np.isfinite(w).all():
        raise ValueError(f"weight column {weight!r} has infinite values; weights must be finite.")
    negative = w < 0
    if negative.any():
        raise ValueError(
            f"weight column {weight!r} has {int(negative.sum()):,} negative values "
            f"(smallest {w.min():g}); weights must be non-negative."
        )
    if w.sum() == 0:
        raise ValueError(
            f"weight column {weight!r} sums to 0; at least one weight must be positive."
        )
    return w


def _missing_rows(
    is_missing: np.ndarray, columns: list[str], missing: MissingPolicy
) -> tuple[np.ndarray, Exclusions]:
    """Return the rows to keep given an (n_rows, n_columns) missing-value mask."""
    n_rows = len(is_missing)
    counts = {
        column: int(n) for column, n in zip(columns, is_missing.sum(axis=0), strict=True) if n
    }
    any_missing = is_missing.any(axis=1)
    n_excluded = int(any_missing.sum())
    if n_excluded and missing == "raise":
        listed = "; ".join(f"{column!r} has {n:,} missing values" for column, n in counts.items())
        raise ValueError(
            f"{listed} (of {n_rows:,} rows). Fill them in, drop those rows, or pass "
            f"missing='drop' to exclude them (the excluded count is reported)."
        )
    exclusions = Exclusions(n_rows, n_excluded, counts)
    if n_excluded == n_rows:
        raise ValueError(f"no rows left: {exclusions}.")
    if n_excluded:
        warnings.warn(str(exclusions), LNOBWarning, stacklevel=5)
    return ~any_missing, exclusions


def _binary_outcome(values: pd.Series, keep: np.ndarray, outcome: str) -> np.ndarray:
    """Return the kept outcome values as floats 0.0/1.0, or raise listing the other values."""
    if pd.api.types.is_numeric_dtype(values):
        y = values.to_numpy(dtype=float, na_value=np.nan)[keep]
        if np.isin(y, (0.0, 1.0)).all():
            return y
    kept = values[keep]
    offending = pd.unique(kept[~kept.isin([0, 1])])
    if len(offending) == 0:  # e.g. Python booleans in an object column
        return kept.to_numpy(dtype=float)
    shown = ", ".join(repr(plain(v)) for v in offending[:_MAX_LISTED])
    more = f" and {len(offending) - _MAX_LISTED} more" if len(offending) > _MAX_LISTED else ""
    raise ValueError(
        f"outcome {outcome!r} must be 0/1 (or True/False); it also holds {shown}{more}. "
        f"Recode it, e.g. data[{outcome!r}] = (data[{outcome!r}] == 'yes').astype(int)."
    )


def _warn_single_levels(
    circumstances: tuple[str, ...], codes: np.ndarray, levels: tuple[pd.Index, ...]
) -> None:
    for j, name in enumerate(circumstances):
        present = np.unique(codes[:, j])
        if present.size == 1:
            warnings.warn(
                f"circumstance {name!r} has a single level ({plain(levels[j][present[0]])!r}) in "
                f"the data: it cannot separate groups and contributes nothing; consider removing it.",
                LNOBWarning,
                stacklevel=5,
            )
