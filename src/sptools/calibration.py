"""Calibration report: every figure the synthetic survey is calibrated to, with its target and
source.

:func:`calibration_table` recomputes each calibrated figure from a survey (by default the shipped
rounds, through :mod:`sptools.datasets`) with the curriculum's own methods
(:mod:`sptools.indicators`, :mod:`sptools.mpi`, :mod:`sptools.poverty`), and sets it next to its
target: a published figure from :func:`sptools.datasets.cambodia_facts`, or, where nothing is
published for a round, the value stated in :data:`sptools.synth.targets.ASSUMPTIONS`. Each row says
how close the figure must come (the accepted range) and whether it does.

Tolerances (the calibration contract): headline rates within 1.5 percentage points
(:data:`RATE`), the MPI within 0.005 (:data:`MPI_TOLERANCE`); population totals exact up to
rounding (relative :data:`EXACT`); the other tolerances are stated next to their figure.

Examples
--------
>>> table = calibration_table()  # doctest: +SKIP
>>> table.loc[
...     table["key"] == "poverty_headcount", ["round", "target", "within_tolerance"]
... ]  # doctest: +SKIP
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from sptools import datasets
from sptools.design import Design
from sptools.indicators import OPPORTUNITIES, MissingDataWarning, global_mpi, opportunity
from sptools.mpi import GLOBAL_MPI, MPIResult, alkire_foster
from sptools.poverty import fgt, gini
from sptools.synth.targets import ASSUMPTIONS, ROUNDS, RoundTargets, round_targets

#: Headline rates: 1.5 percentage points.
RATE = 0.015
#: The MPI (M0): 0.005.
MPI_TOLERANCE = 0.005
#: Totals that the weights reproduce by construction: relative deviation 1e-6.
EXACT = 1e-6
#: Global MPI poverty cutoff.
K = Fraction(1, 3)

#: Topics of :func:`calibration_table`, in reporting order.
TOPICS = (
    "Population",
    "Consumption poverty and inequality",
    "Programmes",
    "Living standards",
    "Education and nutrition",
    "Global MPI",
    "MPI trends 2014-2022",
    "LNOB 2014: furthest behind and ahead",
)
#: Columns of :func:`calibration_table`, in order.
COLUMNS = (
    "topic",
    "key",
    "figure",
    "round",
    "target",
    "source",
    "achieved",
    "tolerance",
    "lower",
    "upper",
    "within_tolerance",
    "unit",
    "n",
    "excluded",
)
#: Units of the figures: how :func:`calibration_display` formats them.
UNITS = ("share", "change", "count", "mean", "index", "relative")

CENSUS = "General Population Census 2019, final results (NIS)"
CSES = "CSES 2019/20 (Ministry of Planning / World Bank 2022)"
OECD = "OECD Social Protection System Review of Cambodia 2017 (2014 figure)"
IDPOOR = "Ministry of Planning, IDPoor programme"
HEF = "Health Equity Fund: 2.6 million people covered"
MPI_2022 = "OPHI/UNDP global MPI, CDHS 2021-22"
MPI_2014 = "OPHI/UNDP global MPI, CDHS 2014 harmonised over time"
MPI_TRENDS_SOURCE = (
    "OPHI/UNDP global MPI, changes 2014 to 2021-22 (nine of ten indicators improved)"
)
ESCAP = "ESCAP LNOB platform, CDHS 2014"
DESIGN = "Generator design (no published figure)"


class Measure(NamedTuple):
    """An achieved figure with the units it rests on and the units left out for missing values."""

    value: float
    n: int | None = None
    excluded: int | None = None


@dataclass(frozen=True)
class SurveyRound:
    """One survey round with what every figure of the report is computed from."""

    year: int
    households: pd.DataFrame
    persons: pd.DataFrame
    targets: RoundTargets
    deprivations: pd.DataFrame
    mpi: MPIResult


def assumption(topic: str) -> str:
    """Name a calibration assumption as a source, checking that it is stated.

    Examples
    --------
    >>> assumption("poverty_2014")
    "Calibration assumption 'poverty_2014'"
    """
    if topic not in ASSUMPTIONS:
        raise KeyError(
            f"no calibration assumption {topic!r}; the stated ones are {sorted(ASSUMPTIONS)}"
        )
    return f"Calibration assumption '{topic}'"


def row(
    topic: str,
    key: str,
    figure: str,
    round: int | str,
    source: str,
    unit: str,
    achieved: Measure,
    *,
    target: float = math.nan,
    tolerance: float = math.nan,
    lower: float | None = None,
    upper: float | None = None,
) -> dict[str, Any]:
    """One row of the calibration table.

    The accepted range is ``target +/- tolerance`` unless ``lower`` / ``upper`` are given (a
    one-sided or interval check: ``tolerance`` stays NaN); a missing bound is open.

    Examples
    --------
    >>> r = row("Poverty", "headcount", "Poverty headcount", 2022, "CSES", "share", Measure(0.18),
    ...         target=0.178, tolerance=0.015)
    >>> round(r["lower"], 3), round(r["upper"], 3), r["within_tolerance"]
    (0.163, 0.193, True)
    >>> row("LNOB", "fuel", "Clean fuel", 2014, "ESCAP", "share", Measure(0.03), upper=0.02)[
    ...     "within_tolerance"
    ... ]
    False
    """
    if unit not in UNITS:
        raise ValueError(f"unit {unit!r} of {key!r} is not one of {UNITS}")
    bounded = lower is not None or upper is not None
    if bounded and not math.isnan(tolerance):
        raise ValueError(f"{key!r}: give a tolerance or lower/upper bounds, not both")
    if not bounded and (math.isnan(target) or math.isnan(tolerance)):
        raise ValueError(f"{key!r}: give a target and a tolerance, or lower/upper bounds")
    if not bounded:
        lower, upper = target - tolerance, target + tolerance
    low = -math.inf if lower is None else lower
    high = math.inf if upper is None else upper
    return {
        "topic": topic,
        "key": key,
        "figure": figure,
        "round": str(round),
        "target": float(target),
        "source": source,
        "achieved": float(achieved.value),
        "tolerance": float(tolerance),
        "lower": float(low),
        "upper": float(high),
        "within_tolerance": bool(low <= achieved.value <= high),
        "unit": unit,
        "n": achieved.n,
        "excluded": achieved.excluded,
    }


# --- measures -------------------------------------------------------------------------------------


def weighted_share(flag: pd.Series, weight: pd.Series, where: pd.Series | None = None) -> Measure:
    """Weighted share of True in ``flag`` (among ``where``); a missing flag raises.

    Examples
    --------
    >>> weighted_share(pd.Series([True, False, True]), pd.Series([1.0, 1.0, 2.0])).value
    0.75
    """
    where = pd.Series(True, index=flag.index) if where is None else where.astype(bool)
    chosen = flag[where]
    if chosen.isna().any():
        raise ValueError(
            f"{flag.name!r} has {int(chosen.isna().sum())} missing values where a share is "
            "computed; select the units with a known value first (and count them as excluded)"
        )
    if not where.any():
        raise ValueError(f"no units to compute the share of {flag.name!r} on: the group is empty")
    return Measure(
        float(np.average(chosen.astype(bool), weights=weight[where])), int(where.sum()), 0
    )


def opportunity_rate(
    name: str, survey: SurveyRound, group: Mapping[str, str] | None = None
) -> Measure:
    """Weighted rate of an LNOB indicator (:func:`sptools.indicators.opportunity`), nationally or in
    a group.

    ``group`` maps circumstances to levels, e.g. ``{"wealth": "Bottom 40", "residence": "Rural"}``.
    Units of the reference population with a missing outcome (or circumstance) are counted in
    ``excluded``.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> survey = survey_round(2022, *generate(500, seed=1))
    >>> rate = opportunity_rate("electricity", survey, {"residence": "Urban"})
    >>> 0 < rate.value <= 1, rate.n == int(survey.households["urban"].sum())
    (True, True)
    """
    group = dict(group or {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)  # the drop is reported as `excluded`
        table = opportunity(name, survey.households, survey.persons, circumstances=list(group))
    where = pd.Series(True, index=table.index)
    for circumstance, level in group.items():
        if level not in table[circumstance].cat.categories:
            raise ValueError(
                f"{circumstance!r} has no level {level!r}; choose one of "
                f"{list(table[circumstance].cat.categories)}"
            )
        where &= table[circumstance].eq(level)
    share = weighted_share(table[name].astype(bool), table["weight"], where)
    return share._replace(excluded=int(table.attrs["dropped"]) if not group else None)


def person_weight(households: pd.DataFrame) -> pd.Series:
    """Persons represented by each household: household weight x household size.

    Examples
    --------
    >>> person_weight(pd.DataFrame({"weight": [100.0, 250.0], "hh_size": [4, 2]})).tolist()
    [400.0, 500.0]"""
    return households["weight"] * households["hh_size"]


def mpi_weights() -> dict[str, Fraction]:
    """The global MPI indicator weights, flattened from :data:`sptools.mpi.GLOBAL_MPI`.

    Examples
    --------
    >>> sum(mpi_weights().values())
    Fraction(1, 1)
    """
    return {name: weight for dimension in GLOBAL_MPI.values() for name, weight in dimension.items()}


def survey_round(year: int, households: pd.DataFrame, persons: pd.DataFrame) -> SurveyRound:
    """Prepare a round: its targets, global MPI deprivations and Alkire-Foster estimates (k = 1/3).

    Examples
    --------
    >>> from sptools.synth import generate
    >>> survey = survey_round(2022, *generate(500, seed=1))
    >>> survey.targets.round, 0 < survey.mpi.H < 1
    (2022, True)"""
    with warnings.catch_warnings():
        warnings.simplefilter(
            "ignore", MissingDataWarning
        )  # the complete cases are a row of the report
        deprivations = global_mpi(households, persons)
    result = alkire_foster(deprivations, mpi_weights(), K, design=_design(deprivations))
    return SurveyRound(year, households, persons, round_targets(year), deprivations, result)


def _design(deprivations: pd.DataFrame) -> Design:
    """The survey design of a round's deprivation table (a province is a domain of it)."""
    return Design(deprivations, weight="weight", strata="stratum", psu="psu")


