"""Aggregate rows into cells: one per combination of circumstances present in the data.

Every LNOB measure depends on the rows only through three sums per cell: the weight, the
weighted outcome and the unweighted count. The D-index, its Shapley decomposition and the
tree are all computed on this small table instead of the rows (a full survey of 90,000 persons
has at most a few thousand cells).

Their sampling variance depends on the rows only through the same sums by PSU and cell, kept
sparse (one entry per PSU x cell pair present): the PSU totals of any linearised estimate and
the bootstrap replicates of the cell sums are computed from them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import sparse

from sptools.design import Design
from sptools.lnob.validation import Exclusions, MissingPolicy, plain, prepare_sample
from sptools.survey import SurveyDesign


@dataclass(frozen=True)
class CellTable:
    """Weighted sums of a 0/1 outcome by combination of circumstances.

    Attributes
    ----------
    outcome : str
        Name of the outcome column.
    circumstances : tuple[str, ...]
        Circumstance names, in the order given.
    levels : tuple[pandas.Index, ...]
        The categories of each circumstance, in their order (category order for a
        Categorical column, sorted values otherwise).
    ordered : tuple[bool, ...]
        Whether each circumstance is ordered (split only at thresholds in a tree).
    codes : numpy.ndarray
        ``(n_cells, n_circumstances)`` integer codes into ``levels``; one row per cell, sorted.
    weight : numpy.ndarray
        Sum of the weights in each cell.
    weighted_outcome : numpy.ndarray
        Sum of weight x outcome in each cell.
    count : numpy.ndarray
        Number of rows (unweighted) in each cell.
    exclusions : Exclusions
        Rows excluded for missing values before aggregation.
    design : SurveyDesign
        The design of the retained rows (all strata and PSUs of the survey).
    by_psu : scipy.sparse.csr_matrix
        ``(n_psu, 2 * n_cells)`` sums by PSU of the weight (first ``n_cells`` columns) and of
        the weighted outcome (last ``n_cells``) in each cell.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 1, 1], "urban": [True, False, True, False]})
    >>> cells = cell_table(df, "y", ["urban"])
    >>> cells.weight, cells.weighted_outcome, cells.count
    (array([2., 2.]), array([1., 2.]), array([2, 2]))
    """

    outcome: str
    circumstances: tuple[str, ...]
    levels: tuple[pd.Index, ...]
    ordered: tuple[bool, ...]
    codes: np.ndarray
    weight: np.ndarray
    weighted_outcome: np.ndarray
    count: np.ndarray
    exclusions: Exclusions
    design: SurveyDesign
    by_psu: sparse.csr_matrix

    @property
    def n_cells(self) -> int:
        """Number of cells."""
        return len(self.weight)

    @property
    def national_rate(self) -> float:
        """Weighted rate of the outcome over all cells."""
        return float(self.weighted_outcome.sum() / self.weight.sum())

    def group_sums(self, positions: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Return (weight, weighted outcome) summed by the combinations of some circumstances.

        Parameters
        ----------
        positions : sequence of int
            Positions (in ``circumstances``) of the circumstances that define the groups; an
            empty sequence gives a single group (everyone).

        Examples
        --------
        >>> df = pd.DataFrame({"y": [1, 0, 1, 1], "a": [0, 0, 1, 1], "b": [0, 1, 0, 1]})
        >>> cell_table(df, "y", ["a", "b"]).group_sums([0])
        (array([2., 2.]), array([1., 2.]))
        """
        group = self.group_index(positions)
        return (
            np.bincount(group, weights=self.weight),
            np.bincount(group, weights=self.weighted_outcome),
        )

    def group_index(self, positions: Sequence[int]) -> np.ndarray:
        """Return the group (0, 1, ...) of each cell, groups formed by some circumstances.

        Examples
        --------
        >>> df = pd.DataFrame({"y": [1, 0, 1, 1], "a": [0, 0, 1, 1], "b": [0, 1, 0, 1]})
        >>> cell_table(df, "y", ["a", "b"]).group_index([1]).tolist()
        [0, 1, 0, 1]
        """
        if len(positions) == 0:
            return np.zeros(self.n_cells, dtype=np.int64)
        columns = list(positions)
        sizes = tuple(len(self.levels[j]) for j in columns)
        _, group = np.unique(combination_key(self.codes[:, columns], sizes), return_inverse=True)
        return group.astype(np.int64, copy=False)

    def complement(self) -> CellTable:
        """The same cells with the outcome complemented (1 - y): for a barrier.

        Examples
        --------
        >>> df = pd.DataFrame({"y": [1, 0, 0, 0], "urban": [True, True, False, False]})
        >>> cell_table(df, "y", ["urban"]).complement().weighted_outcome
        array([2., 1.])
        """
        n = self.n_cells
        weight_by_psu = self.by_psu[:, :n]
        return replace(
            self,
            weighted_outcome=self.weight - self.weighted_outcome,
            by_psu=sparse.hstack([weight_by_psu, weight_by_psu - self.by_psu[:, n:]]).tocsr(),
        )

    def psu_totals(self, gradient_weight: np.ndarray, gradient_outcome: np.ndarray) -> np.ndarray:
        """PSU totals of the influence values of estimates that are functions of the cell sums.

        An estimate f(W, Y) of the cell sums has the influence value
        ``w_i (df/dW_c + y_i df/dY_c)`` on row i of cell c; summed by PSU, they give the
        linearised variance (:meth:`sptools.survey.SurveyDesign.covariance`).

        Parameters
        ----------
        gradient_weight, gradient_outcome : numpy.ndarray
            ``(n_cells, m)``: derivatives of m estimates by each cell's weight and weighted
            outcome.

        Returns
        -------
        numpy.ndarray
            ``(n_psu, m)``.

        Examples
        --------
        >>> df = pd.DataFrame({"y": [1, 0, 1], "urban": [True, False, True]})
        >>> cell_table(df, "y", ["urban"]).psu_totals(np.ones((2, 1)), np.zeros((2, 1))).ravel()
        array([1., 1., 1.])
        """
        return np.asarray(self.by_psu @ np.vstack([gradient_weight, gradient_outcome]))

    def replicate_sums(self, factors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cell sums (weight, weighted outcome) of bootstrap replicates.

        Parameters
        ----------
        factors : numpy.ndarray
            ``(replicates, n_psu)`` weight factors (:func:`sptools.survey.bootstrap_factors`).

        Returns
        -------
        tuple of numpy.ndarray
            Two ``(replicates, n_cells)`` arrays.

        Examples
        --------
        >>> df = pd.DataFrame({"y": [1, 0, 1], "urban": [True, False, True]})
        >>> weight, _ = cell_table(df, "y", ["urban"]).replicate_sums(np.array([[2.0, 1.0, 0.0]]))
        >>> weight.tolist()
        [[1.0, 2.0]]
        """
        sums = np.asarray((self.by_psu.T @ factors.T).T)
        return sums[:, : self.n_cells], sums[:, self.n_cells :]

    def labels(self, position: int) -> pd.Categorical:
        """Return the level of circumstance ``position`` in each cell, as a Categorical."""
        return pd.Categorical.from_codes(
            self.codes[:, position],
            categories=self.levels[position],
            ordered=self.ordered[position],
        )


def combination_key(codes: np.ndarray, sizes: Sequence[int]) -> np.ndarray:
    """Return one integer per row identifying its combination of level codes (mixed radix).

    Keys sort like the rows of ``codes`` (lexicographically, first column first).

    Raises
    ------
    ValueError
        When the circumstances have too many combinations of levels to number.

    Examples
    --------
    >>> combination_key(np.array([[0, 2], [1, 0]]), (2, 3))
    array([2, 3])
    """
    if np.prod(np.array(sizes, dtype=float)) >= 2**62:
        raise ValueError(
            f"the circumstances have {' x '.join(map(str, sizes))} combinations of levels, "
            "too many to form groups; use fewer circumstances or group their levels."
        )
    return np.ravel_multi_index(tuple(codes.T), tuple(sizes))


def cell_table(
    data: pd.DataFrame,
    outcome: str,
    circumstances: Sequence[str],
    *,
    design: Design | None = None,
    ordered: Sequence[str] | None = None,
    missing: MissingPolicy = "raise",
) -> CellTable:
    """Validate an LNOB input and aggregate its rows into cells.

    Parameters
    ----------
    data, outcome, circumstances, design, missing
        As in :func:`sptools.lnob.validation.prepare_sample`.
    ordered : sequence of str, optional
        Circumstances to treat as ordered. By default, those stored as ordered Categoricals.
        When given, exactly these are ordered (their levels in category order, or sorted).

    Returns
    -------
    CellTable

    Raises
    ------
    TypeError
        As :func:`~sptools.lnob.validation.prepare_sample`; also when ``ordered`` is a string.
    ValueError
        As :func:`~sptools.lnob.validation.prepare_sample`; also when ``ordered`` names a column
        that is not a circumstance, or when a group has rows but a total weight of 0 (its rate
        is undefined).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 1], "sex": ["F", "M", "F"]})
    >>> cell_table(df, "y", ["sex"]).count
    array([2, 1])
    """
    sample = prepare_sample(data, outcome, circumstances, design=design, missing=missing)
    if isinstance(ordered, str):
        raise TypeError(f"ordered must be a list of circumstance names; write [{ordered!r}].")
    if ordered is not None:
        stray = [name for name in ordered if name not in sample.circumstances]
        if stray:
            raise ValueError(
                f"ordered names {stray}, which are not among the circumstances "
                f"{list(sample.circumstances)}; list only circumstance columns."
            )
    is_ordered = (
        sample.ordered
        if ordered is None
        else tuple(name in ordered for name in sample.circumstances)
    )
    sizes = tuple(len(levels) for levels in sample.levels)
    key, cell = np.unique(combination_key(sample.codes, sizes), return_inverse=True)
    weighted_outcome = sample.w * sample.y
    cells = CellTable(
        outcome=sample.outcome,
        circumstances=sample.circumstances,
        levels=sample.levels,
        ordered=is_ordered,
        codes=np.column_stack(np.unravel_index(key, sizes)),
        weight=np.bincount(cell, weights=sample.w),
        weighted_outcome=np.bincount(cell, weights=weighted_outcome),
        count=np.bincount(cell),
        exclusions=sample.exclusions,
        design=sample.design,
        by_psu=_sums_by_psu(sample.design, cell, len(key), sample.w, weighted_outcome),
    )
    _check_weighted_cells(cells)
    return cells


def _sums_by_psu(
    design: SurveyDesign,
    cell: np.ndarray,
    n_cells: int,
    weight: np.ndarray,
    weighted_outcome: np.ndarray,
) -> sparse.csr_matrix:
    """Sparse ``(n_psu, 2 n_cells)`` sums of the weight and weighted outcome by PSU and cell."""
    rows = np.concatenate([design.psu, design.psu])
    columns = np.concatenate([cell, cell + n_cells])
    values = np.concatenate([weight, weighted_outcome])
    return sparse.csr_matrix((values, (rows, columns)), shape=(design.n_psu, 2 * n_cells))


def _check_weighted_cells(cells: CellTable) -> None:
    empty = np.flatnonzero(cells.weight == 0)
    if empty.size:
        first = ", ".join(
            f"{name}={plain(cells.levels[j][cells.codes[empty[0], j]])!r}"
            for j, name in enumerate(cells.circumstances)
        )
        raise ValueError(
            f"{empty.size} group(s) have rows but a total weight of 0, e.g. ({first}) with "
            f"{cells.count[empty[0]]} rows: their rate is undefined. Drop the zero-weight rows "
            f"or merge those levels."
        )
