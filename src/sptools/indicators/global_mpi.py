"""The ten deprivation indicators of the OPHI/UNDP global MPI, built from the survey schema.

Every indicator is defined once, in :data:`INDICATORS` (label, dimension, the rule in words, the
survey questions it uses, and the function that applies it), so the book can print the table of
indicators and the code cannot drift from it. :func:`global_mpi` applies all ten and returns one row
per person.

Conventions (OPHI global MPI methodological notes; Alkire, Kanagaratnam & Suppa 2023):

* The household is the unit of identification: a household's deprivations are given to each member.
* Indicators built from members' answers distinguish *eligible* members (e.g. children aged 6-14
  for attendance), *observed* ones (eligible with an answer) and the household's status:

  - nutrition and child mortality: deprived when any observed member is deprived; non-deprived when
    the household has no eligible member (no child under 5 or woman 15-49; no woman 15-49 to give a
    birth history) or when at least one eligible member is observed and none is deprived;
    **missing** when eligible members exist but none was observed (as the OPHI do-files do);
  - years of schooling and school attendance: the two-thirds rule. Missing when fewer than 2/3 of
    the eligible members (aged 10+; aged 6-14) have data, unless the data already settle the
    question (someone observed with 6+ years -> non-deprived; a child observed out of school ->
    deprived). A household without a child aged 6-14 is non-deprived in attendance; one without a
    member aged 10+ is deprived in years of schooling (nobody there has completed six years).

* Household questions: a missing answer makes the indicator missing unless the other answers settle
  it (unimproved water is deprived whatever the walking time; one inadequate material is enough for
  housing; a car or two small assets settle assets). This is stricter than the OPHI do-files, which
  score housing and assets on the answers available; the book says so.
* Cambodia's official school entry age is 6 (grade 1), so the school ages are 6-14: from entry age
  to the age at which a child would complete class 8. Age is the age at interview (the OPHI files
  adjust to the start of the school year where the survey allows; the schema has no interview date).
* The schema measures nutrition for children under 5 (height-for-age and weight-for-age z-scores)
  and women 15-49 (BMI) only; OPHI also uses men's BMI and BMI-for-age at 15-19 where surveyed.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from sptools.design import Design
from sptools.indicators.validation import (
    MissingDataWarning,
    check_categories,
    check_ordered_levels,
    check_plausible,
    nullable_bool,
    require_columns,
    require_complete,
    require_links,
    require_unique,
)

SCHOOL_ENTRY_AGE = 6
#: Ages at which a child should attend school: entry age to the age of completing class 8.
SCHOOL_AGES = (SCHOOL_ENTRY_AGE, SCHOOL_ENTRY_AGE + 8)
#: Members of this age or older count for years of schooling.
SCHOOLING_MIN_AGE = 10
SCHOOLING_YEARS = 6
#: Z-score cut-off (WHO 2006 standards) for stunting (height-for-age) and underweight
#: (weight-for-age).
Z_SCORE_CUTOFF = -2.0
BMI_CUTOFF = 18.5
CHILD_MAX_AGE = 4
WOMEN_AGES = (15, 49)
#: The two-thirds rule: share of eligible members that must have data (as numerator, denominator).
DATA_SHARE = (2, 3)
WATER_TIME_CUTOFF_MIN = 30

IMPROVED_SANITATION = ("flush_sewer", "flush_septic", "flush_pit", "pit_slab", "vip", "composting")
UNIMPROVED_SANITATION = ("flush_elsewhere", "pit_no_slab", "bucket", "hanging", "open_defecation")
IMPROVED_WATER = (
    "piped_dwelling",
    "piped_yard",
    "public_tap",
    "tube_well",
    "protected_well",
    "protected_spring",
    "rainwater",
    "bottled",
    "tanker",
)
UNIMPROVED_WATER = ("unprotected_well", "unprotected_spring", "surface_water")
SOLID_FUELS = ("charcoal", "wood", "straw_crop_dung")
NON_SOLID_FUELS = ("electricity", "lpg", "biogas", "kerosene", "no_cooking")
MATERIAL_LEVELS = ("natural", "rudimentary", "finished")
SMALL_ASSETS = (
    "has_radio",
    "has_tv",
    "has_phone",
    "has_computer",
    "has_animal_cart",
    "has_bicycle",
    "has_motorbike",
    "has_refrigerator",
)
SEXES = ("female", "male")

#: A household-level rule: (households indexed by hh_id, persons) -> nullable Int8 Series on that
#: index.
Rule = Callable[[pd.DataFrame, pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Indicator:
    """One deprivation indicator: what it means, which questions it uses and how it is computed."""

    label: str
    dimension: str
    rule: str
    questions: tuple[str, ...]
    compute: Rule


def _settle(deprived: pd.Series, non_deprived: pd.Series) -> pd.Series:
    """Combine two settled conditions into a 0/1 indicator, NA where neither holds.

    Both inputs are nullable booleans on the same index; NA counts as "not settled".
    """
    codes = np.select(
        [deprived.fillna(False).to_numpy(bool), non_deprived.fillna(False).to_numpy(bool)],
        [1, 0],
        default=-1,
    )
    return pd.Series(codes, index=deprived.index, dtype="Int8").mask(codes == -1)


def _member_counts(
    persons: pd.DataFrame, flags: dict[str, pd.Series], households: pd.Index
) -> pd.DataFrame:
    """Count, per household, the members for whom each boolean flag holds (0 for households without
    any)."""
    table = pd.DataFrame({name: flag.fillna(False).astype(bool) for name, flag in flags.items()})
    counts = table.groupby(persons["hh_id"].to_numpy()).sum()
    return counts.reindex(households, fill_value=0)


def _has_enough_data(counts: pd.DataFrame) -> pd.Series:
    """The two-thirds rule: at least 2/3 of the eligible members are observed (exact integer
    test)."""
    numerator, denominator = DATA_SHARE
    return counts["observed"] * denominator >= counts["eligible"] * numerator


def _any_observed_rule(counts: pd.DataFrame) -> pd.Series:
    """Deprived if any observed member is; non-deprived if nobody is eligible or someone was
    observed."""
    return _settle(
        counts["deprived"] > 0,
        (counts["deprived"] == 0) & ((counts["eligible"] == 0) | (counts["observed"] > 0)),
    )


def _women_15_49(persons: pd.DataFrame) -> pd.Series:
    low, high = WOMEN_AGES
    return (persons["sex"] == "female") & persons["age"].between(low, high)


def _numeric(persons: pd.DataFrame, column: str, *, minimum: float | None = None) -> pd.Series:
    """Return a numeric column as float (NaN for missing), refusing text and values below
    ``minimum``."""
    values = persons[column]
    if not pd.api.types.is_numeric_dtype(values):
        raise TypeError(
            f"persons[{column!r}] must be numeric (dtype is "
            f"{values.dtype}); convert it, missing as NA"
        )
    values = values.astype("float64")
    if minimum is not None and (values < minimum).any():
        raise ValueError(
            f"persons[{column!r}] has negative value(s) e.g. {values[values < minimum].iloc[0]:g}; "
            "counts and years cannot be negative: fix or set them to NA"
        )
    return values


def nutrition(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if any child under 5 is stunted or underweight or any woman 15-49 has BMI below
    18.5.

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2], name="hh_id"))
    >>> people = pd.DataFrame(
    ...     {
    ...         "hh_id": [1, 2],
    ...         "age": [2, 30],
    ...         "sex": ["male", "female"],
    ...         "haz": [-2.5, np.nan],
    ...         "waz": [-1.0, np.nan],
    ...         "bmi": [np.nan, np.nan],
    ...     }
    ... )
    >>> nutrition(hh, people).tolist()   # household 2: a woman 15-49 who was not measured
    [1, <NA>]
    """
    haz, waz, bmi = (_numeric(persons, column) for column in ("haz", "waz", "bmi"))
    child = persons["age"] <= CHILD_MAX_AGE
    woman = _women_15_49(persons)
    flags = {
        "eligible": child | woman,
        "observed": (child & (haz.notna() | waz.notna())) | (woman & bmi.notna()),
        "deprived": (child & ((haz < Z_SCORE_CUTOFF) | (waz < Z_SCORE_CUTOFF)))
        | (woman & (bmi < BMI_CUTOFF)),
    }
    return _any_observed_rule(_member_counts(persons, flags, households.index))


