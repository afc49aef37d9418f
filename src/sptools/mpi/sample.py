"""Turn a DataFrame into the arrays every Alkire-Foster estimate needs, independent of ``k``.

The data are reduced once to weighted totals by PSU and deprivation profile (national), and by
PSU, subgroup and score level (with ``by=``). Any cutoff ``k`` (and every attainable ``k`` at
once) is then evaluated on these small arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from sptools.mpi.identification import MissingPolicy, Profiles, deprivation_profiles, integer_scores
from sptools.mpi.inputs import check_unique_columns
from sptools.mpi.weights import IndicatorWeights, parse_weights
from sptools.results import Exclusions
from sptools.survey import MAX_CELLS, SurveyDesign, domain_codes

__all__ = ["AFSample", "prepare_sample"]


@dataclass(frozen=True)
class AFSample:
    """A sample reduced for Alkire-Foster estimation.

    Attributes
    ----------
    weights : IndicatorWeights
    profiles : Profiles
    design : SurveyDesign
        The design arrays of the data's rows (all strata and PSUs of the full design).
    groups : pandas.Index or None
        Subgroup labels (``by=``), or None.
    profile_score : numpy.ndarray
        Exact integer score of each profile (over ``weights.denominator``).
    levels : numpy.ndarray
        Sorted distinct integer scores; ``cube``'s last axis.
    cube : numpy.ndarray
        Shape (n_psu, n_groups, n_levels): weighted population by PSU, group and score level
        (complete rows only).
    psu_profile : numpy.ndarray or scipy.sparse.csr_array
        Shape (n_psu, n_profiles): weighted population by PSU and profile (complete rows).
    profile_totals : numpy.ndarray
        Shape (n_profiles, n_groups): weighted population by profile and group.
    group_counts : numpy.ndarray
        Unweighted number of rows used in each group.
    excluded : Exclusions
    row_index : pandas.Index
    represented_population : float
        The population the estimates stand for: the weights of every row of the data,
        complete or excluded, plus the persons dropped before (``data.attrs["retained"]``
        of :func:`sptools.indicators.global_mpi`).
    """

    weights: IndicatorWeights
    profiles: Profiles
    design: SurveyDesign
    groups: pd.Index | None
    profile_score: np.ndarray
    levels: np.ndarray
    cube: np.ndarray
    psu_profile: np.ndarray | sparse.csr_array
    profile_totals: np.ndarray
    group_counts: np.ndarray
    excluded: Exclusions
    row_index: pd.Index
    represented_population: float

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
    design: SurveyDesign,
    *,
    by: str | None = None,
    missing: MissingPolicy = "raise",
) -> AFSample:
    """Validate the inputs and reduce the data (see :func:`sptools.mpi.alkire_foster`).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person.
    weights : mapping
        Indicator weights, flat or nested.
    design : SurveyDesign
        Design arrays of ``data``'s rows (:func:`sptools.mpi.inputs.resolve_design`).
    by : str, optional
        Subgroup column.
    missing : {"raise", "drop"}
        Missing-indicator policy.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 0, 1], "b": [1, 0, 0]})
    >>> s = prepare_sample(df, {"a": 0.5, "b": 0.5}, SurveyDesign.from_frame(df))
    >>> s.levels.tolist(), s.cube.sum(axis=(0, 1)).tolist()
    ([0, 1, 2], [1.0, 1.0, 1.0])
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}.")
    if len(data) == 0:
        raise ValueError("data has no rows; pass the table of indicators, one row per person.")
    parsed = parse_weights(weights)
    check_unique_columns(data, [*parsed.indicators, *([by] if by else [])])
    profiles = deprivation_profiles(data, parsed.indicators, missing=missing)
    if by is None:
        group_codes, labels = None, None
    else:
        group_codes, labels = domain_codes(data, by)
    n_groups = 1 if labels is None else len(labels)
    excluded = _exclusions(profiles, design)
    if excluded.n_excluded == excluded.n_rows:
        raise ValueError(
            f"every row has a missing indicator ({excluded.by_column}); nothing to estimate. "
            "Check the indicator columns (are they all NA?)."
        )
    used_weight = design.weight
    if profiles.complete is not None:
        used_weight = np.where(profiles.complete, design.weight, 0.0)
        base = np.zeros(design.n, dtype=np.int64) if group_codes is None else group_codes
        group_codes = np.where(profiles.complete, base, -1)
    profile_score = integer_scores(profiles.matrix, parsed.numerators)
    levels, level_of_profile = np.unique(profile_score, return_inverse=True)
    psu_profile = _psu_profile_totals(design, profiles.row_profile, used_weight, len(profile_score))
    if group_codes is None:
        cube = _by_level(psu_profile, level_of_profile, len(levels))[:, None, :]
    else:
        row_level = level_of_profile[profiles.row_profile]
        cells = np.where(group_codes < 0, -1, group_codes * len(levels) + row_level)
        cube = design.totals(None, cells, n_groups * len(levels)).reshape(
            design.n_psu, n_groups, len(levels)
        )
    return AFSample(
        weights=parsed,
        profiles=profiles,
        design=design,
        groups=labels,
        profile_score=profile_score,
        levels=levels,
        cube=cube,
        psu_profile=psu_profile,
        profile_totals=_profile_totals(design, profiles, psu_profile, group_codes, n_groups),
        group_counts=_group_counts(group_codes, n_groups, design.n),
        excluded=excluded,
        row_index=data.index,
        represented_population=_represented_population(data, design),
    )


