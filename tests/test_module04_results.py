"""Module 4's key results, checked on each lesson's own kernel after it ran top to bottom.

The lessons hold no assert a participant could trip: the checks live here (the pattern of
tests/test_module00_key_results.py). Each lesson runs once, in a temporary folder; the tests then
run a few lines in its kernel, including the code of the lesson's exercise solutions.
"""

from __future__ import annotations

import pytest
from conftest import REPOSITORY
from notebook_kernel import lesson_kernel, solution_code

pytestmark = pytest.mark.slow

MODULE = REPOSITORY / "modules" / "04-costing"


@pytest.fixture(scope="module")
def costs(tmp_path_factory):
    yield from lesson_kernel(MODULE / "01-what-a-scheme-costs.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def buys(tmp_path_factory):
    yield from lesson_kernel(MODULE / "02-what-it-buys.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def finance(tmp_path_factory):
    yield from lesson_kernel(MODULE / "03-financing.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def shock(tmp_path_factory):
    yield from lesson_kernel(MODULE / "04-shock-response.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def simulator(tmp_path_factory):
    yield from lesson_kernel(MODULE / "05-simulator.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def brief(tmp_path_factory):
    yield from lesson_kernel(MODULE / "06-policy-brief.ipynb", tmp_path_factory)


def test_the_identity_by_hand_the_projection_and_the_family_package(costs):
    costs("""
assert cost_by_hand == 240_000 * 20_000 * 12 * 1.05
assert abs(self_check - 0.012348) < 1e-9                    # worked_examples.md
assert abs(matches_by_hand - 1) < 1e-9                       # the projection is the identity
assert abs(first["beneficiaries"] - identified) < 1e-6       # everyone identified, in 2025
assert last["cost_khr"] > first["cost_khr"] and last["cost_pct_gdp"] < first["cost_pct_gdp"]
assert survey_estimate > identified                          # the survey counts more
assert indexing.loc[2035, "not indexed"] < indexing.loc[2035, "indexed to prices"]
assert abs(budget_usd - 165e6) < 1
assert designed_usd > budget_usd                             # "costs more than its budget"
assert pv["total"] > 0
""")
    for code in solution_code(MODULE / "01-what-a-scheme-costs.ipynb"):
        costs(code)
    costs("""
falls = pension_pct[2035] / pension_pct[2025]
assert last["cost_pct_gdp"] / first["cost_pct_gdp"] < falls < 1   # ageing slows the erosion
""")


def test_what_it_buys_reads_as_the_text_says(buys):
    buys("""
assert (national["P0 change (points)"] < 0).all()
assert (national["P0 change (points)"].abs() > 1.96 * national["SE (points)"]).all()
assert package_row["P0 change (points)"] == national["P0 change (points)"].min()
assert best_per_riel == "Family Package (as designed)"
assert best_for_disability == "social pension 65+"
fp = level1.loc["Family Package (as designed)", "P0 change (points)"]
assert fp == level1["P0 change (points)"].drop("package: child + pension + disability").min()
assert palma_change["package: child + pension + disability"] < 0
assert 0 < base_exclusion < 0.5
assert len(anchors) == 4
""")
    for code in solution_code(MODULE / "02-what-it-buys.ipynb"):
        buys(code)
    buys("assert per_riel.index[0] == best_per_riel")


def test_financing_closes_the_gap_as_the_text_says(finance):
    finance("""
assert plan.loc[2025, "financed_share"] < 1 and first_financed_year is not None
assert (plan.loc[first_financed_year:, "financed_share"] == 1).all()
assert slow_plan.loc[2035, "cost_pct_revenue"] > plan.loc[2035, "cost_pct_revenue"]
assert phased_plan.loc[2025, "cost_pct_revenue"] < plan.loc[2025, "cost_pct_revenue"]
assert abs(phased_plan.loc[2027, "cost_khr"] - plan.loc[2027, "cost_khr"]) < 1
assert national[("P0", "change")] < 0
assert len(sheet) == 3
""")
    for code in solution_code(MODULE / "03-financing.ipynb"):
        finance(code)
    finance("assert abs(closed.loc[2027, 'financed_share'] - 1) < 1e-9 and tax_needed > 0")


def test_the_shock_responses_compare_as_the_text_says(shock):
    shock("""
assert abs(affected_2025 / in_2020 - 1) < 0.25               # the size of the 2020 floods
assert on_demand["leakage to unaffected (%)"] == 0
assert top_up["days to first payment"] == compared["days to first payment"].min()
both = top_up["coverage of affected poor (%)"] + geographic["coverage of affected poor (%)"]
assert abs(both - 100) < 1e-6                                # top-up + geographic reach all
assert (compared["P0 affected, response (%)"] <= compared["P0 affected, shock (%)"]).all()
before = 100 * results["vertical top-up"].poverty.loc["before", "P0"]
assert (compared["P0 affected, response (%)"] > before).all()  # none undoes the flood
assert 0.3 < new_poor_share < 0.8
assert covid_reported < covid_mean
assert inflation_mean < covid_mean
assert price_table.is_monotonic_increasing and price_table.min() > before_prices
""")
    for code in solution_code(MODULE / "04-shock-response.ipynb"):
        shock(code)
    shock("""
assert abs(longer.cost_khr / results["vertical top-up"].cost_khr - 1) < 1e-9
assert longer.coverage_affected_poor == results["vertical top-up"].coverage_affected_poor
""")


def test_the_simulator_shows_the_model(simulator):
    simulator("""
assert set(frame["panel"]) == {"projection", "shock"}
assert len(headline(frame)) == 2
""")


def test_the_brief_is_built_from_the_results(brief):
    brief("""
assert brief.startswith("# ") and "Synthetic data" in brief
assert f"{100 * group_change[('P0', 'change')]:+.1f} percentage points" in brief
assert group_change[("P0", "change")] < 0 and cost_2030 > 0
assert plan["financed_share"].eq(1).all()
""")
    for code in solution_code(MODULE / "06-policy-brief.ipynb"):
        brief(code)
    brief("assert older_change < 0 and older_cost_2030 > cost_2030")
