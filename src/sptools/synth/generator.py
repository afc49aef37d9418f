"""``generate()``: draw a synthetic survey round and assemble the households and persons tables.

The steps run in a fixed order, each with its own random stream spawned from
``numpy.random.SeedSequence([seed, round])``, so the result is byte-identical from run to run.

Examples
--------
>>> households, persons = generate(200, seed=1)
>>> len(households), bool(persons["hh_id"].isin(households["hh_id"]).all())
(200, True)
"""

from __future__ import annotations

import numbers
import os

import numpy as np
import pandas as pd
from scipy.stats import norm

from sptools.synth import (
    consumption,
    programmes,
    schema,
)
from sptools.synth import (
    households as living,
)
from sptools.synth import (
    persons as person_outcomes,
)
from sptools.synth.calibration import calibrate_weights
from sptools.synth.design import draw_sample, strata_frame
from sptools.synth.members import draw_members
from sptools.synth.targets import ROUNDS, province_targets, round_targets

STREAMS = ("members", "welfare", "schooling", "living", "persons", "programmes")
#: Peak memory per household while generating. Measured (Linux, numpy 2.4, pandas 3.1): the peak
#: resident memory grew by 1,960 bytes per household for generate(400_000) (tracemalloc peak 1,940
#: bytes per household from 5,000 to 80,000 households); 2,500 leaves a margin.
PEAK_BYTES_PER_HOUSEHOLD = 2_500


