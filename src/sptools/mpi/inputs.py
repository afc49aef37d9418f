"""Checks shared by the Alkire-Foster estimators: the survey design, column names, replicates.

Every estimator that reads data takes ``design=`` (a :class:`sptools.Design`). The first
releases took the design columns one by one (``sample_weight=``, ``strata=``, ``psu=``); these
still work, with one :class:`DeprecationWarning` per call, and build the same design.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Iterable

import pandas as pd

from sptools.design import Design, design_rows
from sptools.survey import SurveyDesign

__all__ = ["check_unique_columns", "check_replicates", "resolve_design"]


def resolve_design(
    data: pd.DataFrame,
    design: Design | None,
    *,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    caller: str = "alkire_foster",
    stacklevel: int = 3,
) -> SurveyDesign:
    """The design arrays of ``data``'s rows, from ``design=`` or the deprecated column names.

    Parameters
    ----------
    data : pandas.DataFrame
        The rows to estimate on.
    design : Design or None
        The survey design (rows matched on the index; a subset is a domain). None, with no
        deprecated column given: independent rows of weight one.
    sample_weight, strata, psu : str, optional
        Deprecated: design columns of ``data``; build ``Design(data, ...)`` instead.
    caller : str
        Name of the public function, for messages.
    stacklevel : int
        Stack level of the deprecation warning (the user's call).

    Returns
    -------
    SurveyDesign

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 0], "w": [1.0, 3.0]})
    >>> resolve_design(df, Design(df, weight="w", strata=None, psu=None)).weight.tolist()
    [1.0, 3.0]
    """
    legacy = {"sample_weight": sample_weight, "strata": strata, "psu": psu}
    given = {name: value for name, value in legacy.items() if value is not None}
    if not given:
        return design_rows(data, design)
    if design is not None:
        raise TypeError(
            f"{caller}() got design= and {sorted(given)}; the design already names its columns: "
            "pass design= only."
        )
    warnings.warn(
        f"{caller}(sample_weight=, strata=, psu=) is deprecated: declare the design once and "
        f"pass it, {caller}(..., design=Design(data, weight={sample_weight!r}, "
        f"strata={strata!r}, psu={psu!r})).",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
    return SurveyDesign.from_frame(data, weight=sample_weight, strata=strata, psu=psu)


def check_unique_columns(data: pd.DataFrame, columns: Iterable[str], role: str = "data") -> None:
    """Raise when a column that an estimator reads appears more than once in ``data``.

    Examples
    --------
    >>> check_unique_columns(pd.DataFrame([[1, 0]], columns=["a", "b"]), ["a"])
    """
    counts = data.columns.value_counts()
    repeated = [name for name in dict.fromkeys(columns) if counts.get(name, 0) > 1]
    if repeated:
        shown = ", ".join(f"{name!r} ({counts[name]} times)" for name in repeated)
        raise ValueError(
            f"{role} has duplicated column names: {shown}; each indicator and design column "
            "must appear once. Rename or drop the copies, e.g. "
            "data.loc[:, ~data.columns.duplicated()]."
        )


def check_replicates(replicates: object) -> int:
    """Return the number of bootstrap replicates after checking it is an integer >= 2.

    Examples
    --------
    >>> check_replicates(500)
    500
    """
    if isinstance(replicates, bool) or not isinstance(replicates, numbers.Integral):
        raise TypeError(
            f"replicates must be a whole number of bootstrap replicates, got {replicates!r} "
            f"({type(replicates).__name__}); e.g. replicates=1000."
        )
    if replicates < 2:
        raise ValueError(
            f"replicates must be at least 2 to estimate a standard error, got {replicates}; "
            "e.g. replicates=1000."
        )
    return int(replicates)
