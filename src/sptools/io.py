"""Read real DHS recode files into the survey schema, and write a survey in the schema as DHS files.

:func:`read_dhs` turns a DHS household (HR) and person (PR) recode, and optionally the women's
recode (IR), into the ``(households, persons)`` frames every sptools method takes, so a module can
be rerun on another survey. :func:`to_dhs` writes the reverse: DHS-shaped ``.dta`` files from a
survey in the schema, for trainers and for the round-trip tests.

Variables and codes (standard DHS-7 recode; country-specific codes are added with ``recodes=``):

=======================  ==========================  ===============================================
schema column            DHS variable                recoding
=======================  ==========================  ===============================================
psu, hh_id               hv001, hv002                hh_id = hv001 x 1000 + hv002
weight                   hv005                       / 1,000,000
stratum                  hv022                       as is
province, region         hv024                       value label matched to the 25 province names
urban                    hv025                       1 urban, 2 rural
hh_size                  hv009                       as is
head_sex, head_age       hv219, hv220                1 male, 2 female
electricity              hv206                       0/1
water_source             hv201                       :data:`WATER_CODES`
water_time_min           hv204                       minutes, round trip; 996 (on premises) -> 0
sanitation               hv205                       :data:`TOILET_CODES`
sanitation_shared        hv225                       0/1
cooking_fuel             hv226                       :data:`FUEL_CODES`
floor, wall, roof        hv213, hv214, hv215         tens digit: 1 natural, 2 rudimentary,
                                                     3 finished
has_radio ... has_car    hv207-hv212, hv243c, hv243e radio, tv, refrigerator, bicycle, motorbike,
                                                     car; animal cart, computer
has_phone                hv221, hv243a               landline or mobile
wealth_quintile, index   hv270, hv271                index / 100,000
line, sex, age           hvidx, hv104, hv105         95 = 95 or older; 98 (don't know) -> NA
relationship             hv101                       :data:`RELATIONSHIP_CODES`
years_schooling          hv108                       97-99 -> NA
education_level          hv108 (hv106 if missing)    0 none, 1-6 primary, 7-9 lower secondary,
                                                     10-12 upper secondary, 13+ higher
attending_school         hv121                       0 no, 1-2 yes
haz, waz                 hc70, hc71                  / 100; 9996+ (flagged or missing) -> NA
bmi                      ha40                        / 100; 9996+ -> NA
marital_status           hv115                       :data:`MARITAL_CODES`
mother_line              hv112                       0 (not in household) -> NA
births_5y                v208 (IR)                   women interviewed
child_deaths_5y          b3, b5, b7, v008 (IR)       children who died under 18 in the last
                                                     60 months
age_first_marriage       v511 (IR)
bank_account             v170 (IR)                   0/1
health_insurance         v481 (IR)                   0/1
internet_use             v171a (IR)                  1 or 3 (used) -> yes; 0, 2 -> no
=======================  ==========================  ===============================================

DHS files do not have the other schema columns (:data:`NOT_IN_DHS`): they come back as NA, and the
frames list them in ``attrs["not_in_dhs"]``. Yes/no columns are nullable (``"boolean"``) and integer
columns ``"Int64"``, because DHS answers can be missing. Without an IR file (or for men), the
women's questions are NA, which makes the MPI child-mortality indicator missing for households
with women aged 15-49.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sptools.datasets import load_reference
from sptools.safe_write import FORCE_ADVICE, Status, differs, write_bytes
from sptools.synth.schema import (
    HOUSEHOLD_CATEGORIES,
    HOUSEHOLD_DTYPES,
    ORDERED,
    PERSON_CATEGORIES,
    PERSON_DTYPES,
)

WATER_CODES: dict[int, str] = {
    11: "piped_dwelling",
    12: "piped_yard",
    13: "public_tap",
    14: "public_tap",
    21: "tube_well",
    31: "protected_well",
    32: "unprotected_well",
    41: "protected_spring",
    42: "unprotected_spring",
    43: "surface_water",
    51: "rainwater",
    61: "tanker",
    62: "tanker",
    71: "bottled",
    72: "bottled",
}
TOILET_CODES: dict[int, str] = {
    11: "flush_sewer",
    12: "flush_septic",
    13: "flush_pit",
    14: "flush_elsewhere",
    15: "flush_elsewhere",
    21: "vip",
    22: "pit_slab",
    23: "pit_no_slab",
    31: "open_defecation",
    41: "composting",
    42: "bucket",
    43: "hanging",
}
FUEL_CODES: dict[int, str] = {
    1: "electricity",
    2: "lpg",
    3: "lpg",
    4: "biogas",
    5: "kerosene",
    6: "charcoal",
    7: "charcoal",
    8: "wood",
    9: "straw_crop_dung",
    10: "straw_crop_dung",
    11: "straw_crop_dung",
    95: "no_cooking",
}
MATERIAL_CODES: dict[int, str] = {1: "natural", 2: "rudimentary", 3: "finished"}  # tens digit
RELATIONSHIP_CODES: dict[int, str] = {
    1: "head",
    2: "spouse",
    3: "child",
    4: "other_relative",
    5: "grandchild",
    6: "parent",
    7: "other_relative",
    8: "other_relative",
    9: "other_relative",
    10: "other_relative",
    11: "child",
    12: "non_relative",
}
MARITAL_CODES: dict[int, str] = {
    0: "never married",
    1: "married",
    2: "married",
    3: "widowed",
    4: "divorced/separated",
    5: "divorced/separated",
}
SEX_CODES: dict[int, str] = {1: "male", 2: "female"}
#: Codes that mean "other", "don't know" or "missing": they become NA (and are counted in attrs).
UNKNOWN_CODES = frozenset({96, 97, 98, 99})
#: Upper bounds of completed years for each education level (Cambodia: 6 + 3 + 3).
EDUCATION_YEARS = ((0, "none"), (6, "primary"), (9, "lower secondary"), (12, "upper secondary"))
EDUCATION_FROM_HV106 = {
    0: "none",
    1: "primary",
    3: "higher",
}  # 2 (secondary) cannot say lower or upper
HV106_FROM_EDUCATION = {
    "none": 0,
    "primary": 1,
    "lower secondary": 2,
    "upper secondary": 2,
    "higher": 3,
}
ASSET_VARIABLES = {
    "has_radio": "hv207",
    "has_tv": "hv208",
    "has_refrigerator": "hv209",
    "has_bicycle": "hv210",
    "has_motorbike": "hv211",
    "has_car": "hv212",
    "has_animal_cart": "hv243c",
    "has_computer": "hv243e",
}
Z_SCORE_FLAG = 9996
AGE_TOP_CODE = 95
AGE_DONT_KNOW = 98
ON_PREMISES = 996
BIRTH_HISTORY_SLOTS = 20
CHILD_DEATH_WINDOW_MONTHS = 60
CHILD_MAX_AGE_MONTHS = 18 * 12

NOT_IN_DHS: dict[str, tuple[str, ...]] = {
    "households": (
        "consumption_pc",
        "poor",
        "idpoor",
        "receives_family_package",
        "receives_scholarship",
        "hef_card",
        "nssf_member",
        "flood_exposed",
        "drought_exposed",
    ),
    "persons": (
        "wg_seeing",
        "wg_hearing",
        "wg_walking",
        "wg_cognition",
        "wg_selfcare",
        "wg_communication",
        "disability",
        "work_status",
        "nssf_member",
    ),
}
WOMEN_QUESTIONS = (
    "births_5y",
    "child_deaths_5y",
    "age_first_marriage",
    "bank_account",
    "health_insurance",
    "internet_use",
)

HR_REQUIRED = (
    "hv001",
    "hv002",
    "hv005",
    "hv009",
    "hv022",
    "hv024",
    "hv025",
    "hv201",
    "hv204",
    "hv205",
    "hv206",
    "hv213",
    "hv214",
    "hv215",
    "hv219",
    "hv220",
    "hv225",
    "hv226",
    "hv270",
    "hv271",
    "hv221",
    "hv243a",
    *ASSET_VARIABLES.values(),
)
PR_REQUIRED = (
    "hv001",
    "hv002",
    "hv005",
    "hvidx",
    "hv101",
    "hv104",
    "hv105",
    "hv106",
    "hv108",
    "hv112",
    "hv115",
    "hv121",
    "hc70",
    "hc71",
    "ha40",
)
IR_REQUIRED = ("v001", "v002", "v003", "v008", "v208", "v511", "v170", "v481", "v171a")


# --- reading --------------------------------------------------------------------------------------


def read_dhs(
    hr_path: str | Path,
    pr_path: str | Path,
    *,
    ir_path: str | Path | None = None,
    round: int,
    provinces: Mapping[str, str] | None = None,
    recodes: Mapping[str, Mapping[int, str]] | None = None,
    geography: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read DHS household (HR), person (PR) and optionally women's (IR) recodes into the survey
    schema.

    Parameters
    ----------
    hr_path, pr_path
        Stata files of the household and household-member recodes (e.g. ``KHHR81FL.DTA``,
        ``KHPR81FL.DTA``).
    ir_path
        The women's recode (``KHIR81FL.DTA``), for births and child deaths (MPI child mortality),
        age at first marriage, bank account, health insurance and internet use. Without it those are
        NA.
    round
        Survey year stored in the ``round`` column.
    provinces
        Value labels of ``hv024`` that do not spell a province the usual way, mapped to one of the
        25 names of ``load_reference("provinces")`` (e.g. ``{"Ratanak Kiri": "Ratanakiri"}``).
    recodes
        Extra or replacement codes by DHS variable, e.g. ``{"hv201": {44: "surface_water"}}`` for a
        country-specific water source code.
    geography
        The country's first-level areas, one row each: ``province`` (the name), ``code`` and
        ``region``. Default: Cambodia's 25 provinces (``load_reference("provinces")``). Another
        country's DHS passes its own table; its regions then take the order of the table.

    Returns
    -------
    (households, persons)
        Frames with every schema column; ``attrs["not_in_dhs"]`` lists the columns DHS does not have
        (all NA) and ``attrs["unknown_codes"]`` counts the answers recoded to NA ("other", "don't
        know").

    Examples
    --------
    >>> households, persons = read_dhs("KHHR81FL.DTA", "KHPR81FL.DTA", ir_path="KHIR81FL.DTA",
    ...                                round=2022)  # doctest: +SKIP
    """
    codes = _codes(recodes)
    hr = _read(hr_path, HR_REQUIRED, "HR")
    pr = _read(pr_path, PR_REQUIRED, "PR")
    reference = _reference_provinces(geography)
    province_names = _province_names(hr_path, provinces, reference)
    households, unknown = _households(hr, province_names, codes, round, reference)
    persons, unknown_persons = _persons(pr, codes, round)
    if ir_path is not None:
        persons = _add_women(
            persons, _read(ir_path, IR_REQUIRED, "IR", prefixes=("b3_", "b5_", "b7_"))
        )
    heads = (
        persons.loc[persons["relationship"] == "head"].drop_duplicates("hh_id").set_index("hh_id")
    )
    households["head_education"] = households["hh_id"].map(heads["education_level"].astype(object))
    areas = reference.sort_values("code")
    categories = {**HOUSEHOLD_CATEGORIES, "province": tuple(areas.index)}
    if geography is not None:
        categories["region"] = tuple(dict.fromkeys(areas["region"]))
    households = _schema(households, HOUSEHOLD_DTYPES, categories)
    persons = _schema(persons, PERSON_DTYPES, PERSON_CATEGORIES)
    households.attrs = {"not_in_dhs": list(NOT_IN_DHS["households"]), "unknown_codes": unknown}
    persons.attrs = {
        "not_in_dhs": list(NOT_IN_DHS["persons"])
        + ([] if ir_path is not None else list(WOMEN_QUESTIONS)),
        "unknown_codes": unknown_persons,
    }
    return households, persons


