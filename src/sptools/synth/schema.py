"""The survey schema (briefs/schema.md): column order, dtypes and category levels.

Shared by the generator, the loaders in :mod:`sptools.datasets` and the codebook, so that the
three never disagree.

Examples
--------
>>> HOUSEHOLD_CATEGORIES["idpoor"]
('none', 'level 2', 'level 1')
"""

from __future__ import annotations

import pandas as pd

REGIONS = ("Phnom Penh", "Plains", "Tonle Sap", "Coastal", "Plateau and Mountains")
EDUCATION = ("none", "primary", "lower secondary", "upper secondary", "higher")
SEX = ("female", "male")
MATERIAL = ("natural", "rudimentary", "finished")
COOKING_FUEL = (
    "electricity",
    "lpg",
    "biogas",
    "kerosene",
    "charcoal",
    "wood",
    "straw_crop_dung",
    "no_cooking",
)
WATER_SOURCE = (
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
)
SANITATION = (
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
)
IDPOOR = ("none", "level 2", "level 1")
RELATIONSHIP = ("head", "spouse", "child", "grandchild", "parent", "other_relative", "non_relative")
DIFFICULTY = ("no difficulty", "some difficulty", "a lot of difficulty", "cannot do at all")
WORK_STATUS = (
    "not working",
    "employee formal",
    "employee informal",
    "self-employed",
    "unpaid family worker",
)
MARITAL_STATUS = ("never married", "married", "divorced/separated", "widowed")
WG_DOMAINS = ("seeing", "hearing", "walking", "cognition", "selfcare", "communication")
ASSETS = (
    "radio",
    "tv",
    "phone",
    "computer",
    "animal_cart",
    "bicycle",
    "motorbike",
    "refrigerator",
    "car",
)

#: category column -> levels ("province" levels, the 25 names in code order, come from the
#: provinces table).
HOUSEHOLD_CATEGORIES: dict[str, tuple[str, ...]] = {
    "region": REGIONS,
    "head_sex": SEX,
    "head_education": EDUCATION,
    "idpoor": IDPOOR,
    "cooking_fuel": COOKING_FUEL,
    "water_source": WATER_SOURCE,
    "sanitation": SANITATION,
    "floor": MATERIAL,
    "wall": MATERIAL,
    "roof": MATERIAL,
}
PERSON_CATEGORIES: dict[str, tuple[str, ...]] = {
    "sex": SEX,
    "relationship": RELATIONSHIP,
    "education_level": EDUCATION,
    "work_status": WORK_STATUS,
    "marital_status": MARITAL_STATUS,
    **{f"wg_{domain}": DIFFICULTY for domain in WG_DOMAINS},
}
ORDERED = frozenset(
    {"head_education", "idpoor", "floor", "wall", "roof", "education_level"}
    | {f"wg_{domain}" for domain in WG_DOMAINS}
)

#: column -> dtype (categories are listed separately); the order is the files' column order.
HOUSEHOLD_DTYPES: dict[str, str] = {
    "hh_id": "int64",
    "round": "int64",
    "province": "category",
    "province_code": "int64",
    "region": "category",
    "urban": "bool",
    "stratum": "int64",
    "psu": "int64",
    "weight": "float64",
    "hh_size": "int64",
    "head_sex": "category",
    "head_age": "int64",
    "head_education": "category",
    "consumption_pc": "float64",
    "poor": "bool",
    "wealth_index": "float64",
    "wealth_quintile": "int64",
    "idpoor": "category",
    "electricity": "bool",
    "cooking_fuel": "category",
    "water_source": "category",
    "water_time_min": "Int64",
    "sanitation": "category",
    "sanitation_shared": "bool",
    "floor": "category",
    "wall": "category",
    "roof": "category",
    **{f"has_{asset}": "bool" for asset in ASSETS},
    "receives_family_package": "bool",
    "receives_scholarship": "bool",
    "hef_card": "bool",
    "nssf_member": "bool",
    "flood_exposed": "bool",
    "drought_exposed": "bool",
}
PERSON_DTYPES: dict[str, str] = {
    "hh_id": "int64",
    "person_id": "int64",
    "round": "int64",
    "line": "int64",
    "age": "int64",
    "sex": "category",
    "relationship": "category",
    "weight": "float64",
    "years_schooling": "Int64",
    "education_level": "category",
    "attending_school": "boolean",
    **{f"wg_{domain}": "category" for domain in WG_DOMAINS},
    "disability": "bool",
    "work_status": "category",
    "nssf_member": "bool",
    "haz": "float64",
    "waz": "float64",
    "bmi": "float64",
    "births_5y": "Int64",
    "child_deaths_5y": "Int64",
    "marital_status": "category",
    "age_first_marriage": "Int64",
    "bank_account": "boolean",
    "health_insurance": "boolean",
    "internet_use": "boolean",
    "mother_line": "Int64",
}


def categorical(codes, levels: tuple[str, ...], *, ordered: bool = False) -> pd.Categorical:
    """Build a categorical from integer codes (-1 = missing) and its levels.

    Examples
    --------
    >>> list(categorical([0, 1, -1], SEX))
    ['female', 'male', nan]
    """
    return pd.Categorical.from_codes(codes, categories=list(levels), ordered=ordered)


def apply_dtypes(
    frame: pd.DataFrame, dtypes: dict[str, str], categories: dict[str, tuple[str, ...]]
) -> pd.DataFrame:
    """Return ``frame`` with the schema's columns, in order, each with its dtype and levels.

    ``categories`` must give the levels of every category column (including ``province``).
    Raises ``KeyError`` naming the missing columns.

    Examples
    --------
    >>> frame = pd.DataFrame({"sex": ["male", "female"]})
    >>> apply_dtypes(frame, {"sex": "category"}, {"sex": SEX})["sex"].cat.categories.tolist()
    ['female', 'male']
    """
    missing = [column for column in dtypes if column not in frame.columns]
    if missing:
        raise KeyError(
            f"columns missing from the survey file: {missing}; "
            "rebuild with `python -m sptools.datasets build`"
        )
    out = {}
    for column, dtype in dtypes.items():
        if dtype == "category":
            out[column] = pd.Categorical(
                frame[column], categories=list(categories[column]), ordered=column in ORDERED
            )
        else:
            out[column] = frame[column].astype(dtype)
    return pd.DataFrame(out, index=frame.index)
