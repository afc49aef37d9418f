"""Tests of sptools.io: DHS recodes <-> survey schema, the round trip and the recoding tables."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_indicators_helpers import family, make_survey, person

from sptools.indicators import global_mpi
from sptools.io import (
    CANONICAL_CODES,
    FUEL_CODES,
    MARITAL_CODES,
    NOT_IN_DHS,
    RELATIONSHIP_CODES,
    TOILET_CODES,
    WATER_CODES,
    read_dhs,
    to_dhs,
)
from sptools.synth import generate

D_COLUMNS = [
    "d_nutr",
    "d_cm",
    "d_educ",
    "d_satt",
    "d_ckfl",
    "d_sani",
    "d_wtr",
    "d_elct",
    "d_hsg",
    "d_asst",
]


def read_back(paths: dict[str, Path], **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    return read_dhs(paths["hr"], paths["pr"], ir_path=paths["ir"], round=2022, **kwargs)


def by_position(frame: pd.DataFrame, households: pd.DataFrame) -> pd.DataFrame:
    """Rows in (psu, household order, line) order, so two surveys with different ids line up."""
    keys = frame.merge(households[["hh_id", "psu"]], on="hh_id", suffixes=("", "_hh"))
    order = ["psu_hh" if "psu_hh" in keys else "psu", "hh_id"] + (
        ["line"] if "line" in keys else []
    )
    return keys.sort_values(order).reset_index(drop=True)


def same_values(left: pd.Series, right: pd.Series) -> bool:
    left, right = left.astype(object), right.astype(object)
    return bool(((left.isna() & right.isna()) | (left == right).fillna(False).astype(bool)).all())


def varied_survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Households covering the categories, missing answers and awkward ages."""
    households, persons = [], []
    settings = [
        {
            "water_source": "surface_water",
            "water_time_min": 45,
            "sanitation": "open_defecation",
            "cooking_fuel": "wood",
            "floor": "natural",
            "wall": "rudimentary",
            "roof": "natural",
            "electricity": False,
            "has_tv": False,
            "has_phone": False,
            "has_motorbike": False,
            "urban": False,
            "province": "Preah Vihear",
            "province_code": 13,
            "region": "Plateau and Mountains",
            "stratum": 130,
            "psu": 2,
        },
        {
            "water_source": "tube_well",
            "water_time_min": None,
            "sanitation": "pit_slab",
            "sanitation_shared": True,
            "cooking_fuel": "no_cooking",
            "has_car": True,
            "psu": 2,
            "urban": False,
            "stratum": 130,
            "province": "Preah Vihear",
            "province_code": 13,
            "region": "Plateau and Mountains",
        },
        {
            "electricity": None,
            "floor": None,
            "cooking_fuel": "straw_crop_dung",
            "water_source": "tanker",
        },
    ]
    for hh_id, overrides in enumerate(settings, start=1):
        hh, members = family(hh_id * 7, **overrides)
        households += hh
        persons += members
    persons += [
        person(
            7, 5, 97, "female", relationship="parent", years_schooling=pd.NA, education_level=np.nan
        ),
        person(
            7,
            6,
            30,
            "female",
            relationship="other_relative",
            child_deaths_5y=2,
            births_5y=1,
            bmi=17.31,
            age_first_marriage=16,
            bank_account=True,
            internet_use=pd.NA,
        ),
        person(
            14,
            5,
            24,
            "female",
            child_deaths_5y=pd.NA,
            births_5y=pd.NA,
            bmi=np.nan,
            marital_status="widowed",
            health_insurance=True,
        ),
        person(14, 6, 1, "male", haz=-2.37, waz=np.nan, mother_line=5, relationship="grandchild"),
        person(
            21, 5, 12, "male", attending_school=False, years_schooling=13, education_level="higher"
        ),
    ]
    return make_survey(households, persons)


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    survey = varied_survey()
    paths = to_dhs(*survey, tmp_path_factory.mktemp("dhs"))
    return survey, read_back(paths), paths


def test_to_dhs_writes_the_three_recodes(round_trip):
    _, _, paths = round_trip
    assert sorted(paths) == ["hr", "ir", "pr"] and all(path.exists() for path in paths.values())
    hr = pd.read_stata(paths["hr"])
    assert hr["hv024"].astype(str).tolist() == ["Preah Vihear", "Preah Vihear", "Phnom Penh"]
    assert pd.read_stata(paths["pr"]).shape[0] == 17
    ir = pd.read_stata(paths["ir"], convert_categoricals=False)
    assert len(ir) == 5  # the three mothers aged 35 and the two added women aged 15-49
    assert ir["v208"].isna().sum() == 1  # the woman without a birth history


