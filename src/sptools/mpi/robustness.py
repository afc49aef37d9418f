"""Robustness of Alkire-Foster results to the poverty cutoff and to the weights.

* :func:`k_sweep`: H, A and M0 (with SEs) for every attainable cutoff ``k`` - the distinct
  values a deprivation score can take - from one pass over the data.
* :func:`k_dominance`: whether one distribution's H(k) or M0(k) curve lies above another's
  for every ``k`` in a range, and the cutoffs where the ordering flips.
* :func:`weighting_robustness`: the same estimates under alternative weighting schemes.
* :func:`rank_robustness`: how far the ranking of regions survives a change of specification
  (share of pairwise orderings preserved, Kendall's tau-b, and the share of significant
  pairwise differences preserved).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd
from scipy import stats

from sptools.design import Design
from sptools.mpi.identification import MissingPolicy
from sptools.mpi.inputs import resolve_design
from sptools.mpi.measure import estimate, level_functions
from sptools.mpi.sample import prepare_sample
from sptools.mpi.weights import parse_k, parse_weights
from sptools.results import TableResult
from sptools.survey import ratio_from_totals

__all__ = [
    "KDominance",
    "attainable_scores",
    "k_dominance",
    "k_sweep",
    "rank_robustness",
    "weighting_robustness",
]

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
    design: Design | None = None,
    missing: MissingPolicy = "raise",
    level: float = 0.95,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
) -> pd.DataFrame:
    """H, A and M0 with design-based SEs for every cutoff ``k``.

    Parameters
    ----------
    data, weights, design, missing, level
        As in :func:`sptools.mpi.alkire_foster`.
    ks : sequence, optional
        Cutoffs to examine (at least one); by default every attainable score
        (:func:`attainable_scores`).
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=``.

    Returns
    -------
    TableResult
        Reads like a table indexed by ``k`` (exact fractions), columns k_value (float), H, A,
        M0, H_se, A_se, M0_se, the M0 confidence interval and ``n``; ``.to_frame()`` gives the
        tidy estimates (k, measure), ``.exclusions`` the rows left out.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
    >>> k_sweep(df, {"a": 0.5, "b": 0.5})[["H", "M0"]].to_dict("list")
    {'H': [0.75, 0.25], 'M0': [0.5, 0.25]}
    """
    cutoffs = _cutoffs(ks, weights)
    arrays = resolve_design(
        data, design, sample_weight=sample_weight, strata=strata, psu=psu, caller="k_sweep"
    )
    sample = prepare_sample(data, weights, arrays, missing=missing)
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
    table = pd.DataFrame(
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
            "n": int(sample.group_counts.sum()),
        },
        index=pd.Index(cutoffs, name="k"),
    )
    return TableResult(
        table,
        {"H": "H_se", "A": "A_se", "M0": "M0_se"},
        n="n",
        df=sample.design.df,
        exclusions=sample.excluded,
        title="H, A and M0 by poverty cutoff k",
    )


def _cutoffs(ks: Sequence[object] | None, weights: Mapping[str, object]) -> list[Fraction]:
    if ks is None:
        return attainable_scores(weights)
    if isinstance(ks, str) or not isinstance(ks, Sequence | np.ndarray | pd.Index):
        raise TypeError(
            f"ks must be a list of cutoffs, got {ks!r}; e.g. ks=[Fraction(1, 3), Fraction(1, 2)], "
            "or leave it out for every attainable cutoff."
        )
    if len(ks) == 0:
        raise ValueError(
            "ks is empty: give at least one cutoff, e.g. ks=[Fraction(1, 3)], or leave it out "
            "(ks=None) for every attainable cutoff."
        )
    return [parse_k(k) for k in ks]


def weighting_robustness(
    data: pd.DataFrame,
    schemes: Mapping[str, Mapping[str, object]],
    k: object,
    *,
    by: str | None = None,
    design: Design | None = None,
    missing: MissingPolicy = "raise",
    level: float = 0.95,
    sample_weight: str | None = None,
    strata: str | None = None,
    psu: str | None = None,
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
    design, missing, level
        As in :func:`alkire_foster`.
    sample_weight, strata, psu : str, optional
        Deprecated: pass ``design=``.

    Returns
    -------
    pandas.DataFrame
        Index scheme (or scheme and group), columns H, A, M0 and their SEs. For region
        rankings: ``table["M0"].unstack("scheme")`` feeds :func:`rank_robustness`.

    Examples
    --------
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]})
    >>> t = weighting_robustness(
    ...     df, {"equal": {"a": 0.5, "b": 0.5}, "a": {"a": 0.75, "b": 0.25}}, 0.5
    ... )
    >>> t["H"].tolist()
    [0.75, 0.5]
    """
    if not schemes:
        raise ValueError("schemes must name at least one weighting scheme.")
    arrays = resolve_design(
        data,
        design,
        sample_weight=sample_weight,
        strata=strata,
        psu=psu,
        caller="weighting_robustness",
    )
    columns = ["H", "A", "M0", "H_se", "A_se", "M0_se"]
    tables = {}
    for name, weights in schemes.items():
        sample = prepare_sample(data, weights, arrays, by=by, missing=missing)
        result = estimate(sample, k, level=level)
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


