"""Module 2's key results, checked on each lesson's own kernel after it ran top to bottom.

The lessons quote their numbers with inline ``{eval}`` roles, so the numbers come from the code;
what the code cannot guarantee is the *words* around them ("the poorest provinces are small",
"rural poverty is higher at every cutoff", "most of the design effect comes from the household").
Each test runs a few lines in a lesson's kernel (tests/notebook_kernel.py, the pattern of
tests/test_module00_key_results.py and CONTRIBUTING.md) and asserts what the text says. The
lessons hold no assert a participant could trip. For every lesson, one test evaluates every
``{eval}`` of the text (it must show without quotes) and one runs the code of every
``{solution}`` block after the lesson.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import nbformat
import pytest
from conftest import REPOSITORY
from notebook_kernel import notebook_kernel, solution_code

pytestmark = pytest.mark.slow

MODULE = REPOSITORY / "modules" / "02-mpi"
LESSONS = {
    1: MODULE / "01-counting-deprivations.ipynb",
    2: MODULE / "02-global-mpi.ipynb",
    3: MODULE / "03-analysis-for-policy.ipynb",
    4: MODULE / "04-robustness-and-precision.ipynb",
    5: MODULE / "05-design-a-national-mpi.ipynb",
    6: MODULE / "06-mpi-and-targeting.ipynb",
}
EVAL = re.compile(r"\{eval\}`([^`]+)`")


def _markdown(number: int) -> list[str]:
    notebook = nbformat.read(LESSONS[number], as_version=4)
    return [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]


def _lesson(number: int, tmp_path_factory) -> Iterator[Callable[[str], None]]:
    with notebook_kernel(LESSONS[number], tmp_path_factory.mktemp(f"module02-{number}")) as run:
        # the lessons run in their own folder in the book and in JupyterLab; nothing writes files
        yield run


@pytest.fixture(scope="module")
def lesson1(tmp_path_factory):
    yield from _lesson(1, tmp_path_factory)


@pytest.fixture(scope="module")
def lesson2(tmp_path_factory):
    yield from _lesson(2, tmp_path_factory)


@pytest.fixture(scope="module")
def lesson3(tmp_path_factory):
    yield from _lesson(3, tmp_path_factory)


@pytest.fixture(scope="module")
def lesson4(tmp_path_factory):
    yield from _lesson(4, tmp_path_factory)


@pytest.fixture(scope="module")
def lesson5(tmp_path_factory):
    yield from _lesson(5, tmp_path_factory)


@pytest.fixture(scope="module")
def lesson6(tmp_path_factory):
    yield from _lesson(6, tmp_path_factory)


def _solutions(number: int) -> list[str]:
    return solution_code(LESSONS[number])


def _run_solutions(number: int, run: Callable[[str], None]) -> None:
    for code in _solutions(number):
        run(code)


@pytest.mark.parametrize("number", list(LESSONS), ids=lambda n: f"lesson{n}")
def test_every_number_in_the_text_evaluates_without_quotes(number, request):
    run = request.getfixturevalue(f"lesson{number}")
    expressions = [e for text in _markdown(number) for e in EVAL.findall(text)]
    run(f"""
