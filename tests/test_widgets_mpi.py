"""The MPI designer widget: built, changed programmatically, and always showing the method's
numbers."""

from __future__ import annotations

from fractions import Fraction

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from sptools.datasets import load_households, load_persons  # noqa: E402
from sptools.mpi import GLOBAL_MPI  # noqa: E402
from sptools.recipes.mpi_design import (  # noqa: E402
    CANDIDATES,
    candidate_indicators,
    design_weights,
    evaluate_design,
)
from sptools.widgets import MPIDesigner, mpi_designer  # noqa: E402
from sptools.widgets.mpi import NOT_USED  # noqa: E402


@pytest.fixture(scope="module")
def data() -> pd.DataFrame:
    return candidate_indicators(load_households(2022), load_persons(2022))


@pytest.fixture
def designer(data) -> MPIDesigner:
    return MPIDesigner(data)


def test_starts_on_the_global_mpi(designer):
    assert designer.weights == GLOBAL_MPI
    assert designer.cutoff.value == Fraction(1, 3)
    assert all(designer.assignment[name].value == NOT_USED for name in CANDIDATES)
    summary = designer.comparison.summary
    assert (summary["design"] == summary["baseline"]).all()
    assert f"{summary.loc['H', 'design']:.1%}" in designer.numbers.value


def test_adding_an_indicator_recomputes_what_the_method_gives(designer, data):
    designer.assignment["d_bank"].value = "Inclusion"
    expected = evaluate_design(data, design_weights(designer.dimensions), Fraction(1, 3))
    assert designer.weights["Inclusion"] == {"d_bank": Fraction(1, 4)}
    assert designer.comparison.summary.loc["H", "design"] == pytest.approx(
        expected.summary.loc["H", "design"]
    )
    assert f"{expected.summary.loc['H', 'design']:.1%}" in designer.numbers.value
    assert "Bank account 1/4" in designer.numbers.value


def test_dimension_weights_and_k_change_the_results(designer):
    before = designer.comparison.design.H
    designer.dimension_weight["Health"].value = 3
    # Health 3 of 3 + 1 + 1 (Inclusion has no indicator), split between two indicators.
    assert designer.weights["Health"]["d_nutr"] == Fraction(3, 10)
    designer.cutoff.value = Fraction(1, 2)
    assert designer.comparison.design.H < before  # a higher cutoff: fewer poor
    assert designer.comparison.design.k == Fraction(1, 2)


def test_an_empty_dimension_is_left_out_with_a_note(designer):
    for name in ("d_nutr", "d_cm"):
        designer.assignment[name].value = NOT_USED
    assert "Health" not in designer.weights
    assert "left out: Health" in designer.message.value
    assert designer.comparison is not None


@pytest.mark.slow  # several seconds (tasks.py test --fast leaves it out)
def test_an_impossible_design_says_why_instead_of_failing(designer):
    for menu in designer.assignment.values():
        menu.value = NOT_USED
    assert designer.comparison is None
    assert "no indicators" in designer.message.value
    assert designer.numbers.value == ""
    designer.assignment["d_elct"].value = "Living standards"
    assert designer.comparison is not None and "Cannot compute" not in designer.message.value


def test_zero_weights_everywhere_are_reported(designer):
    for slider in designer.dimension_weight.values():
        slider.value = 0
    assert designer.comparison is None and "positive weight" in designer.message.value


def test_builder_and_bad_arguments():
    households, persons = load_households(2022), load_persons(2022)
    designer = mpi_designer(households, persons, k=Fraction(1, 4))
    assert designer.comparison.design.k == Fraction(1, 4)
    data = candidate_indicators(households, persons)
    with pytest.raises(ValueError, match="k must be one of"):
        MPIDesigner(data, k=Fraction(2, 7))
    with pytest.raises(ValueError, match="dimensions"):
        MPIDesigner(data, start={"Work": {"d_nutr": 1}})
