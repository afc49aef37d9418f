"""LNOB opportunities and barriers: 0/1 outcomes for a reference population, with circumstances.

Each indicator is defined once in :data:`OPPORTUNITIES` (ESCAP LNOB platform, METHODS.md section 2):
its label, whether it is an opportunity (access: higher is better) or a barrier (prevalence: higher
is worse), the unit of analysis, the reference population, the default circumstances and the rule.
:func:`opportunity` builds the analysis table that :mod:`sptools.lnob` takes.

Definitions that need a choice (said in the book):

* Household indicators use households as the unit, weighted by the household weight.
* ``clean_fuel``: electricity, LPG or biogas; households that do not cook at home are outside the
  reference population (reported as ineligible, not counted as having or lacking access).
* ``basic_water``: improved source and a round trip of at most 30 minutes (SDG 6.1 "basic"); note
  that the MPI's water deprivation starts at 30 minutes, so a round trip of exactly 30 is "basic"
  here and deprived there, as in the two official definitions.
* ``secondary_completion_20_35``: 12 or more completed years (Cambodia's 6+3+3 system).
* ``higher_education_25_35``: any higher education (education level "higher").
* ``child_marriage``: women 20-24 first married before 18 (never married: 0).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from sptools.indicators.circumstances import (
    CIRCUMSTANCES,
    EducationOf,
    Unit,
    household_circumstances,
    person_circumstances,
)
from sptools.indicators.global_mpi import (
    IMPROVED_SANITATION,
    IMPROVED_WATER,
    UNIMPROVED_SANITATION,
    UNIMPROVED_WATER,
)
from sptools.indicators.validation import (
    MissingDataWarning,
    check_categories,
    check_plausible,
    nullable_bool,
    require_columns,
    require_complete,
    require_links,
    require_unique,
)

CLEAN_FUELS = ("electricity", "lpg", "biogas")
POLLUTING_FUELS = ("kerosene", "charcoal", "wood", "straw_crop_dung")
BASIC_WATER_MAX_MIN = 30
UPPER_SECONDARY_YEARS = 12
CHILD_MARRIAGE_AGE = 18
MARITAL_STATUSES = ("never married", "married", "divorced/separated", "widowed")

#: A rule on the unit's frame (households indexed by hh_id, or persons): -> boolean Series.
FrameRule = Callable[[pd.DataFrame], pd.Series]


@dataclass(frozen=True)
class Opportunity:
    """An LNOB indicator: an opportunity (access) or a barrier (prevalence) for a reference
    population."""

    label: str
    kind: Literal["opportunity", "barrier"]
    unit: Unit
    population: str
    definition: str
    circumstances: tuple[str, ...]
    questions: tuple[str, ...]
    eligible: FrameRule
    outcome: FrameRule
    education_of: EducationOf = "own"


def _everyone(frame: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=frame.index)


def _ages(low: int, high: float, *, sex: str | None = None) -> FrameRule:
    def eligible(persons: pd.DataFrame) -> pd.Series:
        in_range = persons["age"].between(low, high)
        return in_range & persons["sex"].eq(sex) if sex else in_range

    return eligible


def _yes(column: str, frame_name: str) -> FrameRule:
    def outcome(frame: pd.DataFrame) -> pd.Series:
        return nullable_bool(frame[column], frame_name)

    return outcome


def _cooks(households: pd.DataFrame) -> pd.Series:
    fuel = households["cooking_fuel"]
    check_categories(fuel, (*CLEAN_FUELS, *POLLUTING_FUELS, "no_cooking"), "households")
    return fuel.ne("no_cooking")


def _clean_fuel(households: pd.DataFrame) -> pd.Series:
    fuel = households["cooking_fuel"]
    return fuel.isin(CLEAN_FUELS).astype("boolean").mask(fuel.isna())


def _basic_water(households: pd.DataFrame) -> pd.Series:
    source = households["water_source"]
    check_categories(source, IMPROVED_WATER + UNIMPROVED_WATER, "households")
    minutes = households["water_time_min"].astype("Float64")
    near = (minutes <= BASIC_WATER_MAX_MIN).astype("boolean")
    improved = source.isin(IMPROVED_WATER).astype("boolean").mask(source.isna())
    return improved & near


def _basic_sanitation(households: pd.DataFrame) -> pd.Series:
    facility = households["sanitation"]
    check_categories(facility, IMPROVED_SANITATION + UNIMPROVED_SANITATION, "households")
    improved = facility.isin(IMPROVED_SANITATION).astype("boolean").mask(facility.isna())
    return improved & ~nullable_bool(households["sanitation_shared"], "households")


def _secondary_completed(persons: pd.DataFrame) -> pd.Series:
    years = persons["years_schooling"].astype("Float64")
    return (years >= UPPER_SECONDARY_YEARS).astype("boolean")


def _higher_education(persons: pd.DataFrame) -> pd.Series:
    level = persons["education_level"]
    check_categories(
        level, ("none", "primary", "lower secondary", "upper secondary", "higher"), "persons"
    )
    return level.eq("higher").astype("boolean").mask(level.isna())


def _stunted(persons: pd.DataFrame) -> pd.Series:
    return (persons["haz"].astype("Float64") < -2).astype("boolean")


def _married_before_18(persons: pd.DataFrame) -> pd.Series:
    status = persons["marital_status"]
    check_categories(status, MARITAL_STATUSES, "persons")
    before_18 = (persons["age_first_marriage"].astype("Float64") < CHILD_MARRIAGE_AGE).astype(
        "boolean"
    )
    never = status.eq("never married").astype("boolean").mask(status.isna())
    return ~never & before_18


HOUSEHOLD_DEFAULT = ("wealth", "residence", "education", "region")

#: The LNOB indicators, keyed by the outcome column :func:`opportunity` returns.
OPPORTUNITIES: dict[str, Opportunity] = {
    "electricity": Opportunity(
        "Access to electricity",
        "opportunity",
        "household",
        "All households",
        "The household has electricity",
        HOUSEHOLD_DEFAULT,
        ("electricity",),
        _everyone,
        _yes("electricity", "households"),
    ),
    "clean_fuel": Opportunity(
        "Clean cooking fuel",
        "opportunity",
        "household",
        "Households that cook at home",
        "Cooks mainly with electricity, LPG or biogas",
        HOUSEHOLD_DEFAULT,
        ("cooking_fuel",),
        _cooks,
        _clean_fuel,
    ),
    "basic_water": Opportunity(
        "Basic drinking water",
        "opportunity",
        "household",
        "All households",
        "Improved water source and a round trip of at most 30 minutes to fetch water",
        HOUSEHOLD_DEFAULT,
        ("water_source", "water_time_min"),
        _everyone,
        _basic_water,
    ),
    "basic_sanitation": Opportunity(
        "Basic sanitation",
        "opportunity",
        "household",
        "All households",
        "Improved toilet not shared with other households",
        HOUSEHOLD_DEFAULT,
        ("sanitation", "sanitation_shared"),
        _everyone,
        _basic_sanitation,
    ),
    "secondary_completion_20_35": Opportunity(
        "Completed upper-secondary education",
        "opportunity",
        "person",
        "Persons aged 20-35",
        "Completed 12 or more years of schooling",
        ("wealth", "residence", "sex", "region"),
        ("age", "years_schooling"),
        _ages(20, 35),
        _secondary_completed,
    ),
    "higher_education_25_35": Opportunity(
        "Higher education",
        "opportunity",
        "person",
        "Persons aged 25-35",
        "Attained higher (tertiary) education",
        ("wealth", "residence", "sex", "region"),
        ("age", "education_level"),
        _ages(25, 35),
        _higher_education,
    ),
    "bank_account": Opportunity(
        "Bank account",
        "opportunity",
        "person",
        "Persons aged 15 and older",
        "Has an account at a bank or other financial institution",
        ("wealth", "residence", "education", "sex", "age_group", "region"),
        ("age", "bank_account"),
        _ages(15, float("inf")),
        _yes("bank_account", "persons"),
    ),
    "health_insurance": Opportunity(
        "Health insurance",
        "opportunity",
        "person",
        "Persons aged 15 and older",
        "Covered by health insurance",
        ("wealth", "residence", "education", "sex", "age_group", "region"),
        ("age", "health_insurance"),
        _ages(15, float("inf")),
        _yes("health_insurance", "persons"),
    ),
    "internet_use": Opportunity(
        "Internet use",
        "opportunity",
        "person",
        "Persons aged 15-49",
        "Used the internet",
        ("wealth", "residence", "education", "sex", "age_group", "region"),
        ("age", "internet_use"),
        _ages(15, 49),
        _yes("internet_use", "persons"),
    ),
    "stunting": Opportunity(
        "Stunting",
        "barrier",
        "person",
        "Children under 5",
        "Height-for-age below -2 standard deviations (WHO 2006 standards); "
        "children not measured are missing",
        ("wealth", "residence", "education", "sex", "children_under5", "region"),
        ("age", "haz"),
        _ages(0, 4),
        _stunted,
        education_of="mother",
    ),
    "child_marriage": Opportunity(
        "Child marriage",
        "barrier",
        "person",
        "Women aged 20-24",
        "First married or in union before age 18",
        ("wealth", "residence", "education", "region"),
        ("age", "sex", "marital_status", "age_first_marriage"),
        _ages(20, 24, sex="female"),
        _married_before_18,
    ),
}


def opportunities_table() -> pd.DataFrame:
    """Describe the LNOB indicators: label, kind, unit, reference population, definition,
    circumstances.

    Examples
    --------
    >>> opportunities_table().loc["stunting", ["kind", "population"]].tolist()
    ['barrier', 'Children under 5']
    """
    rows = {
        name: {
            "label": spec.label,
            "kind": spec.kind,
            "unit": spec.unit,
            "population": spec.population,
            "definition": spec.definition,
            "circumstances": ", ".join(CIRCUMSTANCES[c].label for c in spec.circumstances),
            "questions": ", ".join(spec.questions),
        }
        for name, spec in OPPORTUNITIES.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("indicator")


def opportunity(
    name: str,
    households: pd.DataFrame,
    persons: pd.DataFrame,
    *,
    circumstances: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Build the analysis table of one LNOB indicator for its reference population.

    Parameters
    ----------
    name
        A key of :data:`OPPORTUNITIES` (see :func:`opportunities_table`).
    households, persons
        A survey in the schema of ``datasets/codebook.csv``.
    circumstances
        Circumstance names (see :data:`~sptools.indicators.circumstances.CIRCUMSTANCES`); default
        the indicator's own list. SP2LNOB uses e.g. ``["income", "residence", "education", "sex",
        "age_group", "disability"]``.

    Returns
    -------
    pandas.DataFrame
        One row per unit (household or person) of the reference population with a known outcome and
        known circumstances: ``hh_id`` (and ``person_id``), the 0/1 outcome column named ``name``
        (``int8``; for a barrier 1 = has the barrier), ``weight``, ``stratum``, ``psu`` and the
        circumstance columns (categoricals with readable labels). ``attrs`` holds ``indicator``,
        ``kind``, ``label``, ``population`` (units in the reference population), ``ineligible``
        (units outside it), ``dropped`` (units dropped for a missing value) and ``missing`` (per
        column: how many units of the reference population lack it). A :class:`MissingDataWarning`
        reports any drop. The rows keep the index labels of ``households`` (or ``persons``), so a
        design declared once on that table, ``Design(persons, ...)``, estimates on this one as a
        domain of the full survey.

    Examples
    --------
    >>> from sptools.datasets import load_households, load_persons  # doctest: +SKIP
    >>> table = opportunity(
    ...     "electricity", load_households(2022), load_persons(2022)
    ... )  # doctest: +SKIP
    >>> list(table.columns)  # doctest: +SKIP
    ['hh_id', 'electricity', 'weight', 'stratum', 'psu', 'wealth', 'residence', 'education', 'region']
    """  # noqa: E501
    if name not in OPPORTUNITIES:
        raise KeyError(f"unknown indicator {name!r}; choose one of {list(OPPORTUNITIES)}")
    spec = OPPORTUNITIES[name]
    chosen = list(spec.circumstances if circumstances is None else circumstances)
    require_columns(households, ("hh_id", "weight", "stratum", "psu"), "households")
    require_columns(persons, ("hh_id", "person_id", "age", "sex", "weight"), "persons")
    require_unique(households, "hh_id", "households")
    require_complete(persons, "age", "persons")
    check_plausible(persons, "persons")
    check_plausible(households, "households")
    require_links(persons, households)

    if spec.unit == "household":
        units = households.set_index("hh_id")
        require_columns(households, spec.questions, "households")
        design = units[["weight", "stratum", "psu"]]
        circumstance_frame = household_circumstances(chosen, households, persons)
        ids = pd.DataFrame({"hh_id": units.index}, index=units.index)
    else:
        units = persons
        require_columns(persons, spec.questions, "persons")
        by_household = households.set_index("hh_id")
        design = persons[["weight"]].assign(
            **{c: persons["hh_id"].map(by_household[c]) for c in ("stratum", "psu")}
        )
        circumstance_frame = person_circumstances(
            chosen, households, persons, education_of=spec.education_of
        )
        ids = persons[["hh_id", "person_id"]]

    eligible = spec.eligible(units).to_numpy(bool)
    outcome = spec.outcome(units).rename(name)
    table = pd.concat([ids, outcome, design, circumstance_frame], axis=1)[eligible]
    return _drop_missing(
        table, name, spec, n_ineligible=int((~eligible).sum()), checked=[name, *chosen]
    )