def _codes(recodes: Mapping[str, Mapping[int, str]] | None) -> dict[str, dict[int, str]]:
    base = {
        "hv201": WATER_CODES,
        "hv205": TOILET_CODES,
        "hv226": FUEL_CODES,
        "hv101": RELATIONSHIP_CODES,
        "hv115": MARITAL_CODES,
    }
    extra = dict(recodes or {})
    unknown = sorted(set(extra) - set(base))
    if unknown:
        raise KeyError(f"recodes for {unknown} are not supported; recodes apply to {sorted(base)}")
    return {variable: {**table, **extra.get(variable, {})} for variable, table in base.items()}


def _read(
    path: str | Path, required: tuple[str, ...], recode: str, prefixes: tuple[str, ...] = ()
) -> pd.DataFrame:
    """Read the needed variables of a DHS .dta file as numeric codes (value labels not applied)."""
    available = _stata(_variable_names, path, recode)
    lowered = {name.lower(): name for name in available}
    missing = [name for name in required if name not in lowered]
    if missing:
        raise KeyError(
            f"the {recode} file {path} lacks the DHS variable(s) {missing}; check that it is a "
            f"standard DHS {recode} recode (variable names are case-insensitive)"
        )
    history = [
        original for name, original in lowered.items() if prefixes and name.startswith(prefixes)
    ]
    wanted = [lowered[name] for name in required] + history
    frame = _stata(pd.read_stata, path, recode, columns=wanted, convert_categoricals=False)
    frame.columns = [column.lower() for column in frame.columns]
    return frame