def _psu_profile_totals(
    design: SurveyDesign, row_profile: np.ndarray, weight: np.ndarray, n_profiles: int
) -> np.ndarray | sparse.csr_array:
    """Weighted population by PSU and profile: dense when small, sparse otherwise."""
    if design.n_psu * n_profiles <= MAX_CELLS:
        keys = design.psu.astype(np.int64) * n_profiles
        keys += row_profile
        flat = np.bincount(keys, weights=weight, minlength=design.n_psu * n_profiles)
        return flat.reshape(design.n_psu, n_profiles)
    return sparse.csr_array(
        sparse.coo_array((weight, (design.psu, row_profile)), shape=(design.n_psu, n_profiles))
    )


def _by_level(
    psu_profile: np.ndarray | sparse.csr_array, level_of_profile: np.ndarray, n_levels: int
) -> np.ndarray:
    """Sum the profile columns into score-level columns (one product with a 0/1 matrix)."""
    membership = np.zeros((len(level_of_profile), n_levels))
    membership[np.arange(len(level_of_profile)), level_of_profile] = 1.0
    return np.asarray(psu_profile @ membership)


def _group_counts(group_codes: np.ndarray | None, n_groups: int, n_rows: int) -> np.ndarray:
    if group_codes is None:
        return np.array([n_rows])
    return np.bincount(group_codes[group_codes >= 0], minlength=n_groups)


def _profile_totals(
    design: SurveyDesign,
    profiles: Profiles,
    psu_profile: np.ndarray | sparse.csr_array,
    group_codes: np.ndarray | None,
    n_groups: int,
) -> np.ndarray:
    n_profiles = len(profiles.matrix)
    if group_codes is None:
        return np.asarray(psu_profile.sum(axis=0)).reshape(n_profiles, 1)
    keys = profiles.row_profile.astype(np.int64) * (n_groups + 1) + np.where(
        group_codes < 0, n_groups, group_codes
    )
    flat = np.bincount(keys, weights=design.weight, minlength=n_profiles * (n_groups + 1))
    return flat.reshape(n_profiles, n_groups + 1)[:, :n_groups]


def _exclusions(profiles: Profiles, design: SurveyDesign) -> Exclusions:
    by_column = {name: n for name, n in profiles.missing_by_indicator.items() if n}
    if profiles.complete is None:
        return Exclusions.none(design.n)
    dropped = ~profiles.complete
    return Exclusions(
        n_rows=design.n,
        n_excluded=int(dropped.sum()),
        weighted_share=float(design.weight[dropped].sum() / design.weight.sum()),
        by_column=by_column,
        reason="a missing indicator (missing='drop')",
    )


def _represented_population(data: pd.DataFrame, design: SurveyDesign) -> float:
    """Weights of every row of ``data``, scaled up for persons dropped as incomplete before.

    :func:`sptools.indicators.global_mpi` drops incomplete persons by default and records the
    weighted share it kept in ``attrs["retained"]``; their weight is added back, so that a
    count ``H x population`` refers to the whole population the sample represents.
    """
    total = float(design.weight.sum())
    retained = data.attrs.get("retained")
    if isinstance(retained, Mapping) and len(data) == retained.get("n"):
        share = retained.get("weighted_share")
        if isinstance(share, float) and 0 < share <= 1:
            return total / share
    return total
