"""Programme status: IDPoor, Health Equity Fund, Family Package, scholarships, NSSF.

IDPoor is a proxy-means style ranking: log consumption plus an assessment error, so that
some poor households are missed (exclusion error) and some non-poor ones are included
(inclusion error). The poorest-ranked households are registered until the weighted count
equals the round's number of IDPoor households; level 1 (very poor) is the lowest 40% of them.
Transfers follow the programmes' rules with incomplete take-up.

Examples
--------
>>> import numpy as np
>>> level = idpoor_levels(np.random.default_rng(0), np.log(np.arange(1.0, 101)), np.ones(100), 20)
>>> int((level > 0).sum()), int((level == 2).sum())
(20, 8)
"""

from __future__ import annotations

import numpy as np

from sptools.synth.calibration import weighted_threshold
from sptools.synth.members import Members

ASSESSMENT_ERROR_SD = 0.40
LEVEL_1_SHARE = 0.40
FAMILY_PACKAGE_TAKE_UP = 0.85


def idpoor_levels(
    rng: np.random.Generator,
    log_consumption: np.ndarray,
    household_weight: np.ndarray,
    households: float,
) -> np.ndarray:
    """IDPoor level codes (0 none, 1 level 2, 2 level 1 = very poor), ``households`` registered
    (weighted)."""
    ranking = log_consumption + rng.normal(0, ASSESSMENT_ERROR_SD, log_consumption.size)
    share = min(households / household_weight.sum(), 1.0)
    registered = ranking < weighted_threshold(ranking, household_weight, share)
    very_poor_cut = weighted_threshold(
        np.where(registered, ranking, np.inf), household_weight, share * LEVEL_1_SHARE
    )
    return np.where(ranking < very_poor_cut, 2, registered.astype("int64"))


def hef_card(
    rng: np.random.Generator, idpoor: np.ndarray, person_weight: np.ndarray, population_share: float
) -> np.ndarray:
    """Health Equity Fund card: IDPoor households, take-up set so that ``population_share`` of
    people hold one."""
    covered = np.sum(person_weight * (idpoor > 0))
    take_up = min(population_share * person_weight.sum() / covered, 1.0) if covered > 0 else 0.0
    return (idpoor > 0) & (rng.random(idpoor.size) < take_up)


def family_package(
    rng: np.random.Generator,
    members: Members,
    idpoor: np.ndarray,
    disability: np.ndarray,
    exists: bool,
) -> np.ndarray:
    """Family Package receipt: IDPoor households with a child under 2 (or a woman with a birth in
    the last year, approximated by the child), a person with a disability or a person aged 60+, with
    85% take-up. All False when the programme did not exist (2014).
    """
    if not exists:
        return np.zeros(idpoor.size, dtype=bool)
    eligible_member = (members.age < 2) | disability | (members.age >= 60)
    eligible = (idpoor > 0) & members.any(eligible_member)
    return eligible & (rng.random(idpoor.size) < FAMILY_PACKAGE_TAKE_UP)


def scholarship(
    rng: np.random.Generator,
    members: Members,
    attending: np.ndarray,
    idpoor: np.ndarray,
    poor: np.ndarray,
    rate: float,
) -> np.ndarray:
    """Scholarships for poor students: households (IDPoor, or consumption-poor) with a pupil aged
    6-17."""
    pupil = (attending == 1) & (members.age >= 6) & (members.age <= 17)
    eligible = ((idpoor > 0) | poor) & members.any(pupil)
    return eligible & (rng.random(idpoor.size) < rate * np.where(idpoor > 0, 1.0, 0.3))


def nssf(rng: np.random.Generator, work: np.ndarray, rate: float) -> np.ndarray:
    """NSSF membership of formal employees (work status code 1), with the round's coverage rate."""
    return (work == 1) & (rng.random(work.size) < rate)


def health_insurance(
    rng: np.random.Generator,
    members: Members,
    hef: np.ndarray,
    nssf_member: np.ndarray,
    welfare: np.ndarray,
) -> np.ndarray:
    """Health insurance (15+): HEF card holders, NSSF members and a little private insurance
    among the better off. -1 under 15 or not reported.
    """
    n = members.age.size
    private = rng.random(n) < 0.02 * np.exp(0.8 * welfare)
    insured = hef[members.hh] | nssf_member | private
    return np.where((members.age >= 15) & (rng.random(n) >= 0.005), insured, -1)
