"""Costing and distributional impact of social protection schemes (METHODS.md section 4).

Two views of the same schemes, paid through the one transfer engine (:mod:`sptools.transfers`):

- :func:`project` costs schemes year by year on population projections:
  ``C = N_eligible,t x coverage x phase-in_t x benefit_t x 12 x (1 + admin rate)``, in riel,
  US$, % of GDP and % of revenue, under a macro :class:`Scenario`.
- :func:`simulate` pays them on the household survey and measures poverty and inequality before
  and after (static: no behavioural response), targeting errors, and the cost.

**Eligible populations.** :func:`eligibility_shares` measures once, on the survey (weighted),
the share of each projection cell (age group 0-14 / 15-59 / 60+ by sex) that a scheme's rules
make eligible, so that age limits finer than the three groups, disability, IDPoor and the
overlap rule of a package are respected; :func:`project` multiplies each year's projected cells
by these shares. A household scheme's share is eligible households per person (cell "all"), so it
scales with the total population.

**Reconciliation (an identity).** :func:`simulate` with ``projections=`` uprates each person's
weight to the projection's total of their age x sex cell for the year (*cell uprating*) and each
household's weight to the projection's total population. The weighted cost of the simulation
then equals the projection's cost for the same year, eligibility and full coverage, exactly.
Without ``projections=`` it uprates every weight by the year's population over the survey's
(:func:`sptools.transfers.uprating`, as :mod:`sptools.sp2lnob` does).

**Self-check.** A universal child benefit for ages 0-14 at 4% of GDP per capita with 5%
administration costs ``share_0-14 x 0.04 x 1.05`` of GDP, where the share is the projection's
0-14 share of the year (0.285 in 2025 in the shipped projections) and, in :func:`simulate`
without projections, the survey's weighted share (0.2941, the 2019 census 0.294):
``0.294 x 0.04 x 1.05 = 1.2348%`` of GDP.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.economy import Economy
from sptools.poverty import SortedWelfare
from sptools.results import Exclusions, Result
from sptools.survey import Estimates, SurveyDesign, ratio_from_totals
from sptools.transfers import (
    Benefit,
    Overlap,
    Scheme,
    annual_cost,
    household_transfers_by_scheme,
    pay,
    uprating,
)

__all__ = [
    "AGE_GROUPS",
    "FINANCING_COLUMNS",
    "HOUSEHOLD_TYPES",
    "PROJECTION_COLUMNS",
    "PROJECTION_OUTPUT",
    "Scenario",
    "SimulationResult",
    "age_group",
    "cell_uprating",
    "eligibility_shares",
    "financing",
    "household_types",
    "new_tax",
    "present_value",
    "project",
    "reallocation",
    "revenue_above_gdp",
    "simulate",
]

#: Age groups of the population projections: label -> (lowest, highest) age, inclusive.
AGE_GROUPS = {"0-14": (0, 14), "15-59": (15, 59), "60+": (60, 200)}
#: Columns a projections table needs (``load_reference("population_projections")``).
PROJECTION_COLUMNS = ("year", "age_group", "sex", "population")
#: Columns of :func:`project`'s table.
PROJECTION_OUTPUT = (
    "year",
    "scheme",
    "beneficiaries",
    "benefit_annual_khr",
    "cost_khr",
    "cost_usd",
    "cost_pct_gdp",
    "cost_pct_revenue",
    "cost_pv_khr",
)
#: The cell of a household scheme in :func:`eligibility_shares` (it scales with the population).
ALL = "all"
#: Columns of :func:`financing`'s table that are not fiscal-space options.
FINANCING_COLUMNS = (
    "cost_khr",
    "cost_pct_gdp",
    "cost_pct_revenue",
    "budget_khr",
    "gap_khr",
    "space_khr",
    "financed_share",
)
#: Sexes of the projections.
SEXES = ("female", "male")
#: Projection cells (age group, sex), in the order of the cell codes.
CELLS = [(group, sex) for group in AGE_GROUPS for sex in SEXES]
#: Household types of :func:`simulate` (overlapping domains), with their definitions.
HOUSEHOLD_TYPES = {
    "with children": "a member aged 0-14",
    "with elderly": "a member aged 60+",
    "with disability": "a member with a disability",
    "other": "none of the three",
}
#: Measures of :func:`simulate`, persons weighted by household weight x size.
MEASURES = ("P0", "P1", "P2", "Gini", "Palma")

PhaseIn = Mapping[int, float] | Mapping[str, Mapping[int, float]]


# -- the macro scenario --------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Scenario:
    """Macro assumptions: the reference macro table, with overrides by year, and a discount rate.

    Overrides replace the base table's real GDP growth, CPI inflation or revenue share of GDP
    for the years given; later years keep the base table's growth rates, so a change carries
    forward in levels. Growth and inflation of a year are those over the previous year.

    Parameters
    ----------
    base : Economy
        The reference macro frame (``sptools.datasets.load_economy()``).
    name : str
    real_growth, inflation, revenue_share : mapping year -> share, optional
        e.g. ``real_growth={2026: 0.03}`` (3%), ``revenue_share={2030: 0.18}``.
    discount_rate : float
        Nominal annual rate for present values (costs are in riel of each year).

    Examples
    --------
    >>> macro = pd.DataFrame({"year": [2025, 2026], "cpi": [100.0, 102.5],
    ...     "gdp_khr": [2.0e14, 2.173e14], "population": [17.8e6, 18.0e6],
    ...     "exchange_rate_khr_per_usd": [4070.0, 4070.0], "revenue_khr": [3.0e13, 3.3e13]})
    >>> base = Economy(macro, poverty_line_khr=333_100, poverty_line_year=2025)
    >>> slow = Scenario(base, "slow growth", real_growth={2026: 0.0}, inflation={2026: 0.0})
    >>> slow.economy.gdp_khr(2026) == base.gdp_khr(2025)
    True
    """

    base: Economy
    name: str = "baseline"
    real_growth: Mapping[int, float] = field(default_factory=dict)
    inflation: Mapping[int, float] = field(default_factory=dict)
    revenue_share: Mapping[int, float] = field(default_factory=dict)
    discount_rate: float = 0.05

    def __post_init__(self) -> None:
        if not isinstance(self.base, Economy):
            raise TypeError(
                f"base must be an Economy (sptools.datasets.load_economy()), got "
                f"{type(self.base).__name__}."
            )
        years = self.base.years
        for name in ("real_growth", "inflation", "revenue_share"):
            for year, value in dict(getattr(self, name)).items():
                if year not in years or year == years.start and name != "revenue_share":
                    raise ValueError(
                        f"{name} has year {year!r}, outside the macro table's "
                        f"{years.start + (name != 'revenue_share')}-{years.stop - 1}; override "
                        "years inside it or extend the table."
                    )
                upper = 1.0 if name == "revenue_share" else 0.5
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise TypeError(f"{name}[{year}] must be a number such as 0.06, got {value!r}.")
                if not -0.5 < value <= upper or (name == "revenue_share" and value <= 0):
                    raise ValueError(
                        f"{name}[{year}] = {value!r} is not a plausible share; give a share such "
                        f"as 0.06 for 6% (between -0.5 and {upper:g}, revenue share > 0)."
                    )
        if not 0 <= self.discount_rate < 1:
            raise ValueError(
                f"discount_rate must be a share in [0, 1), e.g. 0.05, got {self.discount_rate!r}."
            )

    @cached_property
    def economy(self) -> Economy:
        """The :class:`~sptools.economy.Economy` of the scenario."""
        base = self.base.macro
        cpi = _chain(base["cpi"], self.inflation)
        gdp = _chain(base["gdp_khr"] / base["cpi"], self.real_growth) * cpi
        share = base["revenue_khr"] / base["gdp_khr"]
        share.loc[list(self.revenue_share)] = list(self.revenue_share.values())
        macro = base.assign(cpi=cpi, gdp_khr=gdp, revenue_khr=share * gdp).reset_index()
        return Economy(macro, self.base.poverty_line_khr, self.base.poverty_line_year)


def _chain(level: pd.Series, rates: Mapping[int, float]) -> pd.Series:
    """``level`` (by year) with the growth over the previous year replaced in the ``rates``
    years."""
    growth = level / level.shift(1)
    growth.loc[list(rates)] = [1 + rate for rate in rates.values()]
    return growth.fillna(1.0).cumprod() * level.iloc[0]


# -- eligible populations -------------------------------------------------------------------------


def age_group(age: pd.Series) -> pd.Series:
    """The projection's age group of each age ("0-14", "15-59", "60+").

    Examples
    --------
    >>> age_group(pd.Series([0, 14, 15, 59, 60])).tolist()
    ['0-14', '0-14', '15-59', '15-59', '60+']
    """
    labels = np.array(list(AGE_GROUPS), dtype=object)
    return pd.Series(labels[_age_codes(age)], index=age.index, name="age_group")


def _age_codes(age: pd.Series) -> np.ndarray:
    """Position of each age's group in :data:`AGE_GROUPS`."""
    upper = [high for _, high in AGE_GROUPS.values()][:-1]
    return np.searchsorted(upper, age.to_numpy(), side="left")


