"""Answer keys for module 0, "Getting started": pandas on the provinces table.

The exercises are in ``solutions/00-getting-started.ipynb`` (and, generated from it,
``exercises/00-getting-started.ipynb``). Every expected answer is computed from the shipped
provinces table, never typed by hand. Hints nudge towards the method; they never state the answer.

Examples
--------
>>> from sptools.exercises.answers.m00_getting_started import EXERCISES
>>> [exercise.id for exercise in EXERCISES][:3]
['00.1', '00.2', '00.3']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sptools.datasets import load_reference
from sptools.exercises.feedback import Exercise


def _provinces() -> pd.DataFrame:
    return load_reference("provinces")


def _poorest_province() -> str:
    provinces = _provinces()
    return provinces.loc[provinces["poverty_rate"].idxmax(), "province"]


def _mostly_urban_provinces() -> list[str]:
    provinces = _provinces()
    return provinces.loc[provinces["urban_share"] > 0.5, "province"].tolist()


def _poor_people_by_region() -> pd.Series:
    provinces = _provinces()
    poor = provinces["population"] * provinces["poverty_rate"]
    return poor.groupby(provinces["region"]).sum()


def _national_poverty_rate() -> float:
    provinces = _provinces()
    return float(np.average(provinces["poverty_rate"], weights=provinces["population"]))


def _flood_exposed_population_share() -> float:
    provinces = _provinces()
    exposed = provinces.loc[provinces["flood_exposed"], "population"].sum()
    return float(exposed / provinces["population"].sum())


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "00.1",
        expected=lambda: len(_provinces()),
        hint="Each province is one row of the table. Which Python function gives the length of something?",
    ),
    Exercise(
        "00.2",
        expected=lambda: int(_provinces()["population"].sum()),
        hint='Select the "population" column with square brackets, then add it up '
        "(the method has the same name as the Excel function).",
    ),
    Exercise(
        "00.3",
        expected=_poorest_province,
        hint='Answer with the province\'s name, as text. Sort the table by "poverty_rate" and read the '
        '"province" of the poorest row (or find its row with .idxmax() and look it up with .loc).',
    ),
    Exercise(
        "00.4",
        expected=_mostly_urban_provinces,
        hint='Keep the rows where "urban_share" is greater than one half (it is a share between 0 and 1, '
        'not a percentage), then take their "province" column.',
    ),
    Exercise(
        "00.5",
        expected=lambda: int(_provinces()["flood_2020_households"].isna().sum()),
        hint="Count the missing values, not the published ones. One method marks each missing value "
        "True; adding up the Trues counts them.",
    ),
    Exercise(
        "00.6",
        expected=_poor_people_by_region,
        hint="First compute the number of poor people of each province (population times poverty rate), "
        "then add them up by region with .groupby(...).",
        rtol=1e-3,
    ),
    Exercise(
        "00.7",
        expected=_national_poverty_rate,
        hint="A simple mean of the provincial rates gives a small province as much weight as Phnom Penh. "
        "Weight each rate by the province's population (np.average has a weights= argument), "
        "or divide the total number of poor people by the total population.",
    ),
    Exercise(
        "00.8",
        expected=_flood_exposed_population_share,
        hint='Add up the population of the rows where "flood_exposed" is True, and divide by the total '
        "population. Answer with a share between 0 and 1, not a percentage.",
    ),
)
