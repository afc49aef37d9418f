"""The claims of the data chapter (book/data.ipynb), checked on its own kernel after it ran.

The chapter quotes its numbers with {eval} and holds no assert (CONTRIBUTING.md); the checks that
were hidden in it ("remove-cell") live here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from conftest import REPOSITORY
from notebook_kernel import notebook_kernel

pytestmark = pytest.mark.slow

CHAPTER = REPOSITORY / "book" / "data.ipynb"


@pytest.fixture(scope="module")
def chapter(tmp_path_factory) -> Iterator[Callable[[str], None]]:
    with notebook_kernel(CHAPTER, tmp_path_factory.mktemp("data")) as run:
        yield run


def test_the_sample_design_is_as_described(chapter):
    chapter("""
from sptools.synth.targets import round_targets
assert len(strata) == 50 and strata["psus"].min() >= 1
assert 20 <= households.groupby("psu").size().median() <= 25
assert abs(persons["weight"].sum() / facts["population"]["census_2019"]["total"] - 1) < 1e-6
assert abs(households["weight"].sum() / round_targets(2022).households - 1) < 1e-6
assert persons["hh_id"].isin(households["hh_id"]).all()
""")


def test_the_wealth_gradient_runs_the_way_the_text_says(chapter):
    chapter("""
assert gradient["poor (people)"].is_monotonic_decreasing
assert gradient["electricity (households)"].is_monotonic_increasing
assert gradient["IDPoor (households)"].iloc[0] > 3 * gradient["IDPoor (households)"].iloc[-1]
""")


def test_the_files_listed_are_shipped(chapter):
    chapter("""
listed = {"survey/households_2022.csv", "survey/persons_2014.parquet", "codebook.csv",
          "calibration_assumptions.csv", "reference/provinces.csv", "MANIFEST.txt"}
assert listed <= set(files["file"])
assert datasets.missing_files() == []
""")


def test_the_codebook_covers_every_column_once(chapter):
    chapter("""
assert book["section"].notna().all()
assert book.groupby(["file", "variable"]).size().max() == 1
assert set(book.loc[book["file"] == "households", "variable"]) == set(households.columns)
assert set(book.loc[book["file"] == "persons", "variable"]) == set(persons.columns)
assert (book["label_km"].str.len() > 0).all()
""")


def test_the_headline_figures_are_within_their_tolerance(chapter):
    chapter("""
by_key = calibration.set_index(["key", "round"])
headline = [
    ("population", "2022"), ("urban_share", "2022"), ("poverty_headcount", "2022"),
    ("poverty_headcount", "2014"), ("mpi", "2022"), ("mpi", "2014"), ("mpi_headcount", "2022"),
    ("mpi_headcount", "2014"), ("idpoor_households", "2022"), ("electricity", "2014"),
    ("stunting", "2014"),
]
assert by_key.loc[headline, "within_tolerance"].all(), by_key.loc[headline]
poverty = achieved["poverty_headcount", "2022"] - facts["poverty"]["headcount_2019_20"]
assert abs(poverty) <= 0.015
mpi = achieved["mpi", "2022"] - facts["multidimensional_poverty"]["cdhs_2021_22"]["MPI"]
assert abs(mpi) <= 0.005
assert calibration["within_tolerance"].mean() > 0.95
""")


def test_the_assumptions_table_names_every_assumption_the_calibration_uses(chapter):
    chapter("""
from sptools.synth.targets import ASSUMPTIONS
assert set(assumptions["topic"]) == set(ASSUMPTIONS)
named = calibration["source"].str.extract(r"Calibration assumption '(\\w+)'")[0].dropna()
assert len(named) and set(named) <= set(ASSUMPTIONS)
""")


def test_the_limitations_section_shows_the_urban_contrast_it_describes(chapter):
    chapter("""
assert urban_fuel.value < lnob["clean_fuel"]["ahead"][2] - 0.15
""")


def test_real_dhs_files_read_back_into_the_same_schema(chapter):
    chapter("""
assert len(dhs_households) == len(kep) and len(dhs_persons) == len(kep_persons)
assert list(dhs_households.columns) == list(households.columns)
assert dhs_households["consumption_pc"].isna().all()
""")
