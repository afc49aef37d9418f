"""Monetary poverty and inequality with design-based standard errors (METHODS.md section 4).

Every measure takes a welfare vector ``y`` (e.g. consumption per capita) and the survey design,
declared once: ``design = sptools.Design(persons, weight=..., strata="stratum", psu="psu")``.
``y`` is a pandas Series matched to the design's rows on its index labels (a subset of the rows
is a *domain* of the full design: every stratum and PSU stays in the variance); a numpy array is
accepted only with one value per design row. Without a design every row is an independent draw
with weight one.

Each measure returns an :class:`~sptools.results.Estimate`: a ``float`` (so ``round(gini(y), 3)``
works) carrying ``.se``, ``.ci()``, ``.to_frame()`` and ``.exclusions``. Standard errors are
linearised: the influence value of each row is the derivative of the estimator with respect to
the row's weight (Demnati & Rao 2004), summed within PSUs and passed to the design's
with-replacement variance (:meth:`sptools.survey.SurveyDesign.covariance`). Weights act exactly
like replication: weight 2 gives the same estimate as repeating the row.

The old ``weight=`` argument (an array) still works but is deprecated: it gives the weights of
independent rows, with no strata or PSUs.

Examples
--------
>>> headcount = fgt([100, 200, 300, 400], z=250)
>>> float(headcount), headcount.name, round(headcount.se, 4)
(0.5, 'P0', 0.2887)
>>> float(gini([0, 0, 0, 1]))
0.75
"""

from __future__ import annotations

import copy
import numbers
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.design import Design, design_rows
from sptools.results import Estimate, Exclusions, Result
from sptools.survey import SurveyDesign, domain_mean, domain_ratio, validate_weights

__all__ = [
    "SortedWelfare",
    "atkinson",
    "fgt",
    "gains_by_decile",
    "gini",
    "palma",
    "quantile_shares",
]

ArrayLike = Sequence[float] | np.ndarray | pd.Series

#: Ways to treat missing welfare values.
MISSING_OPTIONS = ("raise", "drop")

LINEARISED = "linearised (Taylor) standard errors"


@dataclass(frozen=True)
class _Welfare:
    """Validated welfare values and the design arrays of the same rows, in the same order."""

    values: np.ndarray
    design: SurveyDesign
    exclusions: Exclusions

    @property
    def weight(self) -> np.ndarray:
        return self.design.weight

    def estimate(
        self,
        value: float,
        influence: np.ndarray,
        name: str,
        method: str,
        *,
        proportion: bool = False,
    ) -> Estimate:
        """An Estimate whose SE comes from the rows' influence values (weight derivatives);
        a ``proportion`` gets a logit interval."""
        variance = self.design.covariance(self.design.totals(influence))[0, 0]
        return Estimate(
            value,
            se=float(np.sqrt(max(variance, 0.0))) if np.isfinite(variance) else np.nan,
            n=len(self.values),
            df=self.design.df,
            exclusions=self.exclusions,
            name=name,
            method=method,
            proportion=proportion,
        )


# -- input --------------------------------------------------------------------------------------


