"""Module 3's key results, checked on each lesson's own kernel after it ran top to bottom.

The lessons hold no assert a participant could trip: the checks live here (the pattern of
tests/test_module00_key_results.py). Each lesson runs once, in a temporary folder (lesson 6's
Excel export goes there); the tests then run a few lines in its kernel, including the code of the
lesson's exercise solutions.
"""

from __future__ import annotations

import pytest
from conftest import REPOSITORY
from notebook_kernel import lesson_kernel, solution_code

pytestmark = pytest.mark.slow

MODULE = REPOSITORY / "modules" / "03-sp2lnob"


def _solutions(name: str) -> list[str]:
    return solution_code(MODULE / f"{name}.ipynb")


@pytest.fixture(scope="module")
def intro(tmp_path_factory):
    yield from lesson_kernel(MODULE / "01-what-is-sp2lnob.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def tour(tmp_path_factory):
    yield from lesson_kernel(MODULE / "02-guided-tour.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def scenarios(tmp_path_factory):
    yield from lesson_kernel(MODULE / "03-cambodian-scenarios.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def budget(tmp_path_factory):
    yield from lesson_kernel(MODULE / "04-same-budget-different-designs.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def limits(tmp_path_factory):
    yield from lesson_kernel(MODULE / "05-limits-and-sensitivity.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    yield from lesson_kernel(MODULE / "06-policy-message.ipynb", tmp_path_factory)


def test_the_bottom_40_threshold_is_above_the_poverty_line(intro):
    intro("""
assert threshold > poverty_line == 333_100
assert "income" in opportunity_table.loc["electricity", "SP2LNOB circumstances"]
""")


def test_the_tour_meets_the_costing_identity_and_reads_its_outputs(tour):
    tour("""
assert abs(result.cost_pct_gdp - identity) < 1e-9, (result.cost_pct_gdp, identity)
assert abs(identity - 0.294 * 0.04 * 1.05) < 5e-4   # cambodia.yml self-check
assert abs(annual / gdp_per_capita - 0.04) < 1e-12
assert n_paid == is_eligible.sum()
assert "Rural" in behind_path and "Bottom 40" in behind_path
assert 0 <= behind_row["change"] < behind_row["se_before"] * 2   # "about the same"
assert p0_fall > 0 and p1_fall > 0
assert poverty.loc["after", "Palma"] < poverty.loc["before", "Palma"]
assert result.d_after <= result.d_before and result.hoi_after >= result.hoi_before
""")


def test_the_scenarios_compare_as_the_text_says(scenarios):
    scenarios("""
assert survey_disabled > identified                      # the survey counts more than the ID
assert abs(survey_in_idpoor_share - identified_in_idpoor_share) < 0.1
assert disability_reached["linked to IDPoor"] < disability_reached["linked to the disability ID"]
assert stunting_behind["rate_after"] <= stunting_behind["rate_before"]   # a barrier
assert pension_cost_ratio > 1
assert reached.loc["as designed (IDPoor)", "households"] > families_2024  # "reaches more"
assert errors.loc["with on-demand registration", "exclusion_error"] == 0
assert on_demand.cost_usd > designed.cost_usd
assert designed.cost_usd > budget_2024_usd
assert universal.cost_khr > designed.cost_khr
assert len(summary) == 8
""")


def test_the_scenario_solutions_run_and_make_sense(scenarios):
    solutions = _solutions("03-cambodian-scenarios")
    assert len(solutions) == 2
    for code in solutions:
        scenarios(code)
    scenarios("""
assert pension_idpoor.cost_khr < pension["pension 65+"].cost_khr
half_households = half_reach["households"]
assert 0 < half_households < reached.loc["with on-demand registration", "households"]
""")


def test_equal_budgets_and_targeting_cuts_poverty_more(budget):
    budget("""
assert abs(targeted.cost_khr / universal.cost_khr - 1) < 1e-9
assert targeted_share > 0.04
p0 = compared["P0 change (points)"]
assert p0.iloc[1] < p0.iloc[0] < 0                       # targeted falls more
table = deciles.pivot(index="decile", columns="design", values="gain_pct")
assert table.loc[1].idxmax() == "targeted: IDPoor children 0-14"
assert 0 < poor_children_missed < 1
assert errors.iloc[0]["exclusion_error"] < errors.iloc[1]["exclusion_error"]
""")
    for code in _solutions("04-same-budget-different-designs"):
        budget(code)
    budget("assert abs(under_five.cost_khr / universal.cost_khr - 1) < 1e-9")


def test_the_channel_changes_access_only(limits):
    limits("""
for case in cases:
    reclassify, model = by_channel[(case, "reclassify")], by_channel[(case, "model")]
    assert reclassify.poverty.equals(model.poverty) and reclassify.cost_khr == model.cost_khr
assert child_gain["reclassify"] != child_gain["model"]
random_half = coverage_table.query("selection == 'random' and `coverage (%)` == 50").iloc[0]
assert half_poorest["poverty reduction (points)"] > random_half["poverty reduction (points)"]
for _, rows in coverage_table.groupby("selection"):
    assert rows["cost (% of GDP)"].is_monotonic_increasing
""")
    for code in _solutions("05-limits-and-sensitivity"):
        limits(code)
    limits("assert pension_gap == pension_gap")  # a number, not NaN


def test_the_brief_workbook_reads_back(brief):
    brief("""
assert sheets == ["brief", "headline", "groups", "cost by scheme"]
assert workbook.with_suffix(".png").exists()
assert poverty_fall > 0 and extra_cost_usd > 0
""")
    for code in _solutions("06-policy-message"):
        brief(code)
    brief("assert pension_book.exists()")
