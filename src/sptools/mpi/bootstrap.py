"""Bootstrap standard errors and percentile intervals for H, A and M0 (PSU resampling)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.mpi.identification import MissingPolicy
from sptools.mpi.inputs import check_replicates, resolve_design
from sptools.mpi.measure import RATIOS, level_functions
from sptools.mpi.sample import AFSample, prepare_sample
from sptools.mpi.weights import parse_k
from sptools.results import Result
from sptools.survey import SurveyDesign, bootstrap_factors, bootstrap_ratios

__all__ = ["BootstrapResult", "bootstrap", "bootstrap_replicates"]

_RATIOS = {name: RATIOS[name] for name in ("H", "A", "M0")}


def bootstrap_replicates(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    design: Design | None = None,
    missing: MissingPolicy = "raise",
    replicates: int = 1000,
    seed: int = 2025,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
) -> pd.DataFrame:
    """Bootstrap replicates of H, A and M0: PSUs resampled within strata (Rao-Wu rescaling).

    The data are reduced once to PSU totals; all replicates then come from one matrix product
    with the multinomial replicate factors (:func:`sptools.survey.bootstrap_factors`).

    Parameters
    ----------
    data, weights, k, design, missing
        As in :func:`sptools.mpi.alkire_foster`.
    replicates : int
        Number of bootstrap replicates (a whole number, at least 2).
    seed : int
        Seed of the random generator (results are reproducible).
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=``.

    Returns
    -------
    pandas.DataFrame
        One row per replicate, columns H, A, M0.

    Examples
    --------
    >>> from sptools import Design
    >>> df = pd.DataFrame({"a": [1, 0, 1, 0, 0, 1], "c": [1, 1, 2, 2, 3, 3]})
    >>> design = Design(df, weight=None, strata=None, psu="c")
    >>> bootstrap_replicates(df, {"a": 1}, 1, design=design, replicates=5, seed=1).shape
    (5, 3)
    """
    arrays = resolve_design(
        data, design, sample_weight=sample_weight, strata=strata, psu=psu, caller="bootstrap"
    )
    return _replicates(data, weights, k, arrays, missing, check_replicates(replicates), seed).table


@dataclass(frozen=True)
class _Draws:
    """Bootstrap replicates (one row each), the full-sample estimates and the sample."""

    table: pd.DataFrame
    point: dict[str, float]
    sample: AFSample


class BootstrapResult(Result):
    """H, A and M0 with bootstrap standard errors and percentile intervals (a :class:`Result`).

    ``.se`` is the standard deviation of the replicates; ``.ci(level)`` and ``.to_frame(level)``
    give percentile intervals of the replicates at any level; ``.replicates`` is the table of
    replicates (one row each).
    """

    def __init__(self, draws: _Draws, *, replicates: int, seed: int, level: float) -> None:
        table = pd.DataFrame(
            {
                "estimate": pd.Series(draws.point),
                "se": draws.table.std(ddof=1),
                "n": int(draws.sample.group_counts.sum()),
            }
        ).rename_axis("measure")
        super().__init__(
            table,
            exclusions=draws.sample.excluded,
            title="H, A and M0 (bootstrap)",
            method=(
                f"Rao-Wu bootstrap over PSUs within strata, {replicates:,} replicates, "
                f"seed {seed}; percentile intervals"
            ),
        )
        self._draws = draws.table
        self._level = level

    @property
    def replicates(self) -> pd.DataFrame:
        """The replicates: one row each, columns H, A, M0."""
        return self._draws.copy()

    def to_frame(self, level: float | None = None) -> pd.DataFrame:
        """Tidy table; ``ci_low``/``ci_high`` are percentiles of the replicates at ``level``
        (by default the level the bootstrap was asked for)."""
        level = self._level if level is None else level
        if not 0 < level < 1:
            raise ValueError(f"level must be in (0, 1), got {level!r}; e.g. 0.95.")
        tail = (1 - level) / 2
        frame = super().to_frame()
        frame["ci_low"] = self._draws.quantile(tail)
        frame["ci_high"] = self._draws.quantile(1 - tail)
        return frame

    def ci(self, level: float | None = None) -> dict:
        """Measure -> (low, high) percentile interval at ``level``."""
        frame = self.to_frame(level)
        return {
            key: (float(low), float(high))
            for key, low, high in zip(frame.index, frame["ci_low"], frame["ci_high"], strict=True)
        }

    def _footer(self) -> str:
        return f"{self._level:.0%} intervals; {self._method}. {self.exclusions}."


def _replicates(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    arrays: SurveyDesign,
    missing: MissingPolicy,
    replicates: int,
    seed: int,
) -> _Draws:
    cutoff = parse_k(k)
    sample = prepare_sample(data, weights, arrays, missing=missing)
    functions = level_functions(sample.levels, sample.weights.denominator, cutoff)
    national = sample.cube.sum(axis=1)
    totals = {name: national @ values for name, values in functions.items()}
    factors = bootstrap_factors(sample.design, replicates, seed)
    numerator = np.column_stack([totals[top] for top, _ in _RATIOS.values()])
    denominator = np.column_stack([totals[bottom] for _, bottom in _RATIOS.values()])
    draws = bootstrap_ratios(numerator, denominator, factors)
    table = pd.DataFrame(draws, columns=list(_RATIOS)).rename_axis("replicate")
    table["A"] = table["A"].where(table["H"] != 0, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        point = numerator.sum(axis=0) / denominator.sum(axis=0)
    if point[0] == 0:  # nobody poor: A is 0 by convention, as in the replicates
        point[1] = 0.0
    return _Draws(table, dict(zip(_RATIOS, point, strict=True)), sample)


def bootstrap(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    design: Design | None = None,
    missing: MissingPolicy = "raise",
    replicates: int = 1000,
    seed: int = 2025,
    level: float = 0.95,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
) -> BootstrapResult:
    """Bootstrap standard errors and percentile confidence intervals of H, A and M0.

    Parameters
    ----------
    data, weights, k, design, missing
        As in :func:`sptools.mpi.alkire_foster`.
    replicates : int
        Number of bootstrap replicates (a whole number, at least 2).
    seed : int
        Seed of the random generator (results are reproducible).
    level : float
        Confidence level of the percentile intervals.
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=``.

    Returns
    -------
    BootstrapResult
        The estimates of H, A and M0 with ``.se`` (standard deviation of the replicates),
        ``.ci(level)`` (percentile intervals), ``.to_frame()``, ``.exclusions`` and
        ``.replicates``.

    Examples
    --------
    >>> from sptools import Design
    >>> df = pd.DataFrame({"a": [1, 0, 1, 0, 0, 1], "c": [1, 1, 2, 2, 3, 3]})
    >>> design = Design(df, weight=None, strata=None, psu="c")
    >>> result = bootstrap(df, {"a": 1}, 1, design=design, replicates=200)
    >>> result["H"], result.se["H"] < 0.2
    (0.5, True)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}; e.g. level=0.95.")
    arrays = resolve_design(
        data, design, sample_weight=sample_weight, strata=strata, psu=psu, caller="bootstrap"
    )
    draws = _replicates(data, weights, k, arrays, missing, check_replicates(replicates), seed)
    return BootstrapResult(draws, replicates=int(replicates), seed=seed, level=level)
