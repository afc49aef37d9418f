"""Small hand-made surveys in the schema (schema.md), shared by the indicator and io tests.

``household(**overrides)`` and ``person(hh_id, line, age, sex, **overrides)`` give rows with
sensible defaults (a household deprived in nothing; a person who answered everything asked at their
age); ``make_survey(households, persons)`` turns them into frames with the schema's dtypes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

PROVINCES = (
    "Banteay Meanchey",
    "Battambang",
    "Kampong Cham",
    "Kampong Chhnang",
    "Kampong Speu",
    "Kampong Thom",
    "Kampot",
    "Kandal",
    "Koh Kong",
    "Kratie",
    "Mondulkiri",
    "Phnom Penh",
    "Preah Vihear",
    "Prey Veng",
    "Pursat",
    "Ratanakiri",
    "Siem Reap",
    "Preah Sihanouk",
    "Stung Treng",
    "Svay Rieng",
    "Takeo",
    "Oddar Meanchey",
    "Kep",
    "Pailin",
    "Tbong Khmum",
)
REGIONS = ("Phnom Penh", "Plains", "Tonle Sap", "Coastal", "Plateau and Mountains")
EDUCATION = ("none", "primary", "lower secondary", "upper secondary", "higher")
MATERIALS = ("natural", "rudimentary", "finished")
WG_LEVELS = ("no difficulty", "some difficulty", "a lot of difficulty", "cannot do at all")
WG_DOMAINS = (
    "wg_seeing",
    "wg_hearing",
    "wg_walking",
    "wg_cognition",
    "wg_selfcare",
    "wg_communication",
)
ASSETS = (
    "has_radio",
    "has_tv",
    "has_phone",
    "has_computer",
    "has_animal_cart",
    "has_bicycle",
    "has_motorbike",
    "has_refrigerator",
    "has_car",
)
HOUSEHOLD_CATEGORIES = {
    "province": (PROVINCES, False),
    "region": (REGIONS, False),
    "head_sex": (("female", "male"), False),
    "head_education": (EDUCATION, True),
    "idpoor": (("none", "level 2", "level 1"), True),
    "cooking_fuel": (
        (
            "electricity",
            "lpg",
            "biogas",
            "kerosene",
            "charcoal",
            "wood",
            "straw_crop_dung",
            "no_cooking",
        ),
        False,
    ),
    "water_source": (
        (
            "piped_dwelling",
            "piped_yard",
            "public_tap",
            "tube_well",
            "protected_well",
            "protected_spring",
            "rainwater",
            "bottled",
            "tanker",
            "unprotected_well",
            "unprotected_spring",
            "surface_water",
        ),
        False,
    ),
    "sanitation": (
        (
            "flush_sewer",
            "flush_septic",
            "flush_pit",
            "pit_slab",
            "vip",
            "composting",
            "flush_elsewhere",
            "pit_no_slab",
            "bucket",
            "hanging",
            "open_defecation",
        ),
        False,
    ),
    "floor": (MATERIALS, True),
    "wall": (MATERIALS, True),
    "roof": (MATERIALS, True),
}
PERSON_CATEGORIES = {
    "sex": (("female", "male"), False),
    "relationship": (
        ("head", "spouse", "child", "grandchild", "parent", "other_relative", "non_relative"),
        False,
    ),
    "education_level": (EDUCATION, True),
    "work_status": (
        (
            "not working",
            "employee formal",
            "employee informal",
            "self-employed",
            "unpaid family worker",
        ),
        False,
    ),
    "marital_status": (("never married", "married", "divorced/separated", "widowed"), False),
    **{domain: (WG_LEVELS, True) for domain in WG_DOMAINS},
}
PERSON_INTS = (
    "years_schooling",
    "births_5y",
    "child_deaths_5y",
    "age_first_marriage",
    "mother_line",
)
PERSON_NULLABLE_BOOLS = ("attending_school", "bank_account", "health_insurance", "internet_use")


def household(hh_id: int = 1, **overrides) -> dict:
    """A household deprived in no living-standard indicator, in Phnom Penh (urban)."""
    row = {
        "hh_id": hh_id,
        "round": 2022,
        "province": "Phnom Penh",
        "province_code": 12,
        "region": "Phnom Penh",
        "urban": True,
        "stratum": 121,
        "psu": 1,
        "weight": 100.0,
        "hh_size": 0,
        "head_sex": "male",
        "head_age": 40,
        "head_education": "primary",
        "consumption_pc": 500_000.0,
        "poor": False,
        "wealth_index": 0.5,
        "wealth_quintile": 4,
        "idpoor": "none",
        "electricity": True,
        "cooking_fuel": "lpg",
        "water_source": "piped_dwelling",
        "water_time_min": 0,
        "sanitation": "flush_septic",
        "sanitation_shared": False,
        "floor": "finished",
        "wall": "finished",
        "roof": "finished",
        **{asset: asset in ("has_tv", "has_phone", "has_motorbike") for asset in ASSETS},
        "receives_family_package": False,
        "receives_scholarship": False,
        "hef_card": False,
        "nssf_member": False,
        "flood_exposed": False,
        "drought_exposed": False,
    }
    unknown = set(overrides) - set(row)
    assert not unknown, f"not household columns: {unknown}"
    return row | overrides


def person(hh_id: int, line: int, age: int, sex: str, **overrides) -> dict:
    """A person who answered every question asked at their age and is deprived in nothing."""
    woman = sex == "female" and 15 <= age <= 49
    row = {
        "hh_id": hh_id,
        "person_id": hh_id * 100 + line,
        "round": 2022,
        "line": line,
        "age": age,
        "sex": sex,
        "relationship": "head" if line == 1 else "child",
        "weight": 100.0,
        "years_schooling": min(max(age - 6, 0), 9) if age >= 10 else pd.NA,
        "education_level": "lower secondary" if age >= 15 else ("primary" if age >= 6 else "none"),
        "attending_school": (age <= 17) if 5 <= age <= 24 else pd.NA,
        **{domain: "no difficulty" if age >= 5 else np.nan for domain in WG_DOMAINS},
        "disability": False,
        "work_status": "self-employed" if age >= 15 else np.nan,
        "nssf_member": False,
        "haz": 0.0 if age <= 4 else np.nan,
        "waz": 0.0 if age <= 4 else np.nan,
        "bmi": 22.0 if woman else np.nan,
        "births_5y": 0 if woman else pd.NA,
        "child_deaths_5y": 0 if woman else pd.NA,
        "marital_status": ("married" if age >= 20 else "never married") if age >= 15 else np.nan,
        "age_first_marriage": 20 if woman and age >= 20 else pd.NA,
        "bank_account": False if age >= 15 else pd.NA,
        "health_insurance": False if age >= 15 else pd.NA,
        "internet_use": True if 15 <= age <= 49 else pd.NA,
        "mother_line": pd.NA,
    }
    unknown = set(overrides) - set(row)
    assert not unknown, f"not person columns: {unknown}"
    return row | overrides


def _categorical(values: pd.Series, levels: tuple[str, ...], ordered: bool) -> pd.Series:
    return pd.Series(
        pd.Categorical(values.astype(object), categories=list(levels), ordered=ordered),
        index=values.index,
    )


def make_survey(households: list[dict], persons: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Frames with the schema dtypes; ``hh_size`` is recomputed from the persons."""
    hh = pd.DataFrame(households)
    people = pd.DataFrame(persons)
    hh["hh_size"] = hh["hh_id"].map(people["hh_id"].value_counts()).fillna(0).astype("int64")
    for column, (levels, ordered) in HOUSEHOLD_CATEGORIES.items():
        hh[column] = _categorical(hh[column], levels, ordered)
    for column, (levels, ordered) in PERSON_CATEGORIES.items():
        people[column] = _categorical(people[column], levels, ordered)
    hh["water_time_min"] = hh["water_time_min"].astype("Int64")
    for column in PERSON_INTS:
        people[column] = people[column].astype("Int64")
    for column in PERSON_NULLABLE_BOOLS:
        people[column] = people[column].astype("boolean")
    for column in ("haz", "waz", "bmi", "weight"):
        people[column] = people[column].astype("float64")
    return hh, people


def family(hh_id: int = 1, **household_overrides) -> tuple[list[dict], list[dict]]:
    """A household of four: father 40, mother 35, a child of 8 and a child of 2."""
    members = [
        person(hh_id, 1, 40, "male"),
        person(hh_id, 2, 35, "female", relationship="spouse"),
        person(hh_id, 3, 8, "female", mother_line=2),
        person(hh_id, 4, 2, "male", mother_line=2),
    ]
    return [household(hh_id, **household_overrides)], members


def test_make_survey_follows_the_schema_dtypes():
    hh, people = make_survey(*family())
    assert hh["floor"].cat.ordered and list(hh["floor"].cat.categories) == list(MATERIALS)
    assert people["attending_school"].dtype == "boolean"
    assert people["years_schooling"].dtype == "Int64"
    assert hh["hh_size"].tolist() == [4]
    assert people["person_id"].is_unique


def test_builders_reject_unknown_columns():
    with pytest.raises(AssertionError, match="not household columns"):
        household(nonsense=1)
    with pytest.raises(AssertionError, match="not person columns"):
        person(1, 1, 30, "male", nonsense=1)
