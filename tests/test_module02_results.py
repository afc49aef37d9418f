"""Module 2 (multidimensional poverty): the results the lessons state in words hold on the shipped data.

The lessons quote their numbers with inline ``{eval}`` roles, so the numbers themselves always come
from the code. What the code cannot guarantee is the *words* around them: "the poorest provinces are
small", "rural poverty is higher at every cutoff", "most of the design effect comes from the
household". These tests recompute each lesson's results with ``sptools``, as the lessons do, and
assert every statement of that kind, so that a change to the data or the library that would make
a sentence false fails here, not silently in the book. (The lessons carry no asserts: a
participant who edits a cell must not trip one.)
"""

from __future__ import annotations

import warnings
from fractions import Fraction
from functools import cache

import numpy as np
import pandas as pd
import pytest

from sptools import Design
from sptools.datasets import cambodia_facts, load_households, load_persons
from sptools.indicators import MissingDataWarning, global_mpi
from sptools.mpi import (
    GLOBAL_MPI,
    alkire_foster,
    alkire_foster_gaps,
    change_by_indicator,
    change_over_time,
    compare_groups,
    compare_rounds,
    decompose_change,
    indicator_redundancy,
    k_dominance,
    k_sweep,
    rank_robustness,
)
from sptools.mpi_design import CANDIDATES, candidate_indicators, design_weights, evaluate_design
from sptools.targeting import overlap, targeting_errors

K = Fraction(1, 3)


# -- the survey, as the lessons load it --------------------------------------------------------
@cache
def households(round: int = 2022) -> pd.DataFrame:
    return load_households(round)


@cache
def persons(round: int = 2022) -> pd.DataFrame:
    return load_persons(round)


@cache
def deprivations(round: int = 2022) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MissingDataWarning)
        table = global_mpi(households(round), persons(round))
    disability = persons(round).set_index("person_id")["disability"]
    return table.assign(
        area=np.where(table["urban"], "Urban", "Rural"),
        disability=np.where(
            table["person_id"].map(disability), "With a disability", "Without a disability"
        ),
        age_group=pd.cut(
            table["age"],
            bins=[-1, 17, 59, 200],
            labels=["Children (0-17)", "Adults (18-59)", "Older people (60+)"],
        ).astype(str),
    )


@cache
def design(round: int = 2022) -> Design:
    """The survey design, declared once per round as the lessons do."""
    return Design(deprivations(round))


def survey_design(round: int = 2022) -> dict:
    return {"design": design(round)}


def estimate(data: pd.DataFrame, *, round: int = 2022, by: str | None = None, k=K, weights=None):
    """The global MPI (or ``weights``) of ``data``, a domain of the ``round`` survey."""
    return alkire_foster(data, weights or GLOBAL_MPI, k, by=by, **survey_design(round))


@cache
def national(round: int = 2022):
    return estimate(deprivations(round), round=round)


@cache
def by_group(by: str, round: int = 2022):
    return estimate(deprivations(round), round=round, by=by)


# -- lesson 1: counting deprivations --------------------------------------------------------------
ACHIEVEMENTS = pd.DataFrame(
    [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20.0, 11, 3, 1]],
    columns=["income", "schooling", "health", "vote"],
)
CUTOFFS = pd.Series({"income": 13, "schooling": 12, "health": 3, "vote": 1})
EQUAL = {name: Fraction(1, 4) for name in CUTOFFS.index}


def test_lesson1_the_four_people_give_the_published_answers():
    deprived = (ACHIEVEMENTS < CUTOFFS).astype(int)
    assert deprived.sum(axis=1).tolist() == [0, 2, 4, 1]
    result = alkire_foster(deprived, EQUAL, Fraction(1, 2))
    assert (result.H, result.A, result.M0) == (1 / 2, 3 / 4, 3 / 8)  # "Half the people are poor"
    assert np.allclose(result.indicators["uncensored"], [1 / 4, 3 / 4, 1 / 4, 1 / 2])
    assert np.allclose(result.indicators["censored"], [1 / 4, 1 / 2, 1 / 4, 1 / 2])
    assert np.allclose(result.indicators["contribution"], [1 / 6, 1 / 3, 1 / 6, 1 / 3])
    sweep = k_sweep(deprived, EQUAL)
    assert sweep.loc[Fraction(1, 4), ["H", "A", "M0"]].tolist() == [3 / 4, 7 / 12, 7 / 16]
    assert sweep.loc[Fraction(1), ["H", "A", "M0"]].tolist() == [1 / 4, 1, 1 / 4]
    gaps = alkire_foster_gaps(ACHIEVEMENTS, CUTOFFS.to_dict(), EQUAL, Fraction(1, 2))
    assert np.isclose(gaps.M1, 171 / 832) and np.isclose(gaps.M2, 21475 / 129792)


