"""Module 4 recipes: Cambodian schemes to cost, a calibrated flood, response tables, assumptions.

Course layer: these functions know the curriculum (the Family Package, the disability
identification, the 2020 floods, the shock-response precedents) and read the reference facts, so
that every figure is typed once. Every value that the sources do not give is a keyword argument
whose default is listed, with the reason for it, by :func:`assumptions`.

Examples
--------
>>> most_flood_exposed(3)
['Battambang', 'Banteay Meanchey', 'Pursat']
>>> base_assistance().describe()
'IDPoor base assistance: households with a member aged 0+, in IDPoor; 80,000 riel a month (2024 riel, indexed to prices); coverage 100%'
"""  # noqa: E501

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sptools.costing import FINANCING_COLUMNS, SimulationResult
from sptools.datasets import cambodia_facts, load_reference
from sptools.economy import Economy
from sptools.recipes.shock_precedents import precedents
from sptools.recipes.sp2lnob_scenarios import (
    child_benefit,
    disability_allowance,
    pregnant_women_and_young_children,
    social_pension,
)
from sptools.shocks import DAYS_TO_FIRST_PAYMENT, FOOD_SHARE, ResponseResult, Shock
from sptools.transfers import Benefit, Scheme

__all__ = [
    "BRIEF_GROUPS",
    "BriefGroup",
    "BASE_KHR",
    "BUDGET_YEAR",
    "DAYS_PER_MONTH",
    "FLOOD_LOSS",
    "ROLL_OUT_2024",
    "YEAR",
    "YEARS",
    "assumptions",
    "base_assistance",
    "budget_2024_khr",
    "changes_table",
    "costed_brief",
    "flood_2020_share",
    "flood_cash",
    "flood_shock",
    "most_flood_exposed",
    "response_table",
    "wage_subsidy",
]

#: First projection year; costs are in riel of each year.
YEAR = 2025
#: The projection years of the module.
YEARS = range(2025, 2036)
#: The year of the Family Package's published budget (US$165 m).
BUDGET_YEAR = 2024
#: Share of consumption a flooded household loses each month: an assumption (see assumptions()).
FLOOD_LOSS = 0.3
#: Days in an average month (365.25 / 12), to turn days to first payment into months.
DAYS_PER_MONTH = 365.25 / 12
#: Monthly base assistance of the Family Package per IDPoor household (an assumption: the
#: COVID-19 cash transfer's rural household amount, which the Family Package replaced).
BASE_KHR = 80_000
#: Share of IDPoor households paid by the Family Package in mid-2024: about 570,000 of 700,000
#: registered by end June 2024 (press reports, policy-context.md); the existing scheme that a
#: shock response tops up or expands.
ROLL_OUT_2024 = 570_000 / 700_000


def budget_2024_khr(economy: Economy) -> float:
    """The Family Package's 2024 budget (US$165 m, ``cambodia.yml``) in 2024 riel.

    Examples
    --------
    >>> from sptools.datasets import load_economy
    >>> round(budget_2024_khr(load_economy()) / 1e9)
    672
    """
    usd = cambodia_facts()["social_protection"]["family_package"]["budget_2024_usd"]
    rate = economy.macro.loc[BUDGET_YEAR, "exchange_rate_khr_per_usd"]
    return float(usd) * float(rate)


def base_assistance(
    monthly_khr: float = BASE_KHR, *, coverage: float = 1.0, admin_rate: float = 0.05
) -> Scheme:
    """The Family Package's base assistance: a monthly amount per IDPoor household.

    The amount is not in the sources: the default is the COVID-19 cash transfer's rural base
    amount (80,000 riel), which the Family Package replaced in 2024. ``coverage`` is the share
    of IDPoor households paid (:data:`ROLL_OUT_2024` for the roll-out of mid-2024); the paid are
    drawn at random.
    """
    return Scheme(
        "IDPoor base assistance",
        Benefit.riel(monthly_khr),
        unit="household",
        requires_idpoor=True,
        coverage=coverage,
        admin_rate=admin_rate,
    )


def most_flood_exposed(n: int = 3) -> list[str]:
    """The ``n`` provinces with the most households affected by the October 2020 floods.

    From the reference table of provinces (``flood_2020_households``, ``cambodia.yml``
    ``hazards.flood_2020_10.worst``); only three provinces have a count.
    """
    provinces = load_reference("provinces").dropna(subset=["flood_2020_households"])
    if not 1 <= n <= len(provinces):
        raise ValueError(
            f"n must be between 1 and {len(provinces)} (the provinces with a 2020 flood count), "
            f"got {n!r}."
        )
    ranked = provinces.sort_values("flood_2020_households", ascending=False)
    return ranked["province"].head(n).tolist()


