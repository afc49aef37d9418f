"""Tests of the synthetic survey generator: determinism, schema, structure, edge cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sptools.synth import generate, schema
from sptools.synth.design import allocate, strata_frame
from sptools.synth.members import GRANDCHILD, draw_members
from sptools.synth.targets import province_targets, round_targets


@pytest.fixture(scope="module")
def small_2022():
    return generate(3_000, seed=11, round=2022)


@pytest.fixture(scope="module")
def small_2014():
    return generate(3_000, seed=11, round=2014)


# --- determinism ----------------------------------------------------------------------------------


@pytest.mark.slow  # several seconds (tasks.py test --fast leaves it out)
def test_same_arguments_give_identical_frames(small_2022):
    households, persons = generate(3_000, seed=11, round=2022)
    pd.testing.assert_frame_equal(households, small_2022[0])
    pd.testing.assert_frame_equal(persons, small_2022[1])


def test_different_seed_or_round_gives_different_data(small_2022):
    other, _ = generate(3_000, seed=12, round=2022)
    assert not other["consumption_pc"].equals(small_2022[0]["consumption_pc"])
    assert not other["hh_size"].equals(small_2022[0]["hh_size"])


# --- schema ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["small_2022", "small_2014"])
def test_columns_and_dtypes_follow_the_schema(fixture, request):
    households, persons = request.getfixturevalue(fixture)
    for frame, dtypes, categories in (
        (households, schema.HOUSEHOLD_DTYPES, schema.HOUSEHOLD_CATEGORIES),
        (persons, schema.PERSON_DTYPES, schema.PERSON_CATEGORIES),
    ):
        assert list(frame.columns) == list(dtypes)
        for column, dtype in dtypes.items():
            assert str(frame[column].dtype) == dtype, column
            if column in categories:
                assert tuple(frame[column].cat.categories) == categories[column], column
                assert frame[column].cat.ordered == (column in schema.ORDERED), column
    provinces = province_targets(2022).sort_values("code")["province"].tolist()
    assert households["province"].cat.categories.tolist() == provinces


def test_ids_links_and_weights(small_2022):
    households, persons = small_2022
    assert households["hh_id"].is_unique and persons["person_id"].is_unique
    assert set(persons["hh_id"]) == set(households["hh_id"])
    sizes = persons.groupby("hh_id").size().reindex(households["hh_id"]).to_numpy()
    np.testing.assert_array_equal(sizes, households["hh_size"].to_numpy())
    heads = persons[persons["line"] == 1]
    assert (heads["relationship"] == "head").all()
    merged = persons.merge(households[["hh_id", "weight"]], on="hh_id", suffixes=("", "_hh"))
    np.testing.assert_array_equal(merged["weight"], merged["weight_hh"])
    targets = round_targets(2022)
    assert households["weight"].sum() == pytest.approx(targets.households, rel=1e-6)
    assert (households["weight"] * households["hh_size"]).sum() == pytest.approx(
        targets.population, rel=1e-6
    )
    assert (households["stratum"] == households["province_code"] * 10 + households["urban"]).all()


def test_hh_ids_are_unique_across_rounds(small_2022, small_2014):
    assert not set(small_2022[0]["hh_id"]) & set(small_2014[0]["hh_id"])


def test_psus_hold_about_22_households_and_nest_in_strata(small_2022):
    households = small_2022[0]
    assert households.groupby("psu")["stratum"].nunique().max() == 1
    sizes = households.groupby("psu").size()
    assert sizes.max() <= 33  # a stratum with 33 households is split into two PSUs


def test_universes_and_missing_values(small_2022):
    persons = small_2022[1]
    adult = persons["age"] >= 15
    assert (
        persons.loc[~adult, "work_status"].isna().all()
        and persons.loc[adult, "work_status"].notna().all()
    )
    assert persons.loc[persons["age"] < 10, "years_schooling"].isna().all()
    older = persons["age"] >= 10
    assert 0 < persons.loc[older, "years_schooling"].isna().mean() < 0.05
    child = persons["age"] < 5
    assert persons.loc[~child, ["haz", "waz"]].isna().all().all()
    assert 0 < persons.loc[child, "haz"].isna().mean() < 0.1
    woman = (persons["sex"] == "female") & persons["age"].between(15, 49)
    assert persons.loc[~woman, ["bmi", "births_5y", "child_deaths_5y"]].isna().all().all()
    assert (persons.loc[woman, "births_5y"] >= persons.loc[woman, "child_deaths_5y"]).all()
    assert persons.loc[persons["age"] < 5, "wg_seeing"].isna().all()
    asked = persons["age"].between(5, 24)
    assert persons.loc[~asked, "attending_school"].isna().all()
    severe = (
        persons[[f"wg_{d}" for d in schema.WG_DOMAINS]]
        .isin(["a lot of difficulty", "cannot do at all"])
        .any(axis=1)
    )
    assert (persons["disability"] == severe).all()
    assert (persons.loc[persons["nssf_member"], "work_status"] == "employee formal").all()


def test_household_variables_are_consistent(small_2022):
    households, persons = small_2022
    line = round_targets(2022).poverty_line
    assert (households["poor"] == (households["consumption_pc"] < line)).all()
    assert (households.loc[households["hef_card"], "idpoor"] != "none").all()
    assert (households.loc[households["receives_family_package"], "idpoor"] != "none").all()
    on_premises = households["water_source"].isin(
        ["piped_dwelling", "piped_yard", "rainwater", "bottled"]
    )
    assert (households.loc[on_premises, "water_time_min"] == 0).all()
    any_nssf = persons.groupby("hh_id")["nssf_member"].any().reindex(households["hh_id"]).to_numpy()
    np.testing.assert_array_equal(any_nssf, households["nssf_member"].to_numpy())
    assert set(households["wealth_quintile"]) == {1, 2, 3, 4, 5}


def _mothers(persons: pd.DataFrame) -> pd.DataFrame:
    """Each person with a mother_line, next to the mother's sex, age and household."""
    linked = persons[persons["mother_line"].notna()]
    mothers = persons.set_index(["hh_id", "line"])[["sex", "age", "relationship"]]
    key = pd.MultiIndex.from_arrays([linked["hh_id"], linked["mother_line"].astype("int64")])
    found = mothers.reindex(key).set_axis(linked.index).add_prefix("mother_")
    return linked.join(found)


