"""The one transfer engine: who is eligible for a scheme, who is paid, and how much.

Costing (module 4) and SP2LNOB (module 3) both pay benefits through :func:`pay`, so a scheme
means the same everywhere.

- A :class:`Benefit` is a rule for the monthly amount: riel (indexed to prices or not), a share of
  GDP per capita (the SPOT convention: an *annual* share, paid monthly), or a share of the monthly
  poverty line. It is resolved for a year by an :class:`~sptools.economy.Economy`.
- A :class:`Scheme` says who is eligible (age, sex, disability, IDPoor, or any rule written as a
  function of the persons table), the unit paid (person or household), the coverage and how the
  covered are chosen among the eligible, and the administrative cost rate.
- :func:`pay` applies a list of schemes to a survey with an explicit rule for people eligible for
  several: pay ``"all"``, only the ``"highest"``, or the first in a named priority order.

Coverage is met in weighted terms: the eligible units are put in the scheme's order (random with
the scheme's seed, poorest first, or IDPoor level 1, level 2, then the rest at random) and taken
until their weight reaches ``coverage`` times the eligible weight. The draw is reproducible.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np
import pandas as pd

from sptools.economy import Economy

__all__ = [
    "Benefit",
    "EligibilityWarning",
    "Scheme",
    "annual_cost",
    "eligible",
    "household_transfers",
    "household_transfers_by_scheme",
    "pay",
    "uprating",
]

Unit = Literal["person", "household"]
Selection = Literal["random", "poorest", "idpoor"]
Overlap = Literal["all", "highest"] | Sequence[str]

#: Household columns the engine reads (on the households table).
HOUSEHOLD_COLUMNS = ("hh_id", "weight", "consumption_pc", "idpoor")
#: Person columns the engine reads (on the persons table).
PERSON_COLUMNS = ("hh_id", "person_id", "age", "sex", "weight")
#: IDPoor levels, most deprived first (the order of ``selection="idpoor"``).
IDPOOR_ORDER = ("level 1", "level 2")


class EligibilityWarning(UserWarning):
    """A scheme's rules select nobody in the data."""