def test_lesson1_exact_arithmetic_and_the_exercises():
    assert sum([1 / 15] * 6) < 0.4  # "a hair below 0.4"
    fifteen = pd.DataFrame([[1] * 6 + [0] * 9], columns=[f"d{j}" for j in range(15)])
    assert alkire_foster(fifteen, {name: 1 / 15 for name in fifteen}, 0.4).H == 1.0
    deprived = (ACHIEVEMENTS < CUTOFFS).astype(int)
    union = alkire_foster(deprived, EQUAL, Fraction(1, 4))
    assert union.A < 3 / 4 and union.M0 > 3 / 8  # ex02-mpi-1: A falls while M0 rises
    unequal = {"income": Fraction(1, 2)} | {
        j: Fraction(1, 6) for j in ("schooling", "health", "vote")
    }
    assert alkire_foster(deprived, unequal, Fraction(1, 2)).H == 0.25  # ex02-mpi-2


# -- lesson 2: the global MPI ---------------------------------------------------------------------
def test_lesson2_missing_data_and_the_indicators():
    retained = deprivations().attrs["retained"]
    assert 0.95 < retained["weighted_share"] < 1
    result = national()
    uncensored = result.indicators["uncensored"]
    assert uncensored.idxmax() == "d_ckfl"  # "many people who cook with wood are not poor"
    assert result.indicators["censored"].max() < uncensored["d_ckfl"]
    assert np.isclose(result.indicators["contribution"].sum(), 1)
    assert np.isclose(result.dimensions["contribution"].sum(), 1)
    assert (result.indicators["censored"] <= uncensored).all()


def test_lesson2_matches_the_published_figures():
    facts = cambodia_facts()["multidimensional_poverty"]
    result, result_2014 = national(2022), national(2014)
    assert abs(result.M0 - facts["cdhs_2021_22"]["MPI"]) < 0.01
    assert abs(result.H - facts["cdhs_2021_22"]["H"]) < 0.02
    assert abs(result.A - facts["cdhs_2021_22"]["A"]) < 0.02
    assert abs(result_2014.M0 - facts["cdhs_2014_harmonised"]["MPI"]) < 0.015
    assert abs(result_2014.H - facts["cdhs_2014_harmonised"]["H"]) < 0.02
    assert np.isclose(result.M0, result.H * result.A)


def test_lesson2_the_count_of_poor_people_refers_to_everyone_the_survey_represents():
    result = national()
    everyone = persons()["weight"].sum()
    kept = deprivations()["weight"].sum()
    census = cambodia_facts()["population"]["census_2019"]["total"]
    assert everyone == pytest.approx(census, rel=1e-6)  # "the 2019 census population"
    assert result.H * everyone == pytest.approx(2.545e6, rel=2e-3)
    assert result.H * kept == pytest.approx(2.500e6, rel=2e-3)  # "too few"
    assert 1 - kept / everyone == pytest.approx(0.018, abs=0.001)
    assert result.n_poor() == pytest.approx(result.H * everyone)  # what n_poor() gives
    assert result.n_poor().se > 0


# -- lesson 3: analysis for policy ----------------------------------------------------------------
def test_lesson3_provinces():
    provinces = by_group("province").groups.sort_values("M0", ascending=False)
    assert np.isclose((provinces["population_share"] * provinces["M0"]).sum(), national().M0)
    assert np.isclose(provinces["contribution"].sum(), 1)
    top_five = {"Preah Vihear", "Stung Treng", "Ratanakiri", "Mondulkiri", "Kratie"}
    assert set(provinces.index[:5]) == top_five and provinces.index[-1] == "Phnom Penh"
    largest = provinces["contribution"].idxmax()
    # "the poorest provinces are small": the poorest is not the largest contributor
    assert largest != provinces.index[0]
    assert provinces.loc[largest, "contribution"] > provinces["contribution"].iloc[0]