def flood_2020_share(provinces: Sequence[str]) -> float:
    """Share of the provinces' households affected by the October 2020 floods.

    Affected households (reference table) over the provinces' households (population divided by
    the census mean household size).

    Examples
    --------
    >>> round(flood_2020_share(["Battambang", "Banteay Meanchey", "Pursat"]), 3)
    0.2
    """
    table = load_reference("provinces").set_index("province")
    unknown = sorted(set(provinces) - set(table.index))
    if unknown:
        raise ValueError(
            f"provinces {unknown} are unknown; the provinces are {sorted(table.index)}."
        )
    chosen = table.loc[list(provinces)]
    missing = chosen.index[chosen["flood_2020_households"].isna()].tolist()
    if missing:
        raise ValueError(
            f"no 2020 flood count for {missing}; only {most_flood_exposed(3)} have one."
        )
    size = cambodia_facts()["population"]["census_2019"]["mean_household_size"]
    households = chosen["population"].sum() / size
    return float(chosen["flood_2020_households"].sum() / households)


def flood_shock(
    provinces: Sequence[str] | None = None,
    *,
    share_affected: float | None = None,
    months: int = 3,
    consumption_loss: float = FLOOD_LOSS,
    seed: int = 2025,
) -> Shock:
    """A flood like October 2020's in the most exposed provinces.

    Defaults: the three provinces of :func:`most_flood_exposed`; the share of their households
    affected in 2020 (:func:`flood_2020_share`); 3 months (the 2022 flood cash transfer paid 3
    months); a loss of :data:`FLOOD_LOSS` of consumption a month (an assumption).
    """
    chosen = list(provinces) if provinces is not None else most_flood_exposed(3)
    share = flood_2020_share(chosen) if share_affected is None else share_affected
    return Shock(
        "flood",
        chosen,
        share_affected=share,
        months=months,
        consumption_loss=consumption_loss,
        seed=seed,
    )


def flood_cash(*, admin_rate: float = 0.05) -> Scheme:
    """An emergency cash transfer like the 2022 flood response, per IDPoor household.

    The monthly amount is the 2022 precedent's (47 billion riel / 99,169 households / 3 months),
    in 2022 riel, indexed to prices.
    """
    monthly = precedents()["flood_2022"].monthly_khr_per_household
    return Scheme(
        "flood cash",
        Benefit.riel(monthly, base_year=2022),
        unit="household",
        requires_idpoor=True,
        admin_rate=admin_rate,
    )


def wage_subsidy() -> pd.Series:
    """The COVID-19 wage subsidy for suspended garment and tourism workers, as reported.

    About 170,000 workers at US$40 a month (public reports, quoted in the ILO/UNICEF/EU project
    summary); not a household transfer, so it is not simulated on the survey.
    """
    workers, monthly_usd = 170_000, 40.0
    return pd.Series(
        {
            "workers": workers,
            "monthly_usd": monthly_usd,
            "monthly_total_usd": workers * monthly_usd,
        },
        name="wage subsidy",
    )


