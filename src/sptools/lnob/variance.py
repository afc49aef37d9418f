"""Design-based standard errors of the LNOB measures: linearised, or a Rao-Wu PSU bootstrap.

Every LNOB measure is a function of the cell sums (W_c, Y_c): the weight and weighted outcome of
each combination of circumstances (:mod:`sptools.lnob.cells`). Grouping cells by a subset S of
the circumstances gives D(S); the national rate is p = Y / W. Everything reported is a smooth
function of the D(S) and p:

- D = D(N); HOI = p (1 - D); D as a share of its maximum, D / (1 - p) (D <= 1 - p always:
  the bound is reached when every group has a rate of 0 or 1);
- Shapley contributions Sh_a = sum_S c_S [D(S + a) - D(S)] and shares Sh_a / D.

**Linearised** (default). With groups g of S, A = sum_g |Y_g - p W_g| and s_g its signs,
D(S) = A / (2 Y) and, with S_W = sum_g s_g W_g::

    dD/dY_g = (s_g - S_W / W) / (2 Y) - D / Y
    dD/dW_g = p (S_W / W - s_g) / (2 Y)

Each cell inherits its group's derivatives; the chain rule gives the gradient of every measure,
whose influence values summed by PSU give the variance
(:meth:`sptools.survey.SurveyDesign.covariance`; t intervals on #PSU - #strata degrees of
freedom). D is not differentiable where a group's rate equals the national rate; the
linearisation then treats the sign as fixed (0), as it is for any sample of positive size.

**Bootstrap** (``variance="bootstrap"``): Rao-Wu replicates over PSUs within strata
(:func:`sptools.survey.bootstrap_factors`, ``replicates`` and ``seed`` stated in the result);
each measure is recomputed on every replicate's cell sums; the SE is the standard deviation of
the replicates, the interval normal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations
from math import factorial
from typing import Literal

import numpy as np
from scipy import sparse

from sptools.lnob.cells import CellTable
from sptools.survey import SurveyDesign, bootstrap_factors

VarianceMethod = Literal["linearised", "bootstrap"]

#: Largest number of bootstrap factors (replicates x PSUs) drawn at once.
_MAX_FACTORS = 20_000_000


@dataclass(frozen=True)
class Variance:
    """How the standard errors are estimated.

    Attributes
    ----------
    method : {"linearised", "bootstrap"}
    replicates : int
        Bootstrap replicates (ignored when linearised).
    seed : int
        Seed of the bootstrap draws (ignored when linearised).

    Examples
    --------
    >>> Variance("bootstrap", replicates=200, seed=1).method
    'bootstrap'
    """

    method: VarianceMethod = "linearised"
    replicates: int = 1000
    seed: int = 2025

    def __post_init__(self) -> None:
        if self.method not in ("linearised", "bootstrap"):
            raise ValueError(f"variance must be 'linearised' or 'bootstrap', got {self.method!r}.")
        if (
            isinstance(self.replicates, bool)
            or not isinstance(self.replicates, int | np.integer)
            or self.replicates < 2
        ):
            raise ValueError(
                f"replicates must be a whole number >= 2, got {self.replicates!r}; e.g. 1000."
            )
        if isinstance(self.seed, bool) or not isinstance(self.seed, int | np.integer):
            raise TypeError(f"seed must be an integer, got {self.seed!r}; e.g. seed=2025.")

    def describe(self, cells: CellTable) -> str:
        """The method in words, for a result's footer."""
        design = cells.design
        strata = "stratum" if design.n_strata == 1 else "strata"
        where = f"{design.n_psu:,} PSUs in {design.n_strata:,} {strata}"
        if self.method == "linearised":
            return f"linearised (Taylor) standard errors over {where}"
        return (
            f"Rao-Wu bootstrap standard errors ({self.replicates:,} replicates, seed "
            f"{self.seed}, PSUs resampled within strata; {where})"
        )

    def df(self, cells: CellTable) -> float:
        """Degrees of freedom of the intervals: #PSU - #strata, or inf for the bootstrap."""
        return float(cells.design.df) if self.method == "linearised" else math.inf