# --- the figures, by topic ------------------------------------------------------------------------


def population_rows(survey: SurveyRound) -> list[dict[str, Any]]:
    """Population by province, totals, urban share, household size, age structure and sex ratio.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> [r["key"] for r in population_rows(survey_round(2022, *generate(500, seed=1)))]
    ['population_by_province', 'population', 'households', 'urban_share', 'household_size', 'share_0_14', 'share_60_plus', 'male_share']"""  # noqa: E501
    topic, year, households, persons = "Population", survey.year, survey.households, survey.persons
    census = datasets.cambodia_facts()["population"]["census_2019"]
    targets = survey.targets
    provinces = datasets.load_reference("provinces").set_index("province")["population"]
    expected = provinces * targets.population / provinces.sum()
    people = (
        person_weight(households)
        .groupby(households["province"], observed=False)
        .sum()
        .reindex(expected.index)
    )
    deviation = float((people / expected - 1).abs().max())
    later = year == 2022
    sources = {
        "population": CENSUS if later else assumption("population_2014"),
        "size": CENSUS if later else assumption("mean_household_size_2014"),
        "urban": CENSUS if later else assumption("urban_2014"),
        "age": CENSUS if later else assumption("age_structure_2014"),
    }
    everyone = len(persons)
    return [
        row(
            topic,
            "population_by_province",
            "Population by province: largest relative deviation from the census distribution",
            year,
            sources["population"],
            "relative",
            Measure(deviation, len(households), 0),
            target=0.0,
            tolerance=EXACT,
        ),
        row(
            topic,
            "population",
            "Population (sum of person weights)",
            year,
            sources["population"],
            "count",
            Measure(float(persons["weight"].sum()), everyone, 0),
            target=targets.population,
            tolerance=EXACT * targets.population,
        ),
        row(
            topic,
            "households",
            "Households (sum of household weights)",
            year,
            sources["population"],
            "count",
            Measure(float(households["weight"].sum()), len(households), 0),
            target=targets.households,
            tolerance=EXACT * targets.households,
        ),
        row(
            topic,
            "urban_share",
            "Urban share of the population",
            year,
            sources["urban"],
            "share",
            weighted_share(households["urban"], person_weight(households)),
            target=census["urban_share"],
            tolerance=RATE,
        ),
        row(
            topic,
            "household_size",
            "Mean household size (persons)",
            year,
            sources["size"],
            "mean",
            Measure(
                float(np.average(households["hh_size"], weights=households["weight"])),
                len(households),
                0,
            ),
            target=census["mean_household_size"]
            if later
            else targets.population / targets.households,
            tolerance=0.02,
        ),
        row(
            topic,
            "share_0_14",
            "Population aged 0-14",
            year,
            sources["age"],
            "share",
            weighted_share(persons["age"] < 15, persons["weight"]),
            target=targets.share_0_14,
            tolerance=RATE,
        ),
        row(
            topic,
            "share_60_plus",
            "Population aged 60+",
            year,
            sources["age"],
            "share",
            weighted_share(persons["age"] >= 60, persons["weight"]),
            target=targets.share_60_plus,
            tolerance=RATE,
        ),
        row(
            topic,
            "male_share",
            "Men and boys in the population",
            year,
            CENSUS,
            "share",
            weighted_share(persons["sex"].eq("male"), persons["weight"]),
            target=census["male"] / census["total"],
            tolerance=0.01,
        ),
    ]


