"""Household living conditions: electricity, cooking fuel, water, sanitation, housing, assets,
hazard exposure and the asset-based wealth index.

Each living standard is driven by the household's latent welfare (standardised, ``welfare``)
plus an urban advantage and its own noise; access is the top of that score, cut at the
weighted quantile that gives the round's household access rate. Detailed categories (which
fuel, which water source...) are then drawn consistently with the access status, so that the
OPHI deprivation rules of the schema reproduce the calibrated access rates.

Examples
--------
>>> import numpy as np
>>> rng = np.random.default_rng(0)
>>> access = access_flags(rng, np.linspace(-2, 2, 100), np.zeros(100, bool), np.ones(100),
...                       {"electricity": 0.5}, correlation=1.0)
>>> float(access["electricity"].mean())
0.5
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sptools.synth import schema
from sptools.synth.calibration import weighted_threshold
from sptools.synth.consumption import standardise

#: indicator -> (loading on welfare, urban advantage)
ACCESS_MODEL: dict[str, tuple[float, float]] = {
    "electricity": (0.80, 1.4),
    "clean_fuel": (0.70, 2.0),
    "basic_sanitation": (0.72, 1.0),
    "basic_water": (0.55, 0.3),
    "housing": (0.62, 0.4),
    "assets": (0.72, 0.2),
}


def access_flags(
    rng: np.random.Generator,
    welfare: np.ndarray,
    urban: np.ndarray,
    weight: np.ndarray,
    access: Mapping[str, float],
    *,
    correlation: float,
) -> dict[str, np.ndarray]:
    """Access (True) or deprivation of each household in each living standard.

    ``correlation`` scales every loading on welfare (the tuning knob for how much deprivations
    overlap, hence the MPI headcount); the share with access equals ``access[name]`` (household
    weighted) by construction.
    """
    flags = {}
    for name, target in access.items():
        loading, urban_gain = ACCESS_MODEL[name]
        rho = min(loading * correlation, 0.98)
        score = (
            rho * welfare
            + urban_gain * urban
            + np.sqrt(1 - rho**2) * rng.standard_normal(welfare.size)
        )
        flags[name] = score >= weighted_threshold(score, weight, 1 - target)
    return flags


def _draw(rng: np.random.Generator, n: int, weights: list[float]) -> np.ndarray:
    """``n`` category indices drawn with probabilities proportional to ``weights``."""
    cumulative = np.cumsum(weights) / np.sum(weights)
    return np.minimum(np.searchsorted(cumulative, rng.random(n), side="right"), len(weights) - 1)


def _codes(levels: tuple[str, ...], names: list[str]) -> np.ndarray:
    return np.array([levels.index(name) for name in names])


def _pick(
    rng: np.random.Generator,
    codes: np.ndarray,
    urban: np.ndarray,
    urban_p: list[float],
    rural_p: list[float],
) -> np.ndarray:
    """One of ``codes`` per household, with urban and rural probabilities (proportional weights)."""
    return codes[np.where(urban, _draw(rng, urban.size, urban_p), _draw(rng, urban.size, rural_p))]


def cooking_fuel(rng: np.random.Generator, clean: np.ndarray, urban: np.ndarray) -> np.ndarray:
    """Cooking fuel codes: clean (or non-solid) fuels for households with access, solid fuels
    otherwise."""
    good = _codes(schema.COOKING_FUEL, ["lpg", "electricity", "biogas", "kerosene", "no_cooking"])
    solid = _codes(schema.COOKING_FUEL, ["wood", "charcoal", "straw_crop_dung"])
    good_pick = _pick(rng, good, urban, [88, 8, 1, 1, 2], [86, 4, 6, 2, 2])
    solid_pick = _pick(rng, solid, urban, [45, 52, 3], [88, 8, 4])
    return np.where(clean, good_pick, solid_pick)


def water(
    rng: np.random.Generator, basic: np.ndarray, urban: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Water source codes and round-trip collection time (minutes; 0 on premises).

    With basic access: an improved source under 30 minutes. Without: mostly an unimproved source,
    otherwise an improved source 30 minutes or more away.
    """
    improved = _codes(
        schema.WATER_SOURCE,
        [
            "piped_dwelling",
            "piped_yard",
            "public_tap",
            "tube_well",
            "protected_well",
            "protected_spring",
            "rainwater",
            "bottled",
            "tanker",
        ],
    )
    unimproved = _codes(
        schema.WATER_SOURCE, ["unprotected_well", "unprotected_spring", "surface_water"]
    )
    n = basic.size
    good = _pick(
        rng, improved, urban, [52, 8, 2, 12, 2, 0.5, 3, 20, 0.5], [8, 4, 2, 42, 8, 1, 17, 16, 2]
    )
    far_improved = _pick(
        rng, improved, urban, [0, 0, 30, 40, 20, 5, 0, 0, 5], [0, 0, 15, 45, 30, 10, 0, 0, 0]
    )
    bad = _pick(rng, unimproved, urban, [40, 5, 55], [45, 8, 47])
    far = rng.random(n) < 0.3
    source = np.where(basic, good, np.where(far, far_improved, bad))
    on_premises = np.isin(
        source,
        _codes(schema.WATER_SOURCE, ["piped_dwelling", "piped_yard", "rainwater", "bottled"]),
    )
    near = np.where(rng.random(n) < 0.5, 0, rng.integers(5, 30, n))
    away = rng.integers(30, 121, n)
    unimproved_time = np.where(rng.random(n) < 0.5, rng.integers(0, 30, n), away)
    minutes = np.where(basic, near, np.where(far, away, unimproved_time))
    return source, np.where(on_premises, 0, minutes)