@pytest.mark.parametrize("fixture", ["small_2022", "small_2014"])
def test_children_under_five_are_linked_to_their_mother(fixture, request):
    _, persons = request.getfixturevalue(fixture)
    under5 = persons["age"] < 5
    linked = persons.loc[under5, "mother_line"].notna()
    assert 0.85 <= linked.mean() < 0.97, "most mothers at home, some away (migration, death)"
    for relationship in ("child", "grandchild"):  # grandchildren too: a daughter or daughter-in-law
        assert linked[persons.loc[under5, "relationship"] == relationship].mean() > 0.85, (
            relationship
        )
    pairs = _mothers(persons)
    assert pairs["mother_age"].notna().all(), (
        "every mother_line names a member of the same household"
    )
    assert (pairs["mother_sex"] == "female").all()
    assert (pairs["mother_line"] != pairs["line"]).all()
    gap = pairs["mother_age"] - pairs["age"]
    assert gap.between(15, 49).all()
    young = pairs[pairs["age"] < 5]
    assert young["mother_age"].between(15, 49).all()
    grandchildren = pairs[pairs["relationship"] == "grandchild"]
    assert grandchildren["mother_relationship"].isin(["child", "other_relative"]).all()


@pytest.mark.parametrize(("seed", "head_age_mean"), [(0, 30.0), (1, 47.5), (2, 70.0)])
def test_drawn_mothers_are_women_of_the_household_of_plausible_age(seed, head_age_mean):
    members = draw_members(
        np.random.default_rng(seed), 5_000, mean_size=5.0, head_age_mean=head_age_mean
    )
    linked = np.flatnonzero(members.mother_line > 0)
    mother = members.starts[members.hh[linked]] + members.mother_line[linked] - 1
    assert (members.hh[mother] == members.hh[linked]).all() and (mother != linked).all()
    assert not members.male[mother].any()
    assert ((members.age[mother] - members.age[linked]) >= 15).all()
    assert ((members.age[mother] - members.age[linked]) <= 49).all()
    # all grandchildren of a household with a mother at home share her
    grandchild = linked[members.relationship[linked] == GRANDCHILD]
    per_household = (
        pd.Series(mother[np.isin(linked, grandchild)]).groupby(members.hh[grandchild]).nunique()
    )
    assert (per_household == 1).all()