def poverty_rows(survey: SurveyRound) -> list[dict[str, Any]]:
    """Consumption poverty headcount, nationally and by zone, and the consumption Gini.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> [r["key"] for r in poverty_rows(survey_round(2022, *generate(500, seed=1)))]
    ['poverty_headcount', 'poverty_phnom_penh', 'poverty_other_urban', 'poverty_rural', 'gini']"""
    topic, year, households = "Consumption poverty and inequality", survey.year, survey.households
    poverty = datasets.cambodia_facts()["poverty"]
    scale, line = survey.targets.poverty_scale, survey.targets.poverty_line
    source = CSES if year == 2022 else assumption("poverty_2014")
    design = Design(households.assign(person_weight=person_weight(households)), "person_weight")
    phnom_penh = households["province"].eq("Phnom Penh")
    zones = {
        "Phnom Penh": phnom_penh,
        "other urban": households["urban"] & ~phnom_penh,
        "rural": ~households["urban"] & ~phnom_penh,
    }

    def headcount(where: pd.Series) -> Measure:
        return Measure(
            float(fgt(households.loc[where, "consumption_pc"], line, 0, design=design)),
            int(where.sum()),
            0,
        )

    rows = [
        row(
            topic,
            "poverty_headcount",
            "Poverty headcount (people below the national line)",
            year,
            source,
            "share",
            headcount(pd.Series(True, index=households.index)),
            target=poverty["headcount_2019_20"] * scale,
            tolerance=RATE,
        )
    ]
    rows += [
        row(
            topic,
            f"poverty_{zone.replace(' ', '_').lower()}",
            f"Poverty headcount: {zone}",
            year,
            source,
            "share",
            headcount(where),
            target=poverty["headcount_by_zone_2019_20"][zone] * scale,
            tolerance=RATE,
        )
        for zone, where in zones.items()
    ]
    rows.append(
        row(
            topic,
            "gini",
            "Gini index of consumption per person",
            year,
            OECD,
            "index",
            Measure(float(gini(households["consumption_pc"], design=design)), len(households), 0),
            target=poverty["consumption_gini_2014"],
            tolerance=0.02,
        )
    )
    return rows


