"""Person-level outcomes: schooling, attendance, functional difficulty, work, nutrition,
fertility and child deaths, marriage, bank accounts and internet use.

Every outcome depends on the household's standardised latent welfare (``welfare``, one value
per person) and on the person's age and sex. Missing values (-1 codes, NaN) are drawn at small
rates in schooling, attendance and anthropometrics, as in a real survey.

Examples
--------
>>> years_to_level(np.array([0, 5, 8, 12, 14])).tolist()
[0, 1, 2, 3, 4]
"""

from __future__ import annotations

import numpy as np

from sptools.synth.calibration import weighted_threshold
from sptools.synth.members import HEAD, PARENT, SPOUSE, Members

YEARS_PER_SD = 3.3
HIGHER_EDUCATION_SLOPE = 0.55
MISSING_SCHOOLING = 0.012
MISSING_ANTHROPOMETRY = 0.04


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def schooling_propensity(
    rng: np.random.Generator, members: Members, development: np.ndarray, urban: np.ndarray
) -> np.ndarray:
    """Latent schooling propensity before household welfare: place, cohort and sex.

    ``development`` and ``urban`` are per person. Older cohorts (and the Khmer Rouge
    generation) have less schooling; the male advantage shrinks in younger cohorts.
    """
    age = members.age
    cohort = -0.035 * np.clip(age - 28, 0, None) - 0.25 * ((age >= 45) & (age <= 60))
    male_gap = 0.45 * np.clip((age - 15) / 45, 0, 1) * members.male
    return 0.30 * development + 0.45 * urban + cohort + male_gap + rng.normal(0, 0.9, age.size)


def years_to_level(years: np.ndarray) -> np.ndarray:
    """Education level code from completed years (-1 stays missing).

    0 none, 1-6 primary, 7-9 lower secondary, 10-12 upper secondary, 13+ higher.
    """
    level = np.digitize(years, [1, 7, 10, 13])
    return np.where(years < 0, -1, level)


