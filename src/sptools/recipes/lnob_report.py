"""Recipes of the LNOB module: the standard analysis of an indicator, its summary, group profiles.

The lesson notebooks of module 1 and its exercises share these recipes, built on the methods of
:mod:`sptools.lnob` and the indicators of :mod:`sptools.indicators`:

- :func:`rows_from_cells`: survey-like rows from a published table of groups (population share
  and access rate of each combination of circumstances), so that the methods can be run on it;
- :func:`lnob_analysis`: one indicator on a survey, with its own reference population,
  circumstances and kind (opportunity or barrier): national rate, D, HOI, Shapley, tree;
- :func:`indicator_summary`: that analysis for several indicators, one row each;
- :func:`group_profile`: who the people in each group of a tree are (household size, head's
  age and education, IDPoor, programme receipt...);
- :func:`compare_leaves`: the rates of the same groups (a tree's leaves) in another survey round.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.indicators import OPPORTUNITIES, MissingDataWarning, opportunity
from sptools.lnob.dissimilarity import DissimilarityIndex, d_index, hoi
from sptools.lnob.shapley import ShapleyResult, shapley_table
from sptools.lnob.splits import NominalSearch
from sptools.lnob.tree import LNOBTree, lnob_tree
from sptools.lnob.validation import LNOBWarning, prepare_sample
from sptools.results import Estimate
from sptools.survey import domain_mean

#: A profile item: a column (weighted mean of a number, share of True) or (column, levels): the
#: weighted share of units whose value is one of the levels.
ProfileItem = str | tuple[str, Sequence[object]]

#: The default profile of a group: characteristics of the households its members live in.
HOUSEHOLD_PROFILE: dict[str, ProfileItem] = {
    "household size": "hh_size",
    "head's age": "head_age",
    "female head": ("head_sex", ["female"]),
    "head with primary or less": ("head_education", ["none", "primary"]),
    "urban": "urban",
    "consumption-poor": "poor",
    "IDPoor (level 1 or 2)": ("idpoor", ["level 1", "level 2"]),
    "Health Equity Fund card": "hef_card",
    "receives the Family Package": "receives_family_package",
}

_SHARE_TOLERANCE = 1e-6


def rows_from_cells(
    cells: pd.DataFrame,
    circumstances: Sequence[str],
    *,
    share: str = "share",
    rate: str = "rate",
    outcome: str = "access",
    n: int | None = None,
) -> pd.DataFrame:
    """Return rows that reproduce a table of groups: their population shares and access rates.

    Published LNOB results often come as a table: each combination of circumstances with its
    population share and its access rate. This builds survey-like rows from such a table, so
    that :func:`~sptools.lnob.d_index`, :func:`~sptools.lnob.shapley_d` or
    :func:`~sptools.lnob.lnob_tree` give exactly the table's figures.

    Parameters
    ----------
    cells : pandas.DataFrame
        One row per group: the circumstance columns, a population share and an access rate.
    circumstances : sequence of str
        The circumstance columns of ``cells``.
    share, rate : str
        Columns of the population share (shares sum to 1) and the access rate (0-1).
    outcome : str
        Name of the 0/1 outcome column of the result.
    n : int, optional
        Without ``n`` (default): two weighted rows per group, with access (weight share x rate)
        and without (weight share x (1 - rate)), in a ``weight`` column; rows of weight 0 are not
        created. With ``n``: ``n`` rows of equal weight (no ``weight`` column), each group with
        share x n rows of which rate x share x n have access, as a survey in which every person
        counts the same (trees need this: their minimum leaf counts rows).

    Returns
    -------
    pandas.DataFrame
        The circumstance columns, ``outcome`` (int 0/1) and, without ``n``, ``weight``.

    Raises
    ------
    KeyError
        A named column is missing.
    ValueError
        Missing values, shares outside (0, 1] or not summing to 1, rates outside [0, 1], or
        (with ``n``) a group whose number of rows or of rows with access is not a whole number.

    Examples
    --------
    >>> cells = pd.DataFrame({"residence": ["Rural", "Urban"], "share": [0.75, 0.25],
    ...                       "rate": [0.4, 0.8]})
    >>> rows_from_cells(cells, ["residence"])
      residence  access  weight
    0     Rural       1    0.30
    1     Rural       0    0.45
    2     Urban       1    0.20
    3     Urban       0    0.05
    >>> rows = rows_from_cells(cells, ["residence"], n=20)
    >>> rows.groupby("residence")["access"].agg(["size", "sum"])
               size  sum
    residence
    Rural        15    6
    Urban         5    4
    """
    table = _checked_cells(cells, list(circumstances), share, rate)
    if n is None:
        with_access = table.assign(**{outcome: 1, "weight": table[share] * table[rate]})
        without = table.assign(**{outcome: 0, "weight": table[share] * (1 - table[rate])})
        rows = pd.concat([with_access, without]).sort_index(kind="stable")
        rows = rows.loc[rows["weight"] > 0, [*circumstances, outcome, "weight"]]
        return rows.astype({outcome: "int64"}).reset_index(drop=True)
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive whole number of rows, got {n!r}.")
    size = table[share] * n
    with_access = size * table[rate]
    for what, values in (("rows", size), ("rows with access", with_access)):
        fractional = (values - values.round()).abs() > 1e-6
        if fractional.any():
            first = table.loc[fractional, circumstances].iloc[0].tolist()
            raise ValueError(
                f"with n={n}, group {first} would have {values[fractional].iloc[0]:g} {what}, "
                "not a whole number; choose n so that share x n and rate x share x n "
                "are whole numbers (e.g. a multiple of 400 for shares and rates in steps "
                "of 0.05), or leave n out."
            )
    size, with_access = size.round().astype(int), with_access.round().astype(int)
    repeated = table.loc[table.index.repeat(size), circumstances].reset_index(drop=True)
    position = np.concatenate([np.arange(k) for k in size])
    access = position < np.repeat(with_access.to_numpy(), size.to_numpy())
    return repeated.assign(**{outcome: access.astype("int64")})


def _checked_cells(
    cells: pd.DataFrame, circumstances: list[str], share: str, rate: str
) -> pd.DataFrame:
    if not isinstance(cells, pd.DataFrame):
        raise TypeError(f"cells must be a pandas DataFrame, got {type(cells).__name__}.")
    absent = [column for column in [*circumstances, share, rate] if column not in cells.columns]
    if absent:
        raise KeyError(f"cells lacks the column(s) {absent}; it has {list(cells.columns)}.")
    table = cells[[*circumstances, share, rate]].reset_index(drop=True)
    gaps = table.isna().sum()
    if gaps.any():
        raise ValueError(
            f"cells has missing values ({gaps[gaps > 0].to_dict()}); fill in every group."
        )
    shares, rates = table[share].astype(float), table[rate].astype(float)
    if not ((shares > 0) & (shares <= 1)).all():
        raise ValueError(
            f"column {share!r} must hold population shares in (0, 1]; got {shares.tolist()}."
        )
    if abs(shares.sum() - 1) > _SHARE_TOLERANCE:
        raise ValueError(
            f"the population shares in {share!r} add up to {shares.sum():g}, not 1; "
            f"give shares (not counts or percentages) of every group."
        )
    if not rates.between(0, 1).all():
        raise ValueError(f"column {rate!r} must hold access rates in [0, 1]; got {rates.tolist()}.")
    if table.duplicated(circumstances).any():
        raise ValueError(
            f"cells lists a combination of {circumstances} twice; give each group once."
        )
    return table.assign(**{share: shares, rate: rates})


@dataclass(frozen=True)
class LNOBAnalysis:
    """The standard LNOB analysis of one indicator (see :func:`lnob_analysis`).

    Attributes
    ----------
    indicator, label, kind : str
        The indicator's key in :data:`~sptools.indicators.OPPORTUNITIES`, its label, and
        "opportunity" or "barrier".
    data : pandas.DataFrame
        The analysis table from :func:`~sptools.indicators.opportunity` (its ``attrs`` count
        the units outside the reference population and those dropped for missing values).
    design : sptools.Design
        The survey design declared on ``data`` (its weight, stratum and PSU columns).
    circumstances : tuple[str, ...]
        The circumstances used.
    rate : Estimate
        Weighted national rate of the outcome as given (the prevalence, for a barrier), with
        its standard error.
    d : DissimilarityIndex
        Dissimilarity index (of the complement, for a barrier) with its SE, ``d_max`` and
        ``share_of_max``.
    hoi : Estimate
        Human Opportunity Index (of the complement, for a barrier) with its SE.
    shapley_table : ShapleyResult
        Shapley contributions and shares of D with their SEs.
    tree : LNOBTree
        The LNOB tree with the ESCAP settings (leaf rates with SEs).
    """

    indicator: str
    label: str
    kind: str
    data: pd.DataFrame
    design: Design
    circumstances: tuple[str, ...]
    rate: Estimate
    d: DissimilarityIndex
    hoi: Estimate
    shapley_table: ShapleyResult
    tree: LNOBTree

    @property
    def shapley(self) -> pd.Series:
        """Shapley contributions of each circumstance to D (they sum to D)."""
        return self.shapley_table.contributions

    @property
    def shapley_shares(self) -> pd.Series:
        """Each circumstance's share of D (sums to 1)."""
        return self.shapley_table.shares

    @property
    def main_circumstance(self) -> str:
        """The circumstance with the largest Shapley contribution (the first listed, on a tie)."""
        return str(self.shapley.idxmax())


