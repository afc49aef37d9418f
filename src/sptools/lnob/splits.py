"""Find the best binary split of a tree node on one circumstance (R ``rpart``, method "anova").

The node's cells are summarised by level of the circumstance: total weight W_l, weighted
outcome Y_l and unweighted count N_l. Because the outcome is 0/1, sum(w y^2) = sum(w y), so the
weighted sum of squares of any set of rows is ``SSE = Y - Y^2 / W``. A split's gain is the
parent's SSE minus the children's.

- Ordered circumstances split only at thresholds between consecutive levels present.
- Unordered circumstances may split into any two subsets of levels. Without a minimum leaf, the
  best subset split is among the m - 1 "prefix" splits once levels are sorted by their weighted
  mean (Breiman et al. 1984, Theorem 4.5), so they are scanned instead of all
  2 ** (m - 1) - 1 subsets; ``rpart`` scans only these, minimum leaf applied. When the best
  prefix split is allowed it is the best allowed subset split. When it is not (the minimum
  leaf binds), the best allowed split may lie outside the prefixes: e.g. counts 34, 69, 46, 7
  with 27, 55, 41, 1 successes and a minimum leaf of 49 allow no prefix split at all, while
  {A, C} vs {B, D} is allowed and reduces the sum of squares by 0.499. sptools then enumerates
  every subset split (up to :data:`MAX_ENUMERATED_LEVELS` levels present in the node; 2 ** 11
  splits), so the split found is the best allowed one; with more levels it keeps rpart's scan.
  There sptools can split where rpart (ESCAP) does not, or differently: on the shipped surveys
  5 of the 44 trees (11 indicators x 2 rounds, with and without province) differ.
  ``exact=False`` (``lnob_tree(..., nominal="rpart")``) keeps rpart's scan everywhere.

Ties are deterministic: levels with equal means keep their category order; among candidates
whose gains are equal within ``TIE_TOLERANCE`` x the node's SSE, the first in scan order wins
(the lowest threshold; for unordered levels, the fewest lowest-rate levels on the left; among
enumerated subsets, the first in binary order of the sorted levels).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

#: How unordered circumstances are split: the best allowed subset split, or rpart's candidates.
NominalSearch = Literal["exact", "rpart"]

#: Gains closer than this fraction of the node's SSE are treated as ties.
TIE_TOLERANCE = 1e-10

#: Most levels of an unordered circumstance whose subset splits are all enumerated when the
#: minimum leaf binds.
MAX_ENUMERATED_LEVELS = 12


@dataclass(frozen=True)
class Split:
    """The best split of a node on one circumstance.

    Attributes
    ----------
    left : numpy.ndarray
        Level codes that go to the left child (the rest of the levels present go right). For
        an ordered circumstance these are the levels up to the threshold, for an unordered one
        the levels with the lower rates.
    right : numpy.ndarray
        Level codes present in the node that go to the right child.
    gain : float
        Reduction of the weighted sum of squares.
    """

    left: np.ndarray
    right: np.ndarray
    gain: float


def sum_of_squares(weight: np.ndarray | float, weighted_outcome: np.ndarray | float) -> np.ndarray:
    """Return the weighted sum of squares of a 0/1 outcome around its weighted mean.

    Examples
    --------
    >>> float(sum_of_squares(4.0, 1.0))  # 4 unit weights, one success: 4 * 0.25 * 0.75
    0.75
    """
    weight = np.asarray(weight, dtype=float)
    weighted_outcome = np.asarray(weighted_outcome, dtype=float)
    return weighted_outcome - weighted_outcome**2 / weight


def best_split(
    level_codes: np.ndarray,
    n_levels: int,
    ordered: bool,
    weight: np.ndarray,
    weighted_outcome: np.ndarray,
    count: np.ndarray,
    min_leaf: int,
    *,
    exact: bool = True,
) -> Split | None:
    """Return the best split of a node on one circumstance, or None when no split is allowed.

    Parameters
    ----------
    level_codes : numpy.ndarray
        The circumstance's level code in each of the node's cells.
    n_levels : int
        Number of levels (codes are below it).
    ordered : bool
        Split only at thresholds (True) or into any two subsets of levels (False).
    weight, weighted_outcome, count : numpy.ndarray
        Sums of each of the node's cells.
    min_leaf : int
        Minimum unweighted count of each child.
    exact : bool
        Unordered levels: search every subset split when the minimum leaf binds (True), or
        only the prefixes of the levels sorted by rate, as rpart (False).

    Examples
    --------
    >>> split = best_split(np.array([0, 1, 2]), 3, False, np.ones(3) * 10,
    ...                    np.array([9.0, 1.0, 8.0]), np.array([10, 10, 10]), min_leaf=5)
    >>> split.left.tolist(), split.right.tolist()
    ([1], [2, 0])
    """
    w = np.bincount(level_codes, weights=weight, minlength=n_levels)
    y = np.bincount(level_codes, weights=weighted_outcome, minlength=n_levels)
    n = np.bincount(level_codes, weights=count, minlength=n_levels)
    present = np.flatnonzero(n > 0)
    if present.size < 2:
        return None
    order = present if ordered else present[np.argsort(y[present] / w[present], kind="stable")]
    prefixes = np.tri(len(order) - 1, len(order), dtype=bool)  # row k: the first k + 1 levels
    gain, allowed = _gains(prefixes, w[order], y[order], n[order], min_leaf)
    binds = not allowed[np.argmax(gain)]
    if exact and binds and not ordered and len(order) <= MAX_ENUMERATED_LEVELS:
        return _best_of(_every_subset(len(order)), order, w, y, n, min_leaf, ordered)
    return _best_of(prefixes, order, w, y, n, min_leaf, ordered)


def _gains(
    left: np.ndarray, w: np.ndarray, y: np.ndarray, n: np.ndarray, min_leaf: int
) -> tuple[np.ndarray, np.ndarray]:
    """Gains of candidate splits (rows of the boolean ``left``: levels on the left) and which
    respect the minimum leaf."""
    left_w, left_y, left_n = left @ w, left @ y, left @ n
    total_w, total_y, total_n = w.sum(), y.sum(), n.sum()
    gain = sum_of_squares(total_w, total_y) - (
        sum_of_squares(left_w, left_y) + sum_of_squares(total_w - left_w, total_y - left_y)
    )
    return gain, (left_n >= min_leaf) & (total_n - left_n >= min_leaf)


def _every_subset(m: int) -> np.ndarray:
    """``(2 ** (m - 1) - 1, m)`` boolean rows: every split of m levels, the last level right."""
    masks = np.arange(1, 2 ** (m - 1))
    return (masks[:, None] >> np.arange(m)) & 1 == 1


def _best_of(
    candidates: np.ndarray,
    order: np.ndarray,
    w: np.ndarray,
    y: np.ndarray,
    n: np.ndarray,
    min_leaf: int,
    ordered: bool,
) -> Split | None:
    """The allowed candidate with the largest gain (first on ties); for unordered levels, the
    lower-rate side goes left."""
    gain, allowed = _gains(candidates, w[order], y[order], n[order], min_leaf)
    if not allowed.any():
        return None
    gain = np.where(allowed, gain, -np.inf)
    tolerance = TIE_TOLERANCE * float(sum_of_squares(w.sum(), y.sum()))
    best = int(np.argmax(gain >= gain.max() - tolerance))
    left, right = order[candidates[best]], order[~candidates[best]]
    if not ordered and y[left].sum() / w[left].sum() > y[right].sum() / w[right].sum():
        left, right = right, left
    return Split(left=left, right=right, gain=float(gain[best]))