def _province_names(
    hr_path: str | Path, provinces: Mapping[str, str] | None, reference: pd.DataFrame
) -> pd.Series:
    """Province name of each HR row, from the value labels of hv024."""
    labels = _stata(pd.read_stata, hr_path, "HR", columns=[_column_name(hr_path, "hv024")])
    labels = labels.iloc[:, 0].astype(object).astype(str)
    known = {_simplify(name): name for name in reference.index}
    chosen = {_simplify(label): name for label, name in (provinces or {}).items()}
    names = labels.map(lambda label: chosen.get(_simplify(label), known.get(_simplify(label))))
    unmatched = sorted(labels[names.isna()].unique())
    if unmatched:
        raise ValueError(
            f"hv024 label(s) {unmatched} do not name one of the {len(reference)} provinces; "
            f"pass provinces={{{unmatched[0]!r}: '<province>'}} with names from "
            "load_reference('provinces') (or from geography=, for another country)"
        )
    bad = sorted(set((provinces or {}).values()) - set(known.values()))
    if bad:
        raise ValueError(
            f"provinces= maps to unknown province name(s) {bad}; "
            "use names from load_reference('provinces') (or from geography=)"
        )
    return names


def _column_name(path: str | Path, name: str) -> str:
    return next(column for column in _stata(_variable_names, path, "HR") if column.lower() == name)