def lnob_analysis(
    name: str,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    circumstances: Sequence[str] | None = None,
    min_leaf: float | None = None,
    max_depth: int = 6,
    nominal: NominalSearch = "rpart",
) -> LNOBAnalysis:
    """Run the standard LNOB analysis of one indicator on a survey.

    Builds the indicator for its reference population (:func:`~sptools.indicators.opportunity`),
    declares the survey design on that table (weight, stratum, PSU), then computes, with the
    indicator's kind (a barrier is measured on its complement), the national rate, D, HOI, the
    Shapley decomposition of D and the LNOB tree (ESCAP settings unless ``min_leaf`` or
    ``max_depth`` are given), each with design-based (linearised) standard errors.

    Parameters
    ----------
    name : str
        A key of :data:`~sptools.indicators.OPPORTUNITIES` (e.g. ``"electricity"``).
    households, persons : pandas.DataFrame
        A survey (e.g. ``load_households(2022)``, ``load_persons(2022)``).
    circumstances : sequence of str, optional
        Default: the indicator's own circumstances.
    min_leaf, max_depth, nominal
        As in :func:`~sptools.lnob.lnob_tree` (``min_leaf`` may be fractional; rpart truncates;
        ``nominal="rpart"`` splits unordered circumstances exactly as rpart, i.e. ESCAP).

    Returns
    -------
    LNOBAnalysis

    Examples
    --------
    >>> from sptools.datasets import load_households, load_persons  # doctest: +SKIP
    >>> result = lnob_analysis("electricity", load_households(), load_persons())  # doctest: +SKIP
    >>> result.tree.furthest_behind["path"]  # doctest: +SKIP
    'wealth: Bottom 40 & education: Primary or lower'
    """
    table = opportunity(name, households, persons, circumstances=circumstances)
    spec = OPPORTUNITIES[name]
    chosen = list(spec.circumstances if circumstances is None else circumstances)
    design = Design(table)
    settings = {"design": design, "barrier": spec.kind == "barrier"}
    return LNOBAnalysis(
        indicator=name,
        label=spec.label,
        kind=spec.kind,
        data=table,
        design=design,
        circumstances=tuple(chosen),
        rate=_national_rate(design, name),
        d=d_index(table, name, chosen, **settings),
        hoi=hoi(table, name, chosen, **settings),
        shapley_table=shapley_table(table, name, chosen, **settings),
        tree=lnob_tree(
            table,
            name,
            chosen,
            **settings,
            min_leaf=min_leaf,
            max_depth=max_depth,
            nominal=nominal,
        ),
    )


