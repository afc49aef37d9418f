"""Numerical calibration tools of the generator: weighted thresholds and calibrated weights.

The generator hits its published targets by construction: a latent score is cut at the
weighted quantile that gives the target share (per group when needed), and the design weights
are calibrated (raking) to the household and population totals of each stratum.

Examples
--------
>>> import numpy as np
>>> t = weighted_threshold(np.array([1.0, 2.0, 3.0, 4.0]), np.ones(4), 0.5)
>>> bool(2.0 < t <= 3.0)
True
"""

from __future__ import annotations

import numpy as np


def grouped_weighted_threshold(
    score: np.ndarray, weight: np.ndarray, group: np.ndarray, share: np.ndarray
) -> np.ndarray:
    """Per group g, the cut t_g such that the weighted share of ``score < t_g`` in g is
    ``share[g]``.

    The cut falls between two observed scores, on the side that brings the achieved share
    closest to the target. Scores of ``+inf`` (e.g. households without an eligible member)
    are never below a finite cut.

    Parameters
    ----------
    score, weight, group
        One value per unit; ``group`` holds integer codes 0..G-1 (every group non-empty).
    share
        Target share of each group, in [0, 1].

    Returns
    -------
    numpy.ndarray
        One cut per group (``-inf`` when the share is 0).

    Examples
    --------
    >>> grouped_weighted_threshold(np.array([1.0, 2, 3, 4]), np.ones(4), np.array([0, 0, 1, 1]),
    ...                            np.array([0.5, 1.0])).tolist()
    [1.5, inf]
    """
    share = np.asarray(share, dtype="float64")
    if ((share < 0) | (share > 1)).any():
        raise ValueError(
            f"target shares must lie in [0, 1]; got {share[(share < 0) | (share > 1)]}"
        )
    order = np.argsort(score, kind="stable") if share.size == 1 else np.lexsort((score, group))
    sorted_score, sorted_group = score[order], group[order]
    cumulative = np.cumsum(weight[order])
    totals = np.bincount(group, weights=weight, minlength=share.size)
    offsets = np.concatenate([[0.0], np.cumsum(totals)[:-1]])
    target = offsets + share * totals
    first = np.searchsorted(sorted_group, np.arange(share.size), side="left")
    last = np.searchsorted(sorted_group, np.arange(share.size), side="right") - 1
    # i: the first unit whose cumulative weight reaches the target
    i = np.clip(np.searchsorted(cumulative, target - 1e-9 * totals, side="left"), first, last)
    before = np.where(i > first, cumulative[np.maximum(i - 1, 0)], offsets)
    include = cumulative[i] - target < target - before
    upper = np.where(i < last, sorted_score[np.minimum(i + 1, score.size - 1)], np.inf)
    lower = sorted_score[i]
    below = np.where(i > first, sorted_score[np.maximum(i - 1, 0)], -np.inf)
    cut = np.where(include, _midpoint(lower, upper), _midpoint(below, lower))
    cut = np.where(share <= 0, -np.inf, cut)
    return np.where(share >= 1, np.inf, cut)


def _midpoint(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Midpoint of two cuts, staying finite when one side is infinite."""
    with np.errstate(invalid="ignore"):
        mid = (low + high) / 2
    mid = np.where(np.isposinf(high), np.nextafter(low, np.inf), mid)
    return np.where(np.isneginf(low), high, mid)


def weighted_threshold(score: np.ndarray, weight: np.ndarray, share: float) -> float:
    """The cut t such that the weighted share of ``score < t`` is ``share`` (one group).

    Examples
    --------
    >>> weighted_threshold(np.array([3.0, 1.0, 2.0]), np.array([1.0, 1.0, 2.0]), 0.25)
    1.5
    """
    group = np.zeros(score.size, dtype="int64")
    return float(grouped_weighted_threshold(score, weight, group, np.array([share]))[0])


def calibrate_weights(
    design_weight: np.ndarray,
    size: np.ndarray,
    group: np.ndarray,
    households: np.ndarray,
    population: np.ndarray,
    *,
    iterations: int = 100,
) -> np.ndarray:
    """Calibrate household weights to two totals per group by raking (always positive weights).

    Within each group g, w_i = d_i exp(a_g + b_g s_i) with (a_g, b_g) solved by Newton's method so
    that sum w_i = ``households[g]`` and sum w_i s_i = ``population[g]``. A group whose target mean
    size population/households lies outside the range of its sampled sizes (e.g. a single sampled
    household) cannot meet both totals; it is scaled to its population total only.

    Examples
    --------
    >>> w = calibrate_weights(np.ones(3), np.array([2, 4, 6]), np.zeros(3, dtype=int),
    ...                       np.array([30.0]), np.array([150.0]))
    >>> round(float(w.sum()), 6), round(float((w * [2, 4, 6]).sum()), 6)
    (30.0, 150.0)
    """
    n_groups = households.size
    size = size.astype("float64")
    low = np.full(n_groups, np.inf)
    high = np.full(n_groups, -np.inf)
    np.minimum.at(low, group, size)
    np.maximum.at(high, group, size)
    target_mean = population / households
    feasible = (low < target_mean) & (target_mean < high)
    a, b = np.zeros(n_groups), np.zeros(n_groups)
    for _ in range(iterations):
        weight = design_weight * np.exp(a[group] + b[group] * size)
        s0 = np.bincount(group, weights=weight, minlength=n_groups)
        s1 = np.bincount(group, weights=weight * size, minlength=n_groups)
        s2 = np.bincount(group, weights=weight * size**2, minlength=n_groups)
        gap_h, gap_p = households - s0, population - s1
        if np.all(np.abs(gap_h[feasible]) <= 1e-10 * households[feasible]) and np.all(
            np.abs(gap_p[feasible]) <= 1e-10 * population[feasible]
        ):
            break
        det = np.where(feasible, s0 * s2 - s1**2, 1.0)
        step_a = np.where(feasible, (s2 * gap_h - s1 * gap_p) / det, 0.0)
        step_b = np.where(feasible, (s0 * gap_p - s1 * gap_h) / det, 0.0)
        damping = np.minimum(1.0, 0.5 / np.maximum(np.abs(step_b), 1e-300))
        a += step_a * damping
        b += step_b * damping
    weight = design_weight * np.exp(a[group] + b[group] * size)
    population_only = population / np.bincount(group, weights=weight * size, minlength=n_groups)
    return weight * np.where(feasible, 1.0, population_only)[group]