def programme_rows(survey: SurveyRound) -> list[dict[str, Any]]:
    """IDPoor households, Health Equity Fund coverage, IDPoor targeting errors.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> [r["key"] for r in programme_rows(survey_round(2022, *generate(500, seed=1)))]
    ['idpoor_households', 'hef_share', 'idpoor_poor', 'poor_not_idpoor']"""
    topic, year, households, targets = "Programmes", survey.year, survey.households, survey.targets
    later = year == 2022
    registered = households["idpoor"].ne("none")
    poor = households["poor"].astype(bool)
    return [
        row(
            topic,
            "idpoor_households",
            "IDPoor households (level 1 or 2)",
            year,
            IDPOOR if later else assumption("idpoor_2014"),
            "count",
            Measure(float(households.loc[registered, "weight"].sum()), int(registered.sum()), 0),
            target=targets.idpoor_households,
            tolerance=0.02 * targets.idpoor_households,
        ),
        row(
            topic,
            "hef_share",
            "People with a Health Equity Fund card",
            year,
            HEF if later else assumption("idpoor_2014"),
            "share",
            weighted_share(households["hef_card"], person_weight(households)),
            target=targets.hef_share,
            tolerance=RATE,
        ),
        row(
            topic,
            "idpoor_poor",
            "IDPoor households below the poverty line (inclusion errors)",
            year,
            DESIGN,
            "share",
            weighted_share(poor, households["weight"], registered),
            lower=0.45,
            upper=0.8,
        ),
        row(
            topic,
            "poor_not_idpoor",
            "Poor households not in IDPoor (exclusion errors)",
            year,
            DESIGN,
            "share",
            weighted_share(~registered, households["weight"], poor),
            lower=0.2,
            upper=0.6,
        ),
    ]


#: Household access rates of the living-standard indicators: key -> label (an LNOB indicator each).
ACCESS = {
    "electricity": "Households with electricity",
    "clean_fuel": "Households cooking with clean fuel",
    "basic_water": "Households with basic drinking water",
    "basic_sanitation": "Households with basic sanitation",
}
#: Living standards taken from the global MPI deprivations: generator target -> (indicator, label).
MPI_ACCESS = {
    "housing": ("d_hsg", "Households with adequate housing (not deprived, global MPI)"),
    "assets": ("d_asst", "Households with more than one asset or a car (not deprived, global MPI)"),
}


def living_standard_rows(survey: SurveyRound) -> list[dict[str, Any]]:
    """Household access to electricity, clean fuel, water, sanitation, adequate housing and assets.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> [r["key"] for r in living_standard_rows(survey_round(2022, *generate(500, seed=1)))]
    ['electricity', 'clean_fuel', 'basic_water', 'basic_sanitation', 'housing', 'assets']"""
    topic, year, targets = "Living standards", survey.year, survey.targets
    national = datasets.cambodia_facts()["lnob_access_cdhs_2014"]
    published = ESCAP if year == 2014 else assumption("living_standards_2022")
    rows = [
        row(
            topic,
            name,
            label,
            year,
            published,
            "share",
            opportunity_rate(name, survey),
            target=national[name]["national"] if year == 2014 else targets.access[name],
            tolerance=RATE,
        )
        for name, label in ACCESS.items()
    ]
    households = survey.deprivations.drop_duplicates("hh_id")
    excluded = survey.households["hh_id"].nunique() - len(households)
    for name, (indicator, label) in MPI_ACCESS.items():
        share = weighted_share(households[indicator].eq(0), households["weight"])._replace(
            excluded=excluded
        )
        rows.append(
            row(
                topic,
                name,
                label,
                year,
                assumption(f"living_standards_{year}"),
                "share",
                share,
                target=targets.access[name],
                tolerance=RATE,
            )
        )
    return rows