def _national_rate(design: Design, outcome: str) -> Estimate:
    """The weighted rate of a 0/1 column of the design's table, with its linearised SE."""
    mean = design.mean(outcome)
    table = mean.to_frame().iloc[0]
    return Estimate(
        table["estimate"],
        se=table["se"],
        n=int(table["n"]),
        df=mean.degrees_of_freedom,
        exclusions=mean.exclusions,
        name="rate",
    )


def indicator_summary(
    households: pd.DataFrame, persons: pd.DataFrame, indicators: Sequence[str] | None = None
) -> pd.DataFrame:
    """Summarise the LNOB analysis of several indicators, one row each.

    Parameters
    ----------
    households, persons : pandas.DataFrame
        A survey.
    indicators : sequence of str, optional
        Keys of :data:`~sptools.indicators.OPPORTUNITIES`; default all of them.

    Returns
    -------
    pandas.DataFrame
        Indexed by indicator: ``label``, ``kind``, ``units`` (rows analysed), ``dropped`` (units
        of the reference population dropped for a missing value; reported here instead of one
        warning each), ``rate``, ``d``, ``d_se``, ``d_share_of_max`` (D / (1 - p), D's share of
        its largest possible value), ``hoi``, ``hoi_se``, the furthest behind and furthest ahead
        groups (``behind``/``ahead``: path; ``*_share``, ``*_rate``, ``*_se``), ``gap`` (the
        difference in rate between those two groups, in absolute value) and
        ``main_circumstance`` (largest Shapley contribution) with ``main_share`` (its share of
        D). Standard errors are linearised over the survey design.

    Examples
    --------
    >>> from sptools.datasets import load_households, load_persons  # doctest: +SKIP
    >>> table = indicator_summary(
    ...     load_households(), load_persons(), ["electricity"]
    ... )  # doctest: +SKIP
    >>> table.loc["electricity", "main_circumstance"]  # doctest: +SKIP
    'wealth'
    """
    names = list(OPPORTUNITIES if indicators is None else indicators)
    rows = {}
    for name in names:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MissingDataWarning)  # counted in the "dropped" column
            result = lnob_analysis(name, households, persons)
        behind, ahead = result.tree.furthest_behind, result.tree.furthest_ahead
        rows[name] = {
            "label": result.label,
            "kind": result.kind,
            "units": len(result.data),
            "dropped": result.data.attrs["dropped"],
            "rate": float(result.rate),
            "d": float(result.d),
            "d_se": result.d.se,
            "d_share_of_max": float(result.d.share_of_max),
            "hoi": float(result.hoi),
            "hoi_se": result.hoi.se,
            "behind": behind["path"],
            "behind_share": behind["share"],
            "behind_rate": behind["rate"],
            "behind_se": behind["se"],
            "ahead": ahead["path"],
            "ahead_share": ahead["share"],
            "ahead_rate": ahead["rate"],
            "ahead_se": ahead["se"],
            "gap": abs(ahead["rate"] - behind["rate"]),
            "main_circumstance": result.main_circumstance,
            "main_share": float(result.shapley_shares.max()),
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("indicator")


def group_profile(
    tree: LNOBTree,
    data: pd.DataFrame,
    households: pd.DataFrame,
    profile: Mapping[str, ProfileItem] | None = None,
    *,
    weight: str = "weight",
) -> pd.DataFrame:
    """Describe who is in each group (leaf) of a tree, from the characteristics of their households.

    Parameters
    ----------
    tree : LNOBTree
        A tree grown on ``data``.
    data : pandas.DataFrame
        The rows the tree was grown on, with ``hh_id`` and the weight column (households or
        persons: each row is described by its household).
    households : pandas.DataFrame
        The survey's households, one row per ``hh_id``.
    profile : mapping, optional
        Label -> column (weighted mean of a number or a True/False column) or (column, levels)
        (weighted share of rows whose value is one of the levels). Default
        :data:`HOUSEHOLD_PROFILE`.
    weight : str
        The weight column of ``data``.

    Returns
    -------
    pandas.DataFrame
        One row per leaf (indexed by node id, as ``tree.leaves``) and a last row for everyone
        (node 0, the root): ``path``, ``share``, ``rate``, ``n``, then one column per profile
        label.

    Raises
    ------
    KeyError
        ``data`` lacks ``hh_id`` or the weight, a household is unknown, or a profile column is
        missing.
    ValueError
        A profile column has missing values for rows of ``data``, or a profile level does not
        occur in its column; a row of ``data`` falls in no leaf (it is not the tree's data).
    TypeError
        A profile column without levels is neither numeric nor True/False.

    Examples
    --------
    >>> households = pd.DataFrame({"hh_id": range(200), "hh_size": [3, 6] * 100})
    >>> data = households.assign(weight=1.0, urban=[True, False] * 100,
    ...                          water=[1, 0, 1, 1] * 50)
    >>> tree = lnob_tree(data, "water", ["urban"], design=Design(data, "weight", None, None))
    >>> group_profile(tree, data, households, {"household size": "hh_size"})[
    ...     ["path", "household size"]
    ... ]
                path  household size
    id
    1   urban: False             6.0
    2    urban: True             3.0
    0       Everyone             4.5
    """
    items = dict(HOUSEHOLD_PROFILE if profile is None else profile)
    absent = [column for column in ("hh_id", weight) if column not in data.columns]
    if absent:
        raise KeyError(
            f"data lacks {absent}; pass the table the tree was grown on (with hh_id and weights)."
        )
    by_household = households.set_index("hh_id")
    unknown = ~data["hh_id"].isin(by_household.index)
    if unknown.any():
        raise KeyError(
            f"{int(unknown.sum()):,} rows of data have an hh_id that is not in households (e.g. "
            f"{data.loc[unknown, 'hh_id'].iloc[0]!r}); "
            "pass the households of the same survey round."
        )
    leaf = tree.assign(data)
    if leaf.isna().any():
        raise ValueError(
            f"{int(leaf.isna().sum()):,} rows of data fall in no leaf of the tree; "
            f"pass the data the tree was grown on."
        )
    traits = pd.DataFrame(
        {
            label: _trait(by_household, item, label).reindex(data["hh_id"]).to_numpy()
            for label, item in items.items()
        },
        index=data.index,
    )
    gaps = traits.isna().sum()
    if gaps.any():
        raise ValueError(
            "profile characteristics have missing values for rows of data "
            f"({gaps[gaps > 0].to_dict()}); leave them out of the profile or complete them."
        )
    w = data[weight].to_numpy(float)
    weighted = traits.mul(w, axis=0)
    groups = leaf.to_numpy()
    by_leaf = (
        weighted.groupby(groups).sum().div(pd.Series(w).groupby(groups).sum().to_numpy(), axis=0)
    )
    everyone = (weighted.sum() / w.sum()).to_frame(0).T
    root = tree.nodes.loc[[0], ["path", "share", "rate", "n"]]
    summary = pd.concat([tree.leaves[["path", "share", "rate", "n"]], root])
    return summary.join(pd.concat([by_leaf, everyone]))


def _trait(households: pd.DataFrame, item: ProfileItem, label: str) -> pd.Series:
    """One profile characteristic per household: a number, or 0/1 (True/False, or in the levels)."""
    column, levels = (item, None) if isinstance(item, str) else item
    if column not in households.columns:
        raise KeyError(f"profile item {label!r}: households has no column {column!r}.")
    values = households[column]
    if levels is None:
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)):
            raise TypeError(
                f"profile item {label!r}: column {column!r} has dtype {values.dtype}; "
                f"give the levels to count, e.g. ({column!r}, [{values.dropna().iloc[0]!r}])."
            )
        return values.astype("Float64")
    if isinstance(levels, str):
        raise TypeError(
            f"profile item {label!r}: give the levels as a list, e.g. ({column!r}, [{levels!r}])."
        )
    known = (
        set(values.cat.categories)
        if isinstance(values.dtype, pd.CategoricalDtype)
        else set(values.dropna())
    )
    unseen = [level for level in levels if level not in known]
    if unseen:
        raise ValueError(
            f"profile item {label!r}: level(s) {unseen} do not occur in column {column!r}; "
            f"its values are {sorted(map(str, known))}."
        )
    return values.isin(levels).astype("Float64").mask(values.isna())


