"""Designing a national MPI: candidate indicators beyond the global ten, and a design's evaluation.

A national MPI chooses its own dimensions, indicators, deprivation cutoffs, weights and poverty
cutoff ``k``. This module gives the computation behind the interactive designer
(:func:`sptools.widgets.mpi_designer`), so that it can also be run and tested without widgets:

* :data:`CANDIDATES`: extra household deprivations that the survey supports (no health insurance,
  no bank account, no internet use, a member with a disability, a stricter schooling cutoff),
  defined like :data:`sptools.indicators.INDICATORS`;
* :func:`candidate_indicators`: the ten global indicators and the candidates, one row per person,
  with NA where an indicator is missing;
* :func:`evaluate_design`: H, A and M0 of a design next to a baseline (the global MPI) on the
  same persons, the SE of each difference (joint linearisation: same sample), the robustness
  of the ranking of provinces, who changes status, and the redundancy of the design's
  indicators (:func:`sptools.mpi.indicator_redundancy`).

The unit of identification is the household, as in the global MPI: every member carries the
household's deprivations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pandas as pd

from sptools.design import Design, design_rows
from sptools.indicators import INDICATORS, Indicator, global_mpi
from sptools.indicators.validation import nullable_bool, require_columns
from sptools.mpi import (
    GLOBAL_MPI,
    Exclusions,
    MPIResult,
    compare_groups,
    nested_weights,
    rank_robustness,
)
from sptools.mpi.inputs import resolve_design
from sptools.mpi.measure import RATIOS, estimate, level_functions
from sptools.mpi.redundancy import redundancy_table
from sptools.mpi.result import MEASURES
from sptools.mpi.sample import AFSample, prepare_sample
from sptools.mpi.weights import flatten_weights, parse_k
from sptools.survey import ratio_from_totals, t_interval, two_sided_p_value
from sptools.targeting import overlap

__all__ = [
    "CANDIDATES",
    "DesignComparison",
    "candidate_indicators",
    "design_over_cutoffs",
    "design_weights",
    "evaluate_design",
    "indicator_labels",
]

ADULT_AGE = 15
INTERNET_AGES = (15, 49)
LOWER_SECONDARY_YEARS = 9
#: The two-thirds rule of the global MPI (numerator, denominator).
DATA_SHARE = (2, 3)


def _settled(deprived: pd.Series, non_deprived: pd.Series) -> pd.Series:
    """0/1 as nullable Int8: 1 where ``deprived``, 0 where ``non_deprived``, NA where neither
    holds."""
    values = pd.Series(pd.NA, index=deprived.index, dtype="Int8")
    values[non_deprived.fillna(False).to_numpy(bool)] = 0
    values[deprived.fillna(False).to_numpy(bool)] = 1
    return values


def _counts(
    persons: pd.DataFrame, flags: Mapping[str, pd.Series], households: pd.Index
) -> pd.DataFrame:
    """Number of members of each household for whom each flag is True (0 for households without
    any)."""
    table = pd.DataFrame({name: flag.fillna(False).astype(bool) for name, flag in flags.items()})
    return table.groupby(persons["hh_id"].to_numpy()).sum().reindex(households, fill_value=0)


def _no_member_has(
    persons: pd.DataFrame, households: pd.Index, answer: pd.Series, eligible: pd.Series
) -> pd.Series:
    """Deprived when no eligible member who answered says yes; NA when no eligible member
    answered."""
    counts = _counts(
        persons,
        {"observed": eligible & answer.notna(), "yes": eligible & answer.fillna(False)},
        households,
    )
    return _settled((counts["yes"] == 0) & (counts["observed"] > 0), counts["yes"] > 0)


def _adult_answers(
    persons: pd.DataFrame, column: str, ages: tuple[int, int] = (ADULT_AGE, 200)
) -> tuple[pd.Series, pd.Series]:
    answer = nullable_bool(persons[column], "persons")
    return answer, persons["age"].between(*ages)


def no_health_insurance(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if no member aged 15+ is covered by health insurance (including the HEF card).

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2, 3], name="hh_id"))
    >>> people = pd.DataFrame(
    ...     {
    ...         "hh_id": [1, 1, 2, 3],
    ...         "age": [40, 20, 30, 8],
    ...         "health_insurance": pd.array([False, True, False, pd.NA], dtype="boolean"),
    ...     }
    ... )
    >>> no_health_insurance(hh, people).tolist()   # 3: no adult, so nobody answered
    [0, 1, <NA>]
    """
    return _no_member_has(persons, households.index, *_adult_answers(persons, "health_insurance"))


