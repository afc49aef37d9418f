"""Input checks shared by the indicator builders: clear errors that name the column, the value and
the fix.

The indicators accept frames that follow the survey schema (``datasets/codebook.csv``): the shipped
synthetic survey, or real files recoded by :mod:`sptools.io`. Booleans may be plain ``bool`` or
nullable ``"boolean"``; categories may be ``category`` or strings. Anything else is rejected here
rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd


class MissingDataWarning(UserWarning):
    """Rows were excluded because of missing values; the count and share are in the message and
    ``attrs``.

    Silence it with ``warnings.simplefilter("ignore", MissingDataWarning)`` once the exclusion is
    understood.
    """


def require_columns(frame: pd.DataFrame, columns: Iterable[str], frame_name: str) -> None:
    """Raise ``KeyError`` naming every required column that ``frame`` lacks.

    Examples
    --------
    >>> require_columns(pd.DataFrame({"hh_id": [1]}), ["hh_id"], "households")
    """
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise KeyError(
            f"{frame_name} lacks column(s) {missing}; add them following the survey schema "
            "(datasets/codebook.csv), or recode real survey files with sptools.io.read_dhs"
        )


def require_unique(frame: pd.DataFrame, column: str, frame_name: str) -> None:
    """Raise ``ValueError`` when ``frame[column]`` has duplicated or missing identifiers.

    Examples
    --------
    >>> require_unique(pd.DataFrame({"hh_id": [1, 2]}), "hh_id", "households")
    """
    ids = frame[column]
    if ids.isna().any():
        raise ValueError(
            f"{frame_name}[{column!r}] has {int(ids.isna().sum())} missing "
            "id(s); every row needs an id"
        )
    duplicated = ids[ids.duplicated()].unique()
    if len(duplicated):
        raise ValueError(
            f"{frame_name}[{column!r}] must be unique but {len(duplicated)} value(s) repeat, e.g. "
            f"{list(duplicated[:5])}; drop the duplicated rows or rebuild the ids"
        )


def require_links(persons: pd.DataFrame, households: pd.DataFrame) -> None:
    """Raise ``ValueError`` when some persons belong to no household of ``households``.

    Examples
    --------
    >>> require_links(pd.DataFrame({"hh_id": [1, 1]}), pd.DataFrame({"hh_id": [1]}))
    """
    orphans = ~persons["hh_id"].isin(households["hh_id"])
    if orphans.any():
        raise ValueError(
            f"{int(orphans.sum())} person(s) have an hh_id that is not in households, "
            f"e.g. {persons.loc[orphans, 'hh_id'].iloc[0]}; pass the households and "
            "persons of the same survey"
        )


def require_complete(frame: pd.DataFrame, column: str, frame_name: str) -> None:
    """Raise ``ValueError`` when a column that defines eligibility (age, sex, ...) has missing
    values.

    Examples
    --------
    >>> require_complete(pd.DataFrame({"age": [3, 40]}), "age", "persons")
    """
    n_missing = int(frame[column].isna().sum())
    if n_missing:
        raise ValueError(
            f"{frame_name}[{column!r}] has {n_missing} missing value(s), so eligibility cannot be "
            "decided; drop or impute those rows before computing indicators"
        )


def nullable_bool(series: pd.Series, frame_name: str) -> pd.Series:
    """Return ``series`` as pandas ``"boolean"`` (True/False/NA), refusing anything that is not a
    yes/no.

    Accepts ``bool``, ``"boolean"``, and object or numeric columns holding only True/False/1/0/NA.

    Examples
    --------
    >>> nullable_bool(pd.Series([True, None, 0], name="electricity"), "households").tolist()
    [True, <NA>, False]
    """
    if pd.api.types.is_bool_dtype(series):
        return series.eq(True).astype("boolean").mask(series.isna())
    observed = series.dropna()
    bad = observed[~observed.isin([True, False])]
    if len(bad):
        shown = sorted({str(value) for value in bad.unique()[:5]})
        raise TypeError(
            f"{frame_name}[{series.name!r}] must be yes/no (bool, 0/1 or NA) but holds {shown}; "
            "recode it to True/False (missing as NA)"
        )
    return series.eq(True).astype("boolean").mask(series.isna())


def check_categories(series: pd.Series, allowed: Collection[str], frame_name: str) -> None:
    """Raise ``ValueError`` when ``series`` holds values outside ``allowed`` (missing values are
    allowed).

    Examples
    --------
    >>> check_categories(
    ...     pd.Series(["wood", None], name="cooking_fuel"), {"wood", "lpg"}, "households"
    ... )
    """
    observed = pd.Series(series.dropna().unique(), dtype=object)
    unknown = sorted(str(value) for value in observed[~observed.isin(list(allowed))])
    if unknown:
        raise ValueError(
            f"{frame_name}[{series.name!r}] has value(s) {unknown} outside the schema categories "
            f"{sorted(allowed)}; recode them to one of these (or to NA when unknown)"
        )


def check_ordered_levels(series: pd.Series, levels: Collection[str], frame_name: str) -> pd.Series:
    """Return ``series`` as an ordered categorical with ``levels``, after checking its values.

    Examples
    --------
    >>> check_ordered_levels(
    ...     pd.Series(["finished"], name="floor"), ["natural", "finished"], "households"
    ... ).cat.ordered
    True
    """
    check_categories(series, levels, frame_name)
    return pd.Series(
        pd.Categorical(series.astype(object), categories=list(levels), ordered=True),
        index=series.index,
        name=series.name,
    )


#: Plausible range of each numeric survey variable (inclusive), and what it is, for messages.
PLAUSIBLE: dict[str, tuple[float, float, str]] = {
    "age": (0, 130, "age in completed years"),
    "hh_size": (1, 100, "number of household members (at least one)"),
    "weight": (0, float("inf"), "a sampling weight (finite, >= 0)"),
    "haz": (-10, 10, "a height-for-age z-score (DHS flag codes such as 9996 / 100 are NA)"),
    "waz": (-10, 10, "a weight-for-age z-score (DHS flag codes such as 9996 / 100 are NA)"),
    "bmi": (5, 100, "a body-mass index in kg/m2 (DHS files store it x 100: divide by 100)"),
    "years_schooling": (0, 30, "completed years of schooling (codes such as 98 or 99 are NA)"),
    "child_deaths_5y": (0, 20, "a number of deaths"),
    "water_time_min": (0, 1440, "minutes for a round trip (996, 'on premises', is 0)"),
}


def check_plausible(frame: pd.DataFrame, frame_name: str) -> None:
    """Raise ``ValueError`` when a numeric column of :data:`PLAUSIBLE` holds an impossible value.

    Only the columns present are checked; missing values are allowed (they are handled by each
    indicator's rules). Text in a numeric column raises ``TypeError``.

    Examples
    --------
    >>> check_plausible(pd.DataFrame({"age": [0, 45], "bmi": [21.5, None]}), "persons")
    >>> check_plausible(pd.DataFrame({"age": [-3, 45]}), "persons")
    Traceback (most recent call last):
    ...
    ValueError: persons['age'] has 1 impossible value(s) (e.g. -3 at row 0): expected age in completed years, between 0 and 130. Fix them, or set them to NA if unknown.
    """  # noqa: E501
    for column, (low, high, meaning) in PLAUSIBLE.items():
        if column not in frame.columns:
            continue
        values = frame[column]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise TypeError(
                f"{frame_name}[{column!r}] must be numeric (dtype is {values.dtype}); convert it "
                "with pd.to_numeric, missing as NA"
            )
        numbers = values.astype("float64")
        bad = (numbers < low) | (numbers > high) | np.isinf(numbers)
        if bad.any():
            first = bad.to_numpy().nonzero()[0][0]
            bound = f"between {low:g} and {high:g}" if np.isfinite(high) else f"at least {low:g}"
            raise ValueError(
                f"{frame_name}[{column!r}] has {int(bad.sum())} impossible value(s) (e.g. "
                f"{numbers.iloc[first]:g} at row {frame.index[first]!r}): expected {meaning}, "
                f"{bound}. Fix them, or set them to NA if unknown."
            )
