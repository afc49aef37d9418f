"""The curated facts about Cambodia: the one module that reads the facts files.

The facts (published figures, each with its source) ship inside the package, in
``sptools/reference/``: ``cambodia.yml`` and ``province_profiles.csv``. The data generator
(:mod:`sptools.synth`), the reference tables (:mod:`sptools.datasets`) and the calibration report
(:mod:`sptools.calibration`) all take their figures from here, so a figure is changed in one file
and read in one place (an import-linter contract in ``pyproject.toml`` keeps it so).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from sptools import reference

__all__ = ["cambodia_facts", "province_profiles"]


@cache
def cambodia_facts() -> dict[str, Any]:
    """Return the curated Cambodia facts (``cambodia.yml``), every figure with its source.

    Examples
    --------
    >>> cambodia_facts()["population"]["census_2019"]["total"]
    15552211
    """
    text = resources.files(reference).joinpath("cambodia.yml").read_text("utf-8")
    return yaml.safe_load(text)


def province_profiles() -> pd.DataFrame:
    """Return the province profiles: codes, Khmer names, zones, calibration targets.

    Examples
    --------
    >>> len(province_profiles())
    25
    """
    with resources.files(reference).joinpath("province_profiles.csv").open("rb") as f:
        return pd.read_csv(f)