def _as_float_array(y: ArrayLike, role: str) -> np.ndarray:
    """``y`` as a one-dimensional float array (NaN for missing values)."""
    if isinstance(y, pd.Series):
        if not pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y):
            raise TypeError(
                f"{role} must be numeric (e.g. consumption per person), it has dtype {y.dtype}; "
                f"convert it with pd.to_numeric({role})."
            )
        values = y.to_numpy(dtype=np.float64, na_value=np.nan)
    else:
        try:
            values = np.asarray(y, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise TypeError(
                f"{role} must hold numbers (e.g. consumption per person); could not read it as "
                f"numbers ({error}). Convert it with pd.to_numeric first."
            ) from None
    if values.ndim != 1 or values.size == 0:
        raise ValueError(
            f"{role} must be a non-empty one-dimensional array or Series; got shape "
            f"{values.shape}. Pass one welfare value per person, e.g. persons['consumption_pc']."
        )
    return values


def _align(series: ArrayLike, reference: ArrayLike, role: str, reference_role: str) -> ArrayLike:
    """``series`` in the row order of ``reference``.

    Two pandas Series are matched on their index labels (the same labels in any order);
    different labels are refused. Otherwise the lengths must agree (rows match by position).
    """
    if isinstance(series, pd.Series) and isinstance(reference, pd.Series):
        if series.index.equals(reference.index):
            return series
        if series.index.is_unique and series.index.sort_values().equals(
            reference.index.sort_values()
        ):
            return series.reindex(reference.index)
        raise ValueError(
            f"{role} and {reference_role} are pandas Series with different index labels, so "
            "their rows cannot be matched; pass columns of the same table (or declare the "
            "design once: design=Design(table, weight=...))."
        )
    if len(series) != len(reference):
        raise ValueError(
            f"{role} has {len(series):,} values but {reference_role} has {len(reference):,}; "
            "pass one value per row for both (columns of the same table)."
        )
    return series


def _legacy_weight_rows(y: ArrayLike, weight: ArrayLike) -> SurveyDesign:
    """Independent rows with the given weights (the deprecated ``weight=``), in ``y``'s order."""
    aligned = _align(
        weight if isinstance(weight, pd.Series) else np.asarray(weight), y, "weight", "y"
    )
    series = aligned if isinstance(aligned, pd.Series) else pd.Series(aligned)
    w = validate_weights(series, str(series.name or "weight"))
    n = len(w)
    return SurveyDesign(weight=w, psu=np.arange(n), psu_stratum=np.zeros(n, dtype=np.int64))


def _design_rows(
    y: ArrayLike, values: np.ndarray, design: Design | None, weight: ArrayLike | None, role: str
) -> SurveyDesign:
    """The design arrays for the rows of ``y``: the design's, the deprecated weights', or iid."""
    if weight is not None:
        if design is not None:
            raise TypeError(
                "pass either design= or the deprecated weight=, not both; the design already "
                "holds the weights."
            )
        warnings.warn(
            "weight= is deprecated: declare the survey design once and pass it, "
            "design=sptools.Design(table, weight='weight', strata='stratum', psu='psu'); "
            "weight= treats rows as independent draws.",
            DeprecationWarning,
            stacklevel=4,
        )
        return _legacy_weight_rows(y, weight)
    if design is None:
        return SurveyDesign(
            weight=np.ones(len(values)),
            psu=np.arange(len(values)),
            psu_stratum=np.zeros(len(values), dtype=np.int64),
        )
    rows = y if isinstance(y, pd.Series) else values
    return design_rows(rows, design, role=role)


def _welfare(
    y: ArrayLike,
    *,
    design: Design | None,
    weight: ArrayLike | None = None,
    missing: str = "raise",
    role: str = "y",
) -> _Welfare:
    """Validate ``y`` and match it to its design rows; exclude missing values if asked."""
    if missing not in MISSING_OPTIONS:
        raise ValueError(
            f"missing must be one of {MISSING_OPTIONS}, got {missing!r}: 'raise' (the default) "
            "refuses missing welfare, 'drop' excludes it and reports it in .exclusions."
        )
    values = _as_float_array(y, role)
    arrays = _design_rows(y, values, design, weight, role)
    labels = y.index if isinstance(y, pd.Series) else pd.RangeIndex(len(values))
    if np.isinf(values).any():
        first = labels[np.flatnonzero(np.isinf(values))[0]]
        raise ValueError(
            f"{role} has {int(np.isinf(values).sum())} infinite values (first at row label "
            f"{first!r}); fix them before estimating."
        )
    absent = np.isnan(values)
    exclusions = Exclusions.none(len(values))
    if absent.any():
        if missing == "raise":
            raise ValueError(
                f"{role} has {int(absent.sum())} missing values (first at row label "
                f"{labels[np.flatnonzero(absent)[0]]!r}); impute them, or pass missing='drop' to "
                "exclude them (they are then reported in .exclusions)."
            )
        name = str(y.name) if isinstance(y, pd.Series) and y.name is not None else role
        exclusions = Exclusions(
            n_rows=len(values),
            n_excluded=int(absent.sum()),
            weighted_share=float(arrays.weight[absent].sum() / arrays.weight.sum()),
            by_column={name: int(absent.sum())},
        )
        kept = np.flatnonzero(~absent)
        values, arrays = values[kept], arrays.restrict(kept)
    if (values < 0).any():
        raise ValueError(
            f"{role} has {int((values < 0).sum())} negative values (e.g. "
            f"{values[values < 0][0]:g}); welfare (consumption or income per person) "
            "must be >= 0: check how it was built."
        )
    if values.size == 0 or arrays.weight.sum() <= 0:
        raise ValueError(
            f"{role} has no row with a positive weight left to estimate on; check the weights "
            "and the missing values."
        )
    return _Welfare(values, arrays, exclusions)


def _number(value: object, role: str, example: str, *, positive: bool) -> float:
    """A finite real number, > 0 (``positive``) or >= 0, or an error naming the fix."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(
            f"{role} must be a number, got {value!r} ({type(value).__name__}); e.g. {example}."
        )
    if not np.isfinite(value) or value < 0 or (positive and value == 0):
        kind = "a positive" if positive else "a non-negative"
        raise ValueError(f"{role} must be {kind} number, got {value!r}; e.g. {example}.")
    return float(value)


# -- FGT ----------------------------------------------------------------------------------------


def fgt(
    y: ArrayLike,
    z: float,
    alpha: float = 0,
    weight: ArrayLike | None = None,
    *,
    design: Design | None = None,
    missing: str = "raise",
) -> Estimate:
    """Normalised Foster-Greer-Thorbecke poverty measure P_alpha, with its design-based SE.

    ``P_alpha = sum_i w_i [y_i < z] ((z - y_i) / z)**alpha / sum_i w_i``: P0 is the headcount
    ratio, P1 the poverty gap index, P2 the squared poverty gap (severity). It is a weighted
    mean, so its SE is that of a mean (influence ``w_i (c_i - P) / W``, METHODS.md section 1).

    Parameters
    ----------
    y : pandas.Series or array
        Welfare of each person (e.g. monthly consumption per person, riel), >= 0.
    z : float
        Poverty line, in the unit of ``y``; a positive number.
    alpha : float
        Poverty aversion: 0 (headcount), 1 (gap), 2 (severity); any number >= 0.
    weight : array, optional
        Deprecated: weights of independent rows. Pass ``design=`` instead.
    design : sptools.Design, optional
        The survey design; ``y``'s rows are matched on the index (a subset is a domain).
    missing : {"raise", "drop"}
        Missing welfare: refuse it (default) or exclude it and report it in ``.exclusions``.

    Returns
    -------
    Estimate
        Named "P0", "P1", "P2" (or "P<alpha>").

    Examples
    --------
    >>> p1 = fgt([50, 100, 150, 200], z=100, alpha=1)
    >>> float(p1), round(p1.se, 4)
    (0.125, 0.125)
    """
    line = _number(z, "the poverty line z", "fgt(y, z=250_000)", positive=True)
    aversion = _number(alpha, "alpha", "0 (headcount), 1 (gap) or 2 (severity)", positive=False)
    sample = _welfare(y, design=design, weight=weight, missing=missing)
    poor = sample.values < line
    gap = np.where(poor, (line - sample.values) / line, 0.0)
    contribution = poor.astype(np.float64) if aversion == 0 else np.where(poor, gap**aversion, 0.0)
    total_weight = sample.weight.sum()
    value = float(np.sum(sample.weight * contribution) / total_weight)
    influence = (contribution - value) / total_weight
    return sample.estimate(value, influence, f"P{aversion:g}", LINEARISED, proportion=aversion == 0)


# -- inequality ---------------------------------------------------------------------------------


def _require_positive_total(sample: _Welfare) -> None:
    """Refuse welfare whose weighted total is zero (inequality is undefined)."""
    if np.sum(sample.weight * sample.values) <= 0:
        raise ValueError(
            "the weighted total of y is zero, so inequality is undefined; check the welfare "
            "variable (is it consumption per person?)."
        )


def _sorted(sample: _Welfare) -> _Welfare:
    """The same rows sorted by welfare (a reordering: PSUs and strata unchanged)."""
    _require_positive_total(sample)
    order = np.argsort(sample.values, kind="stable")
    return _Welfare(sample.values[order], sample.design.restrict(order), sample.exclusions)


def gini(
    y: ArrayLike,
    weight: ArrayLike | None = None,
    *,
    design: Design | None = None,
    missing: str = "raise",
) -> Estimate:
    """Gini coefficient (METHODS.md section 4) with its linearised design-based SE.

    ``G = sum_i sum_j w_i w_j |y_i - y_j| / (2 W Y)``, W the sum of weights, Y the weighted
    total, computed in O(n log n) from the sorted values.

    The SE uses the linearised variable of Langel & Tillé (2013, JRSS A 176(2); the
    weight derivative of the estimator, Demnati & Rao 2004; Binder & Kovacevic 1995):
    ``u_k = [2 (N_k y_k - Y_k) + Y - W y_k - G (Y + W y_k)] / (W Y)`` with ``N_k`` and ``Y_k``
    the weight and weighted total of the rows with ``y <= y_k``.

    Parameters
    ----------
    y : pandas.Series or array
        Welfare of each person, >= 0 with a positive total.
    weight : array, optional
        Deprecated: weights of independent rows. Pass ``design=`` instead.
    design : sptools.Design, optional
        The survey design; ``y``'s rows are matched on the index (a subset is a domain).
    missing : {"raise", "drop"}
        Missing welfare: refuse it (default) or exclude it and report it in ``.exclusions``.

    Returns
    -------
    Estimate
        Named "Gini".

    Examples
    --------
    >>> float(gini([1, 1, 1, 1]))
    0.0
    >>> float(gini(pd.Series([1, 3]), design=Design(pd.DataFrame({"w": [3, 1]}), "w", None, None)))
    0.25
    """
    return _gini_of(_sorted(_welfare(y, design=design, weight=weight, missing=missing)))


def _gini_of(sample: _Welfare) -> Estimate:
    """The Gini of a sample sorted by welfare, with a positive total (see :func:`gini`)."""
    values, weights = sample.values, sample.weight
    total_weight = weights.sum()
    total = np.sum(weights * values)
    cumulative_weight = np.cumsum(weights)
    cumulative_total = np.cumsum(weights * values)
    value = np.sum(weights * values * (2 * cumulative_weight - weights - total_weight)) / (
        total_weight * total
    )
    value = max(0.0, float(value))  # clamp rounding noise when all values are equal
    influence = (
        2 * (cumulative_weight * values - cumulative_total)
        + total
        - total_weight * values
        - value * (total + total_weight * values)
    ) / (total_weight * total)
    return sample.estimate(value, influence, "Gini", LINEARISED + " (Langel & Tillé 2013)")


@dataclass(frozen=True)
class _Lorenz:
    """Points of the Lorenz curve of welfare sorted ascending, with their weight derivatives.

    ``totals[m]`` is the welfare held by the poorest fraction ``points[m]`` of the population,
    splitting the unit that straddles the quantile (so weights behave like replication).
    """

    values: np.ndarray
    points: np.ndarray
    totals: np.ndarray
    straddling: np.ndarray

    @classmethod
    def of(cls, sample: _Welfare, points: Sequence[float]) -> _Lorenz:
        """The Lorenz points of a sample sorted by welfare."""
        values, weights = sample.values, sample.weight
        fractions = np.asarray(points, dtype=np.float64)
        cumulative = np.cumsum(weights)
        held_before = np.concatenate([[0.0], np.cumsum(weights * values)])
        targets = fractions * cumulative[-1]
        straddling = np.minimum(np.searchsorted(cumulative, targets, side="left"), len(values) - 1)
        part = np.clip(targets - (cumulative - weights)[straddling], 0.0, weights[straddling])
        totals = held_before[straddling] + part * values[straddling]
        return cls(values, fractions, totals, straddling)

    def derivative(self, m: int) -> np.ndarray:
        """Weight derivative of ``totals[m]`` for every row.

        ``y_k [k below xi] + xi (p - [k below xi])``, ``xi`` the straddling unit's value: the
        influence function of a Lorenz ordinate (Binder & Kovacevic 1995; Osier 2009, Survey
        Research Methods 3(3)), exact for the split-unit estimator.
        """
        below = np.arange(len(self.values)) < self.straddling[m]
        quantile = self.values[self.straddling[m]]
        return np.where(below, self.values, 0.0) + quantile * (self.points[m] - below)


def palma(
    y: ArrayLike,
    weight: ArrayLike | None = None,
    *,
    design: Design | None = None,
    missing: str = "raise",
) -> Estimate:
    """Palma ratio: welfare share of the richest 10% over the share of the poorest 40%.

    Shares come from the Lorenz curve, splitting a unit that straddles the 40th or 90th
    percentile, so weights behave exactly like replication. The SE is linearised with the
    influence function of Lorenz ordinates (Binder & Kovacevic 1995), as Osier (2009) does for
    the quintile share ratio S80/S20.

    Parameters
    ----------
    y : pandas.Series or array
        Welfare of each person, >= 0 with a positive total.
    weight : array, optional
        Deprecated: weights of independent rows. Pass ``design=`` instead.
    design : sptools.Design, optional
        The survey design; ``y``'s rows are matched on the index (a subset is a domain).
    missing : {"raise", "drop"}
        Missing welfare: refuse it (default) or exclude it and report it in ``.exclusions``.

    Returns
    -------
    Estimate
        Named "Palma".

    Examples
    --------
    >>> round(palma([1] * 10), 6)
    0.25
    """
    return _palma_of(_sorted(_welfare(y, design=design, weight=weight, missing=missing)))


def _palma_of(sample: _Welfare) -> Estimate:
    """The Palma ratio of a sample sorted by welfare, with a positive total (see :func:`palma`)."""
    lorenz = _Lorenz.of(sample, (0.4, 0.9))
    bottom, top = lorenz.totals[0], np.sum(sample.weight * sample.values) - lorenz.totals[1]
    if bottom <= 0:
        raise ValueError(
            "the poorest 40% hold no welfare, so the Palma ratio is undefined; check the welfare "
            "variable (many zeros?)."
        )
    ratio = top / bottom
    top_derivative = sample.values - lorenz.derivative(1)
    influence = (top_derivative - ratio * lorenz.derivative(0)) / bottom
    return sample.estimate(ratio, influence, "Palma", LINEARISED + " (Osier 2009)")


class SortedWelfare:
    """Welfare validated and sorted once, for the Gini and Palma ratio of many domains.

    :func:`gini` and :func:`palma` sort the welfare of each call. To estimate them for many
    groups of one survey (by province, residence, ...), sort once here, then take each group with
    :meth:`domain`: the rows of a group, taken in the sorted order, are already sorted (in the
    order a stable sort of the group alone gives), so ``SortedWelfare(y, design=d).domain(mask)
    .gini()`` equals ``gini(y[mask], design=d)`` exactly, a domain of the full design.

    Parameters
    ----------
    y : pandas.Series or array
        Welfare of each person, >= 0, no missing values.
    design : sptools.Design, optional
        The survey design; ``y``'s rows are matched on the index.

    Examples
    --------
    >>> y = pd.Series([4.0, 1.0, 3.0, 2.0])
    >>> ranked = SortedWelfare(y)
    >>> float(ranked.gini()) == float(gini(y))
    True
    >>> float(ranked.domain(y > 1.5).gini()) == float(gini(y[y > 1.5]))
    True
    """

    def __init__(self, y: ArrayLike, *, design: Design | None = None) -> None:
        sample = _welfare(y, design=design)
        order = np.argsort(sample.values, kind="stable")
        self._sample = _Welfare(
            sample.values[order], sample.design.restrict(order), sample.exclusions
        )
        self._rows = order  # position in y of each sorted row
        self._labels = y.index if isinstance(y, pd.Series) else pd.RangeIndex(len(order))

    def domain(self, mask: ArrayLike) -> SortedWelfare:
        """The rows where ``mask`` is true (a domain of the full design), still sorted.

        ``mask`` holds one boolean per row of the original ``y`` (a Series is matched on its
        index labels).
        """
        if isinstance(mask, pd.Series):
            mask = _align(mask, pd.Series(index=self._labels, dtype=float), "mask", "y")
        chosen = np.asarray(mask)
        if chosen.dtype != bool or chosen.shape != (len(self._labels),):
            raise ValueError(
                f"mask must hold one boolean per row of y ({len(self._labels):,}), got dtype "
                f"{chosen.dtype} and shape {chosen.shape}; e.g. (province == 'Kampot')."
            )
        keep = np.flatnonzero(chosen[self._rows])
        if keep.size == 0:
            raise ValueError("the domain has no rows: mask is false everywhere.")
        domain = copy.copy(self)
        domain._sample = _Welfare(
            self._sample.values[keep],
            self._sample.design.restrict(keep),
            Exclusions.none(keep.size),
        )
        domain._rows = self._rows[keep]
        return domain

    def gini(self) -> Estimate:
        """The Gini coefficient of these rows, as :func:`gini`."""
        _require_positive_total(self._sample)
        return _gini_of(self._sample)

    def palma(self) -> Estimate:
        """The Palma ratio of these rows, as :func:`palma`."""
        _require_positive_total(self._sample)
        return _palma_of(self._sample)


def atkinson(
    y: ArrayLike,
    epsilon: float = 1.0,
    weight: ArrayLike | None = None,
    *,
    design: Design | None = None,
    missing: str = "raise",
) -> Estimate:
    """Atkinson inequality index with inequality aversion ``epsilon``, with its linearised SE.

    ``A = 1 - y_ede / mu``: the equally distributed equivalent ``y_ede`` is the weighted
    geometric mean for epsilon = 1 and ``(mean of y**(1 - epsilon))**(1 / (1 - epsilon))``
    otherwise. The SE uses the weight derivative of ``A`` (the linearisation of Biewen &
    Jenkins 2006, Oxford Bulletin of Economics and Statistics 68(3)).

    Parameters
    ----------
    y : pandas.Series or array
        Welfare of each person, >= 0 (> 0 when epsilon >= 1).
    epsilon : float
        Inequality aversion, >= 0 (0: no aversion, A = 0).
    weight : array, optional
        Deprecated: weights of independent rows. Pass ``design=`` instead.
    design : sptools.Design, optional
        The survey design; ``y``'s rows are matched on the index (a subset is a domain).
    missing : {"raise", "drop"}
        Missing welfare: refuse it (default) or exclude it and report it in ``.exclusions``.

    Returns
    -------
    Estimate
        Named "Atkinson(<epsilon>)".

    Examples
    --------
    >>> round(atkinson([1, 4]), 4)  # 1 - geometric mean 2 / mean 2.5
    0.2
    """
    aversion = _number(epsilon, "epsilon", "0.5, 1 or 2", positive=False)
    sample = _welfare(y, design=design, weight=weight, missing=missing)
    _require_positive_total(sample)
    values, weights = sample.values, sample.weight
    positive = weights > 0
    if aversion >= 1 and (values[positive] <= 0).any():
        raise ValueError(
            f"Atkinson with epsilon={aversion:g} needs strictly positive y; found "
            f"{int((values[positive] <= 0).sum())} zeros. Use epsilon < 1, or check the welfare."
        )
    total_weight = weights.sum()
    mean = np.sum(weights * values) / total_weight
    if aversion == 1:
        logs = np.log(np.where(positive, values, 1.0))
        log_ede = np.sum(weights * logs) / total_weight
        ede = np.exp(log_ede)
        ede_derivative = ede * (logs - log_ede) / total_weight
    else:
        powers = values ** (1 - aversion)
        power_total = np.sum(weights * powers)
        ede = (power_total / total_weight) ** (1 / (1 - aversion))
        ede_derivative = ede / (1 - aversion) * (powers / power_total - 1 / total_weight)
    mean_derivative = (values - mean) / total_weight
    influence = -(ede_derivative - ede / mean * mean_derivative) / mean
    value = max(0.0, float(1 - ede / mean))  # clamp rounding noise: A >= 0 by Jensen
    return sample.estimate(
        value, influence, f"Atkinson({aversion:g})", LINEARISED + " (Biewen & Jenkins 2006)"
    )


# -- shares and gains by quantile group ---------------------------------------------------------


def _group_count(quantiles: int) -> int:
    if isinstance(quantiles, bool) or not isinstance(quantiles, numbers.Integral) or quantiles < 2:
        raise ValueError(
            f"quantiles must be a whole number of groups >= 2, got {quantiles!r}; e.g. 5 "
            "(quintiles) or 10 (deciles)."
        )
    return int(quantiles)


def quantile_shares(
    y: ArrayLike, *, design: Design | None = None, quantiles: int = 5, missing: str = "raise"
) -> Result:
    """Share of total welfare held by each quantile group (quintiles, deciles, ...).

    Shares are differences of Lorenz ordinates, splitting a unit that straddles a boundary
    (so they sum to one and weights behave like replication); SEs are linearised with the
    influence function of Lorenz ordinates (Binder & Kovacevic 1995; Osier 2009).

    Parameters
    ----------
    y : pandas.Series or array
        Welfare of each person, >= 0 with a positive total.
    design : sptools.Design, optional
        The survey design; ``y``'s rows are matched on the index (a subset is a domain).
    quantiles : int
        Number of equal population groups: 5 (quintiles, the default), 10 (deciles), ...
    missing : {"raise", "drop"}
        Missing welfare: refuse it (default) or exclude it and report it in ``.exclusions``.

    Returns
    -------
    Result
        One estimate per group, named 1 (poorest) to ``quantiles`` (richest), index "quantile".

    Examples
    --------
    >>> shares = quantile_shares(list(range(1, 11)))
    >>> [round(s, 4) for s in shares.estimates.values()]
    [0.0545, 0.1273, 0.2, 0.2727, 0.3455]
    """
    groups = _group_count(quantiles)
    sample = _sorted(_welfare(y, design=design, missing=missing))
    lorenz = _Lorenz.of(sample, np.linspace(0.0, 1.0, groups + 1))
    grand_total = lorenz.totals[-1]
    shares = np.diff(lorenz.totals) / grand_total
    psu_totals = np.column_stack(
        [
            sample.design.totals(
                (lorenz.derivative(g + 1) - lorenz.derivative(g) - shares[g] * sample.values)
                / grand_total
            )[:, 0]
            for g in range(groups)
        ]
    )
    covariance = sample.design.covariance(psu_totals)
    table = pd.DataFrame(
        {
            "estimate": shares,
            "se": np.sqrt(np.clip(np.diag(covariance), 0.0, None)),
            "n": len(sample.values),
        },
        index=pd.Index(np.arange(1, groups + 1), name="quantile"),
    )
    return Result(
        table,
        df=sample.design.df,
        exclusions=sample.exclusions,
        title=f"Welfare share of each of {groups} quantile groups (1 = poorest)",
        method=LINEARISED + " (Osier 2009)",
    )


def _quantile_groups(values: np.ndarray, weights: np.ndarray, groups: int) -> np.ndarray:
    """Quantile group (0 .. groups - 1) of each row, with Stata ``xtile``'s convention.

    A row is in group g when its value is above the weighted (g / groups) quantile of the
    values below it: ``g = floor(groups x F(y_i-))``, F(y-) the weighted share strictly below
    y. Tied values share a group.
    """
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    cumulative = np.concatenate([[0.0], np.cumsum(weights[order])])
    first_of_tie = np.searchsorted(sorted_values, sorted_values, side="left")
    below = cumulative[first_of_tie] / cumulative[-1]
    group = np.empty(len(values), dtype=np.int64)
    group[order] = np.minimum(np.floor(groups * below + 1e-9), groups - 1)
    return group


def gains_by_decile(
    before: pd.Series | np.ndarray,
    after: pd.Series | np.ndarray,
    *,
    design: Design | None = None,
    groups: int = 10,
) -> Result:
    """Mean gain and gain as a share of welfare, by decile of the *before* distribution.

    Deciles are weighted groups of ``before`` (Stata ``xtile``'s convention; tied values share a
    decile). For each: ``mean_gain = sum w (after - before) / sum w`` and
    ``gain_share = sum w (after - before) / sum w before``, domain means and domain ratios with
    linearised SEs (the decile boundaries are treated as fixed).

    Parameters
    ----------
    before, after : pandas.Series or array
        Welfare of each person before and after a reform (e.g. consumption per person without
        and with a transfer), >= 0. Two Series are matched on their index labels.
    design : sptools.Design, optional
        The survey design; rows are matched on the index (a subset is a domain).
    groups : int
        Number of quantile groups: 10 (deciles, the default), 5 (quintiles), ...

    Returns
    -------
    Result
        Estimates indexed by (decile, measure), measure "mean_gain" or "gain_share";
        ``result.to_frame()["estimate"].unstack()`` gives one row per decile.

    Examples
    --------
    >>> gains = gains_by_decile([100, 200, 300, 400], [150, 220, 300, 400], groups=2)
    >>> gains.to_frame()["estimate"].unstack().round(3).to_dict("list")
    {'gain_share': [0.233, 0.0], 'mean_gain': [35.0, 0.0]}
    """
    count = _group_count(groups)
    start = _welfare(before, design=design, role="before")
    end = _welfare(_align(after, before, "after", "before"), design=design, role="after")
    codes = _quantile_groups(start.values, start.weight, count)
    gain = end.values - start.values
    mean_gain = domain_mean(start.design, gain, codes, count)
    gain_share = domain_ratio(start.design, gain, start.values, codes, count)
    deciles = np.arange(1, count + 1)
    index = pd.MultiIndex.from_product(
        [deciles, ["mean_gain", "gain_share"]], names=["decile", "measure"]
    )
    table = pd.DataFrame(
        {
            "estimate": np.column_stack([mean_gain.estimate, gain_share.estimate]).ravel(),
            "se": np.column_stack([mean_gain.se, gain_share.se]).ravel(),
            "n": np.repeat(np.bincount(codes, minlength=count), 2),
        },
        index=index,
    )
    return Result(
        table,
        df=start.design.df,
        title=f"Gains by {count}-quantile group of welfare before",
        method=LINEARISED,
    )
