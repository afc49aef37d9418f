"""Weighted estimates with design-based standard errors.

Means, proportions and ratios for a stratified, clustered sample, with variances by Taylor
linearisation as in R ``survey`` and Stata ``svy`` (with-replacement PSUs, no finite-population
correction) and a PSU bootstrap. Estimates for subgroups are *domain* estimates of the full
design: rows outside a domain contribute zero but are never dropped.

Linearisation, for a ratio ``R = sum(w y) / sum(w x)`` over a domain ``d``:

* influence values ``u_i = w_i d_i (y_i - R x_i) / sum(w x d)`` (a mean has ``x = 1``);
* PSU totals ``u_hc`` of the influence values, stratum means ``ubar_h``;
* ``Var(R) = sum_h n_h / (n_h - 1) sum_c (u_hc - ubar_h)^2`` with ``n_h`` PSUs in stratum ``h``;
  a stratum with a single PSU is centred on the grand mean of all PSU totals (R's
  ``survey.lonely.psu = "adjust"``) with factor one;
* confidence intervals use Student's t on ``#PSU - #strata`` degrees of freedom.

Everything works on weighted totals per PSU and domain (``numpy.bincount``), so the cost is a
few passes over the data whatever the number of domains.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "Estimates",
    "validate_weights",
    "SurveyDesign",
    "bootstrap_factors",
    "bootstrap_ratios",
    "domain_codes",
    "domain_mean",
    "domain_ratio",
    "ratio_from_totals",
    "sample_weights",
    "survey_mean",
    "t_interval",
    "two_sided_p_value",
]

#: Largest number of PSU x domain cells held in memory at once.
MAX_CELLS = 50_000_000


def _column(data: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in data.columns:
        raise KeyError(
            f"{role} column {name!r} is not in the data; available columns: {list(data.columns)}."
        )
    return data[name]


def _integer_labels(values: pd.Series, name: str, role: str) -> np.ndarray:
    """A label column as integers: integer labels as they are, others as codes.

    Raises on missing labels (integer columns cannot hold any).
    """
    array = values.to_numpy()
    if array.dtype.kind in "iu":
        return array
    codes, _ = pd.factorize(array, use_na_sentinel=True)
    missing = codes < 0
    if missing.any():
        raise ValueError(
            f"{role} column {name!r} has {int(missing.sum())} missing values (first at row "
            f"label {values.index[np.flatnonzero(missing)[0]]!r}); every row needs a {role}: "
            "fill them in or remove those rows and report how many."
        )
    return codes


def _small_integer_codes(array: np.ndarray) -> np.ndarray:
    """Codes of integer labels in sorted order; a bincount instead of hashing when compact."""
    if len(array) == 0:
        return np.zeros(0, dtype=np.int64)
    low, high = int(array.min()), int(array.max())
    if high - low > 4 * len(array):
        codes, _ = pd.factorize(array, sort=True)
        return codes.astype(np.int64, copy=False)
    shifted = array.astype(np.int64) - low if low else array.astype(np.int64, copy=False)
    present = np.bincount(shifted, minlength=high - low + 1) > 0
    code_of_value = np.cumsum(present) - 1
    return code_of_value[shifted]


def validate_weights(values: pd.Series, name: str) -> np.ndarray:
    """Return sampling weights as float64 after the one weight rule of the package.

    Every weight must be numeric, finite and non-negative, and the weights must have a
    positive total. A zero weight is allowed (the row counts for nothing); a missing or
    negative weight is an error naming the column, the number of bad rows and the first one.

    Parameters
    ----------
    values : pandas.Series
        The weight column (its index labels are quoted in messages).
    name : str
        The column name, for messages.

    Examples
    --------
    >>> validate_weights(pd.Series([1.0, 0.0, 2.5]), "w")
    array([1. , 0. , 2.5])
    """
    if not (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)):
        raise TypeError(
            f"sample weight column {name!r} must be numeric, it has dtype {values.dtype}; "
            "convert it with pd.to_numeric."
        )
    weight = values.to_numpy(dtype=np.float64, na_value=np.nan)
    if len(weight) and weight.min() >= 0 and np.isfinite(weight.max()) and weight.sum() > 0:
        return weight
    if len(weight) == 0:
        raise ValueError(f"sample weight column {name!r} is empty: the data have no rows.")
    bad = ~(np.isfinite(weight) & (weight >= 0))
    if bad.any():
        n_missing = int(np.isnan(weight).sum())
        first = np.flatnonzero(bad)[0]
        raise ValueError(
            f"sample weight column {name!r} must be finite and >= 0: {int(bad.sum())} rows are "
            f"not ({n_missing} missing; first bad value {weight[first]!r} at row label "
            f"{values.index[first]!r}). Fix the weights, or drop those rows and report how many."
        )
    raise ValueError(
        f"sample weight column {name!r} sums to zero: at least one row needs a positive weight."
    )


def sample_weights(data: pd.DataFrame, name: str | None) -> np.ndarray:
    """Return the sampling weights of ``data`` (ones without a weight column).

    The rule is :func:`validate_weights`: finite, non-negative, with a positive total.

    Examples
    --------
    >>> sample_weights(pd.DataFrame({"w": [1.0, 2.5]}), "w")
    array([1. , 2.5])
    """
    if name is None:
        return np.ones(len(data))
    return validate_weights(_column(data, name, "sample weight"), name)


def _sampling_fractions(
    data: pd.DataFrame, fpc: str, psu_codes: np.ndarray, psu_stratum: np.ndarray
) -> np.ndarray:
    """Sampling fraction ``n_h / N_h`` of each stratum from a column of population PSU counts.

    ``fpc`` holds, on every row, the number of PSUs in the row's stratum in the population
    (R ``survey``'s ``fpc=`` as a population size). It must be constant within a stratum and at
    least the number of sampled PSUs there.
    """
    column = _column(data, fpc, "finite population (fpc)")
    if not pd.api.types.is_numeric_dtype(column) or column.isna().any():
        raise ValueError(
            f"fpc column {fpc!r} must be numeric with no missing values: the number of PSUs in "
            "each stratum's population."
        )
    population = column.to_numpy(dtype=np.float64)
    n_strata = int(psu_stratum.max()) + 1
    row_stratum = psu_stratum[psu_codes]
    low = np.full(n_strata, np.inf)
    high = np.full(n_strata, -np.inf)
    np.minimum.at(low, row_stratum, population)
    np.maximum.at(high, row_stratum, population)
    if not np.array_equal(low, high):
        raise ValueError(
            f"fpc column {fpc!r} must be constant within each stratum (the stratum's population "
            "count of PSUs)."
        )
    sampled = np.bincount(psu_stratum, minlength=n_strata)
    if (high < sampled).any():
        raise ValueError(
            f"fpc column {fpc!r} is smaller than the number of sampled PSUs in "
            f"{int((high < sampled).sum())} strata; it must be the population count of PSUs."
        )
    return sampled / high


@dataclass(frozen=True)
class SurveyDesign:
    """A stratified cluster design: weights, PSU of each row and stratum of each PSU.

    Build it with :meth:`from_frame`. PSU labels are nested within strata (the same label in
    two strata means two PSUs). Without ``psu`` every row is its own PSU; without ``strata``
    there is one stratum; without weights every row weighs one.

    Attributes
    ----------
    weight : numpy.ndarray
        Sampling weight of each row (float64, > 0).
    psu : numpy.ndarray
        PSU code (0 .. n_psu - 1) of each row.
    psu_stratum : numpy.ndarray
        Stratum code (0 .. n_strata - 1) of each PSU.
    stratum_fraction : numpy.ndarray or None
        Sampling fraction of PSUs in each stratum (finite population correction ``1 - f_h``
        on the variance); None for sampling with replacement.
    """

    weight: np.ndarray
    psu: np.ndarray
    psu_stratum: np.ndarray
    stratum_fraction: np.ndarray | None = None

    @classmethod
    def from_frame(
        cls,
        data: pd.DataFrame,
        *,
        weight: str | None = None,
        strata: str | None = None,
        psu: str | None = None,
        fpc: str | None = None,
    ) -> SurveyDesign:
        """Validate the design columns of ``data`` and build the design.

        Raises when a weight is missing or not positive, a stratum or PSU label is missing, or
        the design has a single PSU or no degrees of freedom (every stratum with one PSU).

        Examples
        --------
        >>> df = pd.DataFrame({"w": [1, 2, 1, 2], "h": [1, 1, 2, 2], "c": [1, 2, 1, 2]})
        >>> d = SurveyDesign.from_frame(df, weight="w", strata="h", psu="c")
        >>> d.n_psu, d.n_strata, d.df
        (4, 2, 2)
        """
        n = len(data)
        w = sample_weights(data, weight)
        if psu is None:
            psu_codes = np.arange(n, dtype=np.int64)
        else:
            psu_codes = _small_integer_codes(_integer_labels(_column(data, psu, "PSU"), psu, "PSU"))
        if strata is None:
            stratum_labels = None
        else:
            stratum_labels = _integer_labels(_column(data, strata, "stratum"), strata, "stratum")
        psu_codes, psu_stratum = _nest(psu_codes, stratum_labels)
        fraction = None if fpc is None else _sampling_fractions(data, fpc, psu_codes, psu_stratum)
        design = cls(weight=w, psu=psu_codes, psu_stratum=psu_stratum, stratum_fraction=fraction)
        if psu is not None or strata is not None:
            design.require_variance(psu or strata or "")
        return design

    @property
    def n(self) -> int:
        """Number of rows."""
        return len(self.weight)

    @property
    def n_psu(self) -> int:
        """Number of PSUs."""
        return len(self.psu_stratum)

    @property
    def n_strata(self) -> int:
        """Number of strata."""
        return int(self.psu_stratum.max()) + 1 if self.n_psu else 0

    @property
    def psu_per_stratum(self) -> np.ndarray:
        """Number of PSUs in each stratum."""
        return np.bincount(self.psu_stratum, minlength=self.n_strata)

    @property
    def df(self) -> int:
        """Degrees of freedom: number of PSUs minus number of strata."""
        return self.n_psu - self.n_strata

    def restrict(self, rows: np.ndarray) -> SurveyDesign:
        """The design seen from a subset (or reordering) of its rows, as a *domain*.

        Every PSU and stratum of the full design is kept, so a PSU with no row in the subset
        contributes zero to the variance: estimates on the subset are domain estimates of the
        full design, never estimates on a smaller design.

        Parameters
        ----------
        rows : numpy.ndarray
            Positions (or a boolean mask) of the rows to keep, in the order wanted.

        Examples
        --------
        >>> d = SurveyDesign.from_frame(pd.DataFrame({"c": [1, 2, 3]}), psu="c")
        >>> d.restrict(np.array([2, 0])).n, d.restrict(np.array([2, 0])).n_psu
        (2, 3)
        """
        return SurveyDesign(
            weight=self.weight[rows],
            psu=self.psu[rows],
            psu_stratum=self.psu_stratum,
            stratum_fraction=self.stratum_fraction,
        )

    def require_variance(self, name: str) -> None:
        """Raise unless the design can estimate a variance (two PSUs, df >= 1)."""
        if self.n_psu < 2:
            raise ValueError(
                f"the design has a single PSU (column {name!r}): no sampling variance can be "
                "estimated. Check the PSU column, or omit psu= to treat rows as independent."
            )
        if self.df < 1:
            raise ValueError(
                f"every stratum has a single PSU ({self.n_psu} PSUs, {self.n_strata} strata), so "
                "the design has no degrees of freedom; collapse strata into pairs or omit strata=."
            )

    def totals(
        self, values: np.ndarray | None, domains: np.ndarray | None = None, n_domains: int = 1
    ) -> np.ndarray:
        """Weighted totals ``sum(w * values)`` per PSU and domain.

        Parameters
        ----------
        values : numpy.ndarray or None
            One value per row; None sums the weights themselves.
        domains : numpy.ndarray, optional
            Domain code of each row (0 .. n_domains - 1; -1 for rows outside every domain).
            Without it every row is in domain 0.
        n_domains : int
            Number of domains.

        Returns
        -------
        numpy.ndarray
            Shape (n_psu, n_domains).

        Examples
        --------
        >>> d = SurveyDesign.from_frame(pd.DataFrame({"c": [1, 1, 2]}), psu="c")
        >>> d.totals(np.array([1.0, 2.0, 3.0])).ravel().tolist()
        [3.0, 3.0]
        """
        weighted = self.weight if values is None else self.weight * values
        if domains is None:
            return np.bincount(self.psu, weights=weighted, minlength=self.n_psu)[:, None]
        cells = self.n_psu * (n_domains + 1)
        if cells > MAX_CELLS:
            raise ValueError(
                f"{self.n_psu} PSUs x {n_domains} domains is too many cells; pass psu= to "
                "cluster the rows or use fewer domains."
            )
        keys = self.psu * (n_domains + 1)
        keys += domains
        if (domains < 0).any():
            keys[domains < 0] += n_domains + 1
        flat = np.bincount(keys, weights=weighted, minlength=cells)
        return flat.reshape(self.n_psu, n_domains + 1)[:, :n_domains]

    def covariance(self, psu_totals: np.ndarray) -> np.ndarray:
        """Linearised covariance matrix from PSU totals of influence values.

        Parameters
        ----------
        psu_totals : numpy.ndarray
            Shape (n_psu, m): the influence values of m estimates, summed within PSU.

        Returns
        -------
        numpy.ndarray
            Shape (m, m); all NaN when the design has no degrees of freedom.

        Examples
        --------
        >>> d = SurveyDesign.from_frame(pd.DataFrame({"c": [1, 2]}), psu="c")
        >>> float(d.covariance(np.array([[1.0], [-1.0]]))[0, 0])
        4.0
        """
        totals = np.asarray(psu_totals, dtype=np.float64)
        m = totals.shape[1]
        if self.df < 1:
            return np.full((m, m), np.nan)
        counts = self.psu_per_stratum
        sums = np.zeros((self.n_strata, m))
        np.add.at(sums, self.psu_stratum, totals)
        centre = (sums / counts[:, None])[self.psu_stratum]
        lonely = counts[self.psu_stratum] == 1
        if lonely.any():
            centre[lonely] = totals.sum(axis=0) / self.n_psu
        scale = np.where(counts > 1, counts / np.maximum(counts - 1, 1), 1.0)
        if self.stratum_fraction is not None:
            scale = scale * (1.0 - self.stratum_fraction)
        scale = scale[self.psu_stratum]
        deviations = totals - centre
        return (deviations * scale[:, None]).T @ deviations


def _nest(
    psu_codes: np.ndarray, stratum_labels: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Nest PSUs within strata; return (row PSU codes, stratum code of each PSU).

    The stratum of each PSU is read off the rows and checked (one scatter and one gather);
    when a PSU label occurs in several strata, each (stratum, PSU) pair becomes its own PSU.
    """
    n_psu = int(psu_codes.max()) + 1 if len(psu_codes) else 0
    if stratum_labels is None:
        return psu_codes, np.zeros(n_psu, dtype=np.int64)
    stratum_of_psu = np.zeros(n_psu, dtype=stratum_labels.dtype)
    stratum_of_psu[psu_codes] = stratum_labels
    if np.array_equal(stratum_of_psu[psu_codes], stratum_labels):
        return psu_codes, _small_integer_codes(stratum_of_psu)
    stratum_codes = _small_integer_codes(stratum_labels)
    pair_codes = _small_integer_codes(stratum_codes * n_psu + psu_codes)
    pair_stratum = np.zeros(int(pair_codes.max()) + 1, dtype=np.int64)
    pair_stratum[pair_codes] = stratum_codes
    return pair_codes, pair_stratum


@dataclass(frozen=True)
class Estimates:
    """Point estimates with their linearised covariance matrix.

    Attributes
    ----------
    estimate : numpy.ndarray
        One estimate per domain.
    covariance : numpy.ndarray
        Covariance matrix of the estimates (domains of one design are correlated).
    df : int
        Degrees of freedom for t intervals and tests.
    """

    estimate: np.ndarray
    covariance: np.ndarray
    df: int

    @property
    def se(self) -> np.ndarray:
        """Standard errors (square roots of the covariance diagonal)."""
        return np.sqrt(np.clip(np.diag(self.covariance), 0.0, None))

    def ci(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """Two-sided t confidence interval at ``level``."""
        return t_interval(self.estimate, self.se, self.df, level)


def t_interval(
    estimate: np.ndarray | float, se: np.ndarray | float, df: float, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided confidence interval ``estimate -/+ t(df) * se``.

    Examples
    --------
    >>> low, high = t_interval(0.5, 0.1, 9)
    >>> round(float(low), 4), round(float(high), 4)
    (0.2738, 0.7262)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}; e.g. 0.95.")
    quantile = stats.t.ppf(0.5 + level / 2, df) if df >= 1 else np.nan
    estimate = np.asarray(estimate, dtype=np.float64)
    margin = quantile * np.asarray(se, dtype=np.float64)
    return estimate - margin, estimate + margin


def two_sided_p_value(t_statistic: np.ndarray | float, df: float) -> np.ndarray:
    """Two-sided p-value of a t statistic on ``df`` degrees of freedom.

    Examples
    --------
    >>> round(float(two_sided_p_value(2.262, 9)), 3)
    0.05
    """
    if df < 1:
        return np.full(np.shape(t_statistic), np.nan)
    return 2 * stats.t.sf(np.abs(t_statistic), df)


def ratio_from_totals(
    numerator: np.ndarray, denominator: np.ndarray, design: SurveyDesign
) -> Estimates:
    """Ratios ``sum(w y) / sum(w x)`` and their covariance from PSU x domain totals.

    Parameters
    ----------
    numerator, denominator : numpy.ndarray
        Shape (n_psu, m): weighted totals of ``y`` and ``x`` per PSU for m domains (or m
        estimates sharing the design), e.g. from :meth:`SurveyDesign.totals`.
    design : SurveyDesign

    Returns
    -------
    Estimates
        A ratio with a zero denominator is NaN.

    Examples
    --------
    >>> d = SurveyDesign.from_frame(pd.DataFrame({"c": [1, 2, 3]}), psu="c")
    >>> est = ratio_from_totals(d.totals(np.array([1.0, 0, 1])), d.totals(np.ones(3)), d)
    >>> round(float(est.estimate[0]), 4), round(float(est.se[0]), 4)
    (0.6667, 0.3333)
    """
    top = numerator.sum(axis=0)
    bottom = denominator.sum(axis=0)
    defined = bottom != 0
    safe_bottom = np.where(defined, bottom, 1.0)
    ratio = np.where(defined, top / safe_bottom, np.nan)
    influence = (numerator - np.where(defined, ratio, 0.0) * denominator) / safe_bottom
    covariance = design.covariance(influence)
    covariance[~defined, :] = np.nan
    covariance[:, ~defined] = np.nan
    return Estimates(estimate=ratio, covariance=covariance, df=design.df)


def domain_ratio(
    design: SurveyDesign,
    numerator: np.ndarray,
    denominator: np.ndarray,
    domains: np.ndarray | None = None,
    n_domains: int = 1,
) -> Estimates:
    """Domain ratios ``sum(w y d) / sum(w x d)`` with their linearised covariance.

    Examples
    --------
    >>> d = SurveyDesign.from_frame(pd.DataFrame({"c": [1, 2, 3, 4]}), psu="c")
    >>> est = domain_ratio(d, np.array([1.0, 2, 3, 4]), np.array([2.0, 2, 2, 2]))
    >>> float(est.estimate[0])
    1.25
    """
    return ratio_from_totals(
        design.totals(numerator, domains, n_domains),
        design.totals(denominator, domains, n_domains),
        design,
    )


def domain_mean(
    design: SurveyDesign, values: np.ndarray, domains: np.ndarray | None = None, n_domains: int = 1
) -> Estimates:
    """Weighted domain means (proportions for 0/1 values) with their linearised covariance.

    Examples
    --------
    >>> d = SurveyDesign.from_frame(pd.DataFrame({"c": [1, 2, 3, 4]}), psu="c")
    >>> est = domain_mean(d, np.array([1.0, 0, 1, 1]))
    >>> float(est.estimate[0]), round(float(est.se[0]), 4)
    (0.75, 0.25)
    """
    return domain_ratio(design, values, np.ones(design.n), domains, n_domains)


def domain_codes(data: pd.DataFrame, by: str) -> tuple[np.ndarray, pd.Index]:
    """Integer domain codes of the ``by`` column (sorted labels), raising on missing labels.

    Examples
    --------
    >>> codes, labels = domain_codes(pd.DataFrame({"g": ["b", "a", "b"]}), "g")
    >>> codes.tolist(), list(labels)
    ([1, 0, 1], ['a', 'b'])
    """
    column = _column(data, by, "by")
    if column.isna().any():
        raise ValueError(
            f"by column {by!r} has {int(column.isna().sum())} missing values; subgroups must be "
            "exhaustive: fill them in (e.g. an 'unknown' group) or drop those rows and report it."
        )
    codes, labels = pd.factorize(column, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(labels, name=by)


def survey_mean(
    data: pd.DataFrame,
    column: str,
    *,
    weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    by: str | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Weighted mean (or proportion) of a column with design-based standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
    column : str
        Numeric (or 0/1) variable; missing values raise.
    weight, strata, psu : str, optional
        Design columns.
    by : str, optional
        Subgroup column: one row per group, each estimated as a domain of the full design.
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns ``estimate, se, ci_low, ci_high, n`` (``n`` unweighted rows); index "all" or the
        group labels.

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1, 0, 1, 1], "w": [1, 1, 2, 2], "c": [1, 2, 3, 4]})
    >>> round(float(survey_mean(df, "y", weight="w", psu="c").loc["all", "estimate"]), 4)
    0.8333
    """
    values = _column(data, column, "variable")
    if not pd.api.types.is_numeric_dtype(values):
        raise TypeError(
            f"column {column!r} must be numeric (or 0/1), it has dtype {values.dtype}; "
            "convert it first."
        )
    y = values.to_numpy(dtype=np.float64, na_value=np.nan)
    if np.isnan(y).any():
        raise ValueError(
            f"column {column!r} has {int(np.isnan(y).sum())} missing values; drop them "
            "explicitly (and report how many) before estimating."
        )
    design = SurveyDesign.from_frame(data, weight=weight, strata=strata, psu=psu)
    if by is None:
        codes, labels = None, pd.Index(["all"])
    else:
        codes, labels = domain_codes(data, by)
    est = domain_mean(design, y, codes, len(labels))
    low, high = est.ci(level)
    counts: np.ndarray | list[int] = (
        [design.n] if codes is None else np.bincount(codes, minlength=len(labels))
    )
    return pd.DataFrame(
        {"estimate": est.estimate, "se": est.se, "ci_low": low, "ci_high": high, "n": counts},
        index=labels,
    )


def bootstrap_factors(design: SurveyDesign, replicates: int = 1000, seed: int = 2025) -> np.ndarray:
    """Rescaled PSU bootstrap weight factors (Rao-Wu with ``n_h - 1`` draws per stratum).

    In each replicate, ``n_h - 1`` PSUs are drawn with replacement within each stratum and a PSU
    drawn ``m`` times gets factor ``m n_h / (n_h - 1)`` (R ``survey``'s ``"bootstrap"``
    replicates). A stratum with a single PSU keeps factor one (it adds no variance). All
    replicates are drawn at once from multinomial distributions.

    Returns
    -------
    numpy.ndarray
        Shape (replicates, n_psu).

    Examples
    --------
    >>> d = SurveyDesign.from_frame(pd.DataFrame({"c": [1, 2, 3]}), psu="c")
    >>> f = bootstrap_factors(d, replicates=4, seed=1)
    >>> f.shape, f.sum(axis=1).tolist()
    ((4, 3), [3.0, 3.0, 3.0, 3.0])
    """
    if replicates < 2:
        raise ValueError(f"replicates must be at least 2, got {replicates!r}.")
    rng = np.random.default_rng(seed)
    counts = design.psu_per_stratum
    largest = int(counts.max())
    slots = np.arange(largest)
    probabilities = np.where(slots < counts[:, None], 1.0 / counts[:, None], 0.0)
    draws = rng.multinomial(
        np.maximum(counts - 1, 0), probabilities, size=(replicates, len(counts))
    )
    order = np.argsort(design.psu_stratum, kind="stable")
    position = np.empty(design.n_psu, dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    position[order] = np.arange(design.n_psu) - starts[design.psu_stratum[order]]
    taken = draws[:, design.psu_stratum, position].astype(np.float64)
    stratum_counts = counts[design.psu_stratum]
    lonely = stratum_counts == 1
    factors = taken * (stratum_counts / np.maximum(stratum_counts - 1, 1))
    factors[:, lonely] = 1.0
    return factors


def bootstrap_ratios(
    numerator: np.ndarray, denominator: np.ndarray, factors: np.ndarray
) -> np.ndarray:
    """Replicate ratios from PSU totals and bootstrap factors.

    Parameters
    ----------
    numerator, denominator : numpy.ndarray
        Shape (n_psu, m) weighted PSU totals.
    factors : numpy.ndarray
        Shape (replicates, n_psu), from :func:`bootstrap_factors`.

    Returns
    -------
    numpy.ndarray
        Shape (replicates, m); NaN where a replicate's denominator is zero.

    Examples
    --------
    >>> bootstrap_ratios(np.array([[1.0], [0.0]]), np.array([[1.0], [1.0]]), np.array([[2.0, 0.0]]))
    array([[1.]])
    """
    top = factors @ numerator
    bottom = factors @ denominator
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bottom != 0, top / np.where(bottom != 0, bottom, 1.0), np.nan)