def no_bank_account(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if no member aged 15+ has a bank or mobile-money account.

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2], name="hh_id"))
    >>> people = pd.DataFrame({"hh_id": [1, 2, 2], "age": [40, 30, 50],
    ...                        "bank_account": pd.array([True, False, pd.NA], dtype="boolean")})
    >>> no_bank_account(hh, people).tolist()
    [0, 1]
    """
    return _no_member_has(persons, households.index, *_adult_answers(persons, "bank_account"))


def no_internet(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if no member aged 15-49 used the internet in the last year.

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2], name="hh_id"))
    >>> people = pd.DataFrame({"hh_id": [1, 2], "age": [25, 60],
    ...                        "internet_use": pd.array([False, pd.NA], dtype="boolean")})
    >>> no_internet(hh, people).tolist()   # 2: nobody aged 15-49 was asked
    [1, <NA>]
    """
    return _no_member_has(
        persons, households.index, *_adult_answers(persons, "internet_use", INTERNET_AGES)
    )


def member_with_disability(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if a member has a lot of difficulty, or cannot do at all, in a functional domain.

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2], name="hh_id"))
    >>> people = pd.DataFrame({"hh_id": [1, 1, 2], "disability": [False, True, False]})
    >>> member_with_disability(hh, people).tolist()
    [1, 0]
    """
    disabled = nullable_bool(persons["disability"], "persons")
    counts = _counts(
        persons, {"observed": disabled.notna(), "yes": disabled.fillna(False)}, households.index
    )
    everyone_observed = counts["observed"] == persons.groupby("hh_id").size().reindex(
        households.index, fill_value=0
    )
    return _settled(counts["yes"] > 0, (counts["yes"] == 0) & everyone_observed)


def below_lower_secondary(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if no member aged 15+ has completed lower secondary school (9 years), two-thirds
    rule.

    A stricter cutoff than the global MPI's six years. Missing when fewer than two thirds of the
    members aged 15+ have data, unless someone observed has nine years; a household with no
    member aged 15+ is deprived (nobody there has completed lower secondary).

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2, 3], name="hh_id"))
    >>> people = pd.DataFrame({"hh_id": [1, 1, 2, 3, 3], "age": [40, 16, 30, 40, 35],
    ...                        "years_schooling": pd.array([6, 9, 7, 3, pd.NA], dtype="Int64")})
    >>> below_lower_secondary(hh, people).tolist()
    [0, 1, <NA>]
    """
    years = persons["years_schooling"]
    eligible = persons["age"] >= ADULT_AGE
    counts = _counts(
        persons,
        {
            "eligible": eligible,
            "observed": eligible & years.notna(),
            "achieved": eligible & (years >= LOWER_SECONDARY_YEARS),
        },
        households.index,
    )
    numerator, denominator = DATA_SHARE
    enough = counts["observed"] * denominator >= counts["eligible"] * numerator
    return _settled((counts["achieved"] == 0) & enough, counts["achieved"] > 0)