def _check_arguments(n_households: object, seed: object, round: object) -> None:
    for name, value in (("n_households", n_households), ("seed", seed), ("round", round)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be an integer; got {value!r} ({type(value).__name__})")
    if round not in ROUNDS:
        raise ValueError(f"round must be one of {ROUNDS}; got {round!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative integer; got {seed!r}")


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation, or ``None`` when it cannot be told.

    Uses psutil when it is installed (it counts reclaimable caches), else ``os.sysconf`` (free
    physical pages; not available on Windows).

    Examples
    --------
    >>> available_memory() is None or available_memory() > 0
    True
    """
    try:
        import psutil
    except ImportError:
        try:
            return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            return None
    return int(psutil.virtual_memory().available)


def _check_fits_in_memory(n_households: int) -> None:
    """Refuse a survey size whose generation would exhaust the memory available."""
    available = available_memory()
    needed = n_households * PEAK_BYTES_PER_HOUSEHOLD
    if available is None or needed <= available:
        return
    raise ValueError(
        f"n_households={n_households:,} needs about {needed / 1e9:,.1f} GB of memory while "
        f"generating, but only {available / 1e9:,.1f} GB is available; the largest size that fits "
        f"now is about {available // PEAK_BYTES_PER_HOUSEHOLD:,} households (close other "
        "programs to free memory, or generate smaller samples with different seeds)"
    )


def _nullable_boolean(codes: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.arrays.BooleanArray(codes == 1, codes < 0)


def _nullable_int(values: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.where(values < 0, 0, values).astype("int64"), values < 0)


def generate(
    n_households: int = 20_000, seed: int = 2025, round: int = 2022
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Generate one round of the synthetic Cambodian household survey.

    Parameters
    ----------
    n_households
        Number of sampled households (at least 50, one per stratum).
    seed
        Seed of the random streams; the same (n_households, seed, round) gives identical frames.
    round
        Survey round, 2014 or 2022.

    Returns
    -------
    (households, persons)
        Two DataFrames with the columns and dtypes of the survey schema
        (``schema.HOUSEHOLD_DTYPES``, ``schema.PERSON_DTYPES``); ``hh_id`` links them.

    Examples
    --------
    >>> households, persons = generate(100, seed=3, round=2014)
    >>> households["round"].unique().tolist(), str(persons["sex"].dtype)
    ([2014], 'category')
    """
    _check_arguments(n_households, seed, round)
    _check_fits_in_memory(n_households)
    targets = round_targets(round)
    rng = dict(
        zip(
            STREAMS,
            (
                np.random.default_rng(s)
                for s in np.random.SeedSequence([seed, round]).spawn(len(STREAMS))
            ),
            strict=False,
        )
    )
    provinces = province_targets(round)
    strata = strata_frame(provinces, targets.population, targets.households)
    sample = draw_sample(strata, n_households, round)
    row = sample.stratum_row
    members = draw_members(
        rng["members"],
        n_households,
        mean_size=targets.population / targets.households,
        head_age_mean=targets.head_age_mean,
    )
    hh_of = members.hh
    weight = calibrate_weights(
        sample.design_weight,
        members.size,
        row,
        strata["households"].to_numpy(),
        strata["population"].to_numpy(),
    )
    person_weight = weight * members.size
    urban = strata["urban"].to_numpy()[row]
    province_rate = provinces.set_index("code")["poverty_rate"]
    development = pd.Series(-norm.ppf(province_rate), index=province_rate.index)
    development = (
        ((development - development.mean()) / development.std())
        .reindex(strata["province_code"])
        .to_numpy()[row]
    )

    # welfare and consumption
    propensity = person_outcomes.schooling_propensity(
        rng["schooling"], members, development[hh_of], urban[hh_of]
    )
    welfare_net = consumption.household_welfare(
        rng["welfare"], members, propensity[members.starts], sample.psu
    )
    log_consumption = welfare_net + consumption.consumption_noise(rng["welfare"], n_households)
    effects = consumption.stratum_effects(
        log_consumption, person_weight, row, strata["poverty"].to_numpy(), targets.poverty_line
    )
    consumption_pc = np.round(np.exp(effects[row] + log_consumption))
    welfare = consumption.standardise(effects[row] + welfare_net, person_weight)
    welfare_p = welfare[hh_of]

    # education
    years, true_years, level = person_outcomes.schooling(
        rng["schooling"],
        members,
        propensity,
        welfare_p,
        weight,
        targets.schooling_deprived,
        targets.gradient,
    )
    attending = person_outcomes.attendance(
        rng["schooling"], members, welfare_p, weight, targets.attendance_deprived, targets.gradient
    )

    # living standards
    r = rng["living"]
    access = living.access_flags(
        r, welfare, urban, weight, targets.access, correlation=targets.correlation
    )
    fuel = living.cooking_fuel(r, access["clean_fuel"], urban)
    water_source, water_time = living.water(r, access["basic_water"], urban)
    sanitation, shared = living.sanitation(r, access["basic_sanitation"], urban)
    floor, wall, roof = living.housing(r, access["housing"])
    owned = living.assets(r, access["assets"], welfare, urban)
    in_province = provinces.set_index("code").reindex(strata["province_code"])
    flood, drought = living.hazards(
        r,
        in_province["flood_exposed"].to_numpy()[row],
        in_province["drought_prone"].to_numpy()[row],
        urban,
        welfare,
    )
    indicators = np.column_stack(
        [
            access["electricity"],
            np.isin(fuel, [0, 1, 2]),
            water_source <= 1,
            access["basic_sanitation"],
            floor == 2,
            wall == 2,
            roof == 2,
            *(owned[name] for name in schema.ASSETS),
        ]
    ).astype("float64")
    wealth = living.wealth_index(indicators, person_weight)

    # persons
    r = rng["persons"]
    difficulty = person_outcomes.functional_difficulty(r, members, welfare_p)
    disability = person_outcomes.severe_difficulty(difficulty)
    work = person_outcomes.work_status(
        r, members, true_years, welfare_p, urban[hh_of], targets.formal_intercept
    )
    haz, waz, bmi = person_outcomes.anthropometrics(
        r,
        members,
        welfare_p,
        weight[hh_of],
        targets.stunting,
        targets.underweight,
        targets.thin_women,
        targets.gradient,
    )
    births, deaths = person_outcomes.births_and_deaths(
        r, members, welfare_p, targets.child_death_rate
    )
    marital, first_marriage = person_outcomes.marriage(r, members)
    bank, internet = person_outcomes.access_to_services(
        r,
        members,
        welfare_p,
        urban[hh_of],
        true_years,
        targets.bank_intercept,
        targets.internet_intercept,
    )

    # programmes
    r = rng["programmes"]
    poor = consumption_pc < targets.poverty_line
    idpoor = programmes.idpoor_levels(r, np.log(consumption_pc), weight, targets.idpoor_households)
    hef = programmes.hef_card(r, idpoor, person_weight, targets.hef_share)
    family_package = programmes.family_package(
        r, members, idpoor, disability, targets.family_package
    )
    scholarship = programmes.scholarship(
        r, members, attending, idpoor, poor, targets.scholarship_rate
    )
    nssf_person = programmes.nssf(r, work, targets.nssf_rate)
    insurance = programmes.health_insurance(r, members, hef, nssf_person, welfare_p)

    hh_id = round * 10_000_000 + 1 + np.arange(n_households, dtype="int64")
    province_levels = provinces.sort_values("code")["province"].tolist()
    province_code = strata["province_code"].to_numpy().astype("int64")[row]
    region_code = np.array([schema.REGIONS.index(name) for name in strata["region"]])[row]
    households = pd.DataFrame(
        {
            "hh_id": hh_id,
            "round": np.full(n_households, round, dtype="int64"),
            "province": schema.categorical(province_code - 1, tuple(province_levels)),
            "province_code": province_code,
            "region": schema.categorical(region_code, schema.REGIONS),
            "urban": urban,
            "stratum": province_code * 10 + urban,
            "psu": sample.psu.astype("int64"),
            "weight": np.round(weight, 4),
            "hh_size": members.size.astype("int64"),
            "head_sex": schema.categorical(members.male[members.starts].astype("int8"), schema.SEX),
            "head_age": members.age[members.starts],
            "head_education": schema.categorical(
                level[members.starts], schema.EDUCATION, ordered=True
            ),
            "consumption_pc": consumption_pc,
            "poor": poor,
            "wealth_index": np.round(wealth, 4),
            "wealth_quintile": living.weighted_quintile(np.round(wealth, 4), person_weight),
            "idpoor": schema.categorical(idpoor, schema.IDPOOR, ordered=True),
            "electricity": access["electricity"],
            "cooking_fuel": schema.categorical(fuel, schema.COOKING_FUEL),
            "water_source": schema.categorical(water_source, schema.WATER_SOURCE),
            "water_time_min": pd.array(water_time.astype("int64"), dtype="Int64"),
            "sanitation": schema.categorical(sanitation, schema.SANITATION),
            "sanitation_shared": shared,
            "floor": schema.categorical(floor, schema.MATERIAL, ordered=True),
            "wall": schema.categorical(wall, schema.MATERIAL, ordered=True),
            "roof": schema.categorical(roof, schema.MATERIAL, ordered=True),
            **{f"has_{name}": owned[name] for name in schema.ASSETS},
            "receives_family_package": family_package,
            "receives_scholarship": scholarship,
            "hef_card": hef,
            "nssf_member": members.any(nssf_person),
            "flood_exposed": flood,
            "drought_exposed": drought,
        },
        copy=False,
    )
    persons = pd.DataFrame(
        {
            "hh_id": hh_id[hh_of],
            "person_id": hh_id[hh_of] * 100 + members.line,
            "round": np.full(hh_of.size, round, dtype="int64"),
            "line": members.line.astype("int64"),
            "age": members.age,
            "sex": schema.categorical(members.male.astype("int8"), schema.SEX),
            "relationship": schema.categorical(members.relationship, schema.RELATIONSHIP),
            "weight": np.round(weight, 4)[hh_of],
            "years_schooling": _nullable_int(years),
            "education_level": schema.categorical(
                np.where(years < 0, -1, level), schema.EDUCATION, ordered=True
            ),
            "attending_school": _nullable_boolean(attending),
            **{
                f"wg_{name}": schema.categorical(difficulty[name], schema.DIFFICULTY, ordered=True)
                for name in schema.WG_DOMAINS
            },
            "disability": disability,
            "work_status": schema.categorical(work, schema.WORK_STATUS),
            "nssf_member": nssf_person,
            "haz": haz,
            "waz": waz,
            "bmi": bmi,
            "births_5y": _nullable_int(births),
            "child_deaths_5y": _nullable_int(deaths),
            "marital_status": schema.categorical(marital, schema.MARITAL_STATUS),
            "age_first_marriage": _nullable_int(first_marriage),
            "bank_account": _nullable_boolean(bank),
            "health_insurance": _nullable_boolean(insurance),
            "internet_use": _nullable_boolean(internet),
            "mother_line": _nullable_int(
                np.where(members.mother_line > 0, members.mother_line, -1)
            ),
        },
        copy=False,
    )
    return households, persons