def test_lesson3_areas_and_what_drives_poverty():
    result = by_group("area")
    rural, urban = result.groups.loc["Rural"], result.groups.loc["Urban"]
    assert rural["H"] > urban["H"] and rural["contribution"] > rural["population_share"]
    shares = pd.concat(
        [
            national().indicators["contribution"].rename("National").to_frame().T,
            result.group_indicators["contribution"].unstack(),
        ]
    )
    assert np.allclose(shares.sum(axis=1), 1)
    living = ["d_ckfl", "d_sani", "d_wtr", "d_elct", "d_hsg", "d_asst"]
    for name, row in shares.iterrows():  # what the contributions chart's alt text says
        assert set(row.nlargest(2).index) == {"d_nutr", "d_educ"}
        if name != "Urban":
            assert row[living].idxmax() == "d_ckfl"
    assert shares.loc["Urban", "d_satt"] > shares.loc["Rural", "d_satt"]


def test_lesson3_age_groups():
    ages = by_group("age_group").groups
    assert ages["H"].idxmin() == "Adults (18-59)"
    assert np.isclose((ages["population_share"] * ages["M0"]).sum(), national().M0)


def test_lesson3_health_deprivations_need_no_child_in_the_household():
    """The lesson says women's BMI and reported child deaths make a household without children
    deprived: there must be such households."""
    table = deprivations()
    children = table.assign(child=table["age"] < 18).groupby("hh_id")["child"].any()
    without_children = table[~table["hh_id"].map(children)]
    assert without_children["d_nutr"].sum() > 0
    assert without_children["d_cm"].sum() > 0


def test_lesson3_disability_is_compared_on_persons_aged_5_or_more():
    table = deprivations()
    assert not persons().loc[persons()["age"] < 5, "disability"].any()  # never asked: coded False
    aged_5_plus = estimate(table[table["age"] >= 5], by="disability").groups
    everyone = by_group("disability").groups
    under_5 = estimate(table[table["age"] < 5])
    with_disability = aged_5_plus.loc["With a disability", "H"]
    assert with_disability == pytest.approx(0.249, abs=0.001)
    assert aged_5_plus.loc["Without a disability", "H"] == pytest.approx(0.152, abs=0.001)
    assert everyone.loc["Without a disability", "H"] == pytest.approx(0.162, abs=0.001)
    assert under_5.H == pytest.approx(0.221, abs=0.001)
    # Under-5s are poorer than the persons aged 5+ without a disability, so mixing them in
    # understates the gap.
    assert under_5.H > aged_5_plus.loc["Without a disability", "H"]
    gap_5_plus = with_disability - aged_5_plus.loc["Without a disability", "H"]
    gap_everyone = (
        everyone.loc["With a disability", "H"] - everyone.loc["Without a disability", "H"]
    )
    assert gap_5_plus > gap_everyone > 0


def test_lesson3_change_over_time():
    before, after = national(2014), national(2022)
    changes = change_over_time(before, after, years=2022 - 2014)
    assert (changes["p_value"] < 0.05).all() and (changes["absolute"] < 0).all()
    split = decompose_change(before, after)
    by_h, by_a = split.loc["H", "contribution"], split.loc["A", "contribution"]
    assert np.isclose(by_h, (after.H - before.H) * (before.A + after.A) / 2)  # the formula shown
    assert np.isclose(by_h + by_a, after.M0 - before.M0)
    assert by_h < by_a < 0  # both fell; most of the fall: fewer poor people
    assert split.loc["H", "share"] > 0.5
    by_indicator = change_by_indicator(before, after)
    assert np.isclose(by_indicator["contribution"].sum(), after.M0 - before.M0)  # "complete"
    assert (by_indicator["change"] < 0).all()
    # the chart's alt text: cooking fuel, electricity and sanitation fell most
    assert set(by_indicator["change"].nsmallest(3).index) == {"d_ckfl", "d_elct", "d_sani"}