#: Candidate indicators for a national MPI, beyond the global ten (1 = deprived).
CANDIDATES: dict[str, Indicator] = {
    "d_lsec": Indicator(
        "Lower secondary (9 years)",
        "Education",
        "No member aged 15 or older has completed lower secondary school (9 years); "
        "a stricter cutoff than the global six years (two-thirds rule for missing data)",
        ("age", "years_schooling"),
        below_lower_secondary,
    ),
    "d_insur": Indicator(
        "Health insurance",
        "Health",
        "No member aged 15 or older is covered by health insurance or a Health Equity Fund card",
        ("age", "health_insurance"),
        no_health_insurance,
    ),
    "d_bank": Indicator(
        "Bank account",
        "Inclusion",
        "No member aged 15 or older has a bank or mobile-money account",
        ("age", "bank_account"),
        no_bank_account,
    ),
    "d_inet": Indicator(
        "Internet use",
        "Inclusion",
        "No member aged 15-49 used the internet in the last year (missing when "
        "nobody aged 15-49 lives there)",
        ("age", "internet_use"),
        no_internet,
    ),
    "d_disab": Indicator(
        "Disability in the household",
        "Inclusion",
        "A member has a lot of difficulty, or cannot do at all, in seeing, hearing, walking, "
        "remembering, self-care or communicating (Washington Group short set)",
        ("disability",),
        member_with_disability,
    ),
}


def indicator_labels() -> dict[str, str]:
    """Readable names of the global indicators and the candidates.

    Examples
    --------
    >>> indicator_labels()["d_bank"]
    'Bank account'
    """
    return {name: spec.label for name, spec in {**INDICATORS, **CANDIDATES}.items()}


