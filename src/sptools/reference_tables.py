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
    "code": ("Official province code (1-25)", "National Institute of Statistics (NIS) province codes"),
    "province": ("Province name in English", "NIS"),
    "province_km": ("Province name in Khmer", "NIS"),
    "region": (
        "CSES geographical zone: Phnom Penh, Plains, Tonle Sap, Coastal, Plateau and Mountains",
        "Cambodia Socio-Economic Survey (CSES) zone classification",
    ),
    "population_2019": (
        "Population, General Population Census 2019, as published by province",
        "NIS, General Population Census 2019, final results (some provinces provisional or unverified)",
    ),
    "population": (
        "Population 2019 rescaled so that the provinces add up to the national total of 15,552,211",
        "Derived: population_2019 x 15,552,211 / sum of provinces (the published tables are 19,716 short)",
    ),
    "population_share": ("Share of the national population", "Derived from population"),
    "urban_share": (
        "Share of the population living in urban areas",
        "Approximate calibration assumption, not an official statistic: set so that the national urban "
        "share is the census 2019 figure of 39.4%",
    ),
    "poverty_urban": (
        "Consumption poverty headcount, urban part of the province",
        "Calibration assumption: Phnom Penh 4.2% and other urban 12.6% (CSES 2019/20 zone rates, "
        "World Bank / Ministry of Planning 2022), spread across provinces by an assumed relative "
        "deprivation index",
    ),
    "poverty_rural": (
        "Consumption poverty headcount, rural part of the province",
        "Calibration assumption: rural rate scaled so that the national headcount is the CSES 2019/20 "
        "figure of 17.8% under the census urban definition (rural zone 23.4% vs 22.8% published)",
    ),
    "poverty_rate": (
        "Consumption poverty headcount of the province (national line, 333,100 riel per person a month)",
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
        "National Committee for Disaster Management, October 2020 floods (170,000 households in 19 provinces)",
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
