"""Module 0's key results, checked on the lesson's own kernel after it ran top to bottom.

The lesson holds no assert a participant could trip: the checks live here. The lesson runs once
(tests/notebook_kernel.py, in a temporary folder, so its Excel export goes there); each test then
runs a few lines in the same kernel, including the code of the lesson's exercise solutions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import REPOSITORY
from notebook_kernel import notebook_kernel, solution_code

pytestmark = pytest.mark.slow

LESSON = REPOSITORY / "modules" / "00-getting-started" / "getting-started.ipynb"


@pytest.fixture(scope="module")
def lesson(tmp_path_factory) -> Iterator[Callable[[str], None]]:
    """Run the lesson, then yield a function that runs code in its kernel (raising on error)."""
    with notebook_kernel(LESSON, tmp_path_factory.mktemp("module00")) as run:
        yield run


def test_the_table_is_the_one_the_lesson_is_written_for(lesson):
    lesson("""
assert len(provinces) == 25 and provinces["province"].is_unique
assert {"province", "region", "population", "poverty_rate", "flood_2020_households"} <= set(
    provinces
)
census = facts["population"]["census_2019"]
assert provinces["population"].sum() == census["total"]
urban = np.average(provinces["urban_share"], weights=provinces["population"])
assert abs(urban - census["urban_share"]) < 0.001
""")


def test_the_weighted_mean_is_the_published_headcount_and_the_simple_mean_is_too_high(lesson):
    lesson("""
assert abs(national_rate - facts["poverty"]["headcount_2019_20"]) < 0.005, national_rate
assert np.isclose(national_rate, poor_over_people)
assert unweighted_mean - national_rate > 0.02
assert phnom_penh["poverty_rate"] == provinces["poverty_rate"].min()
assert smallest_five_rate > national_rate
""")


def test_the_published_flood_figures_cover_only_part_of_the_total(lesson):
    lesson("""
assert flood.notna().sum() == len(flood_2020["worst"])
assert published_total == sum(flood_2020["worst"].values())
assert published_total < national_total
""")


def test_the_chart_shows_the_ranking_the_text_describes(lesson):
    lesson("""
assert chart_data["province"].iloc[0] == "Preah Vihear"
assert chart_data["province"].iloc[-1] == "Phnom Penh"
assert (chart_data["region"].head(4) == "Plateau and Mountains").all()
""")


def test_the_workbook_reads_back_with_every_sheet_row_and_khmer_name(lesson):
    lesson("""
saved = pd.read_excel(workbook, sheet_name=None)
assert list(saved) == ["provinces", "by region", "sources"]
assert saved["provinces"]["province_km"].tolist() == provinces["province_km"].tolist()
""")


def test_the_exercise_solutions_give_the_expected_answers(lesson):
    solutions = solution_code(LESSON)
    assert len(solutions) == 4
    for code in solutions:
        lesson(code)
    lesson("""
hazards = facts["hazards"]
expected = set(hazards["flood_exposed_provinces"]) & set(hazards["drought_prone_provinces"])
assert set(both_hazards["province"]) == expected
assert "Phnom Penh" not in over_represented.index
assert rural_rate > national_rate > urban_rate
total_poor = urban_rate * urban_people.sum() + rural_rate * rural_people.sum()
assert np.isclose(total_poor, provinces["poor"].sum(), rtol=1e-3)  # rates rounded to 4 decimals
""")