def education_nutrition_rows(survey: SurveyRound) -> list[dict[str, Any]]:
    """Stunting, underweight, thin women, schooling and attendance deprivations; 2014 LNOB
    education.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> [r["key"] for r in education_nutrition_rows(survey_round(2022, *generate(500, seed=1)))]
    ['stunting', 'underweight', 'thin_women', 'schooling_deprived', 'attendance_deprived']"""
    topic, year, persons, targets = (
        "Education and nutrition",
        survey.year,
        survey.persons,
        survey.targets,
    )
    lnob = datasets.cambodia_facts()["lnob_access_cdhs_2014"]
    nutrition = assumption("nutrition")
    children = persons["age"].lt(5)
    women = persons["sex"].eq("female") & persons["age"].between(15, 49)

    def measured(value: pd.Series, population: pd.Series, below: float) -> Measure:
        known = population & value.notna()
        share = weighted_share(value.lt(below).fillna(False), persons["weight"], known)
        return share._replace(excluded=int((population & value.isna()).sum()))

    uncensored = survey.mpi.indicators["uncensored"]
    mpi_cases = Measure(math.nan, len(survey.deprivations), len(persons) - len(survey.deprivations))
    rows = [
        row(
            topic,
            "stunting",
            "Children under 5 stunted (height-for-age < -2 SD)",
            year,
            ESCAP if year == 2014 else nutrition,
            "share",
            opportunity_rate("stunting", survey),
            target=lnob["stunting_barrier"]["national"] if year == 2014 else targets.stunting,
            tolerance=RATE,
        ),
        row(
            topic,
            "underweight",
            "Children under 5 underweight (weight-for-age < -2 SD)",
            year,
            nutrition,
            "share",
            measured(persons["waz"], children, -2),
            target=targets.underweight,
            tolerance=RATE,
        ),
        row(
            topic,
            "thin_women",
            "Women 15-49 with a BMI below 18.5",
            year,
            nutrition,
            "share",
            measured(persons["bmi"], women, 18.5),
            target=targets.thin_women,
            tolerance=RATE,
        ),
        row(
            topic,
            "schooling_deprived",
            "People in households where no member aged 10+ completed six years "
            "(global MPI, uncensored)",
            year,
            assumption("education_deprivations"),
            "share",
            mpi_cases._replace(value=float(uncensored["d_educ"])),
            target=targets.schooling_deprived,
            tolerance=RATE,
        ),
        row(
            topic,
            "attendance_deprived",
            "People in households with a child of school age out of school "
            "(global MPI, uncensored)",
            year,
            assumption("education_deprivations"),
            "share",
            mpi_cases._replace(value=float(uncensored["d_satt"])),
            target=targets.attendance_deprived,
            tolerance=RATE,
        ),
    ]
    if year == 2014:
        rows += [
            row(
                topic,
                "secondary_completion_20_35",
                "People aged 20-35 who completed upper secondary",
                year,
                ESCAP,
                "share",
                opportunity_rate("secondary_completion_20_35", survey),
                target=lnob["secondary_completion_20_35"]["national"],
                tolerance=RATE,
            ),
            row(
                topic,
                "higher_education_25_35",
                "People aged 25-35 with higher education",
                year,
                ESCAP,
                "share",
                opportunity_rate("higher_education_25_35", survey),
                target=lnob["higher_education_25_35"]["national"],
                tolerance=RATE,
            ),
        ]
    return rows