def _check_projections(projections: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(projections, pd.DataFrame):
        raise TypeError(
            f"projections must be a DataFrame (load_reference('population_projections')), got "
            f"{type(projections).__name__}."
        )
    missing = [c for c in PROJECTION_COLUMNS if c not in projections.columns]
    if missing:
        raise KeyError(
            f"the projections table lacks the columns {missing}; it needs one row per year, "
            "age_group (0-14, 15-59, 60+) and sex: load_reference('population_projections')."
        )
    unknown = sorted(set(projections["age_group"].astype(str)) - set(AGE_GROUPS))
    if unknown:
        raise ValueError(
            f"projections has age groups {unknown}; the groups are {list(AGE_GROUPS)}."
        )
    return projections.assign(
        age_group=projections["age_group"].astype(str), sex=projections["sex"].astype(str)
    )


def _cell_table(projections: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """Projected population by year (rows) and cell (columns :data:`CELLS`, then the total)."""
    outside = sorted(set(years) - set(projections["year"]))
    if outside:
        known = projections["year"]
        raise ValueError(
            f"years {outside} are outside the population projections ({known.min()}-"
            f"{known.max()}); choose years inside them or extend the table."
        )
    rows = projections[projections["year"].isin(list(years))]
    position = {year: i for i, year in enumerate(years)}
    matrix = np.zeros((len(years), len(CELLS) + 1))
    np.add.at(
        matrix,
        (rows["year"].map(position).to_numpy(), _cell_positions(rows)),
        rows["population"].to_numpy(np.float64),
    )
    matrix[:, -1] = matrix[:, :-1].sum(axis=1)
    columns = pd.MultiIndex.from_tuples([*CELLS, (ALL, ALL)], names=["age_group", "sex"])
    return pd.DataFrame(matrix, index=pd.Index(list(years), name="year"), columns=columns)


def _cell_positions(table: pd.DataFrame) -> np.ndarray:
    """Position of each row's (age_group, sex) among :data:`CELLS` + ("all", "all")."""
    lookup = {cell: i for i, cell in enumerate([*CELLS, (ALL, ALL)])}
    keys = zip(table["age_group"].astype(str), table["sex"].astype(str), strict=True)
    positions = np.array([lookup.get(key, -1) for key in keys], dtype=np.int64)
    if (positions < 0).any():
        bad = table.iloc[int(np.flatnonzero(positions < 0)[0])]
        raise ValueError(
            f"unknown cell ({bad['age_group']!r}, {bad['sex']!r}); the cells are the age groups "
            f"{list(AGE_GROUPS)} by sex {list(SEXES)} (and ('all', 'all') for household schemes)."
        )
    return positions


def _cell_codes(persons: pd.DataFrame) -> np.ndarray:
    """Position of each person's (age group, sex) cell in :data:`CELLS`."""
    group = _age_codes(persons["age"])
    sex = pd.Categorical(persons["sex"].astype(str), categories=SEXES).codes
    if (sex < 0).any():
        raise ValueError(
            f"persons['sex'] has values other than {list(SEXES)} (e.g. "
            f"{persons['sex'].to_numpy()[sex < 0][0]!r}); recode them first."
        )
    return group * len(SEXES) + sex


def eligibility_shares(
    schemes: Scheme | Sequence[Scheme],
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    overlap: Overlap = "all",
    year: int | None = None,
    economy: Economy | None = None,
) -> pd.DataFrame:
    """Share of each projection cell that each scheme pays, measured on the survey (weighted).

    Schemes are paid at full coverage through :func:`sptools.transfers.pay` (coverage and
    phase-in are applied by :func:`project`), with the package's ``overlap`` rule.

    Parameters
    ----------
    schemes : Scheme or list of Scheme
    households, persons : pandas.DataFrame
        The survey's tables.
    overlap : "all", "highest" or list of names
        The overlap rule of :func:`sptools.transfers.pay`.
    year, economy : optional
        Needed only for ``overlap="highest"`` (the amounts compared are those of ``year``).

    Returns
    -------
    pandas.DataFrame
        One row per scheme and cell: ``scheme, unit, age_group, sex, eligible, population,
        share``; household schemes have one cell ``("all", "all")`` whose share is eligible
        households per person.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2], "weight": [1.0, 1.0], "consumption_pc": [1e5, 2e5],
    ...                   "idpoor": ["none", "none"]})
    >>> p = pd.DataFrame({"hh_id": [1, 1, 2], "person_id": [1, 2, 3], "age": [4, 70, 30],
    ...                   "sex": ["male", "male", "female"], "weight": [1.0, 1.0, 1.0]})
    >>> child = Scheme("child", Benefit.riel(1, indexed=False), max_age=5)
    >>> eligibility_shares(child, h, p).query("age_group == '0-14'")[
    ...     ["sex", "share"]
    ... ].values.tolist()
    [['female', 0.0], ['male', 1.0]]
    """
    schemes = [schemes] if isinstance(schemes, Scheme) else list(schemes)
    if overlap != "highest":
        unit_amount = Benefit.riel(1, indexed=False)
        schemes = [replace(s, benefit=unit_amount) for s in schemes]
        year = 0 if year is None else year
    elif year is None or economy is None:
        raise ValueError(
            "overlap='highest' compares the schemes' amounts: pass year= and economy= to "
            "eligibility_shares."
        )
    full = [replace(s, coverage=1.0) for s in schemes]
    payments = pay(full, households, persons, year=year, economy=economy, overlap=overlap)
    codes = _cell_codes(persons)
    weight = persons["weight"].to_numpy(np.float64)
    population = np.bincount(codes, weights=weight, minlength=len(CELLS))
    return pd.concat(
        [_shares_of(s, payments, persons, households, codes, population) for s in schemes],
        ignore_index=True,
    )


def _shares_of(
    scheme: Scheme,
    payments: pd.DataFrame,
    persons: pd.DataFrame,
    households: pd.DataFrame,
    codes: np.ndarray,
    population: np.ndarray,
) -> pd.DataFrame:
    paid = payments[payments["scheme"] == scheme.name]
    if scheme.unit == "household":
        chosen = households["hh_id"].isin(paid["hh_id"]).to_numpy()
        eligible = np.array([households["weight"].to_numpy(np.float64)[chosen].sum()])
        cells, total = [(ALL, ALL)], np.array([population.sum()])
    else:
        chosen = persons["person_id"].isin(paid["person_id"].dropna()).to_numpy()
        weight = np.where(chosen, persons["weight"].to_numpy(np.float64), 0.0)
        eligible = np.bincount(codes, weights=weight, minlength=len(CELLS))
        cells, total = CELLS, population
    frame = pd.DataFrame(cells, columns=["age_group", "sex"])
    frame.insert(0, "unit", scheme.unit)
    frame.insert(0, "scheme", scheme.name)
    frame["eligible"] = eligible
    frame["population"] = total
    frame["share"] = np.divide(eligible, total, out=np.zeros(len(total)), where=total > 0)
    return frame


def _phase_factors(
    schemes: Sequence[Scheme], years: Sequence[int], phase_in: PhaseIn | None
) -> pd.DataFrame:
    """Coverage multiplier by year (rows) and scheme (columns).

    A mapping year -> share applies to every scheme; a mapping scheme name -> (year -> share)
    to the schemes named (others are fully phased in). Each year takes the value of the latest
    year given at or before it, and 0 before the first.
    """
    names = [s.name for s in schemes]
    factors = pd.DataFrame(1.0, index=pd.Index(list(years), name="year"), columns=names)
    if phase_in is None:
        return factors
    if all(isinstance(k, str) for k in phase_in):
        unknown = sorted(set(phase_in) - set(names))
        if unknown:
            raise ValueError(f"phase_in names schemes {unknown} that are not among {names}.")
        steps = dict(phase_in)
    else:
        steps = dict.fromkeys(names, phase_in)
    for name, path in steps.items():
        factors[name] = _phase_path(name, path, factors.index)
    return factors


def _phase_path(name: str, path: Mapping[int, float], years: pd.Index) -> np.ndarray:
    if not path:
        raise ValueError(f"phase_in for {name!r} is empty; give e.g. {{2025: 0.3, 2027: 1.0}}.")
    given = pd.Series(dict(path), dtype=float).sort_index()
    bad = given[(given < 0) | (given > 1) | given.isna()]
    if len(bad):
        raise ValueError(
            f"phase_in for {name!r}: {bad.index[0]} -> {float(bad.iloc[0])!r} is not a share of "
            "coverage in [0, 1]; e.g. {2025: 0.3, 2026: 0.6, 2027: 1.0}."
        )
    position = np.searchsorted(given.index.to_numpy(), years.to_numpy(), side="right") - 1
    return np.where(position >= 0, given.to_numpy()[np.maximum(position, 0)], 0.0)


# -- the projection --------------------------------------------------------------------------------


def project(
    schemes: Scheme | Sequence[Scheme],
    years: Iterable[int] = range(2025, 2036),
    *,
    scenario: Scenario,
    projections: pd.DataFrame,
    eligibility: pd.DataFrame,
    phase_in: PhaseIn | None = None,
) -> pd.DataFrame:
    """Cost of each scheme in each year on the population projections.

    ``beneficiaries = sum over cells of share x projected population x coverage x phase-in``;
    ``cost = beneficiaries x benefit x 12 x (1 + admin rate)``.

    Parameters
    ----------
    schemes : Scheme or list of Scheme
    years : iterable of int
        Years inside both the projections and the scenario's macro table.
    scenario : Scenario
        Prices, GDP, revenue and the discount rate.
    projections : pandas.DataFrame
        ``year, age_group, sex, population`` (``load_reference("population_projections")``).
    eligibility : pandas.DataFrame
        From :func:`eligibility_shares` on the same schemes.
    phase_in : mapping, optional
        Coverage multiplier by year for every scheme (``{2025: 0.3, 2026: 0.6, 2027: 1.0}``)
        or by scheme name (``{"child benefit": {...}}``); a year takes the latest value at or
        before it, 0 before the first. It multiplies each scheme's ``coverage``.

    Returns
    -------
    pandas.DataFrame
        One row per year and scheme, columns :data:`PROJECTION_OUTPUT`; ``cost_pv_khr`` is the
        cost discounted to the first year at the scenario's rate.

    Examples
    --------
    >>> from sptools.datasets import load_economy, load_reference
    >>> economy = load_economy()
    >>> child = Scheme("child", Benefit.share_of_gdp_per_capita(0.04), max_age=14, admin_rate=0.05)
    >>> shares = pd.DataFrame({"scheme": "child", "unit": "person", "age_group": "0-14",
    ...     "sex": ["female", "male"], "eligible": 1.0, "population": 1.0, "share": 1.0})
    >>> table = project(child, [2025], scenario=Scenario(economy),
    ...     projections=load_reference("population_projections"), eligibility=shares)
    >>> print(f"{table.loc[0, 'cost_pct_gdp']:.4%}")
    1.1970%
    """
    schemes = [schemes] if isinstance(schemes, Scheme) else list(schemes)
    years = _years(years)
    economy = scenario.economy
    cells = _cell_table(_check_projections(projections), years)
    shares = _share_matrix(eligibility, schemes, cells.columns)
    names = [s.name for s in schemes]
    coverage = np.array([s.coverage for s in schemes])
    phase = _phase_factors(schemes, years, phase_in).to_numpy()
    beneficiaries = cells.to_numpy() @ shares.T * coverage * phase
    benefit = np.array([[12 * s.benefit.monthly_khr(y, economy) for s in schemes] for y in years])
    admin = np.array([s.admin_rate for s in schemes])
    table = pd.DataFrame(
        {
            "year": np.repeat(years, len(schemes)),
            "scheme": names * len(years),
            "beneficiaries": beneficiaries.ravel(),
            "benefit_annual_khr": benefit.ravel(),
            "cost_khr": (beneficiaries * benefit * (1 + admin)).ravel(),
        }
    )
    return _add_measures(table, economy, scenario.discount_rate, years)


def _years(years: Iterable[int]) -> list[int]:
    chosen = list(years)
    if not chosen or any(
        isinstance(y, bool) or not isinstance(y, int | np.integer) for y in chosen
    ):
        raise ValueError(f"years must be whole years such as range(2025, 2036), got {chosen!r}.")
    return sorted(int(y) for y in chosen)


def _share_matrix(
    eligibility: pd.DataFrame, schemes: Sequence[Scheme], cells: pd.Index
) -> np.ndarray:
    """Eligible shares as a matrix: one row per scheme, one column per cell of ``cells``."""
    needed = ("scheme", "age_group", "sex", "share")
    if not isinstance(eligibility, pd.DataFrame) or any(
        c not in eligibility.columns for c in needed
    ):
        raise TypeError(
            f"eligibility must be the table of eligibility_shares(schemes, households, persons) "
            f"with the columns {list(needed)}, got {type(eligibility).__name__}."
        )
    names = [s.name for s in schemes]
    missing = sorted(set(names) - set(eligibility["scheme"]))
    if missing:
        raise ValueError(
            f"eligibility has no shares for the schemes {missing}; compute them with "
            "eligibility_shares on the same schemes."
        )
    rows = eligibility[eligibility["scheme"].isin(names)]
    matrix = np.zeros((len(names), len(cells)))
    position = {name: i for i, name in enumerate(names)}
    np.add.at(
        matrix,
        (rows["scheme"].map(position).to_numpy(), _cell_positions(rows)),
        rows["share"].to_numpy(np.float64),
    )
    return matrix


def _add_measures(
    table: pd.DataFrame, economy: Economy, rate: float, years: Sequence[int]
) -> pd.DataFrame:
    per_year = pd.DataFrame(
        {
            "gdp": [economy.gdp_khr(y) for y in years],
            "revenue": [economy.revenue_khr(y) for y in years],
            "usd": [economy.usd(1.0, y) for y in years],
            "discount": [(1 + rate) ** -(y - years[0]) for y in years],
        },
        index=years,
    ).reindex(table["year"])
    cost = table["cost_khr"].to_numpy()
    table["cost_usd"] = cost * per_year["usd"].to_numpy()
    table["cost_pct_gdp"] = cost / per_year["gdp"].to_numpy()
    table["cost_pct_revenue"] = cost / per_year["revenue"].to_numpy()
    table["cost_pv_khr"] = cost * per_year["discount"].to_numpy()
    return table[list(PROJECTION_OUTPUT)]


def present_value(
    table: pd.DataFrame, rate: float, base_year: int, column: str = "cost_khr"
) -> pd.Series:
    """Present value in ``base_year`` of a column of a table by year: ``sum x_t /
    (1+rate)^(t-base)``.

    Parameters
    ----------
    table : pandas.DataFrame
        Has ``year`` and ``column`` (and ``scheme``: one value per scheme, plus "total").
    rate : float
        Annual discount rate, e.g. 0.05.
    base_year : int
    column : str

    Examples
    --------
    >>> t = pd.DataFrame({"year": [2025, 2026], "scheme": "a", "cost_khr": [100.0, 105.0]})
    >>> present_value(t, 0.05, 2025).to_dict()
    {'a': 200.0, 'total': 200.0}
    """
    if not 0 <= rate < 1:
        raise ValueError(f"rate must be a share in [0, 1), e.g. 0.05, got {rate!r}.")
    if column not in table.columns:
        raise KeyError(f"the table has no column {column!r}; e.g. 'cost_khr'.")
    discounted = table[column] / (1 + rate) ** (table["year"] - base_year)
    by_scheme = discounted.groupby(table["scheme"], sort=False).sum()
    return pd.concat([by_scheme, pd.Series({"total": by_scheme.sum()})]).rename(column)


# -- financing ------------------------------------------------------------------------------------


def reallocation(
    economy: Economy, years: Iterable[int], share_of_spending: float, spending_pct_gdp: float
) -> pd.Series:
    """Fiscal space from reallocating ``share_of_spending`` of government spending, by year.

    ``space_t = share x spending % GDP x GDP_t`` (the 2025 Budget Law's spending is 18.14%).

    Examples
    --------
    >>> macro = pd.DataFrame({"year": [2025], "cpi": [100.0], "gdp_khr": [2e14],
    ...     "population": [1.0], "exchange_rate_khr_per_usd": [4070.0], "revenue_khr": [3e13]})
    >>> e = Economy(macro, poverty_line_khr=1.0, poverty_line_year=2025)
    >>> print(f"{reallocation(e, [2025], 0.01, 0.1814).iloc[0]:.4g}")
    3.628e+11
    """
    _check_share("share_of_spending", share_of_spending)
    _check_share("spending_pct_gdp", spending_pct_gdp)
    years = _years(years)
    gdp = np.array([economy.gdp_khr(y) for y in years])
    return pd.Series(share_of_spending * spending_pct_gdp * gdp, index=years, name="reallocation")


def revenue_above_gdp(economy: Economy, years: Iterable[int], extra_growth: float) -> pd.Series:
    """Extra revenue when revenue grows ``extra_growth`` a year faster than GDP from the first year.

    ``space_t = revenue_t x ((1 + extra)^(t - first) - 1)``.

    Examples
    --------
    >>> macro = pd.DataFrame({"year": [2025, 2026], "cpi": [100.0, 100.0],
    ...     "gdp_khr": [2e14, 2e14], "population": [1.0, 1.0],
    ...     "exchange_rate_khr_per_usd": [4070.0, 4070.0], "revenue_khr": [3e13, 3e13]})
    >>> e = Economy(macro, poverty_line_khr=1.0, poverty_line_year=2025)
    >>> revenue_above_gdp(e, [2025, 2026], 0.02).round().tolist()
    [0.0, 600000000000.0]
    """
    _check_share("extra_growth", extra_growth)
    years = _years(years)
    revenue = np.array([economy.revenue_khr(y) for y in years])
    steps = np.array(years) - years[0]
    return pd.Series(
        revenue * ((1 + extra_growth) ** steps - 1), index=years, name="revenue_growth"
    )


def new_tax(
    economy: Economy, years: Iterable[int], pct_gdp: float, start_year: int | None = None
) -> pd.Series:
    """Revenue of a new tax raising ``pct_gdp`` of GDP from ``start_year`` (default: the first).

    Examples
    --------
    >>> macro = pd.DataFrame({"year": [2025, 2026], "cpi": [100.0, 100.0],
    ...     "gdp_khr": [2e14, 2e14], "population": [1.0, 1.0],
    ...     "exchange_rate_khr_per_usd": [4070.0, 4070.0], "revenue_khr": [3e13, 3e13]})
    >>> e = Economy(macro, poverty_line_khr=1.0, poverty_line_year=2025)
    >>> new_tax(e, [2025, 2026], 0.005, start_year=2026).tolist()
    [0.0, 1000000000000.0]
    """
    _check_share("pct_gdp", pct_gdp)
    years = _years(years)
    start = years[0] if start_year is None else start_year
    gdp = np.array([economy.gdp_khr(y) for y in years])
    return pd.Series(
        np.where(np.array(years) >= start, pct_gdp * gdp, 0.0), index=years, name="new_tax"
    )


def _check_share(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share in [0, 1] (0.01 for 1%), got {value!r}.")


def financing(
    table: pd.DataFrame,
    economy: Economy,
    *,
    budget_pct_gdp: float,
    options: Mapping[str, pd.Series] | None = None,
) -> pd.DataFrame:
    """The package's cost against revenue, a social protection budget and fiscal-space options.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`project`.
    economy : Economy
        The scenario's economy (``scenario.economy``).
    budget_pct_gdp : float
        The social protection budget already available, as a share of GDP.
    options : mapping name -> Series by year, optional
        Fiscal space, e.g. ``{"reallocation": reallocation(...), "new tax": new_tax(...)}``.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``cost_khr, cost_pct_gdp, cost_pct_revenue, budget_khr, gap_khr`` (cost
        above the budget), one column per option, ``space_khr`` (their sum) and
        ``financed_share`` (budget + space over cost, capped at 1).

    Examples
    --------
    >>> macro = pd.DataFrame({"year": [2025], "cpi": [100.0], "gdp_khr": [1000.0],
    ...     "population": [1.0], "exchange_rate_khr_per_usd": [1.0], "revenue_khr": [150.0]})
    >>> e = Economy(macro, poverty_line_khr=1.0, poverty_line_year=2025)
    >>> t = pd.DataFrame({"year": [2025], "scheme": "a", "cost_khr": [20.0]})
    >>> financing(t, e, budget_pct_gdp=0.01)[["gap_khr", "financed_share"]].values.tolist()
    [[10.0, 0.5]]
    """
    _check_share("budget_pct_gdp", budget_pct_gdp)
    cost = table.groupby("year")["cost_khr"].sum()
    years = list(cost.index)
    gdp = pd.Series([economy.gdp_khr(y) for y in years], index=cost.index)
    revenue = pd.Series([economy.revenue_khr(y) for y in years], index=cost.index)
    out = pd.DataFrame(
        {"cost_khr": cost, "cost_pct_gdp": cost / gdp, "cost_pct_revenue": cost / revenue}
    )
    out["budget_khr"] = budget_pct_gdp * gdp
    out["gap_khr"] = (cost - out["budget_khr"]).clip(lower=0.0)
    space = pd.Series(0.0, index=cost.index)
    for name, series in (options or {}).items():
        out[name] = series.reindex(cost.index)
        if out[name].isna().any():
            missing = [y for y in years if pd.isna(out.at[y, name])]
            raise ValueError(
                f"the option {name!r} has no value for the years {missing}; build it for the "
                "table's years, e.g. new_tax(economy, table['year'].unique(), 0.005)."
            )
        space += out[name]
    out["space_khr"] = space
    out["financed_share"] = ((out["budget_khr"] + space) / cost).clip(upper=1.0)
    return out.rename_axis("year")


# -- micro-simulation ------------------------------------------------------------------------------


def cell_uprating(persons: pd.DataFrame, projections: pd.DataFrame, year: int) -> pd.Series:
    """Each person's weight factor to the projection's total of their age x sex cell in ``year``.

    Examples
    --------
    >>> p = pd.DataFrame({"age": [3, 30], "sex": ["male", "male"], "weight": [10.0, 10.0]})
    >>> proj = pd.DataFrame({"year": 2025, "age_group": ["0-14", "15-59"], "sex": "male",
    ...                      "population": [30.0, 50.0]})
    >>> cell_uprating(p, proj, 2025).tolist()
    [3.0, 5.0]
    """
    cells = _cell_table(_check_projections(projections), [year]).iloc[0].to_numpy()[:-1]
    codes = _cell_codes(persons)
    survey = np.bincount(
        codes, weights=persons["weight"].to_numpy(np.float64), minlength=len(CELLS)
    )
    factor = np.divide(cells, survey, out=np.zeros(len(CELLS)), where=survey > 0)
    return pd.Series(factor[codes], index=persons.index, name="uprating")


def household_types(households: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Which household types (:data:`HOUSEHOLD_TYPES`, overlapping) each household is.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2]})
    >>> p = pd.DataFrame({"hh_id": [1, 2], "age": [5, 30], "disability": [False, False]})
    >>> household_types(h, p).values.tolist()
    [[True, False, False, False], [False, False, False, True]]
    """
    flags = pd.DataFrame(
        {
            "with children": persons["age"] <= 14,
            "with elderly": persons["age"] >= 60,
            "with disability": persons["disability"].fillna(False).astype(bool),
        }
    )
    by_household = flags.groupby(persons["hh_id"]).any()
    types = by_household.reindex(households["hh_id"], fill_value=False)
    types["other"] = ~types.any(axis=1)
    types.index = households.index
    return types


class SimulationResult(Result):
    """What a package of schemes does to poverty, inequality and targeting, and what it costs.

    Attributes
    ----------
    poverty : pandas.DataFrame
        Rows (breakdown, group); columns (measure, "before"/"after") for P0, P1, P2, Gini and
        Palma; ``poverty_se`` holds their linearised SEs. Breakdowns: national, residence,
        province, idpoor, household type (overlapping: see :data:`HOUSEHOLD_TYPES`).
    change : pandas.DataFrame
        Same rows; columns (measure, "change"/"se") for P0, P1 and P2: after minus before, with
        the linearised SE of the change (the mean of each person's change, so the correlation
        of before and after on the same sample is accounted for; smaller than the SEs of the
        levels).
    targeting : pandas.DataFrame
        By scheme: ``inclusion_error`` (share of persons in receiving households who are not
        poor), ``exclusion_error`` (share of the poor not in a receiving household),
        ``share_to_poor`` (share of the transfers received by poor households); poverty is
        consumption per capita below the line before transfers.
    costs : pandas.DataFrame
        By scheme, uprated to the year (:func:`sptools.transfers.annual_cost`).
    cost_khr, cost_usd, cost_pct_gdp : float
    lifted : float
        Persons lifted out of poverty (uprated to the year's population).
    lifted_per_billion_khr : float
    gap_closed_per_khr : float
        Reduction of the poverty gap (riel of the year) per riel of transfers.
    payments : pandas.DataFrame
    """

    def __init__(self, **parts) -> None:
        self.__dict__.update(parts)
        super().__init__(
            df=parts["degrees_of_freedom"],
            exclusions=parts["exclusions"],
            title=f"Micro-simulation, {parts['year']}: poverty and inequality before and after",
            method="linearised (Taylor) SEs; costs without SEs",
        )

    def _estimate_table(self) -> pd.DataFrame:
        national = self.poverty.loc[("national", "all")]
        errors = self.poverty_se.loc[("national", "all")]
        index = [f"{m} {stage}" for m, stage in national.index]
        values = list(national.to_numpy()) + [self.cost_pct_gdp, self.lifted_per_billion_khr]
        ses = list(errors.to_numpy()) + [math.nan, math.nan]
        return pd.DataFrame(
            {"estimate": values, "se": ses, "n": self.n_households},
            index=pd.Index(
                [*index, "cost (% of GDP)", "lifted per billion riel"], name="estimate_name"
            ),
        )


class _Breakdown(NamedTuple):
    """One breakdown of the households: its name, each household's group code, the groups.

    ``codes`` holds, for each household, the position of its group in ``groups``, or -1 for a
    household outside every group (a household type it is not).
    """

    name: str
    codes: np.ndarray
    groups: list[str]


def _breakdowns(households: pd.DataFrame, types: pd.DataFrame) -> list[_Breakdown]:
    """National, residence, province, IDPoor status and each household type, groups sorted."""
    n = len(households)
    urban = households["urban"].astype(bool).to_numpy()
    parts = [
        _Breakdown("national", np.zeros(n, dtype=np.int64), ["all"]),
        _Breakdown("residence", urban.astype(np.int64), ["rural", "urban"]),
        _sorted_groups("province", households["province"]),
        _sorted_groups("idpoor", households["idpoor"]),
    ]
    parts += [
        _Breakdown("household type", np.where(types[t].to_numpy(bool), 0, -1), [t])
        for t in types
        if types[t].any()  # a type no household has is no group (as a province without rows)
    ]
    return parts


def _sorted_groups(name: str, labels: pd.Series) -> _Breakdown:
    """The breakdown by a column's values (as text, sorted; a missing value is its own group)."""
    codes, groups = pd.factorize(labels, use_na_sentinel=False)
    text = [str(g) for g in groups]
    order = np.argsort(text, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return _Breakdown(name, rank[codes], [text[i] for i in order])


def _fgt_terms(y: pd.Series, line: float) -> list[np.ndarray]:
    """Each person's P0, P1 and P2 term: poor x (normalised gap) ** alpha."""
    values = y.to_numpy(np.float64)
    poor = (values < line).astype(np.float64)
    gap = np.clip((line - values) / line, 0.0, None)
    return [poor, poor * gap, poor * gap**2]


def _domain_means(
    design: SurveyDesign, terms: list[np.ndarray], weights: np.ndarray, breakdown: _Breakdown
) -> list[Estimates]:
    """The mean of each term in each group (:func:`sptools.survey.domain_mean`).

    ``weights`` holds the groups' weight totals per PSU, computed once for every term.
    """
    size = len(breakdown.groups)
    return [
        ratio_from_totals(design.totals(t, breakdown.codes, size), weights, design) for t in terms
    ]


def _fgt_by(
    design: SurveyDesign, terms: list[np.ndarray], weights: np.ndarray, breakdown: _Breakdown
) -> list[tuple[list[float], list[float]]]:
    """P0, P1, P2 (values, SEs) of each group: an FGT is a mean, estimated for all groups at once.

    The same linearised domain means as :func:`sptools.poverty.fgt` on each domain.
    """
    results = _domain_means(design, terms, weights, breakdown)
    return [
        ([float(r.estimate[i]) for r in results], [float(r.se[i]) for r in results])
        for i in range(len(breakdown.groups))
    ]


def _fgt_change_by(
    design: SurveyDesign,
    changes: list[np.ndarray],
    weights: np.ndarray,
    breakdown: _Breakdown,
) -> pd.DataFrame:
    """Change (after - before) of P0, P1, P2 in each group, with its linearised SE.

    An FGT is a mean, so its change on the same people is the mean of each person's change,
    ``poor_after x gap_after^alpha - poor_before x gap_before^alpha``: its SE accounts for the
    before and after values being measured on the same sample (not independent).
    """
    results = _domain_means(design, changes, weights, breakdown)
    rows = {
        group: {
            key: float(value)
            for alpha, r in enumerate(results)
            for key, value in (
                ((f"P{alpha}", "change"), r.estimate[i]),
                ((f"P{alpha}", "se"), r.se[i]),
            )
        }
        for i, group in enumerate(breakdown.groups)
    }
    return pd.DataFrame.from_dict(rows, orient="index")


def _inequality(ranked: SortedWelfare, mask: np.ndarray) -> tuple[list[float], list[float]]:
    """Gini and Palma (values, SEs) of a domain of welfare sorted once."""
    domain = ranked.domain(mask)
    estimates = [domain.gini(), domain.palma()]
    return [float(e) for e in estimates], [e.se for e in estimates]


def _person_design(households: pd.DataFrame, design: Design | None) -> Design:
    """The households' design with persons weighted by household weight x size."""
    weight, strata, psu = (
        ("weight", "stratum", "psu")
        if design is None
        else (design.weight, design.strata, design.psu)
    )
    people = households.assign(_person_weight=households[weight] * households["hh_size"])
    return Design(people, weight="_person_weight", strata=strata, psu=psu)


def _poverty_tables(
    design: Design, before: pd.Series, after: pd.Series, breakdowns: list, line: float
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """By breakdown and group: P0, P1, P2, Gini and Palma before and after, their SEs, and the
    change of P0, P1 and P2 with its SE (:func:`_fgt_change_by`)."""
    rows = design.rows(before)
    terms = [_fgt_terms(y, line) for y in (before, after)]
    changes = [a - b for a, b in zip(terms[1], terms[0], strict=True)]
    ranked = [SortedWelfare(y, design=design) for y in (before, after)]
    values, errors, parts = {}, {}, []
    for breakdown in breakdowns:
        weights = rows.totals(None, breakdown.codes, len(breakdown.groups))
        stages = [_fgt_by(rows, t, weights, breakdown) for t in terms]
        for i, group in enumerate(breakdown.groups):
            mask = breakdown.codes == i
            unequal = [_inequality(r, mask) for r in ranked]
            cells = [
                (stages[k][i][0] + unequal[k][0], stages[k][i][1] + unequal[k][1]) for k in (0, 1)
            ]
            values[(breakdown.name, group)] = np.array([cells[0][0], cells[1][0]]).T.ravel()
            errors[(breakdown.name, group)] = np.array([cells[0][1], cells[1][1]]).T.ravel()
        part = _fgt_change_by(rows, changes, weights, breakdown)
        part.index = pd.MultiIndex.from_product(
            [[breakdown.name], part.index], names=["breakdown", "group"]
        )
        parts.append(part)
    columns = pd.MultiIndex.from_product(
        [MEASURES, ["before", "after"]], names=["measure", "stage"]
    )
    index = pd.MultiIndex.from_tuples(list(values), names=["breakdown", "group"])
    change = pd.concat(parts)
    change.columns = pd.MultiIndex.from_tuples(change.columns, names=["measure", "statistic"])
    return (
        pd.DataFrame(list(values.values()), index=index, columns=columns),
        pd.DataFrame(list(errors.values()), index=index, columns=columns),
        change,
    )


def _targeting(received: pd.DataFrame, households: pd.DataFrame, poor: np.ndarray) -> pd.DataFrame:
    """Inclusion and exclusion errors and the share to the poor of each scheme's transfers."""
    household_weight = households["weight"].to_numpy(np.float64)
    persons_weight = household_weight * households["hh_size"].to_numpy(np.float64)
    poor_total = persons_weight[poor].sum()
    rows = {}
    for scheme, amount in received.items():
        reached = amount.to_numpy() > 0
        reached_weight = persons_weight[reached].sum()
        paid = household_weight * amount.to_numpy()
        transfers = paid.sum()
        rows[scheme] = {
            "inclusion_error": persons_weight[reached & ~poor].sum() / reached_weight
            if reached_weight
            else math.nan,
            "exclusion_error": persons_weight[poor & ~reached].sum() / poor_total
            if poor_total
            else math.nan,
            "share_to_poor": paid[poor].sum() / transfers if transfers else math.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("scheme")


def simulate(
    schemes: Scheme | Sequence[Scheme],
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    year: int,
    economy: Economy,
    design: Design | None = None,
    overlap: Overlap = "all",
    projections: pd.DataFrame | None = None,
) -> SimulationResult:
    """Pay schemes on the survey: poverty and inequality before and after, targeting, cost.

    Each household's monthly transfer divided by its size, converted to the survey's prices
    (``economy.poverty_line_year``), is added to consumption per capita; persons are weighted by
    household weight x size.

    Parameters
    ----------
    schemes : Scheme or list of Scheme
    households, persons : pandas.DataFrame
        The survey's tables (households also need urban, province, idpoor, stratum, psu,
        hh_size; persons disability).
    year : int
        The year whose riel the benefits are paid in, and of the cost's GDP.
    economy : Economy
    design : Design, optional
        The design of the households table (its weight, strata and PSU columns are used, persons
        weighted by weight x hh_size); by default ``weight``, ``stratum`` and ``psu``.
    overlap : "all", "highest" or list of names
    projections : pandas.DataFrame, optional
        Population projections: cell uprating of the cost (the identity with :func:`project`).

    Returns
    -------
    SimulationResult

    Examples
    --------
    >>> from sptools.datasets import load_economy, load_households, load_persons
    >>> child = Scheme("child", Benefit.share_of_gdp_per_capita(0.04), max_age=14, admin_rate=0.05)
    >>> result = simulate(child, load_households(), load_persons(), year=2025,
    ...                   economy=load_economy())
    >>> print(f"{result.cost_pct_gdp:.3%}")
    1.235%
    >>> result.poverty.loc[("national", "all"), "P0"].round(3).tolist()
    [0.178, 0.164]
    """
    schemes = [schemes] if isinstance(schemes, Scheme) else list(schemes)
    payments = pay(schemes, households, persons, year=year, economy=economy, overlap=overlap)
    line = economy.poverty_line_khr
    to_survey_prices = 1 / economy.price_factor(economy.poverty_line_year, year)
    received = household_transfers_by_scheme(payments, households).reindex(
        columns=[s.name for s in schemes], fill_value=0.0
    )
    per_person = received.sum(axis=1) * to_survey_prices / households["hh_size"]
    before = households["consumption_pc"].astype(float)
    after = before + per_person
    breakdowns = _breakdowns(households, household_types(households, persons))
    person_design = _person_design(households, design)
    poverty, poverty_se, change = _poverty_tables(person_design, before, after, breakdowns, line)
    costs = _uprated_costs(payments, households, persons, schemes, economy, year, projections)
    cost_khr = float(costs["cost_khr"].sum())
    population = economy.population(year)
    national = poverty.loc[("national", "all")]
    lifted = (national[("P0", "before")] - national[("P0", "after")]) * population
    gap_closed = (national[("P1", "before")] - national[("P1", "after")]) * population * line * 12
    transfers = float(costs["transfers_khr"].sum()) * to_survey_prices
    return SimulationResult(
        year=year,
        poverty=poverty,
        poverty_se=poverty_se,
        change=change,
        targeting=_targeting(received, households, (before < line).to_numpy()),
        costs=costs,
        cost_khr=cost_khr,
        cost_usd=economy.usd(cost_khr, year),
        cost_pct_gdp=cost_khr / economy.gdp_khr(year),
        lifted=lifted,
        lifted_per_billion_khr=lifted / (cost_khr / 1e9) if cost_khr else math.nan,
        gap_closed_per_khr=gap_closed / transfers if transfers else math.nan,
        payments=payments,
        n_households=len(households),
        degrees_of_freedom=person_design.df,
        exclusions=Exclusions.none(len(households)),
    )


def _uprated_costs(
    payments: pd.DataFrame,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    schemes: Sequence[Scheme],
    economy: Economy,
    year: int,
    projections: pd.DataFrame | None,
) -> pd.DataFrame:
    """Annual cost by scheme with weights uprated to ``year`` (cells, or the population)."""
    if projections is None:
        return annual_cost(payments, households, persons, schemes) * uprating(
            households, economy, year
        )
    total = _cell_table(_check_projections(projections), [year]).iloc[0][(ALL, ALL)]
    household_factor = total / persons["weight"].sum()
    return annual_cost(
        payments,
        households.assign(weight=households["weight"] * household_factor),
        persons.assign(weight=persons["weight"] * cell_uprating(persons, projections, year)),
        schemes,
    )
