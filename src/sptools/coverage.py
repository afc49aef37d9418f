"""Social protection coverage: SDG 1.3.1 from administrative records and from a survey.

SDG indicator 1.3.1 is the share of the population covered by at least one social protection
scheme. It can be measured two ways, and the two rarely agree:

* :func:`admin_coverage`: count the *persons* in the administrative records (after the registers
  have been linked and deduplicated, so that a person in two schemes counts once) and divide by
  population figures (projections). No sampling error, but every fault of the records (duplicates
  left, closed or deceased records, people registered in the wrong province, an out-of-date
  denominator) moves the figure.
* :func:`survey_coverage`: the weighted share of survey respondents who report at least one
  scheme, with a design-based standard error. Self-reports, recall, and the survey's sample frame
  move this one.

:func:`compare` puts them side by side with the survey's confidence interval. The other functions
ask who is covered: :func:`poor_coverage` (coverage of the poor), :func:`registry_errors`
(inclusion and exclusion errors of a registry, e.g. IDPoor, against the survey's poverty measures,
through :func:`sptools.targeting.targeting_errors`) and :func:`uncovered` (how many people have no
protection at all, a weighted total with its SE).

Examples
--------
>>> records = pd.DataFrame({"person": [1, 1, 2, 3], "scheme": ["a", "b", "a", "b"],
...                         "province": ["P", "P", "P", "Q"]})
>>> population = pd.DataFrame({"province": ["P", "Q"], "population": [4, 10]})
>>> admin_coverage(records, population, by="province").table["coverage"].tolist()
[0.5, 0.1]
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.results import Exclusions, Result
from sptools.survey import domain_codes
from sptools.targeting import targeting_errors

__all__ = [
    "AdminCoverage",
    "admin_coverage",
    "compare",
    "covered_flag",
    "poor_coverage",
    "registry_errors",
    "survey_coverage",
    "uncovered",
]

#: Record statuses that count as covered (others, e.g. "closed" or "deceased", are left out).
ACTIVE = ("active",)


# -- input checks -------------------------------------------------------------------------------


def _require_frame(table: object, role: str, example: str) -> pd.DataFrame:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{role} must be a pandas DataFrame, got {type(table).__name__}; {example}")
    if table.empty:
        raise ValueError(
            f"{role} is empty (0 rows): there is nothing to count. Check the filter that built it; "
            f"{example}"
        )
    return table


def _require_columns(table: pd.DataFrame, columns: Sequence[str], role: str) -> None:
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise KeyError(
            f"{role} has no column {missing[0]!r} (missing: {missing}); its columns are "
            f"{list(table.columns)[:15]}. Rename the column or pass its name as an argument."
        )


def _require_design(design: object) -> None:
    if not isinstance(design, Design):
        raise TypeError(
            "design= must be a sptools.Design declared on the persons, e.g. "
            f"Design(people, weight='weight', strata='stratum', psu='psu'); got "
            f"{type(design).__name__}."
        )


def _groups(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    return [by] if isinstance(by, str) else list(by)


# -- coverage from administrative records --------------------------------------------------------


@dataclass(frozen=True)
class AdminCoverage:
    """Coverage counted from linked administrative records.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group (or one row, ``"national"``): ``covered`` (distinct persons with at
        least one active record), ``population`` (the figures given), ``coverage`` (their ratio).
    records : int
        Records read.
    persons : int
        Distinct persons behind the active records (records minus duplicates).
    exclusions : Exclusions
        Records left out: inactive status (closed, deceased), a missing person key, or a missing
        group value; by reason.
    moved : int
        Persons whose active records disagree on a group column (counted in the group of their
        first record, in the order given).

    Examples
    --------
    >>> records = pd.DataFrame({"person": [1, 1, 2], "scheme": ["a", "b", "a"]})
    >>> result = admin_coverage(records, 10)
    >>> result.coverage, result.persons, result.records
    (0.2, 2, 3)
    """

    table: pd.DataFrame
    records: int
    persons: int
    exclusions: Exclusions
    moved: int

    @property
    def coverage(self) -> float:
        """Coverage of the whole population (covered persons over the total population)."""
        return float(self.table["covered"].sum() / self.table["population"].sum())

    @property
    def duplicates(self) -> int:
        """Active records that are a second (or later) record of a person already counted."""
        return self.records - self.exclusions.n_excluded - self.persons

    def _lines(self) -> list[str]:
        return [
            f"{self.records:,} records -> {self.persons:,} persons covered "
            f"({self.duplicates:,} duplicate records counted once)",
            str(self.exclusions),
            f"coverage {self.coverage:.1%} of a population of "
            f"{self.table['population'].sum():,.0f}",
        ] + ([f"{self.moved:,} persons with records in two groups"] if self.moved else [])

    def __repr__(self) -> str:
        return "\n".join(["Coverage from administrative records", *self._lines()])

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self._lines())
        return (
            f"<div><strong>Coverage from administrative records</strong><ul>{items}</ul>"
            f"{self.table.to_html()}</div>"
        )


def _population_table(
    population: pd.DataFrame | float | int, groups: list[str], column: str
) -> pd.Series:
    """Population figures indexed by group (one value ``national`` without groups)."""
    if not groups:
        if isinstance(population, pd.DataFrame):
            _require_columns(population, [column], "population")
            total = population[column].sum()
        else:
            total = population
        if not np.isfinite(total) or total <= 0:
            raise ValueError(
                f"population must be a positive number of people, got {total!r}; pass the "
                "population figure the coverage is a share of."
            )
        return pd.Series([float(total)], index=pd.Index(["national"], name="group"))
    if not isinstance(population, pd.DataFrame):
        raise TypeError(
            f"with by={groups}, population must be a DataFrame with the columns {groups} and "
            f"{column!r} (one row per group), got {type(population).__name__}."
        )
    _require_frame(population, "population", "pass one row per group with its population.")
    _require_columns(population, [*groups, column], "population")
    figures = population.set_index(groups)[column]
    if not figures.index.is_unique:
        raise ValueError(
            "population has several rows for the group "
            f"{figures.index[figures.index.duplicated()][0]!r}; give one row per group "
            "(sum them first)."
        )
    values = pd.to_numeric(figures, errors="coerce")
    bad = values.isna() | (values <= 0)
    if bad.any():
        raise ValueError(
            f"population column {column!r} must hold positive numbers; group "
            f"{figures.index[bad][0]!r} has {figures[bad].iloc[0]!r}."
        )
    return values.astype(np.float64)


def admin_coverage(
    records: pd.DataFrame,
    population: pd.DataFrame | float | int,
    *,
    person: str = "person",
    by: str | Sequence[str] | None = None,
    status: str | None = None,
    active: Sequence[str] = ACTIVE,
    population_column: str = "population",
) -> AdminCoverage:
    """Share of the population covered by at least one scheme, from linked records.

    Parameters
    ----------
    records : pandas.DataFrame
        One row per record of any scheme (beneficiaries, members), stacked, with a column that
        identifies the *person* across registers (the cluster id of
        :func:`sptools.registry.deduplicate`, or the ``person_id`` of a truth table).
    population : pandas.DataFrame or number
        The denominator: the total population, or, with ``by``, a table with the group columns
        and ``population_column`` (one row per group).
    person : str
        Column of the person key. A record with a missing key cannot be counted and is
        reported in the exclusions.
    by : str or list of str, optional
        Group columns (e.g. ``"province"``). A person whose records disagree (moved) is counted
        once, in the group of their first record; how many did is reported (``moved``).
    status : str, optional
        Column of the record status; only records whose status is in ``active`` count. Without it
        every record counts.
    active : sequence of str
        Statuses that count as covered (default ``("active",)``).
    population_column : str
        Column of ``population`` holding the figures.

    Returns
    -------
    AdminCoverage
        ``.table`` (covered, population, coverage per group), ``.coverage`` (overall),
        ``.persons``, ``.records``, ``.duplicates``, ``.exclusions`` and ``.moved``.

    Raises
    ------
    KeyError
        A named column is missing.
    ValueError
        An empty table, a group with records but no population figure, or a population figure
        that is not a positive number; a group covering more persons than its population.

    Examples
    --------
    >>> records = pd.DataFrame({"person": [1, 2, 2, 3], "status": ["active"] * 3 + ["closed"]})
    >>> result = admin_coverage(records, 8, status="status")
    >>> result.coverage, result.duplicates, result.exclusions.n_excluded
    (0.25, 1, 1)
    """
    example = "e.g. pd.concat([family_package, nssf_members]) with a person key from the linkage."
    records = _require_frame(records, "records", example)
    groups = _groups(by)
    _require_columns(records, [person, *groups, *([status] if status else [])], "records")
    figures = _population_table(population, groups, population_column)

    reasons = {}
    keep = pd.Series(True, index=records.index)
    if status is not None:
        inactive = ~records[status].isin(list(active))
        reasons[f"{status} not in {list(active)}"] = int(inactive.sum())
        keep &= ~inactive
    no_key = records[person].isna() & keep
    reasons[f"{person} missing"] = int(no_key.sum())
    keep &= ~no_key
    for column in groups:
        gap = records[column].isna() & keep
        reasons[f"{column} missing"] = int(gap.sum())
        keep &= ~gap
    kept = records.loc[keep]
    exclusions = Exclusions(
        n_rows=len(records),
        n_excluded=int((~keep).sum()),
        weighted_share=float("nan"),
        by_column={reason: count for reason, count in reasons.items() if count},
        reason="inactive records or missing keys",
    )

    persons = kept.drop_duplicates(person)
    moved = 0
    if groups:
        spread = kept.groupby(person, sort=False)[groups].nunique()
        moved = int((spread > 1).any(axis=1).sum())
        counts = persons.groupby(groups).size()
        unknown = counts.index.difference(figures.index)
        if len(unknown):
            raise ValueError(
                f"records have persons in the group {unknown[0]!r} "
                f"({counts[unknown[0]]:,} persons) but population has no figure for it; add a "
                f"row for every group of {groups} (check the spelling of the names)."
            )
        covered = counts.reindex(figures.index, fill_value=0)
    else:
        covered = pd.Series([len(persons)], index=figures.index)
    table = pd.DataFrame({"covered": covered.astype(np.int64), "population": figures})
    table["coverage"] = table["covered"] / table["population"]
    over = table["coverage"] > 1
    if over.any():
        raise ValueError(
            f"group {table.index[over][0]!r} has {table['covered'][over].iloc[0]:,} covered "
            f"persons for a population of {table['population'][over].iloc[0]:,.0f}: coverage "
            "above 100%. The records are not deduplicated (pass the linked person key) or the "
            "population figure is for another area or year."
        )
    return AdminCoverage(
        table=table, records=len(records), persons=len(persons), exclusions=exclusions, moved=moved
    )


# -- coverage from the survey --------------------------------------------------------------------


def covered_flag(data: pd.DataFrame, schemes: Sequence[str]) -> pd.Series:
    """1 for a person covered by at least one scheme, 0 for none, NaN when unknown.

    A person with a missing answer for one scheme but covered by another is covered; a person
    with no ``True`` and at least one missing answer is unknown (NaN: left out of the estimate
    and reported, never counted as not covered).

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person.
    schemes : sequence of str
        True/False (or 0/1) columns, one per scheme.

    Examples
    --------
    >>> data = pd.DataFrame({"a": [True, False, None, False], "b": [None, False, False, True]})
    >>> covered_flag(data, ["a", "b"]).tolist()
    [1.0, 0.0, nan, 1.0]
    """
    if isinstance(schemes, str) or not list(schemes):
        raise ValueError(
            "schemes must be a list of one or more True/False columns, e.g. "
            "['receives_family_package', 'nssf_member']."
        )
    _require_columns(data, list(schemes), "data")
    values = []
    for column in schemes:
        series = data[column]
        known = series.dropna()
        if not known.isin([True, False, 0, 1]).all():
            raise TypeError(
                f"scheme column {column!r} must be True/False (or 0/1); it has values such as "
                f"{known[~known.isin([True, False, 0, 1])].unique()[:3].tolist()}. Build a flag "
                f"first, e.g. data[{column!r}] == 'yes'."
            )
        values.append(series.astype("float64"))
    matrix = pd.concat(values, axis=1)
    any_true = (matrix == 1).any(axis=1)
    any_missing = matrix.isna().any(axis=1)
    flag = np.where(any_true, 1.0, np.where(any_missing, np.nan, 0.0))
    return pd.Series(flag, index=data.index, name="covered")


def survey_coverage(
    data: pd.DataFrame,
    schemes: Sequence[str],
    *,
    design: Design,
    by: str | None = None,
) -> Result:
    """SDG 1.3.1 from a survey: the weighted share covered by at least one scheme, with SEs.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person, on the design's index (a subset of its rows is a domain).
    schemes : sequence of str
        True/False columns, one per scheme (see :func:`covered_flag` for missing answers).
    design : sptools.Design
        The survey design of the persons.
    by : str, optional
        A column of ``data``: one estimate per group (each a domain of the full design).

    Returns
    -------
    Result
        One estimate per group (or ``"covered"``), with SEs, confidence intervals and the persons
        left out for unknown coverage in ``.exclusions``.

    Examples
    --------
    >>> data = pd.DataFrame({"a": [True, False, False, True], "b": [False, False, True, False],
    ...                      "w": [1.0, 1.0, 2.0, 4.0]})
    >>> design = Design(data, weight="w", strata=None, psu=None)
    >>> survey_coverage(data, ["a", "b"], design=design)["covered"]
    0.875
    """
    _require_design(design)
    _require_frame(data, "data", "pass one row per person.")
    if by is not None:
        _require_columns(data, [by], "data")
    flag = covered_flag(data, schemes)
    result = design.mean(flag, by=None if by is None else data[by])
    return _retitle(result, "SDG 1.3.1 coverage (survey)" + ("" if by is None else f" by {by}"))


def _retitle(result: Result, title: str) -> Result:
    return Result(
        result._estimate_table(),
        df=result.degrees_of_freedom,
        exclusions=result.exclusions,
        title=title,
    )


def poor_coverage(
    data: pd.DataFrame,
    schemes: Sequence[str],
    poor: str | Sequence[str],
    *,
    design: Design,
) -> Result:
    """Coverage of the poor: the share of each poor group covered by at least one scheme.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person, on the design's index.
    schemes : sequence of str
        True/False scheme columns.
    poor : str or list of str
        True/False poverty columns (e.g. ``"consumption_poor"``, ``"mpi_poor"``): one estimate
        for each, on the domain of the poor by that measure, plus ``"all"`` for comparison.
    design : sptools.Design

    Returns
    -------
    Result
        Estimates ``all`` and one per poverty measure, with SEs (domain estimates of the full
        design).

    Examples
    --------
    >>> data = pd.DataFrame({"a": [True, False, True, False], "poor": [True, True, False, False]})
    >>> design = Design(data, weight=None, strata=None, psu=None)
    >>> poor_coverage(data, ["a"], "poor", design=design).estimates
    {'all': 0.5, 'poor': 0.5}
    """
    measures = [poor] if isinstance(poor, str) else list(poor)
    _require_design(design)
    _require_frame(data, "data", "pass one row per person.")
    _require_columns(data, measures, "data")
    flag = covered_flag(data, schemes)
    rows = [("all", design.mean(flag))]
    for measure in measures:
        is_poor = data[measure]
        if is_poor.isna().any() or not is_poor.isin([True, False, 0, 1]).all():
            raise ValueError(
                f"poverty column {measure!r} must be True/False without missing values; "
                f"{int(is_poor.isna().sum())} are missing. Decide how to treat them first."
            )
        rows.append((measure, design.mean(flag[is_poor.astype(bool)])))
    table = pd.concat(
        [result._estimate_table().set_axis([name]) for name, result in rows], axis=0
    ).rename_axis("population")
    return Result(
        table, df=design.df, exclusions=rows[0][1].exclusions, title="Coverage of the poor"
    )


def registry_errors(
    data: pd.DataFrame,
    registered: str,
    poor: str | Sequence[str],
    *,
    design: Design,
) -> pd.DataFrame:
    """Inclusion and exclusion errors of a registry against one or more poverty measures.

    Each row is :func:`sptools.targeting.targeting_errors` of the registry flag against one
    poverty measure: ``coverage`` (share of the poor registered), ``exclusion_error`` (share of
    the poor not registered), ``inclusion_error`` (share of the registered who are not poor:
    leakage), each with its design-based SE.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person, on the design's index.
    registered : str
        True/False column: in the registry (e.g. a member of an IDPoor household).
    poor : str or list of str
        True/False poverty columns (e.g. ``"consumption_poor"``, ``"mpi_poor"``).
    design : sptools.Design

    Returns
    -------
    pandas.DataFrame
        Indexed by poverty measure: ``coverage``, ``exclusion_error``, ``inclusion_error``,
        ``target_share``, ``selected_share``, and ``<rate>_se`` for each.

    Examples
    --------
    >>> data = pd.DataFrame({"idpoor": [True, False, False, True, False],
    ...                      "poor": [True, True, True, False, False]})
    >>> design = Design(data, weight=None, strata=None, psu=None)
    >>> registry_errors(data, "idpoor", "poor", design=design).loc[
    ...     "poor", ["coverage", "exclusion_error", "inclusion_error"]].round(4).tolist()
    [0.3333, 0.6667, 0.5]
    """
    measures = [poor] if isinstance(poor, str) else list(poor)
    _require_design(design)
    _require_frame(data, "data", "pass one row per person.")
    _require_columns(data, [registered, *measures], "data")
    names = ["coverage", "exclusion_error", "inclusion_error", "target_share", "selected_share"]
    rows = {}
    for measure in measures:
        errors = targeting_errors(data[measure], data[registered], design=design)
        row = {name: errors[name] for name in names}
        row.update({f"{name}_se": errors.se[name] for name in names})
        rows[measure] = row
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("poverty_measure")


def uncovered(
    data: pd.DataFrame,
    schemes: Sequence[str],
    *,
    design: Design,
    by: str | None = None,
) -> Result:
    """How many people have no social protection: the weighted total, with its SE.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per person, on the design's index; the weights must add up to the population
        (persons, not households).
    schemes : sequence of str
        True/False scheme columns (see :func:`covered_flag`).
    design : sptools.Design
    by : str, optional
        A column of ``data``: one total per group (the groups add up to the national total).

    Returns
    -------
    Result
        Estimates: the number of persons covered by no scheme (``"uncovered"``, or one per group),
        with linearised SEs. Persons with unknown coverage are left out and reported.

    Examples
    --------
    >>> data = pd.DataFrame({"a": [True, False, False], "w": [10.0, 20.0, 30.0]})
    >>> uncovered(data, ["a"], design=Design(data, weight="w", strata=None, psu=None))["uncovered"]
    50.0
    """
    _require_design(design)
    _require_frame(data, "data", "pass one row per person.")
    flag = covered_flag(data, schemes)
    arrays = design.rows(data)
    known = flag.notna().to_numpy()
    none = np.where(known, 1.0 - flag.fillna(0).to_numpy(), 0.0)
    if by is None:
        codes, labels = np.zeros(len(data), dtype=np.int64), pd.Index(["uncovered"])
    else:
        _require_columns(data, [by], "data")
        codes, labels = domain_codes(data, by)
    totals = arrays.totals(none, codes, len(labels))
    covariance = arrays.covariance(totals)
    table = pd.DataFrame(
        {
            "estimate": totals.sum(axis=0),
            "se": np.sqrt(np.clip(np.diag(covariance), 0.0, None)),
            "n": np.bincount(codes[known], minlength=len(labels)),
        },
        index=labels,
    )
    exclusions = Exclusions(
        n_rows=len(data),
        n_excluded=int((~known).sum()),
        weighted_share=float(arrays.weight[~known].sum() / arrays.weight.sum()),
        by_column={"covered": int((~known).sum())} if (~known).any() else {},
        reason="unknown coverage",
    )
    return Result(table, df=arrays.df, exclusions=exclusions, title="Persons with no protection")


def compare(admin: AdminCoverage, survey: Result, *, level: float = 0.95) -> pd.DataFrame:
    """Administrative and survey coverage side by side, group by group.

    Parameters
    ----------
    admin : AdminCoverage
        From :func:`admin_coverage` (with or without groups).
    survey : Result
        From :func:`survey_coverage` with the same groups (a national result is matched to the
        national administrative figure).
    level : float
        Confidence level of the survey's interval.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``admin``, ``survey``, ``survey_se``, ``ci_low``, ``ci_high``,
        ``difference`` (admin minus survey, in shares) and ``within_ci`` (whether the
        administrative figure lies in the survey's interval).

    Examples
    --------
    >>> records = pd.DataFrame({"person": [1, 2]})
    >>> data = pd.DataFrame({"a": [True, False, False, False]})
    >>> survey = survey_coverage(data, ["a"], design=Design(data, weight=None, strata=None,
    ...                          psu=None))
    >>> compare(admin_coverage(records, 10), survey)["difference"].round(2).tolist()
    [-0.05]
    """
    frame = survey.to_frame(level)
    admin_table = admin.table
    if len(admin_table) == 1 and len(frame) == 1:
        frame = frame.set_axis(admin_table.index)
    common = admin_table.index.intersection(frame.index)
    if len(common) == 0:
        raise ValueError(
            f"the administrative groups ({list(admin_table.index)[:5]}) and the survey's "
            f"({list(frame.index)[:5]}) have no name in common; estimate both by the same column."
        )
    table = pd.DataFrame(
        {
            "admin": admin_table.loc[common, "coverage"],
            "survey": frame.loc[common, "estimate"],
            "survey_se": frame.loc[common, "se"],
            "ci_low": frame.loc[common, "ci_low"],
            "ci_high": frame.loc[common, "ci_high"],
        }
    )
    table["difference"] = table["admin"] - table["survey"]
    table["within_ci"] = table["admin"].between(table["ci_low"], table["ci_high"])
    return table
