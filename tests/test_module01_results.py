"""Module 1's key results, checked on each lesson's own kernel after it ran top to bottom.

The lessons hold no assert a participant could trip (CONTRIBUTING.md): the checks that were
hidden in book-only cells live here. Each lesson runs once with nbclient (in a temporary folder);
each test then runs a few lines in the same kernel, including the code of the lesson's exercise
solutions (shown in the lesson, not run there). The claims computed directly with sptools are in
``test_module01_corrections.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import REPOSITORY
from notebook_kernel import notebook_kernel, solution_code

pytestmark = pytest.mark.slow

LESSONS = REPOSITORY / "modules" / "01-lnob"


def _run_lesson(name: str, folder) -> Iterator[Callable[[str], None]]:
    with notebook_kernel(LESSONS / f"{name}.ipynb", folder) as run:
        yield run


def _solutions(name: str) -> list[str]:
    return solution_code(LESSONS / f"{name}.ipynb")


@pytest.fixture(scope="module")
def opportunities(tmp_path_factory):
    yield from _run_lesson("01-opportunities-and-circumstances", tmp_path_factory.mktemp("m01"))


@pytest.fixture(scope="module")
def dissimilarity(tmp_path_factory):
    yield from _run_lesson("02-access-and-dissimilarity", tmp_path_factory.mktemp("m01"))


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    yield from _run_lesson("03-lnob-trees", tmp_path_factory.mktemp("m01"))


@pytest.fixture(scope="module")
def shapley(tmp_path_factory):
    yield from _run_lesson("04-shapley", tmp_path_factory.mktemp("m01"))


@pytest.fixture(scope="module")
def provinces(tmp_path_factory):
    yield from _run_lesson("05-provinces", tmp_path_factory.mktemp("m01"))


@pytest.fixture(scope="module")
def change(tmp_path_factory):
    yield from _run_lesson("06-change-over-time", tmp_path_factory.mktemp("m01"))


# -- 1. Opportunities and circumstances --------------------------------------------------------


def test_reference_populations_behave_as_described(opportunities):
    opportunities("""
assert electricity.attrs["ineligible"] == 0
assert 0 < electricity.attrs["dropped"] < 0.01 * len(households)
assert stunting_not_measured > 0 and stunting_no_mother > 0
assert set(stunting["stunting"].unique()) == {0, 1}
""")


def test_national_rate_hides_a_group_far_behind(opportunities):
    opportunities("""
assert abs(np.average(groups["rate"], weights=groups["share"]) - national_rate) < 1e-12
assert national.se["electricity"] > 0
assert lowest["rate"] < national_rate - 0.25 and lowest["rate"] <= 2 / 3  # "a third or more lack"
assert lowest["wealth"] == "Bottom 40"
assert bottom40_rural_rate < national_rate
""")


def test_the_electricity_chart_is_described_right(opportunities):
    opportunities("""
chart_groups = access_by_group(
    electricity, "electricity", ["wealth", "education"], design=design
).sort_values("rate")
assert len(chart_groups) == 10
assert chart_groups["wealth"].iloc[0] == "Bottom 40" and chart_groups["wealth"].iloc[-1] == "Top 60"
""")


def test_opportunities_solutions(opportunities):
    for code in _solutions("01-opportunities-and-circumstances"):
        opportunities(code)
    opportunities("""
assert lowest_sanitation["wealth"] == "Bottom 40"
assert bank.attrs["ineligible"] == int((persons["age"] < 15).sum())
""")


# -- 2. The D-index ------------------------------------------------------------------------------


def test_worked_example_is_the_published_one(dissimilarity):
    dissimilarity("""
assert round(p_bar, 4) == 0.5525
assert round(cells["weighted_gap"].sum(), 5) == 0.17875
assert round(D, 5) == 0.16176
assert abs(HOI - 0.46313) <= 5e-6
assert np.isclose(moved / p_bar, D)
assert np.isclose(D_max, 0.4475) and round(D / D_max, 2) == 0.36
assert np.isclose(d_sptools, D, rtol=1e-12) and np.isclose(hoi_sptools, HOI, rtol=1e-12)
assert np.isclose(d_sptools.d_max, D_max)
""")


def test_sanitation_groups_and_d(dissimilarity):
    dissimilarity("""
lowest = sanitation_groups.loc[sanitation_groups["rate"].idxmin()]
highest = sanitation_groups.loc[sanitation_groups["rate"].idxmax()]
assert (lowest["wealth"], lowest["residence"]) == ("Bottom 40", "Rural")
assert (highest["wealth"], highest["residence"]) == ("Top 60", "Urban")
assert 0 < d_sanitation < d_sanitation.d_max
assert d_sanitation.ci()[0] < d_sanitation < d_sanitation.ci()[1]
assert d_nested.is_monotonic_increasing
""")


def test_indicators_are_ranked_on_the_same_circumstances(dissimilarity):
    dissimilarity("""