def all_subsets(n: int) -> list[tuple[int, ...]]:
    """Every subset of range(n) (as sorted tuples), by size.

    Examples
    --------
    >>> all_subsets(2)
    [(), (0,), (1,), (0, 1)]
    """
    return [subset for size in range(n + 1) for subset in combinations(range(n), size)]


def shapley_matrix(n: int, subsets: list[tuple[int, ...]]) -> np.ndarray:
    """``(n, len(subsets))`` weights turning D(S) for every subset into Shapley contributions.

    Examples
    --------
    >>> shapley_matrix(2, all_subsets(2)).tolist()
    [[-0.5, 0.5, -0.5, 0.5], [-0.5, -0.5, 0.5, 0.5]]
    """
    position = {subset: j for j, subset in enumerate(subsets)}
    matrix = np.zeros((n, len(subsets)))
    for a in range(n):
        for subset in subsets:
            if a in subset:
                continue
            weight = factorial(len(subset)) * factorial(n - len(subset) - 1) / factorial(n)
            matrix[a, position[tuple(sorted((*subset, a)))]] += weight
            matrix[a, position[subset]] -= weight
    return matrix


def d_of_groups(weight: np.ndarray, weighted_outcome: np.ndarray) -> np.ndarray:
    """D of groups along the last axis (leading axes: replicates).

    Examples
    --------
    >>> float(d_of_groups(np.array([1.0, 1.0]), np.array([0.2, 0.6])).round(10))
    0.25
    """
    total_y = weighted_outcome.sum(axis=-1)
    rate = total_y / weight.sum(axis=-1)
    gaps = np.abs(weighted_outcome - rate[..., None] * weight).sum(axis=-1)
    return gaps / (2 * total_y)