_shown = {{e: repr(eval(e)) for e in {expressions!r}}}
_bad = {{e: v for e, v in _shown.items() if v[:1] in "'\\"" or len(v) > 40}}
assert not _bad, f"shows with quotes or too many digits (use sptools.text): {{_bad}}"
""")


@pytest.mark.parametrize("number", list(LESSONS), ids=lambda n: f"lesson{n}")
def test_every_solution_runs_after_the_lesson(number, request):
    run = request.getfixturevalue(f"lesson{number}")
    assert _solutions(number), "every lesson of module 2 has exercises with solutions"
    _run_solutions(number, run)


# -- lesson 1: counting deprivations -------------------------------------------------------------
def test_lesson1_the_four_people_give_the_published_answers(lesson1):
    lesson1("""
assert deprived.sum(axis=1).tolist() == [0, 2, 4, 1]
assert (H, A, M0) == (Fraction(1, 2), Fraction(3, 4), Fraction(3, 8))
assert (result.H, result.A, result.M0) == (float(H), float(A), float(M0))
assert np.allclose(result.indicators["uncensored"], [1 / 4, 3 / 4, 1 / 4, 1 / 2])
assert np.allclose(result.indicators["censored"], [1 / 4, 1 / 2, 1 / 4, 1 / 2])
assert np.allclose(result.indicators["contribution"], [1 / 6, 1 / 3, 1 / 6, 1 / 3])
assert np.allclose(result.indicators["contribution"], contribution.astype(float))
assert sweep.loc[Fraction(1, 4), ["H", "A", "M0"]].tolist() == [3 / 4, 7 / 12, 7 / 16]
assert sweep.loc[Fraction(1), ["H", "A", "M0"]].tolist() == [1 / 4, 1, 1 / 4]
assert np.isclose(gaps.M1, 171 / 832) and np.isclose(gaps.M2, 21475 / 129792)
assert float_score < 0.4 and exact.H == 1.0  # "a hair below 0.4", yet poor with sptools
""")


def test_lesson1_exercise_answers(lesson1):
    _run_solutions(1, lesson1)
    lesson1("""
assert H_union == 3 / 4 and A_union < Fraction(3, 4) and H_union * A_union > Fraction(3, 8)
assert unequal_result.H == 0.25
""")


# -- lesson 2: the global MPI ----------------------------------------------------------------------
def test_lesson2_missing_data_and_what_drives_poverty(lesson2):
    lesson2("""
assert 0.95 < retained["weighted_share"] < 1
assert widest == "d_ckfl"  # "many people who cook with wood are not poor in other ways"
assert result.indicators.loc[widest, "censored"] < uncensored[widest] / 2
assert np.isclose(contributions.sum(), 1) and np.isclose(by_dimension.sum(), 1)
assert (result.indicators["censored"] <= result.indicators["uncensored"]).all()
""")


def test_lesson2_matches_the_published_figures(lesson2):
    lesson2("""
assert abs(result.M0 - published["MPI"]) < 0.01 and abs(result.H - published["H"]) < 0.02
assert abs(result.A - published["A"]) < 0.02
assert abs(result_2014.M0 - facts["cdhs_2014_harmonised"]["MPI"]) < 0.015
assert abs(result_2014.H - facts["cdhs_2014_harmonised"]["H"]) < 0.02
assert np.isclose(result.M0, result.H * result.A)
assert mpi_low < result.M0 < mpi_high
""")


def test_lesson2_the_count_of_poor_people_refers_to_everyone_the_survey_represents(lesson2):
    lesson2("""
census = cambodia_facts()["population"]["census_2019"]["total"]
assert abs(population_all / census - 1) < 1e-6  # "the 2019 census population"
assert np.isclose(poor_people, result.H * population_all)  # what n_poor() gives
assert (
    abs(poor_people / 2.545e6 - 1) < 2e-3 and abs(result.H * population_kept / 2.500e6 - 1) < 2e-3
)
assert abs((1 - population_kept / population_all) - 0.018) < 0.001  # the 1.8% left out
assert poor_people.se > 0
""")


# -- lesson 3: analysis for policy -----------------------------------------------------------------
def test_lesson3_provinces(lesson3):
    lesson3("""
assert np.isclose((provinces["population_share"] * provinces["M0"]).sum(), national.M0)
assert np.isclose(provinces["contribution"].sum(), 1)
top_five = {"Preah Vihear", "Stung Treng", "Ratanakiri", "Mondulkiri", "Kratie"}
assert set(provinces.index[:5]) == top_five and least_poor.name == "Phnom Penh"
assert largest.name != poorest.name  # "the poorest provinces are small"
assert largest["contribution"] > poorest["contribution"]
assert largest["population_share"] > poorest["population_share"]
""")


def test_lesson3_areas_and_what_drives_poverty(lesson3):
    lesson3("""
assert rural["H"] > urban["H"] and rural["contribution"] > rural["population_share"]
assert np.allclose(shares.sum(axis=1), 1)
living = ["d_ckfl", "d_sani", "d_wtr", "d_elct", "d_hsg", "d_asst"]
for name, row in shares.iterrows():  # what the contributions chart's alt text says
    assert set(row.nlargest(2).index) == {"d_nutr", "d_educ"}, name
    if name != "Urban":
        assert row[living].idxmax() == "d_ckfl", name
assert shares.loc["Urban", "d_satt"] > shares.loc["Rural", "d_satt"]
""")


def test_lesson3_age_groups_and_health_deprivations_without_children(lesson3):
    lesson3("""
assert age_table["H"].idxmin() == "Adults (18-59)"
assert np.isclose((age_table["population_share"] * age_table["M0"]).sum(), national.M0)
# "a woman with a low BMI / who reports a child's death makes her household deprived, with or
# without a child living there now": there are such households
has_child = deprivations.assign(child=deprivations["age"] < 18).groupby("hh_id")["child"].any()
without_children = deprivations[~deprivations["hh_id"].map(has_child)]
assert without_children["d_nutr"].sum() > 0 and without_children["d_cm"].sum() > 0
""")


def test_lesson3_disability_is_compared_on_persons_aged_5_or_more(lesson3):
    lesson3("""
assert not persons.loc[persons["age"] < 5, "disability"].any()  # never asked: coded False
with_5, without_5 = disability_table.loc[["With a disability", "Without a disability"], "H"]
assert abs(with_5 - 0.249) < 0.001 and abs(without_5 - 0.152) < 0.001
assert abs(under_5_result.H - 0.221) < 0.001
assert abs(wrong_table.loc["Without a disability", "H"] - 0.162) < 0.001
assert under_5_result.H > without_5  # under-5s are poorer: mixing them in hides part of the gap
wrong_gap = wrong_table.loc["With a disability", "H"] - wrong_table.loc["Without a disability", "H"]
assert with_5 - without_5 > wrong_gap > 0
# a domain of the full design: every PSU stays in the variance
assert len(aged_5_plus) < len(deprivations) and design.n == len(deprivations)
""")


def test_lesson3_change_over_time(lesson3):
    lesson3("""
assert (changes["p_value"] < 0.05).all() and (changes["absolute"] < 0).all()  # "every change"
by_h, by_a = split.loc["H", "contribution"], split.loc["A", "contribution"]
assert np.isclose(by_h, (national.H - before.H) * (before.A + national.A) / 2)  # the formula
assert np.isclose(by_h + by_a, national.M0 - before.M0)
assert by_h < by_a < 0 and split.loc["H", "share"] > 0.5  # both fell; mostly fewer poor people
assert np.isclose(by_indicator["contribution"].sum(), national.M0 - before.M0)  # "complete"
assert (by_indicator["change"] < 0).all()
assert set(by_indicator["change"].nsmallest(3).index) == {"d_ckfl", "d_elct", "d_sani"}  # alt text
""")


def test_lesson3_exercise_answers(lesson3):
    _run_solutions(3, lesson3)
    lesson3("""
assert largest_falls["significant"].all()
assert np.isclose(child_poverty.groups["contribution"].sum(), 1)
rural_children = child_poverty.groups.loc["Rural"]
assert rural_children["contribution"] > rural_children["population_share"]
""")


# -- lesson 4: robustness and precision ------------------------------------------------------------
def test_lesson4_k_curves_and_dominance(lesson4):
    lesson4("""
assert (np.diff(sweep["H"]) <= 0).all() and (np.diff(sweep["M0"]) <= 0).all()
assert np.isclose(sweep.loc[K, "M0"], by_province.M0)
assert sweep.loc[Fraction(1, 18), "H"] > 0.7 and sweep.loc[K, "H"] < 0.2  # the alt text
assert sweep.loc[sweep["k_value"] > 0.7, "H"].max() < 0.01
assert dominance.first_dominates and not dominance.flips  # rural dominates urban
assert dominance.table.index[dominance.table["order"] == 0].tolist() == [1]  # equal only at k = 1
assert rural_curve.loc[Fraction(1), "H"] == 0 == urban_curve.loc[Fraction(1), "H"]
""")


def test_lesson4_rankings(lesson4):
    lesson4("""
assert (k_robustness["kendall_tau_b"] > 0.7).all()
assert ranks.iloc[0].max() <= 3  # the poorest province stays near the top
assert np.isclose(national_by_scheme.loc["Global (1/3 per dimension)", "M0"], by_province.M0)
assert (weight_robustness["kendall_tau_b"] > 0.6).all()
""")


def test_lesson4_most_of_the_design_effect_comes_from_the_household(lesson4):
    lesson4("""
assert np.allclose(precision["H"], precision["H"].iloc[0])  # the design never moves the estimate
assert abs(se_persons - 0.00128) < 5e-6
assert abs(se_households - 0.00289) < 5e-6
assert abs(se_villages - 0.00336) < 5e-6
against_households, against_persons = (
    (se_villages / se_households) ** 2,
    (se_villages / se_persons) ** 2,
)
assert abs(against_persons - 6.84) < 0.01
assert 1.25 < against_households < 1.45  # "about a third more variance"
# "most of that is not the design's"
assert np.log(against_households) < np.log(against_persons) / 2
""")


def test_lesson4_significant_differences_between_provinces(lesson4):
    lesson4("""
assert len(pairs) == 25 * 24 // 2
assert 0.3 < pairs["significant"].mean() < 0.95
assert (pairs["overlapping"] & pairs["significant"]).sum() > 0  # overlapping is not a test
""")


# -- lesson 5: designing a national MPI ------------------------------------------------------------
def test_lesson5_redundancy(lesson5):
    lesson5("""
assert {first_pair["indicator_a"], first_pair["indicator_b"]} == {"d_educ", "d_lsec"}
assert abs(first_pair["r0"] - 1) < 1e-12  # "by definition"
assert (pairs.iloc[1:3][["indicator_a", "indicator_b"]] == "d_ckfl").any(axis=1).all()
assert second_pair["indicator_a"] == "d_ckfl" and second_pair["share_a"] > 0.5
assert second_pair["r0"] > 0.8 and second_pair["cramers_v"] < 0.3  # R0 high, V low
""")


def test_lesson5_the_alternative_design(lesson5):
    lesson5("""
assert 1.6 < summary.loc["H", "design"] / summary.loc["H", "baseline"] < 2.4  # "nearly doubles"
h = summary.loc["H"]
assert 0 < h["difference_se"] < h["difference"] / 10 and h["difference_ci_low"] > 0  # far from 0
assert comparison.design.indicators.loc[["d_insur", "d_bank"], "contribution"].sum() > 0.3
assert comparison.ranking["share_preserved"] > 0.9  # "the ranking hardly moves"
assert abs(switching.sum() - 1) < 1e-9 and comparison.design.n == comparison.baseline.n
assert switching[(True, False)] > switching[(False, True)]
assert shares.loc["Alternative design", "d_insur"] > 0 and shares.loc["Global MPI", "d_insur"] == 0
assert stricter.loc["H", "design"] > stricter.loc["H", "baseline"]
""")


def test_lesson5_the_designer_is_shown_as_it_starts_on_the_global_mpi(lesson5):
    lesson5("""
from sptools.mpi import GLOBAL_MPI
assert designer.weights == GLOBAL_MPI and designer.cutoff.value == Fraction(1, 3)
assert designer.children[0].layout.flex_flow == "row wrap"
""")


# -- lesson 6: MPI and targeting -------------------------------------------------------------------
def test_lesson6_overlap_and_targeting_errors(lesson6):
    lesson6("""
assert abs(share.sum() - 1) < 1e-9 and abs(share.loc[(True,)].sum() - result.H) < 1e-9
assert share.idxmax() == (False, False, False)
assert (share.drop((False, False, False)) < 0.1).all()  # the chart's alt text
assert (errors["coverage"] + errors["exclusion_error"] - 1).abs().max() < 1e-12
assert (
    errors.loc["Poor by either measure", "inclusion_error"]
    <= errors["inclusion_error"].min() + 1e-12
)
assert missed["rural"] > profiles.loc["Everyone", "rural"]
assert missed["child"] > profiles.loc["Everyone", "child"]
""")


def test_lesson6_exercise_answer(lesson6):
    _run_solutions(6, lesson6)
    lesson6("""
assert level_1_errors["exclusion_error"] >= errors.loc["MPI-poor", "exclusion_error"]
""")
