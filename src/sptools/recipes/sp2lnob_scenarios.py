"""Module 3 recipes: the Cambodian SP2LNOB scenarios, budget matching, reach and a policy brief.

Course layer: these functions know the curriculum (Cambodia's programmes and their published
amounts, read from the reference facts) and build :class:`~sptools.transfers.Scheme` lists for
:func:`sptools.sp2lnob.simulate`. Every amount that the sources do not give is a keyword
argument with its default stated in the docstring, so that a lesson can say what is assumed.

Examples
--------
>>> [s.name for s in child_benefit()]
['child benefit 0-14']
>>> [s.name for s in social_pension(65)]
['social pension 65+']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from sptools.datasets import cambodia_facts
from sptools.economy import Economy
from sptools.sp2lnob import SP2LNOBResult
from sptools.transfers import (
    IDPOOR_ORDER,
    Benefit,
    Scheme,
    annual_cost,
    household_transfers,
    pay,
)

__all__ = [
    "YEAR",
    "amount_for_budget",
    "birth_grant_monthly_khr",
    "child_benefit",
    "comparison_table",
    "cost_lines",
    "disability_allowance",
    "family_package",
    "gains_by_decile",
    "idpoor_or_poor",
    "package_cost",
    "policy_brief",
    "pregnant_women_and_young_children",
    "reach",
    "social_pension",
    "summary_frame",
    "targeting_errors",
]

#: The simulation year of module 3: the Family Package's first year; amounts are 2024 riel.
YEAR = 2024


def _family_package_facts() -> dict:
    return cambodia_facts()["social_protection"]["family_package"]


def birth_grant_monthly_khr() -> float:
    """The cash transfer for pregnant women and children under 2, spread over 24 months.

    The Family Package pays 1,520,000 riel per birth in total (4 prenatal payments, one at
    delivery, 10 postnatal). The survey cannot see pregnancies, so the lessons pay the total to
    each child aged 0-1, as a monthly amount over the child's first 24 months.

    Examples
    --------
    >>> round(birth_grant_monthly_khr())
    63333
    """
    return _family_package_facts()["pregnant_women_children_under2_khr"]["total_per_birth"] / 24


def child_benefit(
    share: float = 0.04,
    *,
    max_age: int = 14,
    admin_rate: float = 0.05,
    idpoor_only: bool = False,
    name: str | None = None,
) -> list[Scheme]:
    """A child benefit at ``share`` of GDP per capita a year (SPOT's global average: 4%).

    Examples
    --------
    >>> child_benefit(idpoor_only=True)[0].describe()
    'child benefit 0-14 (IDPoor): persons aged 0-14, in IDPoor; 4.0% of GDP per capita a year, paid monthly; coverage 100%'
    """  # noqa: E501
    label = name or f"child benefit 0-{max_age}" + (" (IDPoor)" if idpoor_only else "")
    return [
        Scheme(
            label,
            Benefit.share_of_gdp_per_capita(share),
            max_age=max_age,
            requires_idpoor=idpoor_only,
            admin_rate=admin_rate,
        )
    ]


def disability_allowance(
    link: Literal["idpoor", "disability_id"],
    *,
    monthly_khr: float = 20_000,
    admin_rate: float = 0.05,
) -> list[Scheme]:
    """A disability allowance linked to IDPoor or to the disability identification.

    ``link="idpoor"``: persons with a disability in IDPoor households (the Family Package route);
    ``link="disability_id"``: every person with a disability (the survey's Washington Group
    flag stands in for the disability ID card). The amount is not verified in the sources; the
    default is the earlier pilot's 20,000 riel a month.

    Examples
    --------
    >>> disability_allowance("idpoor")[0].requires_idpoor
    True
    """
    if link not in ("idpoor", "disability_id"):
        raise ValueError(f"link must be 'idpoor' or 'disability_id', got {link!r}.")
    label = (
        "disability allowance (IDPoor)" if link == "idpoor" else "disability allowance (ID card)"
    )
    return [
        Scheme(
            label,
            Benefit.riel(monthly_khr),
            requires_disability=True,
            requires_idpoor=link == "idpoor",
            admin_rate=admin_rate,
        )
    ]


def pregnant_women_and_young_children(
    *, idpoor_only: bool = True, admin_rate: float = 0.05
) -> list[Scheme]:
    """The cash transfer for pregnant women and children under 2 (1,520,000 riel per birth).

    Paid to each child aged 0-1 of an IDPoor household at :func:`birth_grant_monthly_khr`.

    Examples
    --------
    >>> pregnant_women_and_young_children()[0].max_age
    1
    """
    return [
        Scheme(
            "pregnant women and children under 2",
            Benefit.riel(birth_grant_monthly_khr()),
            max_age=1,
            requires_idpoor=idpoor_only,
            admin_rate=admin_rate,
        )
    ]


def social_pension(
    min_age: int = 65, *, monthly_khr: float = 100_000, admin_rate: float = 0.05
) -> list[Scheme]:
    """A universal social pension from ``min_age`` (the amount is an illustrative parameter).

    Examples
    --------
    >>> social_pension(60)[0].min_age
    60
    """
    return [
        Scheme(
            f"social pension {min_age}+",
            Benefit.riel(monthly_khr),
            min_age=min_age,
            admin_rate=admin_rate,
        )
    ]


def idpoor_or_poor(line_khr: float) -> Callable[[pd.DataFrame], pd.Series]:
    """Rule of on-demand IDPoor registration: in IDPoor, or poor (consumption below the line).

    An upper bound: every poor household outside IDPoor is assumed to register on demand.
    ``line_khr`` is in the survey's prices (``economy.poverty_line_khr``).

    Examples
    --------
    >>> rule = idpoor_or_poor(100.0)
    >>> rule(pd.DataFrame({"idpoor": ["none", "level 1", "none"],
    ...                    "consumption_pc": [50.0, 500.0, 500.0]})).tolist()
    [True, True, False]
    """

    def rule(people: pd.DataFrame) -> pd.Series:
        listed = people["idpoor"].astype("string").isin(IDPOOR_ORDER).fillna(False)
        return (listed | (people["consumption_pc"] < line_khr)).astype(bool)

    return rule


def _idpoor(people: pd.DataFrame) -> pd.Series:
    return people["idpoor"].astype("string").isin(IDPOOR_ORDER).fillna(False).astype(bool)


def family_package(
    *,
    on_demand_line_khr: float | None = None,
    base_khr: float = 80_000,
    disability_khr: float = 20_000,
    elderly_khr: float = 20_000,
    admin_rate: float = 0.05,
) -> list[Scheme]:
    """The Family Package as a list of schemes, for IDPoor households (or on demand).

    Components (``cambodia.yml``): base assistance per household; the cash transfer for pregnant
    women and children under 2; scholarships (20,000 riel a month at primary and lower secondary,
    30,000 at upper secondary: here children attending school aged 6-14 and 15-17); allowances
    for persons with disabilities and people aged 60+. Not in the sources, so parameters:
    ``base_khr`` (default 80,000 riel a month, the COVID-19 cash transfer's rural household amount,
    which the Family Package replaced), ``disability_khr`` and ``elderly_khr`` (default 20,000,
    the earlier disability pilot's amount).

    ``on_demand_line_khr``: when given, households are eligible when in IDPoor **or** poor
    (consumption per capita below this line, survey prices): on-demand registration, with every
    poor household assumed to register.

    Examples
    --------
    >>> [s.name for s in family_package()][:2]
    ['FP base assistance', 'FP pregnant women and children under 2']
    """
    facts = _family_package_facts()
    scholarship = facts["scholarship_khr_per_month"]
    if on_demand_line_khr is None:
        target = _idpoor
    else:
        target = idpoor_or_poor(on_demand_line_khr)

    def attending(low: int, high: int) -> Callable[[pd.DataFrame], pd.Series]:
        def rule(people: pd.DataFrame) -> pd.Series:
            school = people["attending_school"].fillna(False).astype(bool)
            return (target(people) & school & people["age"].between(low, high)).astype(bool)

        return rule

    return [
        Scheme(
            "FP base assistance",
            Benefit.riel(base_khr),
            unit="household",
            rule=target,
            admin_rate=admin_rate,
        ),
        Scheme(
            "FP pregnant women and children under 2",
            Benefit.riel(birth_grant_monthly_khr()),
            max_age=1,
            rule=target,
            admin_rate=admin_rate,
        ),
        Scheme(
            "FP scholarship primary and lower secondary",
            Benefit.riel(scholarship["primary_lower_secondary"]),
            rule=attending(6, 14),
            admin_rate=admin_rate,
        ),
        Scheme(
            "FP scholarship upper secondary",
            Benefit.riel(scholarship["upper_secondary"]),
            rule=attending(15, 17),
            admin_rate=admin_rate,
        ),
        Scheme(
            "FP disability",
            Benefit.riel(disability_khr),
            requires_disability=True,
            rule=target,
            admin_rate=admin_rate,
        ),
        Scheme(
            "FP aged 60+", Benefit.riel(elderly_khr), min_age=60, rule=target, admin_rate=admin_rate
        ),
    ]


def package_cost(
    schemes: Sequence[Scheme],
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    year: int,
    economy: Economy,
) -> float:
    """Annual cost in riel (administration included), weights uprated to the year's population.

    The same cost as :attr:`sptools.sp2lnob.SP2LNOBResult.cost_khr`, without the access step.
    """
    payments = pay(list(schemes), households, persons, year=year, economy=economy)
    uprating = economy.population(year) / float(
        (households["weight"] * households["hh_size"]).sum()
    )
    return float(
        annual_cost(payments, households, persons, list(schemes))["cost_khr"].sum() * uprating
    )


def amount_for_budget(
    build: Callable[[float], Sequence[Scheme]],
    budget_khr: float,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    year: int,
    economy: Economy,
) -> float:
    """The amount at which ``build(amount)`` costs ``budget_khr`` a year (closed form).

    The cost of a package is linear in its amount (who is paid does not depend on it), so two
    evaluations give it: ``amount = (budget - cost(0)) / (cost(1) - cost(0))``.

    Parameters
    ----------
    build : callable
        ``amount -> list of Scheme`` (e.g. ``lambda a: child_benefit(a, idpoor_only=True)``).
    budget_khr : float
        Annual budget in riel of ``year``, administration included.

    Returns
    -------
    float
        The amount, in the unit ``build`` takes (a share of GDP per capita, riel a month, ...).
    """
    fixed = package_cost(build(0.0), households, persons, year=year, economy=economy)
    unit = package_cost(build(1.0), households, persons, year=year, economy=economy) - fixed
    if unit <= 0:
        raise ValueError("the package costs nothing more when its amount grows: nobody is paid.")
    amount = (budget_khr - fixed) / unit
    if amount < 0:
        raise ValueError(
            f"the budget ({budget_khr:,.0f} riel) is below the fixed cost ({fixed:,.0f} riel)."
        )
    return float(amount)


def reach(payments: pd.DataFrame, households: pd.DataFrame, *, uprating: float = 1.0) -> pd.Series:
    """Households and people in households that receive anything (weighted, times ``uprating``).

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2], "weight": [10.0, 5.0], "hh_size": [4, 2]})
    >>> reach(pd.DataFrame({"hh_id": [1, 1]}), h).tolist()
    [10.0, 40.0]
    """
    paid = households["hh_id"].isin(payments["hh_id"])
    weight = households["weight"][paid]
    return pd.Series(
        {
            "households": float(weight.sum()) * uprating,
            "people": float((weight * households["hh_size"][paid]).sum()) * uprating,
        }
    )


def targeting_errors(
    payments: pd.DataFrame, households: pd.DataFrame, line_khr: float
) -> pd.Series:
    """Inclusion and exclusion errors against consumption poverty, persons weighted.

    ``inclusion_error``: share of the people reached who are not poor; ``exclusion_error``: share
    of the poor who are not reached; ``poor_reached``: one minus it.

    Examples
    --------
    >>> h = pd.DataFrame({"hh_id": [1, 2, 3], "weight": 1.0, "hh_size": 1,
    ...                   "consumption_pc": [50.0, 50.0, 500.0]})
    >>> targeting_errors(pd.DataFrame({"hh_id": [1, 3]}), h, 100.0).round(2).tolist()
    [0.5, 0.5, 0.5]
    """
    people = households["weight"] * households["hh_size"]
    paid = households["hh_id"].isin(payments["hh_id"])
    poor = households["consumption_pc"] < line_khr
    inclusion = float(people[paid & ~poor].sum() / people[paid].sum())
    exclusion = float(people[poor & ~paid].sum() / people[poor].sum())
    return pd.Series(
        {"inclusion_error": inclusion, "exclusion_error": exclusion, "poor_reached": 1 - exclusion}
    )


def summary_frame(result: SP2LNOBResult) -> pd.DataFrame:
    """The headline results as a before / after table (rates in %, cost in the last rows).

    Examples
    --------
    >>> from sptools.widgets.sp2lnob import NavigatorModel, Settings  # doctest: +SKIP
    >>> model = NavigatorModel(load_households(), load_persons(), load_economy())  # doctest: +SKIP
    >>> summary_frame(model.run(Settings())).columns.tolist()  # doctest: +SKIP
    ['before', 'after', 'change']
    """
    behind = result.groups.loc[result.furthest_behind]
    rows = {
        "Furthest-behind group: access (%)": (behind["rate_before"], behind["rate_after"], 100),
        "Dissimilarity index D": (result.d_before, result.d_after, 1),
        "Human Opportunity Index (%)": (result.hoi_before, result.hoi_after, 100),
        "Poverty headcount P0 (%)": (
            result.poverty.loc["before", "P0"],
            result.poverty.loc["after", "P0"],
            100,
        ),
        "Poverty gap P1 (%)": (
            result.poverty.loc["before", "P1"],
            result.poverty.loc["after", "P1"],
            100,
        ),
        "Gini": (result.poverty.loc["before", "Gini"], result.poverty.loc["after", "Gini"], 1),
        "Palma": (result.poverty.loc["before", "Palma"], result.poverty.loc["after", "Palma"], 1),
    }
    frame = pd.DataFrame(
        {
            "before": [scale * before for before, _, scale in rows.values()],
            "after": [scale * after for _, after, scale in rows.values()],
        },
        index=pd.Index(list(rows), name="indicator"),
    )
    frame["change"] = frame["after"] - frame["before"]
    return frame


def cost_lines(result: SP2LNOBResult) -> list[str]:
    """The cost of the scheme in words (riel, US$, % of GDP, per point gained)."""
    per_point = (
        f"{result.cost_per_point / 1e9:,.1f} billion riel a year per percentage point of access "
        "gained by the furthest-behind group"
        if result.cost_per_point == result.cost_per_point
        else "the furthest-behind group gains nothing"
    )
    return [
        f"Annual cost: {result.cost_khr / 1e9:,.0f} billion riel (US$ {result.cost_usd / 1e6:,.1f}"
        f" million), {result.cost_pct_gdp:.2%} of GDP",
        per_point,
    ]


def policy_brief(result, path: str | Path, *, title: str, scenario: str, figure=None) -> Path:
    """Write the tables of a one-page brief to an Excel workbook (and the chart beside it).

    Sheets: ``brief`` (title, scenario, cost lines), ``headline`` (the before/after table of
    :func:`sptools.widgets.sp2lnob.summary_frame`), ``groups`` (the tree's groups before and
    after, in %), ``cost by scheme``. A matplotlib ``figure`` is saved as a PNG next to the
    workbook (same name) and inserted in the ``brief`` sheet.

    Returns
    -------
    pathlib.Path
        The workbook written.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    brief = pd.DataFrame(
        {
            "item": ["title", "scenario", "opportunity", "channel", "cost", "per point"],
            "value": [title, scenario, result.opportunity, result.channel, *cost_lines(result)],
        }
    )
    groups = result.groups.assign(
        **{
            c: 100 * result.groups[c]
            for c in ("share", "rate_before", "se_before", "rate_after", "se_after", "change")
        }
    )
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        brief.to_excel(writer, sheet_name="brief", index=False)
        summary_frame(result).round(3).to_excel(writer, sheet_name="headline")
        groups.round(2).to_excel(writer, sheet_name="groups")
        result.costs.to_excel(writer, sheet_name="cost by scheme")
        if figure is not None:
            from openpyxl.drawing.image import Image

            picture = path.with_suffix(".png")
            figure.savefig(picture, dpi=120, bbox_inches="tight")
            writer.sheets["brief"].add_image(Image(str(picture)), "D2")
    return path