def _d_gradient(weight: np.ndarray, weighted_outcome: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Derivatives of D by each group's weight and weighted outcome (see the module text)."""
    total_w, total_y = weight.sum(), weighted_outcome.sum()
    rate = total_y / total_w
    sign = np.sign(weighted_outcome - rate * weight)
    signed_weight = (sign * weight).sum()
    d = d_of_groups(weight, weighted_outcome)
    by_outcome = (sign - signed_weight / total_w) / (2 * total_y) - d / total_y
    by_weight = rate * (signed_weight / total_w - sign) / (2 * total_y)
    return by_weight, by_outcome


@dataclass(frozen=True)
class Building:
    """The D(S) of some subsets and the national rate p: the blocks of every LNOB measure.

    Attributes
    ----------
    values : numpy.ndarray
        ``[D(S) for S in subsets] + [p]`` at the point estimate.
    gradient_weight, gradient_outcome : numpy.ndarray
        ``(n_cells, len(values))`` derivatives by the cell sums.
    """

    values: np.ndarray
    gradient_weight: np.ndarray
    gradient_outcome: np.ndarray


def building_blocks(cells: CellTable, subsets: list[tuple[int, ...]]) -> Building:
    """D(S) of each subset (0 for the empty one) and p, with their gradients by cell sums.

    Examples
    --------
    >>> import pandas as pd
    >>> from sptools.lnob.cells import cell_table
    >>> df = pd.DataFrame({"y": [1, 1, 0, 1], "urban": [True, True, False, False]})
    >>> building_blocks(cell_table(df, "y", ["urban"]), [(), (0,)]).values.round(4).tolist()
    [0.0, 0.1667, 0.75]
    """
    n_cells = cells.n_cells
    total_w = cells.weight.sum()
    rate = cells.weighted_outcome.sum() / total_w
    values = np.zeros(len(subsets) + 1)
    grad_w = np.zeros((n_cells, len(subsets) + 1))
    grad_y = np.zeros_like(grad_w)
    for j, subset in enumerate(subsets):
        if not subset:
            continue
        group = cells.group_index(subset)
        w = np.bincount(group, weights=cells.weight)
        y = np.bincount(group, weights=cells.weighted_outcome)
        values[j] = d_of_groups(w, y)
        by_weight, by_outcome = _d_gradient(w, y)
        grad_w[:, j], grad_y[:, j] = by_weight[group], by_outcome[group]
    values[-1] = rate
    grad_w[:, -1], grad_y[:, -1] = -rate / total_w, 1 / total_w
    return Building(values, grad_w, grad_y)


def replicate_blocks(
    cells: CellTable, subsets: list[tuple[int, ...]], variance: Variance
) -> np.ndarray:
    """``(replicates, len(subsets) + 1)``: D(S) and p recomputed on each bootstrap replicate.

    Examples
    --------
    >>> import pandas as pd
    >>> from sptools.lnob.cells import cell_table
    >>> df = pd.DataFrame({"y": [1, 1, 0, 1] * 5, "urban": [True, True, False, False] * 5})
    >>> replicate_blocks(cell_table(df, "y", ["urban"]), [(0,)], Variance("bootstrap", 3)).shape
    (3, 2)
    """
    weight, outcome = _replicate_cell_sums(cells, variance)
    blocks = np.zeros((len(weight), len(subsets) + 1))
    for j, subset in enumerate(subsets):
        if not subset:
            continue
        group = cells.group_index(subset)
        onehot = sparse.csr_matrix(
            (np.ones(cells.n_cells), (np.arange(cells.n_cells), group)),
            shape=(cells.n_cells, int(group.max()) + 1),
        )
        blocks[:, j] = d_of_groups(
            np.asarray((onehot.T @ weight.T).T), np.asarray((onehot.T @ outcome.T).T)
        )
    blocks[:, -1] = outcome.sum(axis=1) / weight.sum(axis=1)
    return blocks


def _replicate_cell_sums(cells: CellTable, variance: Variance) -> tuple[np.ndarray, np.ndarray]:
    """Cell sums of every replicate, drawn in chunks so that the factors fit in memory.

    One chunk (the usual case) draws ``bootstrap_factors(design, replicates, seed)``; chunk i
    of several uses seed ``seed + i``.
    """
    design = cells.design
    chunk = max(4, _MAX_FACTORS // design.n_psu)
    n_chunks = -(-variance.replicates // chunk)
    sizes = [len(part) for part in np.array_split(np.arange(variance.replicates), n_chunks)]
    parts = [
        cells.replicate_sums(bootstrap_factors(design, size, variance.seed + i))
        for i, size in enumerate(sizes)
    ]
    return np.vstack([w for w, _ in parts]), np.vstack([y for _, y in parts])


#: A measure: values of the blocks (leading axes: replicates) -> the measure's estimates.
Measure = Callable[[np.ndarray], np.ndarray]


def estimate_with_se(
    cells: CellTable,
    subsets: list[tuple[int, ...]],
    measure: Measure,
    jacobian: Callable[[np.ndarray], np.ndarray],
    variance: Variance,
) -> tuple[np.ndarray, np.ndarray]:
    """Point estimates and standard errors of ``measure`` of the building blocks.

    Parameters
    ----------
    cells : CellTable
    subsets : list of tuple
        The subsets whose D(S) the measure uses (the blocks are these D(S), then p).
    measure : callable
        ``(..., n_blocks) -> (..., m)``: the estimates from the blocks.
    jacobian : callable
        ``(n_blocks,) -> (m, n_blocks)``: derivatives of the measure by the blocks.
    variance : Variance

    Returns
    -------
    tuple of numpy.ndarray
        Estimates and standard errors, each of length m.

    Examples
    --------
    The national rate p (the last block) and its SE, as a domain mean:

    >>> import pandas as pd
    >>> from sptools.lnob.cells import cell_table
    >>> cells = cell_table(pd.DataFrame({"y": [1, 0, 1, 1], "g": [0, 0, 1, 1]}), "y", ["g"])
    >>> estimate, se = estimate_with_se(
    ...     cells, [], lambda b: b[..., -1:], lambda b: np.array([[1.0]]), Variance()
    ... )
    >>> float(estimate[0]), round(float(se[0]), 4)
    (0.75, 0.25)
    """
    blocks = building_blocks(cells, subsets)
    estimates = measure(blocks.values)
    if variance.method == "bootstrap":
        replicates = measure(replicate_blocks(cells, subsets, variance))
        return estimates, np.nanstd(replicates, axis=0, ddof=1)
    chain = jacobian(blocks.values).T
    totals = cells.psu_totals(blocks.gradient_weight @ chain, blocks.gradient_outcome @ chain)
    covariance = cells.design.covariance(totals)
    return estimates, np.sqrt(np.clip(np.diag(covariance), 0.0, None))


def rates_with_se(cells: CellTable, membership: sparse.spmatrix) -> tuple[np.ndarray, np.ndarray]:
    """Weighted rates of groups of cells (domain means) and their linearised SEs.

    Parameters
    ----------
    cells : CellTable
    membership : scipy.sparse matrix
        ``(n_cells, m)``: 1 where a cell belongs to group j (groups may overlap, e.g. the
        nodes of a tree).

    Returns
    -------
    tuple of numpy.ndarray
        Rates and standard errors of the m groups. A group whose people all sit in one PSU (or,
        without a design, a group of one person) gets a NaN SE: its linearised variance is zero
        by construction, which estimates nothing.

    Examples
    --------
    >>> import pandas as pd
    >>> from sptools.lnob.cells import cell_table
    >>> cells = cell_table(pd.DataFrame({"y": [1, 0, 1, 1], "g": [0, 0, 1, 1]}), "y", ["g"])
    >>> rate, se = rates_with_se(cells, sparse.csr_matrix(np.ones((2, 1))))
    >>> float(rate[0]), round(float(se[0]), 4)
    (0.75, 0.25)
    """
    membership = sparse.csr_matrix(membership, dtype=np.float64)
    weight = membership.T @ cells.weight
    rate = (membership.T @ cells.weighted_outcome) / weight
    by_weight = membership @ sparse.diags(-rate / weight)
    by_outcome = membership @ sparse.diags(1 / weight)
    totals = cells.by_psu @ sparse.vstack([by_weight, by_outcome]).tocsr()
    se = np.sqrt(np.clip(variances(cells.design, totals), 0.0, None))
    weight_by_psu = cells.by_psu[:, : cells.n_cells] @ membership
    psus_with_weight = np.asarray((weight_by_psu > 0).sum(axis=0)).ravel()
    return rate, np.where(psus_with_weight == 1, np.nan, se)


def variances(design: SurveyDesign, psu_totals: sparse.spmatrix) -> np.ndarray:
    """The diagonal of :meth:`SurveyDesign.covariance` from sparse PSU totals.

    Many domains (every combination of circumstances, every node of a tree) each occupy few
    PSUs; their variances come from sums and sums of squares by stratum, without the dense
    ``(n_psu, m)`` array. Same rules as the covariance: ``n_h / (n_h - 1)`` around the stratum
    mean, a stratum with one PSU centred on the grand mean with factor one, ``1 - f_h`` with a
    finite population correction.

    Examples
    --------
    >>> d = SurveyDesign(np.ones(3), psu=np.arange(3), psu_stratum=np.array([0, 0, 1]))
    >>> totals = np.array([[1.0, 0.0], [3.0, 2.0], [0.0, 5.0]])
    >>> bool(np.allclose(variances(d, sparse.csr_matrix(totals)), np.diag(d.covariance(totals))))
    True
    """
    totals = sparse.csr_matrix(psu_totals)
    m = totals.shape[1]
    if design.df < 1:
        return np.full(m, np.nan)
    counts = design.psu_per_stratum
    strata = sparse.csr_matrix(
        (np.ones(design.n_psu), (design.psu_stratum, np.arange(design.n_psu))),
        shape=(design.n_strata, design.n_psu),
    )
    sums = np.asarray((strata @ totals).todense())
    squares = np.asarray((strata @ totals.multiply(totals)).todense())
    lonely = counts == 1
    spread = squares - sums**2 / counts[:, None]
    if lonely.any():
        grand = np.asarray(totals.sum(axis=0)).ravel() / design.n_psu
        spread[lonely] = squares[lonely] - 2 * grand * sums[lonely] + grand**2
    scale = np.where(counts > 1, counts / np.maximum(counts - 1, 1), 1.0)
    if design.stratum_fraction is not None:
        scale = scale * (1.0 - design.stratum_fraction)
    return scale @ spread