def compare_leaves(
    tree: LNOBTree,
    other: pd.DataFrame,
    weight: str | None = "weight",
    *,
    design: Design | None = None,
) -> pd.DataFrame:
    """Return the share and rate of a tree's groups (leaves) in other data, e.g. another survey
    round.

    The groups keep their definition (the path of circumstances), so the rates compare like with
    like: did the groups furthest behind in one round catch up by the next?

    Parameters
    ----------
    tree : LNOBTree
        A tree grown on one round.
    other : pandas.DataFrame
        Rows of another round (or area) with the tree's outcome and circumstances.
    weight : str or None
        The weight column of ``other``, used when no ``design`` is given (rows then independent).
    design : sptools.Design, optional
        The survey design of ``other`` (rows matched on the index); it takes precedence over
        ``weight``.

    Returns
    -------
    pandas.DataFrame
        Indexed by leaf id: ``path``, ``share``, ``rate`` and ``se`` (the tree's data),
        ``share_other``, ``rate_other`` (NaN for a group with nobody in ``other``),
        ``se_other`` (linearised over ``other``'s design), ``n_other``, ``change``
        (rate_other - rate) and ``change_se`` (the two rounds taken as independent samples:
        sqrt(se^2 + se_other^2)). Rows of ``other`` that fall in no group (a level the tree never
        saw) are counted in ``attrs["unmatched"]`` with an :class:`~sptools.lnob.LNOBWarning`;
        the shares are of all of ``other``'s weight, so they then add up to less than 1.

    Raises
    ------
    KeyError, ValueError
        As :func:`~sptools.lnob.lnob_tree` for a missing column, a non-0/1 outcome, missing
        values or bad weights in ``other``.

    Examples
    --------
    >>> before = pd.DataFrame({"urban": [True, False] * 100, "water": [1, 0, 1, 0] * 50})
    >>> after = pd.DataFrame({"urban": [True, False] * 100, "water": [1, 0, 1, 1] * 50})
    >>> tree = lnob_tree(before, "water", ["urban"])
    >>> compare_leaves(tree, after, None)[["path", "rate", "rate_other", "change"]]
                path  rate  rate_other  change
    id
    1   urban: False   0.0         0.5     0.5
    2    urban: True   1.0         1.0     0.0
    """
    if design is None and weight is not None:
        design = Design(other, weight=weight, strata=None, psu=None)
    sample = prepare_sample(other, tree.outcome, tree.circumstances, design=design)
    leaf = tree.assign(other)
    unmatched = int(leaf.isna().sum())
    if unmatched:
        warnings.warn(
            f"{unmatched:,} of {len(other):,} rows fall in no group of the tree (a level "
            "the tree's data did not have); they are left out of the groups' rates and "
            "counted in attrs['unmatched'].",
            LNOBWarning,
            stacklevel=2,
        )
    codes = tree.leaves.index.get_indexer(leaf.fillna(-1).astype("int64"))
    rates = domain_mean(sample.design, sample.y, codes, len(tree.leaves))
    in_leaf = codes >= 0
    totals = np.bincount(codes[in_leaf], weights=sample.w[in_leaf], minlength=len(tree.leaves))
    result = tree.leaves[["path", "share", "rate", "se"]].assign(
        share_other=totals / sample.w.sum(),
        rate_other=np.where(totals > 0, rates.estimate, np.nan),
        se_other=np.where(totals > 0, rates.se, np.nan),
        n_other=np.bincount(codes[in_leaf], minlength=len(tree.leaves)),
    )
    result["change"] = result["rate_other"] - result["rate"]
    result["change_se"] = np.hypot(result["se"], result["se_other"])
    result.attrs["unmatched"] = unmatched
    return result