def child_mortality(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if a woman 15-49 reports the death of a child (under 18) in the last five years.

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2, 3], name="hh_id"))
    >>> people = pd.DataFrame({"hh_id": [1, 2, 3], "age": [30, 30, 60], "sex": ["female"] * 3,
    ...                        "child_deaths_5y": pd.array([1, 0, pd.NA], dtype="Int64")})
    >>> child_mortality(hh, people).tolist()   # household 3 has no woman aged 15-49
    [1, 0, 0]
    """
    deaths = _numeric(persons, "child_deaths_5y", minimum=0)
    woman = _women_15_49(persons)
    flags = {
        "eligible": woman,
        "observed": woman & deaths.notna(),
        "deprived": woman & (deaths > 0),
    }
    return _any_observed_rule(_member_counts(persons, flags, households.index))


def years_of_schooling(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if no member aged 10 or older has completed six years of schooling (two-thirds
    rule).

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2, 3], name="hh_id"))
    >>> people = pd.DataFrame(
    ...     {
    ...         "hh_id": [1, 1, 2, 2, 3, 3],
    ...         "age": [40, 12, 40, 35, 40, 35],
    ...         "years_schooling": pd.array([3, 5, 8, pd.NA, 3, pd.NA], dtype="Int64"),
    ...     }
    ... )
    >>> # 3: only half the members observed, none with 6 years
    >>> years_of_schooling(hh, people).tolist()
    [1, 0, <NA>]
    """
    years = _numeric(persons, "years_schooling", minimum=0)
    eligible = persons["age"] >= SCHOOLING_MIN_AGE
    flags = {
        "eligible": eligible,
        "observed": eligible & years.notna(),
        "achieved": eligible & (years >= SCHOOLING_YEARS),
    }
    counts = _member_counts(persons, flags, households.index)
    return _settle((counts["achieved"] == 0) & _has_enough_data(counts), counts["achieved"] > 0)