@dataclass(frozen=True)
class Benefit:
    """How much a scheme pays each month, as a rule resolved for a year.

    Build one with :meth:`riel`, :meth:`share_of_gdp_per_capita` or
    :meth:`share_of_poverty_line`.

    Examples
    --------
    >>> Benefit.riel(80_000).describe()
    '80,000 riel a month (2024 riel, indexed to prices)'
    >>> Benefit.share_of_gdp_per_capita(0.04).describe()
    '4.0% of GDP per capita a year, paid monthly'
    """

    kind: Literal["riel", "gdp_share", "poverty_line_share"]
    amount: float
    indexed: bool = True
    base_year: int = 2024

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int | float | np.number):
            raise TypeError(f"a benefit amount must be a number, got {self.amount!r}.")
        if not np.isfinite(self.amount) or self.amount < 0:
            raise ValueError(
                f"a benefit amount must be a finite number >= 0, got {self.amount!r}; a scheme "
                "cannot take money from people."
            )
        if not isinstance(self.indexed, bool):
            raise TypeError(f"indexed must be True or False, got {self.indexed!r}.")

    @classmethod
    def riel(cls, monthly_khr: float, indexed: bool = True, base_year: int = 2024) -> Benefit:
        """A fixed monthly amount in riel of ``base_year``, indexed to prices or not.

        Examples
        --------
        >>> Benefit.riel(20_000, indexed=False).amount
        20000
        """
        return cls("riel", monthly_khr, indexed=indexed, base_year=base_year)

    @classmethod
    def share_of_gdp_per_capita(cls, annual_share: float) -> Benefit:
        """An annual amount equal to ``annual_share`` of GDP per capita, paid in 12 instalments.

        Examples
        --------
        >>> Benefit.share_of_gdp_per_capita(0.04).amount
        0.04
        """
        if isinstance(annual_share, int | float) and annual_share > 1:
            raise ValueError(
                f"annual_share is a share of GDP per capita (0.04 for 4%), got {annual_share!r}."
            )
        return cls("gdp_share", annual_share)

    @classmethod
    def share_of_poverty_line(cls, share: float) -> Benefit:
        """A monthly amount equal to ``share`` of the monthly poverty line per person.

        Examples
        --------
        >>> Benefit.share_of_poverty_line(0.25).kind
        'poverty_line_share'
        """
        if isinstance(share, int | float) and share > 5:
            raise ValueError(
                f"share is a share of the poverty line (0.25 for a quarter), got {share!r}."
            )
        return cls("poverty_line_share", share)

    def monthly_khr(self, year: int, economy: Economy | None) -> float:
        """The monthly amount in riel of ``year``.

        Parameters
        ----------
        year : int
        economy : Economy or None
            Needed for every rule except an unindexed riel amount.

        Examples
        --------
        >>> Benefit.riel(20_000, indexed=False).monthly_khr(2030, None)
        20000.0
        """
        if self.kind == "riel" and not self.indexed:
            return float(self.amount)
        if economy is None:
            raise ValueError(
                f"the benefit ({self.describe()}) needs prices or GDP for {year}: pass "
                "economy= (e.g. sptools.datasets.load_economy())."
            )
        if self.kind == "riel":
            return float(self.amount) * economy.price_factor(self.base_year, year)
        if self.kind == "gdp_share":
            return float(self.amount) * economy.gdp_per_capita_khr(year) / 12
        return float(self.amount) * economy.poverty_line(year)

    def describe(self) -> str:
        """The rule in words."""
        if self.kind == "riel":
            indexing = (
                f"{self.base_year} riel, indexed to prices" if self.indexed else "not indexed"
            )
            return f"{self.amount:,.0f} riel a month ({indexing})"
        if self.kind == "gdp_share":
            return f"{self.amount:.1%} of GDP per capita a year, paid monthly"
        return f"{self.amount:.0%} of the monthly poverty line"


