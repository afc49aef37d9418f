"""Answer keys for module 0, "Getting started": pandas on the provinces table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sptools.datasets import load_reference
from sptools.exercises.feedback import Exercise


def _provinces() -> pd.DataFrame:
    return load_reference("provinces")


def _poor_people_by_region() -> pd.Series:
    provinces = _provinces()
    poor = provinces["population"] * provinces["poverty_rate"]
    return poor.groupby(provinces["region"]).sum()


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        "00.1",
        expected=lambda: len(_provinces()),
        hint="Count the rows of the table: len(provinces) or provinces.shape[0].",
    ),
    Exercise(
        "00.2",
        expected=lambda: _provinces()["population"].sum(),
        hint='Select the "population" column and add it up with .sum().',
    ),
    Exercise(
        "00.3",
        expected=lambda: _provinces().sort_values("poverty_rate")["province"].iloc[-1],
        hint='Sort by "poverty_rate" (or use .idxmax()) and read the "province" of the top row.',
    ),
    Exercise(
        "00.4",
        expected=lambda: sorted(_provinces().query("urban_share > 0.5")["province"]),
        hint='Filter the rows with provinces[provinces["urban_share"] > 0.5], then take the "province" column.',
    ),
    Exercise(
        "00.5",
        expected=lambda: np.average(_provinces()["poverty_rate"], weights=_provinces()["population"]),
        hint="A national rate weights each province by its population: "
        'np.average(provinces["poverty_rate"], weights=provinces["population"]).',
    ),
    Exercise(
        "00.6",
        expected=_poor_people_by_region,
        hint="Number of poor = population x poverty_rate; add it up by region with .groupby(...).sum().",
        rtol=1e-3,
    ),
    Exercise(
        "00.7",
        expected=lambda: _provinces().loc[lambda p: p["flood_exposed"], "population"].sum()
        / _provinces()["population"].sum(),
        hint='Population of the rows where "flood_exposed" is True, divided by the total population.',
    ),
)