def comparison_table(results: Mapping[str, object]) -> pd.DataFrame:
    """Headline results of several simulations side by side, one row per scenario.

    Rates and changes are in % and percentage points; cost in % of GDP and US$ million.

    Parameters
    ----------
    results : mapping of str to SP2LNOBResult
    """
    rows = {}
    for name, result in results.items():
        behind = result.groups.loc[result.furthest_behind]
        poverty = result.poverty
        rows[name] = {
            "opportunity": result.opportunity,
            "channel": result.channel,
            "cost (% of GDP)": 100 * result.cost_pct_gdp,
            "cost (US$ million)": result.cost_usd / 1e6,
            "furthest behind: before (%)": 100 * behind["rate_before"],
            "furthest behind: after (%)": 100 * behind["rate_after"],
            "furthest behind: change (points)": 100 * behind["change"],
            "D before": result.d_before,
            "D after": result.d_after,
            "P0 change (points)": 100 * (poverty.loc["after", "P0"] - poverty.loc["before", "P0"]),
            "P1 change (points)": 100 * (poverty.loc["after", "P1"] - poverty.loc["before", "P1"]),
            "Palma after": poverty.loc["after", "Palma"],
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("scenario")


def gains_by_decile(
    payments: pd.DataFrame, households: pd.DataFrame, *, year: int, economy: Economy
) -> pd.DataFrame:
    """What each decile of consumption per capita receives (persons weighted).

    Returns
    -------
    pandas.DataFrame
        Indexed by decile (1 = poorest): ``reached`` (share of the decile's people whose
        household is paid), ``gain_pct`` (mean transfer per person as % of the decile's mean
        consumption per capita, survey prices) and ``share_of_transfers`` (the decile's share of
        all transfers).

    Examples
    --------
    >>> from sptools.datasets import load_economy
    >>> h = pd.DataFrame({"hh_id": range(10), "weight": 1.0, "hh_size": 1,
    ...                   "consumption_pc": [100.0 * (i + 1) for i in range(10)]})
    >>> pays = pd.DataFrame({"hh_id": [0], "monthly_khr": [50.0]})
    >>> table = gains_by_decile(pays, h, year=2020, economy=load_economy())
    >>> table.loc[1, "reached"], table.loc[2, "reached"]
    (np.float64(1.0), np.float64(0.0))
    """
    people = (households["weight"] * households["hh_size"]).to_numpy(np.float64)
    consumption = households["consumption_pc"].to_numpy(np.float64)
    order = np.argsort(consumption, kind="stable")
    cumulative = np.cumsum(people[order]) / people.sum()
    decile = np.empty(len(order), dtype=np.int64)
    decile[order] = np.minimum(np.ceil(cumulative * 10 - 1e-9), 10).astype(np.int64)
    to_survey_prices = 1 / economy.price_factor(economy.poverty_line_year, year)
    per_person = (
        household_transfers(payments, households).to_numpy(np.float64)
        * to_survey_prices
        / households["hh_size"].to_numpy(np.float64)
    )
    frame = pd.DataFrame(
        {
            "decile": decile,
            "people": people,
            "paid": per_person > 0,
            "gain": per_person * people,
            "consumption": consumption * people,
        }
    )
    grouped = frame.groupby("decile")
    table = pd.DataFrame(
        {
            "reached": grouped.apply(
                lambda g: g["people"][g["paid"]].sum() / g["people"].sum(), include_groups=False
            ),
            "gain_pct": 100 * grouped["gain"].sum() / grouped["consumption"].sum(),
        }
    )
    table["share_of_transfers"] = grouped["gain"].sum() / frame["gain"].sum()
    return table.rename_axis("decile")