def school_attendance(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if any child aged 6-14 is not attending school (two-thirds rule).

    Examples
    --------
    >>> hh = pd.DataFrame(index=pd.Index([1, 2, 3], name="hh_id"))
    >>> people = pd.DataFrame(
    ...     {
    ...         "hh_id": [1, 2, 2, 3],
    ...         "age": [9, 7, 8, 40],
    ...         "attending_school": pd.array([False, True, pd.NA, pd.NA], dtype="boolean"),
    ...     }
    ... )
    >>> school_attendance(hh, people).tolist()   # 2: one of two children observed (< 2/3)
    [1, <NA>, 0]
    """
    attending = nullable_bool(persons["attending_school"], "persons")
    low, high = SCHOOL_AGES
    eligible = persons["age"].between(low, high)
    flags = {
        "eligible": eligible,
        "observed": eligible & attending.notna(),
        "deprived": eligible & ~attending,
    }
    counts = _member_counts(persons, flags, households.index)
    return _settle(counts["deprived"] > 0, (counts["deprived"] == 0) & _has_enough_data(counts))


def electricity(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if the household has no electricity.

    Examples
    --------
    >>> electricity(pd.DataFrame({"electricity": [True, False, None]}), pd.DataFrame()).tolist()
    [0, 1, <NA>]
    """
    has = nullable_bool(households["electricity"], "households")
    return _settle(~has, has)


def sanitation(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if the toilet is not improved, or improved but shared with other households.

    Examples
    --------
    >>> hh = pd.DataFrame(
    ...     {
    ...         "sanitation": ["pit_slab", "pit_slab", "bucket"],
    ...         "sanitation_shared": [False, True, None],
    ...     }
    ... )
    >>> sanitation(hh, pd.DataFrame()).tolist()
    [0, 1, 1]
    """
    facility = households["sanitation"]
    check_categories(facility, IMPROVED_SANITATION + UNIMPROVED_SANITATION, "households")
    shared = nullable_bool(households["sanitation_shared"], "households")
    improved = facility.isin(IMPROVED_SANITATION)
    unimproved = facility.isin(UNIMPROVED_SANITATION)
    return _settle(unimproved | (improved & shared), improved & ~shared)


def drinking_water(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if the water source is not improved or a round trip to it takes 30 minutes or more.

    Examples
    --------
    >>> hh = pd.DataFrame({"water_source": ["tube_well", "tube_well", "surface_water"],
    ...                    "water_time_min": pd.array([10, 30, pd.NA], dtype="Int64")})
    >>> drinking_water(hh, pd.DataFrame()).tolist()
    [0, 1, 1]
    """
    source = households["water_source"]
    check_categories(source, IMPROVED_WATER + UNIMPROVED_WATER, "households")
    minutes = _numeric(households, "water_time_min", minimum=0)
    improved = source.isin(IMPROVED_WATER)
    far = (minutes >= WATER_TIME_CUTOFF_MIN).astype("boolean").mask(minutes.isna())
    return _settle(source.isin(UNIMPROVED_WATER) | (improved & far), improved & ~far)


def housing(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if the floor is natural, or the walls or the roof are natural or rudimentary.

    Examples
    --------
    >>> hh = pd.DataFrame(
    ...     {
    ...         "floor": ["finished", "natural", "finished"],
    ...         "wall": ["finished", None, None],
    ...         "roof": ["finished", "finished", "finished"],
    ...     }
    ... )
    >>> housing(hh, pd.DataFrame()).tolist()   # 3: walls unknown, the others adequate
    [0, 1, <NA>]
    """
    floor, wall, roof = (
        check_ordered_levels(households[c], MATERIAL_LEVELS, "households")
        for c in ("floor", "wall", "roof")
    )
    inadequate = pd.DataFrame(
        {
            "floor": (floor == "natural").astype("boolean").mask(floor.isna()),
            "wall": (wall < "finished").astype("boolean").mask(wall.isna()),
            "roof": (roof < "finished").astype("boolean").mask(roof.isna()),
        }
    )
    return _settle(
        inadequate.eq(True).fillna(False).any(axis=1),
        inadequate.eq(False).fillna(False).all(axis=1),
    )


def cooking_fuel(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if the household cooks with charcoal, wood, straw, crops or dung (solid fuels).

    Examples
    --------
    >>> cooking_fuel(
    ...     pd.DataFrame({"cooking_fuel": ["lpg", "wood", "no_cooking"]}), pd.DataFrame()
    ... ).tolist()
    [0, 1, 0]
    """
    fuel = households["cooking_fuel"]
    check_categories(fuel, SOLID_FUELS + NON_SOLID_FUELS, "households")
    return _settle(fuel.isin(SOLID_FUELS), fuel.isin(NON_SOLID_FUELS))


def assets(households: pd.DataFrame, persons: pd.DataFrame) -> pd.Series:
    """Deprived if the household owns at most one small asset and no car.

    Examples
    --------
    >>> hh = pd.DataFrame(
    ...     {name: [False, True] for name in SMALL_ASSETS} | {"has_car": [False, False]}
    ... )
    >>> assets(hh, pd.DataFrame()).tolist()
    [1, 0]
    """
    owned = pd.DataFrame(
        {name: nullable_bool(households[name], "households") for name in SMALL_ASSETS}
    )
    car = nullable_bool(households["has_car"], "households")
    n_owned = owned.eq(True).sum(axis=1)
    n_unknown = owned.isna().sum(axis=1)
    return _settle(~car & (n_owned + n_unknown <= 1), car | (n_owned >= 2))


#: The ten global MPI indicators, keyed by the column :func:`global_mpi` returns.
INDICATORS: dict[str, Indicator] = {
    "d_nutr": Indicator(
        "Nutrition",
        "Health",
        "Any child under 5 with height-for-age or weight-for-age below -2 SD, "
        "or any woman 15-49 with BMI below 18.5 (measured members only; no eligible member: "
        "non-deprived; none measured: missing)",
        ("age", "sex", "haz", "waz", "bmi"),
        nutrition,
    ),
    "d_cm": Indicator(
        "Child mortality",
        "Health",
        "A child under 18 died in the last five years, as reported by any woman 15-49 (no woman "
        "15-49: non-deprived; no woman 15-49 answered: missing)",
        ("age", "sex", "child_deaths_5y"),
        child_mortality,
    ),
    "d_educ": Indicator(
        "Years of schooling",
        "Education",
        "No member aged 10 or older has completed six years of schooling (missing if fewer than "
        "2/3 of them have data, unless someone observed has six years)",
        ("age", "years_schooling"),
        years_of_schooling,
    ),
    "d_satt": Indicator(
        "School attendance",
        "Education",
        "Any child aged 6-14 (entry age 6 up to the age of completing class 8) "
        "is not attending school (missing if fewer than 2/3 of them have data, "
        "unless a child is observed out of school)",
        ("age", "attending_school"),
        school_attendance,
    ),
    "d_ckfl": Indicator(
        "Cooking fuel",
        "Living standards",
        "Cooks with charcoal, wood, straw, crops or dung (no cooking at home: non-deprived)",
        ("cooking_fuel",),
        cooking_fuel,
    ),
    "d_sani": Indicator(
        "Sanitation",
        "Living standards",
        "Toilet not improved (improved: flush to sewer, septic tank or pit; pit latrine with slab; "
        "ventilated improved pit; composting), or improved but shared with other households",
        ("sanitation", "sanitation_shared"),
        sanitation,
    ),
    "d_wtr": Indicator(
        "Drinking water",
        "Living standards",
        "Water source not improved (improved: piped, public tap, tube well, protected well or "
        "spring, rainwater, bottled, tanker), or a round trip of 30 minutes or more to fetch it",
        ("water_source", "water_time_min"),
        drinking_water,
    ),
    "d_elct": Indicator(
        "Electricity", "Living standards", "No electricity", ("electricity",), electricity
    ),
    "d_hsg": Indicator(
        "Housing",
        "Living standards",
        "Floor of natural materials, or walls or roof of natural or rudimentary materials",
        ("floor", "wall", "roof"),
        housing,
    ),
    "d_asst": Indicator(
        "Assets",
        "Living standards",
        "Owns at most one of radio, TV, telephone, computer, animal cart, bicycle, motorbike, "
        "refrigerator, and no car or truck",
        (*SMALL_ASSETS, "has_car"),
        assets,
    ),
}

_PERSON_QUESTIONS = (
    "age",
    "sex",
    "haz",
    "waz",
    "bmi",
    "child_deaths_5y",
    "years_schooling",
    "attending_school",
)
_HOUSEHOLD_DESIGN = ("stratum", "psu", "province", "urban")

#: Deprecated: the design columns as keyword arguments of the first releases of
#: :func:`sptools.mpi.alkire_foster`. Use ``design=survey_design(table)`` instead.
_SURVEY_DESIGN: dict[str, str] = {"sample_weight": "weight", "strata": "stratum", "psu": "psu"}
_PERSON_IDS = ("hh_id", "person_id", "age", "sex", "weight")


def survey_design(table: pd.DataFrame) -> Design:
    """The survey design of an indicator table: weights, strata and PSUs of its rows.

    Every table of this package (:func:`global_mpi`, :func:`sptools.indicators.opportunity`,
    :func:`sptools.mpi_design.candidate_indicators`) carries the columns ``weight``,
    ``stratum`` and ``psu``, the defaults of :class:`sptools.Design`, so this is
    ``Design(table)``. It replaces ``SURVEY_DESIGN``.

    Examples
    --------
    >>> table = pd.DataFrame({"d_elct": [1, 0, 0, 1], "weight": [1.0, 2, 1, 2],
    ...                       "stratum": [1, 1, 2, 2], "psu": [1, 2, 3, 4]})
    >>> survey_design(table).n_psu
    4
    """
    require_columns(table, ("weight", "stratum", "psu"), "the indicator table")
    return Design(table)


def __getattr__(name: str) -> dict[str, str]:
    if name == "SURVEY_DESIGN":
        warnings.warn(
            "sptools.indicators.SURVEY_DESIGN is deprecated: declare the design once, "
            "design = sptools.indicators.survey_design(table) (the same as Design(table)), "
            "and pass design=design to the estimators.",
            DeprecationWarning,
            stacklevel=2,
        )
        return dict(_SURVEY_DESIGN)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def indicators_table() -> pd.DataFrame:
    """Describe the ten indicators: label, dimension, rule and the survey questions used.

    Examples
    --------
    >>> indicators_table().loc["d_elct", "label"]
    'Electricity'
    """
    rows = {
        column: {
            "label": spec.label,
            "dimension": spec.dimension,
            "rule": spec.rule,
            "questions": ", ".join(spec.questions),
        }
        for column, spec in INDICATORS.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("indicator")


def global_mpi(
    households: pd.DataFrame, persons: pd.DataFrame, *, complete_cases: bool = True
) -> pd.DataFrame:
    """Build the ten global MPI deprivation indicators, one row per person.

    Parameters
    ----------
    households, persons
        A survey in the schema of ``datasets/codebook.csv`` (one row per household; one row per
        person, linked by ``hh_id``).
    complete_cases
        True (default, OPHI practice): drop the persons with any missing indicator, return 0/1
        ``int8`` columns, and warn (:class:`MissingDataWarning`) with the number dropped.
        False: keep everyone; the indicators are nullable ``Int8`` with NA where missing.

    Returns
    -------
    pandas.DataFrame
        Columns ``hh_id, person_id, age, sex, weight, stratum, psu, province, urban`` and the ten
        indicators of :data:`INDICATORS` (1 = deprived). ``attrs["retained"]`` holds the complete
        cases: ``{"n", "of", "share", "weighted_share"}`` (persons, persons before dropping, and
        their unweighted and weighted shares); ``attrs["missing"]`` the number of persons missing
        each indicator; ``attrs["dropped"]`` the number of persons dropped (0 when
        ``complete_cases=False``).

    Examples
    --------
    >>> from sptools.datasets import load_households, load_persons  # doctest: +SKIP
    >>> deprivations = global_mpi(load_households(2022), load_persons(2022))  # doctest: +SKIP
    >>> deprivations.attrs["retained"]["share"] > 0.95  # doctest: +SKIP
    True
    """
    require_columns(
        households, ("hh_id", *_HOUSEHOLD_DESIGN, *_household_questions()), "households"
    )
    require_columns(persons, (*_PERSON_IDS, *_PERSON_QUESTIONS), "persons")
    require_unique(households, "hh_id", "households")
    require_unique(persons, "person_id", "persons")
    for column in ("age", "sex", "weight"):
        require_complete(persons, column, "persons")
    check_plausible(persons, "persons")
    check_plausible(households, "households")
    check_categories(persons["sex"], SEXES, "persons")
    require_links(persons, households)

    by_household = households.set_index("hh_id")
    deprivations = pd.DataFrame(
        {column: spec.compute(by_household, persons) for column, spec in INDICATORS.items()}
    )
    result = (
        persons[list(_PERSON_IDS)]
        .join(by_household[list(_HOUSEHOLD_DESIGN)], on="hh_id")
        .join(deprivations, on="hh_id")
        .reset_index(drop=True)
    )
    return _complete_cases(result, list(INDICATORS), drop=complete_cases)


def _household_questions() -> list[str]:
    questions = {question for spec in INDICATORS.values() for question in spec.questions}
    return sorted(questions - set(_PERSON_QUESTIONS))


def _complete_cases(result: pd.DataFrame, columns: list[str], *, drop: bool) -> pd.DataFrame:
    """Report the complete cases in ``attrs`` and, when ``drop``, keep only them (as int8)."""
    complete = result[columns].notna().all(axis=1)
    weight = result["weight"]
    retained = {
        "n": int(complete.sum()),
        "of": len(result),
        "share": float(complete.mean()) if len(result) else float("nan"),
        "weighted_share": float(weight[complete].sum() / weight.sum())
        if weight.sum() > 0
        else float("nan"),
    }
    missing = {column: int(n) for column, n in result[columns].isna().sum().items()}
    dropped = 0
    if drop:
        dropped = len(result) - retained["n"]
        result = result[complete].astype(dict.fromkeys(columns, "int8")).reset_index(drop=True)
        if dropped:
            detail = ", ".join(f"{column} {n}" for column, n in missing.items() if n)
            warnings.warn(
                f"global_mpi kept {retained['n']:,} of {retained['of']:,} persons "
                f"({retained['share']:.1%}; weighted {retained['weighted_share']:.1%}); "
                f"{dropped:,} lack at least one indicator (persons missing each: {detail}). "
                "Pass complete_cases=False to keep them with NA.",
                MissingDataWarning,
                stacklevel=3,
            )
    result.attrs.update(retained=retained, missing=missing, dropped=dropped)
    return result