def test_births_count_the_mothers_children_under_five(small_2022):
    _, persons = small_2022
    pairs = _mothers(persons)
    under5 = pairs[pairs["age"] < 5].groupby(["hh_id", "mother_line"]).size()
    women = persons[persons["births_5y"].notna()].set_index(["hh_id", "line"])
    living = (women["births_5y"] - women["child_deaths_5y"]).astype("int64")
    np.testing.assert_array_equal(living.reindex(under5.index.set_names(["hh_id", "line"])), under5)
    assert living.sum() == under5.sum(), "no woman has births without her children in the household"
    married = persons.set_index(["hh_id", "line"]).loc[
        under5.index.set_names(["hh_id", "line"]), "marital_status"
    ]
    assert (married != "never married").all()


@pytest.mark.parametrize("fixture", ["small_2022", "small_2014"])
def test_head_education_is_the_heads_own_level(fixture, request):
    households, persons = request.getfixturevalue(fixture)
    heads = persons[persons["relationship"] == "head"].set_index("hh_id")
    assert (heads["line"] == 1).all() and heads.index.is_unique
    own = heads["education_level"].reindex(households["hh_id"]).to_numpy()
    known = pd.notna(own)
    assert known.mean() > 0.95
    np.testing.assert_array_equal(households["head_education"].to_numpy()[known], own[known])
    assert households["head_education"].notna().all(), (
        "the true level when the head's own answer is missing"
    )


def test_no_family_package_in_2014(small_2014):
    assert not small_2014[0]["receives_family_package"].any()


# --- structure (gradients) ------------------------------------------------------------------------


def _person_rate(households, flag, by):
    w = households["weight"] * households["hh_size"]
    return (w * flag).groupby(by, observed=True).sum() / w.groupby(by, observed=True).sum()


def test_welfare_gradients(small_2022):
    households, _ = small_2022
    rate = _person_rate(households, households["poor"], households["province"])
    worst = {"Preah Vihear", "Stung Treng", "Ratanakiri", "Mondulkiri"}
    assert rate.idxmin() == "Phnom Penh"
    assert set(rate.sort_values().index[-4:]) == worst
    mean_consumption = households.groupby("province", observed=True)["consumption_pc"].median()
    assert mean_consumption.idxmax() == "Phnom Penh"
    by_education = _person_rate(households, households["poor"], households["head_education"])
    assert (
        by_education["none"]
        > by_education["primary"]
        > by_education["upper secondary"]
        > by_education["higher"]
    )
    electricity = _person_rate(households, households["electricity"], households["wealth_quintile"])
    assert electricity.is_monotonic_increasing
    idpoor = _person_rate(households, households["idpoor"] != "none", households["poor"])
    assert idpoor[True] > 3 * idpoor[False] > 0  # related to poverty, with inclusion errors


# --- design and edge cases ------------------------------------------------------------------------


def test_allocation_gives_every_stratum_a_household():
    strata = strata_frame(province_targets(2022), 15e6, 3.5e6)
    counts = allocate(50, strata["households"].to_numpy())
    assert (counts == 1).all()
    counts = allocate(20_000, strata["households"].to_numpy())
    assert counts.sum() == 20_000 and counts.min() >= 1


def test_tiny_sample_still_works():
    households, persons = generate(50, seed=1)
    assert len(households) == 50 and households["stratum"].nunique() == 50
    assert len(persons) == households["hh_size"].sum()
    assert (households["weight"] > 0).all()
    assert (households["weight"] * households["hh_size"]).sum() == pytest.approx(
        round_targets(2022).population, rel=1e-6
    )


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"round": 2019}, ValueError, "round must be one of"),
        ({"n_households": 49}, ValueError, "number of strata"),
        ({"n_households": 100.0}, TypeError, "n_households must be an integer"),
        ({"seed": -1}, ValueError, "seed must be a non-negative"),
        ({"round": True}, TypeError, "round must be an integer"),
    ],
)
def test_invalid_arguments_raise_clearly(kwargs, error, message):
    with pytest.raises(error, match=message):
        generate(**{"n_households": 100, **kwargs})
