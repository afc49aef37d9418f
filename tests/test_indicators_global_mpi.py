"""Tests of sptools.indicators.global_mpi: each OPHI rule, the missing-data rules, errors,
properties."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_indicators_helpers import ASSETS, family, household, make_survey, person

from sptools.indicators import INDICATORS, MissingDataWarning, global_mpi, indicators_table

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


def deprivations(households: list[dict], persons: list[dict]) -> pd.DataFrame:
    """Household-level indicators (nullable, one row per hh_id) from hand-made rows."""
    result = global_mpi(*make_survey(households, persons), complete_cases=False)
    return result.groupby("hh_id")[D_COLUMNS].first()


def household_cases(indicator: str, cases: list[dict]) -> list:
    """One indicator for many one-family households at once (each case = overrides of the
    family)."""
    households, persons = [], []
    for hh_id, overrides in enumerate(cases, start=1):
        hh, members = family(hh_id, **overrides)
        households += hh
        persons += members
    values = deprivations(households, persons)[indicator]
    return [None if pd.isna(v) else int(v) for v in values]


def member_cases(indicator: str, cases: list[list[dict]]) -> list:
    """One indicator for many households at once (each case = the members of one household)."""
    households, persons = [], []
    for hh_id, members in enumerate(cases, start=1):
        households.append(household(hh_id))
        persons += [p | {"hh_id": hh_id, "person_id": hh_id * 100 + p["line"]} for p in members]
    values = deprivations(households, persons)[indicator]
    return [None if pd.isna(v) else int(v) for v in values]


# --- the registry --------------------------------------------------------------------------------


def test_registry_lists_the_ten_global_mpi_indicators_by_dimension():
    table = indicators_table()
    assert sorted(table.index) == sorted(D_COLUMNS)
    assert table["dimension"].value_counts().to_dict() == {
        "Living standards": 6,
        "Health": 2,
        "Education": 2,
    }
    assert table.loc["d_wtr", "questions"] == "water_source, water_time_min"
    assert all(table["rule"].str.len() > 10)


def test_a_household_with_no_deprivation_is_zero_everywhere():
    result = global_mpi(*make_survey(*family()))
    assert result[D_COLUMNS].to_numpy().sum() == 0
    assert result[D_COLUMNS].dtypes.eq("int8").all()


# --- living standards: every category of the schema --------------------------------------------


SANITATION_CASES = [
    ("flush_sewer", False, 0),
    ("flush_septic", False, 0),
    ("flush_pit", False, 0),
    ("pit_slab", False, 0),
    ("vip", False, 0),
    ("composting", False, 0),
    ("pit_slab", True, 1),
    ("flush_elsewhere", False, 1),
    ("pit_no_slab", False, 1),
    ("bucket", False, 1),
    ("hanging", False, 1),
    ("open_defecation", False, 1),
    ("pit_slab", None, None),
    ("bucket", None, 1),
    (None, False, None),
]


def test_sanitation():
    cases = [
        {"sanitation": sanitation, "sanitation_shared": shared}
        for sanitation, shared, _ in SANITATION_CASES
    ]
    assert household_cases("d_sani", cases) == [expected for *_, expected in SANITATION_CASES]


DRINKING_WATER_CASES = [
    ("piped_dwelling", 0, 0),
    ("piped_yard", 0, 0),
    ("public_tap", 10, 0),
    ("tube_well", 29, 0),
    ("protected_well", 5, 0),
    ("protected_spring", 5, 0),
    ("rainwater", 0, 0),
    ("bottled", 0, 0),
    ("tanker", 0, 0),
    ("tube_well", 30, 1),
    ("tube_well", 90, 1),
    ("unprotected_well", 0, 1),
    ("unprotected_spring", 0, 1),
    ("surface_water", 5, 1),
    ("surface_water", None, 1),
    ("tube_well", None, None),
    (None, 5, None),
]


def test_drinking_water():
    cases = [
        {"water_source": source, "water_time_min": minutes}
        for source, minutes, _ in DRINKING_WATER_CASES
    ]
    assert household_cases("d_wtr", cases) == [expected for *_, expected in DRINKING_WATER_CASES]


HOUSING_CASES = [
    ("finished", "finished", "finished", 0),
    ("rudimentary", "finished", "finished", 0),
    ("natural", "finished", "finished", 1),
    ("finished", "rudimentary", "finished", 1),
    ("finished", "natural", "finished", 1),
    ("finished", "finished", "rudimentary", 1),
    ("finished", "finished", "natural", 1),
    ("natural", None, None, 1),
    ("finished", None, "finished", None),
    (None, "finished", "finished", None),
]


def test_housing():
    cases = [{"floor": floor, "wall": wall, "roof": roof} for floor, wall, roof, _ in HOUSING_CASES]
    assert household_cases("d_hsg", cases) == [expected for *_, expected in HOUSING_CASES]


COOKING_FUEL_CASES = [
    ("electricity", 0),
    ("lpg", 0),
    ("biogas", 0),
    ("kerosene", 0),
    ("no_cooking", 0),
    ("charcoal", 1),
    ("wood", 1),
    ("straw_crop_dung", 1),
    (None, None),
]


def test_cooking_fuel():
    cases = [{"cooking_fuel": fuel} for fuel, _ in COOKING_FUEL_CASES]
    assert household_cases("d_ckfl", cases) == [expected for *_, expected in COOKING_FUEL_CASES]


ELECTRICITY_CASES = [(True, 0), (False, 1), (None, None)]


def test_electricity():
    cases = [{"electricity": has} for has, _ in ELECTRICITY_CASES]
    assert household_cases("d_elct", cases) == [expected for *_, expected in ELECTRICITY_CASES]


def owning(*owned: str, unknown: tuple[str, ...] = ()) -> dict:
    return {asset: (None if asset in unknown else asset in owned) for asset in ASSETS}


ASSETS_CASES = [
    (owning(), 1),
    (owning("has_radio"), 1),
    (owning("has_radio", "has_bicycle"), 0),
    (owning("has_car"), 0),
    (owning("has_tv", "has_refrigerator"), 0),
    (owning("has_computer", "has_animal_cart"), 0),
    (owning("has_phone", "has_motorbike"), 0),
    (owning(unknown=("has_radio",)), 1),  # at most one even if the unknown one is owned
    (owning("has_tv", unknown=("has_radio",)), None),
    (owning("has_tv", "has_radio", unknown=("has_car",)), 0),
    (owning(unknown=("has_car",)), None),
    (owning("has_car", unknown=("has_radio", "has_tv")), 0),
]


def test_assets():
    cases, expected = zip(*ASSETS_CASES, strict=False)
    assert household_cases("d_asst", list(cases)) == list(expected)


def test_household_deprivations_are_given_to_every_member():
    hh1, members1 = family(1, electricity=False)
    hh2, members2 = family(2)
    result = global_mpi(*make_survey(hh1 + hh2, members1 + members2))
    assert result.groupby("hh_id")["d_elct"].agg(["min", "max", "size"]).to_dict("index") == {
        1: {"min": 1, "max": 1, "size": 4},
        2: {"min": 0, "max": 0, "size": 4},
    }


# --- health ------------------------------------------------------------------------------------


NUTRITION_CASES = [
    ([person(1, 1, 2, "male", haz=-2.01)], 1),
    ([person(1, 1, 2, "male", waz=-2.5, haz=np.nan)], 1),
    ([person(1, 1, 2, "male", haz=-2.0, waz=-2.0)], 0),  # strictly below -2
    ([person(1, 1, 30, "female", bmi=18.49)], 1),
    ([person(1, 1, 30, "female", bmi=18.5)], 0),
    ([person(1, 1, 50, "female", bmi=15.0)], 0),  # not eligible: older than 49
    ([person(1, 1, 7, "male", haz=-4.0)], 0),  # not eligible: aged 5+, and nobody else is
    ([person(1, 1, 40, "male")], 0),  # no eligible member
    ([person(1, 1, 30, "female", bmi=np.nan)], None),  # eligible, nobody measured
    ([person(1, 1, 2, "male", haz=np.nan, waz=np.nan), person(1, 2, 30, "female", bmi=25.0)], 0),
    ([person(1, 1, 2, "male", haz=np.nan, waz=np.nan), person(1, 2, 30, "female", bmi=17.0)], 1),
]


def test_nutrition():
    cases, expected = zip(*NUTRITION_CASES, strict=False)
    assert member_cases("d_nutr", list(cases)) == list(expected)


CHILD_MORTALITY_CASES = [
    ([person(1, 1, 30, "female", child_deaths_5y=1)], 1),
    ([person(1, 1, 30, "female", child_deaths_5y=0)], 0),
    ([person(1, 1, 30, "female", child_deaths_5y=pd.NA)], None),
    (
        [
            person(1, 1, 30, "female", child_deaths_5y=pd.NA),
            person(1, 2, 25, "female", child_deaths_5y=2),
        ],
        1,
    ),
    (
        [
            person(1, 1, 30, "female", child_deaths_5y=pd.NA),
            person(1, 2, 25, "female", child_deaths_5y=0),
        ],
        0,
    ),
    ([person(1, 1, 60, "male"), person(1, 2, 55, "female")], 0),  # no woman 15-49
]


def test_child_mortality():
    cases, expected = zip(*CHILD_MORTALITY_CASES, strict=False)
    assert member_cases("d_cm", list(cases)) == list(expected)


# --- education: the two-thirds rule ---------------------------------------------------------------


def adults(*years) -> list[dict]:
    return [
        person(1, line, 30 + line, "male", years_schooling=y)
        for line, y in enumerate(years, start=1)
    ]


YEARS_OF_SCHOOLING_CASES = [
    (adults(6), 0),
    (adults(5), 1),
    (adults(5, 0, 3), 1),
    (adults(5, 4, pd.NA), 1),  # exactly 2/3 observed: enough
    (adults(5, pd.NA, pd.NA), None),  # 1/3 observed, nobody with 6 years
    (adults(7, pd.NA, pd.NA), 0),  # settled by the observed member
    (adults(pd.NA), None),
    (adults(5) + [person(1, 9, 9, "male", years_schooling=6)], 1),  # a 9-year-old does not count
    (adults(5) + [person(1, 9, 10, "male", years_schooling=6)], 0),
    ([person(1, 1, 8, "male"), person(1, 2, 4, "female")], 1),  # nobody aged 10+
]


def test_years_of_schooling():
    cases, expected = zip(*YEARS_OF_SCHOOLING_CASES, strict=False)
    assert member_cases("d_educ", list(cases)) == list(expected)


def children(*attending, ages=None) -> list[dict]:
    ages = ages or [6 + i for i in range(len(attending))]
    return [person(1, 1, 40, "male")] + [
        person(1, line, age, "female", attending_school=a)
        for line, (age, a) in enumerate(zip(ages, attending, strict=False), start=2)
    ]


SCHOOL_ATTENDANCE_CASES = [
    (children(True, True), 0),
    (children(True, False), 1),
    (children(False, pd.NA, pd.NA), 1),
    (children(True, True, pd.NA), 0),  # 2/3 observed
    (children(True, pd.NA, pd.NA), None),
    (children(pd.NA), None),
    (children(False, ages=[5]), 0),
    (children(False, ages=[15]), 0),  # outside 6-14
    (children(False, ages=[6]), 1),
    (children(False, ages=[14]), 1),
    ([person(1, 1, 40, "male")], 0),  # no school-age child
]


def test_school_attendance():
    cases, expected = zip(*SCHOOL_ATTENDANCE_CASES, strict=False)
    assert member_cases("d_satt", list(cases)) == list(expected)


# --- the output and complete cases --------------------------------------------------------------


def test_output_columns_and_design_variables():
    hh, members = family(psu=7, stratum=31, province="Kampong Cham", urban=False)
    result = global_mpi(*make_survey(hh, members))
    assert list(result.columns[:9]) == [
        "hh_id",
        "person_id",
        "age",
        "sex",
        "weight",
        "stratum",
        "psu",
        "province",
        "urban",
    ]
    assert set(D_COLUMNS) <= set(result.columns)
    assert result["psu"].eq(7).all() and result["province"].eq("Kampong Cham").all()
    assert result["person_id"].tolist() == [101, 102, 103, 104]


def test_complete_cases_drops_and_reports_missing_persons():
    hh1, members1 = family(1, electricity=None)
    hh2, members2 = family(2)
    members2 = [member | {"weight": 300.0} for member in members2]
    survey = make_survey(hh1 + hh2, members1 + members2)
    with pytest.warns(MissingDataWarning, match="kept 4 of 8 persons"):
        result = global_mpi(*survey)
    assert result["hh_id"].eq(2).all()
    assert result.attrs["retained"] == {"n": 4, "of": 8, "share": 0.5, "weighted_share": 0.75}
    assert result.attrs["missing"]["d_elct"] == 4 and result.attrs["missing"]["d_wtr"] == 0
    assert result.attrs["dropped"] == 4

    kept = global_mpi(*survey, complete_cases=False)
    assert len(kept) == 8 and kept.attrs["dropped"] == 0
    assert kept["d_elct"].dtype == "Int8" and kept["d_elct"].isna().sum() == 4
    assert kept.attrs["retained"] == result.attrs["retained"]


def test_no_warning_when_nothing_is_missing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = global_mpi(*make_survey(*family()))
    assert result.attrs["retained"]["share"] == 1.0 and result.attrs["dropped"] == 0


# --- bad input -----------------------------------------------------------------------------------


def test_missing_column_is_named():
    hh, people = make_survey(*family())
    with pytest.raises(KeyError, match="water_time_min"):
        global_mpi(hh.drop(columns="water_time_min"), people)
    with pytest.raises(KeyError, match="haz"):
        global_mpi(hh, people.drop(columns="haz"))


def test_unknown_category_is_named_with_the_allowed_values():
    hh, people = make_survey(*family())
    hh["sanitation"] = hh["sanitation"].astype(object)
    hh.loc[0, "sanitation"] = "latrine"
    with pytest.raises(ValueError, match=r"sanitation.*'latrine'.*flush_sewer"):
        global_mpi(hh, people)


def test_non_boolean_yes_no_is_refused():
    hh, people = make_survey(*family())
    hh["electricity"] = ["yes"]
    with pytest.raises(TypeError, match=r"electricity.*'yes'"):
        global_mpi(hh, people)


def test_yes_no_as_zero_one_is_accepted():
    hh, people = make_survey(*family())
    hh["electricity"] = [0]
    assert global_mpi(hh, people)["d_elct"].eq(1).all()


@pytest.mark.parametrize(
    ("change", "error", "pattern"),
    [
        (lambda hh, p: (pd.concat([hh, hh]), p), ValueError, "hh_id.*unique"),
        (lambda hh, p: (hh, p.assign(hh_id=9)), ValueError, "not in households"),
        (
            lambda hh, p: (hh, p.assign(age=p["age"].astype("Int64").mask(p["line"] == 1))),
            ValueError,
            "age.*missing",
        ),
        (lambda hh, p: (hh, p.assign(sex=["female", "male", "f", "m"])), ValueError, "sex.*'f'"),
        (
            lambda hh, p: (
                hh,
                p.assign(child_deaths_5y=pd.array([pd.NA, -1, pd.NA, pd.NA], dtype="Int64")),
            ),
            ValueError,
            r"child_deaths_5y'\] has 1 impossible value.*-1.*between 0 and 20",
        ),
        (lambda hh, p: (hh, p.assign(age=[-3, 30, 8, 1])), ValueError, r"'age'.*-3.*0 and 130"),
        (lambda hh, p: (hh, p.assign(age=[30, 30, 8, 250])), ValueError, r"'age'.*250"),
        (lambda hh, p: (hh.assign(hh_size=-1), p), ValueError, r"households\['hh_size'\].*-1"),
        (lambda hh, p: (hh, p.assign(weight=-2.0)), ValueError, r"'weight'.*-2.*at least 0"),
        (lambda hh, p: (hh, p.assign(bmi=2150.0)), ValueError, r"'bmi'.*2150.*divide by 100"),
        (lambda hh, p: (hh, p.assign(haz=99.96)), ValueError, r"'haz'.*99.96.*NA"),
        (
            lambda hh, p: (hh, p.assign(years_schooling=98)),
            ValueError,
            r"'years_schooling'.*98",
        ),
        (lambda hh, p: (hh.assign(water_time_min=-5), p), ValueError, r"'water_time_min'.*-5"),
        (lambda hh, p: (hh, p.assign(haz=["a", "b", "c", "d"])), TypeError, "haz.*numeric"),
        (lambda hh, p: (hh, p.assign(person_id=1)), ValueError, "person_id.*unique"),
    ],
)
def test_bad_input_raises_clearly(change, error, pattern):
    with pytest.raises(error, match=pattern):
        global_mpi(*change(*make_survey(*family())))


# --- properties -----------------------------------------------------------------------------------

MAYBE_BOOL = st.sampled_from([True, False, None])


@st.composite
def surveys(draw, max_households: int = 12):
    """Random small surveys with missing values anywhere the schema allows them."""
    households, persons = [], []
    for hh_id in range(1, draw(st.integers(1, max_households)) + 1):
        households.append(
            household(
                hh_id,
                electricity=draw(MAYBE_BOOL),
                cooking_fuel=draw(st.sampled_from(["lpg", "wood", "no_cooking", None])),
                water_source=draw(st.sampled_from(["tube_well", "surface_water", "bottled", None])),
                water_time_min=draw(st.sampled_from([0, 29, 30, 60, None])),
                sanitation=draw(st.sampled_from(["pit_slab", "bucket", None])),
                sanitation_shared=draw(MAYBE_BOOL),
                floor=draw(st.sampled_from(["natural", "finished", None])),
                wall=draw(st.sampled_from(["rudimentary", "finished", None])),
                roof=draw(st.sampled_from(["natural", "finished", None])),
                **{asset: draw(st.sampled_from([True, False, False, None])) for asset in ASSETS},
            )
        )
        for line in range(1, draw(st.integers(1, 5)) + 1):
            age = draw(st.sampled_from([1, 4, 6, 9, 10, 14, 15, 30, 49, 50, 70]))
            sex = draw(st.sampled_from(["female", "male"]))
            persons.append(
                person(
                    hh_id,
                    line,
                    age,
                    sex,
                    haz=draw(st.sampled_from([np.nan, -3.0, 0.0])),
                    waz=draw(st.sampled_from([np.nan, -2.5, 1.0])),
                    bmi=draw(st.sampled_from([np.nan, 17.0, 22.0])),
                    child_deaths_5y=draw(st.sampled_from([pd.NA, 0, 1])),
                    years_schooling=draw(st.sampled_from([pd.NA, 0, 5, 6, 12])),
                    attending_school=draw(MAYBE_BOOL),
                )
            )
    return households, persons


def fill_missing(households: list[dict], persons: list[dict], rng: np.random.Generator):
    """Replace every missing answer by a random valid one."""
    choices = {
        "electricity": [True, False],
        "cooking_fuel": ["lpg", "wood"],
        "water_source": ["tube_well", "surface_water"],
        "water_time_min": [0, 45],
        "sanitation": ["pit_slab", "bucket"],
        "sanitation_shared": [True, False],
        "floor": ["natural", "finished"],
        "wall": ["rudimentary", "finished"],
        "roof": ["natural", "finished"],
        **{asset: [True, False] for asset in ASSETS},
        "haz": [-3.0, 0.0],
        "waz": [-2.5, 1.0],
        "bmi": [17.0, 22.0],
        "child_deaths_5y": [0, 1],
        "years_schooling": [0, 6],
        "attending_school": [True, False],
    }

    def filled(row: dict) -> dict:
        return row | {
            k: rng.choice(choices[k]).item() for k, v in row.items() if k in choices and pd.isna(v)
        }

    return [filled(h) for h in households], [filled(p) for p in persons]


@pytest.mark.slow  # several seconds (tasks.py test --fast leaves it out)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys(), st.integers(0, 2**32 - 1))
def test_settled_values_never_change_when_missing_answers_are_filled_in(survey, seed):
    """The core missing-data promise: a value that is not NA is settled by the data that exist.

    For the member-based indicators OPHI lets the observed members speak for the others (nutrition,
    child mortality) or accepts 2/3 of them (schooling, attendance); there only the values that one
    observation settles are checked: deprived in nutrition, mortality and attendance, non-deprived
    in years of schooling.
    """
    before = deprivations(*survey)
    after = deprivations(*fill_missing(*survey, np.random.default_rng(seed)))
    settled = before.notna()
    for column, settling_value in {"d_nutr": 1, "d_cm": 1, "d_satt": 1, "d_educ": 0}.items():
        settled[column] = before[column].eq(settling_value).fillna(False)
    assert (before[settled] == after[settled]).all().all()


@pytest.mark.slow  # several seconds (tasks.py test --fast leaves it out)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys(), st.integers(0, 2**32 - 1))
def test_complete_answers_leave_only_unmeasured_nutrition_missing(survey, seed):
    complete = fill_missing(*survey, np.random.default_rng(seed))
    result = deprivations(*complete)
    assert result.drop(columns="d_nutr").notna().all().all()
    assert result.isin([0, 1]).where(result.notna(), True).all().all()


@pytest.mark.slow  # several seconds (tasks.py test --fast leaves it out)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(surveys(), st.randoms(use_true_random=False))
def test_row_order_does_not_matter_and_complete_cases_equals_dropna(survey, random):
    hh, people = make_survey(*survey)
    full = global_mpi(hh, people, complete_cases=False)
    shuffled = people.sample(frac=1, random_state=random.randint(0, 10**6))
    again = (
        global_mpi(hh.iloc[::-1], shuffled, complete_cases=False)
        .set_index("person_id")
        .loc[full["person_id"]]
    )
    pd.testing.assert_frame_equal(again[D_COLUMNS].reset_index(drop=True), full[D_COLUMNS])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        complete = global_mpi(hh, people)
    expected = (
        full.dropna(subset=D_COLUMNS)
        .astype(dict.fromkeys(D_COLUMNS, "int8"))
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(complete, expected)
    assert complete.attrs["retained"]["n"] == len(expected)


def test_registry_drives_the_output_columns():
    result = global_mpi(*make_survey(*family()))
    assert list(result.columns[9:]) == list(INDICATORS)


def test_survey_design_replaces_the_deprecated_keyword_dict():
    import sptools.indicators as indicators
    from sptools import Design

    households, persons = zip(*(family(hh_id) for hh_id in (1, 2)), strict=True)
    hh, people = make_survey(sum(households, []), sum(persons, []))
    table = global_mpi(hh.assign(psu=[1, 2]), people)
    design = indicators.survey_design(table)
    assert isinstance(design, Design)
    assert (design.weight, design.strata, design.psu) == ("weight", "stratum", "psu")
    with pytest.warns(DeprecationWarning, match="survey_design"):
        legacy = indicators.SURVEY_DESIGN
    assert legacy == {"sample_weight": "weight", "strata": "stratum", "psu": "psu"}
    with pytest.raises(KeyError, match="weight"):
        indicators.survey_design(table.drop(columns="weight"))