def mpi_rows(survey: SurveyRound) -> list[dict[str, Any]]:
    """Global MPI, headcount and intensity (k = 1/3), complete cases and the regional contrasts.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> [r["key"] for r in mpi_rows(survey_round(2022, *generate(500, seed=1)))]
    ['mpi', 'mpi_headcount', 'mpi_intensity', 'mpi_complete_cases', 'mpi_headcount_preah_vihear_stung_treng']"""  # noqa: E501
    topic, year, result = "Global MPI", survey.year, survey.mpi
    facts = datasets.cambodia_facts()["multidimensional_poverty"]
    published = facts["cdhs_2021_22"] if year == 2022 else facts["cdhs_2014_harmonised"]
    source = MPI_2022 if year == 2022 else MPI_2014
    intensity = published["A"] if year == 2022 else published["MPI"] / published["H"]
    people = Measure(
        math.nan, len(survey.deprivations), len(survey.persons) - len(survey.deprivations)
    )
    retained = survey.deprivations.attrs["retained"]
    contrast = facts["regional_contrast"]
    north = survey.deprivations["province"].isin(["Preah Vihear", "Stung Treng"])
    design = _design(survey.deprivations)
    north_h = alkire_foster(survey.deprivations[north], mpi_weights(), K, design=design).H
    rows = [
        row(
            topic,
            "mpi",
            "Global MPI (M0)",
            year,
            source,
            "index",
            people._replace(value=result.M0),
            target=published["MPI"],
            tolerance=MPI_TOLERANCE,
        ),
        row(
            topic,
            "mpi_headcount",
            "Multidimensionally poor (H)",
            year,
            source,
            "share",
            people._replace(value=result.H),
            target=published["H"],
            tolerance=RATE,
        ),
        row(
            topic,
            "mpi_intensity",
            "Intensity among the poor (A)",
            year,
            source if year == 2022 else f"{source} (A = MPI / H)",
            "share",
            people._replace(value=result.A),
            target=intensity,
            tolerance=RATE,
        ),
        row(
            topic,
            "mpi_complete_cases",
            "People with every MPI indicator known (complete cases)",
            year,
            DESIGN,
            "share",
            people._replace(value=retained["share"]),
            lower=0.95,
            upper=1.0,
        ),
        row(
            topic,
            "mpi_headcount_preah_vihear_stung_treng",
            "Multidimensionally poor (H): Preah Vihear and Stung Treng",
            year,
            source,
            "share",
            Measure(north_h, int(north.sum()), None),
            target=contrast["Preah Vihear & Stung Treng"][
                "H_2014" if year == 2014 else "H_2021_22"
            ],
            tolerance=0.10,
        ),
    ]
    if year == 2014:
        phnom_penh = survey.deprivations["province"].eq("Phnom Penh")
        capital_h = alkire_foster(
            survey.deprivations[phnom_penh], mpi_weights(), K, design=design
        ).H
        rows.append(
            row(
                topic,
                "mpi_headcount_phnom_penh",
                "Multidimensionally poor (H): Phnom Penh",
                year,
                source,
                "share",
                Measure(capital_h, int(phnom_penh.sum()), None),
                target=contrast["Phnom Penh"]["H_2014"],
                tolerance=0.03,
            )
        )
    return rows


#: Published falls of uncensored headcounts 2014 -> 2021-22: indicator -> (label, check keyword
#: arguments).
MPI_TRENDS: dict[str, tuple[str, dict[str, float]]] = {
    "d_elct": ("electricity", {"lower": 0.21}),
    "d_sani": ("sanitation", {"lower": 0.21}),
    "d_ckfl": ("cooking fuel", {"lower": 0.21}),
    "d_nutr": ("nutrition", {"target": 0.116, "tolerance": 0.02}),
    "d_educ": ("years of schooling", {"target": 0.11, "tolerance": 0.02}),
    "d_satt": ("school attendance", {"lower": 0.0}),
    "d_wtr": ("drinking water", {"lower": 0.0}),
    "d_hsg": ("housing", {"lower": 0.0}),
    "d_asst": ("assets", {"lower": 0.0}),
}


def trend_rows(before: SurveyRound, after: SurveyRound) -> list[dict[str, Any]]:
    """Falls between the rounds: uncensored MPI headcounts and household size.

    Examples
    --------
    >>> from sptools.synth import generate
    >>> rounds = [survey_round(year, *generate(500, seed=1, round=year)) for year in (2014, 2022)]
    >>> rows = trend_rows(*rounds)
    >>> rows[0]["key"], rows[0]["round"], rows[-1]["key"]
    ('fall_d_elct', '2014-2022', 'household_size_fall')"""
    fall = before.mpi.indicators["uncensored"] - after.mpi.indicators["uncensored"]
    span = f"{before.year}-{after.year}"
    rows = [
        row(
            "MPI trends 2014-2022",
            f"fall_{indicator}",
            f"Fall in the uncensored headcount: {label}",
            span,
            MPI_TRENDS_SOURCE,
            "change",
            Measure(float(fall[indicator])),
            **check,
        )
        for indicator, (label, check) in MPI_TRENDS.items()
    ]
    size = [
        np.average(s.households["hh_size"], weights=s.households["weight"]) for s in (before, after)
    ]
    rows.append(
        row(
            "Population",
            "household_size_fall",
            "Fall in mean household size (persons)",
            span,
            assumption("mean_household_size_2014"),
            "change",
            Measure(float(size[0] - size[1])),
            lower=0.1,
        )
    )
    return rows


#: The published LNOB leaves (cambodia.yml) and what they are.
LEAVES = {
    "ahead": "furthest ahead",
    "behind": "furthest behind",
    "highest": "furthest behind, highest prevalence",
    "lowest": "furthest ahead, lowest prevalence",
}


