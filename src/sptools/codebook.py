"""Codebook of the synthetic survey: one row per variable of the households and persons files.

Columns: ``file, variable, label_en, label_km, type, values, unit, universe, note``. Types and
category values come from the schema (:mod:`sptools.synth.schema`), so the codebook cannot drift
from the files. Khmer labels are working translations, to be reviewed by a native speaker.

Examples
--------
>>> book = codebook()
>>> book.loc[(book["file"] == "households") & (book["variable"] == "poor"), "unit"].item()
'yes/no'
"""

from __future__ import annotations

import pandas as pd

from sptools.synth import schema
from sptools.synth.targets import ASSUMPTIONS

ALL = "all"
# variable -> (label_en, label_km, unit, universe, note)
HOUSEHOLD_VARIABLES: dict[str, tuple[str, str, str, str, str]] = {
    "hh_id": (
        "Household identifier",
        "លេខសម្គាល់គ្រួសារ",
        "",
        ALL,
        "round x 10,000,000 + serial; unique across rounds",
    ),
    "round": (
        "Survey round",
        "ជុំនៃការអង្កេត",
        "year",
        ALL,
        "2014 (CDHS 2014 era) or 2022 (CSES 2019/20, CDHS 2021-22 era)",
    ),
    "province": ("Province", "ខេត្ត", "", ALL, "25 provinces in code order"),
    "province_code": ("Province code", "លេខកូដខេត្ត", "", ALL, "NIS code 1-25"),
    "region": ("CSES zone", "តំបន់", "", ALL, ""),
    "urban": (
        "Urban area",
        "តំបន់ទីក្រុង",
        "yes/no",
        ALL,
        "2019 census urban definition in both rounds",
    ),
    "stratum": ("Sampling stratum", "ស្រទាប់គំរូ", "", ALL, "province_code x 10 + urban"),
    "psu": (
        "Primary sampling unit (village)",
        "ភូមិគំរូ",
        "",
        ALL,
        "unique nationally; about 22 sampled households each",
    ),
    "weight": (
        "Household weight",
        "ទម្ងន់គ្រួសារ",
        "households",
        ALL,
        "sums to the round's households; weight x hh_size sums to the population (by stratum)",
    ),
    "hh_size": ("Household size", "ចំនួនសមាជិកគ្រួសារ", "persons", ALL, ""),
    "head_sex": ("Sex of the household head", "ភេទមេគ្រួសារ", "", ALL, ""),
    "head_age": ("Age of the household head", "អាយុមេគ្រួសារ", "years", ALL, ""),
    "head_education": (
        "Education level of the head",
        "កម្រិតអប់រំមេគ្រួសារ",
        "",
        ALL,
        "highest level attended",
    ),
    "consumption_pc": (
        "Consumption per person",
        "ការប្រើប្រាស់ក្នុងម្នាក់",
        "riel per month",
        ALL,
        "2019/20 prices for 2022; 2014 prices for 2014; whole riel",
    ),
    "poor": (
        "Below the national poverty line",
        "ក្រោមបន្ទាត់ភាពក្រីក្រ",
        "yes/no",
        ALL,
        "consumption_pc < 333,100 riel (2022); the deflated line in 2014",
    ),
    "wealth_index": (
        "Asset-based wealth index",
        "សន្ទស្សន៍ទ្រព្យសម្បត្តិ",
        "standard deviations",
        ALL,
        "first principal component of assets and housing; weighted by persons",
    ),
    "wealth_quintile": (
        "Wealth quintile",
        "ក្រុមទ្រព្យសម្បត្តិ ៥",
        "1 poorest - 5 richest",
        ALL,
        "quintiles of persons",
    ),
    "idpoor": (
        "IDPoor status",
        "ស្ថានភាពអត្តសញ្ញាណកម្មគ្រួសារក្រីក្រ",
        "",
        ALL,
        "level 1 = very poor; registration has inclusion and exclusion errors",
    ),
    "electricity": ("Has electricity", "មានអគ្គិសនី", "yes/no", ALL, ""),
    "cooking_fuel": (
        "Main cooking fuel",
        "ឥន្ធនៈចម្អិនអាហារ",
        "",
        ALL,
        "charcoal, wood, straw_crop_dung are solid fuels",
    ),
    "water_source": (
        "Main drinking water source",
        "ប្រភពទឹកផឹក",
        "",
        ALL,
        "the last three are unimproved",
    ),
    "water_time_min": (
        "Round trip to collect water",
        "ពេលវេលាដងទឹក",
        "minutes",
        ALL,
        "0 when on premises",
    ),
    "sanitation": ("Toilet facility", "បង្គន់", "", ALL, "the first six are improved"),
    "sanitation_shared": ("Toilet shared with other households", "បង្គន់ប្រើរួម", "yes/no", ALL, ""),
    "floor": ("Floor material", "សម្ភារៈកម្រាល", "", ALL, ""),
    "wall": ("Wall material", "សម្ភារៈជញ្ជាំង", "", ALL, ""),
    "roof": ("Roof material", "សម្ភារៈដំបូល", "", ALL, ""),
    "has_radio": ("Owns a radio", "មានវិទ្យុ", "yes/no", ALL, ""),
    "has_tv": ("Owns a television", "មានទូរទស្សន៍", "yes/no", ALL, ""),
    "has_phone": ("Owns a mobile or fixed phone", "មានទូរស័ព្ទ", "yes/no", ALL, ""),
    "has_computer": ("Owns a computer", "មានកុំព្យូទ័រ", "yes/no", ALL, ""),
    "has_animal_cart": ("Owns an animal cart", "មានរទេះគោក្របី", "yes/no", ALL, ""),
    "has_bicycle": ("Owns a bicycle", "មានកង់", "yes/no", ALL, ""),
    "has_motorbike": ("Owns a motorbike", "មានម៉ូតូ", "yes/no", ALL, ""),
    "has_refrigerator": ("Owns a refrigerator", "មានទូទឹកកក", "yes/no", ALL, ""),
    "has_car": ("Owns a car or truck", "មានរថយន្ត", "yes/no", ALL, ""),
    "receives_family_package": (
        "Receives Family Package transfers",
        "ទទួលកញ្ចប់គ្រួសារ",
        "yes/no",
        ALL,
        "IDPoor households with a child under 2, a person with a disability or aged 60+, "
        "85% take-up; False for every household in 2014 (programme did not exist)",
    ),
    "receives_scholarship": (
        "A member receives a scholarship",
        "ទទួលអាហារូបករណ៍",
        "yes/no",
        ALL,
        "poor students aged 6-17",
    ),
    "hef_card": (
        "Health Equity Fund card",
        "ប័ណ្ណមូលនិធិសមធម៌សុខាភិបាល",
        "yes/no",
        ALL,
        "IDPoor households; about 16% of people",
    ),
    "nssf_member": ("Any member is an NSSF member", "សមាជិក ប.ស.ស.", "yes/no", ALL, ""),
    "flood_exposed": ("Affected by floods", "រងផលប៉ះពាល់ទឹកជំនន់", "yes/no", ALL, ""),
    "drought_exposed": ("Affected by drought", "រងផលប៉ះពាល់គ្រោះរាំងស្ងួត", "yes/no", ALL, ""),
}
PERSON_VARIABLES: dict[str, tuple[str, str, str, str, str]] = {
    "hh_id": ("Household identifier", "លេខសម្គាល់គ្រួសារ", "", ALL, "links to the households file"),
    "person_id": ("Person identifier", "លេខសម្គាល់បុគ្គល", "", ALL, "hh_id x 100 + line"),
    "round": ("Survey round", "ជុំនៃការអង្កេត", "year", ALL, ""),
    "line": ("Line number in the household", "លេខរៀងក្នុងគ្រួសារ", "", ALL, "1 = head"),
    "age": ("Age", "អាយុ", "completed years", ALL, ""),
    "sex": ("Sex", "ភេទ", "", ALL, ""),
    "relationship": ("Relationship to the head", "ទំនាក់ទំនងនឹងមេគ្រួសារ", "", ALL, ""),
    "weight": (
        "Person weight",
        "ទម្ងន់បុគ្គល",
        "persons",
        ALL,
        "equals the household weight; sums to the population",
    ),
    "years_schooling": (
        "Completed years of schooling",
        "ចំនួនឆ្នាំសិក្សា",
        "years",
        "ages 10+",
        "missing under age 10 and for about 1-3% of older people (not reported)",
    ),
    "education_level": (
        "Highest level attended",
        "កម្រិតអប់រំខ្ពស់បំផុត",
        "",
        "ages 10+",
        "from years: 0 none, 1-6 primary, 7-9 lower secondary, 10-12 upper secondary, 13+ higher; "
        "missing where years_schooling is missing",
    ),
    "attending_school": (
        "Currently attending school",
        "កំពុងសិក្សា",
        "yes/no",
        "ages 5-24",
        "about 1% not reported",
    ),
    **{
        f"wg_{domain}": (
            f"Washington Group: difficulty {domain}",
            f"ការលំបាក ({domain})",
            "",
            "ages 5+",
            "",
        )
        for domain in schema.WG_DOMAINS
    },
    "disability": (
        "Disability (a lot of difficulty or cannot do, any domain)",
        "ពិការភាព",
        "yes/no",
        "ages 5+",
        "False under age 5 (not asked)",
    ),
    "work_status": (
        "Work status",
        "ស្ថានភាពការងារ",
        "",
        "ages 15+",
        "formal = employee with a contract / NSSF-registered employer",
    ),
    "nssf_member": ("NSSF member", "សមាជិក ប.ស.ស.", "yes/no", ALL, "formal employees"),
    "haz": (
        "Height-for-age z-score",
        "កម្ពស់ធៀបអាយុ (z)",
        "standard deviations",
        "children under 5",
        "about 4% not measured (missing)",
    ),
    "waz": (
        "Weight-for-age z-score",
        "ទម្ងន់ធៀបអាយុ (z)",
        "standard deviations",
        "children under 5",
        "missing with haz",
    ),
    "bmi": (
        "Body mass index",
        "សន្ទស្សន៍ម៉ាសរាងកាយ",
        "kg/m2",
        "women 15-49",
        "about 3% not measured (missing)",
    ),
    "births_5y": (
        "Births in the last five years",
        "កំណើតក្នុង ៥ ឆ្នាំចុងក្រោយ",
        "births",
        "women 15-49",
        "",
    ),
    "child_deaths_5y": (
        "Deaths of children (under 18) in the last five years",
        "មរណភាពកុមារក្នុង ៥ ឆ្នាំ",
        "deaths",
        "women 15-49",
        "",
    ),
    "marital_status": ("Marital status", "ស្ថានភាពអាពាហ៍ពិពាហ៍", "", "ages 15+", ""),
    "age_first_marriage": (
        "Age at first marriage",
        "អាយុរៀបការលើកដំបូង",
        "years",
        "ever-married women 15-49",
        "",
    ),
    "bank_account": (
        "Has a bank or mobile-money account",
        "មានគណនីធនាគារ",
        "yes/no",
        "ages 15+",
        "about 0.5% not reported",
    ),
    "health_insurance": (
        "Covered by health insurance or HEF",
        "មានធានារ៉ាប់រងសុខភាព",
        "yes/no",
        "ages 15+",
        "",
    ),
    "internet_use": ("Used the internet in the last year", "ប្រើអ៊ីនធឺណិត", "yes/no", "ages 15-49", ""),
    "mother_line": (
        "Line number of the mother",
        "លេខរៀងម្តាយ",
        "",
        "children whose mother lives in the household (the head, the spouse, a daughter, "
        "daughter-in-law or other relative)",
        "missing when the mother is not a household member",
    ),
}