@dataclass(frozen=True)
class Scheme:
    """A social protection scheme: who is eligible, who is paid, how much, at what cost.

    Parameters
    ----------
    name : str
    benefit : Benefit
    min_age, max_age : int, optional
        Age range of eligible persons, both inclusive (``max_age=None``: no upper limit).
    sex : {"female", "male"}, optional
    requires_disability : bool
        Only persons with a disability (the survey's ``disability`` column).
    requires_idpoor : bool
        Only members of IDPoor households (level 1 or 2).
    rule : callable, optional
        Any further condition, as a function of the persons table (with the household columns
        joined) returning one True/False per person, e.g.
        ``lambda p: p["province"].isin(["Kratie", "Stung Treng"])``.
    unit : {"person", "household"}
        Paid per eligible person, or once per household with at least one eligible member.
    coverage : float
        Share of the eligible (weighted) that is paid, in [0, 1].
    selection : {"random", "poorest", "idpoor"}
        Who is paid first when ``coverage < 1``.
    admin_rate : float
        Administrative cost as a share of the transfers (usually 0.05-0.15).
    seed : int
        Seed of the random order (``selection="random"`` and ties).

    Examples
    --------
    >>> pension = Scheme("social pension", Benefit.riel(100_000), min_age=65, admin_rate=0.05)
    >>> pension.describe()
    'social pension: persons aged 65+; 100,000 riel a month (2024 riel, indexed to prices); coverage 100%'
    """  # noqa: E501

    name: str
    benefit: Benefit
    min_age: int = 0
    max_age: int | None = None
    sex: Literal["female", "male"] | None = None
    requires_disability: bool = False
    requires_idpoor: bool = False
    rule: Callable[[pd.DataFrame], pd.Series] | None = None
    unit: Unit = "person"
    coverage: float = 1.0
    selection: Selection = "random"
    admin_rate: float = 0.0
    seed: int = 2025

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError(f"a scheme needs a name (text), got {self.name!r}.")
        if not isinstance(self.benefit, Benefit):
            raise TypeError(
                f"scheme {self.name!r}: benefit must be a Benefit, e.g. Benefit.riel(80_000), "
                f"got {self.benefit!r}."
            )
        self._check_ages()
        for flag in ("requires_disability", "requires_idpoor"):
            if not isinstance(getattr(self, flag), bool):
                raise TypeError(
                    f"scheme {self.name!r}: {flag} must be True or False, got "
                    f"{getattr(self, flag)!r}."
                )
        _choice(self.name, "sex", self.sex, ("female", "male", None))
        _choice(self.name, "unit", self.unit, ("person", "household"))
        _choice(self.name, "selection", self.selection, ("random", "poorest", "idpoor"))
        _share(self.name, "coverage", self.coverage, upper=1.0)
        _share(self.name, "admin_rate", self.admin_rate, upper=1.0)
        if self.rule is not None and not callable(self.rule):
            raise TypeError(
                f"scheme {self.name!r}: rule must be a function of the persons table, "
                f"got {self.rule!r}."
            )

    def _check_ages(self) -> None:
        for name in ("min_age", "max_age"):
            value = getattr(self, name)
            if value is None and name == "max_age":
                continue
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
                raise ValueError(
                    f"scheme {self.name!r}: {name} must be a whole number of years >= 0, got "
                    f"{value!r}."
                )
        if self.max_age is not None and self.max_age < self.min_age:
            raise ValueError(
                f"scheme {self.name!r}: the ages are reversed (min_age={self.min_age} > "
                f"max_age={self.max_age}); both ends are inclusive, e.g. min_age=0, max_age=14."
            )

    @classmethod
    def fields(cls) -> list[str]:
        """The names of a scheme's settings."""
        return [f.name for f in fields(cls)]

    @classmethod
    def from_dict(cls, settings: dict) -> Scheme:
        """A scheme from a mapping of settings (e.g. a row read from Excel), naming unknown keys.

        Examples
        --------
        >>> Scheme.from_dict({"name": "child", "benefit": Benefit.riel(1), "max_age": 14}).max_age
        14
        """
        unknown = sorted(set(settings) - set(cls.fields()))
        if unknown:
            raise TypeError(f"unknown scheme settings {unknown}; the settings are {cls.fields()}.")
        return cls(**settings)

    def describe(self) -> str:
        """The scheme in one line."""
        who = "persons" if self.unit == "person" else "households with a member"
        ages = (
            f"aged {self.min_age}+"
            if self.max_age is None
            else f"aged {self.min_age}-{self.max_age}"
        )
        conditions = [f"{who} {ages}"]
        if self.sex:
            conditions.append(self.sex)
        if self.requires_disability:
            conditions.append("with a disability")
        if self.requires_idpoor:
            conditions.append("in IDPoor")
        if self.rule is not None:
            conditions.append("meeting a further rule")
        return (
            f"{self.name}: {', '.join(conditions)}; {self.benefit.describe()}; "
            f"coverage {self.coverage:.0%}"
            + (f", selected {self.selection}" if self.coverage < 1 else "")
        )


def _choice(scheme: str, name: str, value: object, allowed: tuple) -> None:
    if value not in allowed:
        shown = [a for a in allowed if a is not None]
        raise ValueError(f"scheme {scheme!r}: {name} must be one of {shown}, got {value!r}.")


def _share(scheme: str, name: str, value: object, *, upper: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        raise TypeError(f"scheme {scheme!r}: {name} must be a number, got {value!r}.")
    if not 0 <= value <= upper:
        raise ValueError(
            f"scheme {scheme!r}: {name} must be between 0 and {upper:g} (a share: 0.8 for 80%), "
            f"got {value!r}."
        )


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}.")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(
            f"the {name} table lacks the columns {missing}; use the survey's tables "
            "(sptools.datasets.load_households / load_persons) or add them."
        )


