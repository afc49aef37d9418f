"""Find the best binary split of a tree node on one circumstance (R ``rpart``, method "anova").

The node's cells are summarised by level of the circumstance: total weight W_l, weighted
outcome Y_l and unweighted count N_l. Because the outcome is 0/1, sum(w y^2) = sum(w y), so the
weighted sum of squares of any set of rows is ``SSE = Y - Y^2 / W``. A split's gain is the
parent's SSE minus the children's.

- Ordered circumstances split only at thresholds between consecutive levels present.
- Unordered circumstances may split into any two subsets of levels. For a regression tree the
  best subset split is among the "prefix" splits once levels are sorted by their weighted mean
  (Breiman et al. 1984, Theorem 4.5; what ``rpart`` does), so m - 1 candidates are scanned
  instead of 2 ** (m - 1) - 1. As in ``rpart``, the minimum leaf size is applied to these
  candidates: when the unconstrained best split leaves a child too small, a feasible subset
  split outside the scan can occasionally be better. Keeping rpart's rule keeps results
  comparable with ESCAP's.

Ties are deterministic: levels with equal means keep their category order; among candidates
whose gains are equal within ``TIE_TOLERANCE`` x the node's SSE, the first in scan order wins
(the lowest threshold; for unordered levels, the fewest lowest-rate levels on the left).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Gains closer than this fraction of the node's SSE are treated as ties.
TIE_TOLERANCE = 1e-10


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
    left_w, left_y, left_n = (np.cumsum(a[order])[:-1] for a in (w, y, n))
    total_w, total_y, total_n = w.sum(), y.sum(), n.sum()
    gain = sum_of_squares(total_w, total_y) - (
        sum_of_squares(left_w, left_y) + sum_of_squares(total_w - left_w, total_y - left_y)
    )
    allowed = (left_n >= min_leaf) & (total_n - left_n >= min_leaf)
    if not allowed.any():
        return None
    gain = np.where(allowed, gain, -np.inf)
    tolerance = TIE_TOLERANCE * float(sum_of_squares(total_w, total_y))
    cut = int(np.argmax(gain >= gain.max() - tolerance))
    return Split(left=order[: cut + 1], right=order[cut + 1 :], gain=float(gain[cut]))