def _variable_names(path: str | Path) -> list[str]:
    with pd.read_stata(path, iterator=True) as reader:
        return list(reader.variable_labels())


def _stata(read: Callable[..., Any], path: str | Path, recode: str, **kwargs: Any) -> Any:
    """Call ``read(path, **kwargs)``; a missing, truncated or non-Stata file gets a clear error."""
    if not Path(path).is_file():
        raise FileNotFoundError(
            f"the {recode} file {path} does not exist; check the path (DHS recodes are .DTA files, "
            f"e.g. KH{recode}81FL.DTA)"
        )
    try:
        return read(path, **kwargs)
    except (struct.error, EOFError, UnicodeDecodeError, ValueError) as error:
        raise ValueError(
            f"the {recode} file {path} cannot be read as a Stata .dta file ({error}); it may be "
            "truncated or in another format. Download the Stata version of the DHS recode again "
            f"(the .DTA file in the Stata download, e.g. KH{recode}81DT.ZIP) and pass that file"
        ) from error


def _simplify(label: str) -> str:
    return re.sub(r"[^a-z]", "", label.lower())


def _recode(values: pd.Series, table: Mapping[int, str], variable: str) -> tuple[pd.Series, int]:
    """Map DHS codes to schema categories; "other/don't know" codes become NA, unknown codes
    raise."""
    observed = values.dropna()
    unknown = sorted(set(observed.astype(int)) - set(table) - UNKNOWN_CODES)
    if unknown:
        raise ValueError(
            f"{variable} has code(s) {unknown} that sptools.io does not know; map them with "
            f"recodes={{{variable!r}: {{{unknown[0]}: '<schema category>'}}}} (categories: "
            f"{sorted(set(table.values()))})"
        )
    recoded = values.map(table)
    return recoded, int(observed.isin(UNKNOWN_CODES).sum())


def _yes_no(values: pd.Series) -> pd.Series:
    """DHS 0/1 -> boolean; any other code (8, 9, missing) -> NA."""
    return values.map({0: False, 1: True}).astype("boolean")


def _scaled(values: pd.Series, divisor: float, *, invalid_from: float) -> pd.Series:
    return (values.astype("float64") / divisor).where(values < invalid_from)