def test_round_trip_gives_the_same_global_mpi(round_trip):
    (households, persons), (households_back, persons_back), _ = round_trip
    before = by_position(global_mpi(households, persons, complete_cases=False), households)
    after = by_position(
        global_mpi(households_back, persons_back, complete_cases=False), households_back
    )
    pd.testing.assert_frame_equal(before[D_COLUMNS], after[D_COLUMNS])
    assert (
        before["d_cm"].tolist().count(1) == 6 and after["d_wtr"].isna().sum() == 6
    )  # the cases are exercised


@pytest.mark.parametrize(
    "column",
    [
        "province",
        "region",
        "urban",
        "stratum",
        "psu",
        "weight",
        "hh_size",
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
        "has_car",
        "has_tv",
        "wealth_quintile",
        "head_sex",
        "head_age",
    ],
)
def test_household_columns_survive_the_round_trip(round_trip, column):
    (households, _), (households_back, _), _ = round_trip
    assert same_values(
        by_position(households, households)[column],
        by_position(households_back, households_back)[column],
    )


@pytest.mark.parametrize(
    "column",
    [
        "line",
        "sex",
        "relationship",
        "weight",
        "years_schooling",
        "education_level",
        "attending_school",
        "haz",
        "waz",
        "bmi",
        "marital_status",
        "mother_line",
        "births_5y",
        "child_deaths_5y",
        "age_first_marriage",
    ],
)
def test_person_columns_survive_the_round_trip(round_trip, column):
    (households, persons), (households_back, persons_back), _ = round_trip
    assert same_values(
        by_position(persons, households)[column], by_position(persons_back, households_back)[column]
    )


def test_dhs_conventions_on_the_way_back(round_trip):
    (households, persons), (_, persons_back), _ = round_trip
    assert persons_back["age"].max() == 95  # top-coded, as in DHS
    women_only = persons_back.loc[persons_back["sex"] == "male", "bank_account"]
    assert women_only.isna().all()  # men's recode not read
    assert persons_back.loc[persons_back["sex"] == "female", "health_insurance"].eq(True).sum() == 1
    assert persons_back["disability"].isna().all() and persons_back["disability"].dtype == "boolean"
    assert persons_back.attrs["not_in_dhs"] == list(NOT_IN_DHS["persons"])


def test_columns_not_in_dhs_are_listed_and_missing(round_trip):
    _, (households_back, persons_back), _ = round_trip
    assert households_back.attrs["not_in_dhs"] == list(NOT_IN_DHS["households"])
    assert households_back[list(NOT_IN_DHS["households"])].isna().all().all()
    assert list(households_back.columns) == list(households_back.columns.unique())
    assert (
        households_back["consumption_pc"].dtype == "float64"
        and households_back["poor"].dtype == "boolean"
    )


def test_round_trip_on_a_generated_survey(tmp_path):
    households, persons = generate(n_households=300, seed=11)
    back = read_back(to_dhs(households, persons, tmp_path))
    before = by_position(global_mpi(households, persons, complete_cases=False), households)
    after = by_position(global_mpi(*back, complete_cases=False), back[0])
    pd.testing.assert_frame_equal(before[D_COLUMNS], after[D_COLUMNS])
    assert before["weight"].sum() == pytest.approx(after["weight"].sum(), rel=1e-12)


# --- the code tables --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "read_table"),
    [
        ("hv201", WATER_CODES),
        ("hv205", TOILET_CODES),
        ("hv226", FUEL_CODES),
        ("hv101", RELATIONSHIP_CODES),
        ("hv115", MARITAL_CODES),
    ],
)
def test_written_codes_read_back_as_the_same_category(variable, read_table):
    written = CANONICAL_CODES[variable]
    assert {category: read_table[code] for category, code in written.items()} == {
        c: c for c in written
    }
    assert set(read_table.values()) == set(written)  # every category can be written


# --- reading real-looking files: codes DHS uses that to_dhs never writes -----------------------


