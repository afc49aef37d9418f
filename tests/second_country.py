"""A small synthetic second country, "Lakeland", for the test that the course runs elsewhere.

Not a course dataset: 800 households drawn by :func:`sptools.synth.generate` with a seed of their
own, then given Lakeland's six provinces, four regions and currency (the Lakeland dollar, LKD:
100 riel's worth of consumption is 1 LKD), with a macro table, population projections and a
poverty line in LKD. Everything a country profile holds (see book/another-country.md) is here:
provinces, regions, currency, poverty line, programmes (schemes) and projections.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.economy import Economy
from sptools.synth import generate

PROVINCES = ("Amber", "Basalt", "Cedar", "Delta", "Eastwater", "Fernhill")
REGIONS = ("Capital", "Lowlands", "Lakes", "Uplands")
#: Each of the generator's regions becomes a Lakeland region (two fold into the lowlands).
REGION_OF = {
    "Phnom Penh": "Capital",
    "Plains": "Lowlands",
    "Coastal": "Lowlands",
    "Tonle Sap": "Lakes",
    "Plateau and Mountains": "Uplands",
}
#: Local currency units per riel of the generator's consumption (1 LKD = 100 riel).
LKD_PER_KHR = 0.01
SURVEY_YEAR = 2022
POPULATION = 4.2e6  # persons in the survey year: the weights are scaled to represent them
POVERTY_LINE_LKD = 3_500.0  # a month per person, in LKD of the survey year
YEARS = range(SURVEY_YEAR, 2031)


@dataclass(frozen=True)
class Country:
    """A country profile: survey tables, economy, projections and the names of its places."""

    name: str
    currency: str
    households: pd.DataFrame
    persons: pd.DataFrame
    economy: Economy
    projections: pd.DataFrame


def lakeland() -> Country:
    """Build Lakeland (about 2 seconds)."""
    households, persons = generate(800, seed=11, round=SURVEY_YEAR)
    names = sorted(households["province"].cat.categories)
    provinces = {name: PROVINCES[i % len(PROVINCES)] for i, name in enumerate(names)}
    scale = POPULATION / float((households["weight"] * households["hh_size"]).sum())
    persons = persons.assign(weight=persons["weight"] * scale)
    households = households.assign(
        weight=households["weight"] * scale,
        province=pd.Categorical(households["province"].astype(str).map(provinces), PROVINCES),
        region=pd.Categorical(households["region"].astype(str).map(REGION_OF), REGIONS),
        consumption_pc=households["consumption_pc"] * LKD_PER_KHR,
    )
    years = np.array(list(YEARS))
    growth = 1.04 ** (years - SURVEY_YEAR)
    prices = 1.03 ** (years - SURVEY_YEAR)
    population = POPULATION * 1.015 ** (years - SURVEY_YEAR)
    gdp = POPULATION * 60_000 * growth * prices * population / population[0]
    macro = pd.DataFrame(
        {
            "year": years,
            "cpi": 100 * prices,
            "gdp_khr": gdp,  # in LKD: the Economy's columns hold local currency units
            "population": population,
            "exchange_rate_khr_per_usd": 40.0,  # LKD per US dollar
            "revenue_khr": 0.18 * gdp,
        }
    )
    economy = Economy(macro, poverty_line_khr=POVERTY_LINE_LKD, poverty_line_year=SURVEY_YEAR)
    shares = {
        ("0-14", "female"): 0.14,
        ("0-14", "male"): 0.15,
        ("15-59", "female"): 0.31,
        ("15-59", "male"): 0.30,
        ("60+", "female"): 0.055,
        ("60+", "male"): 0.045,
    }
    projections = pd.DataFrame(
        [
            {"year": int(year), "age_group": group, "sex": sex, "population": total * share}
            for year, total in zip(years, population, strict=True)
            for (group, sex), share in shares.items()
        ]
    )
    return Country("Lakeland", "LKD", households, persons, economy, projections)