def _values(dtype: str, levels: tuple[str, ...] | None) -> str:
    if levels is not None:
        return "; ".join(levels)
    return {"bool": "True; False", "boolean": "True; False; missing"}.get(dtype, "")


def codebook() -> pd.DataFrame:
    """Return the codebook of both survey files, in file column order.

    Examples
    --------
    >>> codebook()["file"].value_counts().to_dict() == {"households": 42, "persons": 31}
    True
    """
    rows = []
    for file, dtypes, categories, labels in (
        ("households", schema.HOUSEHOLD_DTYPES, schema.HOUSEHOLD_CATEGORIES, HOUSEHOLD_VARIABLES),
        ("persons", schema.PERSON_DTYPES, schema.PERSON_CATEGORIES, PERSON_VARIABLES),
    ):
        for variable, dtype in dtypes.items():
            label_en, label_km, unit, universe, note = labels[variable]
            kind = "category (ordered)" if variable in schema.ORDERED else dtype
            rows.append(
                (
                    file,
                    variable,
                    label_en,
                    label_km,
                    kind,
                    _values(dtype, categories.get(variable)),
                    unit,
                    universe,
                    note,
                )
            )
    return pd.DataFrame(
        rows,
        columns=[
            "file",
            "variable",
            "label_en",
            "label_km",
            "type",
            "values",
            "unit",
            "universe",
            "note",
        ],
    )


def assumptions() -> pd.DataFrame:
    """The calibration assumptions for figures that are not published, one row each.

    Examples
    --------
    >>> "poverty_2014" in assumptions()["topic"].tolist()
    True
    """
    return pd.DataFrame(list(ASSUMPTIONS.items()), columns=["topic", "assumption"])