def rewrite(path: Path, **columns) -> None:
    """Replace columns of a written .dta file, keeping hv024's value labels."""
    frame = pd.read_stata(path, convert_categoricals=False)
    labels = {}
    if "hv024" in frame:
        with pd.read_stata(path, iterator=True) as reader:
            labels = {"hv024": next(iter(reader.value_labels().values()))}
    frame = frame.assign(**columns)
    frame.to_stata(path, write_index=False, version=118, value_labels=labels or None)


@pytest.fixture()
def dhs_files(tmp_path):
    hh, members = family(1)
    members.append(person(1, 5, 10, "female", attending_school=True))
    return to_dhs(*make_survey(hh, members), tmp_path)


def test_special_codes_become_missing_or_are_recoded(dhs_files):
    rewrite(dhs_files["hr"], hv201=96.0, hv204=998.0, hv226=3.0, hv213=96.0, hv243a=0.0, hv221=1.0)
    rewrite(
        dhs_files["pr"],
        hc70=[np.nan, np.nan, np.nan, 9998.0, np.nan],
        hv121=[0, 0, np.nan, np.nan, 2],
        hv105=[98, 35, 8, 2, 10],
        hv112=[0, 0, 2, 99, 0],
        hv108=[3, 99, 2, np.nan, 4],
        hv106=[1, 3, 1, np.nan, 2],
    )
    rewrite(dhs_files["ir"], v171a=3.0)
    households, persons = read_back(dhs_files)
    assert households["water_source"].isna().all() and households["water_time_min"].isna().all()
    assert households["cooking_fuel"].tolist() == ["lpg"]  # natural gas
    assert households["floor"].isna().all() and households["has_phone"].tolist() == [True]
    assert (
        households.attrs["unknown_codes"]["hv201"] == 1
        and households.attrs["unknown_codes"]["hv213"] == 1
    )
    assert persons["haz"].isna().all()
    assert persons["attending_school"].tolist()[4] is True
    assert persons["age"].isna().tolist() == [True, False, False, False, False]
    assert persons["mother_line"].tolist() == [pd.NA, pd.NA, 2, pd.NA, pd.NA]
    assert persons["years_schooling"].tolist()[:2] == [3, pd.NA]
    assert persons["education_level"].astype(object).tolist()[:2] == [
        "primary",
        "higher",
    ]  # 2nd from hv106
    assert persons["internet_use"].tolist()[1] is True


def test_unknown_codes_name_the_variable_and_the_fix(dhs_files):
    rewrite(dhs_files["hr"], hv201=44.0)
    with pytest.raises(ValueError, match=r"hv201 has code\(s\) \[44\].*recodes=\{'hv201': \{44:"):
        read_back(dhs_files)
    households, _ = read_back(dhs_files, recodes={"hv201": {44: "surface_water"}})
    assert households["water_source"].tolist() == ["surface_water"]


def test_province_labels_must_match_or_be_mapped(dhs_files):
    frame = pd.read_stata(dhs_files["hr"], convert_categoricals=False)
    frame.to_stata(
        dhs_files["hr"],
        write_index=False,
        version=118,
        value_labels={"hv024": {12: "Phnom-Penh City"}},
    )
    with pytest.raises(ValueError, match=r"hv024 label\(s\) \['Phnom-Penh City'\].*provinces="):
        read_back(dhs_files)
    households, _ = read_back(dhs_files, provinces={"Phnom-Penh City": "Phnom Penh"})
    assert households["province"].tolist() == ["Phnom Penh"] and households["region"].tolist() == [
        "Phnom Penh"
    ]
    with pytest.raises(ValueError, match="unknown province name"):
        read_back(dhs_files, provinces={"Phnom-Penh City": "Phnom Pen"})


def test_missing_variable_is_named(dhs_files):
    frame = pd.read_stata(dhs_files["pr"], convert_categoricals=False).drop(columns="hc70")
    frame.to_stata(dhs_files["pr"], write_index=False, version=118)
    with pytest.raises(KeyError, match=r"PR file .* lacks the DHS variable\(s\) \['hc70'\]"):
        read_back(dhs_files)


def test_without_the_womens_recode_their_questions_are_missing_and_listed(dhs_files):
    households, persons = read_dhs(dhs_files["hr"], dhs_files["pr"], round=2022)
    assert persons["child_deaths_5y"].isna().all()
    assert "child_deaths_5y" in persons.attrs["not_in_dhs"]
    assert global_mpi(households, persons, complete_cases=False)["d_cm"].isna().all()