def _drop_missing(
    table: pd.DataFrame, name: str, spec: Opportunity, *, n_ineligible: int, checked: list[str]
) -> pd.DataFrame:
    """Drop the rows with a missing outcome or circumstance; count them in ``attrs`` and warn."""
    missing = {column: int(n) for column, n in table[checked].isna().sum().items()}
    complete = table[checked].notna().all(axis=1)
    kept = table[complete].astype({name: "int8"})
    kept.attrs = {
        "indicator": name,
        "kind": spec.kind,
        "label": spec.label,
        "population": len(table),
        "ineligible": n_ineligible,
        "dropped": len(table) - len(kept),
        "missing": missing,
    }
    if len(kept) < len(table):
        detail = ", ".join(f"{column} {n}" for column, n in missing.items() if n)
        warnings.warn(
            f"opportunity({name!r}): dropped {len(table) - len(kept):,} of {len(table):,} units "
            f"of the reference population ({spec.population}; {1 - len(kept) / len(table):.1%}) "
            f"for missing values ({detail})",
            MissingDataWarning,
            stacklevel=3,
        )
    if kept.empty:
        raise ValueError(
            f"opportunity({name!r}) has no complete rows ({len(table)} in the "
            f"reference population, missing: {missing}); check the survey covers "
            f"{spec.population.lower()} and these questions"
        )
    return kept
