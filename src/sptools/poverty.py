"""Monetary poverty and inequality: FGT, Gini, Palma and Atkinson (METHODS.md section 4).

Every function takes a welfare vector ``y`` (e.g. consumption per capita) and optional
non-negative weights (e.g. household weight x household size, so that persons are counted).
Weights act exactly like replication: weight 2 gives the same answer as repeating the row.

Examples
--------
>>> fgt([100, 200, 300, 400], z=250)
0.5
>>> gini([0, 0, 0, 1])
0.75
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

ArrayLike = Sequence[float] | np.ndarray | pd.Series


def _as_arrays(y: ArrayLike, weight: ArrayLike | None) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``y`` and ``weight``; return them as float arrays (weights default to 1)."""
    values = np.asarray(y, dtype="float64")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"y must be a non-empty one-dimensional array; got shape {values.shape}")
    if not np.isfinite(values).all():
        bad = int((~np.isfinite(values)).sum())
        raise ValueError(
            f"y has {bad} missing or infinite values; drop or impute them first (and report how many)"
        )
    if weight is None:
        return values, np.ones_like(values)
    weights = np.asarray(weight, dtype="float64")
    if weights.shape != values.shape:
        raise ValueError(
            f"weight has shape {weights.shape} but y has shape {values.shape}; pass one weight per value"
        )
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ValueError("weight must be finite and non-negative; fix the weight column")
    if weights.sum() <= 0:
        raise ValueError("weight sums to zero; at least one observation needs a positive weight")
    return values, weights


def fgt(y: ArrayLike, z: float, alpha: int = 0, weight: ArrayLike | None = None) -> float:
    """Normalised Foster-Greer-Thorbecke poverty measure P_alpha.

    P_alpha = sum_i w_i (max(0, (z - y_i) / z))**alpha [y_i < z] / sum_i w_i, so P0 is the headcount
    ratio, P1 the poverty gap index and P2 the squared poverty gap (severity).

    Parameters
    ----------
    y
        Welfare of each unit (e.g. monthly consumption per person, riel).
    z
        Poverty line (same unit as ``y``), strictly positive.
    alpha
        Poverty aversion: 0 (headcount), 1 (gap), 2 (severity); any non-negative number works.
    weight
        Non-negative weights (persons: household weight x household size).

    Examples
    --------
    >>> fgt([50, 100, 150, 200], z=100, alpha=1)
    0.125
    """
    values, weights = _as_arrays(y, weight)
    if not np.isfinite(z) or z <= 0:
        raise ValueError(f"poverty line z must be a positive number; got {z!r}")
    if alpha < 0:
        raise ValueError(
            f"alpha must be non-negative (0 headcount, 1 gap, 2 severity); got {alpha!r}"
        )
    poor = values < z
    gap = np.where(poor, (z - values) / z, 0.0)
    contribution = poor.astype("float64") if alpha == 0 else np.where(poor, gap**alpha, 0.0)
    return float(np.sum(weights * contribution) / weights.sum())


def _sorted_positive(y: ArrayLike, weight: ArrayLike | None) -> tuple[np.ndarray, np.ndarray]:
    """Validated, non-negative welfare with positive mean, sorted ascending with its weights."""
    values, weights = _as_arrays(y, weight)
    if (values < 0).any():
        raise ValueError(
            f"y has {int((values < 0).sum())} negative values; inequality measures need y >= 0"
        )
    if np.sum(weights * values) <= 0:
        raise ValueError("the weighted mean of y is zero; inequality is undefined")
    order = np.argsort(values, kind="stable")
    return values[order], weights[order]


def gini(y: ArrayLike, weight: ArrayLike | None = None) -> float:
    """Gini coefficient with the population formula of METHODS.md section 4.

    G = sum_i sum_j w_i w_j |y_i - y_j| / (2 W^2 mu), W = sum of weights, mu the weighted mean.
    Computed in O(n log n) from the sorted values: G = sum_i w_i y_i (2 C_i - w_i - W) / (W^2 mu),
    with C_i the cumulative weight up to and including i.

    Examples
    --------
    >>> gini([1, 1, 1, 1])
    0.0
    >>> gini([1, 3], weight=[3, 1])  # same as gini([1, 1, 1, 3])
    0.25
    """
    values, weights = _sorted_positive(y, weight)
    total = weights.sum()
    cumulative = np.cumsum(weights)
    mean = np.sum(weights * values) / total
    value = np.sum(weights * values * (2 * cumulative - weights - total)) / (total**2 * mean)
    return float(max(0.0, value))  # clamp rounding noise when all values are equal


def _lorenz(values: np.ndarray, weights: np.ndarray, p: float) -> float:
    """Share of total welfare held by the poorest fraction ``p`` (units split at the boundary)."""
    population = np.concatenate([[0.0], np.cumsum(weights)]) / weights.sum()
    welfare = np.concatenate([[0.0], np.cumsum(weights * values)]) / np.sum(weights * values)
    return float(np.interp(p, population, welfare))


def palma(y: ArrayLike, weight: ArrayLike | None = None) -> float:
    """Palma ratio: welfare share of the top 10% divided by the share of the bottom 40%.

    Shares come from the Lorenz curve, splitting a unit that straddles the 40th or 90th
    percentile, so weights behave exactly like replication.

    Examples
    --------
    >>> round(palma([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]), 6)
    0.25
    """
    values, weights = _sorted_positive(y, weight)
    bottom = _lorenz(values, weights, 0.4)
    if bottom <= 0:
        raise ValueError("the bottom 40% hold no welfare; the Palma ratio is undefined")
    return (1.0 - _lorenz(values, weights, 0.9)) / bottom


def atkinson(y: ArrayLike, epsilon: float = 1.0, weight: ArrayLike | None = None) -> float:
    """Atkinson inequality index with inequality aversion ``epsilon``.

    A = 1 - y_ede / mu, where the equally distributed equivalent y_ede is the geometric mean for
    epsilon = 1 and (mean of y**(1 - epsilon))**(1 / (1 - epsilon)) otherwise.

    Examples
    --------
    >>> round(atkinson([1, 4]), 4)  # 1 - geometric mean 2 / mean 2.5
    0.2
    """
    values, weights = _sorted_positive(y, weight)
    if not np.isfinite(epsilon) or epsilon < 0:
        raise ValueError(f"epsilon must be a non-negative number; got {epsilon!r}")
    if epsilon >= 1 and (values[weights > 0] <= 0).any():
        raise ValueError(f"Atkinson with epsilon={epsilon} needs strictly positive y; found zeros")
    share = weights / weights.sum()
    mean = np.sum(share * values)
    if epsilon == 1:
        positive = weights > 0
        ede = np.exp(np.sum(share[positive] * np.log(values[positive])))
    else:
        ede = np.sum(share * values ** (1 - epsilon)) ** (1 / (1 - epsilon))
    return float(max(0.0, 1 - ede / mean))  # clamp rounding noise: A >= 0 by Jensen's inequality