def test_unsupported_recode_variable_is_refused(dhs_files):
    with pytest.raises(KeyError, match="recodes for \\['hv999'\\]"):
        read_back(dhs_files, recodes={"hv999": {1: "x"}})


def test_to_dhs_refuses_inconsistent_birth_histories(tmp_path):
    hh, members = family(1)
    members[1]["births_5y"] = pd.NA
    with pytest.raises(ValueError, match="births_5y and child_deaths_5y"):
        to_dhs(*make_survey(hh, members), tmp_path)


# --- files that are not what they claim, and files that are already there ---------------------


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[:100], id="truncated header"),
        pytest.param(lambda data: data[: len(data) // 2], id="truncated data"),
        pytest.param(lambda data: b"hv001,hv002\n1,2\n", id="a CSV file"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"PK\x03\x04" + bytes(200), id="a zip archive"),
    ],
)
def test_a_damaged_or_foreign_file_is_named_with_the_fix(dhs_files, damage):
    hr = dhs_files["hr"]
    hr.write_bytes(damage(hr.read_bytes()))
    with pytest.raises(ValueError, match=r"the HR file .*KHHR\.dta cannot be read as a Stata"):
        read_back(dhs_files)


def test_a_missing_file_is_named(dhs_files, tmp_path):
    with pytest.raises(FileNotFoundError, match=r"the PR file .*nowhere\.dta does not exist"):
        read_dhs(dhs_files["hr"], tmp_path / "nowhere.dta", round=2022)


@pytest.mark.parametrize(("table", "column"), [("persons", "age"), ("households", "psu")])
def test_to_dhs_names_a_missing_column(tmp_path, table, column):
    households, persons = make_survey(*family(1))
    frames = {"households": households, "persons": persons}
    frames[table] = frames[table].drop(columns=column)
    with pytest.raises(KeyError, match=rf"the {table} table lacks the column\(s\) \['{column}'\]"):
        to_dhs(frames["households"], frames["persons"], tmp_path)
    assert not list(tmp_path.iterdir()), "nothing is written when a column is missing"


def test_to_dhs_never_replaces_a_different_file_without_force(tmp_path, capsys):
    survey = make_survey(*family(1))
    user_file = tmp_path / "KHPR.dta"
    user_file.write_bytes(b"my own PR file")
    with pytest.raises(FileExistsError, match=r"KHPR\.dta .*force=True"):
        to_dhs(*survey, tmp_path)
    assert user_file.read_bytes() == b"my own PR file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["KHPR.dta"], "nothing else written"
    paths = to_dhs(*survey, tmp_path, force=True)
    assert (tmp_path / "KHPR.dta.bak").read_bytes() == b"my own PR file"
    assert "KHPR.dta.bak" in capsys.readouterr().out
    again = {name: path.read_bytes() for name, path in paths.items()}
    assert to_dhs(*survey, tmp_path) == paths, "the same survey writes the same bytes"
    assert {name: path.read_bytes() for name, path in paths.items()} == again


def test_another_countrys_dhs_reads_with_its_own_geography(dhs_files):
    """A DHS of another country: its provinces and regions come from geography=, not Cambodia's."""
    code = int(pd.read_stata(dhs_files["hr"], convert_categoricals=False)["hv024"].iloc[0])
    frame = pd.read_stata(dhs_files["hr"], convert_categoricals=False)
    frame.to_stata(
        dhs_files["hr"], write_index=False, version=118, value_labels={"hv024": {code: "Amber"}}
    )
    geography = pd.DataFrame(
        {"province": ["Basalt", "Amber"], "code": [code + 1, code], "region": ["South", "North"]}
    )
    households, _ = read_back(dhs_files, geography=geography)
    assert households["province"].tolist() == ["Amber"]
    assert households["region"].tolist() == ["North"]
    assert households["province_code"].tolist() == [code]
    assert list(households["province"].cat.categories) == ["Amber", "Basalt"]
    assert list(households["region"].cat.categories) == ["North", "South"]
    with pytest.raises(ValueError, match=r"one of the 2 provinces"):
        read_back(dhs_files, geography=geography.assign(province=["Basalt", "Cedar"]))
    with pytest.raises(ValueError, match="geography lacks the columns"):
        read_back(dhs_files, geography=geography.drop(columns="region"))
