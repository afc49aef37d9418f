"""sptools.coverage: SDG 1.3.1 two ways, coverage of the poor, registry errors, the uncovered."""

from __future__ import annotations

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import sptools.coverage
from sptools.coverage import (
    admin_coverage,
    compare,
    covered_flag,
    poor_coverage,
    registry_errors,
    survey_coverage,
    uncovered,
)
from sptools.design import Design
from sptools.targeting import targeting_errors


def iid(data: pd.DataFrame, weight: str | None = None) -> Design:
    return Design(data, weight=weight, strata=None, psu=None)


def test_doctests_pass():
    result = doctest.testmod(sptools.coverage, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 8 and result.failed == 0


# -- administrative coverage --------------------------------------------------------------------

# Seven records of four persons in two provinces: person 1 twice (two schemes), person 3 closed in
# one scheme and active in another, person 4 deceased, one record without a person key.
RECORDS = pd.DataFrame(
    {
        "person": [1, 1, 2, 3, 3, 4, None],
        "scheme": ["fp", "nssf", "fp", "fp", "nssf", "fp", "fp"],
        "province": ["Kandal", "Kandal", "Kampot", "Kampot", "Kampot", "Kandal", "Kandal"],
        "status": ["active", "active", "active", "closed", "active", "deceased", "active"],
    }
)
POPULATION = pd.DataFrame({"province": ["Kandal", "Kampot", "Kep"], "population": [10, 4, 5]})


def test_admin_coverage_by_hand():
    # Active, keyed records: person 1 (x2, Kandal), 2 (Kampot), 3 (Kampot, nssf) -> 3 persons.
    result = admin_coverage(RECORDS, POPULATION, by="province", status="status")
    assert result.table["covered"].to_dict() == {"Kandal": 1, "Kampot": 2, "Kep": 0}
    assert result.table["coverage"].to_dict() == {"Kandal": 0.1, "Kampot": 0.5, "Kep": 0.0}
    assert result.coverage == pytest.approx(3 / 19)
    assert (result.records, result.persons, result.duplicates) == (7, 3, 1)
    assert result.exclusions.n_excluded == 3
    assert dict(result.exclusions.by_column) == {
        "status not in ['active']": 2,
        "person missing": 1,
    }
    assert "duplicate" in repr(result) and "<table" in result._repr_html_()


def test_admin_coverage_without_status_counts_every_keyed_record():
    result = admin_coverage(RECORDS, 20)
    assert result.persons == 4 and result.coverage == pytest.approx(0.2)
    assert result.table.index.tolist() == ["national"]


def test_a_person_who_moved_is_counted_once_and_reported():
    records = pd.DataFrame({"person": [1, 1, 2], "province": ["Kandal", "Kampot", "Kampot"]})
    result = admin_coverage(records, POPULATION, by="province")
    assert result.table["covered"].sum() == 2 and result.moved == 1
    assert result.table.loc["Kandal", "covered"] == 1  # the first record's province


@settings(max_examples=50, deadline=None)
@given(
    persons=st.lists(st.integers(0, 30), min_size=1, max_size=60),
    copies=st.integers(1, 3),
    seed=st.integers(0, 1000),
)
def test_admin_coverage_ignores_record_order_and_duplicated_records(persons, copies, seed):
    records = pd.DataFrame({"person": persons})
    shuffled = pd.concat([records] * copies).sample(frac=1, random_state=seed)
    base, again = admin_coverage(records, 100), admin_coverage(shuffled, 100)
    assert base.coverage == again.coverage == len(set(persons)) / 100
    assert 0 <= base.coverage <= 1


def test_admin_coverage_refuses_bad_input():
    with pytest.raises(KeyError, match="'person'"):
        admin_coverage(RECORDS.rename(columns={"person": "pid"}), 10)
    with pytest.raises(ValueError, match="empty"):
        admin_coverage(RECORDS.iloc[:0], 10)
    with pytest.raises(ValueError, match="positive number"):
        admin_coverage(RECORDS, 0)
    with pytest.raises(ValueError, match="'Kampot'"):
        admin_coverage(RECORDS, POPULATION.iloc[[0]], by="province")
    with pytest.raises(ValueError, match="above 100%"):
        admin_coverage(RECORDS, pd.DataFrame({"province": ["Kandal", "Kampot"],
                                              "population": [10, 1]}), by="province")  # fmt: skip
    with pytest.raises(TypeError, match="DataFrame"):
        admin_coverage(RECORDS, 10.0, by="province")
    with pytest.raises(ValueError, match="positive numbers"):
        admin_coverage(RECORDS, POPULATION.assign(population=[10, -1, 5]), by="province")


# -- survey coverage ---------------------------------------------------------------------------

SURVEY = pd.DataFrame(
    {
        "fp": [True, False, False, True, False, None],
        "nssf": [False, False, True, None, None, False],
        "poor": [True, True, False, False, True, False],
        "idpoor": [True, False, False, True, False, False],
        "province": ["A", "A", "B", "B", "B", "A"],
        "w": [1.0, 2.0, 1.0, 1.0, 3.0, 2.0],
    }
)


def test_covered_flag_treats_missing_answers_as_unknown_not_as_uncovered():
    assert covered_flag(SURVEY, ["fp", "nssf"]).tolist()[:4] == [1.0, 0.0, 1.0, 1.0]
    assert np.isnan(covered_flag(SURVEY, ["fp", "nssf"]).iloc[4])  # False and missing
    assert np.isnan(covered_flag(SURVEY, ["fp", "nssf"]).iloc[5])


def test_covered_flag_refuses_text_and_no_scheme():
    with pytest.raises(TypeError, match="'province'"):
        covered_flag(SURVEY, ["province"])
    with pytest.raises(ValueError, match="one or more"):
        covered_flag(SURVEY, [])
    with pytest.raises(KeyError, match="'hef'"):
        covered_flag(SURVEY, ["hef"])


def test_survey_coverage_by_hand():
    # Known: rows 0-3 (weights 1, 2, 1, 1), covered 0, 2, 3 -> 3 / 5; rows 4, 5 unknown.
    result = survey_coverage(SURVEY, ["fp", "nssf"], design=iid(SURVEY, "w"))
    assert result["covered"] == pytest.approx(3 / 5)
    assert result.exclusions.n_excluded == 2
    assert result.exclusions.weighted_share == pytest.approx(5 / 10)
    by = survey_coverage(SURVEY, ["fp", "nssf"], design=iid(SURVEY, "w"), by="province")
    assert by.estimates == pytest.approx({"A": 1 / 3, "B": 1.0})


def test_survey_coverage_standard_error_by_hand():
    # Four independent, unweighted rows, p = 1/2: var = n/(n-1) * sum((y - p)^2) / n^2 = 1/12.
    data = pd.DataFrame({"fp": [True, False, True, False]})
    result = survey_coverage(data, ["fp"], design=iid(data))
    assert result.se["covered"] == pytest.approx(np.sqrt(1 / 12))


@pytest.mark.parametrize("function", [survey_coverage, uncovered])
def test_every_survey_estimate_needs_a_design(function):
    with pytest.raises(TypeError, match="sptools.Design"):
        function(SURVEY, ["fp"], design=None)
    with pytest.raises(TypeError, match="sptools.Design"):
        poor_coverage(SURVEY, ["fp"], "poor", design=SURVEY)
    with pytest.raises(TypeError, match="sptools.Design"):
        registry_errors(SURVEY, "idpoor", "poor", design="weight")


def test_survey_coverage_refuses_an_empty_table():
    with pytest.raises(ValueError, match="empty"):
        survey_coverage(SURVEY.iloc[:0], ["fp"], design=iid(SURVEY, "w"))


def test_poor_coverage_by_hand():
    data = SURVEY.iloc[:4]
    # Poor rows 0, 1 (weights 1, 2): covered row 0 -> 1/3; all rows -> 3/5.
    result = poor_coverage(data, ["fp", "nssf"], "poor", design=iid(SURVEY, "w"))
    assert result.estimates == pytest.approx({"all": 3 / 5, "poor": 1 / 3})
    with pytest.raises(ValueError, match="'poor'"):
        poor_coverage(data.assign(poor=[True, None, False, True]), ["fp"], "poor",
                      design=iid(SURVEY, "w"))  # fmt: skip


def test_registry_errors_are_targeting_errors_for_each_measure():
    design = iid(SURVEY, "w")
    table = registry_errors(SURVEY, "idpoor", ["poor"], design=design)
    reference = targeting_errors(SURVEY["poor"], SURVEY["idpoor"], design=design)
    assert table.loc["poor", "coverage"] == pytest.approx(reference["coverage"])
    # Poor: rows 0, 1, 4 (weights 1, 2, 3); IDPoor among them: row 0 -> 1/6 covered.
    assert table.loc["poor", "coverage"] == pytest.approx(1 / 6)
    assert table.loc["poor", "exclusion_error"] == pytest.approx(5 / 6)
    # IDPoor rows 0, 3 (weights 1, 1); not poor: row 3 -> leakage 1/2.
    assert table.loc["poor", "inclusion_error"] == pytest.approx(0.5)
    assert table.loc["poor", "coverage_se"] == pytest.approx(reference.se["coverage"])
    with pytest.raises(KeyError, match="'mpi_poor'"):
        registry_errors(SURVEY, "idpoor", ["mpi_poor"], design=design)


def test_uncovered_total_and_standard_error_by_hand():
    data = pd.DataFrame({"fp": [True, False, False, True], "g": ["a", "a", "b", "b"]})
    result = uncovered(data, ["fp"], design=iid(data))
    # Total of z = [0, 1, 1, 0]; var = n/(n-1) * sum((z - 1/2)^2) = 4/3.
    assert result["uncovered"] == 2.0
    assert result.se["uncovered"] == pytest.approx(np.sqrt(4 / 3))
    by = uncovered(data, ["fp"], design=iid(data), by="g")
    assert by.estimates == {"a": 1.0, "b": 1.0}


def test_uncovered_reports_unknown_coverage():
    result = uncovered(SURVEY, ["fp", "nssf"], design=iid(SURVEY, "w"))
    assert result["uncovered"] == 2.0  # row 1 only (weight 2)
    assert result.exclusions.n_excluded == 2


@settings(max_examples=40, deadline=None)
@given(
    flags=st.lists(st.booleans(), min_size=2, max_size=40),
    weights=st.lists(st.floats(0.5, 5.0), min_size=40, max_size=40),
)
def test_uncovered_is_the_population_times_one_minus_coverage(flags, weights):
    data = pd.DataFrame({"fp": flags, "w": weights[: len(flags)]})
    design = iid(data, "w")
    share = survey_coverage(data, ["fp"], design=design)["covered"]
    total = uncovered(data, ["fp"], design=design)["uncovered"]
    assert 0 <= share <= 1
    assert total == pytest.approx(design.population * (1 - share))


def test_compare_puts_the_two_side_by_side():
    data = pd.DataFrame({"fp": [True, False] * 10, "province": ["A"] * 10 + ["B"] * 10})
    survey = survey_coverage(data, ["fp"], design=iid(data), by="province")
    records = pd.DataFrame({"person": range(8), "province": ["A"] * 5 + ["B"] * 3})
    admin = admin_coverage(
        records, pd.DataFrame({"province": ["A", "B"], "population": [10, 10]}), by="province"
    )
    table = compare(admin, survey)
    assert table["difference"].to_dict() == pytest.approx({"A": 0.0, "B": -0.2})
    assert table.loc["A", "within_ci"]
    with pytest.raises(ValueError, match="no name in common"):
        compare(admin_coverage(records.assign(province="C"), pd.DataFrame(
            {"province": ["C"], "population": [100]}), by="province"), survey)  # fmt: skip
