"""Redundancy between indicators: do two indicators identify the same people?

When designing a national MPI, two indicators that are almost always deprived together add
little information and double the weight of what they share. Alkire et al. (2015, ch. 7) use
two statistics of the weighted 2 x 2 table of each pair of (uncensored) deprivations:

* the redundancy measure ``R0 = P(deprived in both) / min(P(deprived in a), P(deprived in b))``:
  the share of the less common deprivation that is matched by the other (1: whoever is deprived
  in the rarer indicator is deprived in the other too);
* Cramer's V, for a 2 x 2 table ``|p_ab - p_a p_b| / sqrt(p_a (1 - p_a) p_b (1 - p_b))`` (the
  absolute phi coefficient): association in both directions, 0 when independent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from sptools.design import Design, design_rows
from sptools.mpi.identification import MissingPolicy, binary_indicator
from sptools.mpi.inputs import check_unique_columns
from sptools.mpi.weights import flatten_weights
from sptools.results import Exclusions
from sptools.survey import SurveyDesign

__all__ = ["indicator_redundancy", "redundancy_table"]


def _indicator_matrix(
    data: pd.DataFrame, indicators: Sequence[str], missing: MissingPolicy
) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """0/1 matrix (rows x indicators), the complete-row mask, and missing counts by column."""
    if missing not in ("raise", "drop"):
        raise ValueError(f"missing must be 'raise' or 'drop', got {missing!r}.")
    columns, complete, counts = [], np.ones(len(data), dtype=bool), {}
    for name in indicators:
        values, absent = binary_indicator(data[name], name)
        if absent is not None:
            if missing == "raise":
                raise ValueError(
                    f"indicator column {name!r} has {int(absent.sum())} missing values; pass "
                    "missing='drop' to use the rows complete in every indicator (reported in "
                    "attrs['exclusions'])."
                )
            complete &= ~absent
            counts[name] = int(absent.sum())
        columns.append(values.astype(np.float64))
    return np.column_stack(columns), complete, counts


def indicator_redundancy(
    data: pd.DataFrame,
    indicators: Sequence[str] | Mapping[str, object],
    *,
    design: Design | None = None,
    missing: MissingPolicy = "raise",
) -> pd.DataFrame:
    """Pairwise redundancy of deprivation indicators: R0 and Cramer's V, weighted.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person, 0/1 indicator columns (1 = deprived).
    indicators : sequence of str or mapping
        Indicator columns, or weights (flat or nested, e.g. ``GLOBAL_MPI``) whose indicators
        are used.
    design : sptools.Design, optional
        The survey design (only its weights matter here); without it rows weigh one.
    missing : {"raise", "drop"}
        Missing values raise, or the rows missing any indicator are left out (counted in
        ``attrs["exclusions"]``).

    Returns
    -------
    pandas.DataFrame
        One row per pair (indicator_a, indicator_b): share_a, share_b (weighted uncensored
        headcount ratios), both (share deprived in both), r0 and cramers_v (NaN where an
        indicator is constant), sorted by r0, highest first. ``attrs["exclusions"]``: the
        rows left out.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 1, 1, 0], "c": [0, 1, 0, 1]})
    >>> t = indicator_redundancy(df, ["a", "b", "c"])
    >>> t.loc[0, "indicator_a"], t.loc[0, "indicator_b"], round(t.loc[0, "r0"], 4)
    ('a', 'b', np.float64(1.0))
    >>> round(t.loc[0, "cramers_v"], 4)
    np.float64(0.5774)
    """
    names = list(flatten_weights(indicators)[0] if isinstance(indicators, Mapping) else indicators)
    if len(names) < 2:
        raise ValueError(f"give at least two indicators to compare, got {names}.")
    absent = [name for name in names if name not in data.columns]
    if absent:
        raise KeyError(
            f"indicator columns {absent} are not in the data; available: {list(data.columns)}."
        )
    return redundancy_table(data, names, design_rows(data, design), missing)


def redundancy_table(
    data: pd.DataFrame, names: Sequence[str], arrays: SurveyDesign, missing: MissingPolicy
) -> pd.DataFrame:
    """:func:`indicator_redundancy` for design arrays already matched to ``data``'s rows.

    With a single indicator the table has no rows (there is no pair).

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 0], "b": [1, 1]})
    >>> redundancy_table(df, ["a", "b"], design_rows(df, None), "raise")["r0"].tolist()
    [1.0]
    """
    check_unique_columns(data, names)
    matrix, complete, counts = _indicator_matrix(data, names, missing)
    weight = np.where(complete, arrays.weight, 0.0)
    joint = matrix.T @ (matrix * weight[:, None]) / weight.sum()
    share = np.diag(joint)
    first, second = np.triu_indices(len(names), k=1)
    p_a, p_b, both = share[first], share[second], joint[first, second]
    with np.errstate(invalid="ignore", divide="ignore"):
        r0 = both / np.minimum(p_a, p_b)
        cramers_v = np.abs(both - p_a * p_b) / np.sqrt(p_a * (1 - p_a) * p_b * (1 - p_b))
    table = pd.DataFrame(
        {
            "indicator_a": np.array(names)[first],
            "indicator_b": np.array(names)[second],
            "share_a": p_a,
            "share_b": p_b,
            "both": both,
            "r0": r0,
            "cramers_v": cramers_v,
        }
    )
    table = table.sort_values("r0", ascending=False, kind="stable").reset_index(drop=True)
    table.attrs["exclusions"] = Exclusions(
        n_rows=len(data),
        n_excluded=int((~complete).sum()),
        weighted_share=float(arrays.weight[~complete].sum() / arrays.weight.sum()),
        by_column=counts,
    )
    return table