assert most_unequal == "Higher education"
assert rank_by_d == 8 and rank_by_share == 2
assert by_indicator["D"].is_monotonic_decreasing
assert (by_indicator["D"] <= by_indicator["maximum 1 − p̄"]).all()
""")


def test_dissimilarity_solutions(dissimilarity):
    for code in _solutions("02-access-and-dissimilarity"):
        dissimilarity(code)
    dissimilarity("""
assert new_D < D and new_HOI > HOI
assert abs(new_D / D - 1) > abs(new_HOI / HOI - 1) > abs(new_p_bar / p_bar - 1)
assert d_index(fuel, "clean_fuel", full, design=fuel_design) >= d_index(
    fuel, "clean_fuel", two, design=fuel_design
)
""")


# -- 3. LNOB trees -------------------------------------------------------------------------------


def test_worked_example_tree_is_the_published_one(trees):
    trees("""
assert example_tree.nodes.loc[0, "split_on"] == "residence"
assert behind["path"] == "residence: Rural & wealth: Bottom 40"
assert np.isclose(behind["rate"], 0.30) and np.isclose(behind["share"], 0.35)
assert ahead["path"] == "residence: Urban" and np.isclose(ahead["rate"], 0.91)
assert example_tree.min_leaf_rows == 49 and urban_poor == 20
assert by_residence > by_wealth
assert np.isclose(example_tree.nodes.loc[0, "improvement"] / len(example), by_residence)
""")


def test_the_shortcut_example(trees):
    trees("""
assert sorted_order == "D, A, B, C" and max(smaller_side) < 49
assert small_tree.nodes.loc[0, "split_on"] == "group"
assert {small_tree.nodes.loc[1, "path"], small_tree.nodes.loc[2, "path"]} == {
    "group: B or D", "group: A or C"
}
assert round(small_tree.nodes.loc[0, "improvement"], 3) == 0.499
""")


def test_survey_trees_are_described_right(trees):
    trees("""
tree = electricity.tree
assert tree.nodes.loc[0, "split_on"] == "wealth"
assert elec_behind["path"].startswith("wealth: Bottom 40 & education: Primary or lower")
assert elec_ahead["path"].startswith("wealth: Top 60")
assert elec_behind["ci_low"] < elec_behind["rate"] < elec_behind["ci_high"]
assert np.isclose(tree.leaves["share"].sum(), 1)
assert tree.min_leaf_rows == int(n / 11) and tree.min_split_rows == int(2 * n / 11)
assert clean_fuel.tree.nodes.loc[0, "split_on"] == "residence"
assert fuel_behind["path"].startswith("residence: Rural & wealth: Bottom 40")
assert clean_fuel.tree.furthest_ahead["path"].startswith("residence: Urban")
assert secondary.tree.nodes.loc[0, "split_on"] == "region"
assert secondary.tree.furthest_ahead["path"] == "region: Phnom Penh"
assert "wealth: Bottom 40" in secondary.tree.furthest_behind["path"]
assert secondary.tree.furthest_behind["rate"] < 0.05
assert stunting.tree.barrier and stunting.tree.nodes.loc[0, "split_on"] == "wealth"
assert stunting.tree.furthest_behind["rate"] == stunting.tree.leaves["rate"].max()
assert stunting.tree.furthest_behind["path"].startswith(
    "wealth: Bottom 40 & education: Primary or lower"
)
assert "wealth: Top 60" in stunting.tree.furthest_ahead["path"]
assert largest_national_gap < 0.02
assert len(electricity_exact.leaves) == len(electricity.tree.leaves) + 1
assert same_groups and electricity_exact.furthest_ahead["path"] == elec_ahead["path"]
assert len(rpart_tree.leaves) == 1  # rpart's shortcut finds no split of the four categories
""")


def test_trees_solutions(trees):
    for code in _solutions("03-lnob-trees"):
        trees(code)
    trees("""
assert len(small_leaves.leaves) > len(electricity.tree.leaves)
assert small_leaves.furthest_behind["share"] < electricity.tree.furthest_behind["share"]
""")


# -- 4. Shapley ----------------------------------------------------------------------------------


def test_shapley_worked_example(shapley):
    shapley("""
assert round(d_values["wealth"], 5) == 0.14208 and round(d_values["residence"], 5) == 0.16176
assert shapley_by_hand.round(5).to_dict() == {"wealth": 0.07104, "residence": 0.09072}
assert np.allclose(
    shapley_sptools[["wealth", "residence"]], shapley_by_hand[["wealth", "residence"]]
)
assert round(shares["wealth"], 3) == 0.439
""")


def test_shapley_chart_and_text(shapley):
    shapley("""