def _households(
    hr: pd.DataFrame, provinces: pd.Series, codes: dict, round: int, reference: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    unknown: dict[str, int] = {}
    recoded = {}
    for variable, column in (
        ("hv201", "water_source"),
        ("hv205", "sanitation"),
        ("hv226", "cooking_fuel"),
    ):
        recoded[column], unknown[variable] = _recode(hr[variable], codes[variable], variable)
    for variable, column in (("hv213", "floor"), ("hv214", "wall"), ("hv215", "roof")):
        recoded[column], unknown[variable] = _material(hr[variable], variable)
    minutes = hr["hv204"].astype("float64")
    households = pd.DataFrame(
        {
            "hh_id": _household_ids(hr["hv001"], hr["hv002"]),
            "round": round,
            "province": provinces.to_numpy(),
            "province_code": provinces.map(reference["code"]).to_numpy(),
            "region": provinces.map(reference["region"]).to_numpy(),
            "urban": hr["hv025"].map({1: True, 2: False}).astype("boolean"),
            "stratum": hr["hv022"],
            "psu": hr["hv001"],
            "weight": hr["hv005"] / 1e6,
            "hh_size": hr["hv009"],
            "head_sex": hr["hv219"].map(SEX_CODES),
            "head_age": hr["hv220"].where(hr["hv220"] < AGE_DONT_KNOW),
            "wealth_index": hr["hv271"] / 1e5,
            "wealth_quintile": hr["hv270"],
            "electricity": _yes_no(hr["hv206"]),
            "water_time_min": minutes.mask(minutes == ON_PREMISES, 0).where(minutes <= ON_PREMISES),
            "sanitation_shared": _yes_no(hr["hv225"]),
            "has_phone": _yes_no(hr["hv221"]) | _yes_no(hr["hv243a"]),
            **{column: _yes_no(hr[variable]) for column, variable in ASSET_VARIABLES.items()},
            **recoded,
        }
    )
    return households, unknown


def _material(values: pd.Series, variable: str) -> tuple[pd.Series, int]:
    """Floor, wall or roof code -> natural / rudimentary / finished by its tens digit."""
    observed = values.dropna()
    known = observed[~observed.isin(UNKNOWN_CODES)]
    bad = sorted(set(known[~(known // 10).isin(list(MATERIAL_CODES))].astype(int)))
    if bad:
        raise ValueError(
            f"{variable} has code(s) {bad} outside the DHS material groups (11-19 natural, "
            "21-29 rudimentary, 31-39 finished); recode them before reading"
        )
    return (values // 10).map(MATERIAL_CODES).where(~values.isin(UNKNOWN_CODES)), int(
        observed.isin(UNKNOWN_CODES).sum()
    )


def _household_ids(cluster: pd.Series, number: pd.Series) -> pd.Series:
    if (number >= 1000).any() or (number < 1).any():
        raise ValueError(
            "hv002 (household number) must be 1-999 to build hh_id = hv001 x 1000 + hv002"
        )
    return (cluster.astype("int64") * 1000 + number.astype("int64")).rename("hh_id")


def _reference_provinces(geography: pd.DataFrame | None = None) -> pd.DataFrame:
    """Name -> code and region of the country's provinces (default: Cambodia's)."""
    table = load_reference("provinces") if geography is None else geography
    missing = [c for c in ("province", "code", "region") if c not in table.columns]
    if missing:
        raise ValueError(
            f"geography lacks the columns {missing}; give one row per province with its name "
            "(province), its hv024 code (code) and its region (region)."
        )
    if table["province"].duplicated().any() or table[["code", "region"]].isna().any().any():
        raise ValueError("geography must name each province once, each with a code and a region.")
    return table.set_index("province")[["code", "region"]]


def _education_level(years: pd.Series, hv106: pd.Series) -> pd.Series:
    """Education level from completed years (Cambodia 6 + 3 + 3), else from hv106 where it is
    unambiguous."""
    bounds = [upper for upper, _ in EDUCATION_YEARS]
    labels = np.array([label for _, label in EDUCATION_YEARS] + ["higher"], dtype=object)
    from_years = pd.Series(
        labels[np.searchsorted(bounds, years.fillna(0).to_numpy(float), side="left")],
        index=years.index,
    ).where(years.notna())
    return from_years.fillna(hv106.map(EDUCATION_FROM_HV106))


def _persons(pr: pd.DataFrame, codes: dict, round: int) -> tuple[pd.DataFrame, dict]:
    if (pr["hvidx"] >= 100).any():
        raise ValueError(
            "hvidx (line number) must be below 100 to build person_id = hh_id x 100 + hvidx"
        )
    hh_id = _household_ids(pr["hv001"], pr["hv002"])
    unknown: dict[str, int] = {}
    relationship, unknown["hv101"] = _recode(pr["hv101"], codes["hv101"], "hv101")
    marital, unknown["hv115"] = _recode(pr["hv115"], codes["hv115"], "hv115")
    years = pr["hv108"].where(pr["hv108"] < 97)
    persons = pd.DataFrame(
        {
            "hh_id": hh_id,
            "person_id": hh_id * 100 + pr["hvidx"].astype("int64"),
            "round": round,
            "line": pr["hvidx"],
            "age": pr["hv105"].where(pr["hv105"] < AGE_DONT_KNOW),
            "sex": pr["hv104"].map(SEX_CODES),
            "relationship": relationship,
            "weight": pr["hv005"] / 1e6,
            "years_schooling": years,
            "education_level": _education_level(years, pr["hv106"]),
            "attending_school": pr["hv121"].map({0: False, 1: True, 2: True}).astype("boolean"),
            "haz": _scaled(pr["hc70"], 100, invalid_from=Z_SCORE_FLAG),
            "waz": _scaled(pr["hc71"], 100, invalid_from=Z_SCORE_FLAG),
            "bmi": _scaled(pr["ha40"], 100, invalid_from=Z_SCORE_FLAG),
            "marital_status": marital,
            "mother_line": pr["hv112"].where(pr["hv112"].between(1, 97)),
        }
    )
    return persons, unknown


def _child_deaths(ir: pd.DataFrame) -> pd.Series:
    """Children who died under age 18 in the 60 months before the interview, from the birth
    history."""
    slots = sorted(column[3:] for column in ir.columns if column.startswith("b3_"))
    interview = ir["v008"].to_numpy(float)[:, None]
    born = ir[[f"b3_{slot}" for slot in slots]].to_numpy(float)
    alive = ir[[f"b5_{slot}" for slot in slots]].to_numpy(float)
    age_at_death = ir[[f"b7_{slot}" for slot in slots]].to_numpy(float)
    with np.errstate(invalid="ignore"):
        died = (
            (alive == 0)
            & (interview - (born + age_at_death) < CHILD_DEATH_WINDOW_MONTHS)
            & (age_at_death < CHILD_MAX_AGE_MONTHS)
        )
    return pd.Series(died.sum(axis=1), index=ir.index, dtype="Int64").where(ir["v208"].notna())


def _add_women(persons: pd.DataFrame, ir: pd.DataFrame) -> pd.DataFrame:
    women = pd.DataFrame(
        {
            "hh_id": _household_ids(ir["v001"], ir["v002"]),
            "line": ir["v003"],
            "births_5y": ir["v208"],
            "child_deaths_5y": _child_deaths(ir),
            "age_first_marriage": ir["v511"].where(ir["v511"] < AGE_DONT_KNOW),
            "bank_account": _yes_no(ir["v170"]),
            "health_insurance": _yes_no(ir["v481"]),
            "internet_use": ir["v171a"]
            .map({0: False, 1: True, 2: False, 3: True})
            .astype("boolean"),
        }
    )
    if women.duplicated(["hh_id", "line"]).any():
        raise ValueError(
            "the IR file repeats a woman (v001, v002, v003); pass a standard IR recode"
        )
    return persons.merge(women, on=["hh_id", "line"], how="left", validate="one_to_one")


_ID_COLUMNS = frozenset({"hh_id", "person_id", "round", "line", "psu", "stratum", "province_code"})


def _schema(
    frame: pd.DataFrame, dtypes: Mapping[str, str], categories: Mapping[str, tuple[str, ...]]
) -> pd.DataFrame:
    """Every schema column in order; absent ones NA; nullable dtypes where DHS answers can be
    missing."""
    columns = {}
    for column, dtype in dtypes.items():
        values = frame[column] if column in frame.columns else pd.Series(np.nan, index=frame.index)
        if column in _ID_COLUMNS:
            if values.isna().any():
                raise ValueError(
                    f"{column} is missing for {int(values.isna().sum())} row(s) of the DHS file"
                )
            columns[column] = values.astype("int64")
        elif dtype == "category":
            columns[column] = pd.Categorical(
                values.astype(object).where(values.notna(), None),
                categories=list(categories[column]),
                ordered=column in ORDERED,
            )
        else:
            columns[column] = values.astype({"bool": "boolean", "int64": "Int64"}.get(dtype, dtype))
    return pd.DataFrame(columns, index=frame.index).reset_index(drop=True)


# --- writing --------------------------------------------------------------------------------------

CANONICAL_CODES: dict[str, dict[str, int]] = {
    "hv201": {
        "piped_dwelling": 11,
        "piped_yard": 12,
        "public_tap": 14,
        "tube_well": 21,
        "protected_well": 31,
        "unprotected_well": 32,
        "protected_spring": 41,
        "unprotected_spring": 42,
        "surface_water": 43,
        "rainwater": 51,
        "tanker": 61,
        "bottled": 71,
    },
    "hv205": {
        "flush_sewer": 11,
        "flush_septic": 12,
        "flush_pit": 13,
        "flush_elsewhere": 14,
        "vip": 21,
        "pit_slab": 22,
        "pit_no_slab": 23,
        "open_defecation": 31,
        "composting": 41,
        "bucket": 42,
        "hanging": 43,
    },
    "hv226": {
        "electricity": 1,
        "lpg": 2,
        "biogas": 4,
        "kerosene": 5,
        "charcoal": 7,
        "wood": 8,
        "straw_crop_dung": 9,
        "no_cooking": 95,
    },
    "hv101": {
        "head": 1,
        "spouse": 2,
        "child": 3,
        "grandchild": 5,
        "parent": 6,
        "other_relative": 10,
        "non_relative": 12,
    },
    "hv115": {"never married": 0, "married": 1, "widowed": 3, "divorced/separated": 4},
    "material": {"natural": 11, "rudimentary": 21, "finished": 31},
}
"""The code :func:`to_dhs` writes for each schema category (one of the codes :func:`read_dhs`
accepts)."""


def _code(values: pd.Series, table: Mapping[str, int]) -> pd.Series:
    return values.astype(object).map(table).astype("float64")


def _binary(values: pd.Series) -> pd.Series:
    return values.astype("boolean").astype("Float64").astype("float64")


def _scaled_int(values: pd.Series, factor: float) -> pd.Series:
    return (values.astype("float64") * factor).round()


def _interview_cmc(round: int) -> int:
    """Century-month code of a mid-year interview (DHS dates count months from January 1900)."""
    return (round - 1900) * 12 + 6


#: the schema columns :func:`to_dhs` writes
TO_DHS_COLUMNS: dict[str, tuple[str, ...]] = {
    "households": (
        "hh_id",
        "round",
        "psu",
        "stratum",
        "weight",
        "province",
        "province_code",
        "urban",
        "hh_size",
        "head_sex",
        "head_age",
        "electricity",
        "water_source",
        "water_time_min",
        "sanitation",
        "sanitation_shared",
        "cooking_fuel",
        "floor",
        "wall",
        "roof",
        "has_phone",
        *ASSET_VARIABLES,
        "wealth_quintile",
        "wealth_index",
    ),
    "persons": (
        "hh_id",
        "weight",
        "line",
        "relationship",
        "sex",
        "age",
        "education_level",
        "years_schooling",
        "mother_line",
        "marital_status",
        "attending_school",
        "haz",
        "waz",
        "bmi",
        *WOMEN_QUESTIONS,
    ),
}
#: the creation date written into every .dta file, so that the same survey gives the same bytes
STATA_TIME_STAMP = datetime(2000, 1, 1)


def to_dhs(
    households: pd.DataFrame,
    persons: pd.DataFrame,
    directory: str | Path,
    *,
    stem: str = "KH",
    force: bool = False,
) -> dict[str, Path]:
    """Write a survey in the schema as DHS-shaped HR, PR and IR Stata files.

    Households are numbered within their PSU (``hv002``) in ``hh_id`` order; ``hv005`` keeps the
    survey's expansion weights (x 1,000,000, stored as a double because they exceed Stata's long
    integers; real DHS weights are normalised to the sample size); ages of 95 and over
    are written as 95 (DHS top code); a water round trip of 0 minutes as 996 (on premises). The
    women's recode holds the women 15-49 with any of the women's questions answered; their birth
    history is a minimal one that reproduces ``births_5y`` and ``child_deaths_5y``. Columns DHS
    does not have (:data:`NOT_IN_DHS`) are not written.

    An existing file with other content is never replaced unless ``force=True``; then it is first
    copied to ``<name>.bak`` (and the replacement is printed). The output is byte-identical from
    run to run.

    Raises
    ------
    KeyError
        When a column :func:`to_dhs` needs (:data:`TO_DHS_COLUMNS`) is missing.
    FileExistsError
        When a file to write exists with other content and ``force`` is false; nothing is written.

    Returns
    -------
    dict
        ``{"hr": path, "pr": path, "ir": path}``: ``<stem>HR.dta``, ``<stem>PR.dta``,
        ``<stem>IR.dta``.

    Examples
    --------
    >>> from sptools.datasets import load_households, load_persons  # doctest: +SKIP
    >>> paths = to_dhs(load_households(2022), load_persons(2022), "dhs_files")  # doctest: +SKIP
    >>> households, persons = read_dhs(
    ...     paths["hr"], paths["pr"], ir_path=paths["ir"], round=2022
    ... )  # doctest: +SKIP
    """
    for table, frame in (("households", households), ("persons", persons)):
        _require_columns(frame, TO_DHS_COLUMNS[table], table)
    directory = Path(directory)
    order = households.sort_values("hh_id")
    number = order.groupby("psu").cumcount().add(1)
    if number.max() >= 1000:
        raise ValueError(
            "a PSU has 1,000 or more households; DHS household numbers (hv002) stop at 999"
        )
    dhs_number = pd.Series(number.to_numpy(), index=order["hh_id"].to_numpy())
    psu = households.set_index("hh_id")["psu"]
    files = {
        directory / f"{stem}HR.dta": _stata_bytes(
            _hr(households, dhs_number), _province_labels(households)
        ),
        directory / f"{stem}PR.dta": _stata_bytes(_pr(persons, psu, dhs_number)),
        directory / f"{stem}IR.dta": _stata_bytes(
            _ir(persons, psu, dhs_number, int(households["round"].iloc[0]))
        ),
    }
    taken = [str(path) for path, data in files.items() if differs(path, data)]
    if taken and not force:
        raise FileExistsError(
            f"{', '.join(taken)} already exist(s) with other content; choose another directory "
            f"or stem=, or {FORCE_ADVICE}"
        )
    written = [write_bytes(path, data, force=force) for path, data in files.items()]
    for record in written:
        if record.status is Status.REPLACED:
            print(record)
    return dict(zip(("hr", "pr", "ir"), (record.path for record in written), strict=True))


def _require_columns(frame: pd.DataFrame, columns: tuple[str, ...], table: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise KeyError(
            f"the {table} table lacks the column(s) {missing} that to_dhs writes; add them (see "
            f"sptools.synth.schema and the codebook for their meaning and values), e.g. "
            f"from load_{table}()"
        )


def _province_labels(households: pd.DataFrame) -> dict[str, dict[int, str]]:
    pairs = households[["province_code", "province"]].drop_duplicates()
    return {
        "hv024": {
            int(code): str(name)
            for code, name in zip(pairs["province_code"], pairs["province"], strict=False)
        }
    }


def _stata_bytes(frame: pd.DataFrame, value_labels: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    frame.to_stata(
        buffer,
        write_index=False,
        version=118,
        value_labels=value_labels,
        time_stamp=STATA_TIME_STAMP,
    )
    return buffer.getvalue()


def _hr(households: pd.DataFrame, dhs_number: pd.Series) -> pd.DataFrame:
    minutes = households["water_time_min"].astype("float64")
    return pd.DataFrame(
        {
            "hv001": households["psu"].astype("int32"),
            "hv002": households["hh_id"].map(dhs_number).astype("int32"),
            "hv005": _scaled_int(households["weight"], 1e6),
            "hv009": households["hh_size"].astype("int32"),
            "hv022": households["stratum"].astype("int32"),
            "hv024": households["province_code"].astype("int32"),
            "hv025": np.where(households["urban"].astype(bool), 1, 2).astype("int8"),
            "hv201": _code(households["water_source"], CANONICAL_CODES["hv201"]),
            "hv204": minutes.mask(minutes == 0, ON_PREMISES),
            "hv205": _code(households["sanitation"], CANONICAL_CODES["hv205"]),
            "hv206": _binary(households["electricity"]),
            "hv213": _code(households["floor"], CANONICAL_CODES["material"]),
            "hv214": _code(households["wall"], CANONICAL_CODES["material"]),
            "hv215": _code(households["roof"], CANONICAL_CODES["material"]),
            "hv219": _code(households["head_sex"], {"male": 1, "female": 2}),
            "hv220": households["head_age"].astype("float64").clip(upper=AGE_TOP_CODE),
            "hv221": 0.0,
            "hv225": _binary(households["sanitation_shared"]),
            "hv226": _code(households["cooking_fuel"], CANONICAL_CODES["hv226"]),
            "hv243a": _binary(households["has_phone"]),
            **{
                variable: _binary(households[column])
                for column, variable in ASSET_VARIABLES.items()
            },
            "hv270": households["wealth_quintile"].astype("float64"),
            "hv271": _scaled_int(households["wealth_index"], 1e5),
        }
    )


def _pr(persons: pd.DataFrame, psu: pd.Series, dhs_number: pd.Series) -> pd.DataFrame:
    women = (persons["sex"] == "female") & persons["age"].between(15, 49)
    return pd.DataFrame(
        {
            "hv001": persons["hh_id"].map(psu).astype("int32"),
            "hv002": persons["hh_id"].map(dhs_number).astype("int32"),
            "hv005": _scaled_int(persons["weight"], 1e6),
            "hvidx": persons["line"].astype("int16"),
            "hv101": _code(persons["relationship"], CANONICAL_CODES["hv101"]),
            "hv104": _code(persons["sex"], {"male": 1, "female": 2}),
            "hv105": persons["age"].astype("float64").clip(upper=AGE_TOP_CODE),
            "hv106": _code(persons["education_level"], HV106_FROM_EDUCATION),
            "hv108": persons["years_schooling"].astype("Float64").astype("float64"),
            "hv112": persons["mother_line"].astype("Float64").fillna(0).astype("float64"),
            "hv115": _code(persons["marital_status"], CANONICAL_CODES["hv115"]),
            "hv121": _binary(persons["attending_school"]),
            "hc70": _scaled_int(persons["haz"], 100),
            "hc71": _scaled_int(persons["waz"], 100),
            "ha40": _scaled_int(persons["bmi"].where(women), 100),
        }
    )


def _ir(persons: pd.DataFrame, psu: pd.Series, dhs_number: pd.Series, round: int) -> pd.DataFrame:
    women = persons[(persons["sex"] == "female") & persons["age"].between(15, 49)]
    women = women[women[list(WOMEN_QUESTIONS)].notna().any(axis=1)]
    births = women["births_5y"].astype("Float64").astype("float64")
    deaths = women["child_deaths_5y"].astype("Float64").astype("float64")
    if (births.isna() != deaths.isna()).any():
        raise ValueError(
            "births_5y and child_deaths_5y must be both known or both missing for each woman 15-49"
        )
    recent, extra = (
        births.fillna(0).to_numpy(),
        (deaths - births).clip(lower=0).fillna(0).to_numpy(),
    )
    died_recent = np.minimum(deaths.fillna(0).to_numpy(), recent)
    if (recent + extra > BIRTH_HISTORY_SLOTS).any():
        raise ValueError(
            f"a woman needs more than {BIRTH_HISTORY_SLOTS} birth-history entries; DHS stops at 20"
        )
    interview = _interview_cmc(round)
    history = {}
    for slot in range(BIRTH_HISTORY_SLOTS):
        is_recent, is_extra, is_dead = (
            slot < recent,
            (slot >= recent) & (slot < recent + extra),
            slot < died_recent,
        )
        suffix = f"{slot + 1:02d}"
        history[f"b3_{suffix}"] = np.where(
            is_recent, interview - 12, np.where(is_extra, interview - 120, np.nan)
        )
        history[f"b5_{suffix}"] = np.where(
            is_recent, np.where(is_dead, 0, 1), np.where(is_extra, 0, np.nan)
        )
        history[f"b7_{suffix}"] = np.where(is_dead, 1, np.where(is_extra, 108, np.nan))
    internet = women["internet_use"].astype("boolean")
    return pd.DataFrame(
        {
            "v001": women["hh_id"].map(psu).astype("int32").to_numpy(),
            "v002": women["hh_id"].map(dhs_number).astype("int32").to_numpy(),
            "v003": women["line"].astype("int16").to_numpy(),
            "v008": np.full(len(women), interview, dtype="int32"),
            "v208": births.to_numpy(),
            "v511": women["age_first_marriage"].astype("Float64").astype("float64").to_numpy(),
            "v170": _binary(women["bank_account"]).to_numpy(),
            "v481": _binary(women["health_insurance"]).to_numpy(),
            "v171a": _binary(internet).to_numpy(),
            **history,
        }
    )
