"""Check and prepare the inputs of the LNOB methods: one 0/1 outcome, circumstances, a design.

Every LNOB function starts here, so that bad input fails the same way everywhere: the error
names the column (or argument), the offending value(s) and the fix. The survey design comes from
:class:`sptools.Design` (the one weight rule of the package: finite, >= 0, positive total);
without one, rows are independent with weight one. Nothing is dropped silently; with
``missing="drop"`` the rows with a missing outcome or circumstance are excluded, an
:class:`LNOBWarning` states how many, and the count travels with the result
(:class:`~sptools.results.Exclusions`). Excluded rows stay in the design: the estimates are
domain estimates of the full survey.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from sptools.design import Design, design_rows
from sptools.results import Exclusions
from sptools.survey import SurveyDesign

__all__ = [
    "Exclusions",
    "LNOBWarning",
    "MissingPolicy",
    "Sample",
    "check_flag",
    "plain",
    "prepare_sample",
    "resolve_design",
]

MissingPolicy = Literal["raise", "drop"]

#: How many offending values an error message lists before it abbreviates.
_MAX_LISTED = 10


class LNOBWarning(UserWarning):
    """A warning about LNOB input that does not stop the computation.

    Raised for a circumstance with a single level (it cannot separate groups) and for rows
    excluded because of missing values (``missing="drop"``).
    """


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
    design : SurveyDesign
        Weights and PSUs of the retained rows; every stratum and PSU of the design is kept
        (the retained rows are a domain of the survey).
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
    design: SurveyDesign
    codes: np.ndarray
    levels: tuple[pd.Index, ...]
    ordered: tuple[bool, ...]
    exclusions: Exclusions

    @property
    def w(self) -> np.ndarray:
        """Sampling weights of the retained rows."""
        return self.design.weight


def plain(value: object) -> object:
    """Return a numpy scalar as the Python scalar it holds (for readable messages).

    Examples
    --------
    >>> repr(plain(np.int64(2)))
    '2'
    """
    return value.item() if isinstance(value, np.generic) else value


def check_flag(value: object, name: str) -> bool:
    """Return ``value`` if it is a real boolean; refuse strings, numbers and anything else.

    Examples
    --------
    >>> check_flag(True, "barrier")
    True
    >>> check_flag("no", "barrier")
    Traceback (most recent call last):
    ...
    TypeError: barrier must be True or False, got the str 'no'; write barrier=True or barrier=False.
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise TypeError(
        f"{name} must be True or False, got the {type(value).__name__} {value!r}; write "
        f"{name}=True or {name}=False."
    )


def resolve_design(
    data: pd.DataFrame,
    weight: str | Design | None,
    design: Design | None,
    *,
    function: str,
) -> Design | None:
    """Return the design of an LNOB call, turning the deprecated ``weight=`` into one.

    ``weight`` (a column name) is the old way of giving weights; it still works with a
    :class:`DeprecationWarning` and builds ``Design(data, weight=weight, strata=None,
    psu=None)``. A :class:`~sptools.Design` passed in its place is taken as ``design``.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0], "w": [1.0, 2.0]})
    >>> resolve_design(df, None, None, function="d_index") is None
    True
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}.")
    if isinstance(weight, Design):
        weight, design = (None, weight) if design is None else (weight, design)
    if weight is None:
        return design
    if design is not None:
        raise ValueError(
            f"{function}() got both weight={weight!r} and design=; the design carries the "
            "weights: drop weight=."
        )
    if not isinstance(weight, str):
        raise TypeError(
            f"weight must be a column name (str), got {type(weight).__name__} {weight!r}; "
            "better, declare the design: design=Design(data, weight='weight', ...)."
        )
    if weight not in data.columns:
        raise KeyError(
            f"weight column {weight!r} not in data; available columns: {list(data.columns)}."
        )
    warnings.warn(
        f"{function}(..., weight={weight!r}) is deprecated: declare the survey design once and "
        f"pass it, design=sptools.Design(data, weight={weight!r}, strata='stratum', psu='psu'), "
        "to get design-based standard errors.",
        DeprecationWarning,
        stacklevel=3,
    )
    return Design(data, weight=weight, strata=None, psu=None)


def prepare_sample(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    *,
    design: Design | None = None,
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
    design : sptools.Design, optional
        The survey design; ``data``'s rows are matched to it on the index labels (a subset of
        its rows is a domain). Without it, rows are independent with weight one.
    missing : {"raise", "drop"}
        What to do with missing outcome or circumstance values: raise an error naming the
        columns and counts (default), or exclude those rows and warn with the count and share.

    Returns
    -------
    Sample

    Raises
    ------
    TypeError
        ``data`` is not a DataFrame or ``circumstances`` is a single string.
    KeyError
        A named column does not exist.
    ValueError
        Empty data, a non-binary outcome, missing values (with ``missing="raise"``), rows
        unknown to the design.

    Examples
    --------
    >>> df = pd.DataFrame({"water": [1, 0, 1], "urban": [True, False, True]})
    >>> sample = prepare_sample(df, "water", ["urban"])
    >>> sample.y, sample.codes[:, 0], list(sample.levels[0])
    (array([1., 0., 1.]), array([1, 0, 1]), [False, True])
    """
    circumstances = _check_names(data, outcome, circumstances)
    if len(data) == 0:
        raise ValueError("data has no rows: LNOB measures need at least one observation.")
    if missing not in ("raise", "drop"):
        raise ValueError(f"missing must be 'raise' or 'drop', got {missing!r}.")
    rows = design_rows(data, design)
    categoricals = [pd.Categorical(data[name]) for name in circumstances]
    codes = np.column_stack([cat.codes.astype(np.int64) for cat in categoricals])
    is_missing = np.column_stack([data[outcome].isna().to_numpy(), codes < 0])
    keep, exclusions = _missing_rows(is_missing, [outcome, *circumstances], missing, rows.weight)
    y = _binary_outcome(data[outcome], keep, outcome)
    codes = codes[keep]
    levels = tuple(cat.categories for cat in categoricals)
    _warn_single_levels(circumstances, codes, levels)
    return Sample(
        outcome=outcome,
        circumstances=circumstances,
        y=y,
        design=rows if exclusions.n_excluded == 0 else rows.restrict(np.flatnonzero(keep)),
        codes=codes,
        levels=levels,
        ordered=tuple(bool(cat.ordered) for cat in categoricals),
        exclusions=exclusions,
    )


def _check_names(data: pd.DataFrame, outcome: str, circumstances: Sequence[str]) -> tuple[str, ...]:
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
    unknown = [name for name in [outcome, *names] if name not in data.columns]
    if unknown:
        raise KeyError(f"column(s) {unknown} not in data; available columns: {list(data.columns)}.")
    if outcome in names:
        raise ValueError(f"outcome {outcome!r} is also listed as a circumstance; remove it.")
    return names


def _missing_rows(
    is_missing: np.ndarray, columns: list[str], missing: MissingPolicy, weight: np.ndarray
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
    exclusions = Exclusions(
        n_rows=n_rows,
        n_excluded=n_excluded,
        weighted_share=float(weight[any_missing].sum() / weight.sum()),
        by_column=counts,
    )
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
                f"circumstance {name!r} has a single level ({plain(levels[j][present[0]])!r}) "
                "in the data: it cannot separate groups and contributes "
                "nothing; consider removing it.",
                LNOBWarning,
                stacklevel=5,
            )