def _row_positions(keys: pd.Series, wanted: pd.Series, key: str, table: str) -> np.ndarray:
    """The row position in ``keys`` (unique identifiers) of each value of ``wanted``.

    Raises a ValueError naming the first identifier that is not in ``keys``. Integer keys in
    increasing order (as the survey's hh_id and person_id) are searched in sorted order, which
    is many times faster than hashing millions of keys.
    """
    array, values = keys.to_numpy(), wanted.to_numpy()
    if array.dtype.kind in "iu" and values.dtype.kind in "iu" and keys.is_monotonic_increasing:
        if (values[1:] >= values[:-1]).all():
            position = np.searchsorted(array, values)
        else:
            order = np.argsort(values, kind="stable")
            position = np.empty(len(values), dtype=np.int64)
            position[order] = np.searchsorted(array, values[order])
        inside = position < len(array)
        found = np.zeros(len(values), dtype=bool)
        found[inside] = array[position[inside]] == values[inside]
    else:
        position = pd.Index(array).get_indexer(values)
        found = position >= 0
    if not found.all():
        missing = values[~found]
        first = missing[0].item() if isinstance(missing[0], np.generic) else missing[0]
        raise ValueError(
            f"{len(missing):,} of {len(values):,} rows have a {key} that is not in {table} "
            f"(first: {first!r}); use the tables of one survey round."
        )
    return position


def person_frame(
    households: pd.DataFrame, persons: pd.DataFrame, *, all_columns: bool = True
) -> pd.DataFrame:
    """The persons table with the household columns the rules need (one row per person).

    With ``all_columns=False`` only the columns the standard eligibility rules read are kept
    (a fraction of the memory on a census-scale survey); custom ``rule`` functions get every
    column of both tables.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1], "weight": [2.0], "consumption_pc": [1e5],
    ...                   "idpoor": ["none"], "province": ["Kep"]})
    >>> p = pd.DataFrame({"hh_id": [1, 1], "person_id": [10, 11], "age": [3, 40],
    ...                   "sex": ["female", "male"], "weight": [2.0, 2.0]})
    >>> person_frame(h, p)[["person_id", "province", "idpoor"]].values.tolist()
    [[10, 'Kep', 'none'], [11, 'Kep', 'none']]
    """
    _require(households, HOUSEHOLD_COLUMNS, "households")
    _require(persons, PERSON_COLUMNS, "persons")
    position = _household_positions(persons, households)
    if not all_columns:
        persons = persons[[c for c in (*PERSON_COLUMNS, "disability") if c in persons.columns]]
        households = households[list(HOUSEHOLD_COLUMNS)]
    shared = [c for c in households.columns if c in persons.columns]
    household_columns = households.drop(columns=shared).assign(hh_weight=households["weight"])
    return pd.concat([persons, household_columns.iloc[position].set_axis(persons.index)], axis=1)


def eligible(scheme: Scheme, people: pd.DataFrame) -> pd.Series:
    """True for each person who meets the scheme's rules (before coverage).

    Parameters
    ----------
    scheme : Scheme
    people : pandas.DataFrame
        The persons table with household columns (:func:`person_frame`).

    Examples
    --------
    >>> people = pd.DataFrame({"age": [3, 15, 70], "sex": ["male", "female", "female"]})
    >>> eligible(Scheme("child", Benefit.riel(1), max_age=14), people).tolist()
    [True, False, False]
    """
    age = people["age"]
    keep = age >= scheme.min_age
    if scheme.max_age is not None:
        keep &= age <= scheme.max_age
    if scheme.sex is not None:
        keep &= (people["sex"] == scheme.sex).fillna(False)
    if scheme.requires_disability:
        _require(people, ["disability"], "persons")
        keep &= people["disability"].fillna(False).astype(bool)
    if scheme.requires_idpoor:
        keep &= people["idpoor"].isin(IDPOOR_ORDER)  # missing is not in IDPoor
    if scheme.rule is not None:
        keep &= _rule_result(scheme, people)
    return keep.astype(bool)


