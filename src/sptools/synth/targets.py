"""Calibration targets of each survey round, read from the curated Cambodia facts.

Published figures come from ``cambodia.yml`` (through :func:`sptools.facts.cambodia_facts`) and
the province profiles. Where a round has no published figure, :data:`ASSUMPTIONS` states the value
used and why; the codebook and the calibration report repeat these notes.

Examples
--------
>>> targets = round_targets(2022)
>>> targets.poverty_line
333100.0
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from sptools.facts import cambodia_facts, province_profiles
from sptools.reference_tables import provinces_table

ROUNDS = (2014, 2022)

#: Household access rates of the 2022 round (assumptions: not in cambodia.yml).
ACCESS_2022 = {
    "electricity": 0.90,
    "clean_fuel": 0.46,
    "basic_sanitation": 0.74,
    "basic_water": 0.82,
    "housing": 0.75,
    "assets": 0.92,
}

#: Figures that are not published for a round, with the value used and the reason.
ASSUMPTIONS: dict[str, str] = {
    "population_2022": "Weights add up to the census 2019 population by province (15,552,211); "
    "the 2022 round is the CSES 2019/20 / CDHS 2021-22 era and is calibrated to the census.",
    "population_2014": "Census 2019 population by province deflated by the 2008-2019 growth rate "
    "(1.4% a year) over five years; province shares as in 2019.",
    "mean_household_size_2014": "4.6 persons (2013 inter-censal survey order of magnitude; "
    "the brief only says 'a bit larger' than 2019's 4.38).",
    "urban_2014": "The 2019 urban classification is applied to both "
    "rounds (urban shares as in 2019).",
    "age_structure_2014": "0-14: 31.4%, 60+: 7.8% (approximate CSES 2014 shares, not verified).",
    "poverty_line_2014": "The 2019/20 line (333,100 riel a month) deflated by an assumed 14% CPI "
    "rise between 2014 and 2019/20 (NIS CPI, approximate).",
    "poverty_2014": "Not published on the 2019/20 line: 26.2%, a linear interpolation between the "
    "World Bank's comparable 33.8% (2009) and 17.8% (2019/20) (not verified); every province and "
    "zone rate scaled by the same factor (26.2/17.8).",
    "living_standards_2022": "Household access rates 2021-22 are not in cambodia.yml: "
    f"electricity {ACCESS_2022['electricity']:.0%}, "
    f"clean cooking fuel {ACCESS_2022['clean_fuel']:.0%}, basic sanitation "
    f"{ACCESS_2022['basic_sanitation']:.0%}, basic water {ACCESS_2022['basic_water']:.0%}, "
    f"adequate housing {ACCESS_2022['housing']:.0%}, more than one asset "
    f"{ACCESS_2022['assets']:.0%}, chosen to follow the published MPI trends (electricity, "
    "sanitation, fuel improved by more than 21 points since 2014).",
    "living_standards_2014": "Household access rates from the ESCAP LNOB output for CDHS 2014 "
    "(electricity 56.1%, clean fuel 15.8%, basic sanitation 46.0%, basic water 62.9%); adequate "
    "housing 72% and more than one asset 90% are assumptions, set with the MPI headcount.",
    "nutrition": "Stunting 32.9% (2014, ESCAP LNOB) and 22% (CDHS 2021-22); "
    "underweight 24% and 16%; women with BMI < 18.5: 12% and 6.5% (approximate CDHS figures, "
    "not in cambodia.yml; set with the published MPI headcounts, and the 2022 share low "
    "enough for the nutrition deprivation to fall by about 11.6 points).",
    "education_deprivations": "People in households where no member aged 10+ completed six years: "
    "26.8% (2014) and 15.5% (2022); with a child aged 6-14 out of school: "
    "9% and 5.5% (assumptions set with the published MPI headcounts and the 11-point fall in "
    "years-of-schooling deprivation).",
    "idpoor_2014": "600,000 IDPoor households in 2014 and a Health Equity Fund card for 14% of "
    "people (assumptions; 700,000 households and 16% are published for 2022-24).",
    "programme_take_up": "Family Package take-up 85% of eligible IDPoor households; "
    "scholarships for 60% (2022) and 15% (2014) of IDPoor households with a pupil aged 6-17; "
    "NSSF covers 90% (2022) and 40% (2014) of formal employees (assumptions).",
    "programmes_2014": "The Family Package (2024) and its predecessor transfers (2019-) "
    "did not exist in 2014: receives_family_package is False for every 2014 household; "
    "scholarships existed on a small scale.",
}


@dataclass(frozen=True)
class RoundTargets:
    """Everything the generator calibrates a round to.

    Shares of people unless the name says households; access rates are shares of households.
    The last fields are generator settings tuned so that the shipped data reproduce the
    targets that cannot be imposed by construction (MPI headcount, child deaths, age structure).
    """

    round: int
    population: float
    households: float
    poverty_line: float
    poverty_scale: float
    share_0_14: float
    share_60_plus: float
    male_share: float
    access: dict[str, float] = field(default_factory=dict)
    stunting: float = 0.0
    underweight: float = 0.0
    thin_women: float = 0.0
    schooling_deprived: float = 0.0
    attendance_deprived: float = 0.0
    idpoor_households: float = 0.0
    hef_share: float = 0.16
    family_package: bool = True
    scholarship_rate: float = 0.0
    nssf_rate: float = 0.0
    child_death_rate: float = 0.0
    bank_intercept: float = 0.0
    internet_intercept: float = 0.0
    formal_intercept: float = 0.0
    mpi: dict[str, float] = field(default_factory=dict)
    head_age_mean: float = 47.5
    correlation: float = 1.0
    gradient: float = 1.0


def round_targets(round: int) -> RoundTargets:
    """Return the calibration targets of a survey round (2014 or 2022).

    Raises ``ValueError`` for any other round.

    Examples
    --------
    >>> round(round_targets(2014).households)
    3153875
    """
    if round not in ROUNDS:
        raise ValueError(f"round must be one of {ROUNDS}; got {round!r}")
    facts = cambodia_facts()
    census = facts["population"]["census_2019"]
    poverty = facts["poverty"]
    male_share = census["male"] / census["total"]
    if round == 2022:
        mpi = facts["multidimensional_poverty"]["cdhs_2021_22"]
        return RoundTargets(
            round=2022,
            population=float(census["total"]),
            households=float(census["households"]),
            poverty_line=float(poverty["national_line_khr_per_month"]),
            poverty_scale=1.0,
            share_0_14=census["age_shares"]["0-14"],
            share_60_plus=census["age_shares"]["60+"],
            male_share=male_share,
            access=dict(ACCESS_2022),
            stunting=0.22,
            underweight=0.16,
            thin_women=0.065,
            schooling_deprived=0.155,
            attendance_deprived=0.055,
            idpoor_households=float(facts["social_protection"]["idpoor"]["households"]),
            hef_share=facts["social_protection"]["health_equity_fund"]["population_share"],
            family_package=True,
            scholarship_rate=0.6,
            nssf_rate=0.9,
            child_death_rate=0.01,
            bank_intercept=-0.9,
            internet_intercept=0.9,
            formal_intercept=-1.5,
            mpi={"MPI": mpi["MPI"], "H": mpi["H"], "A": mpi["A"]},
            head_age_mean=47.5,
            correlation=0.6,
        )
    lnob = facts["lnob_access_cdhs_2014"]
    population = census["total"] / (1 + census["annual_growth_2008_2019"]) ** 5
    mpi = facts["multidimensional_poverty"]["cdhs_2014_harmonised"]
    return RoundTargets(
        round=2014,
        population=population,
        households=population / 4.6,
        poverty_line=float(poverty["national_line_khr_per_month"]) / 1.14,
        poverty_scale=0.262 / poverty["headcount_2019_20"],
        share_0_14=0.314,
        share_60_plus=0.078,
        male_share=male_share,
        access={
            "electricity": lnob["electricity"]["national"],
            "clean_fuel": lnob["clean_fuel"]["national"],
            "basic_sanitation": lnob["basic_sanitation"]["national"],
            "basic_water": lnob["basic_water"]["national"],
            "housing": 0.72,
            "assets": 0.90,
        },
        stunting=lnob["stunting_barrier"]["national"],
        underweight=0.24,
        thin_women=0.12,
        schooling_deprived=0.268,
        attendance_deprived=0.09,
        idpoor_households=600_000.0,
        hef_share=0.14,
        family_package=False,
        scholarship_rate=0.15,
        nssf_rate=0.4,
        child_death_rate=0.015,
        bank_intercept=-2.6,
        internet_intercept=-1.9,
        formal_intercept=-2.1,
        mpi={"MPI": mpi["MPI"], "H": mpi["H"], "A": mpi["MPI"] / mpi["H"]},
        head_age_mean=46.0,
        correlation=0.3,
        gradient=1.6,
    )


def province_targets(round: int) -> pd.DataFrame:
    """Province table with the round's poverty targets (urban and rural headcounts).

    Examples
    --------
    >>> province_targets(2022).loc[lambda t: t["province"] == "Phnom Penh", "poverty_urban"].item()
    0.042
    """
    scale = round_targets(round).poverty_scale
    table = provinces_table(cambodia_facts(), province_profiles())
    for column in ("poverty_urban", "poverty_rural"):
        table[column] = (table[column] * scale).clip(upper=0.9)
    return table