def test_lesson3_exercises():
    falls = compare_rounds(by_group("province", 2014), by_group("province"), "M0")
    assert falls.drop(index="national").sort_values("difference").head(5)["significant"].all()
    table = deprivations()
    children = estimate(table[table["age"] < 18], by="area").groups
    assert np.isclose(children["contribution"].sum(), 1)
    assert children.loc["Rural", "contribution"] > children.loc["Rural", "population_share"]


# -- lesson 4: robustness and precision ------------------------------------------------------------
def test_lesson4_k_curves_and_dominance():
    table = deprivations()
    sweep = k_sweep(table, GLOBAL_MPI, **survey_design())
    assert (np.diff(sweep["H"]) <= 0).all() and (np.diff(sweep["M0"]) <= 0).all()
    assert np.isclose(sweep.loc[K, "M0"], national().M0)
    assert sweep.loc[Fraction(1, 18), "H"] > 0.7 and sweep.loc[K, "H"] < 0.2  # the alt text
    assert sweep.loc[sweep["k_value"] > 0.7, "H"].max() < 0.01
    rural = k_sweep(table[~table["urban"]], GLOBAL_MPI, **survey_design())
    urban = k_sweep(table[table["urban"]], GLOBAL_MPI, **survey_design())
    dominance = k_dominance(rural, urban, "H")
    assert dominance.first_dominates and not dominance.flips  # rural dominates
    equal = dominance.table.index[dominance.table["order"] == 0].tolist()
    assert equal == [Fraction(1)] and rural.loc[Fraction(1), "H"] == 0  # "nobody is poor", k = 1


def test_lesson4_rankings_survive_k():
    m0_by_k = pd.DataFrame(
        {
            name: estimate(deprivations(), by="province", k=cutoff).groups["M0"]
            for name, cutoff in {"1/5": Fraction(1, 5), "1/3": K, "1/2": Fraction(1, 2)}.items()
        }
    )
    significant = compare_groups(by_group("province"), "M0")
    assert (rank_robustness(m0_by_k, "1/3", significant=significant)["kendall_tau_b"] > 0.7).all()


def test_lesson4_most_of_the_design_effect_comes_from_the_household():
    table = deprivations()
    persons_alone = alkire_foster(table, GLOBAL_MPI, K, design=Design(table, strata=None, psu=None))
    households_alone = alkire_foster(table, GLOBAL_MPI, K, design=Design(table, psu="hh_id"))
    villages = national()
    assert np.isclose(persons_alone.H, villages.H) and np.isclose(households_alone.H, villages.H)
    assert persons_alone.se["H"] == pytest.approx(0.00128, abs=5e-6)
    assert households_alone.se["H"] == pytest.approx(0.00289, abs=5e-6)
    assert villages.se["H"] == pytest.approx(0.00336, abs=5e-6)
    against_persons = (villages.se["H"] / persons_alone.se["H"]) ** 2
    against_households = (villages.se["H"] / households_alone.se["H"]) ** 2
    assert against_persons == pytest.approx(6.84, abs=0.01)
    # "sampling villages rather than households costs about a third more variance"
    assert 1.25 < against_households < 1.45
    # "most of that is not the design's doing": the household accounts for most of the log ratio
    assert np.log(against_households) < np.log(against_persons) / 2


def test_lesson4_significant_differences_between_provinces():
    result = by_group("province")
    pairs = compare_groups(result, "M0")
    groups = result.groups
    first = groups.loc[pairs["group_a"]].reset_index(drop=True)
    second = groups.loc[pairs["group_b"]].reset_index(drop=True)
    overlapping = (first["M0_ci_low"] <= second["M0_ci_high"]) & (
        second["M0_ci_low"] <= first["M0_ci_high"]
    )
    assert len(pairs) == 25 * 24 // 2
    assert 0.3 < pairs["significant"].mean() < 0.95
    assert (
        overlapping & pairs["significant"]
    ).sum() > 0  # "two intervals that overlap are not a test"
    pair = pairs[pairs[["group_a", "group_b"]].isin(["Ratanakiri", "Mondulkiri"]).all(axis=1)]
    assert len(pair) == 1  # ex02-mpi-7


# -- lesson 5: designing a national MPI -----------------------------------------------------------
@cache
def candidates() -> pd.DataFrame:
    return candidate_indicators(households(), persons())