def _rule_result(scheme: Scheme, people: pd.DataFrame) -> pd.Series:
    result = scheme.rule(people)
    if not isinstance(result, pd.Series) or not result.index.equals(people.index):
        raise TypeError(
            f"scheme {scheme.name!r}: rule must return a True/False Series with one value per "
            "person (the persons table's index), e.g. lambda p: p['age'] >= 60."
        )
    if not pd.api.types.is_bool_dtype(result) or result.isna().any():
        raise TypeError(
            f"scheme {scheme.name!r}: rule must return True/False values with none missing, "
            f"got dtype {result.dtype}."
        )
    return result


def _order(scheme: Scheme, units: pd.DataFrame) -> np.ndarray:
    """Positions of the eligible units in the order they are paid."""
    rng = np.random.default_rng(scheme.seed)
    tiebreak = rng.permutation(len(units))
    if scheme.selection == "random":
        return tiebreak
    if scheme.selection == "poorest":
        return np.lexsort((tiebreak, units["consumption_pc"].to_numpy()))
    rank = units["idpoor"].astype("string").map({v: i for i, v in enumerate(IDPOOR_ORDER)})
    return np.lexsort((tiebreak, rank.fillna(len(IDPOOR_ORDER)).to_numpy()))


def _covered(scheme: Scheme, units: pd.DataFrame, weight: str) -> pd.DataFrame:
    """The units paid: the first in the scheme's order until ``coverage`` of the weight."""
    if scheme.coverage >= 1 or units.empty:
        return units
    ordered = units.iloc[_order(scheme, units)]
    cumulative = ordered[weight].cumsum().to_numpy()
    target = scheme.coverage * cumulative[-1]
    taken = np.searchsorted(cumulative, target, side="left") + 1 if target > 0 else 0
    return ordered.iloc[:taken]


def _payments_of(scheme: Scheme, people: pd.DataFrame, monthly: float) -> pd.DataFrame:
    chosen = people[eligible(scheme, people)]
    if chosen.empty:
        warnings.warn(
            f"scheme {scheme.name!r} selects nobody: 0 of {len(people):,} persons meet its rules "
            f"({scheme.describe()}). Check the ages and conditions.",
            EligibilityWarning,
            stacklevel=3,
        )
    if scheme.unit == "household":
        units = chosen.drop_duplicates("hh_id")
        paid = _covered(scheme, units, "hh_weight")
        person_id = pd.array([pd.NA] * len(paid), dtype="Int64")
    else:
        paid = _covered(scheme, chosen, "weight")
        person_id = pd.array(paid["person_id"], dtype="Int64")
    return pd.DataFrame(
        {
            "hh_id": paid["hh_id"].to_numpy(),
            "person_id": person_id,
            "scheme": scheme.name,
            "monthly_khr": monthly,
        }
    )


def _apply_overlap(payments: pd.DataFrame, overlap: Overlap, names: list[str]) -> pd.DataFrame:
    if isinstance(overlap, str) and overlap == "all":
        return payments
    unit_key = payments["person_id"].astype("Float64").fillna(-payments["hh_id"].astype(float))
    if isinstance(overlap, str) and overlap == "highest":
        rank = -payments["monthly_khr"]
    elif isinstance(overlap, str):
        raise ValueError(
            f"overlap must be 'all', 'highest' or a list of scheme names in priority order, "
            f"got {overlap!r}."
        )
    else:
        priority = list(overlap)
        unknown = sorted(set(names) - set(priority))
        if unknown or len(priority) != len(set(priority)):
            raise ValueError(
                f"overlap as a priority order must list every scheme once: missing {unknown}, "
                f"given {priority}."
            )
        rank = payments["scheme"].map({name: i for i, name in enumerate(priority)})
    is_household = payments["person_id"].isna()
    order = payments.assign(_key=unit_key, _rank=rank, _household=is_household).sort_values(
        ["_household", "_key", "_rank"], kind="stable"
    )
    kept = order[~order.duplicated(["_household", "_key"])]
    return kept.drop(columns=["_key", "_rank", "_household"]).sort_index()


