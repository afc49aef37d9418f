"""Robustness of Alkire-Foster results to the poverty cutoff and to the weights.

* :func:`k_sweep`: H, A and M0 (with SEs) for every attainable cutoff ``k`` - the distinct
  values a deprivation score can take - from one pass over the data.
* :func:`weighting_robustness`: the same estimates under alternative weighting schemes.
* :func:`rank_robustness`: how far the ranking of regions survives a change of specification
  (share of pairwise orderings preserved, Kendall's tau-b, and the share of significant
  pairwise differences preserved).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy import stats

from sptools.mpi.identification import MissingPolicy
from sptools.mpi.measure import alkire_foster, level_functions
from sptools.mpi.sample import prepare_sample
from sptools.mpi.weights import parse_k, parse_weights
from sptools.survey import ratio_from_totals

__all__ = ["attainable_scores", "k_sweep", "rank_robustness", "weighting_robustness"]

#: Most distinct attainable scores enumerated.
MAX_ATTAINABLE = 1_000_000


def attainable_scores(weights: Mapping[str, object]) -> list[Fraction]:
    """Every positive value a deprivation score can take (the sums of subsets of weights).

    Between two consecutive attainable scores H(k) and M0(k) do not change, so these are the
    cutoffs worth examining.

    Examples
    --------
    >>> [str(s) for s in attainable_scores({"a": 0.5, "b": 0.25, "c": 0.25})]
    ['1/4', '1/2', '3/4', '1']
    >>> len(attainable_scores({"Health": {"n": 1/6, "m": 1/6}, "Education": {"s": 1/6, "a": 1/6},
    ...     "Living": {f"l{i}": 1/18 for i in range(6)}}))
    18
    """
    parsed = parse_weights(weights)
    sums = np.zeros(1, dtype=np.int64)
    for numerator in parsed.numerators:
        sums = np.unique(np.concatenate([sums, sums + numerator]))
        if len(sums) > MAX_ATTAINABLE:
            raise ValueError(
                f"more than {MAX_ATTAINABLE} attainable scores; pass the cutoffs to examine "
                "explicitly (ks=...)."
            )
    return [Fraction(int(s), parsed.denominator) for s in sums if s > 0]


def k_sweep(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    ks: Sequence[object] | None = None,
    *,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    missing: MissingPolicy = "raise",
    level: float = 0.95,
) -> pd.DataFrame:
    """H, A and M0 with design-based SEs for every cutoff ``k``.

    Parameters
    ----------
    data, weights, sample_weight, strata, psu, missing, level
        As in :func:`sptools.mpi.alkire_foster`.
    ks : sequence, optional
        Cutoffs to examine; by default every attainable score (:func:`attainable_scores`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``k`` (exact fractions), columns k_value (float), H, A, M0, H_se, A_se,
        M0_se and the M0 confidence interval.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
    >>> k_sweep(df, {"a": 0.5, "b": 0.5})[["H", "M0"]].to_dict("list")
    {'H': [0.75, 0.25], 'M0': [0.5, 0.25]}
    """
    cutoffs = [parse_k(k) for k in ks] if ks is not None else attainable_scores(weights)
    sample = prepare_sample(
        data, weights, sample_weight=sample_weight, strata=strata, psu=psu, missing=missing
    )
    national = sample.cube.sum(axis=1)
    columns = [level_functions(sample.levels, sample.weights.denominator, k) for k in cutoffs]
    totals = {
        name: national @ np.column_stack([f[name] for f in columns])
        for name in ("population", "poor", "censored")
    }
    incidence = ratio_from_totals(totals["poor"], totals["population"], sample.design)
    intensity = ratio_from_totals(totals["censored"], totals["poor"], sample.design)
    adjusted = ratio_from_totals(totals["censored"], totals["population"], sample.design)
    low, high = adjusted.ci(level)
    return pd.DataFrame(
        {
            "k_value": [float(k) for k in cutoffs],
            "H": incidence.estimate,
            "A": np.where(incidence.estimate == 0, 0.0, intensity.estimate),
            "M0": adjusted.estimate,
            "H_se": incidence.se,
            "A_se": intensity.se,
            "M0_se": adjusted.se,
            "M0_ci_low": low,
            "M0_ci_high": high,
        },
        index=pd.Index(cutoffs, name="k"),
    )


def weighting_robustness(
    data: pd.DataFrame,
    schemes: Mapping[str, Mapping[str, object]],
    k: object,
    *,
    by: str | None = None,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
    missing: MissingPolicy = "raise",
    level: float = 0.95,
) -> pd.DataFrame:
    """H, A and M0 under alternative weighting schemes.

    Parameters
    ----------
    data : pandas.DataFrame
    schemes : mapping
        Scheme name -> weights (flat or nested, as in :func:`alkire_foster`).
    k : float or Fraction
        Poverty cutoff.
    by : str, optional
        Subgroup column: one row per scheme and group.
    sample_weight, strata, psu, missing, level
        As in :func:`alkire_foster`.

    Returns
    -------
    pandas.DataFrame
        Index scheme (or scheme and group), columns H, A, M0 and their SEs. For region
        rankings: ``table["M0"].unstack("scheme")`` feeds :func:`rank_robustness`.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
    >>> t = weighting_robustness(df, {"equal": {"a": 0.5, "b": 0.5}, "a": {"a": 0.75, "b": 0.25}}, 0.5)
    >>> t["H"].tolist()
    [0.75, 0.5]
    """
    if not schemes:
        raise ValueError("schemes must name at least one weighting scheme.")
    columns = ["H", "A", "M0", "H_se", "A_se", "M0_se"]
    tables = {}
    for name, weights in schemes.items():
        result = alkire_foster(
            data,
            weights,
            k,
            by=by,
            sample_weight=sample_weight,
            strata=strata,
            psu=psu,
            missing=missing,
            level=level,
        )
        if by is None:
            tables[name] = pd.DataFrame(
                [[result.H, result.A, result.M0, result.se["H"], result.se["A"], result.se["M0"]]],
                columns=columns,
            )
        else:
            tables[name] = result.groups[columns]
    table = pd.concat(tables, names=["scheme"])
    return table.droplevel(1) if by is None else table


def rank_robustness(
    values: pd.DataFrame,
    baseline: str | None = None,
    *,
    significant: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Robustness of the ranking of regions across specifications.

    Parameters
    ----------
    values : pandas.DataFrame
        Regions in rows, specifications (cutoffs, weighting schemes...) in columns, e.g. M0.
    baseline : str, optional
        Column taken as the reference ordering; the first column by default.
    significant : pandas.DataFrame, optional
        Pairwise comparisons of the baseline (:func:`compare_groups`, columns group_a, group_b,
        significant): adds the share of *significant* baseline orderings preserved.

    Returns
    -------
    pandas.DataFrame
        Indexed by specification (other than the baseline): pairs, preserved, share_preserved
        (pairs ordered as in the baseline, ties counting only as ties), kendall_tau_b and, with
        ``significant``, significant_pairs and share_significant_preserved.

    Examples
    --------
    >>> v = pd.DataFrame({"k=1/3": [0.1, 0.2, 0.3], "k=1/2": [0.05, 0.15, 0.1]},
    ...                  index=["A", "B", "C"])
    >>> rank_robustness(v)["share_preserved"].round(4).tolist()
    [0.6667]
    """
    if values.shape[1] < 2:
        raise ValueError("values needs at least two specifications (columns) to compare.")
    if values.isna().any().any():
        raise ValueError("values has missing entries; every region needs a value in every column.")
    baseline = values.columns[0] if baseline is None else baseline
    if baseline not in values.columns:
        raise KeyError(f"baseline {baseline!r} is not a column; columns: {list(values.columns)}.")
    first, second = np.triu_indices(len(values), k=1)
    reference = values[baseline].to_numpy()
    reference_order = np.sign(reference[first] - reference[second])
    rows = {}
    for column in values.columns.drop(baseline):
        other = values[column].to_numpy()
        preserved = np.sign(other[first] - other[second]) == reference_order
        row = {
            "pairs": len(first),
            "preserved": int(preserved.sum()),
            "share_preserved": preserved.mean() if len(first) else np.nan,
            "kendall_tau_b": stats.kendalltau(reference, other, variant="b").statistic,
        }
        if significant is not None:
            row.update(_significant_preserved(values.index, first, second, preserved, significant))
        rows[column] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("specification")


def _significant_preserved(
    labels: pd.Index,
    first: np.ndarray,
    second: np.ndarray,
    preserved: np.ndarray,
    significant: pd.DataFrame,
) -> dict[str, float]:
    flags = significant.set_index(["group_a", "group_b"])["significant"]
    pairs = list(zip(labels[first], labels[second], strict=True))
    missing = [pair for pair in pairs if pair not in flags.index]
    if missing:
        raise KeyError(
            f"significant has no row for the pairs {missing[:3]}; compute it with "
            "compare_groups() on the same regions."
        )
    is_significant = flags.loc[pairs].to_numpy(dtype=bool)
    count = int(is_significant.sum())
    return {
        "significant_pairs": count,
        "share_significant_preserved": preserved[is_significant].mean() if count else np.nan,
    }
