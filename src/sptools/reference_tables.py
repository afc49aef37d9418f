"""Reference tables built from the curated Cambodia facts (pure functions, no file access).

The facts come from ``cambodia.yml`` (every figure with its source) and the province profiles
(``province_profiles.csv``): codes, Khmer names, CSES zones and the urban shares and poverty
rates that the synthetic survey is calibrated to. :mod:`sptools.datasets` reads those files and
writes the tables this module builds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

PROVINCE_COLUMNS: dict[str, tuple[str, str]] = {
    # column: (description, source)
    "code": (
        "Official province code (1-25)",
        "National Institute of Statistics (NIS) province codes",
    ),
    "province": ("Province name in English", "NIS"),
    "province_km": ("Province name in Khmer", "NIS"),
    "region": (
        "CSES geographical zone: Phnom Penh, Plains, Tonle Sap, Coastal, Plateau and Mountains",
        "Cambodia Socio-Economic Survey (CSES) zone classification",
    ),
    "population_2019": (
        "Population, General Population Census 2019, as published by province",
        "NIS, General Population Census 2019, final results (some "
        "provinces provisional or unverified)",
    ),
    "population": (
        "Population 2019 rescaled so that the provinces add up to the national total of 15,552,211",
        "Derived: population_2019 x 15,552,211 / sum of provinces (the "
        "published tables are 19,716 short)",
    ),
    "population_share": ("Share of the national population", "Derived from population"),
    "urban_share": (
        "Share of the population living in urban areas",
        "Approximate calibration assumption, not an official statistic: "
        "set so that the national urban share is the census 2019 figure of 39.4%",
    ),
    "poverty_urban": (
        "Consumption poverty headcount, urban part of the province",
        "Calibration assumption: Phnom Penh 4.2% and other urban 12.6% (CSES 2019/20 zone rates, "
        "World Bank / Ministry of Planning 2022), spread across provinces by an assumed relative "
        "deprivation index",
    ),
    "poverty_rural": (
        "Consumption poverty headcount, rural part of the province",
        "Calibration assumption: rural rate scaled so that the national headcount is "
        "the CSES 2019/20 figure of 17.8% under the census urban definition (rural "
        "zone 23.4% vs 22.8% published)",
    ),
    "poverty_rate": (
        "Consumption poverty headcount of the province (national line, "
        "333,100 riel per person a month)",
        "Derived: urban_share x poverty_urban + (1 - urban_share) x poverty_rural",
    ),
    "flood_exposed": (
        "Province along the Mekong and Tonle Sap flood plains",
        "Curated list of flood-exposed provinces (cambodia.yml, hazards)",
    ),
    "drought_prone": (
        "Province prone to drought",
        "Curated list (cambodia.yml, hazards; not verified against a primary source)",
    ),
    "flood_2020_households": (
        "Households affected by the October 2020 floods (published only for the three worst-hit "
        "provinces; missing elsewhere, not zero)",
        "National Committee for Disaster Management, October 2020 floods (170,000 "
        "households in 19 provinces)",
    ),
}


def provinces_table(facts: Mapping[str, Any], profiles: pd.DataFrame) -> pd.DataFrame:
    """Build the provinces reference table from the Cambodia facts and the province profiles.

    Parameters
    ----------
    facts
        The parsed ``cambodia.yml``.
    profiles
        One row per province with ``code, province, province_km, region, urban_share,
        poverty_urban, poverty_rural``.

    Returns
    -------
    pandas.DataFrame
        One row per province, sorted by code, with the columns of :data:`PROVINCE_COLUMNS`.

    Examples
    --------
    >>> from sptools.datasets import load_reference
    >>> provinces = load_reference("provinces")
    >>> int(provinces["population"].sum())
    15552211
    """
    census = facts["population"]["census_2019"]
    published = pd.Series(facts["population"]["provinces_2019"], name="population_2019")
    unknown = sorted(set(profiles["province"]) ^ set(published.index))
    if unknown:
        raise ValueError(
            f"province names differ between the profiles and the census facts: {unknown}; "
            "fix the spelling in province_profiles.csv or cambodia.yml"
        )
    table = profiles.merge(published, left_on="province", right_index=True).sort_values("code")
    table["population"] = _rescale_to_total(table["population_2019"], census["total"])
    table["population_share"] = (table["population"] / census["total"]).round(6)
    table["poverty_rate"] = (
        table["urban_share"] * table["poverty_urban"]
        + (1 - table["urban_share"]) * table["poverty_rural"]
    ).round(4)
    hazards = facts["hazards"]
    table["flood_exposed"] = table["province"].isin(hazards["flood_exposed_provinces"])
    table["drought_prone"] = table["province"].isin(hazards["drought_prone_provinces"])
    worst_hit = hazards["flood_2020_10"]["worst"]
    table["flood_2020_households"] = table["province"].map(worst_hit).astype("Int64")
    return table[list(PROVINCE_COLUMNS)].reset_index(drop=True)


def provinces_sources() -> pd.DataFrame:
    """Describe each column of the provinces table and name its source.

    Examples
    --------
    >>> provinces_sources().loc["population_2019", "source"][:3]
    'NIS'
    """
    return pd.DataFrame.from_dict(
        PROVINCE_COLUMNS, orient="index", columns=["description", "source"]
    ).rename_axis("column")


def _rescale_to_total(values: pd.Series, total: int) -> pd.Series:
    """Scale integer counts proportionally so that they add up exactly to ``total``.

    Rounding uses the largest-remainder method, so the result is integer and sums to ``total``.
    """
    exact = values * total / values.sum()
    floors = np.floor(exact).astype("int64")
    shortfall = int(total - floors.sum())
    largest_remainders = (exact - floors).sort_values(ascending=False).index[:shortfall]
    floors.loc[largest_remainders] += 1
    return floors


PROJECTION_COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("Calendar year (mid-year population)", "-"),
    "age_group": ("Age group: 0-14, 15-59, 60+", "Census 2019 age groups"),
    "sex": ("female or male", "-"),
    "population": (
        "Projected population of the age group and sex",
        "Totals: UN World Population Prospects 2024, medium variant (2025 17.8 m, 2030 18.7 m, "
        "2035 19.6 m; approximate, not verified), interpolated log-linearly and extended "
        "back to 2020 at the 2025-2030 growth rate. Age shares: census 2019 (0-14 29.4%, "
        "60+ 8.9%) and WPP 2025/2035 (0-14 28.5% -> 25.5%, 60+ 9.7% -> 12.5%), "
        "linear in between and extended to 2020. Female shares by age group (0-14 48.7%, "
        "15-59 51.5%, 60+ 58%) are assumptions that reproduce the census female share. Note: "
        "the UN totals exceed the census-based survey weights (15.55 m in 2019).",
    ),
}
FEMALE_SHARE = {"0-14": 0.487, "15-59": 0.515, "60+": 0.58}
YEARS = range(2020, 2036)


def _share_path(
    first: float, last: float, first_year: int = 2025, last_year: int = 2035
) -> np.ndarray:
    """Linear path through two (year, share) points, extended to every year of :data:`YEARS`."""
    years = np.arange(YEARS.start, YEARS.stop)
    return first + (last - first) * (years - first_year) / (last_year - first_year)


def population_projections_table(facts: Mapping[str, Any], profiles: pd.DataFrame) -> pd.DataFrame:
    """Population 2020-2035 by age group (0-14, 15-59, 60+) and sex.

    Examples
    --------
    >>> from sptools.datasets import cambodia_facts, province_profiles
    >>> table = population_projections_table(cambodia_facts(), province_profiles())
    >>> round(int(table.loc[table["year"] == 2030, "population"].sum()) / 1e6, 3)
    18.7
    """
    projections = facts["population"]["projections"]
    totals = {int(year): float(value) for year, value in projections["total"].items()}
    years = np.arange(YEARS.start, YEARS.stop)
    anchors = np.array(sorted(totals))
    log_total = np.interp(years, anchors, np.log([totals[y] for y in anchors]))
    early_growth = (np.log(totals[2030]) - np.log(totals[2025])) / 5
    log_total = np.where(
        years < 2025, np.log(totals[2025]) + early_growth * (years - 2025), log_total
    )
    total = np.exp(log_total)
    young = _share_path(projections["share_0_14"][2025], projections["share_0_14"][2035])
    old = _share_path(projections["share_60_plus"][2025], projections["share_60_plus"][2035])
    shares = {"0-14": young, "15-59": 1 - young - old, "60+": old}
    rows = []
    for group, share in shares.items():
        for sex, sex_share in (("female", FEMALE_SHARE[group]), ("male", 1 - FEMALE_SHARE[group])):
            rows.append(
                pd.DataFrame(
                    {
                        "year": years,
                        "age_group": group,
                        "sex": sex,
                        "population": np.rint(total * share * sex_share).astype("int64"),
                    }
                )
            )
    table = pd.concat(rows).sort_values(["year", "age_group", "sex"]).reset_index(drop=True)
    return table[list(PROJECTION_COLUMNS)]


def population_projections_sources() -> pd.DataFrame:
    """Describe the columns of the population projections table.

    Examples
    --------
    >>> "World Population Prospects" in population_projections_sources().loc["population", "source"]
    True
    """
    return _sources(PROJECTION_COLUMNS)


#: approximate history before the Budget Law figures (not in cambodia.yml; verified: false)
HISTORY = {
    "real_growth": {2021: 0.030, 2022: 0.051, 2023: 0.050},
    "inflation": {2021: 0.029, 2022: 0.053, 2023: 0.021, 2024: 0.008},
}
LONG_RUN = {"real_growth": 0.060, "inflation": 0.025}
MACRO_COLUMNS: dict[str, tuple[str, str]] = {
    "year": ("Calendar year", "-"),
    "real_growth": (
        "Real GDP growth over the previous year",
        "2024-2025: cambodia.yml economy (6.0%, 6.3%); 2021-2023: approximate outturns (3.0%, "
        "5.1%, 5.0%; not verified); 2026-2035: assumed 6.0% a year",
    ),
    "inflation": (
        "CPI inflation over the previous year",
        "2025: cambodia.yml (2.5%); 2021-2024: approximate outturns (not "
        "verified); 2026-2035: assumed 2.5%",
    ),
    "cpi": ("Consumer price index, 2025 = 100", "Derived from inflation"),
    "gdp_khr": (
        "Nominal GDP, riel (rebased 2014-price series)",
        "2025: 2025 Budget Law (209,163 billion riel); other years: "
        "2025 moved by real growth and inflation",
    ),
    "exchange_rate_khr_per_usd": (
        "Riel per US dollar",
        "4,070 (implied by the 2025 Budget Law), held constant: an assumption",
    ),
    "gdp_usd": (
        "Nominal GDP, US dollars",
        "Derived: gdp_khr / exchange rate (2025: 51.39 billion)",
    ),
    "population": ("Mid-year population", "population_projections table (UN WPP 2024 totals)"),
    "gdp_per_capita_usd": (
        "GDP per person, US dollars",
        "Derived: gdp_usd / population (2025: 2,887; the Budget Law's 2,924 "
        "implies a population of 17.6 m)",
    ),
    "revenue_pct_gdp": (
        "Government revenue, share of GDP",
        "2025 Budget Law (15.11%), held constant: an assumption",
    ),
    "revenue_khr": ("Government revenue, riel", "Derived: revenue_pct_gdp x gdp_khr"),
}


def macro_table(facts: Mapping[str, Any], profiles: pd.DataFrame) -> pd.DataFrame:
    """GDP, CPI, revenue and exchange rate 2020-2035, anchored on the 2025 Budget Law.

    Examples
    --------
    >>> from sptools.datasets import cambodia_facts, province_profiles
    >>> table = macro_table(cambodia_facts(), province_profiles()).set_index("year")
    >>> round(float(table.loc[2025, "gdp_usd"]) / 1e9, 2)
    51.39
    """
    economy = facts["economy"]  # note: YAML reads numbers like 209163e9 as text, hence float()
    years = np.arange(YEARS.start, YEARS.stop)
    known = {
        "real_growth": {
            **HISTORY["real_growth"],
            **{int(y): g for y, g in economy["real_growth"].items()},
        },
        "inflation": {**HISTORY["inflation"], 2025: economy["inflation_2025"]},
    }
    table = pd.DataFrame({"year": years})
    for column in ("real_growth", "inflation"):
        table[column] = [known[column].get(int(year), LONG_RUN[column]) for year in years]
    table.loc[table["year"] == YEARS.start, ["real_growth", "inflation"]] = (
        np.nan
    )  # 2020: the base year
    nominal_factor = ((1 + table["real_growth"]) * (1 + table["inflation"])).fillna(1.0).cumprod()
    price_factor = (1 + table["inflation"]).fillna(1.0).cumprod()
    at_2025 = table["year"] == 2025
    table["cpi"] = (100 * price_factor / price_factor[at_2025].item()).round(2)
    table["gdp_khr"] = (
        float(economy["gdp_2025_khr"]) * nominal_factor / nominal_factor[at_2025].item()
    ).round(-6)
    rate = float(economy["exchange_rate_khr_per_usd"])
    table["exchange_rate_khr_per_usd"] = rate
    table["gdp_usd"] = (table["gdp_khr"] / rate).round(-3)
    population = population_projections_table(facts, profiles).groupby("year")["population"].sum()
    table["population"] = population.reindex(years).to_numpy()
    table["gdp_per_capita_usd"] = (table["gdp_usd"] / table["population"]).round(1)
    table["revenue_pct_gdp"] = economy["budget_2025"]["revenue"]
    table["revenue_khr"] = (table["revenue_pct_gdp"] * table["gdp_khr"]).round(-6)
    return table[list(MACRO_COLUMNS)]


def macro_sources() -> pd.DataFrame:
    """Describe the columns of the macro table.

    Examples
    --------
    >>> "Budget Law" in macro_sources().loc["gdp_khr", "source"]
    True
    """
    return _sources(MACRO_COLUMNS)


PROGRAMME_COLUMNS: dict[str, tuple[str, str]] = {
    "programme": (
        "Programme (key of cambodia.yml social_protection)",
        "cambodia.yml, social_protection",
    ),
    "parameter": ("Parameter, dotted path below the programme", "cambodia.yml, social_protection"),
    "value": (
        "Value as published (numbers, text or a ';'-separated list)",
        "The source named in cambodia.yml next to the programme (Sub-decrees, MoSVY, NSSF, ILO, "
        "press statements); figures marked 'not verified' there are parameters to vary",
    ),
}


def _flatten(prefix: str, value: Any) -> list[tuple[str, str]]:
    if isinstance(value, Mapping):
        return [
            pair
            for key, item in value.items()
            for pair in _flatten(f"{prefix}.{key}" if prefix else str(key), item)
        ]
    if isinstance(value, list):
        return [(prefix, "; ".join(str(item) for item in value))]
    return [(prefix, str(value))]


def programmes_table(facts: Mapping[str, Any], profiles: pd.DataFrame) -> pd.DataFrame:
    """Programme parameters (IDPoor, Family Package, cash transfers, HEF, NSSF...) in long form.

    Examples
    --------
    >>> from sptools.datasets import cambodia_facts, province_profiles
    >>> table = programmes_table(cambodia_facts(), province_profiles())
    >>> table.query("programme == 'idpoor' and parameter == 'households'")["value"].item()
    '700000'
    """
    rows = [
        (programme, parameter or "value", value)  # a programme given as a single figure or text
        for programme, content in facts["social_protection"].items()
        for parameter, value in _flatten("", content)
    ]
    return pd.DataFrame(rows, columns=list(PROGRAMME_COLUMNS))


def programmes_sources() -> pd.DataFrame:
    """Describe the columns of the programmes table.

    Examples
    --------
    >>> programmes_sources().index.tolist()
    ['programme', 'parameter', 'value']
    """
    return _sources(PROGRAMME_COLUMNS)


def _sources(columns: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(
        columns, orient="index", columns=["description", "source"]
    ).rename_axis("column")