def pay(
    schemes: Scheme | Sequence[Scheme],
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    year: int,
    economy: Economy | None = None,
    overlap: Overlap = "all",
) -> pd.DataFrame:
    """Pay a package of schemes on a survey: one row per paid person or household and scheme.

    Parameters
    ----------
    schemes : Scheme or list of Scheme
        Scheme names must be distinct.
    households, persons : pandas.DataFrame
        The survey's tables (households: hh_id, weight, consumption_pc, idpoor; persons:
        hh_id, person_id, age, sex, weight; and disability when a scheme requires it).
    year : int
        The year whose riel the amounts are paid in.
    economy : Economy, optional
        Prices and GDP to resolve the benefits (not needed for unindexed riel amounts).
    overlap : "all", "highest" or list of names
        For a person (or household) eligible for several schemes of the same unit: pay them
        all, only the highest, or only the first in this priority order.

    Returns
    -------
    pandas.DataFrame
        Columns ``hh_id``, ``person_id`` (missing for household schemes), ``scheme``,
        ``monthly_khr``.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2], "weight": [1.0, 1.0], "consumption_pc": [1e5, 2e5],
    ...                   "idpoor": ["level 1", "none"]})
    >>> p = pd.DataFrame({"hh_id": [1, 1, 2], "person_id": [1, 2, 3], "age": [4, 70, 8],
    ...                   "sex": ["male", "female", "female"], "weight": [1.0, 1.0, 1.0]})
    >>> child = Scheme("child", Benefit.riel(40_000, indexed=False), max_age=14)
    >>> pay(child, h, p, year=2025)[["person_id", "monthly_khr"]].values.tolist()
    [[1, 40000.0], [3, 40000.0]]
    """
    schemes = [schemes] if isinstance(schemes, Scheme) else list(schemes)
    if not schemes or not all(isinstance(s, Scheme) for s in schemes):
        raise TypeError("schemes must be a Scheme or a non-empty list of Scheme objects.")
    names = [s.name for s in schemes]
    if len(set(names)) != len(names):
        raise ValueError(f"scheme names must be distinct, got {names}.")
    any_rule = any(scheme.rule is not None for scheme in schemes)
    people = person_frame(households, persons, all_columns=any_rule)
    parts = [
        _payments_of(scheme, people, scheme.benefit.monthly_khr(year, economy))
        for scheme in schemes
    ]
    payments = pd.concat(parts, ignore_index=True)
    return _apply_overlap(payments, overlap, names).reset_index(drop=True)


def uprating(households: pd.DataFrame, economy: Economy, year: int) -> float:
    """The year's population divided by the survey's weighted population (persons).

    The survey's weights sum to the population it represents (the 2019 census for the shipped
    survey); multiplying weighted counts and costs by this factor states them for ``year``.

    Examples
    --------
    >>> macro = pd.DataFrame({"year": [2025], "cpi": [100.0], "gdp_khr": [2e14],
    ...     "population": [300.0], "exchange_rate_khr_per_usd": [4070.0], "revenue_khr": [3e13]})
    >>> economy = Economy(macro, poverty_line_khr=333_100, poverty_line_year=2025)
    >>> h = pd.DataFrame({"weight": [10.0, 20.0], "hh_size": [3, 6]})
    >>> uprating(h, economy, 2025)
    2.0
    """
    _require(households, ("weight", "hh_size"), "households")
    represented = float((households["weight"] * households["hh_size"]).sum())
    if not represented > 0:
        raise ValueError(
            f"the households' weight x hh_size sums to {represented!r}; the survey must represent "
            "a positive population (check the weight and hh_size columns)."
        )
    return economy.population(year) / represented


def household_transfers(payments: pd.DataFrame, households: pd.DataFrame) -> pd.Series:
    """Monthly riel received by each household (zero when nothing), indexed like ``households``.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2]})
    >>> pays = pd.DataFrame({"hh_id": [1, 1], "monthly_khr": [10.0, 5.0]})
    >>> household_transfers(pays, h).tolist()
    [15.0, 0.0]
    """
    _require(payments, ("hh_id", "monthly_khr"), "payments")
    received = np.bincount(
        _household_positions(payments, households),
        weights=payments["monthly_khr"].to_numpy(np.float64),
        minlength=len(households),
    )
    return pd.Series(received, index=households.index, name="transfer_monthly_khr")


