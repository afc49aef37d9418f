"""Shapley decomposition of the dissimilarity index D by circumstance (ESCAP LNOB).

The contribution of circumstance a among the n circumstances N is its average marginal effect
on D over all orders in which circumstances can be added::

    Sh_a = sum_{S subset of N \\ {a}} |S|! (n - |S| - 1)! / n! * [D(S + {a}) - D(S)],  D({}) = 0

D(S) uses the groups formed by the circumstances in S only. The contributions add up to D(N);
divided by D(N) they are shares that add up to 1.

Two entry points:

- :func:`shapley_d` returns the contributions as a pandas Series (the public contract);
- :func:`shapley_table` returns a :class:`ShapleyResult` with the contributions, the shares and
  D, each with a design-based standard error and interval (:mod:`sptools.lnob.variance`).

D(S) is needed for all 2 ** n subsets, so both refuse more than :data:`MAX_CIRCUMSTANCES`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.lnob.cells import CellTable
from sptools.lnob.dissimilarity import dissimilarity, oriented_cells
from sptools.lnob.validation import MissingPolicy, resolve_design
from sptools.lnob.variance import (
    Variance,
    VarianceMethod,
    all_subsets,
    estimate_with_se,
    shapley_matrix,
)
from sptools.results import Estimate, Result

#: Most circumstances a Shapley decomposition takes (it evaluates D on 2 ** n subsets).
MAX_CIRCUMSTANCES = 12


def _check_size(circumstances: Sequence[str]) -> None:
    n = len(circumstances) if not isinstance(circumstances, str) else 1
    if n > MAX_CIRCUMSTANCES:
        raise ValueError(
            f"the Shapley decomposition of {n} circumstances needs D for all 2 ** {n} = "
            f"{2**n:,} subsets of them; at most {MAX_CIRCUMSTANCES} are accepted. Group related "
            "circumstances into one (e.g. residence x region), or use lnob_tree(...).importance "
            "to rank many circumstances."
        )


def shapley_d(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    weight: str | None = None,
    *,
    design: Design | None = None,
    barrier: bool = False,
    missing: MissingPolicy = "raise",
) -> pd.Series:
    """Return each circumstance's Shapley contribution to the dissimilarity index D.

    Parameters
    ----------
    data, outcome, circumstances, weight, design, barrier, missing
        As in :func:`sptools.lnob.d_index`. At most :data:`MAX_CIRCUMSTANCES` circumstances
        (the cost grows as 2 ** len(circumstances)).

    Returns
    -------
    pandas.Series
        Absolute contributions (on D's 0-1 scale), indexed by circumstance (index name
        ``"circumstance"``), summing to D. Shares of D: ``contributions.div(contributions.sum())``
        (they sum to 1). ``attrs["d_index"]`` holds D and ``attrs["exclusions"]`` the rows
        excluded for missing values. Standard errors: :func:`shapley_table`.

    Examples
    --------
    >>> df = pd.DataFrame({
    ...     "water": [1, 1, 1, 1, 0, 0, 0, 0],
    ...     "urban": [True, True, True, True, False, False, False, False],
    ...     "rich": [True, True, False, False, True, True, False, False],
    ... })
    >>> contributions = shapley_d(df, "water", ["urban", "rich"])
    >>> contributions.round(4).tolist()
    [0.5, 0.0]
    >>> contributions.div(contributions.sum()).tolist()
    [1.0, 0.0]
    """
    design = resolve_design(data, weight, design, function="shapley_d")
    _check_size(circumstances)
    cells = oriented_cells(
        data, outcome, circumstances, design=design, barrier=barrier, missing=missing
    )
    contributions = shapley_from_cells(cells)
    contributions.attrs["d_index"] = float(contributions.sum())
    contributions.attrs["exclusions"] = cells.exclusions
    return contributions


def shapley_from_cells(cells: CellTable, *, barrier: bool = False) -> pd.Series:
    """Return the Shapley contributions to D from a cell table (see :func:`shapley_d`).

    Examples
    --------
    >>> from sptools.lnob.cells import cell_table
    >>> df = pd.DataFrame({"y": [1, 0, 1, 1], "a": [0, 0, 1, 1], "b": [0, 1, 0, 1]})
    >>> shapley_from_cells(cell_table(df, "y", ["a", "b"])).round(4).tolist()
    [0.125, 0.125]
    """
    n = len(cells.circumstances)
    subsets = all_subsets(n)
    d_of = np.array(
        [
            dissimilarity(*cells.group_sums(subset), barrier=barrier) if subset else 0.0
            for subset in subsets
        ]
    )
    return pd.Series(
        shapley_matrix(n, subsets) @ d_of,
        index=pd.Index(cells.circumstances, name="circumstance"),
        name="shapley",
        dtype=float,
    )


class ShapleyResult(Result):
    """Shapley contributions to D and shares of D, with standard errors (a :class:`Result`).

    Estimates are indexed by (``measure``, ``circumstance``): ("contribution", a) on D's 0-1
    scale (summing to D), ("share", a) (summing to 1) and ("D", "all").

    Attributes
    ----------
    contributions : pandas.Series
        The contributions, as :func:`shapley_d` returns them.
    shares : pandas.Series
        Contributions divided by D.
    d : Estimate
        D with its standard error.
    """

    @property
    def contributions(self) -> pd.Series:
        """Absolute contributions by circumstance (sum = D)."""
        return self._measure("contribution").rename("shapley")

    @property
    def shares(self) -> pd.Series:
        """Shares of D by circumstance (sum = 1)."""
        return self._measure("share").rename("share of D")

    @property
    def d(self) -> Estimate:
        """D with its standard error."""
        row = self._table.loc[("D", "all")]
        return Estimate(
            row["estimate"],
            se=row["se"],
            n=int(row["n"]),
            df=self.degrees_of_freedom,
            exclusions=self.exclusions,
            name="D",
            method=self._method,
        )

    def _measure(self, name: str) -> pd.Series:
        values = self._table.xs(name, level="measure")["estimate"]
        return values.rename_axis("circumstance").astype(float)


def _shapley_measures(matrix: np.ndarray, full: int):
    """The contributions, shares and D from the blocks [D(S) for every S] + [p]."""

    def measure(blocks: np.ndarray) -> np.ndarray:
        d_of = blocks[..., :-1]
        contributions = d_of @ matrix.T
        d = d_of[..., full : full + 1]
        return np.concatenate([contributions, contributions / d, d], axis=-1)

    def jacobian(blocks: np.ndarray) -> np.ndarray:
        d = blocks[full]
        shares = (matrix @ blocks[:-1]) / d
        unit = np.zeros(len(blocks) - 1)
        unit[full] = 1.0
        rows = np.vstack([matrix, (matrix - shares[:, None] * unit) / d, unit])
        return np.hstack([rows, np.zeros((len(rows), 1))])

    return measure, jacobian


def shapley_table(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    *,
    design: Design | None = None,
    barrier: bool = False,
    missing: MissingPolicy = "raise",
    variance: VarianceMethod = "linearised",
    replicates: int = 1000,
    seed: int = 2025,
) -> ShapleyResult:
    """Shapley contributions to D and shares of D with design-based standard errors.

    Parameters
    ----------
    data, outcome, circumstances, design, barrier, missing, variance, replicates, seed
        As in :func:`sptools.lnob.d_index` (at most :data:`MAX_CIRCUMSTANCES` circumstances).

    Returns
    -------
    ShapleyResult
        ``.contributions`` (Series, sum = D), ``.shares`` (sum = 1), ``.d``, and the result
        protocol: ``.se``, ``.ci()``, ``.to_frame()`` indexed by (measure, circumstance).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 1, 1] * 10, "a": [0, 0, 1, 1] * 10,
    ...                    "b": [0, 1, 0, 1] * 10})
    >>> table = shapley_table(df, "y", ["a", "b"])
    >>> table.shares.round(6).tolist()
    [0.5, 0.5]
    >>> table.to_frame().loc["contribution", ["estimate", "se"]].round(3)
                  estimate     se
    circumstance
    a                0.125  0.039
    b                0.125  0.039
    """
    _check_size(circumstances)
    cells = oriented_cells(
        data, outcome, circumstances, design=design, barrier=barrier, missing=missing
    )
    settings = Variance(variance, replicates, seed)
    n = len(cells.circumstances)
    subsets = all_subsets(n)
    measure, jacobian = _shapley_measures(shapley_matrix(n, subsets), len(subsets) - 1)
    estimates, se = estimate_with_se(cells, subsets, measure, jacobian, settings)
    index = pd.MultiIndex.from_tuples(
        [("contribution", a) for a in cells.circumstances]
        + [("share", a) for a in cells.circumstances]
        + [("D", "all")],
        names=["measure", "circumstance"],
    )
    table = pd.DataFrame({"estimate": estimates, "se": se, "n": int(cells.count.sum())}, index)
    return ShapleyResult(
        table,
        df=settings.df(cells),
        exclusions=cells.exclusions,
        title=f"Shapley decomposition of D ({cells.outcome})",
        method=settings.describe(cells),
    )