def lnob_contrast_rows(survey: SurveyRound) -> list[dict[str, Any]]:
    """2014 LNOB groups furthest ahead and furthest behind (ESCAP LNOB platform, CDHS 2014).

    Examples
    --------
    >>> from sptools.synth import generate
    >>> rows = lnob_contrast_rows(survey_round(2014, *generate(500, seed=1, round=2014)))
    >>> rows[0]["figure"], rows[0]["lower"]
    ('Access to electricity: Top 60 & Urban', 0.85)"""
    lnob = datasets.cambodia_facts()["lnob_access_cdhs_2014"]
    bottom, top, urban, rural = (
        {"wealth": "Bottom 40"},
        {"wealth": "Top 60"},
        {"residence": "Urban"},
        {"residence": "Rural"},
    )
    # key, indicator, published leaf (indicator's entry and position) or None, group, check
    groups: list[tuple[str, str, tuple[str, str] | None, dict[str, str], dict[str, float]]] = [
        (
            "electricity_top60_urban",
            "electricity",
            ("electricity", "ahead"),
            top | urban,
            {"lower": 0.85},
        ),
        ("electricity_bottom40", "electricity", None, bottom, {"upper": 0.35}),
        (
            "clean_fuel_rural_bottom40",
            "clean_fuel",
            ("clean_fuel", "behind"),
            rural | bottom,
            {"upper": 0.02},
        ),
        (
            "basic_sanitation_top60_urban",
            "basic_sanitation",
            ("basic_sanitation", "ahead"),
            top | urban,
            {"lower": 0.75},
        ),
        ("basic_water_bottom40", "basic_water", ("basic_water", "behind"), bottom, {"upper": 0.55}),
        (
            "stunting_bottom40",
            "stunting",
            ("stunting_barrier", "highest"),
            bottom,
            {"tolerance": 0.06},
        ),
        (
            "stunting_top60_urban",
            "stunting",
            ("stunting_barrier", "lowest"),
            top | urban,
            {"tolerance": 0.06},
        ),
        (
            "secondary_completion_rural_bottom40_female",
            "secondary_completion_20_35",
            ("secondary_completion_20_35", "behind"),
            rural | bottom | {"sex": "Female"},
            {"upper": 0.06},
        ),
    ]
    rows = []
    for key, indicator, leaf, group, check in groups:
        label = f"{OPPORTUNITIES[indicator].label}: {' & '.join(group.values())}"
        target = lnob[leaf[0]][leaf[1]][2] if leaf else math.nan
        source = (
            f"{ESCAP} ({LEAVES[leaf[1]]}: {lnob[leaf[0]][leaf[1]][0]})"
            if leaf
            else f"{ESCAP} (furthest behind: {lnob[indicator]['behind'][0]}, "
            f"{lnob[indicator]['behind'][2]:.1%})"
        )
        rows.append(
            row(
                "LNOB 2014: furthest behind and ahead",
                key,
                label,
                survey.year,
                source,
                "share",
                opportunity_rate(indicator, survey, group),
                target=target,
                **check,
            )
        )
    return rows


def calibration_table(
    surveys: Mapping[int, tuple[pd.DataFrame, pd.DataFrame]] | None = None,
) -> pd.DataFrame:
    """Every calibrated figure of the synthetic survey: target, source, achieved value and
    tolerance.

    Parameters
    ----------
    surveys
        ``{2014: (households, persons), 2022: (households, persons)}``; default the shipped rounds
        (:func:`sptools.datasets.load_households`, :func:`sptools.datasets.load_persons`). Both
        rounds are needed (the trends compare them).

    Returns
    -------
    pandas.DataFrame
        One row per figure and round, columns :data:`COLUMNS`: ``topic``; ``key`` (a stable name;
        ``key`` and ``round`` identify a row); ``figure`` (what is measured); ``round`` (``"2014"``,
        ``"2022"`` or ``"2014-2022"`` for changes, as text); ``target`` (published figure or stated
        assumption; NaN for a bound-only check); ``source``; ``achieved``; ``tolerance`` (accepted
        distance from the target; NaN for a one-sided or interval check); ``lower`` and ``upper``
        (the accepted range, inclusive; infinite when open); ``within_tolerance``; ``unit`` (one of
        :data:`UNITS`: shares are fractions, changes are differences of shares or of means);
        ``n`` (units the figure is computed on; missing for changes) and ``excluded`` (units of
        the figure's population left out for a missing value; missing when not applicable).

    Examples
    --------
    >>> table = calibration_table()  # doctest: +SKIP
    >>> bool(
    ...     table.loc[
    ...         (table["key"] == "mpi") & (table["round"] == "2022"), "within_tolerance"
    ...     ].item()
    ... )  # doctest: +SKIP
    True
    """
    if surveys is None:
        surveys = {
            year: (datasets.load_households(year), datasets.load_persons(year)) for year in ROUNDS
        }
    missing = [year for year in ROUNDS if year not in surveys]
    if missing:
        raise KeyError(
            f"surveys has no round {missing}; give {{year: (households, persons)}} for every round "
            f"of {ROUNDS}"
        )
    rounds = {year: survey_round(year, *surveys[year]) for year in ROUNDS}
    rows = []
    for survey in rounds.values():
        for section in (
            population_rows,
            poverty_rows,
            programme_rows,
            living_standard_rows,
            education_nutrition_rows,
            mpi_rows,
        ):
            rows += section(survey)
    rows += trend_rows(rounds[2014], rounds[2022])
    rows += lnob_contrast_rows(rounds[2014])
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["round"] = table["round"].astype("str")
    table[["n", "excluded"]] = table[["n", "excluded"]].astype("Int64")
    order = {
        "topic": {topic: i for i, topic in enumerate(TOPICS)},
        "key": {key: i for i, key in enumerate(table["key"].unique())},
    }
    return table.sort_values(
        ["topic", "key", "round"],
        key=lambda column: (
            column.map(order.get(column.name, {})) if column.name in order else column
        ),
        kind="stable",
    ).reset_index(drop=True)


