"""Module 5's key results (lessons 1, 4, 5 and 6), checked on each lesson's own kernel.

The lessons hold no assert a participant could trip: the checks live here (the pattern of
tests/test_module00_key_results.py). Each lesson runs once, in a temporary folder (lesson 5's
Excel export goes there); the tests then run a few lines in its kernel, including the code of the
lesson's exercise solutions. Every claim the prose makes about a number is asserted here.
"""

from __future__ import annotations

import pytest
from conftest import REPOSITORY
from notebook_kernel import lesson_kernel, solution_code

pytestmark = pytest.mark.slow

MODULE = REPOSITORY / "modules" / "05-sp-data"


def _solutions(name: str) -> list[str]:
    return solution_code(MODULE / f"{name}.ipynb")


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    yield from lesson_kernel(MODULE / "01-system-and-data-flows.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def coverage(tmp_path_factory):
    yield from lesson_kernel(MODULE / "04-coverage.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    yield from lesson_kernel(MODULE / "05-me-dashboard.ipynb", tmp_path_factory)


@pytest.fixture(scope="module")
def protection(tmp_path_factory):
    yield from lesson_kernel(MODULE / "06-data-protection.ipynb", tmp_path_factory)


def test_the_registers_lack_a_shared_key_as_the_text_says(system):
    system("""
assert no_id_idpoor > 0.5 > no_id_nssf                  # "most poor people would fall through"
assert completeness["year of birth only"].between(0.05, 0.2).all()   # "about one in ten"
assert 0 < in_several < 0.5 and duplicated_records > 0
assert people_in_registers < len(truth)
assert abs(disabled_in_idpoor - 0.30) < 0.08            # near the published 30%
""")
    (solution,) = _solutions("01-system-and-data-flows")
    system(solution)
    system("""
assert 0 < both_identifiers < 1 - no_id_nssf
""")


def test_sdg_131_two_ways_differ_as_the_text_says(coverage):
    coverage("""
assert admin_national < survey_low < survey_national < survey_high   # "far outside" the interval
assert (by_province["admin"] < by_province["ci_low"]).all()         # alt text: every province
# "most of the gap is the definition": household members come close to the survey.
assert abs(survey_national - admin_household_national) < (survey_national - admin_national) / 3
assert records_national > admin_national                # records overstate persons
# "barely moves" with the linkage; counting records moves it more.
assert abs(linked_national - admin_national) < 0.001 < records_national - admin_national
assert admin.duplicates > 0 and admin.exclusions.n_excluded > 0 and moved > 0
assert poor_covered > of_the_poor["all"]
assert errors.loc["consumption_poor", "exclusion_error"] < errors.loc["mpi_poor", "exclusion_error"]
assert no_protection_any["uncovered"] < no_protection["uncovered"] < design.population
assert low_any < no_protection_any["uncovered"] < high_any
order = by_age["estimate"].sort_values(ascending=False).index.tolist()
assert order == ["15-59", "0-14", "60+"]                # alt text of the figure
""")
    (solution,) = _solutions("04-coverage")
    coverage(solution)
    coverage("""
by_age_table = survey_coverage(people, list(SCHEMES), design=design, by="age_group")
assert abs(older_covered - by_age_table["60+"]) < 1e-12
""")


def test_the_dashboard_indicators_read_as_the_text_says(dashboard):
    dashboard("""
assert 0.7 < on_time < 0.9 and 0.7 < execution < 0.9   # "about four in five"
assert 0 < resolved < 1 and to_inactive > 0
assert last_month == monthly.index.max()
assert last_on_time < monthly["on_time_rate"].iloc[:-1].min() - 0.1   # the last month looks bad
assert (exports / "me-report-kandal.xlsx").exists()
assert len(kandal.figure.axes) == 4
""")
    (solution,) = _solutions("05-me-dashboard")
    dashboard(solution)
    dashboard("assert on_time < on_time_with_grace < 1")


def test_data_protection_results_and_the_salt_never_shows(protection):
    protection("""
assert unique_village > 0.9                              # "almost every record"
assert 0.5 < unique_province < unique_village            # "about two thirds"
assert unique["sex, province"] == 0
assert same_codes == 1 and still_linkable == 0
assert protected.n_primary > 0 and protected.n_secondary > 0
shown = [str(value) for value in Out.values()]
assert not any(salt in text for text in shown)           # the salt is in no output
assert salt not in shared.to_csv() and salt not in linked_tables.to_csv()
""")
    (solution,) = _solutions("06-data-protection")
    protection(solution)
    protection("assert hidden_cells > protected.n_primary + protected.n_secondary")