def candidate_indicators(households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """The ten global MPI indicators and the candidates, one row per person (NA where missing).

    Parameters
    ----------
    households, persons : pandas.DataFrame
        A survey in the schema of ``datasets/codebook.csv``.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`sptools.indicators.global_mpi` (with ``complete_cases=False``) plus
        one nullable ``Int8`` column per candidate. ``attrs["missing"]`` counts the persons
        missing each indicator; nobody is dropped here: :func:`evaluate_design` keeps the
        persons complete for the indicators a design uses and reports the others.

    Examples
    --------
    >>> from sptools.datasets import load_households, load_persons  # doctest: +SKIP
    >>> data = candidate_indicators(load_households(), load_persons())  # doctest: +SKIP
    >>> {"d_nutr", "d_bank"} <= set(data.columns)  # doctest: +SKIP
    True
    """
    questions = sorted({q for spec in CANDIDATES.values() for q in spec.questions} - {"age"})
    require_columns(persons, ("hh_id", "age", *questions), "persons")
    base = global_mpi(households, persons, complete_cases=False)
    by_household = households.set_index("hh_id")
    extra = pd.DataFrame(
        {name: spec.compute(by_household, persons) for name, spec in CANDIDATES.items()}
    )
    result = base.join(extra, on="hh_id")
    result.attrs = {
        "missing": {
            column: int(result[column].isna().sum()) for column in [*INDICATORS, *CANDIDATES]
        }
    }
    return result


def design_weights(
    dimensions: Mapping[str, Sequence[str]], dimension_weights: Mapping[str, object] | None = None
) -> dict[str, dict[str, Fraction]]:
    """Nested weights of a design: dimension -> {indicator: weight}, equal within a dimension.

    Dimensions without indicators are left out, and the others' weights rescaled to sum to one.

    Parameters
    ----------
    dimensions : mapping
        Dimension -> indicator columns.
    dimension_weights : mapping, optional
        Dimension -> relative weight (any non-negative numbers, rescaled to sum to one); equal
        by default.

    Examples
    --------
    >>> w = design_weights(
    ...     {"Health": ["d_nutr"], "Work": [], "Assets": ["d_asst", "d_elct"]},
    ...     {"Health": 2, "Work": 1, "Assets": 1},
    ... )
    >>> w["Health"]["d_nutr"], w["Assets"]["d_elct"]
    (Fraction(2, 3), Fraction(1, 6))
    """
    used = {name: list(members) for name, members in dimensions.items() if len(members)}
    if not used:
        raise ValueError("the design has no indicators; put at least one indicator in a dimension.")
    if dimension_weights is None:
        relative = {name: Fraction(1) for name in used}
    else:
        unknown = sorted(set(used) - set(dimension_weights))
        if unknown:
            raise KeyError(
                f"dimension_weights has no weight for {unknown}; "
                "give every dimension used a weight."
            )
        relative = {name: Fraction(dimension_weights[name]) for name in used}
        if any(value < 0 for value in relative.values()):
            raise ValueError(f"dimension weights must be >= 0, got {dimension_weights}.")
    total = sum(relative.values(), Fraction(0))
    if total == 0:
        raise ValueError(
            "every dimension used has weight 0; give at least one dimension a positive weight."
        )
    flat = nested_weights(used, {name: value / total for name, value in relative.items()})
    return {
        name: {indicator: flat[indicator] for indicator in members}
        for name, members in used.items()
    }


@dataclass(frozen=True)
class DesignComparison:
    """A national MPI design next to a baseline, on the same persons.

    Attributes
    ----------
    design, baseline : MPIResult
        Estimates of the design and of the baseline (by default the global MPI at k = 1/3),
        with groups (provinces by default).
    summary : pandas.DataFrame
        Rows H, A, M0, vulnerable, severe; columns design, baseline, difference (design -
        baseline), difference_se, difference_ci_low, difference_ci_high, p_value and the
        design's confidence interval (design_ci_low, design_ci_high). The two measures are
        estimated on the same persons, so the SE of the difference comes from the joint
        linearisation (the covariance of the two estimates counts), not from the two SEs as if
        independent.
    ranking : pandas.Series
        Robustness of the ranking of groups by M0, design against baseline: pairs, preserved,
        share_preserved, kendall_tau_b, significant_pairs, share_significant_preserved.
    switching : pandas.DataFrame
        :func:`sptools.targeting.overlap` of "poor (design)" and "poor (baseline)": the share of
        people poor under both, under only one, or under neither.
    excluded : Exclusions
        Persons left out because an indicator of the design or of the baseline is missing.
    redundancy : pandas.DataFrame
        :func:`sptools.mpi.indicator_redundancy` of the design's indicators (R0 and Cramer's V
        of every pair), on the same persons.
    """

    design: MPIResult
    baseline: MPIResult
    summary: pd.DataFrame
    ranking: pd.Series
    switching: pd.DataFrame
    excluded: Exclusions
    redundancy: pd.DataFrame

    @property
    def exclusions(self) -> Exclusions:
        """The same as :attr:`excluded` (the result protocol's name)."""
        return self.excluded


#: Design columns of the survey tables (the defaults of :class:`sptools.Design`).
_LEGACY_DEFAULTS = {"sample_weight": "weight", "strata": "stratum", "psu": "psu"}


def _same_persons(
    data: pd.DataFrame, weights: Mapping[str, object], baseline: Mapping[str, object]
) -> tuple[pd.DataFrame, pd.Series]:
    """The data with every indicator of either measure set to NA for persons missing any of them
    (so both are computed on the same persons), and the mask of those persons."""
    used = list(dict.fromkeys([*flatten_weights(weights)[0], *flatten_weights(baseline)[0]]))
    absent = [column for column in used if column not in data.columns]
    if absent:
        raise KeyError(
            f"indicator columns {absent} are not in the data; "
            "build the data with candidate_indicators() (indicators available: "
            f"{sorted(set(INDICATORS) | set(CANDIDATES))})."
        )
    incomplete = data[used].isna().any(axis=1)
    common = data.assign(
        **{column: data[column].astype("Int8").mask(incomplete) for column in used}
    )
    return common, incomplete


def design_over_cutoffs(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    cutoffs: Sequence[object],
    *,
    baseline: Mapping[str, object] = GLOBAL_MPI,
    baseline_k: object = Fraction(1, 3),
    design: Design | None = None,
) -> pd.DataFrame:
    """H, A, M0 and the indicators' contributions of a design at several cutoffs k, next to the
    baseline, on the same persons (as :func:`evaluate_design`, without the comparisons).

    Parameters
    ----------
    data, weights, baseline, baseline_k, design
        As in :func:`evaluate_design`.
    cutoffs : sequence of float or Fraction
        The design's poverty cutoffs.

    Returns
    -------
    pandas.DataFrame
        One row per cutoff, measure and indicator: ``k`` (the design's cutoff, also on the
        baseline's rows), ``measure`` ("design" or "baseline"), ``indicator``, ``contribution``
        (share of M0; NA when nobody is poor), ``H``, ``A``, ``M0`` and ``excluded`` (persons
        missing an indicator of either measure, left out of both).

    Examples
    --------
    >>> from sptools import Design
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0], "b": [1, 0, 0, 1]})
    >>> plain = Design(df, weight=None, strata=None, psu=None)
    >>> sweep = design_over_cutoffs(df, {"a": 0.5, "b": 0.5}, [Fraction(1, 2), 1],
    ...                             baseline={"a": 1}, baseline_k=1, design=plain)
    >>> sweep.query("measure == 'design'").groupby("k")["H"].first().tolist()
    [0.75, 0.25]
    """
    arrays = design_rows(data, Design(data) if design is None else design)
    common, incomplete = _same_persons(data, weights, baseline)
    samples = {
        "design": prepare_sample(common, weights, arrays, missing="drop"),
        "baseline": prepare_sample(common, baseline, arrays, missing="drop"),
    }
    reference = estimate(samples["baseline"], baseline_k)
    rows = []
    for k in cutoffs:
        for measure, result in (
            ("design", estimate(samples["design"], k)),
            ("baseline", reference),
        ):
            contribution = result.indicators["contribution"] if result.M0 > 0 else np.nan
            rows.append(
                pd.DataFrame(
                    {
                        "k": [k] * len(result.indicators),
                        "measure": measure,
                        "indicator": result.indicators.index,
                        "contribution": contribution,
                        "H": result.H,
                        "A": result.A,
                        "M0": result.M0,
                    }
                )
            )
    return pd.concat(rows, ignore_index=True).assign(excluded=int(incomplete.sum()))


def _survey(data: pd.DataFrame, design: Design | None, legacy: Mapping[str, str | None]) -> Design:
    """The survey design: ``design=``, the deprecated column names, or ``Design(data)``."""
    unknown = sorted(set(legacy) - set(_LEGACY_DEFAULTS))
    if unknown:
        raise TypeError(
            f"evaluate_design() got unexpected keyword arguments {unknown}; declare the survey "
            "design instead: design=Design(data, weight='weight', strata='stratum', psu='psu')."
        )
    if legacy:
        columns = {**_LEGACY_DEFAULTS, **legacy}
        # warns that the names are deprecated, and refuses them together with design=
        resolve_design(data, design, caller="evaluate_design", stacklevel=5, **columns)
        return Design(
            data, weight=columns["sample_weight"], strata=columns["strata"], psu=columns["psu"]
        )
    return Design(data) if design is None else design


def _paired_difference(
    samples: tuple[AFSample, AFSample], cutoffs: tuple[object, object], level: float
) -> pd.DataFrame:
    """Difference of each measure between two AF specifications on the same rows, with its SE.

    Both estimates are ratios of PSU totals of the same design; their joint linearisation
    gives ``Var(d - b) = Var(d) + Var(b) - 2 Cov(d, b)``.
    """
    functions = [
        level_functions(sample.profile_score, sample.weights.denominator, parse_k(k))
        for sample, k in zip(samples, cutoffs, strict=True)
    ]
    arrays = samples[0].design
    rows = {}
    for measure in MEASURES:
        top, bottom = RATIOS[measure]
        numerator = np.column_stack(
            [s.psu_profile @ f[top] for s, f in zip(samples, functions, strict=True)]
        )
        denominator = np.column_stack(
            [s.psu_profile @ f[bottom] for s, f in zip(samples, functions, strict=True)]
        )
        joint = ratio_from_totals(numerator, denominator, arrays)
        estimate = np.where(denominator.sum(axis=0) > 0, joint.estimate, 0.0)
        covariance = joint.covariance
        variance = covariance[0, 0] + covariance[1, 1] - 2 * covariance[0, 1]
        rows[measure] = (estimate[0] - estimate[1], np.sqrt(max(variance, 0.0)))
    table = pd.DataFrame.from_dict(rows, orient="index", columns=["difference", "difference_se"])
    low, high = t_interval(table["difference"], table["difference_se"], arrays.df, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        p_value = two_sided_p_value(table["difference"] / table["difference_se"], arrays.df)
    return table.assign(difference_ci_low=low, difference_ci_high=high, p_value=p_value)


def evaluate_design(
    data: pd.DataFrame,
    weights: Mapping[str, object],
    k: object,
    *,
    baseline: Mapping[str, object] = GLOBAL_MPI,
    baseline_k: object = Fraction(1, 3),
    by: str = "province",
    design: Design | None = None,
    level: float = 0.95,
    **legacy_design: str | None,
) -> DesignComparison:
    """Evaluate a national MPI design against a baseline on the same persons.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`candidate_indicators` (or any frame with the indicator, group and design
        columns).
    weights : mapping
        The design's weights, nested (dimension -> {indicator: weight}, e.g. from
        :func:`design_weights`) or flat.
    k : float or Fraction
        The design's poverty cutoff.
    baseline, baseline_k
        The reference measure (the global MPI at k = 1/3 by default).
    by : str
        Groups whose ranking is compared (provinces by default).
    design : sptools.Design, optional
        The survey design; by default ``Design(data)`` (columns weight, stratum and psu, as
        in every table of :mod:`sptools.indicators`).
    level : float
        Confidence level of the intervals in ``summary``.
    **legacy_design
        Deprecated ``sample_weight=``, ``strata=``, ``psu=``: pass ``design=`` instead.

    Returns
    -------
    DesignComparison

    Notes
    -----
    Persons missing any indicator of the design or of the baseline are excluded from both, so
    that the two are compared on the same people; they stay in the survey design (a domain) and
    are counted in ``excluded``.

    Examples
    --------
    >>> from sptools import Design
    >>> df = pd.DataFrame({"a": [1, 1, 0, 0, 1, 0], "b": [1, 0, 0, 1, 1, 0], "g": list("xxxyyy")})
    >>> c = evaluate_design(df, {"a": 0.5, "b": 0.5}, 1, baseline={"a": 1}, baseline_k=1, by="g",
    ...                     design=Design(df, weight=None, strata=None, psu=None))
    >>> c.summary.loc["H", ["design", "baseline", "difference"]].round(4).tolist()
    [0.3333, 0.5, -0.1667]
    """
    survey = _survey(data, design, legacy_design)
    arrays = design_rows(data, survey)
    common, incomplete = _same_persons(data, weights, baseline)
    samples = (
        prepare_sample(common, weights, arrays, by=by, missing="drop"),
        prepare_sample(common, baseline, arrays, by=by, missing="drop"),
    )
    proposed = estimate(samples[0], k, level=level)
    reference = estimate(samples[1], baseline_k, level=level)
    design_ci, measures = proposed.ci(level), list(MEASURES)
    summary = pd.DataFrame(
        {
            "design": [getattr(proposed, m) for m in measures],
            "baseline": [getattr(reference, m) for m in measures],
        },
        index=pd.Index(measures, name="measure"),
    ).join(_paired_difference(samples, (k, baseline_k), level))
    summary["design_ci_low"] = [design_ci[m][0] for m in measures]
    summary["design_ci_high"] = [design_ci[m][1] for m in measures]
    values = pd.DataFrame({"baseline": reference.groups["M0"], "design": proposed.groups["M0"]})
    ranking = rank_robustness(values, "baseline", significant=compare_groups(reference, "M0")).loc[
        "design"
    ]
    complete = ~incomplete.to_numpy()
    flags = pd.DataFrame(
        {
            "poor (design)": proposed.poor.to_numpy()[complete].astype(bool),
            "poor (baseline)": reference.poor.to_numpy()[complete].astype(bool),
        }
    )
    switching = overlap(flags.set_axis(data.index[complete]), design=survey)
    redundancy = redundancy_table(common, list(flatten_weights(weights)[0]), arrays, "drop")
    return DesignComparison(
        proposed, reference, summary, ranking, switching, proposed.exclusions, redundancy
    )