def schooling(
    rng: np.random.Generator,
    members: Members,
    propensity: np.ndarray,
    welfare: np.ndarray,
    household_weight: np.ndarray,
    deprived_share: float,
    gradient: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Completed years of schooling (-1 = missing; missing under age 10) and the head's true level.

    The cut is set so that the share of people living in a household where no member aged 12+
    has six years of schooling equals ``deprived_share`` (before missing values are drawn);
    ``gradient`` scales the effect of household welfare.
    Returns (observed years, true years, true level of each person).
    """
    head_propensity = propensity[members.starts][members.hh]
    is_head = members.relationship == HEAD
    latent = propensity + np.where(is_head, 0.0, 0.45 * gradient * welfare + 0.25 * head_propensity)
    six_years_possible = np.where(members.age >= 12, latent, -np.inf)
    person_weight = household_weight * members.size
    cut = weighted_threshold(members.maximum(six_years_possible), person_weight, deprived_share)
    raw = 6 + YEARS_PER_SD * (latent - cut)
    raw = np.where(
        raw > 12, 12 + HIGHER_EDUCATION_SLOPE * (raw - 12), raw
    )  # fewer go on to higher education
    years = np.clip(np.floor(raw), 0, 18)
    years = np.minimum(years, np.clip(members.age - 6, 0, None)).astype("int64")
    missing = (members.age < 10) | (
        rng.random(years.size) < MISSING_SCHOOLING + 0.02 * (members.age >= 60)
    )
    return np.where(missing, -1, years), years, years_to_level(years)


def attendance(
    rng: np.random.Generator,
    members: Members,
    welfare: np.ndarray,
    household_weight: np.ndarray,
    deprived_share: float,
    gradient: float = 1.0,
) -> np.ndarray:
    """School attendance for ages 5-24: 1 attending, 0 not, -1 missing or not asked.

    The cut gives ``deprived_share`` of people in households with a child aged 6-14 out of school.
    """
    age = members.age
    age_effect = np.select(
        [age == 5, age <= 11, age <= 14, age <= 17], [-0.6, 1.4, 0.9, -0.1], -1.6
    )
    latent = age_effect + 0.55 * gradient * welfare + rng.normal(0, 0.75, age.size)
    school_age = np.where((age >= 6) & (age <= 14), latent, np.inf)
    cut = weighted_threshold(
        members.minimum(school_age), household_weight * members.size, deprived_share
    )
    attending = (latent >= cut).astype("int64")
    asked = (age >= 5) & (age <= 24)
    return np.where(asked & (rng.random(age.size) >= 0.01), attending, -1)


def functional_difficulty(
    rng: np.random.Generator, members: Members, welfare: np.ndarray
) -> dict[str, np.ndarray]:
    """Washington Group levels (0-3, -1 under age 5) for the six domains.

    A person-level frailty (rising with age, higher in poorer households) is shared by the
    domains, so difficulties cluster as they do in real data.
    """
    age = members.age
    frailty = 0.045 * np.clip(age - 45, 0, None) - 0.15 * welfare + rng.standard_normal(age.size)
    shifts = {
        "seeing": -0.35,
        "hearing": 0.0,
        "walking": -0.2,
        "cognition": 0.1,
        "selfcare": 0.45,
        "communication": 0.5,
    }
    levels = {}
    for domain, shift in shifts.items():
        score = 0.8 * frailty + 0.6 * rng.standard_normal(age.size) - shift
        level = np.digitize(score, [1.55, 2.8, 3.4])
        levels[domain] = np.where(age >= 5, level, -1)
    return levels


def work_status(
    rng: np.random.Generator,
    members: Members,
    years: np.ndarray,
    welfare: np.ndarray,
    urban: np.ndarray,
    formal_intercept: float,
) -> np.ndarray:
    """Work status codes (schema.WORK_STATUS) for ages 15+, -1 below."""
    age, male = members.age, members.male
    n = age.size
    idle = np.select([age < 20, age < 60, age < 65], [0.55, np.where(male, 0.08, 0.22), 0.35], 0.65)
    working = rng.random(n) >= idle
    formal = _logistic(formal_intercept + 0.9 * urban + 0.35 * (years - 6) / 3 + 0.3 * welfare) * (
        (age >= 18) & (age < 60)
    )
    informal = 0.25 * (1 - formal)
    unpaid = np.where(age < 25, 0.35, np.where(male, 0.05, 0.18)) * (1 - formal - informal)
    u = rng.random(n)
    kind = np.select(
        [u < formal, u < formal + informal, u < formal + informal + unpaid], [1, 2, 4], 3
    )
    return np.where(age < 15, -1, np.where(working, kind, 0))


def anthropometrics(
    rng: np.random.Generator,
    members: Members,
    welfare: np.ndarray,
    person_weight: np.ndarray,
    stunting: float,
    underweight: float,
    thin_women: float,
    gradient: float = 1.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Height- and weight-for-age z-scores (children under 5) and BMI (women 15-49), NaN elsewhere.

    Each is shifted so that the weighted share below its cutoff (-2, -2, 18.5) equals its target;
    ``gradient`` scales the effect of household welfare.
    """
    age, n = members.age, members.age.size
    child = age < 5
    woman = ~members.male & (age >= 15) & (age <= 49)
    height = 0.45 * gradient * welfare + rng.normal(0, 1.05, n)
    weight_ = 0.25 * gradient * welfare + 0.75 * height + rng.normal(0, 0.55, n)
    body = 1.1 * gradient * welfare + rng.normal(0, 2.8, n)
    haz = height - 2 - weighted_threshold(height[child], person_weight[child], stunting)
    waz = weight_ - 2 - weighted_threshold(weight_[child], person_weight[child], underweight)
    bmi = body + 18.5 - weighted_threshold(body[woman], person_weight[woman], thin_women)
    measured_child = child & (rng.random(n) >= MISSING_ANTHROPOMETRY)
    measured_woman = woman & (rng.random(n) >= MISSING_ANTHROPOMETRY * 0.75)
    return (
        np.where(measured_child, np.round(haz, 2), np.nan),
        np.where(measured_child, np.round(waz, 2), np.nan),
        np.where(measured_woman, np.round(np.clip(bmi, 12, 45), 1), np.nan),
    )


def births_and_deaths(
    rng: np.random.Generator, members: Members, welfare: np.ndarray, death_rate: float
) -> tuple[np.ndarray, np.ndarray]:
    """Births and deaths of children in the last five years for women 15-49 (-1 for others).

    Births are the woman's own children under 5 in the household plus the children who died;
    deaths are Poisson with a rate that falls with household welfare.
    """
    age = members.age
    woman = ~members.male & (age >= 15) & (age <= 49)
    living = members.own_children(age < 5)
    exposure = living + 0.35 * (age <= 44)
    deaths = rng.poisson(death_rate * np.exp(-0.45 * welfare) * exposure)
    return np.where(woman, living + deaths, -1), np.where(woman, deaths, -1)


def marriage(rng: np.random.Generator, members: Members) -> tuple[np.ndarray, np.ndarray]:
    """Marital status codes (ages 15+, -1 below) and age at first marriage (ever-married women
    15-49).

    Women whose child lives in the household are ever married.
    """
    age, male, relationship = members.age, members.male, members.relationship
    n = age.size
    has_spouse = members.any(relationship == SPOUSE)[members.hh]
    u = rng.random(n)
    mother = members.own_children(np.ones(n, dtype=bool)) > 0
    ever = (rng.random(n) < _logistic((age - np.where(male, 25.5, 22.5)) / 2.5)) | mother
    unpartnered = np.where(
        u < np.clip((age - 35) / 40, 0.1, 0.75), 3, np.where((u < 0.9) | mother, 2, 0)
    )
    status = np.select(
        [
            relationship == SPOUSE,
            (relationship == HEAD) & has_spouse,
            relationship == HEAD,
            relationship == PARENT,
            ever,
        ],
        [1, 1, unpartnered, np.where(u < 0.7, 3, 1), np.where(u < 0.92, 1, 2)],
        0,
    )
    status = np.where(age < 15, -1, status)
    first = np.clip(np.rint(rng.normal(20.5, 3.5, n)), 14, None)
    eligible = ~male & (age >= 15) & (age <= 49) & (status > 0)
    return status, np.where(eligible, np.minimum(first, age), -1).astype("int64")


def access_to_services(
    rng: np.random.Generator,
    members: Members,
    welfare: np.ndarray,
    urban: np.ndarray,
    years: np.ndarray,
    bank_intercept: float,
    internet_intercept: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Bank account (15+) and internet use (15-49): 1/0, -1 not asked or not reported."""
    age, n = members.age, members.age.size
    education = (years - 6) / 3
    bank = rng.random(n) < _logistic(bank_intercept + 1.1 * welfare + 0.5 * urban + 0.3 * education)
    internet = rng.random(n) < _logistic(
        internet_intercept + 0.9 * welfare + 0.8 * urban + 0.3 * education - 0.06 * (age - 25)
    )
    reported = rng.random(n) >= 0.005
    return (
        np.where((age >= 15) & reported, bank, -1),
        np.where((age >= 15) & (age <= 49) & reported, internet, -1),
    )


def severe_difficulty(levels: dict[str, np.ndarray]) -> np.ndarray:
    """Disability flag: a lot of difficulty or cannot do at all in any domain (code >= 2)."""
    return np.logical_or.reduce([level >= 2 for level in levels.values()])