def sanitation(
    rng: np.random.Generator, basic: np.ndarray, urban: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sanitation facility codes and whether it is shared (basic = improved and not shared)."""
    improved = _codes(
        schema.SANITATION,
        ["flush_sewer", "flush_septic", "flush_pit", "pit_slab", "vip", "composting"],
    )
    unimproved = _codes(
        schema.SANITATION,
        ["flush_elsewhere", "pit_no_slab", "bucket", "hanging", "open_defecation"],
    )
    n = basic.size
    improved_pick = _pick(rng, improved, urban, [25, 45, 25, 3, 1, 1], [2, 30, 55, 8, 3, 2])
    unimproved_pick = _pick(rng, unimproved, urban, [30, 20, 5, 5, 40], [5, 10, 2, 3, 80])
    shared_improved = rng.random(n) < 0.35
    facility = np.where(basic | shared_improved, improved_pick, unimproved_pick)
    is_improved = np.isin(facility, improved)
    shared = np.where(basic, False, np.where(is_improved, True, rng.random(n) < 0.15))
    return facility, shared


def housing(
    rng: np.random.Generator, adequate: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Floor, wall and roof codes (0 natural, 1 rudimentary, 2 finished).

    Adequate housing: floor not natural, finished wall and roof. Otherwise at least one of the
    three is inadequate.
    """
    n = adequate.size
    floor_ok = np.where(rng.random(n) < 0.8, 2, 1)
    bad_floor = rng.random(n) < 0.35
    bad_wall = rng.random(n) < 0.65
    bad_roof = rng.random(n) < 0.35
    bad_wall |= ~(bad_floor | bad_roof)
    floor = np.where(adequate | ~bad_floor, floor_ok, 0)
    wall = np.where(adequate | ~bad_wall, 2, np.where(rng.random(n) < 0.8, 1, 0))
    roof = np.where(adequate | ~bad_roof, 2, np.where(rng.random(n) < 0.7, 1, 0))
    return floor, wall, roof


#: asset -> (intercept, slope on welfare) of ownership among households with more than one asset
ASSET_MODEL: dict[str, tuple[float, float]] = {
    "radio": (-1.2, 0.1),
    "tv": (0.6, 0.9),
    "phone": (3.0, 0.8),
    "computer": (-2.6, 1.4),
    "animal_cart": (-1.6, -0.5),
    "bicycle": (0.0, -0.2),
    "motorbike": (1.4, 0.9),
    "refrigerator": (-1.5, 1.4),
    "car": (-2.9, 1.3),
}


def assets(
    rng: np.random.Generator, enough: np.ndarray, welfare: np.ndarray, urban: np.ndarray
) -> dict[str, np.ndarray]:
    """Asset ownership. Households without enough assets own at most one (mostly a phone), no car;
    the others own at least two (phone and motorbike added when the draw gave fewer) or a car.
    """
    n = enough.size
    owned = {}
    for name, (intercept, slope) in ASSET_MODEL.items():
        logit = intercept + slope * welfare + 0.3 * urban * (name != "animal_cart")
        owned[name] = enough & (rng.random(n) < 1 / (1 + np.exp(-logit)))
    short = enough & (_small_assets(owned) < 2) & ~owned["car"]
    owned["phone"] |= short
    owned["motorbike"] |= short & (_small_assets(owned) < 2)
    single = _draw(rng, n, [0.62, 0.10, 0.06, 0.06, 0.16])  # phone, radio, bicycle, tv, none
    for code, name in enumerate(["phone", "radio", "bicycle", "tv"]):
        owned[name] = np.where(enough, owned[name], single == code)
    return owned


def _small_assets(owned: dict[str, np.ndarray]) -> np.ndarray:
    """Number of assets other than a car that each household owns."""
    return sum(owned[name].astype("int64") for name in schema.ASSETS if name != "car")


def hazards(
    rng: np.random.Generator,
    flood_province: np.ndarray,
    drought_province: np.ndarray,
    urban: np.ndarray,
    welfare: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Flood and drought exposure: likelier in the exposed provinces, rural areas and poorer
    households."""
    n = urban.size
    flood_p = (
        np.where(flood_province, 0.30, 0.04) * np.where(urban, 0.5, 1.0) * np.exp(-0.2 * welfare)
    )
    drought_p = (
        np.where(drought_province, 0.28, 0.05) * np.where(urban, 0.3, 1.0) * np.exp(-0.2 * welfare)
    )
    return rng.random(n) < flood_p, rng.random(n) < drought_p


def wealth_index(indicators: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Asset-based wealth index: first principal component of standardised 0/1 indicators.

    Standardised to weighted mean 0 and standard deviation 1, signed so that it rises with
    the first indicator (electricity).

    Examples
    --------
    >>> x = np.array([[1, 1], [0, 0], [1, 1], [0, 1]], dtype=float)
    >>> np.round(wealth_index(x, np.ones(4)), 3).tolist()
    [0.888, -1.538, 0.888, -0.238]
    """
    mean = np.average(indicators, axis=0, weights=weight)
    centred = indicators - mean
    sd = np.sqrt(np.average(centred**2, axis=0, weights=weight))
    z = centred / np.where(sd > 0, sd, 1.0)
    covariance = (z * weight[:, None]).T @ z / weight.sum()
    _, vectors = np.linalg.eigh(covariance)
    loading = vectors[:, -1] * np.sign(vectors[0, -1] or 1.0)
    return standardise(z @ loading, weight)


def weighted_quintile(values: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Quintile 1-5 of each unit under ``weight``; tied values share a quintile.

    Examples
    --------
    >>> weighted_quintile(np.arange(10.0), np.ones(10)).tolist()
    [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    """
    unique, inverse = np.unique(values, return_inverse=True)
    block = np.bincount(inverse, weights=weight, minlength=unique.size)
    midpoint = (np.cumsum(block) - block / 2) / block.sum()
    return np.clip(np.floor(midpoint * 5).astype("int64") + 1, 1, 5)[inverse]
