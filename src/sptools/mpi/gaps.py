"""M1 and M2: the Alkire-Foster measures for cardinal indicators (depth and severity)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.mpi.inputs import resolve_design
from sptools.mpi.measure import estimate
from sptools.mpi.result import MPIResult
from sptools.mpi.sample import prepare_sample
from sptools.mpi.weights import parse_weights
from sptools.survey import Estimates, domain_mean

__all__ = ["GapResult", "alkire_foster_gaps", "normalized_gaps"]


@dataclass(frozen=True)
class GapResult:
    """Alkire-Foster measures of cardinal achievements.

    Attributes
    ----------
    ordinal : MPIResult
        H, A, M0 and every table, from the 0/1 deprivations ``x < z``.
    M1 : float
        Adjusted poverty gap: mean censored weighted normalised gap ``(z - x) / z``.
    M2 : float
        Adjusted squared poverty gap (severity): the same with squared gaps.
    se : dict
        "M1", "M2" -> design-based standard errors.
    gaps : pandas.DataFrame
        Normalised gaps of every row and indicator (0 when not deprived), uncensored.
    """

    ordinal: MPIResult
    M1: float
    M2: float
    se: dict[str, float]
    gaps: pd.DataFrame

    @property
    def H(self) -> float:
        """Incidence."""
        return self.ordinal.H

    @property
    def A(self) -> float:
        """Intensity."""
        return self.ordinal.A

    @property
    def M0(self) -> float:
        """Adjusted headcount ratio."""
        return self.ordinal.M0

    @property
    def average_gap(self) -> float:
        """Average normalised gap among the poor's deprivations (G = M1 / M0; NaN if M0 = 0)."""
        return self.M1 / self.M0 if self.M0 else float("nan")

    @property
    def average_severity(self) -> float:
        """Average squared gap among the poor's deprivations (S = M2 / M0; NaN if M0 = 0)."""
        return self.M2 / self.M0 if self.M0 else float("nan")


def normalized_gaps(achievements: pd.DataFrame, cutoffs: Mapping[str, float]) -> pd.DataFrame:
    """Normalised gaps ``(z_j - x_ij) / z_j`` where ``x_ij < z_j``, else 0.

    Achievements must be non-negative and complete, cutoffs positive (so gaps lie in (0, 1]).

    Examples
    --------
    >>> normalized_gaps(pd.DataFrame({"school": [3.0, 8.0]}), {"school": 6}).school.tolist()
    [0.5, 0.0]
    """
    columns = {}
    for name, cutoff in cutoffs.items():
        if name not in achievements.columns:
            raise KeyError(
                f"cutoff given for {name!r}, which is not a column; available: "
                f"{list(achievements.columns)}."
            )
        z = float(cutoff)
        if not np.isfinite(z) or z <= 0:
            raise ValueError(f"cutoff of {name!r} must be a positive number, got {cutoff!r}.")
        column = achievements[name]
        if not pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
            raise TypeError(
                f"achievement column {name!r} must be numeric, it has dtype {column.dtype}."
            )
        x = column.to_numpy(dtype=np.float64, na_value=np.nan)
        if np.isnan(x).any():
            raise ValueError(
                f"achievement column {name!r} has {int(np.isnan(x).sum())} missing values; "
                "impute or drop them (and report it) first."
            )
        if (x < 0).any():
            raise ValueError(
                f"achievement column {name!r} has {int((x < 0).sum())} negative values (e.g. "
                f"{x[x < 0][0]!r}); normalised gaps need achievements >= 0."
            )
        columns[name] = np.where(x < z, (z - x) / z, 0.0)
    return pd.DataFrame(columns, index=achievements.index)


def alkire_foster_gaps(
    achievements: pd.DataFrame,
    cutoffs: Mapping[str, float],
    weights: Mapping[str, object],
    k: object,
    *,
    design: Design | None = None,
    level: float = 0.95,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
) -> GapResult:
    """Alkire-Foster M0, M1 and M2 for cardinal achievements.

    Parameters
    ----------
    achievements : pandas.DataFrame
        One column per indicator (achievements ``x``).
    cutoffs : mapping
        Indicator -> deprivation cutoff ``z`` (deprived when ``x < z``).
    weights : mapping
        Indicator -> weight (or nested), as in :func:`alkire_foster`.
    k : float or Fraction
        Poverty cutoff in (0, 1].
    design : sptools.Design, optional
        The survey design of the rows (as in :func:`alkire_foster`).
    level : float
        Confidence level.
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=``.

    Returns
    -------
    GapResult

    Examples
    --------
    Alkire & Foster (2011), four people and four indicators:

    >>> from fractions import Fraction
    >>> y = pd.DataFrame([[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20, 11, 3, 1]],
    ...                  columns=["income", "school", "health", "vote"])
    >>> z = {"income": 13, "school": 12, "health": 3, "vote": 1}
    >>> r = alkire_foster_gaps(y, z, {c: Fraction(1, 4) for c in z}, Fraction(1, 2))
    >>> Fraction(r.M1).limit_denominator(1000)
    Fraction(171, 832)
    """
    parsed = parse_weights(weights)
    unknown = sorted(set(parsed.indicators) ^ set(cutoffs))
    if unknown:
        raise KeyError(f"weights and cutoffs must name the same indicators; mismatched: {unknown}.")
    gaps = normalized_gaps(achievements, {name: cutoffs[name] for name in parsed.indicators})
    arrays = resolve_design(
        achievements,
        design,
        sample_weight=sample_weight,
        strata=strata,
        psu=psu,
        caller="alkire_foster_gaps",
    )
    deprived = (gaps > 0).astype(np.int8)
    ordinal = estimate(prepare_sample(deprived, weights, arrays), k, level=level)
    poor = ordinal.poor.to_numpy(dtype=bool)
    weight = np.array([float(parsed.weights[name]) for name in parsed.indicators])
    values = gaps.to_numpy()
    depth = domain_mean(arrays, np.where(poor, values @ weight, 0.0))
    severity = domain_mean(arrays, np.where(poor, values**2 @ weight, 0.0))
    return GapResult(
        ordinal=ordinal,
        M1=_first(depth),
        M2=_first(severity),
        se={"M1": float(depth.se[0]), "M2": float(severity.se[0])},
        gaps=gaps,
    )


def _first(estimates: Estimates) -> float:
    return float(estimates.estimate[0])