def test_lesson5_the_alternative_design():
    alternative = design_weights(
        {
            "Health": ["d_nutr", "d_cm", "d_insur"],
            "Education": ["d_educ", "d_satt"],
            "Living standards": ["d_ckfl", "d_sani", "d_wtr", "d_elct", "d_hsg", "d_asst"],
            "Inclusion": ["d_bank"],
        }
    )
    comparison = evaluate_design(candidates(), alternative, K)
    summary = comparison.summary
    assert 1.6 < summary.loc["H", "design"] / summary.loc["H", "baseline"] < 2.4  # "nearly doubles"
    assert comparison.design.indicators.loc[["d_insur", "d_bank"], "contribution"].sum() > 0.3
    assert comparison.ranking["share_preserved"] > 0.9  # "the ranking hardly moves"
    switching = comparison.switching.set_index(["poor (design)", "poor (baseline)"])["share"]
    assert abs(switching.sum() - 1) < 1e-9 and comparison.design.n == comparison.baseline.n
    assert switching[(True, False)] > switching[(False, True)]
    h = summary.loc["H"]  # "far from zero": the SE of the difference is small
    assert 0 < h["difference_se"] < h["difference"] / 10 and h["difference_ci_low"] > 0


def test_lesson5_redundancy():
    data = candidates()
    indicators = [name for members in GLOBAL_MPI.values() for name in members]
    pairs = indicator_redundancy(
        data, [*indicators, *CANDIDATES], design=Design(data), missing="drop"
    )
    first, second = pairs.iloc[0], pairs.iloc[1]
    # "by definition, everyone without six years of schooling also lacks nine"
    assert {first["indicator_a"], first["indicator_b"]} == {"d_educ", "d_lsec"}
    assert first["r0"] == pytest.approx(1)
    # "the next pairs all involve cooking fuel ... R0 high while Cramer's V stays low"
    assert (pairs.iloc[1:3][["indicator_a", "indicator_b"]] == "d_ckfl").any(axis=1).all()
    assert second["indicator_a"] == "d_ckfl" and second["share_a"] > 0.5
    assert second["r0"] > 0.8 and second["cramers_v"] < 0.3


def test_lesson5_a_stricter_schooling_cutoff_raises_H():
    stricter = design_weights(
        {
            "Health": ["d_nutr", "d_cm"],
            "Education": ["d_lsec", "d_satt"],
            "Living standards": ["d_ckfl", "d_sani", "d_wtr", "d_elct", "d_hsg", "d_asst"],
        }
    )
    summary = evaluate_design(candidates(), stricter, K).summary
    assert summary.loc["H", "design"] > summary.loc["H", "baseline"]


# -- lesson 6: MPI and targeting --------------------------------------------------------------------
def test_lesson6_overlap_and_targeting_errors():
    table = deprivations()
    status = households().set_index("hh_id")[["poor", "idpoor"]]
    people = table.join(status, on="hh_id").assign(
        mpi_poor=national().poor.to_numpy(), in_idpoor=lambda d: d["idpoor"] != "none"
    )
    people["consumption_poor"] = people["poor"]
    flags = people[["mpi_poor", "consumption_poor", "in_idpoor"]]
    share = overlap(flags, people["weight"]).set_index(list(flags))["share"].sort_index()
    assert abs(share.sum() - 1) < 1e-9 and abs(share.loc[(True,)].sum() - national().H) < 1e-9
    assert share.idxmax() == (False, False, False)
    assert (share.drop((False, False, False)) < 0.1).all()  # the chart's alt text
    targets = {
        "MPI-poor": people["mpi_poor"],
        "Consumption-poor": people["consumption_poor"],
        "either": people["mpi_poor"] | people["consumption_poor"],
    }
    errors = pd.DataFrame(
        {
            name: targeting_errors(t, people["in_idpoor"], people["weight"])
            for name, t in targets.items()
        }
    ).T
    assert (errors["coverage"] + errors["exclusion_error"] - 1).abs().max() < 1e-12
    assert errors.loc["either", "inclusion_error"] <= errors["inclusion_error"].min() + 1e-12
    level_1 = targeting_errors(people["mpi_poor"], people["idpoor"] == "level 1", people["weight"])
    assert level_1["exclusion_error"] >= errors.loc["MPI-poor", "exclusion_error"]  # ex02-mpi-10