# --- reading the table ----------------------------------------------------------------------------


def format_value(value: float, unit: str) -> str:
    """Write a figure in its unit: shares in %, changes in percentage points, counts with
    separators.

    Examples
    --------
    >>> (
    ...     format_value(0.178, "share"),
    ...     format_value(-0.116, "change"),
    ...     format_value(700077.2, "count"),
    ... )
    ('17.8%', '-11.6 points', '700,077')
    >>> (
    ...     format_value(float("nan"), "share"),
    ...     format_value(0.0, "relative"),
    ...     format_value(2e-7, "relative"),
    ... )
    ('', '0', '2.0e-07')
    """
    if math.isnan(value):
        return ""
    if unit == "share":
        return f"{value:.2%}" if 0 < abs(value) < 0.001 else f"{value:.1%}"
    formats = {
        "change": lambda v: f"{v * 100:+.1f} points",
        "count": lambda v: f"{v:,.0f}",
        "mean": lambda v: f"{v:.2f}",
        "index": lambda v: f"{v:.3f}",
        "relative": lambda v: f"{v:.1e}" if v else "0",
    }
    if unit not in formats:
        raise ValueError(f"unit {unit!r} is not one of {UNITS}")
    return formats[unit](value)


def accepted_range(lower: float, upper: float, tolerance: float, unit: str) -> str:
    """Describe the accepted range of a figure: +/- tolerance, a one-sided bound, or an interval.

    Examples
    --------
    >>> (
    ...     accepted_range(0.163, 0.193, 0.015, "share"),
    ...     accepted_range(0.85, math.inf, math.nan, "share"),
    ... )
    ('± 1.5 points', 'at least 85.0%')
    >>> accepted_range(0.45, 0.8, math.nan, "share")
    '45.0% to 80.0%'
    """
    if not math.isnan(tolerance):
        if unit in ("share", "change"):
            return f"± {tolerance * 100:.1f} points"
        return f"± {format_value(tolerance, unit)}"
    if math.isinf(upper):
        return f"at least {format_value(lower, unit)}"
    if math.isinf(lower):
        return f"at most {format_value(upper, unit)}"
    return f"{format_value(lower, unit)} to {format_value(upper, unit)}"


def calibration_display(table: pd.DataFrame) -> pd.DataFrame:
    """The calibration table for reading: each number written in its unit, the accepted range in
    words.

    Parameters
    ----------
    table
        The result of :func:`calibration_table`.

    Returns
    -------
    pandas.DataFrame
        Columns ``Topic, Figure, Round, Target, Achieved, Accepted, Within, Source`` (text;
        ``Within`` is "yes" or "NO").

    Examples
    --------
    >>> table = pd.DataFrame(
    ...     [
    ...         row(
    ...             "Poverty",
    ...             "headcount",
    ...             "Poverty headcount",
    ...             2022,
    ...             "CSES 2019/20",
    ...             "share",
    ...             Measure(0.1781),
    ...             target=0.178,
    ...             tolerance=0.015,
    ...         )
    ...     ]
    ... )
    >>> calibration_display(table).iloc[0].tolist()
    ['Poverty', 'Poverty headcount', '2022', '17.8%', '17.8%', '± 1.5 points', 'yes', 'CSES 2019/20']
    """  # noqa: E501
    missing = sorted(set(COLUMNS) - {"n", "excluded"} - set(table.columns))
    if missing:
        raise KeyError(f"table lacks the columns {missing}; pass the result of calibration_table()")
    records = table.to_dict("records")
    return pd.DataFrame(
        {
            "Topic": table["topic"].to_numpy(),
            "Figure": table["figure"].to_numpy(),
            "Round": table["round"].to_numpy(),
            "Target": [format_value(r["target"], r["unit"]) for r in records],
            "Achieved": [format_value(r["achieved"], r["unit"]) for r in records],
            "Accepted": [
                accepted_range(r["lower"], r["upper"], r["tolerance"], r["unit"]) for r in records
            ],
            "Within": np.where(table["within_tolerance"], "yes", "NO"),
            "Source": table["source"].to_numpy(),
        },
        index=table.index,
    )