@dataclass(frozen=True)
class KDominance:
    """Whether one distribution's H(k) or M0(k) curve lies above another's over a range of k.

    Attributes
    ----------
    measure : str
        "H", "M0" or "A".
    table : pandas.DataFrame
        Indexed by the cutoffs ``k`` compared: first, second, difference (first - second) and
        order (+1 first above, -1 below, 0 equal).
    flips : list of Fraction
        The cutoffs at which the ordering reverses (relative to the last cutoff where the two
        differed).
    """

    measure: str
    table: pd.DataFrame
    flips: list[Fraction]

    @property
    def first_dominates(self) -> bool:
        """The first curve is at or above the second at every k, strictly above at one."""
        order = self.table["order"]
        return bool((order >= 0).all() and (order > 0).any())

    @property
    def second_dominates(self) -> bool:
        """The second curve is at or above the first at every k, strictly above at one."""
        order = self.table["order"]
        return bool((order <= 0).all() and (order < 0).any())

    def __repr__(self) -> str:
        ks = self.table.index
        span = f"k from {ks.min()} to {ks.max()} ({len(ks)} cutoffs)"
        if self.first_dominates:
            verdict = f"the first {self.measure}(k) curve lies at or above the second"
        elif self.second_dominates:
            verdict = f"the second {self.measure}(k) curve lies at or above the first"
        elif not self.flips:
            verdict = "the curves are equal"
        else:
            verdict = "no dominance: the ordering flips at k = " + ", ".join(
                str(k) for k in self.flips
            )
        return f"{self.measure}(k) dominance, {span}: {verdict}."


def k_dominance(
    first: TableResult | pd.DataFrame,
    second: TableResult | pd.DataFrame,
    measure: str = "M0",
    *,
    k_range: tuple[object, object] | None = None,
) -> KDominance:
    """Compare two k-curves (e.g. two regions or rounds) cutoff by cutoff.

    First-order dominance of the censored headcounts (Alkire et al. 2015, ch. 8): if H(k) or
    M0(k) of one distribution lies above the other's at every k in a range, the ranking of
    the two is robust to the choice of k in that range.

    Parameters
    ----------
    first, second : TableResult or pandas.DataFrame
        :func:`k_sweep` results or their tables (indexed by ``k``) of the two distributions,
        computed with the same weights.
    measure : str
        "H", "M0" or "A".
    k_range : (low, high), optional
        Only cutoffs with ``low <= k <= high``; all common cutoffs by default.

    Returns
    -------
    KDominance

    Examples
    --------
    >>> north = k_sweep(pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 1, 0]}), {"a": 0.5, "b": 0.5})
    >>> south = k_sweep(pd.DataFrame({"a": [1, 1, 1, 1], "b": [0, 0, 0, 0]}), {"a": 0.5, "b": 0.5})
    >>> k_dominance(north, south, "H").flips
    [Fraction(1, 1)]
    """
    if measure not in ("H", "M0", "A"):
        raise ValueError(f"measure must be 'H', 'M0' or 'A', got {measure!r}.")
    tables = {}
    for name, table in (("first", first), ("second", second)):
        if isinstance(table, TableResult):
            table = table.table
        if not isinstance(table, pd.DataFrame) or measure not in table.columns:
            raise TypeError(
                f"{name} must be a k_sweep() table with a {measure!r} column, got "
                f"{type(table).__name__}; e.g. k_dominance(k_sweep(north, W), k_sweep(south, W))."
            )
        tables[name] = table
    first, second = tables["first"], tables["second"]
    common = first.index.intersection(second.index)
    if k_range is not None:
        low, high = (parse_k(k) for k in k_range)
        common = common[(common >= low) & (common <= high)]
    if len(common) == 0:
        raise ValueError(
            "the two k_sweep tables share no cutoff in the range; compute both with the same "
            f"weights (first: {list(first.index[:3])}..., second: {list(second.index[:3])}...)."
        )
    common = common.sort_values()
    values = pd.DataFrame(
        {"first": first.loc[common, measure], "second": second.loc[common, measure]}
    )
    values["difference"] = values["first"] - values["second"]
    values["order"] = np.sign(values["difference"].round(12)).astype(int)
    return KDominance(measure=measure, table=values, flips=_flips(values["order"]))


def _flips(order: pd.Series) -> list[Fraction]:
    """Cutoffs where the sign differs from the last non-zero sign before it."""
    nonzero = order[order != 0]
    changed = nonzero.to_numpy()[1:] != nonzero.to_numpy()[:-1]
    return list(nonzero.index[1:][changed])
