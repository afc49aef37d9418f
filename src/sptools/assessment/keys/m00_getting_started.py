"""Quiz answers of module 0, computed from the shipped provinces table.

Examples
--------
>>> from sptools.assessment.keys.m00_getting_started import KEYS
>>> 0 < KEYS["national_poverty_rate"]() < 1
True
"""

from __future__ import annotations

import numpy as np

from sptools.datasets import load_reference


def national_poverty_rate() -> float:
    """The population-weighted mean of the provincial poverty rates (a share)."""
    provinces = load_reference("provinces")
    return float(np.average(provinces["poverty_rate"], weights=provinces["population"]))


def simple_mean_gap() -> float:
    """How far the simple mean of the provincial rates is from the weighted one (a share)."""
    return float(load_reference("provinces")["poverty_rate"].mean()) - national_poverty_rate()


KEYS = {"national_poverty_rate": national_poverty_rate, "simple_mean_gap": simple_mean_gap}