def _household_positions(rows: pd.DataFrame, households: pd.DataFrame) -> np.ndarray:
    """The row of ``households`` each row (a person, a payment) belongs to, by ``hh_id``."""
    if households["hh_id"].duplicated().any():
        raise ValueError("households has a hh_id more than once; keep one row per household.")
    return _row_positions(households["hh_id"], rows["hh_id"], "hh_id", "households")


def household_transfers_by_scheme(payments: pd.DataFrame, households: pd.DataFrame) -> pd.DataFrame:
    """Monthly riel each household receives from each scheme: one column per scheme.

    Rows are indexed like ``households``; the columns follow the schemes' first appearance in
    ``payments``.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2]})
    >>> pays = pd.DataFrame({"hh_id": [1, 1, 2], "scheme": ["child", "pension", "child"],
    ...                      "monthly_khr": [10.0, 5.0, 10.0]})
    >>> household_transfers_by_scheme(pays, h).values.tolist()
    [[10.0, 5.0], [10.0, 0.0]]
    """
    _require(payments, ("hh_id", "scheme", "monthly_khr"), "payments")
    position = _household_positions(payments, households)
    codes, schemes = pd.factorize(payments["scheme"])
    n = len(households)
    cells = np.bincount(
        codes * n + position,
        weights=payments["monthly_khr"].to_numpy(np.float64),
        minlength=n * len(schemes),
    )
    return pd.DataFrame(
        cells.reshape(len(schemes), n).T,
        index=households.index,
        columns=pd.Index(list(schemes), name="scheme"),
    )


def annual_cost(
    payments: pd.DataFrame,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    schemes: Scheme | Sequence[Scheme],
) -> pd.DataFrame:
    """Weighted annual cost of each scheme: Σ weight × monthly benefit × 12 × (1 + admin rate).

    Person payments use the person's weight, household payments the household's weight.

    Returns
    -------
    pandas.DataFrame
        Indexed by scheme: ``beneficiaries`` (weighted), ``transfers_khr`` (a year, before
        administration), ``admin_khr``, ``cost_khr``.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1], "weight": [100.0]})
    >>> p = pd.DataFrame({"hh_id": [1], "person_id": [1], "weight": [100.0]})
    >>> pays = pd.DataFrame({"hh_id": [1], "person_id": pd.array([1], dtype="Int64"),
    ...                      "scheme": ["child"], "monthly_khr": [10.0]})
    >>> s = Scheme("child", Benefit.riel(10, indexed=False), admin_rate=0.05)
    >>> annual_cost(pays, h, p, s).loc["child", "cost_khr"]
    np.float64(12600.0)
    """
    schemes = [schemes] if isinstance(schemes, Scheme) else list(schemes)
    is_household = payments["person_id"].isna().to_numpy()
    weight = np.empty(len(payments))
    weight[is_household] = households["weight"].to_numpy(np.float64)[
        _row_positions(households["hh_id"], payments["hh_id"][is_household], "hh_id", "households")
    ]
    weight[~is_household] = persons["weight"].to_numpy(np.float64)[
        _row_positions(
            persons["person_id"],
            payments["person_id"][~is_household].astype(np.int64),
            "person_id",
            "persons",
        )
    ]
    weighted = payments.assign(_w=weight, _pay=weight * 12 * payments["monthly_khr"])
    table = weighted.groupby("scheme").agg(
        beneficiaries=("_w", "sum"), transfers_khr=("_pay", "sum")
    )
    table = table.reindex([s.name for s in schemes], fill_value=0.0)
    admin = pd.Series({s.name: s.admin_rate for s in schemes})
    table["admin_khr"] = table["transfers_khr"] * admin
    table["cost_khr"] = table["transfers_khr"] + table["admin_khr"]
    return table
