"""Tests of the LNOB opportunities (sptools.indicators.opportunity) and their circumstances."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_indicators_helpers import family, household, make_survey, person

from sptools.indicators import (
    CIRCUMSTANCES,
    OPPORTUNITIES,
    MissingDataWarning,
    bottom_40,
    circumstances_table,
    household_circumstances,
    opportunities_table,
    opportunity,
    person_circumstances,
)


def quiet_opportunity(name, households, persons, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        return opportunity(name, households, persons, **kwargs)


def outcomes_by_household(name: str, cases: list[dict]) -> list:
    """The outcome of a household indicator for one family per case (None = dropped, "out" =
    ineligible)."""
    households, persons = [], []
    for hh_id, overrides in enumerate(cases, start=1):
        hh, members = family(hh_id, **overrides)
        households += hh
        persons += members
    table = quiet_opportunity(name, *make_survey(households, persons)).set_index("hh_id")[name]
    return [int(table[i]) if i in table.index else None for i in range(1, len(cases) + 1)]


def outcomes_by_person(name: str, members: list[dict]) -> list:
    """The outcome for each person of one household (None = dropped or outside the population)."""
    table = quiet_opportunity(name, *make_survey([household(1)], members)).set_index("person_id")[
        name
    ]
    return [int(table[p["person_id"]]) if p["person_id"] in table.index else None for p in members]


# --- the registry ---------------------------------------------------------------------------------


def test_registry_describes_every_indicator():
    table = opportunities_table()
    assert set(table.index) == {
        "electricity",
        "clean_fuel",
        "basic_water",
        "basic_sanitation",
        "secondary_completion_20_35",
        "higher_education_25_35",
        "bank_account",
        "health_insurance",
        "internet_use",
        "stunting",
        "child_marriage",
    }
    assert set(table.loc[table["kind"] == "barrier"].index) == {"stunting", "child_marriage"}
    assert (
        table.loc["electricity", "unit"] == "household"
        and table.loc["bank_account", "unit"] == "person"
    )
    assert table.loc["stunting", "circumstances"].startswith("Wealth, Residence, Education")
    for spec in OPPORTUNITIES.values():
        assert set(spec.circumstances) <= set(CIRCUMSTANCES)


def test_circumstances_table_lists_the_labels():
    table = circumstances_table()
    assert table.loc["residence", "categories"] == "Urban, Rural"
    assert table.loc["children_under5", "categories"].startswith("No children under 5")


# --- household indicators -------------------------------------------------------------------------


def test_electricity():
    assert outcomes_by_household(
        "electricity", [{"electricity": True}, {"electricity": False}, {"electricity": None}]
    ) == [1, 0, None]


def test_clean_fuel_excludes_households_that_do_not_cook():
    fuels = [
        "electricity",
        "lpg",
        "biogas",
        "kerosene",
        "charcoal",
        "wood",
        "straw_crop_dung",
        "no_cooking",
    ]
    assert outcomes_by_household("clean_fuel", [{"cooking_fuel": f} for f in fuels]) == [
        1,
        1,
        1,
        0,
        0,
        0,
        0,
        None,
    ]
    households, persons = [], []
    for hh_id, fuel in enumerate(fuels, start=1):
        hh, members = family(hh_id, cooking_fuel=fuel)
        households += hh
        persons += members
    table = opportunity("clean_fuel", *make_survey(households, persons))
    assert (
        table.attrs["ineligible"] == 1
        and table.attrs["population"] == 7
        and table.attrs["dropped"] == 0
    )


def test_basic_water():
    cases = [
        ("piped_dwelling", 0, 1),
        ("tube_well", 30, 1),
        ("tube_well", 31, 0),
        ("surface_water", 0, 0),
        ("unprotected_well", None, 0),
        ("tube_well", None, None),
        (None, 5, None),
    ]
    overrides = [
        {"water_source": source, "water_time_min": minutes} for source, minutes, _ in cases
    ]
    assert outcomes_by_household("basic_water", overrides) == [expected for *_, expected in cases]


def test_basic_sanitation():
    cases = [
        ("vip", False, 1),
        ("vip", True, 0),
        ("hanging", False, 0),
        ("bucket", None, 0),
        ("vip", None, None),
    ]
    overrides = [{"sanitation": s, "sanitation_shared": shared} for s, shared, _ in cases]
    assert outcomes_by_household("basic_sanitation", overrides) == [
        expected for *_, expected in cases
    ]


# --- individual indicators ------------------------------------------------------------------------


def test_secondary_completion_for_ages_20_to_35():
    members = [
        person(1, 1, 19, "male", years_schooling=12),
        person(1, 2, 20, "male", years_schooling=12),
        person(1, 3, 35, "female", years_schooling=11),
        person(1, 4, 36, "female", years_schooling=12),
        person(1, 5, 28, "female", years_schooling=pd.NA),
    ]
    assert outcomes_by_person("secondary_completion_20_35", members) == [None, 1, 0, None, None]


def test_higher_education_for_ages_25_to_35():
    members = [
        person(1, 1, 25, "male", education_level="higher"),
        person(1, 2, 30, "female"),
        person(1, 3, 24, "male", education_level="higher"),
    ]
    assert outcomes_by_person("higher_education_25_35", members) == [1, 0, None]


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [("bank_account", 15, 120), ("health_insurance", 15, 120), ("internet_use", 15, 49)],
)
def test_person_yes_no_indicators_and_their_ages(name, low, high):
    column = name
    members = [
        person(1, 1, low - 1, "male"),
        person(1, 2, low, "female", **{column: True}),
        person(1, 3, min(high, 90), "male", **{column: False}),
        person(1, 4, 40, "male", **{column: pd.NA}),
    ]
    if high < 90:
        members.append(person(1, 5, high + 1, "female", **{column: True}))
    expected = [None, 1, 0, None] + ([None] if high < 90 else [])
    assert outcomes_by_person(name, members) == expected


def test_stunting_uses_measured_children_under_5_and_the_mothers_education():
    members = [
        person(1, 1, 30, "female", education_level="primary"),
        person(1, 2, 2, "male", haz=-2.01, mother_line=1),
        person(1, 3, 4, "female", haz=-2.0, mother_line=1),
        person(1, 4, 1, "male", haz=np.nan, mother_line=1),
        person(1, 5, 5, "male", haz=-3.0, mother_line=1),
        person(1, 6, 3, "female", haz=-3.0),  # mother not in the household: education unknown
    ]
    survey = make_survey([household(1)], members)
    with pytest.warns(MissingDataWarning, match="dropped 2 of 4"):
        table = opportunity("stunting", *survey)
    assert table.set_index("person_id")["stunting"].to_dict() == {102: 1, 103: 0}
    assert table["education"].astype(str).tolist() == ["Primary", "Primary"]
    assert table["children_under5"].astype(str).eq("2+ children under 5").all()
    assert table.attrs["kind"] == "barrier" and table.attrs["missing"] == {
        "stunting": 1,
        "wealth": 0,
        "residence": 0,
        "education": 1,
        "sex": 0,
        "children_under5": 0,
        "region": 0,
    }


def test_child_marriage_for_women_20_to_24():
    members = [
        person(1, 1, 22, "female", marital_status="married", age_first_marriage=17),
        person(1, 2, 22, "female", marital_status="married", age_first_marriage=18),
        person(1, 3, 20, "female", marital_status="never married", age_first_marriage=pd.NA),
        person(1, 4, 24, "female", marital_status="widowed", age_first_marriage=pd.NA),
        person(1, 5, 22, "male", marital_status="married"),
        person(1, 6, 25, "female", age_first_marriage=15),
    ]
    assert outcomes_by_person("child_marriage", members) == [1, 0, 0, None, None, None]


# --- circumstances --------------------------------------------------------------------------------


def test_household_circumstances_have_readable_labels():
    households, persons = [], []
    for hh_id, overrides in enumerate(
        [{"urban": True, "wealth_quintile": 2}, {"urban": False, "wealth_quintile": 3}], 1
    ):
        hh, members = family(hh_id, **overrides)
        households += hh
        persons += members
    hh, people = make_survey(households, persons)
    table = household_circumstances(
        ["wealth", "residence", "region", "children_under5", "education", "disability"], hh, people
    )
    assert table.astype(str).to_dict("list") == {
        "wealth": ["Bottom 40", "Top 60"],
        "residence": ["Urban", "Rural"],
        "region": ["Phnom Penh"] * 2,
        "children_under5": ["1 child under 5"] * 2,
        "education": ["Lower secondary"] * 2,
        "disability": ["Without disability"] * 2,
    }
    assert table["wealth"].cat.ordered and list(table["residence"].cat.categories) == [
        "Urban",
        "Rural",
    ]


def test_household_education_is_the_highest_known_level_and_disability_any_member():
    members = [
        person(1, 1, 40, "male", education_level="none", disability=True),
        person(1, 2, 17, "female", education_level="upper secondary"),
        person(1, 3, 30, "female", education_level=np.nan),
    ]
    table = household_circumstances(
        ["education", "disability"], *make_survey([household(1)], members)
    )
    assert table.astype(str).iloc[0].tolist() == ["Upper secondary", "With disability"]


def test_person_circumstances_age_groups_and_sex():
    members = [
        person(1, i, age, sex)
        for i, (age, sex) in enumerate(
            [
                (14, "male"),
                (15, "female"),
                (24, "male"),
                (25, "female"),
                (34, "male"),
                (35, "female"),
            ],
            1,
        )
    ]
    table = person_circumstances(
        ["age_group", "sex", "residence"], *make_survey([household(1, urban=False)], members)
    )
    assert table["age_group"].astype(object).where(table["age_group"].notna(), None).tolist() == [
        None,
        "15-24",
        "15-24",
        "25-34",
        "25-34",
        "35+",
    ]
    assert table["sex"].astype(str).tolist() == ["Male", "Female"] * 3
    assert table["residence"].astype(str).eq("Rural").all()


def test_income_split_uses_consumption_weighted_by_persons():
    households, persons = [], []
    for hh_id, consumption in enumerate([100.0, 200.0, 300.0], start=1):
        hh, members = family(hh_id, consumption_pc=consumption)  # four persons each
        households += hh
        persons += members
    table = household_circumstances(["income"], *make_survey(households, persons))
    assert table["income"].astype(str).tolist() == ["Bottom 40", "Bottom 40", "Top 60"]


def test_bottom_40_golden():
    values = pd.Series([10.0, 20.0, 30.0, 40.0, 50.0])
    assert bottom_40(values, pd.Series([1.0] * 5)).tolist() == [True, True, False, False, False]
    # 10 carries 39% of the weight: the next value is still in the bottom 40
    assert bottom_40(values, pd.Series([39.0, 1.0, 20.0, 20.0, 20.0])).tolist() == [
        True,
        True,
        False,
        False,
        False,
    ]
    assert bottom_40(values, pd.Series([40.0, 1.0, 19.0, 20.0, 20.0])).tolist() == [
        True,
        False,
        False,
        False,
        False,
    ]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.floats(0.1, 10)), min_size=1, max_size=40))
def test_bottom_40_covers_at_least_40_percent_and_is_a_lower_set(rows):
    values = pd.Series([float(v) for v, _ in rows])
    weights = pd.Series([w for _, w in rows])
    flags = bottom_40(values, weights).astype(bool)
    total = weights.sum()
    assert weights[flags].sum() >= 0.4 * total - 1e-9
    if flags.any():
        top = values[flags].max()
        assert (values[~flags] > top).all()  # everyone poorer than a bottom-40 member is bottom 40
        assert weights[values < top].sum() < 0.4 * total + 1e-9


# --- output, reporting and errors -----------------------------------------------------------------


def test_output_columns_for_household_and_person_indicators():
    survey = make_survey(*family(psu=5, stratum=31))
    table = opportunity("electricity", *survey)
    assert list(table.columns) == [
        "hh_id",
        "electricity",
        "weight",
        "stratum",
        "psu",
        "wealth",
        "residence",
        "education",
        "region",
    ]
    assert table["electricity"].dtype == "int8" and table.attrs["dropped"] == 0
    people = opportunity("bank_account", *survey)
    assert list(people.columns[:6]) == [
        "hh_id",
        "person_id",
        "bank_account",
        "weight",
        "stratum",
        "psu",
    ]
    assert people["psu"].eq(5).all() and people["stratum"].eq(31).all()


def test_sp2lnob_circumstances_can_be_chosen():
    table = opportunity(
        "bank_account",
        *make_survey(*family()),
        circumstances=["income", "residence", "education", "sex", "age_group", "disability"],
    )
    assert list(table.columns[-6:]) == [
        "income",
        "residence",
        "education",
        "sex",
        "age_group",
        "disability",
    ]


def test_no_warning_when_nothing_is_dropped():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opportunity("electricity", *make_survey(*family()))


@pytest.mark.parametrize(
    ("name", "kwargs", "error", "pattern"),
    [
        ("water", {}, KeyError, "unknown indicator 'water'"),
        ("electricity", {"circumstances": ["caste"]}, KeyError, "unknown circumstance.*caste"),
        (
            "electricity",
            {"circumstances": ["sex"]},
            ValueError,
            "not defined for household indicators",
        ),
        ("electricity", {"circumstances": ["wealth", "wealth"]}, ValueError, "repeat"),
        ("child_marriage", {}, ValueError, "no complete rows"),
    ],
)
def test_bad_requests_raise_clearly(name, kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        quiet_opportunity(name, *make_survey(*family()), **kwargs)


def test_bad_wealth_quintile_is_named():
    hh, people = make_survey(*family(wealth_quintile=6))
    with pytest.raises(ValueError, match=r"wealth_quintile.*\[6\]"):
        opportunity("electricity", hh, people)


def test_missing_question_column_is_named():
    hh, people = make_survey(*family())
    with pytest.raises(KeyError, match="internet_use"):
        opportunity("internet_use", hh, people.drop(columns="internet_use"))