def response_table(results: Mapping[str, ResponseResult]) -> pd.DataFrame:
    """One row per response: cost, reach, errors, poverty among the affected, timeliness.

    ``months_without_help`` is the part of the shock that passes before the first payment
    (days to first payment / :data:`DAYS_PER_MONTH`, at most the shock's months): a stated
    parameter, not an estimate.
    """
    rows = {}
    for name, r in results.items():
        waiting = min(r.days_to_first_payment / DAYS_PER_MONTH, r.shock.months)
        rows[name] = {
            "cost (million US dollars)": r.cost_usd / 1e6,
            "households reached": r.reached,
            "coverage of affected poor (%)": 100 * r.coverage_affected_poor,
            "exclusion of affected (%)": 100 * r.exclusion_rate,
            "leakage to unaffected (%)": 100 * r.leakage_rate,
            "P0 affected, shock (%)": 100 * r.poverty.loc["shock", "P0"],
            "P0 affected, response (%)": 100 * r.poverty.loc["response", "P0"],
            "SE of P0 with response (points)": 100 * r.poverty.loc["response", "se"],
            "days to first payment": r.days_to_first_payment,
            "months without help": waiting,
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("response")


def changes_table(
    results: Mapping[str, SimulationResult], breakdown: str = "national", group: str = "all"
) -> pd.DataFrame:
    """Scheme by scheme: cost and the change in poverty and inequality of one group, with SEs.

    Rates and changes in % and percentage points; Gini and Palma after, and their changes.
    """
    rows = {}
    for name, result in results.items():
        key = (breakdown, group)
        if key not in result.change.index:
            raise KeyError(f"no group {key}; see result.change.index for the groups.")
        change, levels = result.change.loc[key], result.poverty.loc[key]
        rows[name] = {
            "cost (% of GDP)": 100 * result.cost_pct_gdp,
            "P0 before (%)": 100 * levels[("P0", "before")],
            "P0 change (points)": 100 * change[("P0", "change")],
            "SE (points)": 100 * change[("P0", "se")],
            "P1 change (points)": 100 * change[("P1", "change")],
            "Gini change": levels[("Gini", "after")] - levels[("Gini", "before")],
            "Palma change (%)": 100
            * (levels[("Palma", "after")] / levels[("Palma", "before")] - 1),
            "lifted per billion riel": result.lifted_per_billion_khr
            if breakdown == "national"
            else math.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("scheme")


def assumptions() -> pd.DataFrame:
    """Every value of module 4 that the reference sources do not give: value, reason, how to change.

    Read from the library's own defaults, so the table is what the code uses.
    """
    rows = [
        (
            "food share of consumption (price shocks)",
            FOOD_SHARE,
            "The survey has no food spending; food is the largest part of poorer households' "
            "spending. A round value to discuss, not an estimate.",
            "Shock('price', ..., food_share=0.5)",
        ),
        (
            "consumption lost by a flooded household",
            FLOOD_LOSS,
            "No Cambodian estimate in the sources; a flood that destroys a harvest or stops "
            "work for weeks takes a large part of a month's consumption.",
            "flood_shock(consumption_loss=0.2)",
        ),
        *[
            (
                f"days to first payment: {key}",
                days,
                "Not measured in the sources. A top-up uses an existing payroll (fastest); a "
                "new list or registration takes weeks to months.",
                f"days_to_first_payment={days} in the response",
            )
            for key, days in DAYS_TO_FIRST_PAYMENT.items()
        ],
        (
            "on-demand registration take-up",
            0.7,
            "Share of the affected poor outside IDPoor who register on demand; not measured.",
            "horizontal(..., via='on_demand', on_demand_take_up=0.5)",
        ),
        (
            "IDPoor base assistance (riel a month per household)",
            BASE_KHR,
            "Not in the sources: the COVID-19 cash transfer's rural base amount, which the "
            "Family Package replaced.",
            "base_assistance(monthly_khr=100_000)",
        ),
        (
            "share of IDPoor households paid before a shock",
            round(ROLL_OUT_2024, 3),
            "About 570,000 of the 700,000 IDPoor households were registered for the Family "
            "Package by end June 2024 (press reports).",
            "base_assistance(coverage=1.0)",
        ),
        (
            "disability and 60+ allowances (riel a month)",
            20_000,
            "Not verified in the sources: an earlier disability pilot paid 20,000 riel.",
            "family_package(disability_khr=..., elderly_khr=...)",
        ),
        (
            "exchange rate and revenue share of GDP after 2025",
            "held at 2025 values",
            "The macro table holds the 2025 Budget Law's rate and revenue share constant.",
            "Scenario(economy, revenue_share={2030: 0.17})",
        ),
    ]
    return pd.DataFrame(rows, columns=["assumption", "value", "why this value", "how to change"])


def _money(khr: float, usd: float) -> str:
    return f"{khr / 1e9:,.0f} billion riel ({usd / 1e6:,.1f} million US dollars)"


def costed_brief(
    *,
    title: str,
    group: str,
    problem: str,
    schemes: Sequence[Scheme],
    projection: pd.DataFrame,
    simulation: SimulationResult,
    breakdown: str,
    group_label: str,
    who: str,
    plan: pd.DataFrame,
    shock: ResponseResult | None = None,
    indicators: Sequence[str] = (),
) -> str:
    """A two-page costed policy brief as Markdown, every number from the results passed in.

    Parameters
    ----------
    title, group, problem : str
        The brief's title, the working group's name, and the problem in one or two sentences
        (written by the group).
    schemes : list of Scheme
        The proposal.
    projection : pandas.DataFrame
        :func:`sptools.costing.project` of the schemes.
    simulation : SimulationResult
        :func:`sptools.costing.simulate` of the schemes.
    breakdown, group_label : str
        The row of ``simulation.change`` for the group left behind (e.g. "household type",
        "with disability").
    who : str
        The group in words, e.g. "households with a member with a disability".
    plan : pandas.DataFrame
        :func:`sptools.costing.financing` of the projection.
    shock : ResponseResult, optional
        A shock response to cost in the brief.
    indicators : list of str
        Performance indicators proposed for the performance-informed budget.

    Returns
    -------
    str
        Markdown (display it with ``IPython.display.Markdown``).
    """
    by_year = projection.groupby("year")[["cost_khr", "cost_usd", "cost_pct_gdp"]].sum()
    years = [y for y in (by_year.index.min(), 2030, by_year.index.max()) if y in by_year.index]
    years = sorted(set(years))
    key = (breakdown, group_label)
    if key not in simulation.change.index:
        raise KeyError(f"no group {key} in the simulation; see simulation.change.index.")
    change, levels = simulation.change.loc[key], simulation.poverty.loc[key]
    national = simulation.change.loc[("national", "all")]
    cost_lines = [
        f"| {year} | {_money(by_year.at[year, 'cost_khr'], by_year.at[year, 'cost_usd'])} | "
        f"{by_year.at[year, 'cost_pct_gdp']:.2%} |"
        for year in years
    ]
    first, last = years[0], years[-1]
    short = plan.index[plan["financed_share"] < 1].tolist()
    financed = (
        f"The existing budget and the options listed cover {plan.at[first, 'financed_share']:.0%} "
        f"of the cost in {first} and {plan.at[last, 'financed_share']:.0%} in {last}."
    )
    options = [c for c in plan.columns if c not in FINANCING_COLUMNS]
    option_lines = [
        f"- {name}: {plan.at[last, name] / 1e9:,.0f} billion riel in {last}" for name in options
    ]
    lines = [
        f"# {title}",
        f"*Working group: {group}. Synthetic data: an exercise, not official statistics.*",
        "",
        "## 1. The problem",
        problem,
        "",
        f"Poverty among {who}: {levels[('P0', 'before')]:.1%} before "
        "the proposal (national: "
        f"{simulation.poverty.loc[('national', 'all'), ('P0', 'before')]:.1%}).",
        "",
        "## 2. The proposal",
        *[f"- {scheme.describe()}; administration {scheme.admin_rate:.0%}" for scheme in schemes],
        "",
        "## 3. What it costs",
        "| year | cost | % of GDP |",
        "| --- | --- | --- |",
        *cost_lines,
        "",
        "## 4. What it buys",
        f"- Poverty among {who}: {100 * change[('P0', 'change')]:+.1f} percentage points "
        f"(standard error {100 * change[('P0', 'se')]:.2f}).",
        f"- National poverty: {100 * national[('P0', 'change')]:+.1f} points (standard error "
        f"{100 * national[('P0', 'se')]:.2f}); {simulation.lifted_per_billion_khr:,.0f} people "
        "lifted out of poverty per billion riel.",
        "",
        "## 5. How to finance it",
        f"Existing budget: {plan.at[first, 'budget_khr'] / 1e9:,.0f} billion riel in {first}. "
        "Fiscal-space options:",
        "",
        *option_lines,
        "",
        financed,
        (
            f"Years not fully financed: {', '.join(str(y) for y in short)}."
            if short
            else "Every year is fully financed."
        ),
    ]
    if shock is not None:
        lines += [
            "",
            "## 6. When a shock hits",
            f"{shock.response.label} after a {shock.shock.kind}: "
            f"{_money(shock.cost_khr, shock.cost_usd)}, reaching "
            f"{shock.coverage_affected_poor:.0%} of the affected poor; first payment after "
            f"{shock.days_to_first_payment} days (a stated assumption).",
        ]
    if indicators:
        lines += [
            "",
            "## 7. Performance indicators for the budget",
            *[f"- {indicator}" for indicator in indicators],
        ]
    lines += [
        "",
        "## Assumptions and limits",
        "Static simulation (no change in behaviour), full take-up, synthetic survey calibrated "
        "to Cambodian statistics; amounts not in the sources are parameters (see the module's "
        "table of assumptions).",
    ]
    return "\n".join(lines)


@dataclass(frozen=True)
class BriefGroup:
    """A group left behind that a working group can write its brief for.

    Attributes
    ----------
    breakdown, group : str
        The row of :attr:`sptools.costing.SimulationResult.change` for the group.
    who : str
        The group in words.
    schemes : callable
        Builds the suggested proposal (a list of :class:`~sptools.transfers.Scheme`).
    title : str
    """

    breakdown: str
    group: str
    who: str
    schemes: Callable[[], list[Scheme]]
    title: str


#: The groups of the workshop's briefs, with a suggested proposal each (a starting point).
BRIEF_GROUPS: dict[str, BriefGroup] = {
    "persons with disabilities": BriefGroup(
        "household type",
        "with disability",
        "households with a member with a disability",
        lambda: disability_allowance("disability_id", monthly_khr=40_000),
        "An allowance for every person with a disability",
    ),
    "older people": BriefGroup(
        "household type",
        "with elderly",
        "households with a member aged 60 or over",
        lambda: social_pension(65),
        "A social pension from 65",
    ),
    "young children in IDPoor households": BriefGroup(
        "idpoor",
        "level 1",
        "IDPoor level 1 (very poor) households",
        lambda: pregnant_women_and_young_children() + child_benefit(0.04, idpoor_only=True),
        "Cash for the youngest children of the poorest households",
    ),
    "rural households": BriefGroup(
        "residence",
        "rural",
        "rural households",
        lambda: [base_assistance(120_000)],
        "A higher base assistance for IDPoor households",
    ),
}
