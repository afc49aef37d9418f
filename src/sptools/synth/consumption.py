"""Latent household welfare, consumption per capita and consumption poverty.

Welfare is log-additive: a stratum effect (province x urban/rural), household composition
(dependants, size), the head's schooling propensity, a PSU (village) random effect and an
idiosyncratic term. Monthly consumption per person is exp(stratum effect + welfare + noise);
the stratum effects are solved so that each stratum's weighted poverty headcount equals its
target, which makes the national and zone rates right by construction.

Examples
--------
>>> import numpy as np
>>> effects = stratum_effects(np.array([0.0, 1.0, 2.0, 3.0]), np.ones(4), np.array([0, 0, 1, 1]),
...                           np.array([0.5, 0.5]), poverty_line=np.e)
>>> np.round(effects, 2).tolist()
[0.5, -1.5]
"""

from __future__ import annotations

import numpy as np

from sptools.synth.calibration import grouped_weighted_threshold
from sptools.synth.members import Members

PSU_SD = 0.18
IDIOSYNCRATIC_SD = 0.30
CONSUMPTION_NOISE_SD = 0.20


def household_welfare(
    rng: np.random.Generator, members: Members, head_propensity: np.ndarray, psu: np.ndarray
) -> np.ndarray:
    """Welfare of each household net of its stratum effect (log scale, mean about 0).

    Examples
    --------
    >>> from sptools.synth.members import draw_members
    >>> m = draw_members(np.random.default_rng(0), 4, mean_size=4.4, head_age_mean=47)
    >>> household_welfare(np.random.default_rng(1), m, np.zeros(4), np.arange(4)).shape
    (4,)
    """
    dependants = members.total(((members.age < 15) | (members.age >= 65)).astype("float64"))
    dependency = dependants / members.size
    _, psu_index = np.unique(psu, return_inverse=True)
    village = rng.normal(0.0, PSU_SD, psu_index.max() + 1)[psu_index]
    composition = -0.45 * dependency - 0.04 * (members.size - 4.4)
    return (
        0.30 * head_propensity
        + composition
        + village
        + rng.normal(0.0, IDIOSYNCRATIC_SD, members.size.size)
    )


def stratum_effects(
    log_consumption: np.ndarray,
    person_weight: np.ndarray,
    stratum: np.ndarray,
    poverty: np.ndarray,
    poverty_line: float,
) -> np.ndarray:
    """Stratum shifts that give each stratum its target weighted poverty headcount.

    A household is poor when shift[stratum] + log_consumption < log(poverty_line).
    """
    cut = grouped_weighted_threshold(log_consumption, person_weight, stratum, poverty)
    return np.log(poverty_line) - cut


def consumption_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """Transitory consumption noise (log scale) that living standards do not share."""
    return rng.normal(0.0, CONSUMPTION_NOISE_SD, n)


def standardise(values: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Weighted z-score: mean 0, standard deviation 1 under ``weight``.

    Examples
    --------
    >>> standardise(np.array([1.0, 3.0]), np.ones(2)).tolist()
    [-1.0, 1.0]
    """
    mean = np.average(values, weights=weight)
    sd = np.sqrt(np.average((values - mean) ** 2, weights=weight))
    return (values - mean) / sd
