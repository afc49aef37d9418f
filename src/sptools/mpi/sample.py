"""Turn a DataFrame into the arrays every Alkire-Foster estimate needs, independent of ``k``.

The data are reduced once to weighted totals by PSU, subgroup and score level (the "cube"),
and by subgroup and deprivation profile. Any cutoff ``k`` (and every attainable ``k`` at once)
is then evaluated on these small arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.mpi.identification import MissingPolicy, Profiles, deprivation_profiles, integer_scores
from sptools.mpi.result import Exclusions
from sptools.mpi.weights import IndicatorWeights, parse_weights
from sptools.survey import SurveyDesign, domain_codes

__all__ = ["AFSample", "prepare_sample"]


@dataclass(frozen=True)
class AFSample:
    """A sample reduced for Alkire-Foster estimation.

    Attributes
    ----------
    weights : IndicatorWeights
    profiles : Profiles
    design : SurveyDesign
    groups : pandas.Index or None
        Subgroup labels (``by=``), or None.
    profile_score : numpy.ndarray
        Exact integer score of each profile (over ``weights.denominator``).
    levels : numpy.ndarray
        Sorted distinct integer scores; ``cube``'s last axis.
    cube : numpy.ndarray
        Shape (n_psu, n_groups, n_levels): weighted population by PSU, group and score level.
    profile_totals : numpy.ndarray
        Shape (n_profiles, n_groups): weighted population by profile and group.
    group_counts : numpy.ndarray
        Unweighted number of rows used in each group.
    excluded : Exclusions
    row_index : pandas.Index
    """

    weights: IndicatorWeights
    profiles: Profiles
    design: SurveyDesign
    groups: pd.Index | None
    profile_score: np.ndarray
    levels: np.ndarray
    cube: np.ndarray
    profile_totals: np.ndarray
    group_counts: np.ndarray
    excluded: Exclusions
    row_index: pd.Index

    @property
    def n_groups(self) -> int:
        """Number of subgroups (1 without ``by=``)."""
        return 1 if self.groups is None else len(self.groups)

    @property
    def level_scores(self) -> np.ndarray:
        """Scores of the levels as floats in [0, 1]."""
        return self.levels / self.weights.denominator


def prepare_sample(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    *,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    by: str | None = None,
    missing: MissingPolicy = "raise",
) -> AFSample:
    """Validate the inputs and reduce the data (see :func:`sptools.mpi.alkire_foster`).

    Examples
    --------
    >>> s = prepare_sample(pd.DataFrame({"a": [1, 0, 1], "b": [1, 0, 0]}), {"a": 0.5, "b": 0.5})
    >>> s.levels.tolist(), s.cube.sum(axis=(0, 1)).tolist()
    ([0, 1, 2], [1.0, 1.0, 1.0])
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}.")
    if len(data) == 0:
        raise ValueError("data has no rows.")
    parsed = parse_weights(weights)
    profiles = deprivation_profiles(data, parsed.indicators, missing=missing)
    design = SurveyDesign.from_frame(data, weight=sample_weight, strata=strata, psu=psu)
    if by is None:
        group_codes, labels = None, None
    else:
        group_codes, labels = domain_codes(data, by)
    n_groups = 1 if labels is None else len(labels)
    excluded = _exclusions(profiles, design)
    if excluded.n_excluded == excluded.n_rows:
        raise ValueError(
            f"every row has a missing indicator ({excluded.by_indicator}); nothing to estimate."
        )
    if profiles.complete is not None:
        base = np.zeros(design.n, dtype=np.int64) if group_codes is None else group_codes
        group_codes = np.where(profiles.complete, base, -1)
    profile_score = integer_scores(profiles.matrix, parsed.numerators)
    levels = np.unique(profile_score)
    level_of_profile = np.searchsorted(levels, profile_score)
    row_level = level_of_profile[profiles.row_profile]
    cells = _cell_codes(group_codes, n_groups, row_level, len(levels))
    cube = design.totals(None, cells, n_groups * len(levels))
    profile_totals = _profile_totals(design, profiles, group_codes, n_groups)
    return AFSample(
        weights=parsed,
        profiles=profiles,
        design=design,
        groups=labels,
        profile_score=profile_score,
        levels=levels,
        cube=cube.reshape(design.n_psu, n_groups, len(levels)),
        profile_totals=profile_totals,
        group_counts=_group_counts(group_codes, n_groups, design.n),
        excluded=excluded,
        row_index=data.index,
    )


def _cell_codes(
    group_codes: np.ndarray | None, n_groups: int, row_level: np.ndarray, n_levels: int
) -> np.ndarray:
    """Combined (group, level) code of each row; -1 outside every group."""
    if group_codes is None:
        return row_level.astype(np.int64, copy=False)
    combined = group_codes * n_levels + row_level
    return np.where(group_codes < 0, -1, combined)


def _group_counts(group_codes: np.ndarray | None, n_groups: int, n_rows: int) -> np.ndarray:
    if group_codes is None:
        return np.array([n_rows])
    return np.bincount(group_codes[group_codes >= 0], minlength=n_groups)


def _profile_totals(
    design: SurveyDesign, profiles: Profiles, group_codes: np.ndarray | None, n_groups: int
) -> np.ndarray:
    n_profiles = len(profiles.matrix)
    if group_codes is None:
        return np.bincount(profiles.row_profile, weights=design.weight, minlength=n_profiles)[
            :, None
        ]
    keys = profiles.row_profile.astype(np.int64) * (n_groups + 1) + np.where(
        group_codes < 0, n_groups, group_codes
    )
    flat = np.bincount(keys, weights=design.weight, minlength=n_profiles * (n_groups + 1))
    return flat.reshape(n_profiles, n_groups + 1)[:, :n_groups]


def _exclusions(profiles: Profiles, design: SurveyDesign) -> Exclusions:
    if profiles.complete is None:
        return Exclusions(design.n, 0, 0.0, profiles.missing_by_indicator)
    dropped = ~profiles.complete
    return Exclusions(
        n_rows=design.n,
        n_excluded=int(dropped.sum()),
        weighted_share=float(design.weight[dropped].sum() / design.weight.sum()),
        by_indicator=profiles.missing_by_indicator,
    )