main = {a.label: a.main_circumstance for a in analyses.values()}
for label in ["Access to electricity", "Basic drinking water", "Basic sanitation"]:
    assert main[label] == "wealth", label
for label in ["Clean cooking fuel", "Completed upper-secondary education", "Higher education"]:
    assert main[label] == "residence", label
for label in ["Bank account", "Internet use"]:
    assert main[label] == "education", label
assert shapley_table["sex"].max() < 0.1
assert np.allclose(shapley_table.sum(axis=1), 1)
assert fuel.shapley_shares["residence"] > fuel.shapley_shares["wealth"]
assert len(differ) >= 2 and "Completed upper-secondary education" in differ.index
assert importance.loc["Completed upper-secondary education", "main (tree)"] == "region"
assert "residence for clean fuel" in cambodia_facts()["lnob_access_cdhs_2014"]["note"]
""")


def test_shapley_solutions(shapley):
    for code in _solutions("04-shapley"):
        shapley(code)
    shapley("""
assert np.allclose(
    fuel_shapley[three], shapley_d(fuel_data, "clean_fuel", three, design=fuel_design)[three]
)
""")


# -- 5. Provinces --------------------------------------------------------------------------------


def test_provinces_d_within(provinces):
    provinces("""
assert round(national_d, 3) == 0.385
assert len(by_province) == 25 and len(higher) == 16
assert highest.name == "Stung Treng" and round(highest["D within"], 3) == 0.464
assert len(clearly_higher) == 1 and len(higher_share_of_max) == 6
assert phnom_penh["D within"] == by_province["D within"].min()
assert by_province["access"].idxmax() == "Phnom Penh"
assert by_province["access"].astype(float).corr(by_province["D within"].astype(float)) < -0.8
assert by_province.loc["Preah Vihear", "D within"] > by_province["D within"].median()
""")


def test_province_and_regional_trees(provinces):
    provinces("""
assert fuel_tree.nodes.loc[0, "split_on"] == "residence"
assert "province" in set(fuel_tree.nodes["split_on"].dropna())
assert fuel_tree.furthest_behind["path"].startswith("residence: Rural & wealth: Bottom 40")
plateau = regional["Plateau and Mountains"]
assert plateau.nodes.loc[0, "split_on"] == "residence"
assert plateau.furthest_behind["path"].startswith("residence: Rural")
assert regional["Phnom Penh"].furthest_behind["rate"] > plateau.furthest_behind["rate"]
""")


def test_profile_of_the_furthest_behind(provinces):
    provinces("""
assert behind["IDPoor (level 1 or 2)"] > 2 * everyone["IDPoor (level 1 or 2)"]
assert behind["consumption-poor"] > 2 * everyone["consumption-poor"]
assert behind["receives the Family Package"] < behind["IDPoor (level 1 or 2)"] < 0.5  # "not most"
""")


def test_provinces_solutions(provinces):
    for code in _solutions("05-provinces"):
        provinces(code)
    provinces("""
assert "Phnom Penh" in electricity_by_province["access"].nlargest(3).index
assert above == 14
leaf_behind, leaf_ahead = secondary.tree.furthest_behind.name, secondary.tree.furthest_ahead.name
assert (
    secondary_profile.loc[leaf_behind, "IDPoor (level 1 or 2)"]
    > secondary_profile.loc[leaf_ahead, "IDPoor (level 1 or 2)"]
)
""")


# -- 6. Change over time -------------------------------------------------------------------------


def test_change_in_rates_and_d(change):
    change("""
opportunities = both[both["kind"] == "opportunity"].set_index("label")
gains = opportunities["rate 2022"] - opportunities["rate 2014"]
assert (gains > 0).all()
assert set(gains.nlargest(4).index) >= {"Access to electricity", "Internet use"}
assert electricity_row["D 2022"] < electricity_row["D 2014"]
assert (
    electricity_row["D 2014"] - electricity_row["D 2022"]
    > 4 * electricity_row["SE of the change in D"]
)
facts = cambodia_facts()["lnob_access_cdhs_2014"]
assert abs(electricity_row["rate 2014"] - facts["electricity"]["national"]) < 0.02
""")


def test_groups_followed_into_2022(change):
    change("""
assert behind_2014["path"].startswith("residence: Rural & wealth: Bottom 40")
assert row["change"] == followed["change"].max() and (followed["change"] > 0).all()
assert followed.attrs["unmatched"] == 0
assert fuel_behind["path"].startswith("residence: Rural & wealth: Bottom 40")
assert fuel_row["change"] == fuel_followed["change"].min() and fuel_row["rate_other"] < 0.15
""")


def test_change_solutions(change):
    for code in _solutions("06-change-over-time"):
        change(code)
    change("""
assert largest_fall in both.index and both.loc[largest_fall, "change in D"] < 0
assert sanitation_followed.attrs["unmatched"] == 0
""")
